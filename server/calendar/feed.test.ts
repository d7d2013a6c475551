import { sql } from "drizzle-orm";
import ical, { type VEvent } from "node-ical";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { actionItems, actionReleases, users } from "../../db/schema";
import { testDatabase } from "../../test/support/db";
import { SYSTEM } from "../auth/actor";
import { parseTemplate } from "../readiness/template";
import { createServices, type Services } from "../services";

/**
 * The feed's SEQUENCE memory on a real SQLite file: unchanged events keep
 * their sequence and stamp, a change bumps it once per fetch that sees it
 * (and a change back still counts up), entries are bounded, and serving the
 * feed appends nothing to the release's log.
 */
const TEMPLATE = parseTemplate(
  "cal.yaml",
  [
    "template: cal",
    "name: Cal",
    "functions: [ops]",
    "sections:",
    "  - key: ops",
    "    name: Ops",
    "    owner: ops",
    "    items:",
    "      - {key: runbook, title: Runbook, kind: check}",
  ].join("\n"),
);

let db: Db;
let services: Services;
let now: Date;
const count = (table: string) => db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
const BASE = "https://greenlight.example";

function parse(text: string): Map<string, VEvent & { sequence?: number }> {
  return new Map(
    Object.values(ical.sync.parseICS(text))
      .filter((c): c is VEvent => c?.type === "VEVENT")
      .map((e) => [e.uid, e as VEvent & { sequence?: number }]),
  );
}

function addAction(title: string, due: string): number {
  const at = now.toISOString();
  const owner = db
    .insert(users)
    .values({ email: `${title}@x.example`, name: "Omar", role: "lead", functions: ["ops"], createdAt: at })
    .returning()
    .get();
  const row = db
    .insert(actionItems)
    .values({ title, ownerId: owner.id, function: "ops", priority: "P1", due, status: "open", createdAt: at, createdBy: "test", updatedAt: at })
    .returning()
    .get();
  db.insert(actionReleases).values({ actionId: row.id, releaseId: "rel" }).run();
  return row.id;
}

beforeEach(() => {
  ({ db } = testDatabase());
  now = new Date("2026-11-21T09:00:00Z");
  services = createServices({ db, clock: () => now, templates: new Map([[TEMPLATE.id, TEMPLATE]]) });
  services.readiness.createRelease(
    { id: "rel", name: "Rel", template: "cal", start_date: "2026-11-02", launch_date: "2026-12-10", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
    SYSTEM,
  );
});

describe("the feed's sequence memory", () => {
  it("keeps sequence and stamp while nothing changes, bumps on a change, and counts up again on a change back", () => {
    const id = addAction("rotate-keys", "2026-11-30");
    const uid = `action.${id}@greenlight`;
    const first = parse(services.calendar.feed("rel", BASE)).get(uid)!;
    expect(first.sequence).toBe(0);
    expect(first.dtstamp!.toISOString()).toBe("2026-11-21T09:00:00.000Z");

    now = new Date("2026-11-22T09:00:00Z");
    const same = parse(services.calendar.feed("rel", BASE)).get(uid)!;
    expect(same.sequence).toBe(0);
    expect(same.dtstamp!.toISOString()).toBe("2026-11-21T09:00:00.000Z");

    db.run(sql`update action_items set due = '2026-12-02' where id = ${id}`);
    const moved = parse(services.calendar.feed("rel", BASE)).get(uid)!;
    expect(moved.sequence).toBe(1);
    expect(moved.lastmodified!.toISOString()).toBe("2026-11-22T09:00:00.000Z");

    db.run(sql`update action_items set due = '2026-11-30' where id = ${id}`);
    expect(parse(services.calendar.feed("rel", BASE)).get(uid)!.sequence).toBe(2);
    // The launch never changed.
    expect(parse(services.calendar.feed("rel", BASE)).get("launch.rel@greenlight")!.sequence).toBe(0);
  });

  it("writes no event and one row per UID; an unchanged feed writes nothing at all", () => {
    addAction("a", "2026-11-30");
    addAction("b", "2026-12-01");
    const events = count("events");
    services.calendar.feed("rel", BASE);
    expect(count("calendar_entries")).toBe(3);
    const before = db.all(sql.raw("select * from calendar_entries order by uid"));
    now = new Date("2026-11-23T09:00:00Z");
    services.calendar.feed("rel", BASE);
    expect(db.all(sql.raw("select * from calendar_entries order by uid"))).toEqual(before);
    expect(count("events")).toBe(events);
  });

  it("lists open actions only, earliest due first, at most 500", () => {
    const done = addAction("closed one", "2026-11-25");
    db.run(sql`update action_items set status = 'done' where id = ${done}`);
    for (let i = 0; i < 505; i++) addAction(`bulk-${i}`, i < 5 ? "2027-06-01" : "2026-12-01");
    const entries = services.calendar.entries("rel", BASE).filter((e) => e.uid.startsWith("action."));
    expect(entries).toHaveLength(500);
    expect(entries.some((e) => e.summary.includes("closed one"))).toBe(false);
    expect(entries.some((e) => e.summary.includes("2027"))).toBe(false);
    expect(entries.every((e) => "day" in e.when && e.when.day === "2026-12-01")).toBe(true);
  });

  it("answers 404 for an unknown release", () => {
    expect(() => services.calendar.feed("nope", BASE)).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe("campaigns in the feed", () => {
  it("are all-day events from start to end inclusive, with a stable UID, the kind, and (at risk) when they are; the launch moving moves them", () => {
    services.campaigns.create(
      "rel",
      {
        id: "comp",
        name: "Trading competition",
        kind: "trading_competition",
        starts: "T-2",
        ends: "T+14",
        requires: { tasks: [], items: ["ops.runbook"] },
        owner: "marketing",
      },
      SYSTEM,
    );
    services.campaigns.create(
      "rel",
      { id: "fees", name: "Fee week", kind: "fee_promotion", starts: "2026-12-17", ends: "2026-12-23", requires: { tasks: [], items: [] }, owner: "marketing" },
      SYSTEM,
    );
    let events = parse(services.calendar.feed("rel", BASE));
    const comp = events.get("campaign.rel.comp@greenlight")!;
    expect(comp.summary).toBe("Trading competition: Trading competition (at risk)");
    expect(comp.description).toContain("At risk: requires item ops.runbook, which is pending.");
    expect(comp.datetype).toBe("date");
    // node-ical reads an all-day date as local midnight: compare calendar days in the local zone.
    const local = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
    expect([local(comp.start), local(comp.end!)]).toEqual(["2026-12-08", "2026-12-25"]);
    const fees = events.get("campaign.rel.fees@greenlight")!;
    expect(fees.summary).toBe("Fee promotion: Fee week");
    expect([local(fees.start), local(fees.end!)]).toEqual(["2026-12-17", "2026-12-24"]);
    const sequence = comp.sequence;

    services.readiness.reportEvidence("rel", "ops.runbook", { done: true }, SYSTEM);
    services.campaigns.reschedule("rel", "2026-12-15", SYSTEM);
    events = parse(services.calendar.feed("rel", BASE));
    const moved = events.get("campaign.rel.comp@greenlight")!;
    expect(moved.summary).toBe("Trading competition: Trading competition");
    expect([local(moved.start), local(moved.end!)]).toEqual(["2026-12-13", "2026-12-30"]);
    expect(Number(moved.sequence)).toBe(Number(sequence) + 1);
    expect(local(events.get("campaign.rel.fees@greenlight")!.start)).toBe("2026-12-17");
  });
});
