import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { verifyChain, type Sealer } from "../chain";
import type { GreenlightEvent } from "../events";
import { SYSTEM } from "../auth/actor";
import type { Readiness } from "./service";
import { createServices } from "../services";
import { parseTemplate, type Template } from "./template";
import { testDatabase } from "../../test/support/db";

const TEMPLATE = parseTemplate(
  "small.yaml",
  `
template: small
name: Small
functions: [rd, ops]
sections:
  - key: s
    name: Section
    owner: rd
    items:
      - key: tick
        title: A check
        kind: check
      - key: latency
        title: Latency
        kind: metric
        op: "<="
        target: 20
        max_age: 1h
      - key: drill
        title: A drill
        kind: drill
        valid_days: 14
        owner: ops
`,
);

let db: Db;
let now: Date;
let published: { event: GreenlightEvent; committed: boolean }[];
let readiness: Readiness;
let sealer: Sealer;
let templates: Map<string, Template>;

const eventCount = () => db.get<{ n: number }>(sql`select count(*) as n from events`).n;
const report = (item: string, body: Record<string, unknown>) => readiness.reportEvidence("r1", item, body, SYSTEM);
const gate = () => readiness.getRelease("r1").gate;

beforeEach(() => {
  ({ db } = testDatabase());
  now = new Date("2026-11-21T09:00:00Z");
  published = [];
  templates = new Map([[TEMPLATE.id, TEMPLATE]]);
  const services = createServices({ db, clock: () => now, templates });
  ({ readiness, sealer } = services);
  services.ledger.subscribe({
    // Publish must only ever see committed events: look the event up in the database.
    event: (event) =>
      published.push({
        event,
        committed: db.get<{ n: number }>(sql`select count(*) as n from events where release_id = ${event.release} and seq = ${event.seq}`).n === 1,
      }),
  });
  readiness.createRelease(
    { id: "r1", name: "R1", template: "small", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
    SYSTEM,
  );
});

describe("the gate over a real database", () => {
  it("opens when the last item turns green and closes again when one turns red", () => {
    report("s.tick", { done: true });
    report("s.latency", { value: 12 });
    expect(gate()).toEqual({ open: false, blocking: 1 });
    const { seq } = report("s.drill", { performed_on: "2026-11-20", result: "pass" });
    expect(gate()).toEqual({ open: true, blocking: 0 });
    expect(published.at(-1)!.event.seq).toBe(seq);
    expect(published.at(-1)!.event.board.gate).toEqual({ open: true, blocking: 0 });

    report("s.tick", { done: false });
    expect(gate()).toEqual({ open: false, blocking: 1 });
    expect(published.at(-1)!.event.board.items).toEqual([expect.objectContaining({ id: "s.tick", status: "red", reason: "not done" })]);
  });

  it("closes when evidence goes stale, found by the sweep, recorded once as an event", () => {
    report("s.tick", { done: true });
    report("s.latency", { value: 12 });
    report("s.drill", { performed_on: "2026-11-20", result: "pass" });
    expect(gate().open).toBe(true);
    const before = eventCount();

    now = new Date("2026-11-21T10:00:00Z");
    expect(readiness.sweep(now)).toEqual([]);
    expect(gate().open).toBe(true);

    now = new Date("2026-11-21T10:00:01Z");
    const [event] = readiness.sweep(now);
    expect(event).toMatchObject({ type: "item.status_changed", actor: "system", data: { item: "s.latency", cause: "time" } });
    expect(event!.board.gate).toEqual({ open: false, blocking: 1 });
    expect(readiness.getItem("r1", "s.latency")).toMatchObject({ status: "amber", reason: expect.stringMatching(/^stale: /) });
    expect(gate().open).toBe(false);
    expect(readiness.history("r1", "s.latency").map((h) => [h.type, h.actor, h.status])).toEqual([
      ["item.status_changed", "system", "amber"],
      ["evidence.reported", "system", "green"],
    ]);
    expect(readiness.sweep(new Date("2026-11-21T11:00:00Z"))).toEqual([]);
    expect(eventCount()).toBe(before + 1);

    report("s.latency", { value: 11 });
    expect(gate().open).toBe(true);
  });

  it("a sweep that runs a moment before the deadline leaves the item due at once, not at the next safety sweep", () => {
    report("s.latency", { value: 12 }); // at 09:00:00.000, max_age 1h
    const deadline = Date.parse("2026-11-21T10:00:00.001Z");
    expect(readiness.nextDeadline(new Date(deadline - 60_000))?.getTime()).toBe(deadline);
    expect(readiness.sweep(new Date(deadline - 1))).toEqual([]); // the timer fired 1 ms early
    const after = new Date(deadline + 1);
    expect(readiness.nextDeadline(after)?.getTime()).toBe(after.getTime());
    expect(readiness.sweep(after)).toHaveLength(1);
    expect(readiness.nextDeadline(new Date(deadline + 2))).toBeNull();
  });

  it("expires a drill after valid_days", () => {
    report("s.drill", { performed_on: "2026-11-20", result: "pass" });
    expect(readiness.sweep(new Date("2026-12-04T23:59:59Z"))).toEqual([]);
    const [event] = readiness.sweep(new Date("2026-12-05T00:00:00Z"));
    expect(event!.data).toMatchObject({ item: "s.drill", to: { status: "amber" } });
  });

  it("a drill that lapses before the release's launch is amber when reported, and the sweep records it expiring", () => {
    // Valid until 2026-11-30, the day before launch (2026-12-01).
    const { item } = report("s.drill", { performed_on: "2026-11-16", result: "pass" });
    expect(item).toMatchObject({ status: "amber", reason: "passed on 2026-11-16, valid until 2026-11-30: expires before launch 2026-12-01" });
    expect(readiness.sweep(now)).toEqual([]);
    expect(readiness.nextDeadline(now)?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    const [event] = readiness.sweep(new Date("2026-12-01T00:00:00Z"));
    expect(event!.data).toMatchObject({ item: "s.drill", cause: "time", to: { status: "amber", reason: "passed on 2026-11-16, expired after 2026-11-30" } });
    expect(readiness.nextDeadline(new Date("2026-12-01T00:00:01Z"))).toBeNull();
    // A drill valid through launch day is green.
    expect(report("s.drill", { performed_on: "2026-11-17", result: "pass" }).item.status).toBe("green");
  });
});

describe("the event log", () => {
  it("is gap-free from seq 1, hash-chained, and broadcast only after commit", () => {
    report("s.tick", { done: true });
    report("s.latency", { value: 30 });
    report("s.latency", { value: 3 });
    const events = readiness.listEvents("r1", 0, 100);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.type)).toEqual(["release.created", "evidence.reported", "evidence.reported", "evidence.reported"]);
    expect(verifyChain(db, sealer, "r1")).toEqual({ ok: true, checked: 4, from: 0, through: 4 });
    expect(published.map((p) => p.event.seq)).toEqual([1, 2, 3, 4]);
    expect(published.every((p) => p.committed)).toBe(true);
  });

  it("refuses UPDATE and DELETE on events", () => {
    report("s.tick", { done: true });
    // Straight to SQLite, as anyone with the file could: the database itself refuses.
    expect(() => db.$client.prepare("update events set actor = 'mallory' where seq = 1").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare("delete from events").run()).toThrow(/append-only/);
  });

  it("detects an edited event when the trigger is bypassed", () => {
    report("s.tick", { done: true });
    report("s.tick", { done: false });
    db.run(sql`drop trigger events_no_update`);
    db.run(sql`update events set data = json_set(data, '$.evidence.done', json('true')) where seq = 3`);
    expect(verifyChain(db, sealer, "r1")).toMatchObject({ ok: false, seq: 3, checked: 2 });
  });

  it("detects an item_id that no longer matches the event it indexes", () => {
    report("s.tick", { done: true });
    db.run(sql`drop trigger events_no_update`);
    db.run(sql`update events set item_id = 's.latency' where seq = 2`);
    expect(verifyChain(db, sealer, "r1")).toMatchObject({ ok: false, seq: 2, problem: "item_id does not match the event's item" });
  });

  it("a refused write leaves no trace", () => {
    const before = eventCount();
    expect(() => report("s.tick", { done: "yes" })).toThrow(/does not fit/);
    expect(() => report("s.nope", { done: true })).toThrow(/not found/);
    expect(() => report("s.tick", { done: true, if_version: 5 })).toThrow(/version/);
    expect(eventCount()).toBe(before);
    expect(readiness.getItem("r1", "s.tick")).toMatchObject({ status: "pending", version: 0 });
    expect(published).toHaveLength(1);
  });
});

