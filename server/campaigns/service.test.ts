import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import type { GreenlightEvent } from "../../app/shared/events";
import { drillRecordSchema } from "../../app/shared/drills";
import { parseWbsCsv } from "../../app/shared/schedule/csv";
import { inProcess, type InProcess } from "../../test/support/services";
import { SYSTEM } from "../auth/actor";
import { parseTemplate } from "../readiness/template";
import type { Services } from "../services";

/**
 * Campaigns on a real SQLite file, in process, with a clock the test holds:
 * Monday 2 November 2026 is the start, the launch is Tuesday 1 December and
 * "today" is Wednesday 18 November. With `slip` at 8 days the plan projects
 * `mm` to finish 30 November; at 4 days, 26 November.
 */
const TEMPLATE = parseTemplate(
  "plan.yaml",
  `
template: plan
name: Plan
functions: [rd, risk, mm, ops, marketing]
sections:
  - key: follow-up
    name: Follow-up
    owner: ops
    items:
      - {key: ship, title: Shipped on time, kind: task, tasks: [ship]}
      - {key: cert, title: MM certification, kind: check}
      - {key: failover, title: Failover drill, kind: drill, valid_days: 14}
`,
);

const CSV = `id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status,assignee
design,Design,,rd,5,,,100,done,
slip,Risk slippage,,risk,8,design,,25,in_progress,Mei Lin
mm,MM integration tests,,mm,3,slip,,0,todo,
ship,Full release,,ops,0,mm,,0,todo,
`;

let db: Db;
let services: Services;
let now: Date;
let published: GreenlightEvent[];
let person: InProcess["person"];
let count: InProcess["count"];

const state = () => ({ events: count("events"), campaigns: db.all(sql.raw("select * from campaigns order by id")) });

const competition = {
  id: "perp-competition",
  name: "Perp trading competition",
  kind: "trading_competition" as const,
  starts: "T-2",
  ends: "T+14",
  requires: { tasks: ["mm"], items: [] as string[] },
  owner: "marketing",
};

beforeEach(() => {
  now = new Date("2026-11-18T09:00:00Z");
  ({ db, services, published, person, count } = inProcess({
    clock: () => now,
    templates: [TEMPLATE],
    releases: [{ id: "r", name: "R", template: "plan", launch_date: "2026-12-01" }],
  }));
  services.wbs.replace("r", parseWbsCsv(CSV), SYSTEM);
  services.wbs.updateTask("r", "slip", { duration: 4 }, SYSTEM);
  published.length = 0;
});

