import { describe, expect, it } from "vitest";
import { configSchemas, evaluate, evidenceSchema, mergeEvidence, nextChangeAt, type Evidence, type EvidenceState, type ItemDefinition } from ".";

const NOW = new Date("2026-11-21T12:00:00Z");
const fresh = (data: Evidence): EvidenceState => ({ data, at: NOW.toISOString() });
const item = <K extends ItemDefinition["kind"]>(kind: K, config: unknown, maxAge: string | null = null) =>
  ({ kind, config: configSchemas[kind].parse(config), maxAge }) as ItemDefinition;
const statusOf = (def: ItemDefinition, data: Evidence) => evaluate(def, fresh(data), NOW).status;

describe("every kind without evidence", () => {
  it.each(["check", "metric", "ratio", "param", "stages", "drill"] as const)("%s is pending with a reason", (kind) => {
    const configs = {
      check: {},
      metric: { op: "<=", target: 1 },
      ratio: { target: 1 },
      param: { approved: 1 },
      stages: { stages: ["a"] },
      drill: { valid_days: 1 },
    };
    expect(evaluate(item(kind, configs[kind]), null, NOW)).toEqual({ status: "pending", reason: "no evidence reported yet" });
  });

  it("task and actions items say what they wait for", () => {
    expect(evaluate(item("task", { tasks: ["full-release"] }), null, NOW)).toEqual({
      status: "pending",
      reason: "waits for WBS scheduling (linked tasks: full-release)",
    });
    expect(evaluate(item("actions", {}), null, NOW).reason).toBe("waits for the release's action items (P0/P1)");
  });
});

describe("actions", () => {
  const actions = item("actions", {});
  const facts = (open: { priority: "P0" | "P1" | "P2" | "P3"; due: string }[]) => ({ actions: { today: "2026-11-21", open } });
  it("is green with no open action of its priorities (none at all is green)", () => {
    expect(evaluate(actions, null, NOW, facts([]))).toEqual({ status: "green", reason: "no open P0/P1 actions" });
    expect(evaluate(actions, null, NOW, facts([{ priority: "P2", due: "2026-11-01" }])).status).toBe("green");
  });
  it("is red otherwise, naming how many are open, how many overdue and the earliest due", () => {
    const open = facts([
      { priority: "P1", due: "2026-11-25" },
      { priority: "P0", due: "2026-11-20" },
      { priority: "P2", due: "2026-11-01" },
    ]);
    expect(evaluate(actions, null, NOW, open)).toEqual({ status: "red", reason: "2 open P0/P1 actions, 1 overdue, earliest due 2026-11-20" });
    expect(evaluate(actions, null, NOW, facts([{ priority: "P1", due: "2026-11-21" }])).reason).toBe("1 open P0/P1 action, 0 overdue, earliest due 2026-11-21");
  });
  it("holds the priorities its template names", () => {
    const all = item("actions", { priorities: ["P0", "P1", "P2"] });
    expect(evaluate(all, null, NOW, facts([{ priority: "P2", due: "2026-12-01" }])).reason).toBe("1 open P0/P1/P2 action, 0 overdue, earliest due 2026-12-01");
    expect(configSchemas.actions.safeParse({ priorities: ["P5"] }).success).toBe(false);
  });
});

describe("check", () => {
  const check = item("check", {});
  it("is green when done and red when not", () => {
    expect(evaluate(check, fresh({ done: true }), NOW)).toEqual({ status: "green", reason: "done" });
    expect(evaluate(check, fresh({ done: false }), NOW)).toEqual({ status: "red", reason: "not done" });
  });
});

