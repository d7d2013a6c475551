import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { drillRecordSchema, type DrillRecordInput } from "../../app/shared/drills";
import type { GreenlightEvent } from "../../app/shared/events";
import { inProcess, type InProcess } from "../../test/support/services";
import { SYSTEM } from "../auth/actor";
import { parseTemplate } from "../readiness/template";
import type { Services } from "../services";

/**
 * The drills log on a real SQLite file, in process: a drill recorded is its
 * item's evidence and its findings' action items in one transaction, timings
 * over target and a lapse before launch judged on the item, a refusal
 * anywhere (a finding's owner, the item, the date, the permission) leaving
 * no trace, and the log paged.
 */
const TEMPLATE = parseTemplate(
  "drills.yaml",
  [
    "template: drills",
    "name: Drills",
    "functions: [ops, rd, risk]",
    "sections:",
    "  - key: drills",
    "    name: Drills",
    "    owner: ops",
    "    items:",
    "      - {key: circuit-breaker, title: Circuit breaker, kind: drill, valid_days: 30, max_detect_s: 60, max_mitigate_s: 300}",
    "      - {key: failover, title: Failover, kind: drill, valid_days: 14, max_mitigate_s: 30}",
    "      - {key: runbook, title: Runbook, kind: check}",
    "      - {key: follow-up, title: Drill actions closed, kind: actions}",
  ].join("\n"),
);

let db: Db;
let services: Services;
let now: Date;
let published: GreenlightEvent[];
let person: InProcess["person"];
let count: InProcess["count"];

const item = (id: string) => services.readiness.getItem("rel", id);
/** Everything a refused drill must leave alone. */
const snapshot = () => ({
  events: count("events"),
  drills: count("drills"),
  actions: count("action_items"),
  items: db.all(sql.raw("select id, status, reason, version from items order by id")),
});

const drill = (over: Partial<Record<keyof DrillRecordInput, unknown>> = {}): DrillRecordInput =>
  drillRecordSchema.parse({
    item: "drills.circuit-breaker",
    kind: "circuit-breaker",
    performed_on: "2026-11-20",
    result: "pass",
    detect_s: 41,
    mitigate_s: 180,
    participants: ["Omar (ops)", "rina@example.com"],
    ...over,
  });

beforeEach(() => {
  now = new Date("2026-11-21T09:00:00Z");
  ({ db, services, published, person, count } = inProcess({
    clock: () => now,
    templates: [TEMPLATE],
    releases: [{ id: "rel", name: "Rel", template: "drills", launch_date: "2026-12-10" }],
  }));
});

