import { getTableName } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client";
import { wbsDependencies, wbsTasks } from "../../db/schema";
import type { BoardSchedule } from "../../app/shared/board";
import type { LinkedTasks } from "../../app/shared/kinds";
import { AppError } from "../../app/shared/errors";
import { CycleError, PlanError, schedule, type DependencyInput, type Schedule } from "../../app/shared/schedule/cpm";
import type { Wbs, WbsTask } from "../../app/shared/schedule/csv";
import { isoDate } from "../../app/shared/time";
import type { ReleaseRow } from "../readiness/items";

/**
 * Reading a release's WBS and scheduling it: what the WBS service writes
 * from, and what the board's schedule tile and `task` items are computed from.
 */

/** What a plan is scheduled against: the release's dates and calendar. */
export type ReleaseDates = Pick<ReleaseRow, "startDate" | "launchDate" | "calendar">;

/** Where the plan leaves the release today: what `task` items are evaluated from, and the board's schedule tile. */
export interface PlanState {
  linked: LinkedTasks | null;
  schedule: BoardSchedule | null;
}

/** Each field of a task and of a dependency, and the column that holds it. */
const TASK_COLUMNS = {
  id: wbsTasks.id,
  name: wbsTasks.name,
  parent: wbsTasks.parent,
  owner: wbsTasks.owner,
  assignee: wbsTasks.assignee,
  duration: wbsTasks.duration,
  start_no_earlier_than: wbsTasks.startNoEarlierThan,
  progress: wbsTasks.progress,
  status: wbsTasks.status,
} satisfies Record<keyof WbsTask, SQLiteColumn>;
const DEPENDENCY_COLUMNS = {
  from: wbsDependencies.from,
  to: wbsDependencies.to,
  type: wbsDependencies.type,
  lag: wbsDependencies.lag,
} satisfies Record<keyof DependencyInput, SQLiteColumn>;

const ROWS_PER_INSERT = 100;

/**
 * A release's rows of one WBS table, in plan order, on better-sqlite3
 * statements prepared once. For 30,000 tasks (issue 14) drizzle's builder
 * and row mapping cost about 8× the database's own time to insert and 2× to
 * read; rows go in a hundred to a statement (one a statement costs ~10% more).
 */
function wbsRows<T extends object>(db: Db, table: typeof wbsTasks | typeof wbsDependencies, columns: Record<keyof T, SQLiteColumn>) {
  const fields = Object.keys(columns) as (keyof T & string)[];
  const name = `"${getTableName(table)}"`;
  const release = `"${table.releaseId.name}"`;
  const position = `"${table.position.name}"`;
  const select = db.$client.prepare<[string], T>(
    `select ${fields.map((f) => `"${columns[f].name}" as "${f}"`).join(", ")} from ${name} where ${release} = ? order by ${position}`,
  );
  const remove = db.$client.prepare<[string]>(`delete from ${name} where ${release} = ?`);
  const values = `(?, ${fields.map(() => "?").join(", ")}, ?)`;
  const insert = (rows: number) =>
    db.$client.prepare(
      `insert into ${name} (${release}, ${fields.map((f) => `"${columns[f].name}"`).join(", ")}, ${position}) values ${Array(rows).fill(values).join(", ")}`,
    );
  const full = insert(ROWS_PER_INSERT);
  const one = insert(1);
  const push = (params: unknown[], releaseId: string, row: T, i: number) => {
    params.push(releaseId);
    for (const f of fields) params.push(row[f]);
    params.push(i);
  };
  return {
    read: (releaseId: string): T[] => select.all(releaseId),
    /** Replace the release's rows with `rows`, inside the caller's transaction. */
    replace(releaseId: string, rows: readonly T[]): void {
      remove.run(releaseId);
      let i = 0;
      for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
        const params: unknown[] = [];
        for (let j = i; j < i + ROWS_PER_INSERT; j++) push(params, releaseId, rows[j]!, j);
        full.run(params);
      }
      for (; i < rows.length; i++) {
        const params: unknown[] = [];
        push(params, releaseId, rows[i]!, i);
        one.run(params);
      }
    },
  };
}