describe("metric", () => {
  const latency = item("metric", { op: "<=", target: 20, warn: 30, unit: "ms" });
  const throughput = item("metric", { op: ">=", target: 100, warn: 80 });
  const noWarn = item("metric", { op: "<=", target: 20 });

  it("<=: exactly at target is green, just above is amber, exactly at warn is amber, above warn is red", () => {
    expect(evaluate(latency, fresh({ value: 20 }), NOW)).toEqual({ status: "green", reason: "20 ms ≤ target 20 ms" });
    expect(statusOf(latency, { value: 20.0001 })).toBe("amber");
    expect(evaluate(latency, fresh({ value: 30 }), NOW)).toEqual({
      status: "amber",
      reason: "30 ms > target 20 ms, within warn 30 ms",
    });
    expect(evaluate(latency, fresh({ value: 30.5 }), NOW)).toEqual({ status: "red", reason: "30.5 ms > warn 30 ms" });
  });

  it(">=: exactly at target is green, at warn amber, below warn red", () => {
    expect(statusOf(throughput, { value: 100 })).toBe("green");
    expect(statusOf(throughput, { value: 99.99 })).toBe("amber");
    expect(statusOf(throughput, { value: 80 })).toBe("amber");
    expect(statusOf(throughput, { value: 79.9 })).toBe("red");
    expect(statusOf(throughput, { value: 1e9 })).toBe("green");
  });

  it("without warn, anything past target is red", () => {
    expect(statusOf(noWarn, { value: 20 })).toBe("green");
    expect(evaluate(noWarn, fresh({ value: 25 }), NOW)).toEqual({ status: "red", reason: "25 > target 20" });
  });

  it("writes large numbers with grouped thousands and % without a space", () => {
    const fund = item("metric", { op: ">=", target: 5_000_000, unit: "USDT" });
    expect(evaluate(fund, fresh({ value: 4_200_000 }), NOW).reason).toBe("4,200,000 USDT < target 5,000,000 USDT");
    const errors = item("metric", { op: "<=", target: 0.01, unit: "%" });
    expect(evaluate(errors, fresh({ value: 0.004 }), NOW).reason).toBe("0.004% ≤ target 0.01%");
  });

  it("a template refuses warn on the passing side of target", () => {
    expect(configSchemas.metric.safeParse({ op: "<=", target: 20, warn: 10 }).success).toBe(false);
    expect(configSchemas.metric.safeParse({ op: ">=", target: 20, warn: 30 }).success).toBe(false);
  });
});

describe("ratio", () => {
  const training = item("ratio", { target: 1, warn: 0.95 });
  it("100% target: all passed is green, one short is amber within warn, below warn is red", () => {
    expect(evaluate(training, fresh({ passed: 214, total: 214 }), NOW)).toEqual({
      status: "green",
      reason: "214/214 passed (100%) ≥ target 100%",
    });
    expect(statusOf(training, { passed: 213, total: 214 })).toBe("amber");
    expect(statusOf(training, { passed: 95, total: 100 })).toBe("amber");
    expect(statusOf(training, { passed: 94, total: 100 })).toBe("red");
  });

  it("exactly at a fractional target is green", () => {
    expect(statusOf(item("ratio", { target: 0.9 }), { passed: 9, total: 10 })).toBe("green");
    expect(statusOf(item("ratio", { target: 0.9 }), { passed: 8, total: 10 })).toBe("red");
  });

  it("refuses total 0, passed > total, negatives and fractions", () => {
    const schema = evidenceSchema(training)!;
    expect(schema.safeParse({ passed: 0, total: 0 }).success).toBe(false);
    expect(schema.safeParse({ passed: 5, total: 4 }).success).toBe(false);
    expect(schema.safeParse({ passed: -1, total: 4 }).success).toBe(false);
    expect(schema.safeParse({ passed: 1.5, total: 4 }).success).toBe(false);
    expect(schema.safeParse({ passed: 0, total: 1 }).success).toBe(true);
  });

  it("a template refuses a target outside (0, 1]", () => {
    expect(configSchemas.ratio.safeParse({ target: 0 }).success).toBe(false);
    expect(configSchemas.ratio.safeParse({ target: 1.01 }).success).toBe(false);
  });
});

