import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { wbsTasks } from "../../db/schema";
import type { BoardSchedule } from "../../app/shared/board";
import { notFound } from "../../app/shared/errors";
import type { Schedule } from "../../app/shared/schedule/cpm";
import type { Wbs, WbsTask } from "../../app/shared/schedule/csv";
import type { TaskPatch } from "../../app/shared/schedule/inputs";
import type { DiffSummary } from "../../app/shared/schedule/diff";
import { isoDate, type Clock } from "../../app/shared/time";
import { SYSTEM, type Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Ledger } from "../ledger";
import { createItemReads } from "../readiness/items";
import { checkedFor, checkWbs, type CheckedPlan, type PlanSource } from "./check";
import { planOf, planState, readWbs, writeWbs, type ReleaseDates } from "./plan";
import { inlinePlanner, type Planner } from "./planner";

/** What replacing a WBS answers: its size, its event, and the plan's finish and slack. */
export interface Replaced {
  tasks: number;
  dependencies: number;
  seq: number;
  finish: string;
  slack_to_launch: number;
}

const datesOf = ({ startDate, launchDate, calendar }: ReleaseDates): ReleaseDates => ({ startDate, launchDate, calendar });

/**
 * A release's WBS: replaced whole (all or nothing, checked by scheduling it
 * first), read, scheduled, and updated a task at a time. Every write is an
 * event in the release's log.
 */
export function createWbs({ db, ledger, clock, planner = inlinePlanner }: { db: Db; ledger: Ledger; clock: Clock; planner?: Planner }) {
  const reads = createItemReads(db);

  function read(release: string): Wbs {
    reads.requireRelease(release);
    return readWbs(db, release);
  }

  const plan = (release: string, wbs: Wbs, asOf?: string): Schedule => planOf(reads.requireRelease(release), wbs, asOf);

  /**
   * Write a checked plan in one transaction with its event. A plan checked
   * against other release dates, or another day, than the transaction's is
   * scheduled again inside it (a release edited while the worker ran).
   */
  function write(release: string, checked: CheckedPlan, actor: Actor): Replaced {
    const { wbs } = checked;
    const { seq, result } = ledger.record(release, actor, "wbs.replaced", ({ now }) => {
      const row = reads.requireRelease(release);
      const today = isoDate(now);
      const { finish, slack_to_launch, state } = checkedFor(checked, row, today) ? checked : checkWbs(wbs, row, today);
      writeWbs(db, release, wbs);
      const data = { tasks: wbs.tasks.length, dependencies: wbs.dependencies.length, finish, slack_to_launch };
      return { result: data, data, facts: { task: state.linked }, board: { schedule: state.schedule } };
    });
    return { ...result, seq };
  }

  return {
    read,

    schedule(release: string, asOf?: string): Schedule {
      return plan(release, read(release), asOf);
    },

    /** Replace the whole WBS with one in hand (the demo seed): scheduled here, then written in one transaction with its event. */
    replace(release: string, wbs: Wbs, actor: Actor): Replaced {
      assertCan(actor, { type: "wbs.replace" });
      return write(release, checkWbs(wbs, reads.requireRelease(release), isoDate(clock())), actor);
    },

    /**
     * Replace the whole WBS from a CSV or JSON body: parsed, validated and
     * scheduled by the planner (a worker thread in the server), then written
     * in one transaction with its event. Every problem is a 422 and writes nothing.
     */
    async import(release: string, source: PlanSource, actor: Actor): Promise<Replaced> {
      assertCan(actor, { type: "wbs.replace" });
      const checked = await planner.check({ source, release: datesOf(reads.requireRelease(release)), asOf: isoDate(clock()) });
      return write(release, checked, actor);
    },

    /**
     * What importing a CSV or JSON body would do, without doing it: the
     * changes, and the new plan's finish and slack (planned and as of today).
     * A plan that cannot be scheduled is refused as `import` would refuse it.
     */
    async preview(release: string, source: PlanSource, actor: Actor): Promise<{ tasks: number; diff: DiffSummary; schedule: BoardSchedule | null }> {
      assertCan(actor, { type: "wbs.replace" });
      const current = read(release);
      const { tasks, diff, state } = await planner.preview({ source, release: datesOf(reads.requireRelease(release)), asOf: isoDate(clock()), current });
      return { tasks, diff, schedule: state.schedule };
    },

    /** Releases that have a WBS. */
    releasesWithPlan(): string[] {
      return db
        .selectDistinct({ id: wbsTasks.releaseId })
        .from(wbsTasks)
        .all()
        .map((r) => r.id);
    },

    /**
     * A new day moves the projection (unfinished work cannot happen in the
     * past): re-evaluate the release's `task` items and its schedule tile, as
     * one `schedule.refreshed` event.
     */
    refresh(release: string): { seq: number; schedule: BoardSchedule | null } {
      const { seq, result: schedule } = ledger.record(release, SYSTEM, "schedule.refreshed", ({ now }) => {
        const state = planState(reads.requireRelease(release), readWbs(db, release), now);
        return {
          result: state.schedule,
          data: {
            as_of: state.schedule?.as_of ?? isoDate(now),
            projected_finish: state.schedule?.projected_finish ?? null,
            slack_to_launch: state.schedule?.slack_to_launch ?? null,
          },
          facts: { task: state.linked },
          board: { schedule: state.schedule },
        };
      });
      return { seq, schedule };
    },

    /** Change one task's progress, status, duration or owner (an admin, or a lead of its function). */
    updateTask(release: string, taskId: string, patch: TaskPatch, actor: Actor): { task: WbsTask; seq: number } {
      const row = db
        .select()
        .from(wbsTasks)
        .where(and(eq(wbsTasks.releaseId, release), eq(wbsTasks.id, taskId)))
        .get();
      if (!row) {
        reads.requireRelease(release);
        throw notFound(`task "${taskId}"`);
      }
      assertCan(actor, { type: "task.update", owner: row.owner });
      const fields = Object.keys(patch) as (keyof typeof patch)[];
      const { seq, result: after } = ledger.record(release, actor, "task.updated", ({ tx, now }) => {
        // Read, merge and schedule inside the transaction: the plan the task items follow is the one committed.
        const current = readWbs(db, release);
        const before = current.tasks.find((t) => t.id === taskId);
        if (!before) throw notFound(`task "${taskId}"`);
        const after: WbsTask = { ...before, ...patch };
        const state = planState(reads.requireRelease(release), { ...current, tasks: current.tasks.map((t) => (t.id === taskId ? after : t)) }, now);
        tx.update(wbsTasks)
          .set({ progress: after.progress, status: after.status, duration: after.duration, owner: after.owner, assignee: after.assignee })
          .where(and(eq(wbsTasks.releaseId, release), eq(wbsTasks.id, taskId)))
          .run();
        return {
          result: after,
          data: { task: taskId, from: Object.fromEntries(fields.map((f) => [f, before[f]])), to: Object.fromEntries(fields.map((f) => [f, after[f]])) },
          facts: { task: state.linked },
          board: { schedule: state.schedule },
        };
      });
      return { task: after, seq };
    },
  };
}

export type WbsService = ReturnType<typeof createWbs>;
