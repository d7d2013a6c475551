import type { AppLoadContext } from "@remix-run/node";

/** Who may own a post-mortem or an action: enabled people who are not read-only. */
export function ownersFor(context: AppLoadContext) {
  return context.access.users
    .list()
    .filter((u) => !u.disabled_at && u.role !== "viewer")
    .map((u) => ({ email: u.email, name: u.name, functions: u.functions }));
}

/** The releases a post-mortem may concern, for its checkboxes. */
export function releaseChoices(context: AppLoadContext) {
  return context.readiness.listReleases().map((r) => ({ id: r.id, name: r.name, functions: r.functions }));
}
