import type { AppLoadContext } from "@remix-run/node";
import type { BoardSchedule } from "../shared/board";
import type { ReleaseSummary } from "../../server/readiness/service";
import { boardSchedule } from "../../server/schedule/plan";
import { WorkCalendar } from "../shared/schedule/calendar";
import type { DependencyInput, ScheduledTask } from "../shared/schedule/cpm";
import type { WbsTask } from "../shared/schedule/csv";
import { isoDate } from "../shared/time";
import { orNotFound } from "./http.server";

/** One task as the plan pages show it: the task, where the plan put it, and where today's projection puts it. */
export interface PlanRow extends WbsTask {
  depth: number;
  summary: boolean;
  planned: Pick<ScheduledTask, "start" | "finish">;
  projected: Pick<ScheduledTask, "es" | "ef" | "start" | "finish" | "total_float" | "critical">;
  /** Not done and projected to finish after its planned finish. */
  late: boolean;
}

export interface PlanView {
  release: Pick<ReleaseSummary, "id" | "name" | "start_date" | "launch_date" | "calendar" | "functions">;
  today: string;
  /** Working-day offset of today (the first working day on or after it). */
  todayOffset: number;
  rows: PlanRow[];
  dependencies: DependencyInput[];
  schedule: BoardSchedule | null;
}

const pick = (t: ScheduledTask) => ({ es: t.es, ef: t.ef, start: t.start, finish: t.finish, total_float: t.total_float, critical: t.critical });

/** The release's WBS scheduled twice (the plan, and the projection as of today), in tree order. */
export function loadPlan(context: AppLoadContext, releaseId: string): PlanView {
  const release = orNotFound(() => context.readiness.getRelease(releaseId));
  const today = isoDate(context.clock());
  const wbs = context.wbs.read(release.id);
  const planned = context.wbs.schedule(release.id);
  const projected = context.wbs.schedule(release.id, today);
  const calendar = new WorkCalendar(release.start_date, release.calendar);
  const { id, name, start_date, launch_date, functions } = release;
  const rows = wbs.tasks.map((task, i): PlanRow => {
    const plan = planned.tasks[i]!;
    const now = projected.tasks[i]!;
    // A done task's projection is a zero-length point on the as-of day (ADR 005): show it where it was planned.
    const done = !plan.summary && task.status === "done";
    return {
      ...task,
      depth: 0,
      summary: plan.summary,
      planned: { start: plan.start, finish: plan.finish },
      projected: done ? { ...pick(plan), total_float: 0, critical: false } : pick(now),
      late: !plan.summary && !done && now.finish > plan.finish,
    };
  });
  rollUpShownDates(rows);
  return {
    release: { id, name, start_date, launch_date, functions, calendar: release.calendar },
    today,
    todayOffset: calendar.offsetOf(today),
    rows: inTreeOrder(rows),
    dependencies: wbs.dependencies,
    schedule: wbs.tasks.length ? boardSchedule(wbs, planned, projected) : null,
  };
}

/** Summary rows span what their descendants show (done tasks where they were planned), with the least float among them. */
function rollUpShownDates(rows: PlanRow[]): void {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const span = new Map<string, { start: string; finish: string; total_float: number; critical: boolean }>();
  for (const row of rows) {
    if (row.summary) continue;
    const { start, finish, total_float, critical } = row.projected;
    for (let p = row.parent ? byId.get(row.parent) : undefined; p; p = p.parent ? byId.get(p.parent) : undefined) {
      const s = span.get(p.id);
      span.set(
        p.id,
        s
          ? {
              start: start < s.start ? start : s.start,
              finish: finish > s.finish ? finish : s.finish,
              total_float: Math.min(total_float, s.total_float),
              critical: critical || s.critical,
            }
          : { start, finish, total_float, critical },
      );
    }
  }
  for (const row of rows) {
    const s = span.get(row.id);
    if (row.summary && s) row.projected = { ...row.projected, ...s };
  }
}

/** Parents before their children, siblings in the order given; `depth` set. */
export function inTreeOrder<T extends { id: string; parent: string | null; depth: number }>(rows: T[]): T[] {
  const children = new Map<string | null, T[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const row of rows) {
    const parent = row.parent !== null && ids.has(row.parent) ? row.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const out: T[] = [];
  const stack: { row: T; depth: number }[] = (children.get(null) ?? []).map((row) => ({ row, depth: 0 })).reverse();
  while (stack.length) {
    const { row, depth } = stack.pop()!;
    out.push({ ...row, depth });
    for (const child of [...(children.get(row.id) ?? [])].reverse()) stack.push({ row: child, depth: depth + 1 });
  }
  return out;
}
