import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "../time";
import { configSchemas, evaluate, evidenceSchema, mergeEvidence, nextChangeAt, type Evidence, type EvidenceState, type ItemDefinition, type SopState } from ".";

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

  it("a new software version discards the earlier results; a report without one is about the version on record", () => {
    let merged = mergeEvidence("stages", null, { stages: { connectivity: "passed", auth: "passed", soak: "failed" }, version: "2.4.1" });
    merged = mergeEvidence("stages", merged, { stages: { soak: "passed" } });
    expect(merged).toEqual({ stages: { connectivity: "passed", auth: "passed", soak: "passed" }, version: "2.4.1" });
    expect(evaluate(mm, fresh(merged), NOW)).toEqual({ status: "green", reason: "version 2.4.1: all 3 stages passed" });
    merged = mergeEvidence("stages", merged, { stages: { connectivity: "passed" }, version: "2.5.0" });
    expect(merged).toEqual({ stages: { connectivity: "passed" }, version: "2.5.0" });
    expect(evaluate(mm, fresh(merged), NOW)).toEqual({ status: "amber", reason: "version 2.5.0: 1/3 stages passed; waiting: auth, soak" });
    // The same version again accumulates.
    merged = mergeEvidence("stages", merged, { stages: { auth: "failed" }, version: "2.5.0" });
    expect(evaluate(mm, fresh(merged), NOW)).toEqual({ status: "red", reason: "version 2.5.0: failed: auth" });
  });

  it("keeps each stage's latest date, link, version and test counts when told the report's server side", () => {
    const first = { at: "2026-11-20T10:00:00.000Z", link: "https://ci.example.com/run/1" };
    const second = { at: "2026-11-21T10:00:00.000Z", link: null };
    const counts = { tests: 12, failures: 1, errors: 0, skipped: 2 };
    let kept = mergeEvidence("stages", null, { stages: { connectivity: "passed", auth: "failed" }, version: "1.0", junit: { auth: counts } }, first);
    kept = mergeEvidence("stages", kept, { stages: { auth: "passed" } }, second);
    expect(kept).toEqual({
      stages: { connectivity: "passed", auth: "passed" },
      version: "1.0",
      results: {
        connectivity: { result: "passed", at: first.at, link: first.link, version: "1.0" },
        auth: { result: "passed", at: second.at, link: null, version: "1.0" },
      },
    });
    // A new version starts the record afresh too.
    kept = mergeEvidence("stages", kept, { stages: { soak: "failed" }, version: "1.1", junit: { soak: counts } }, second);
    expect(kept).toEqual({
      stages: { soak: "failed" },
      version: "1.1",
      results: { soak: { result: "failed", at: second.at, link: null, version: "1.1", tests: counts } },
    });
  });

  it("refuses a version with spaces or over 64 characters", () => {
    const schema = evidenceSchema(mm)!;
    expect(schema.safeParse({ stages: { auth: "passed" }, version: "2.4.1-rc.1+build.7" }).success).toBe(true);
    expect(schema.safeParse({ stages: { auth: "passed" }, version: "2.4 final" }).success).toBe(false);
    expect(schema.safeParse({ stages: { auth: "passed" }, version: "x".repeat(65) }).success).toBe(false);
    expect(schema.safeParse({ stages: { auth: "passed" }, version: "" }).success).toBe(false);
    // Nobody sends test counts or stamps through the evidence contract: the server derives them.
    expect(schema.safeParse({ stages: { auth: "passed" }, results: {} }).success).toBe(false);
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

describe("drill timings and the launch date (SPEC 12.5)", () => {
  const timed = item("drill", { valid_days: 30, max_detect_s: 60, max_mitigate_s: 300 });
  const LAUNCH = { launch: "2026-12-01" };
  const drillOf = (extra: Partial<Extract<Evidence, { performed_on: string }>> = {}): Evidence => ({
    performed_on: "2026-11-10",
    result: "pass",
    detect_s: 41,
    mitigate_s: 180,
    ...extra,
  });
  const judge = (data: Evidence, context: { launch: string } | undefined = LAUNCH, def = timed) => evaluate(def, fresh(data), NOW, {}, context);

  it("a pass within both targets, valid on launch day, is green", () => {
    expect(judge(drillOf())).toEqual({ status: "green", reason: "passed on 2026-11-10, valid until 2026-12-10" });
  });

  it("exactly at a target still meets it", () => {
    expect(judge(drillOf({ detect_s: 60, mitigate_s: 300 })).status).toBe("green");
  });

  it("a detection over target counts as failed, naming the timing and by how much", () => {
    expect(judge(drillOf({ detect_s: 95 }))).toEqual({
      status: "red",
      reason: "drill on 2026-11-10 counts as failed: detected in 95 s > target 60 s (+35 s)",
    });
  });

  it("a mitigation over target counts as failed; both over name both", () => {
    expect(judge(drillOf({ mitigate_s: 300.5 })).reason).toBe("drill on 2026-11-10 counts as failed: mitigated in 300.5 s > target 300 s (+0.5 s)");
    expect(judge(drillOf({ detect_s: 61, mitigate_s: 420 }))).toEqual({
      status: "red",
      reason: "drill on 2026-11-10 counts as failed: detected in 61 s > target 60 s (+1 s); mitigated in 420 s > target 300 s (+120 s)",
    });
  });

  it("a failed drill is red whatever its timings", () => {
    expect(judge(drillOf({ result: "fail", detect_s: 5 }))).toEqual({ status: "red", reason: "drill failed on 2026-11-10" });
  });

  it("timings count only against targets the template sets", () => {
    expect(judge(drillOf({ detect_s: 9999 }), LAUNCH, item("drill", { valid_days: 30 })).status).toBe("green");
  });

  it("a pass without the timings its targets ask for is amber, saying which", () => {
    expect(judge({ performed_on: "2026-11-10", result: "pass" })).toEqual({
      status: "amber",
      reason: "passed on 2026-11-10, times to detect and mitigate not recorded (targets 60 s, 300 s)",
    });
    expect(judge({ performed_on: "2026-11-10", result: "pass", detect_s: 30 }).reason).toBe(
      "passed on 2026-11-10, time to mitigate not recorded (target 300 s)",
    );
    expect(judge({ performed_on: "2026-11-10", result: "pass", mitigate_s: 30 }).reason).toBe(
      "passed on 2026-11-10, time to detect not recorded (target 60 s)",
    );
  });

  it("a pass that expires the day before launch is amber at once: expires before launch", () => {
    // Valid until 2026-11-30; launch 2026-12-01.
    expect(judge(drillOf({ performed_on: "2026-10-31" }))).toEqual({
      status: "amber",
      reason: "passed on 2026-10-31, valid until 2026-11-30: expires before launch 2026-12-01",
    });
  });

  it("a pass that expires on launch day or after is green", () => {
    expect(judge(drillOf({ performed_on: "2026-11-01" }))).toEqual({ status: "green", reason: "passed on 2026-11-01, valid until 2026-12-01" });
    expect(judge(drillOf({ performed_on: "2026-11-01" }), { launch: "2026-11-25" }).status).toBe("green");
  });

  it("without a release (no launch date) only today counts", () => {
    expect(evaluate(timed, fresh(drillOf({ performed_on: "2026-10-31" })), NOW).status).toBe("green");
  });

  it("an amber 'expires before launch' turns 'expired' when it lapses: the sweep is told when", () => {
    const lapsing = fresh(drillOf({ performed_on: "2026-10-31" }));
    const at = nextChangeAt(timed, lapsing, NOW, LAUNCH)!;
    expect(at.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(evaluate(timed, lapsing, new Date(at.getTime() - 1), {}, LAUNCH).reason).toMatch(/expires before launch/);
    expect(evaluate(timed, lapsing, at, {}, LAUNCH)).toEqual({ status: "amber", reason: "passed on 2026-10-31, expired after 2026-11-30" });
    // Once expired, and for a failed or too slow drill, time changes nothing more.
    expect(nextChangeAt(timed, lapsing, at, LAUNCH)).toBeNull();
    expect(nextChangeAt(timed, fresh(drillOf({ result: "fail" })), NOW, LAUNCH)).toBeNull();
    expect(nextChangeAt(timed, fresh(drillOf({ detect_s: 95 })), NOW, LAUNCH)).toBeNull();
  });

  it("refuses negative or absurd timings, and a template's non-positive targets", () => {
    const schema = evidenceSchema(timed)!;
    expect(schema.safeParse({ performed_on: "2026-11-01", result: "pass", detect_s: -1 }).success).toBe(false);
    expect(schema.safeParse({ performed_on: "2026-11-01", result: "pass", detect_s: "fast" }).success).toBe(false);
    expect(schema.safeParse({ performed_on: "2026-11-01", result: "pass", mitigate_s: 1e9 }).success).toBe(false);
    expect(schema.safeParse({ performed_on: "2026-11-01", result: "pass", detect_s: 0, mitigate_s: 12.5 }).success).toBe(true);
    expect(configSchemas.drill.safeParse({ valid_days: 30, max_detect_s: 0 }).success).toBe(false);
    expect(configSchemas.drill.safeParse({ valid_days: 30, max_detect: 60 }).success).toBe(false);
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

describe("roster", () => {
  const LAUNCH = "2026-12-20";
  const people = (n: number) => Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com`, name: `P${i}`, team: i % 2 ? "shift-b" : "shift-a" }));
  const facts = (roster: { email: string; name: string; team: string }[], passes: Record<string, string> = {}, assessment = "perp-v2") => ({
    roster: { launch: LAUNCH, people: roster, passes: { [assessment]: passes } },
  });
  const onLaunch = item("roster", { assessment: "perp-v2" });
  const thirtyDays = item("roster", { assessment: "perp-v2", valid_days: 30 });

  it("is pending with no facts or an empty roster", () => {
    const pending = { status: "pending", reason: "no roster yet: add the people who must pass" };
    expect(evaluate(onLaunch, null, NOW)).toEqual(pending);
    expect(evaluate(onLaunch, null, NOW, facts([]))).toEqual(pending);
  });

  it("counts passes of its own assessment only, and nobody's pass is someone else's", () => {
    const two = people(2);
    expect(evaluate(onLaunch, null, NOW, facts(two, { "p0@example.com": "2026-11-01T09:00:00.000Z" }, "other"))).toMatchObject({ status: "red" });
    expect(evaluate(onLaunch, null, NOW, facts(two, { "stranger@example.com": "2026-11-01T09:00:00.000Z" })).reason).toBe(
      "0/2 passed, valid on launch 2026-12-20 (0%) < target 100%; not passed: P0 (shift-a), P1 (shift-b)",
    );
  });

  it("holds a target below 1: green at the target, red just under it", () => {
    const eighty = item("roster", { assessment: "perp-v2", target: 0.8 });
    const five = people(5);
    const passed = (n: number) => Object.fromEntries(five.slice(0, n).map((p) => [p.email, "2026-11-01T09:00:00.000Z"]));
    expect(evaluate(eighty, null, NOW, facts(five, passed(4)))).toEqual({
      status: "green",
      reason: "4/5 passed, valid on launch 2026-12-20 (80%) ≥ target 80%",
    });
    expect(evaluate(eighty, null, NOW, facts(five, passed(3)))).toEqual({
      status: "red",
      reason: "3/5 passed, valid on launch 2026-12-20 (60%) < target 80%; not passed: P3 (shift-b), P4 (shift-a)",
    });
    expect(configSchemas.roster.safeParse({ assessment: "a", target: 0 }).success).toBe(false);
    expect(configSchemas.roster.safeParse({ assessment: "a", target: 1.1 }).success).toBe(false);
    expect(configSchemas.roster.parse({ assessment: "a" })).toEqual({ assessment: "a", target: 1 });
  });

  it("counts a pass valid exactly on launch day, and not one that lapses the day before, saying so", () => {
    const one = people(1);
    // valid_days 30: a pass on 2026-11-20 is valid to 2026-12-20 (launch day) inclusive.
    expect(evaluate(thirtyDays, null, NOW, facts(one, { "p0@example.com": "2026-11-20T23:59:00.000Z" }))).toEqual({
      status: "green",
      reason: "1/1 passed, valid on launch 2026-12-20 (100%) ≥ target 100%",
    });
    // A day earlier: valid to 2026-12-19, the day before launch.
    expect(evaluate(thirtyDays, null, NOW, facts(one, { "p0@example.com": "2026-11-19T00:00:00.000Z" }))).toEqual({
      status: "red",
      reason: "0/1 passed, valid on launch 2026-12-20 (0%) < target 100%; not passed: P0 (shift-a); 1 of them hold a pass that expires before launch",
    });
  });

  it("counts only the people holding a pass that lapses as expiring, not those who never passed", () => {
    const three = people(3);
    const reason = evaluate(
      thirtyDays,
      null,
      NOW,
      facts(three, { "p0@example.com": "2026-12-01T00:00:00.000Z", "p1@example.com": "2026-10-01T00:00:00.000Z" }),
    ).reason;
    expect(reason).toBe(
      "1/3 passed, valid on launch 2026-12-20 (33.3%) < target 100%; not passed: P1 (shift-b), P2 (shift-a); 1 of them hold a pass that expires before launch",
    );
  });

  it("never expires a pass when valid_days is not given", () => {
    expect(evaluate(onLaunch, null, NOW, facts(people(1), { "p0@example.com": "2001-01-01T00:00:00.000Z" })).status).toBe("green");
  });

  it("names the first five missing people, in roster order, then how many more", () => {
    const nine = people(9);
    expect(evaluate(onLaunch, null, NOW, facts(nine, { "p2@example.com": "2026-11-01T00:00:00.000Z" })).reason).toBe(
      "1/9 passed, valid on launch 2026-12-20 (11.1%) < target 100%; not passed: P0 (shift-a), P1 (shift-b), P3 (shift-b), P4 (shift-a), P5 (shift-b) +3",
    );
    // Exactly five: no count.
    expect(evaluate(onLaunch, null, NOW, facts(people(5))).reason).toMatch(
      /not passed: P0 \(shift-a\), P1 \(shift-b\), P2 \(shift-a\), P3 \(shift-b\), P4 \(shift-a\)$/,
    );
    expect(evaluate(onLaunch, null, NOW, facts(people(6))).reason).toMatch(/P4 \(shift-a\) \+1$/);
  });

  it("is green exactly when the share valid on launch reaches the target (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.array(fc.option(fc.integer({ min: -60, max: 0 }), { nil: undefined }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 100 }),
        fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
        (n, offsets, targetPercent, validDays) => {
          const roster = people(n);
          const passes: Record<string, string> = {};
          roster.forEach((p, i) => {
            const offset = offsets[i % offsets.length];
            if (offset !== undefined) passes[p.email] = `${addDays(LAUNCH, offset)}T12:00:00.000Z`;
          });
          const target = targetPercent / 100;
          const def = item("roster", { assessment: "perp-v2", target, ...(validDays ? { valid_days: validDays } : {}) });
          const valid = roster.filter((p) => passes[p.email] && (!validDays || addDays(passes[p.email]!.slice(0, 10), validDays) >= LAUNCH)).length;
          const { status, reason } = evaluate(def, null, NOW, facts(roster, passes));
          expect(status).toBe(valid / n >= target ? "green" : "red");
          expect(reason.startsWith(`${valid}/${n} passed`)).toBe(true);
          if (status === "red") {
            const missing = n - valid;
            expect(reason.endsWith(missing > 5 ? `+${missing - 5}` : ")") || reason.includes("expires before launch")).toBe(true);
          }
        },
      ),
    );
  });
});

describe("sop", () => {
  const roster = [
    { email: "a@example.com", name: "A", team: "shift-a" },
    { email: "b@example.com", name: "B", team: "shift-b" },
  ];
  const state = (over: Partial<SopState> = {}): SopState => ({
    title: "VIP",
    current: { version: 2, approved_at: "2026-11-01T09:00:00.000Z" },
    review_due: "2026-11-30",
    acknowledged: [],
    ...over,
  });
  const facts = (sops: Record<string, SopState>, people = roster, today = "2026-11-21") => ({ sop: { today, people, sops } });
  const vip = item("sop", { sop: "vip" });

  it("is pending with no facts, for an SOP not in the registry, with no approved revision, or with an empty roster", () => {
    expect(evaluate(vip, null, NOW)).toEqual({ status: "pending", reason: 'SOP "vip" is not in the registry yet' });
    expect(evaluate(vip, null, NOW, facts({ other: state() }))).toEqual({ status: "pending", reason: 'SOP "vip" is not in the registry yet' });
    expect(evaluate(vip, null, NOW, facts({ vip: state({ current: null, review_due: null }) }))).toEqual({
      status: "pending",
      reason: 'SOP "vip" has no approved revision yet',
    });
    expect(evaluate(vip, null, NOW, facts({ vip: state() }, []))).toEqual({ status: "pending", reason: "no roster yet: nobody to acknowledge v2" });
  });

  it("is green when everyone acknowledged and the review is on time (due today is on time)", () => {
    const all = state({ acknowledged: ["a@example.com", "b@example.com"], review_due: "2026-11-21" });
    expect(evaluate(vip, null, NOW, facts({ vip: all }))).toEqual({ status: "green", reason: "v2 acknowledged by 2/2 (100%); next review due 2026-11-21" });
  });

  it("counts only roster people's acknowledgements", () => {
    const reason = evaluate(vip, null, NOW, facts({ vip: state({ acknowledged: ["a@example.com", "stranger@example.com"] }) })).reason;
    expect(reason).toBe("v2 acknowledged by 1/2 (50%) < target 100%; not acknowledged: B (shift-b)");
  });

  it("holds an ack_target below 1", () => {
    const half = item("sop", { sop: "vip", ack_target: 0.5 });
    expect(evaluate(half, null, NOW, facts({ vip: state({ acknowledged: ["b@example.com"] }) }))).toEqual({
      status: "green",
      reason: "v2 acknowledged by 1/2 (50%); next review due 2026-11-30",
    });
    expect(evaluate(item("sop", { sop: "vip", ack_target: 0.51 }), null, NOW, facts({ vip: state({ acknowledged: ["b@example.com"] }) })).reason).toBe(
      "v2 acknowledged by 1/2 (50%) < target 51%; not acknowledged: A (shift-a)",
    );
    expect(configSchemas.sop.safeParse({ sop: "vip", ack_target: 0 }).success).toBe(false);
    expect(configSchemas.sop.parse({ sop: "vip" })).toEqual({ sop: "vip", ack_target: 1 });
  });

  it("is amber when only the review is overdue, red naming both when acknowledgements are short too", () => {
    const overdue = { review_due: "2026-11-20" };
    expect(evaluate(vip, null, NOW, facts({ vip: state({ ...overdue, acknowledged: ["a@example.com", "b@example.com"] }) }))).toEqual({
      status: "amber",
      reason: "review overdue since 2026-11-20; v2 acknowledged by 2/2 (100%)",
    });
    expect(evaluate(vip, null, NOW, facts({ vip: state({ ...overdue, acknowledged: ["a@example.com"] }) }))).toEqual({
      status: "red",
      reason: "v2 acknowledged by 1/2 (50%) < target 100%; not acknowledged: B (shift-b); review overdue since 2026-11-20",
    });
  });

  it("names the first five who have not acknowledged, then how many more", () => {
    const eight = Array.from({ length: 8 }, (_, i) => ({ email: `p${i}@example.com`, name: `P${i}`, team: "t" }));
    expect(evaluate(vip, null, NOW, facts({ vip: state() }, eight)).reason).toBe(
      "v2 acknowledged by 0/8 (0%) < target 100%; not acknowledged: P0 (t), P1 (t), P2 (t), P3 (t), P4 (t) +3",
    );
  });

  it("is never green with the review overdue, nor with the share under its target (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: -5, max: 5 }),
        (n, k, t, due) => {
          const people = Array.from({ length: n }, (_, i) => ({ email: `p${i}@example.com`, name: `P${i}`, team: "t" }));
          const acked = people.slice(0, Math.min(k, n)).map((p) => p.email);
          const reviewDue = addDays("2026-11-21", due);
          const { status } = evaluate(
            item("sop", { sop: "vip", ack_target: t / 100 }),
            null,
            NOW,
            facts({ vip: state({ acknowledged: acked, review_due: reviewDue }) }, people),
          );
          const short = acked.length / n < t / 100;
          expect(status).toBe(short ? "red" : reviewDue < "2026-11-21" ? "amber" : "green");
        },
      ),
    );
  });
});