describe("recording a drill", () => {
  it("records the drill and reports it on its item in one transaction: green within targets and valid on launch day", () => {
    const { drill: recorded, item: after, seq } = services.drills.record("rel", drill(), SYSTEM);
    expect(recorded).toMatchObject({
      item: "drills.circuit-breaker",
      kind: "circuit-breaker",
      result: "pass",
      detect_s: 41,
      mitigate_s: 180,
      findings: [],
      seq,
    });
    expect(after).toMatchObject({ status: "green", reason: "passed on 2026-11-20, valid until 2026-12-20" });
    expect(after.evidence).toEqual({ performed_on: "2026-11-20", result: "pass", detect_s: 41, mitigate_s: 180 });
    // One commit: the drill's event, then its evidence, in seq order.
    expect(published.map((e) => e.type)).toEqual(["drill.recorded", "evidence.reported"]);
    expect(published.map((e) => e.seq)).toEqual([seq, seq + 1]);
    expect(services.readiness.history("rel", "drills.circuit-breaker").map((h) => h.type)).toEqual(["evidence.reported", "drill.recorded"]);
  });

  it("counts a drill over its detection target as failed, the reason naming the timing and by how much", () => {
    const { item: after } = services.drills.record("rel", drill({ detect_s: 95 }), SYSTEM);
    expect(after).toMatchObject({ status: "red", reason: "drill on 2026-11-20 counts as failed: detected in 95 s > target 60 s (+35 s)" });
    expect(services.readiness.getRelease("rel").gate.open).toBe(false);
  });

  it("a pass that lapses before launch is amber when recorded", () => {
    // The failover drill is valid 14 days: 2026-11-20 + 14 = 2026-12-04, six days before the 2026-12-10 launch.
    const { item: after } = services.drills.record("rel", drill({ item: "drills.failover", kind: "failover", detect_s: undefined, mitigate_s: 12 }), SYSTEM);
    expect(after).toMatchObject({ status: "amber", reason: "passed on 2026-11-20, valid until 2026-12-04: expires before launch 2026-12-10" });
    const overview = services.drills.overview("rel").items.find((i) => i.id === "drills.failover")!;
    expect(overview).toMatchObject({ valid_until: "2026-12-04", lapses_before_launch: 6, latest: { kind: "failover", mitigate_s: 12 } });
  });

  it("turns each finding into an action item linked to the release and the item, in the same transaction, and the release's actions item follows", () => {
    const omar = person("omar@example.com", "lead", ["ops"]);
    person("rina@example.com", "lead", ["risk", "ops"]);
    person("dev@example.com", "member", ["rd"]);
    const { drill: recorded, seq } = services.drills.record(
      "rel",
      drill({
        result: "fail",
        findings: [
          { title: "Cancel-all took 41 s on shard 3", priority: "P1", owner: "dev@example.com" },
          { title: "Pager went to the old rota", priority: "P2", owner: "RINA@example.com", due: "2026-12-01" },
          { title: "Runbook step 4 is stale", priority: "P3", owner: "omar@example.com", function: "rd" },
        ],
      }),
      omar,
    );
    expect(recorded.findings.map((f) => [f.title, f.priority, f.owner, f.function, f.status])).toEqual([
      ["Cancel-all took 41 s on shard 3", "P1", "dev@example.com", "rd", "open"],
      // The owner works in the drill item's function: the finding is that function's.
      ["Pager went to the old rota", "P2", "rina@example.com", "ops", "open"],
      ["Runbook step 4 is stale", "P3", "omar@example.com", "rd", "open"],
    ]);
    expect(recorded.findings[1]!.due).toBe("2026-12-01");
    const actions = services.actions.list({ release: "rel" });
    expect(actions).toHaveLength(3);
    for (const action of actions) expect(action).toMatchObject({ releases: ["rel"], item: "drills.circuit-breaker" });
    expect(actions[0]!.description).toBe(`Found in drill ${recorded.id} (circuit-breaker, 2026-11-20).`);
    expect(published.map((e) => e.type)).toEqual(["drill.recorded", "evidence.reported", "action.created", "action.created", "action.created"]);
    expect(published.every((e, i) => e.seq === seq + i)).toBe(true);
    // The open P1 finding blocks the release: its `actions` item turned red in the same commit.
    expect(item("drills.follow-up")).toMatchObject({ status: "red" });
    expect(item("drills.circuit-breaker")).toMatchObject({ status: "red", reason: "drill failed on 2026-11-20" });
  });

  it("refuses the whole drill when one finding is bad: no drill, no evidence, no action, no event", () => {
    person("dev@example.com", "member", ["rd"]);
    const before = snapshot();
    const bad = drill({
      findings: [
        { title: "Fine", priority: "P2", owner: "dev@example.com" },
        { title: "Nobody owns this", priority: "P1", owner: "ghost@example.com" },
        { title: "Wrong function", priority: "P2", owner: "dev@example.com", function: "marketing" },
      ],
    });
    expect(() => services.drills.record("rel", bad, SYSTEM)).toThrow(
      expect.objectContaining({
        status: 422,
        details: [
          { path: "findings[1].owner", message: "no user with email ghost@example.com" },
          { path: "findings[2].function", message: '"marketing" is not a function of this release (ops, rd, risk)' },
        ],
      }),
    );
    expect(snapshot()).toEqual(before);
    expect(published).toEqual([]);
  });

  it("refuses a drill the item's rules refuse (a date in the future) with nothing written, though the drill row came first", () => {
    person("dev@example.com", "member", ["rd"]);
    const before = snapshot();
    const future = drill({ performed_on: "2026-11-25", findings: [{ title: "x", priority: "P2", owner: "dev@example.com" }] });
    expect(() => services.drills.record("rel", future, SYSTEM)).toThrow(/before it is performed/);
    expect(snapshot()).toEqual(before);
    expect(published).toEqual([]);
  });

  it("refuses an item that is not a drill, or none, naming the field", () => {
    const before = snapshot();
    expect(() => services.drills.record("rel", drill({ item: "drills.runbook" }), SYSTEM)).toThrow(
      expect.objectContaining({ status: 422, details: [{ path: "item", message: '"drills.runbook" is a check item, not a drill' }] }),
    );
    expect(() => services.drills.record("rel", drill({ item: "drills.nope" }), SYSTEM)).toThrow(expect.objectContaining({ status: 422 }));
    expect(() => services.drills.record("nope", drill(), SYSTEM)).toThrow(expect.objectContaining({ status: 404 }));
    expect(snapshot()).toEqual(before);
  });

  it("is for whoever may report evidence on the item: its function's lead, its assignee; not another lead, not a viewer", () => {
    const rdLead = person("rd@example.com", "lead", ["rd"]);
    const viewer = person("vi@example.com", "viewer", []);
    const member = person("mo@example.com", "member", []);
    const before = snapshot();
    for (const who of [rdLead, viewer, member]) expect(() => services.drills.record("rel", drill(), who)).toThrow(expect.objectContaining({ status: 403 }));
    expect(snapshot()).toEqual(before);
    services.readiness.assign("rel", "drills.circuit-breaker", "mo@example.com", SYSTEM);
    expect(services.drills.record("rel", drill(), member).item.status).toBe("green");
    expect(services.drills.record("rel", drill(), person("ops@example.com", "lead", ["ops"])).item.status).toBe("green");
  });

  it("keeps judging the latest drill: one performed earlier, recorded late, is logged but the item stays on the latest", () => {
    services.drills.record("rel", drill({ performed_on: "2026-11-20" }), SYSTEM);
    services.drills.record("rel", drill({ performed_on: "2026-11-01", result: "fail" }), SYSTEM);
    expect(item("drills.circuit-breaker")).toMatchObject({ status: "green" });
    expect(services.drills.overview("rel").items[0]!.latest).toMatchObject({ performed_on: "2026-11-20", result: "pass" });
    expect(services.drills.list("rel", { limit: 10 })).toHaveLength(2);
  });
});

