import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { wbsDependencies, wbsTasks } from "../../db/schema";
import { assertCan } from "../auth/permissions";
import { AppError, invalid, notFound } from "../errors";
import { isoDateSchema, slug } from "../readiness/kinds";
import type { BoardSchedule } from "../readiness/board";
import { SYSTEM, type Actor, type PlanState, type Readiness } from "../readiness/service";
import { isoDate, type Clock } from "../time";
import { CycleError, DEPENDENCY_TYPES, PlanError, schedule, TASK_STATUSES, type Schedule, type TaskStatus } from "./cpm";
import { assigneeSchema, taskIdSchema, type Wbs, type WbsTask } from "./csv";
import { diffWbs, type WbsDiff } from "./diff";

/**
 * A release's WBS: replaced whole (all or nothing, checked by scheduling it
 * first), read, scheduled, and updated a task at a time. Every write is an
 * event in the release's log.
 */
export const wbsJsonSchema = z
  .object({
    tasks: z
      .array(
        z
          .object({
            id: taskIdSchema,
            name: z.string().trim().min(1).max(200),
            parent: taskIdSchema.nullable().default(null),
            owner: slug.nullable().default(null),
            assignee: assigneeSchema.nullable().default(null),
            duration: z.number().int().min(0).max(10_000),
            start_no_earlier_than: isoDateSchema.nullable().default(null),
            progress: z.number().int().min(0).max(100).default(0),
            status: z.enum(TASK_STATUSES).default("todo"),
          })
          .strict(),
      )
      .max(200_000),
    dependencies: z
      .array(
        z
          .object({ from: taskIdSchema, to: taskIdSchema, type: z.enum(DEPENDENCY_TYPES).default("FS"), lag: z.number().int().min(-10_000).max(10_000).default(0) })
          .strict(),
      )
      .max(600_000),
  })
  .strict();