describe("a campaign", () => {
  it("is stored as given, resolved against the launch, and logged with the board's tile in one event", () => {
    const { campaign, seq } = services.campaigns.create("r", competition, SYSTEM);
    expect(campaign).toMatchObject({
      id: "perp-competition",
      starts: "T-2",
      ends: "T+14",
      start_date: "2026-11-29",
      end_date: "2026-12-15",
      start_offset: "T-2",
      end_offset: "T+14",
      requires: { tasks: ["mm"], items: [] },
      requirements: { tasks: [{ id: "mm", name: "MM integration tests", status: "todo", projected_finish: "2026-11-25" }], items: [] },
      at_risk: false,
      risk_reasons: [],
      version: 1,
    });
    expect(published.map((e) => [e.type, e.seq])).toEqual([["campaign.created", seq]]);
    expect(published[0]!.board.campaigns).toEqual({ at_risk: [], count: 0 });
    expect(services.projection.snapshot("r").campaigns).toEqual({ at_risk: [], count: 0 });
  });

  it("turns at risk in the event of a task slipping past its start, with the reason, on the board", () => {
    services.campaigns.create("r", competition, SYSTEM);
    published.length = 0;
    services.wbs.updateTask("r", "slip", { duration: 8 }, SYSTEM);
    const reason = "starts 2026-11-29, 1 day before task mm's projected finish 2026-11-30";
    expect(published.map((e) => e.type)).toEqual(["task.updated"]);
    expect(published[0]!.board.campaigns).toEqual({
      at_risk: [
        {
          id: "perp-competition",
          name: "Perp trading competition",
          kind: "trading_competition",
          start_date: "2026-11-29",
          start_offset: "T-2",
          reason,
          more_reasons: 0,
        },
      ],
      count: 1,
    });
    expect(services.campaigns.get("r", "perp-competition")).toMatchObject({ at_risk: true, risk_reasons: [reason] });
    expect(services.projection.snapshot("r").campaigns).toEqual(published[0]!.board.campaigns);
  });

  it("turns at risk when a required item turns red, and clears when it is green", () => {
    services.campaigns.create("r", { ...competition, requires: { tasks: [], items: ["follow-up.cert"] } }, SYSTEM);
    expect(services.campaigns.get("r", "perp-competition").risk_reasons).toEqual(["requires item follow-up.cert, which is pending"]);
    services.readiness.reportEvidence("r", "follow-up.cert", { done: true }, SYSTEM);
    expect(published.at(-1)!.board.campaigns).toEqual({ at_risk: [], count: 0 });
    services.readiness.reportEvidence("r", "follow-up.cert", { done: false }, SYSTEM);
    expect(published.at(-1)!.board.campaigns!.at_risk[0]!.reason).toBe("requires item follow-up.cert, which is red");
    expect(services.campaigns.get("r", "perp-competition")).toMatchObject({ at_risk: true, risk_reasons: ["requires item follow-up.cert, which is red"] });
  });

  it("moves with the launch date when given as offsets, and its risk with it; an absolute one stays", () => {
    services.campaigns.create("r", competition, SYSTEM);
    services.campaigns.create("r", { ...competition, id: "fixed", name: "Fixed", starts: "2026-11-27", ends: "2026-12-02" }, SYSTEM);
    services.wbs.updateTask("r", "slip", { duration: 8 }, SYSTEM);
    expect(services.campaigns.list("r").map((c) => [c.id, c.start_date, c.at_risk])).toEqual([
      ["fixed", "2026-11-27", true],
      ["perp-competition", "2026-11-29", true],
    ]);
    expect(services.readiness.getItem("r", "follow-up.ship").status).toBe("amber");
    // Earlier: the plan's finish (1 December) is now after launch; the task item turns red in the same event.
    published.length = 0;
    services.campaigns.reschedule("r", "2026-11-27", SYSTEM);
    expect(published.map((e) => e.type)).toEqual(["release.rescheduled"]);
    expect(published[0]!.board.schedule).toMatchObject({ launch: "2026-11-27", projected_finish: "2026-12-01", slack_to_launch: -2 });
    expect(published[0]!.board.items.map((i) => [i.id, i.status])).toEqual([["follow-up.ship", "red"]]);
    expect(services.readiness.getItem("r", "follow-up.ship").reason).toBe("ship projected to finish 2026-12-01, after launch 2026-11-27");
    // Later: five working days of slack, the item back to amber, and the offset campaign now starts after mm's finish.
    published.length = 0;
    const moved = services.campaigns.reschedule("r", "2026-12-08", SYSTEM);
    expect(moved).toMatchObject({ from: "2026-11-27", to: "2026-12-08" });
    expect(published.map((e) => [e.type, e.data])).toEqual([["release.rescheduled", { from: "2026-11-27", to: "2026-12-08" }]]);
    const event = published[0]!;
    expect(event.board.schedule).toMatchObject({ launch: "2026-12-08", projected_finish: "2026-12-01", slack_to_launch: 5 });
    expect(event.board.items.map((i) => [i.id, i.status])).toEqual([["follow-up.ship", "amber"]]);
    expect(services.campaigns.list("r").map((c) => [c.id, c.start_date, c.end_date, c.start_offset, c.at_risk])).toEqual([
      ["fixed", "2026-11-27", "2026-12-02", "T-11", true],
      ["perp-competition", "2026-12-06", "2026-12-22", "T-2", false],
    ]);
    expect(event.board.campaigns!.count).toBe(1);
    expect(services.readiness.getRelease("r").launch_date).toBe("2026-12-08");
  });

  it("the launch moving re-judges a drill against it in the same event: a pass that lapses before the new launch is amber, and green again when it no longer does", () => {
    // Performed 18 November, valid 14 days: until 2 December, after the 1 December launch.
    services.drills.record(
      "r",
      drillRecordSchema.parse({ item: "follow-up.failover", kind: "failover", performed_on: "2026-11-18", result: "pass", participants: ["Omar (ops)"] }),
      SYSTEM,
    );
    expect(services.readiness.getItem("r", "follow-up.failover").status).toBe("green");
    published.length = 0;
    services.campaigns.reschedule("r", "2026-12-08", SYSTEM);
    expect(published.map((e) => e.type)).toEqual(["release.rescheduled"]);
    expect(published[0]!.board.items.find((i) => i.id === "follow-up.failover")).toMatchObject({ status: "amber" });
    expect(services.readiness.getItem("r", "follow-up.failover").reason).toMatch(/before launch/);
    published.length = 0;
    services.campaigns.reschedule("r", "2026-12-01", SYSTEM);
    expect(published[0]!.board.items.find((i) => i.id === "follow-up.failover")).toMatchObject({ status: "green" });
  });

  it("is changed field by field with a version, and removed, each as one event", () => {
    services.campaigns.create("r", competition, SYSTEM);
    const { campaign } = services.campaigns.update("r", "perp-competition", { starts: "T+1", if_version: 1 }, SYSTEM);
    expect(campaign).toMatchObject({ starts: "T+1", start_date: "2026-12-02", version: 2 });
    expect(published.at(-1)!).toMatchObject({
      type: "campaign.updated",
      data: { campaign: "perp-competition", changes: { starts: { from: "T-2", to: "T+1" } } },
    });
    expect(() => services.campaigns.update("r", "perp-competition", { name: "X", if_version: 1 }, SYSTEM)).toThrow(/version 2, not 1/);
    services.campaigns.remove("r", "perp-competition", SYSTEM);
    expect(published.at(-1)!).toMatchObject({ type: "campaign.deleted", data: { campaign: "perp-competition" } });
    expect(services.campaigns.list("r")).toEqual([]);
  });
});