describe("param", () => {
  const leverage = item("param", { approved: 125, min: 1, max: 125, unit: "x" });
  const slippage = item("param", { approved: 0.12, tolerance: 0.001 });
  it("numbers: equal is green, different is red", () => {
    expect(evaluate(leverage, fresh({ deployed: 125 }), NOW)).toEqual({ status: "green", reason: "deployed 125 x = approved 125 x" });
    expect(statusOf(leverage, { deployed: 100 })).toBe("red");
  });

  it("tolerance: exactly at the edge is green, beyond is red", () => {
    expect(statusOf(slippage, { deployed: 0.121 })).toBe("green");
    expect(statusOf(slippage, { deployed: 0.119 })).toBe("green");
    expect(statusOf(slippage, { deployed: 0.1211 })).toBe("red");
    expect(evaluate(slippage, fresh({ deployed: 0.15 }), NOW).reason).toBe("deployed 0.15 ≠ approved 0.12 beyond ±0.001");
  });

  it("zero tolerance still treats float noise as equal", () => {
    expect(statusOf(item("param", { approved: 0.3 }), { deployed: 0.1 + 0.2 })).toBe("green");
  });

  it("zero tolerance is exact for large values: a cent off a position limit is red", () => {
    const limit = item("param", { approved: 50_000_000 });
    expect(statusOf(limit, { deployed: 50_000_000 })).toBe("green");
    expect(statusOf(limit, { deployed: 50_000_000.01 })).toBe("red");
    expect(statusOf(item("param", { approved: 1e12 }), { deployed: 1e12 + 1 })).toBe("red");
  });

  it("min and max are enforced even within tolerance", () => {
    const capped = item("param", { approved: 10, max: 10, tolerance: 1 });
    expect(statusOf(capped, { deployed: 10.5 })).toBe("red");
    expect(evaluate(capped, fresh({ deployed: 10.5 }), NOW).reason).toBe("deployed 10.5 above max 10");
    const floored = item("param", { approved: 1, min: 1, tolerance: 1 });
    expect(evaluate(floored, fresh({ deployed: 0.5 }), NOW)).toEqual({ status: "red", reason: "deployed 0.5 below min 1" });
  });

  it("strings and booleans compare exactly", () => {
    expect(statusOf(item("param", { approved: "8h" }), { deployed: "8h" })).toBe("green");
    expect(statusOf(item("param", { approved: "8h" }), { deployed: "4h" })).toBe("red");
    expect(statusOf(item("param", { approved: true }), { deployed: true })).toBe("green");
    expect(statusOf(item("param", { approved: true }), { deployed: false })).toBe("red");
  });

  it("refuses deployed values of another type than approved", () => {
    expect(evidenceSchema(leverage)!.safeParse({ deployed: "125" }).success).toBe(false);
    expect(evidenceSchema(item("param", { approved: true }))!.safeParse({ deployed: 1 }).success).toBe(false);
    expect(evidenceSchema(item("param", { approved: "8h" }))!.safeParse({ deployed: 8 }).success).toBe(false);
  });

  it("a template refuses min/max on a non-numeric parameter and approved outside bounds", () => {
    expect(configSchemas.param.safeParse({ approved: "8h", max: 3 }).success).toBe(false);
    expect(configSchemas.param.safeParse({ approved: 200, max: 125 }).success).toBe(false);
  });
});

describe("stages", () => {
  const mm = item("stages", { stages: ["connectivity", "auth", "soak"] });
  it("all passed is green, any failed is red, some passed amber, none reported pending", () => {
    expect(statusOf(mm, { stages: { connectivity: "passed", auth: "passed", soak: "passed" } })).toBe("green");
    expect(evaluate(mm, fresh({ stages: { connectivity: "passed", auth: "failed" } }), NOW)).toEqual({
      status: "red",
      reason: "failed: auth",
    });
    expect(evaluate(mm, fresh({ stages: { connectivity: "passed" } }), NOW)).toEqual({
      status: "amber",
      reason: "1/3 stages passed; waiting: auth, soak",
    });
    expect(statusOf(mm, { stages: { connectivity: "pending" } })).toBe("pending");
  });

  it("merges reports: later stages accumulate, a re-run overrides a failure", () => {
    let merged = mergeEvidence("stages", null, { stages: { connectivity: "passed", auth: "failed" } });
    merged = mergeEvidence("stages", merged, { stages: { auth: "passed" } });
    merged = mergeEvidence("stages", merged, { stages: { soak: "passed" } });
    expect(merged).toEqual({ stages: { connectivity: "passed", auth: "passed", soak: "passed" } });
    expect(statusOf(mm, merged)).toBe("green");
  });

  it("refuses unknown stage names, bad results and an empty report", () => {
    const schema = evidenceSchema(mm)!;
    expect(schema.safeParse({ stages: { kyc: "passed" } }).success).toBe(false);
    expect(schema.safeParse({ stages: { auth: "ok" } }).success).toBe(false);
    expect(schema.safeParse({ stages: {} }).success).toBe(false);
  });

  it("a template refuses duplicate or no stages", () => {
    expect(configSchemas.stages.safeParse({ stages: ["a", "a"] }).success).toBe(false);
    expect(configSchemas.stages.safeParse({ stages: [] }).success).toBe(false);
  });
});

