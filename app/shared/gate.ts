import type { Status } from "./kinds";

/**
 * The gate (SPEC 2): open if and only if there is at least one item and every
 * item is green. No override, no waiver.
 */
export interface Gate {
  open: boolean;
  blocking: number;
}

export interface Counts {
  green: number;
  amber: number;
  red: number;
  pending: number;
  total: number;
}

export function emptyCounts(): Counts {
  return { green: 0, amber: 0, red: 0, pending: 0, total: 0 };
}

export function countStatuses(statuses: Iterable<Status>): Counts {
  const counts = emptyCounts();
  for (const status of statuses) {
    counts[status] += 1;
    counts.total += 1;
  }
  return counts;
}

export function gateFromCounts(counts: Counts): Gate {
  const blocking = counts.total - counts.green;
  return { open: counts.total > 0 && blocking === 0, blocking };
}

/** Worst first: what blocks the gate hardest leads every list of blockers. */
const BLOCKING_ORDER: Record<string, number> = { red: 0, amber: 1, pending: 2 };

/**
 * The items that keep the gate closed, grouped by the function that owns
 * them: owners with the most red first, each owner's items worst first (then
 * in the order given). The readiness page, the GO refusal and the decision
 * record all list blockers this way.
 */
export function blockersByOwner<T extends { owner: string; status: string }>(items: readonly T[]): { owner: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    if (item.status === "green") continue;
    groups.set(item.owner, [...(groups.get(item.owner) ?? []), item]);
  }
  const rank = (s: string) => BLOCKING_ORDER[s] ?? 3;
  const reds = (list: T[]) => list.filter((i) => i.status === "red").length;
  return [...groups.entries()]
    .map(([owner, list]) => ({
      owner,
      items: list
        .map((item, at) => ({ item, at }))
        .sort((a, b) => rank(a.item.status) - rank(b.item.status) || a.at - b.at)
        .map((x) => x.item),
    }))
    .sort((a, b) => reds(b.items) - reds(a.items) || b.items.length - a.items.length || a.owner.localeCompare(b.owner));
}
