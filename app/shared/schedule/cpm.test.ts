import { describe, expect, it } from "vitest";
import { CycleError, PlanError, schedule, type DependencyInput, type ScheduleInput, type TaskInput } from "./cpm";

// Monday 2026-11-02 starts the release; Mon–Fri working days unless a test says otherwise.
const WEEKDAYS = { workdays: [1, 2, 3, 4, 5], holidays: [] };
const task = (id: string, duration: number, extra: Partial<TaskInput> = {}): TaskInput => ({
  id,
  parent: null,
  duration,
  startNoEarlierThan: null,
  progress: 0,
  status: "todo",
  ...extra,
});
const dep = (from: string, to: string, type: DependencyInput["type"] = "FS", lag = 0): DependencyInput => ({ from, to, type, lag });
const plan = (tasks: TaskInput[], dependencies: DependencyInput[], extra: Partial<ScheduleInput> = {}) =>
  schedule({ start: "2026-11-02", launch: "2026-12-01", calendar: WEEKDAYS, tasks, dependencies, ...extra });
const byId = (result: ReturnType<typeof schedule>) => Object.fromEntries(result.tasks.map((t) => [t.id, t]));
const times = (t: { es: number; ef: number; ls: number; lf: number; total_float: number }) => [t.es, t.ef, t.ls, t.lf, t.total_float];

describe("a textbook network", () => {
  // Source: "Example 1: Draw the network for the events in Table 1" (studylib.net/doc/8378728),
  // Table 1 (activities, durations, predecessors) and Table 2 (ES, EF, LS, LF, slack; critical path A-B-D-E-G, 16).
  const result = plan(
    [task("A", 6), task("B", 2), task("C", 2), task("D", 3), task("F", 2), task("E", 4), task("G", 1)],
    [dep("A", "B"), dep("A", "C"), dep("B", "D"), dep("C", "F"), dep("D", "E"), dep("F", "E"), dep("E", "G")],
  );
  const t = byId(result);

  it("matches the published ES, EF, LS, LF and slack of every activity", () => {
    expect(times(t.A!)).toEqual([0, 6, 0, 6, 0]);
    expect(times(t.B!)).toEqual([6, 8, 6, 8, 0]);
    expect(times(t.D!)).toEqual([8, 11, 8, 11, 0]);
    expect(times(t.E!)).toEqual([11, 15, 11, 15, 0]);
    expect(times(t.G!)).toEqual([15, 16, 15, 16, 0]);
    expect(times(t.C!)).toEqual([6, 8, 7, 9, 1]);
    expect(times(t.F!)).toEqual([8, 10, 9, 11, 1]);
  });

  it("finds the published critical path and duration, to the working day", () => {
    expect(result.critical_path).toEqual(["A", "B", "D", "E", "G"]);
    expect(result.finish_offset).toBe(16);
    // 16 working days from Monday 2 November: day 15 is Monday 23 November.
    expect(result.finish).toBe("2026-11-23");
    expect(t.E!.start).toBe("2026-11-17");
    expect(t.E!.finish).toBe("2026-11-20");
  });

  it("computes free float: C may slip a day without delaying F", () => {
    expect(t.C!.free_float).toBe(0);
    expect(t.F!.free_float).toBe(1);
    expect(t.B!.free_float).toBe(0);
  });
});