describe("drill", () => {
  const drill = item("drill", { valid_days: 30 });
  it("a pass within valid_days is green, on the last valid day still green, the day after amber", () => {
    expect(evaluate(drill, fresh({ performed_on: "2026-11-01", result: "pass" }), NOW)).toEqual({
      status: "green",
      reason: "passed on 2026-11-01, valid until 2026-12-01",
    });
    expect(statusOf(drill, { performed_on: "2026-10-22", result: "pass" })).toBe("green");
    expect(evaluate(drill, fresh({ performed_on: "2026-10-21", result: "pass" }), NOW)).toEqual({
      status: "amber",
      reason: "passed on 2026-10-21, expired after 2026-11-20",
    });
  });

  it("a failed drill is red however recent", () => {
    expect(evaluate(drill, fresh({ performed_on: "2026-11-21", result: "fail" }), NOW)).toEqual({
      status: "red",
      reason: "drill failed on 2026-11-21",
    });
  });

  it("judges the latest drill: reporting an older one does not replace it", () => {
    const newer = { performed_on: "2026-11-20", result: "pass" } as const;
    const older = { performed_on: "2026-10-01", result: "fail" } as const;
    expect(mergeEvidence("drill", newer, older)).toEqual(newer);
    expect(mergeEvidence("drill", older, newer)).toEqual(newer);
    const sameDayRerun = { performed_on: "2026-11-20", result: "fail" } as const;
    expect(mergeEvidence("drill", newer, sameDayRerun)).toEqual(sameDayRerun);
  });

  it("refuses impossible dates", () => {
    const schema = evidenceSchema(drill)!;
    expect(schema.safeParse({ performed_on: "2026-02-30", result: "pass" }).success).toBe(false);
    expect(schema.safeParse({ performed_on: "21/11/2026", result: "pass" }).success).toBe(false);
    expect(schema.safeParse({ performed_on: "2026-11-01", result: "maybe" }).success).toBe(false);
  });
});

describe("max_age staleness", () => {
  const latency = item("metric", { op: "<=", target: 20 }, "24h");
  const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();

  it("green evidence exactly max_age old is still green; older turns amber with reason stale", () => {
    expect(evaluate(latency, { data: { value: 10 }, at: at(24) }, NOW).status).toBe("green");
    const stale = evaluate(latency, { data: { value: 10 }, at: at(24.01) }, NOW);
    expect(stale.status).toBe("amber");
    expect(stale.reason).toBe("stale: last evidence 2026-11-20 11:59 UTC, max age 24h");
    // The reason must not drift with time, or the sweep would record a change every tick.
    expect(evaluate(latency, { data: { value: 10 }, at: at(24.01) }, new Date(NOW.getTime() + 3_600_000)).reason).toBe(stale.reason);
  });

  it("staleness never improves a red item", () => {
    expect(evaluate(latency, { data: { value: 50 }, at: at(100) }, NOW).status).toBe("red");
  });

  it("works for minutes and days", () => {
    const check = item("check", {}, "90m");
    expect(evaluate(check, { data: { done: true }, at: at(1.5) }, NOW).status).toBe("green");
    expect(evaluate(check, { data: { done: true }, at: at(1.51) }, NOW).status).toBe("amber");
    const weekly = item("check", {}, "7d");
    expect(evaluate(weekly, { data: { done: true }, at: at(7 * 24 + 1) }, NOW).status).toBe("amber");
  });
});

