import type { Status } from "../shared/kinds";

/**
 * The pages of the TV's item list, from a list already sorted worst first.
 * The items that keep the gate closed (every one not green, SPEC 2) stay on
 * every page while they fit on one, and the green ones take turns in the
 * room left beside them, so paging never takes a blocking item off the
 * screen. When the blocking ones do not fit on one page the list pages
 * through everything, worst first (the gate then names the blocking items
 * the page does not show).
 */
export function listPages<T extends { status: Status }>(items: readonly T[], perPage: number): T[][] {
  const size = Math.max(1, Math.floor(perPage));
  const blocking = items.filter((i) => i.status !== "green");
  const green = items.filter((i) => i.status === "green");
  if (blocking.length === 0 || blocking.length >= size || green.length === 0) return chunks([...blocking, ...green], size);
  return chunks(green, size - blocking.length).map((page) => [...blocking, ...page]);
}

function chunks<T>(list: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < list.length; start += size) pages.push(list.slice(start, start + size));
  return pages.length ? pages : [[]];
}
