import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEPENDENCY_TYPES, schedule, type DependencyInput, type ScheduleInput, type ScheduledTask } from "./cpm";

/**
 * Properties of the scheduler on random DAGs (edges only from lower to higher
 * index, so acyclic by construction), with every dependency type, negative
 * lags, milestones and start-no-earlier-than dates.
 */
const dag = fc
  .integer({ min: 1, max: 40 })
  .chain((n) =>
    fc.record({
      durations: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: n, maxLength: n }),
      floors: fc.array(fc.option(fc.integer({ min: 0, max: 20 }), { freq: 4 }), { minLength: n, maxLength: n }),
      edges: fc.array(
        fc.record({
          a: fc.integer({ min: 0, max: n - 1 }),
          b: fc.integer({ min: 0, max: n - 1 }),
          type: fc.constantFrom(...DEPENDENCY_TYPES),
          lag: fc.integer({ min: -3, max: 5 }),
        }),
        { maxLength: n * 3 },
      ),
    }),
  )
  .map(({ durations, floors, edges }) => {
    const tasks = durations.map((duration, i) => ({
      id: `t${i}`,
      parent: null,
      duration,
      startNoEarlierThan: floors[i] === null ? null : dateOfWeekday(floors[i]!),
      progress: 0,
      status: "todo" as const,
    }));
    const dependencies: DependencyInput[] = edges
      .filter((e) => e.a !== e.b)
      .map((e) => ({ from: `t${Math.min(e.a, e.b)}`, to: `t${Math.max(e.a, e.b)}`, type: e.type, lag: e.lag }));
    return { start: "2026-11-02", launch: "2026-12-31", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, tasks, dependencies } satisfies ScheduleInput;
  });

/** Working day `k` after Monday 2026-11-02 in a Mon–Fri week. */
function dateOfWeekday(k: number): string {
  const days = Math.floor(k / 5) * 7 + (k % 5);
  return new Date(Date.parse("2026-11-02T00:00:00Z") + days * 86_400_000).toISOString().slice(0, 10);
}

function holds(type: DependencyInput["type"], lag: number, p: ScheduledTask, s: ScheduledTask): boolean {
  switch (type) {
    case "FS":
      return s.es >= p.ef + lag;
    case "SS":
      return s.es >= p.es + lag;
    case "FF":
      return s.ef >= p.ef + lag;
    case "SF":
      return s.ef >= p.es + lag;
  }
}

const RUNS = { numRuns: 300, seed: 20261121 };

describe("scheduler properties on random DAGs", () => {
  it("every dependency holds for es/ef, nothing starts before 0 or its floor, and ef = es + duration", () => {
    fc.assert(
      fc.property(dag, (input) => {
        const out = schedule(input);
        const t = new Map(out.tasks.map((x) => [x.id, x]));
        for (const d of input.dependencies) expect(holds(d.type, d.lag, t.get(d.from)!, t.get(d.to)!)).toBe(true);
        input.tasks.forEach((task, i) => {
          const s = out.tasks[i]!;
          expect(s.es).toBeGreaterThanOrEqual(0);
          expect(s.ef - s.es).toBe(task.duration);
          if (task.startNoEarlierThan) expect(s.start >= task.startNoEarlierThan).toBe(true);
        });
      }),
      RUNS,
    );
  });

  it("total float ≥ free float ≥ 0, and late dates never pass the project finish", () => {
    fc.assert(
      fc.property(dag, (input) => {
        const out = schedule(input);
        for (const s of out.tasks) {
          expect(s.free_float).toBeGreaterThanOrEqual(0);
          expect(s.total_float).toBeGreaterThanOrEqual(s.free_float);
          expect(s.lf).toBeLessThanOrEqual(out.finish_offset);
          expect(s.lf - s.ls).toBe(s.ef - s.es);
        }
      }),
      RUNS,
    );
  });

  it("every critical task lies on a zero-float chain of tight dependencies that reaches the project finish", () => {
    fc.assert(
      fc.property(dag, (input) => {
        const out = schedule(input);
        const t = new Map(out.tasks.map((x) => [x.id, x]));
        const reaches = new Map<string, boolean>();
        const reachesFinish = (id: string): boolean => {
          if (reaches.has(id)) return reaches.get(id)!;
          const task = t.get(id)!;
          let ok = task.lf === out.finish_offset && task.ef === out.finish_offset;
          for (const d of input.dependencies) {
            if (ok || d.from !== id) continue;
            const s = t.get(d.to)!;
            // Tight: the successor cannot move earlier without this predecessor moving too.
            const tight =
              (d.type === "FS" && s.es === task.ef + d.lag) ||
              (d.type === "SS" && s.es === task.es + d.lag) ||
              (d.type === "FF" && s.ef === task.ef + d.lag) ||
              (d.type === "SF" && s.ef === task.es + d.lag);
            if (tight && s.critical && reachesFinish(s.id)) ok = true;
          }
          reaches.set(id, ok);
          return ok;
        };
        for (const task of out.tasks) if (task.critical) expect(reachesFinish(task.id), task.id).toBe(true);
        if (out.tasks.length) expect(out.critical_path.length).toBeGreaterThan(0);
      }),
      RUNS,
    );
  });

  it("does not depend on the order tasks and dependencies are given in", () => {
    fc.assert(
      fc.property(dag, fc.integer(), (input, seed) => {
        const shuffle = <T>(xs: T[]) => {
          const out = [...xs];
          let s = seed;
          for (let i = out.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) & 0x7fffffff;
            const j = s % (i + 1);
            [out[i], out[j]] = [out[j]!, out[i]!];
          }
          return out;
        };
        const a = schedule(input);
        const b = schedule({ ...input, tasks: shuffle(input.tasks), dependencies: shuffle(input.dependencies) });
        const key = (x: ScheduledTask) => [x.id, x.es, x.ef, x.ls, x.lf, x.total_float, x.free_float, x.critical].join();
        expect(b.tasks.map(key).sort()).toEqual(a.tasks.map(key).sort());
        expect(b.finish_offset).toBe(a.finish_offset);
        expect(new Set(b.critical_path)).toEqual(new Set(a.critical_path));
      }),
      RUNS,
    );
  });
});