describe("dependency types and lags", () => {
  const pair = (type: DependencyInput["type"], lag: number) => byId(plan([task("p", 5), task("s", 3)], [dep("p", "s", type, lag)]));

  it.each([
    ["FS", 0, 5, 8],
    ["FS", 2, 7, 10],
    ["FS", -2, 3, 6],
    ["SS", 0, 0, 3],
    ["SS", 2, 2, 5],
    ["SS", -2, 0, 3],
    ["FF", 0, 2, 5],
    ["FF", 2, 4, 7],
    ["FF", -2, 0, 3],
    ["SF", 0, 0, 3],
    ["SF", 4, 1, 4],
    ["SF", -2, 0, 3],
  ] as const)("%s with lag %d puts the successor at [%d, %d)", (type, lag, es, ef) => {
    const s = pair(type, lag).s!;
    expect([s.es, s.ef]).toEqual([es, ef]);
  });

  it("never starts a task before offset 0, whatever the negative lag", () => {
    expect(pair("FS", -20).s!.es).toBe(0);
  });

  it("the backward pass respects each type: the predecessor's late finish", () => {
    // p (5) -SS+2-> s (3); F = max(5, 5) = 5: p may not start later than s's late start − 2.
    const t = byId(plan([task("p", 5), task("s", 3)], [dep("p", "s", "SS", 2)]));
    expect(times(t.p!)).toEqual([0, 5, 0, 5, 0]);
    expect(times(t.s!)).toEqual([2, 5, 2, 5, 0]);
    const ff = byId(plan([task("p", 5), task("s", 3), task("long", 9)], [dep("p", "s", "FF", 1)]));
    expect(times(ff.s!)).toEqual([3, 6, 6, 9, 3]);
    expect(times(ff.p!)).toEqual([0, 5, 3, 8, 3]);
  });
});

describe("the calendar", () => {
  it("skips weekends and holidays when turning offsets into dates", () => {
    const result = plan([task("a", 5)], [], { calendar: { workdays: [1, 2, 3, 4, 5], holidays: ["2026-11-04"] } });
    const a = byId(result).a!;
    expect([a.start, a.finish]).toEqual(["2026-11-02", "2026-11-09"]);
  });

  it("starts on the first working day on or after the start date", () => {
    const a = byId(plan([task("a", 1)], [], { start: "2026-11-01" })).a!; // a Sunday
    expect(a.start).toBe("2026-11-02");
  });

  it("uses the release's own working days (a six-day week)", () => {
    const a = byId(plan([task("a", 6)], [], { calendar: { workdays: [1, 2, 3, 4, 5, 6], holidays: [] } })).a!;
    expect(a.finish).toBe("2026-11-07");
  });

  it("counts slack to launch in working days", () => {
    // Launch Tuesday 1 December is offset 21; a 16-day plan has 5 days of slack; a 25-day plan misses by 4.
    expect(plan([task("a", 16)], []).slack_to_launch).toBe(5);
    expect(plan([task("a", 25)], []).slack_to_launch).toBe(-4);
  });
});

describe("start no earlier than, milestones, summaries", () => {
  it("holds a task to its start-no-earlier-than date", () => {
    const t = byId(plan([task("a", 2), task("b", 2, { startNoEarlierThan: "2026-11-09" })], [dep("a", "b")]));
    expect(t.b!.es).toBe(5);
    expect(t.b!.start).toBe("2026-11-09");
  });

  it("a milestone takes no time: its start and finish are the same day", () => {
    const t = byId(plan([task("build", 3), task("go", 0)], [dep("build", "go")]));
    expect([t.go!.es, t.go!.ef, t.go!.start, t.go!.finish]).toEqual([3, 3, "2026-11-05", "2026-11-05"]);
  });

  it("summary tasks roll up their descendants, nested", () => {
    const t = byId(
      plan(
        [
          task("phase", 0),
          task("dev", 0, { parent: "phase" }),
          task("a", 3, { parent: "dev" }),
          task("b", 2, { parent: "dev" }),
          task("qa", 4, { parent: "phase" }),
          task("other", 10),
        ],
        [dep("a", "qa")],
      ),
    );
    expect(t.dev).toMatchObject({ summary: true, es: 0, ef: 3, ls: 3, lf: 10, total_float: 3, critical: false });
    expect(t.phase).toMatchObject({ summary: true, es: 0, ef: 7, total_float: 3, critical: false });
    const critical = byId(plan([task("phase", 0), task("a", 5, { parent: "phase" }), task("b", 1, { parent: "phase" })], []));
    expect(critical.phase).toMatchObject({ critical: true, total_float: 0, es: 0, ef: 5 });
  });

  it("refuses a dependency on a summary task, unknown ids and duplicate ids", () => {
    expect(() => plan([task("phase", 0), task("a", 1, { parent: "phase" }), task("b", 1)], [dep("phase", "b")])).toThrow(PlanError);
    expect(() => plan([task("a", 1)], [dep("a", "ghost")])).toThrow(/"ghost" is not a task/);
    expect(() => plan([task("a", 1), task("a", 2)], [])).toThrow(/appears twice/);
    expect(() => plan([task("a", 1, { parent: "b" }), task("b", 1, { parent: "a" })], [])).toThrow(/parents form a loop/);
  });
});

