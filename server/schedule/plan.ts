import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { wbsDependencies, wbsTasks } from "../../db/schema";
import type { BoardSchedule } from "../../app/shared/board";
import type { LinkedTasks } from "../../app/shared/kinds";
import { AppError } from "../../app/shared/errors";
import { CycleError, PlanError, schedule, type Schedule } from "../../app/shared/schedule/cpm";
import type { Wbs, WbsTask } from "../../app/shared/schedule/csv";
import { isoDate } from "../../app/shared/time";
import type { ReleaseRow } from "../readiness/items";

/**
 * Reading a release's WBS and scheduling it: what the WBS service writes
 * from, and what the board's schedule tile and `task` items are computed from.
 */
type TaskRow = typeof wbsTasks.$inferSelect;

/** Where the plan leaves the release today: what `task` items are evaluated from, and the board's schedule tile. */
export interface PlanState {
  linked: LinkedTasks | null;
  schedule: BoardSchedule | null;
}

export function toWbsTask(row: TaskRow): WbsTask {
  return {
    id: row.id,
    name: row.name,
    parent: row.parent,
    owner: row.owner,
    assignee: row.assignee,
    duration: row.duration,
    start_no_earlier_than: row.startNoEarlierThan,
    progress: row.progress,
    status: row.status,
  };
}

const ph = sql.placeholder;
const prepared = new WeakMap<Db, ReturnType<typeof prepare>>();
function prepare(db: Db) {
  return {
    tasks: db
      .select()
      .from(wbsTasks)
      .where(eq(wbsTasks.releaseId, ph("release")))
      .orderBy(asc(wbsTasks.position))
      .prepare(),
    dependencies: db
      .select()
      .from(wbsDependencies)
      .where(eq(wbsDependencies.releaseId, ph("release")))
      .orderBy(asc(wbsDependencies.position))
      .prepare(),
  };
}

/**
 * A release's WBS, on statements prepared once per database: every board
 * snapshot reads it (inside a write's transaction they run on its connection).
 */
export function readWbs(db: Db, release: string): Wbs {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = prepare(db)));
  const tasks = statements.tasks.all({ release }).map(toWbsTask);
  const dependencies = statements.dependencies.all({ release }).map((d) => ({ from: d.from, to: d.to, type: d.type, lag: d.lag }));
  return { tasks, dependencies };
}

/** Schedule a WBS on the release's calendar; a plan that cannot be scheduled is a 422. */
export function planOf(release: ReleaseRow, wbs: Wbs, asOf?: string): Schedule {
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
export function planState(release: ReleaseRow, wbs: Wbs, now: Date): PlanState {
  if (!wbs.tasks.length) return { linked: null, schedule: null };
  const planned = planOf(release, wbs);
  const projected = planOf(release, wbs, isoDate(now));
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
