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
