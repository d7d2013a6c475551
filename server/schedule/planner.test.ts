import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../app/shared/errors";
import type { PlanJob } from "./check";
import { inlinePlanner, startPlanWorker, type Planner } from "./planner";

/**
 * The planner's worker thread, started as the server starts it: it loads
 * from the source under Vitest (no tsx flag is passed down; the built
 * server's is bundled, test/cli.test.ts), answers as the inline planner does,
 * and outlives what goes wrong in it.
 */
const RELEASE = { startDate: "2026-11-02", launchDate: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } };
const CSV = `id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status
design,Design,,rd,5,,,100,done
build,Build,,rd,8,design,,25,in_progress
ship,Ship,,ops,0,build,,0,todo
`;
const job = (source: PlanJob["source"]): PlanJob => ({ source, release: RELEASE, asOf: "2026-11-18" });

let planner: Planner | undefined;
afterEach(async () => {
  await planner?.close();
  planner = undefined;
});

describe("the plan worker", () => {
  it("checks a plan as the inline planner does: the plan, its finish and the board's projection", async () => {
    planner = await startPlanWorker();
    const checked = await planner.check(job({ csv: CSV }));
    expect(checked).toEqual(await inlinePlanner.check(job({ csv: CSV })));
    expect(checked).toMatchObject({ finish: "2026-11-19", slack_to_launch: 8, state: { schedule: { projected_finish: "2026-11-26" } } });
    expect(checked.state.linked!.tasks.get("ship")).toEqual({ status: "todo", finish: "2026-11-26" });
    const preview = await planner.preview({
      ...job({ json: { tasks: [{ id: "design", name: "Design", duration: 5 }], dependencies: [] } }),
      current: checked.wbs,
    });
    expect(preview).toMatchObject({ tasks: 1, diff: { added: 0, removed: 2, changed: 1, unchanged: 0 } });
  });

  it("refuses a bad plan with the same 422 as in this thread, naming each line", async () => {
    planner = await startPlanWorker();
    // Line 3 names the refused row "a" (not reported again) and a task that is nowhere (reported).
    const bad = job({ csv: "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status\na,A,,rd,x,,,,\nb,B,,rd,1,a;zz,,," });
    const refusal = await planner.check(bad).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toEqual(await inlinePlanner.check(bad).catch((error: unknown) => error));
    expect((refusal as AppError).toBody()).toEqual({
      error: {
        code: "invalid_csv",
        message: "the CSV has problems; nothing was written",
        details: [
          { line: 2, message: "duration: duration is a whole number of working days" },
          { line: 3, message: 'predecessor "zz" is not a task in this file' },
        ],
      },
    });
    const tasks = [
      { id: "a", name: "A", duration: 1 },
      { id: "b", name: "B", duration: 1 },
    ];
    const dependencies = [
      { from: "a", to: "b" },
      { from: "b", to: "a" },
    ];
    await expect(planner.check(job({ json: { tasks, dependencies } }))).rejects.toMatchObject({
      status: 422,
      code: "dependency_cycle",
      details: { cycle: ["a", "b"] },
    });
  });

  it("fails a job that breaks unexpectedly, and goes on with the next", async () => {
    planner = await startPlanWorker();
    await expect(planner.check({ ...job({ csv: CSV }), release: null as never })).rejects.toThrow(/^the plan worker failed: TypeError/);
    expect((await planner.check(job({ csv: CSV }))).wbs.tasks).toHaveLength(3);
  });

  it("a worker that runs out of heap fails the job it held, not the process; the next job starts a new worker", async () => {
    planner = await startPlanWorker({ heapMb: 32 });
    const huge = { tasks: Array.from({ length: 600_000 }, (_, i) => ({ id: `t${i}`, name: `Task ${i}`, duration: 1 })), dependencies: [] };
    await expect(planner.check(job({ json: huge }))).rejects.toThrow(/^the plan worker stopped/);
    expect((await planner.check(job({ csv: CSV }))).finish).toBe("2026-11-19");
  });

  it("refuses work once closed", async () => {
    planner = await startPlanWorker();
    await planner.close();
    await expect(planner.check(job({ csv: CSV }))).rejects.toThrow("the plan worker is closed");
  });
});
