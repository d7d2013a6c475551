/**
 * The readiness page's views, from its URL: `?mine=1`, the items of the
 * signed-in person (of the functions they lead, or assigned to them);
 * `?red=1`, the red ones. Together they narrow to both. A view is a filter
 * of what the board already says, never a rule of its own.
 */
export interface ItemViews {
  mine: boolean;
  red: boolean;
}

export function itemViewsOf(search: URLSearchParams): ItemViews {
  return { mine: search.get("mine") === "1", red: search.get("red") === "1" };
}

/** The search of the views with `toggle` switched: `?mine=1&red=1`, or "" for none. */
export function toggleView(views: ItemViews, toggle: keyof ItemViews): string {
  const next = { ...views, [toggle]: !views[toggle] };
  const search = new URLSearchParams();
  if (next.mine) search.set("mine", "1");
  if (next.red) search.set("red", "1");
  const query = search.toString();
  return query ? `?${query}` : "";
}

export function isMine(item: { owner: string; assignee: string | null }, me: { email: string; functions: readonly string[] }): boolean {
  return me.functions.includes(item.owner) || item.assignee === me.email;
}

/** Which items the views show; `me` is null for nobody signed in (then no item is theirs). */
export function showInViews(views: ItemViews, me: { email: string; functions: readonly string[] } | null) {
  return (item: { owner: string; assignee: string | null; status: string }): boolean =>
    (!views.mine || (me !== null && isMine(item, me))) && (!views.red || item.status === "red");
}