describe("refusals write nothing", () => {
  it("names unknown tasks and items, refuses an end before the start once resolved, a duplicate, and a non-admin", () => {
    services.campaigns.create("r", competition, SYSTEM);
    const before = state();
    const refused = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error as { status: number; message: string; details: unknown };
      }
      throw new Error("not refused");
    };
    const unknown = refused(() =>
      services.campaigns.create("r", { ...competition, id: "b", requires: { tasks: ["mm", "nope"], items: ["follow-up.gone"] } }, SYSTEM),
    );
    expect(unknown).toMatchObject({ status: 422 });
    expect(unknown.message).toContain("nope");
    expect(unknown.details).toEqual([
      { path: "requires.tasks[1]", message: 'no task "nope" in the plan of r' },
      { path: "requires.items[0]", message: 'no item "follow-up.gone" in r' },
    ]);
    expect(refused(() => services.campaigns.create("r", { ...competition, id: "b", starts: "T+3", ends: "2026-12-02" }, SYSTEM))).toMatchObject({
      status: 422,
      details: [{ path: "ends", message: "ends 2026-12-02, before the start 2026-12-04 (launch 2026-12-01)" }],
    });
    expect(refused(() => services.campaigns.update("r", "perp-competition", { ends: "T-3" }, SYSTEM))).toMatchObject({ status: 422 });
    expect(refused(() => services.campaigns.create("r", competition, SYSTEM))).toMatchObject({ status: 409 });
    const lead = person("mk@example.com", "lead", ["marketing"]);
    expect(refused(() => services.campaigns.create("r", { ...competition, id: "b" }, lead))).toMatchObject({ status: 403 });
    expect(refused(() => services.campaigns.reschedule("r", "2026-12-09", lead))).toMatchObject({ status: 403 });
    expect(refused(() => services.campaigns.reschedule("r", "2026-10-01", SYSTEM))).toMatchObject({ status: 422 });
    expect(state()).toEqual(before);
    expect(services.readiness.getRelease("r").launch_date).toBe("2026-12-01");
  });
});

describe("moving the launch date", () => {
  it("is refused, naming each campaign, when a campaign would end before it starts; nothing written", () => {
    // Starts two days before launch, ends on a fixed date: moving the launch past 6 December inverts it.
    services.campaigns.create("r", { ...competition, ends: "2026-12-04" }, SYSTEM);
    const before = state();
    published = [];
    let error: { status: number; message: string; details: unknown } | null = null;
    try {
      services.campaigns.reschedule("r", "2026-12-08", SYSTEM);
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error).toMatchObject({
      status: 422,
      details: [{ path: "launch_date", message: 'campaign "perp-competition" would run 2026-12-06 (T-2) to 2026-12-04: it ends before it starts' }],
    });
    expect(error!.message).toContain("perp-competition");
    expect(state()).toEqual(before);
    expect(published).toEqual([]);
    expect(services.readiness.getRelease("r").launch_date).toBe("2026-12-01");
    // A move that keeps it in order goes through.
    expect(services.campaigns.reschedule("r", "2026-12-05", SYSTEM)).toMatchObject({ to: "2026-12-05" });
  });
});
