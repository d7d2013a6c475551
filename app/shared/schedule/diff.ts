import type { DependencyInput } from "./cpm";
import type { Wbs, WbsTask } from "./csv";

/**
 * What replacing one WBS with another changes, for the import preview:
 * tasks added, removed and changed (field by field), and dependencies added
 * and removed. Pure.
 */
export const TASK_FIELDS = [
  "name",
  "parent",
  "owner",
  "assignee",
  "duration",
  "start_no_earlier_than",
  "progress",
  "status",
] as const satisfies readonly (keyof WbsTask)[];
export type TaskField = (typeof TASK_FIELDS)[number];

export interface TaskChange {
  id: string;
  name: string;
  fields: { field: TaskField; from: WbsTask[TaskField]; to: WbsTask[TaskField] }[];
}

export interface WbsDiff {
  added: WbsTask[];
  removed: WbsTask[];
  changed: TaskChange[];
  unchanged: number;
  dependencies: { added: DependencyInput[]; removed: DependencyInput[] };
}

const depKey = (d: DependencyInput) => `${d.from}\u0000${d.to}\u0000${d.type}\u0000${d.lag}`;

export function diffWbs(before: Wbs, after: Wbs): WbsDiff {
  const old = new Map(before.tasks.map((t) => [t.id, t]));
  const next = new Set(after.tasks.map((t) => t.id));
  const added: WbsTask[] = [];
  const changed: TaskChange[] = [];
  let unchanged = 0;
  for (const task of after.tasks) {
    const was = old.get(task.id);
    if (!was) {
      added.push(task);
      continue;
    }
    const fields = TASK_FIELDS.filter((f) => was[f] !== task[f]).map((field) => ({ field, from: was[field], to: task[field] }));
    if (fields.length) changed.push({ id: task.id, name: task.name, fields });
    else unchanged++;
  }
  const oldDeps = new Set(before.dependencies.map(depKey));
  const newDeps = new Set(after.dependencies.map(depKey));
  return {
    added,
    removed: before.tasks.filter((t) => !next.has(t.id)),
    changed,
    unchanged,
    dependencies: {
      added: after.dependencies.filter((d) => !oldDeps.has(depKey(d))),
      removed: before.dependencies.filter((d) => !newDeps.has(depKey(d))),
    },
  };
}

/** What the import preview shows of a diff: every count, and the first `shown` changes of each kind. */
export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  dependencies: { added: number; removed: number };
  first: Pick<WbsDiff, "added" | "removed" | "changed">;
}

/** The preview lists this many changes at most: a 30,000-task diff is counted, not sent whole to the page. */
export const SHOWN_CHANGES = 200;

export function summarizeDiff(diff: WbsDiff, shown = SHOWN_CHANGES): DiffSummary {
  return {
    added: diff.added.length,
    removed: diff.removed.length,
    changed: diff.changed.length,
    unchanged: diff.unchanged,
    dependencies: { added: diff.dependencies.added.length, removed: diff.dependencies.removed.length },
    first: { added: diff.added.slice(0, shown), removed: diff.removed.slice(0, shown), changed: diff.changed.slice(0, shown) },
  };
}