describe("the drills log", () => {
  it("pages newest first with before, oldest first with after, and filters by item", () => {
    const ids: number[] = [];
    for (let day = 1; day <= 5; day++) {
      const on = `2026-11-0${day}`;
      ids.push(services.drills.record("rel", drill({ performed_on: on, item: day % 2 ? "drills.circuit-breaker" : "drills.failover" }), SYSTEM).drill.id);
    }
    const page1 = services.drills.list("rel", { limit: 2 });
    expect(page1.map((d) => d.id)).toEqual([ids[4], ids[3]]);
    const page2 = services.drills.list("rel", { limit: 2, before: page1.at(-1)!.id });
    expect(page2.map((d) => d.id)).toEqual([ids[2], ids[1]]);
    expect(services.drills.list("rel", { limit: 2, before: page2.at(-1)!.id }).map((d) => d.id)).toEqual([ids[0]]);
    expect(services.drills.list("rel", { limit: 3, after: 0 }).map((d) => d.id)).toEqual(ids.slice(0, 3));
    expect(services.drills.list("rel", { limit: 3, after: ids[2] }).map((d) => d.id)).toEqual(ids.slice(3));
    expect(services.drills.list("rel", { limit: 10, item: "drills.failover" }).map((d) => d.id)).toEqual([ids[3], ids[1]]);
  });
});