describe("drills over a real database", () => {
  it("refuses a drill dated in the future (tomorrow is allowed for time zones)", () => {
    expect(() => report("s.drill", { performed_on: "2026-11-23", result: "pass" })).toThrow(/before it is performed/);
    expect(report("s.drill", { performed_on: "2026-11-22", result: "pass" }).item.status).toBe("green");
  });

  it("keeps judging the latest drill when an older one is reported late", () => {
    report("s.drill", { performed_on: "2026-11-20", result: "pass" });
    const { item } = report("s.drill", { performed_on: "2026-10-01", result: "fail" });
    expect(item).toMatchObject({ status: "green", evidence: { performed_on: "2026-11-20", result: "pass" }, version: 2 });
  });
});

describe("the database connection", () => {
  it("runs with the pragmas every write relies on", () => {
    expect(db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.$client.pragma("synchronous", { simple: true })).toBe(2); // FULL
    expect(db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(db.$client.pragma("busy_timeout", { simple: true })).toBe(5000);
  });
});

describe("releases", () => {
  it("copy the template's items: editing the template later does not rewrite a running release", () => {
    const edited = parseTemplate(
      "small.yaml",
      "template: small\nname: Small\nfunctions: [rd]\nsections:\n  - key: s\n    name: S\n    owner: rd\n    items:\n      - {key: other, title: Other, kind: check}\n",
    );
    templates.set("small", edited);
    expect(readiness.listItems("r1").map((i) => i.id)).toEqual(["s.tick", "s.latency", "s.drill"]);
    readiness.createRelease(
      { id: "r2", name: "R2", template: "small", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
      SYSTEM,
    );
    expect(readiness.listItems("r2").map((i) => i.id)).toEqual(["s.other"]);
  });

  it("stages evidence merges across reports and counts in version", () => {
    const mm = parseTemplate(
      "mm.yaml",
      "template: mm\nname: MM\nfunctions: [mm]\nsections:\n  - key: m\n    name: M\n    owner: mm\n    items:\n      - {key: alpha, title: Alpha, kind: stages, stages: [auth, soak]}\n",
    );
    templates.set("mm", mm);
    readiness.createRelease(
      { id: "mm", name: "MM", template: "mm", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
      SYSTEM,
    );
    readiness.reportEvidence("mm", "m.alpha", { stages: { auth: "passed" } }, SYSTEM);
    const { item } = readiness.reportEvidence("mm", "m.alpha", { stages: { soak: "passed" }, if_version: 1 }, SYSTEM);
    expect(item).toMatchObject({ status: "green", version: 2, evidence: { stages: { auth: "passed", soak: "passed" } } });
  });
});