export const taskPatchSchema = z
  .object({
    progress: z.number().int().min(0).max(100).optional(),
    status: z.enum(TASK_STATUSES).optional(),
    duration: z.number().int().min(0).max(10_000).optional(),
    owner: slug.nullable().optional(),
    assignee: assigneeSchema.nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, "send at least one of progress, status, duration, owner, assignee");

type TaskRow = typeof wbsTasks.$inferSelect;
const INSERT_CHUNK = 500;

function toWbsTask(row: TaskRow): WbsTask {
  return {
    id: row.id,
    name: row.name,
    parent: row.parent,
    owner: row.owner,
    assignee: row.assignee,
    duration: row.duration,
    start_no_earlier_than: row.startNoEarlierThan,
    progress: row.progress,
    status: row.status as TaskStatus,
  };
}

export function createWbs({ db, readiness, clock }: { db: Db; readiness: Readiness; clock: Clock }) {
  /**
   * Where the plan leaves the release today: each task's status and projected
   * finish (what `task` items are computed from), and the board's schedule
   * tile — the projection as of today against the plan and the launch date.
   */
  function planState(release: string, wbs: Wbs): PlanState {
    if (!wbs.tasks.length) return { linked: null, schedule: null };
    const today = isoDate(clock());
    const planned = plan(release, wbs);
    const projected = plan(release, wbs, today);
    return {
      linked: {
        launch: projected.launch,
        tasks: new Map(wbs.tasks.map((t, i) => [t.id, { status: t.status, finish: projected.tasks[i]!.finish }])),
      },
      schedule: boardSchedule(wbs, planned, projected),
    };
  }

  function read(release: string): Wbs {
    readiness.getRelease(release);
    const tasks = db.select().from(wbsTasks).where(eq(wbsTasks.releaseId, release)).orderBy(asc(wbsTasks.position)).all().map(toWbsTask);
    const dependencies = db
      .select()
      .from(wbsDependencies)
      .where(eq(wbsDependencies.releaseId, release))
      .orderBy(asc(wbsDependencies.position))
      .all()
      .map((d) => ({ from: d.from, to: d.to, type: d.type as (typeof DEPENDENCY_TYPES)[number], lag: d.lag }));
    return { tasks, dependencies };
  }

  /** Schedule a WBS on the release's calendar; a plan that cannot be scheduled is a 422. */
  function plan(release: string, wbs: Wbs, asOf?: string): Schedule {
    const r = readiness.getRelease(release);
    try {
      return schedule({
        start: r.start_date,
        launch: r.launch_date,
        calendar: r.calendar,
        asOf,
        tasks: wbs.tasks.map((t) => ({ id: t.id, parent: t.parent, duration: t.duration, startNoEarlierThan: t.start_no_earlier_than, progress: t.progress, status: t.status })),
        dependencies: wbs.dependencies,
      });
    } catch (error) {
      if (error instanceof CycleError) throw new AppError(422, "dependency_cycle", error.message, { cycle: error.cycle });
      if (error instanceof PlanError) throw new AppError(422, "invalid_plan", "the plan cannot be scheduled", error.problems.map((message) => ({ path: "", message })));
      throw error;
    }
  }

  return {
    read,

    /** The board's schedule tile, or null without a WBS. */
    boardSchedule(release: string): BoardSchedule | null {
      return planState(release, read(release)).schedule;
    },

    schedule(release: string, asOf?: string): Schedule {
      return plan(release, read(release), asOf);
    },

    /** Replace the whole WBS: checked by scheduling it first, then written in one transaction with its event. */
    replace(release: string, wbs: Wbs, actor: Actor): { tasks: number; dependencies: number; seq: number; finish: string; slack_to_launch: number } {
      assertCan(actor, { type: "wbs.replace" });
      const scheduled = plan(release, wbs);
      const { seq } = readiness.recordWith(release, actor, "wbs.replaced", () => {
        db.delete(wbsDependencies).where(eq(wbsDependencies.releaseId, release)).run();
        db.delete(wbsTasks).where(eq(wbsTasks.releaseId, release)).run();
        const tasks = wbs.tasks.map((t, position) => ({
          releaseId: release,
          id: t.id,
          name: t.name,
          parent: t.parent,
          owner: t.owner,
          assignee: t.assignee,
          duration: t.duration,
          startNoEarlierThan: t.start_no_earlier_than,
          progress: t.progress,
          status: t.status,
          position,
        }));
        for (let i = 0; i < tasks.length; i += INSERT_CHUNK) db.insert(wbsTasks).values(tasks.slice(i, i + INSERT_CHUNK)).run();
        const deps = wbs.dependencies.map((d, position) => ({ releaseId: release, from: d.from, to: d.to, type: d.type, lag: d.lag, position }));
        for (let i = 0; i < deps.length; i += INSERT_CHUNK) db.insert(wbsDependencies).values(deps.slice(i, i + INSERT_CHUNK)).run();
        return {
          result: undefined,
          data: { tasks: tasks.length, dependencies: deps.length, finish: scheduled.finish, slack_to_launch: scheduled.slack_to_launch },
          plan: planState(release, wbs),
        };
      });
      return { tasks: wbs.tasks.length, dependencies: wbs.dependencies.length, seq, finish: scheduled.finish, slack_to_launch: scheduled.slack_to_launch };
    },

    /**
     * What replacing the WBS would do, without doing it: the changes, and the
     * new plan's finish and slack (planned and as of today). A plan that cannot
     * be scheduled is refused as `replace` would refuse it.
     */
    preview(release: string, next: Wbs, actor: Actor): { diff: WbsDiff; schedule: BoardSchedule | null } {
      assertCan(actor, { type: "wbs.replace" });
      const diff = diffWbs(read(release), next);
      return { diff, schedule: planState(release, next).schedule };
    },

    /** Releases that have a WBS. */
    releasesWithPlan(): string[] {
      return db.selectDistinct({ id: wbsTasks.releaseId }).from(wbsTasks).all().map((r) => r.id);
    },

    /**
     * A new day moves the projection (unfinished work cannot happen in the
     * past): re-evaluate the release's `task` items and its schedule tile, as
     * one `schedule.refreshed` event.
     */
    refresh(release: string): { seq: number; schedule: BoardSchedule | null } {
      const { seq, result: schedule } = readiness.recordWith(release, SYSTEM, "schedule.refreshed", () => {
        const state = planState(release, read(release));
        return {
          result: state.schedule,
          data: {
            as_of: state.schedule?.as_of ?? isoDate(clock()),
            projected_finish: state.schedule?.projected_finish ?? null,
            slack_to_launch: state.schedule?.slack_to_launch ?? null,
          },
          plan: state,
        };
      });
      return { seq, schedule };
    },

    /** Change one task's progress, status, duration or owner (an admin, or a lead of its function). */
    updateTask(release: string, taskId: string, patch: unknown, actor: Actor): { task: WbsTask; seq: number } {
      const parsed = taskPatchSchema.safeParse(patch);
      if (!parsed.success) throw invalid("the change is not valid", parsed.error.issues);
      const row = db.select().from(wbsTasks).where(and(eq(wbsTasks.releaseId, release), eq(wbsTasks.id, taskId))).get();
      if (!row) {
        readiness.getRelease(release);
        throw notFound(`task "${taskId}"`);
      }
      assertCan(actor, { type: "task.update", owner: row.owner });
      const before = toWbsTask(row);
      const after: WbsTask = { ...before, ...parsed.data };
      const current = read(release);
      const next: Wbs = { ...current, tasks: current.tasks.map((t) => (t.id === taskId ? after : t)) };
      const fields = Object.keys(parsed.data) as (keyof typeof parsed.data)[];
      const { seq } = readiness.recordWith(release, actor, "task.updated", () => {
        db.update(wbsTasks)
          .set({ progress: after.progress, status: after.status, duration: after.duration, owner: after.owner, assignee: after.assignee })
          .where(and(eq(wbsTasks.releaseId, release), eq(wbsTasks.id, taskId)))
          .run();
        return {
          result: undefined,
          data: { task: taskId, from: Object.fromEntries(fields.map((f) => [f, before[f]])), to: Object.fromEntries(fields.map((f) => [f, after[f]])) },
          plan: planState(release, next),
        };
      });
      return { task: after, seq };
    },
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

export type WbsService = ReturnType<typeof createWbs>;