const prepared = new WeakMap<Db, { tasks: ReturnType<typeof wbsRows<WbsTask>>; dependencies: ReturnType<typeof wbsRows<DependencyInput>> }>();
function statementsOf(db: Db) {
  let statements = prepared.get(db);
  if (!statements) {
    statements = { tasks: wbsRows<WbsTask>(db, wbsTasks, TASK_COLUMNS), dependencies: wbsRows<DependencyInput>(db, wbsDependencies, DEPENDENCY_COLUMNS) };
    prepared.set(db, statements);
  }
  return statements;
}

/**
 * A release's WBS, on statements prepared once per database: every board
 * snapshot reads it (inside a write's transaction they run on its connection).
 */
export function readWbs(db: Db, release: string): Wbs {
  const { tasks, dependencies } = statementsOf(db);
  return { tasks: tasks.read(release), dependencies: dependencies.read(release) };
}

/**
 * Replace a release's WBS on disk, inside the caller's transaction. Each row
 * keeps its place in the plan (`position`), as `readWbs` returns them.
 */
export function writeWbs(db: Db, release: string, wbs: Wbs): void {
  const { tasks, dependencies } = statementsOf(db);
  dependencies.replace(release, wbs.dependencies);
  tasks.replace(release, wbs.tasks);
}

/** Schedule a WBS on the release's calendar; a plan that cannot be scheduled is a 422. */
export function planOf(release: ReleaseDates, wbs: Wbs, asOf?: string): Schedule {
  try {
    return schedule({
      start: release.startDate,
      launch: release.launchDate,
      calendar: release.calendar,
      asOf,
      tasks: wbs.tasks.map((t) => ({
        id: t.id,
        parent: t.parent,
        duration: t.duration,
        startNoEarlierThan: t.start_no_earlier_than,
        progress: t.progress,
        status: t.status,
      })),
      dependencies: wbs.dependencies,
    });
  } catch (error) {
    if (error instanceof CycleError) throw new AppError(422, "dependency_cycle", error.message, { cycle: error.cycle });
    if (error instanceof PlanError)
      throw new AppError(
        422,
        "invalid_plan",
        "the plan cannot be scheduled",
        error.problems.map((message) => ({ path: "", message })),
      );
    throw error;
  }
}

/**
 * Where the plan leaves the release today: each task's status and projected
 * finish (what `task` items are computed from), and the board's schedule
 * tile — the projection as of today against the plan and the launch date.
 */
export function planState(release: ReleaseDates, wbs: Wbs, now: Date): PlanState {
  if (!wbs.tasks.length) return { linked: null, schedule: null };
  return stateOf(wbs, planOf(release, wbs), planOf(release, wbs, isoDate(now)));
}

/** The same, from the plan's two schedules: as planned, and projected as of a day. */
export function stateOf(wbs: Wbs, planned: Schedule, projected: Schedule): PlanState {
  if (!wbs.tasks.length) return { linked: null, schedule: null };
  return {
    linked: {
      launch: projected.launch,
      tasks: new Map(wbs.tasks.map((t, i) => [t.id, { status: t.status, finish: projected.tasks[i]!.finish }])),
    },
    schedule: boardSchedule(wbs, planned, projected),
  };
}

const LATE_SHOWN = 6;

/** The tile: projected finish and slack as of today, and the critical tasks that are behind their plan, earliest first. */
export function boardSchedule(wbs: Wbs, planned: Schedule, projected: Schedule): BoardSchedule {
  const late = wbs.tasks
    .map((task, i) => ({ task, plan: planned.tasks[i]!, now: projected.tasks[i]! }))
    .filter(({ task, plan, now }) => !now.summary && now.critical && task.status !== "done" && now.finish > plan.finish)
    .sort((a, b) => a.now.es - b.now.es || a.now.ef - b.now.ef);
  return {
    as_of: projected.as_of!,
    launch: projected.launch,
    planned_finish: planned.finish,
    projected_finish: projected.finish,
    slack_to_launch: projected.slack_to_launch,
    planned_slack_to_launch: planned.slack_to_launch,
    late_critical: late.slice(0, LATE_SHOWN).map(({ task, plan, now }) => ({
      id: task.id,
      name: task.name,
      owner: task.owner,
      assignee: task.assignee,
      planned_finish: plan.finish,
      projected_finish: now.finish,
    })),
    late_critical_count: late.length,
  };
}