describe("nextChangeAt: when time alone will change an item", () => {
  it("a green item with max_age goes stale 1 ms after max_age", () => {
    const latency = item("metric", { op: "<=", target: 20 }, "24h");
    const at = nextChangeAt(latency, fresh({ value: 10 }), NOW)!;
    expect(at.toISOString()).toBe("2026-11-22T12:00:00.001Z");
    expect(evaluate(latency, fresh({ value: 10 }), new Date(at.getTime() - 1)).status).toBe("green");
    expect(evaluate(latency, fresh({ value: 10 }), at).status).toBe("amber");
  });

  it("a passed drill expires at midnight UTC after its last valid day", () => {
    const drill = item("drill", { valid_days: 30 });
    const at = nextChangeAt(drill, fresh({ performed_on: "2026-11-01", result: "pass" }), NOW)!;
    expect(at.toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(evaluate(drill, fresh({ performed_on: "2026-11-01", result: "pass" }), new Date(at.getTime() - 1)).status).toBe("green");
    expect(evaluate(drill, fresh({ performed_on: "2026-11-01", result: "pass" }), at).status).toBe("amber");
  });

  it("the earlier of staleness and expiry wins; items that time cannot change have none", () => {
    const drill = item("drill", { valid_days: 30 }, "2h");
    expect(nextChangeAt(drill, fresh({ performed_on: "2026-11-01", result: "pass" }), NOW)!.toISOString()).toBe("2026-11-21T14:00:00.001Z");
    expect(nextChangeAt(item("metric", { op: "<=", target: 20 }, "1h"), fresh({ value: 50 }), NOW)).toBeNull();
    expect(nextChangeAt(item("check", {}), fresh({ done: true }), NOW)).toBeNull();
    expect(nextChangeAt(item("check", {}, "1h"), null, NOW)).toBeNull();
  });
});

describe("task items", () => {
  const linkedTo = item("task", { tasks: ["a", "b"] });
  const plan = (tasks: Record<string, { status: string; finish: string }>) => ({ task: { launch: "2026-12-01", tasks: new Map(Object.entries(tasks)) } });

  it("wait for a WBS, then follow the linked tasks: done is green, late is red, otherwise amber", () => {
    expect(evaluate(linkedTo, null, NOW).status).toBe("pending");
    expect(evaluate(linkedTo, null, NOW, plan({ a: { status: "done", finish: "2026-11-10" } }))).toEqual({
      status: "pending",
      reason: "linked tasks not in the WBS: b",
    });
    expect(evaluate(linkedTo, null, NOW, plan({ a: { status: "done", finish: "2026-11-10" }, b: { status: "done", finish: "2026-12-20" } }))).toEqual({
      status: "green",
      reason: "all 2 linked tasks done",
    });
    expect(evaluate(linkedTo, null, NOW, plan({ a: { status: "done", finish: "2026-11-10" }, b: { status: "todo", finish: "2026-12-01" } }))).toEqual({
      status: "amber",
      reason: "1 of 2 linked tasks done; projected finish 2026-12-01, before launch",
    });
    expect(evaluate(linkedTo, null, NOW, plan({ a: { status: "in_progress", finish: "2026-12-02" }, b: { status: "todo", finish: "2026-12-09" } }))).toEqual({
      status: "red",
      reason: "b projected to finish 2026-12-09, after launch 2026-12-01 (and 1 more)",
    });
  });
});

describe("dates and instants", () => {
  it("refuse what is not one, and what lies outside 2000–2200, each with its own message and never by throwing", async () => {
    const { instantSchema, isoDateSchema } = await import(".");
    expect(
      instantSchema()
        .safeParse("yesterday")
        .error?.issues.map((i) => i.message),
    ).toEqual(["expected an instant like 2026-11-30T14:05:00Z"]);
    expect(
      instantSchema()
        .safeParse("9999-12-31T23:00:00Z")
        .error?.issues.map((i) => i.message),
    ).toEqual(["dates run from 2000-01-01 to 2200-12-31"]);
    expect(instantSchema().safeParse("2026-11-30T14:05:00+01:00").success).toBe(true);
    expect(isoDateSchema.safeParse("1999-12-31").error?.issues.map((i) => i.message)).toEqual(["dates run from 2000-01-01 to 2200-12-31"]);
    expect(isoDateSchema.safeParse("2200-12-31").success).toBe(true);
  });
});
