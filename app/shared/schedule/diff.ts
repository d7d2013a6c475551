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