describe("cycles", () => {
  it("are refused, naming the tasks in order", () => {
    try {
      plan(
        [task("design", 2), task("build", 3), task("test", 1), task("ship", 1)],
        [dep("design", "build"), dep("build", "test"), dep("test", "build"), dep("test", "ship")],
      );
      throw new Error("expected a cycle");
    } catch (error) {
      expect(error).toBeInstanceOf(CycleError);
      expect((error as CycleError).cycle).toEqual(["build", "test"]);
      expect((error as Error).message).toBe("the dependencies form a cycle: build → test → build");
    }
  });

  it("finds a longer cycle behind an unrelated chain", () => {
    expect(() => plan([task("x", 1), task("a", 1), task("b", 1), task("c", 1)], [dep("x", "a"), dep("a", "b"), dep("b", "c"), dep("c", "a")])).toThrow(
      "a → b → c → a",
    );
  });
});

describe("projection as of a date", () => {
  const tasks = [task("done", 5, { status: "done", progress: 100 }), task("doing", 10, { status: "in_progress", progress: 40 }), task("next", 3)];
  const deps = [dep("done", "doing"), dep("doing", "next")];

  it("done work is finished; in-progress work has its remaining share from the date, rounded up; to-do work starts no earlier", () => {
    // As of Monday 16 November (offset 10): doing has ceil(10 × 60%) = 6 days left → [10, 16); next [16, 19).
    const result = plan(tasks, deps, { asOf: "2026-11-16" });
    const t = byId(result);
    expect([t.done!.es, t.done!.ef]).toEqual([10, 10]);
    expect([t.doing!.es, t.doing!.ef]).toEqual([10, 16]);
    expect([t.next!.es, t.next!.ef]).toEqual([16, 19]);
    expect(result.as_of).toBe("2026-11-16");
    expect(result.slack_to_launch).toBe(21 - 19);
  });

  it("rounds remaining work up and lets the plan slip past launch", () => {
    const late = plan([task("doing", 7, { status: "in_progress", progress: 50 }), task("next", 10)], [dep("doing", "next")], { asOf: "2026-11-23" });
    const t = byId(late);
    expect(t.doing!.ef - t.doing!.es).toBe(4); // ceil(3.5)
    expect(late.slack_to_launch).toBe(21 - (15 + 4 + 10));
  });

  it("done work holds nothing back, carries no negative float and is never critical", () => {
    // Done with a lag of 2 after another done task: both finished in the past, so neither the lag nor the order matters now.
    const result = plan(
      [task("a", 3, { status: "done", progress: 100 }), task("b", 2, { status: "done", progress: 100 }), task("c", 4)],
      [dep("a", "b", "FS", 2), dep("b", "c", "FS", 3)],
      { asOf: "2026-11-16" },
    );
    const t = byId(result);
    expect([t.c!.es, t.c!.ef]).toEqual([10, 14]);
    for (const id of ["a", "b"]) {
      expect(t[id]!.critical).toBe(false);
      expect(t[id]!.total_float).toBe(4);
      expect(t[id]!.free_float).toBe(4);
    }
    expect(result.critical_path).toEqual(["c"]);
  });

  it("a to-do task with nothing before it still cannot start in the past", () => {
    expect(byId(plan([task("a", 2)], [], { asOf: "2026-11-10" })).a!.es).toBe(6);
  });
});
