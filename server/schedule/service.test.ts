import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import type { GreenlightEvent } from "../events";
import { createLogger } from "../logger";
import { createServices, type Services } from "../services";
import { SYSTEM } from "../auth/actor";
import type { Projection } from "../board/projection";
import type { Readiness } from "../readiness/service";
import { parseTemplate } from "../readiness/template";
import { startDailyReplan } from "./daily";
import { parseWbsCsv } from "../../app/shared/schedule/csv";
import { inlinePlanner, type Planner } from "./planner";
import type { WbsService } from "./service";
import { testDatabase } from "../../test/support/db";

/**
 * The board's schedule tile and the daily re-projection, on a real database
 * with a clock the test moves. Monday 2 November 2026 is working day 0, the
 * launch on Tuesday 1 December is working day 21, and "today", Wednesday
 * 18 November, is working day 12.
 */
const TEMPLATE = parseTemplate(
  "plan.yaml",
  `
template: plan
name: Plan
functions: [rd, risk, mm, cs, ops]
sections:
  - key: follow-up
    name: Follow-up
    owner: ops
    items:
      - key: ship
        title: Shipped on time
        kind: task
        tasks: [ship]
`,
);

const CSV = `id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status,assignee
design,Design,,rd,5,,,100,done,
slip,Risk slippage,,risk,8,design,,25,in_progress,Mei Lin
mm,MM integration tests,,mm,3,slip,,0,todo,
docs,CS docs,,cs,2,design,,0,todo,
ship,Full release,,ops,0,mm,,0,todo,
`;

let db: Db;
let now: Date;
let published: GreenlightEvent[];
let readiness: Readiness;
let projection: Projection;
let wbs: WbsService;

const eventCount = () => db.get<{ n: number }>(sql`select count(*) as n from events`).n;
const shipItem = () => readiness.listItems("r").find((i) => i.id === "follow-up.ship")!;

beforeEach(() => {
  ({ db } = testDatabase());
  now = new Date("2026-11-18T09:00:00Z");
  published = [];
  let ledger: Services["ledger"];
  ({ readiness, wbs, projection, ledger } = createServices({ db, clock: () => now, templates: new Map([[TEMPLATE.id, TEMPLATE]]) }));
  ledger.subscribe({ event: (event) => published.push(event) });
  readiness.createRelease(
    { id: "r", name: "R", template: "plan", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
    SYSTEM,
  );
});

describe("the board's schedule tile", () => {
  it("is absent without a plan, then shows the projection as of today against the plan, with the late critical tasks and their owners", () => {
    expect(projection.snapshot("r").schedule).toBeNull();
    wbs.replace("r", parseWbsCsv(CSV), SYSTEM);
    const tile = {
      as_of: "2026-11-18",
      launch: "2026-12-01",
      planned_finish: "2026-11-24",
      planned_slack_to_launch: 5,
      projected_finish: "2026-12-01",
      slack_to_launch: 0,
      late_critical: [
        { id: "slip", name: "Risk slippage", owner: "risk", assignee: "Mei Lin", planned_finish: "2026-11-18", projected_finish: "2026-11-25" },
        { id: "mm", name: "MM integration tests", owner: "mm", assignee: null, planned_finish: "2026-11-23", projected_finish: "2026-11-30" },
        { id: "ship", name: "Full release", owner: "ops", assignee: null, planned_finish: "2026-11-24", projected_finish: "2026-12-01" },
      ],
      late_critical_count: 3,
    };
    expect(projection.snapshot("r").schedule).toEqual(tile);
    expect(published.at(-1)!).toMatchObject({ type: "wbs.replaced", board: { schedule: tile } });
  });

  it("moves within the event of a task change, and an item event without a plan change leaves it out", () => {
    wbs.replace("r", parseWbsCsv(CSV), SYSTEM);
    const { seq } = wbs.updateTask("r", "slip", { duration: 4 }, SYSTEM);
    const event = published.at(-1)!;
    expect(event.seq).toBe(seq);
    // 3 working days left of 4 at 25%, from day 12: slip ends day 15, mm day 18, ship on day 18 (26 November).
    expect(event.board.schedule).toMatchObject({ projected_finish: "2026-11-26", slack_to_launch: 3, late_critical_count: 3 });
    expect(projection.snapshot("r").schedule).toEqual(event.board.schedule);
    wbs.updateTask("r", "slip", { status: "done", progress: 100 }, SYSTEM);
    expect(published.at(-1)!.board.schedule!.late_critical.map((t) => t.id)).toEqual(["mm", "ship"]);
  });
});

describe("the daily re-projection", () => {
  it("turns a task item red the day its linked task is projected past launch, as one event after commit", () => {
    wbs.replace("r", parseWbsCsv(CSV), SYSTEM);
    expect(shipItem().status).toBe("amber");
    const before = eventCount();
    now = new Date("2026-11-19T00:00:01Z");
    const { seq, schedule } = wbs.refresh("r");
    expect(eventCount()).toBe(before + 1);
    expect(schedule).toMatchObject({ as_of: "2026-11-19", projected_finish: "2026-12-02", slack_to_launch: -1 });
    expect(shipItem().status).toBe("red");
    const event = published.at(-1)!;
    expect(event).toMatchObject({
      seq,
      type: "schedule.refreshed",
      actor: "system",
      data: { as_of: "2026-11-19", projected_finish: "2026-12-02", slack_to_launch: -1 },
    });
    expect(event.board.items).toEqual([expect.objectContaining({ id: "follow-up.ship", status: "red" })]);
    expect(event.board.gate.open).toBe(false);
  });

  it("runs at start-up for every release with a plan, and not for one without", () => {
    readiness.createRelease(
      {
        id: "empty",
        name: "Empty",
        template: "plan",
        start_date: "2026-11-02",
        launch_date: "2026-12-01",
        calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
      },
      SYSTEM,
    );
    wbs.replace("r", parseWbsCsv(CSV), SYSTEM);
    published = [];
    const daily = startDailyReplan(wbs, { clock: () => now, logger: createLogger("silent") });
    daily.stop();
    expect(published.map((e) => [e.release, e.type])).toEqual([["r", "schedule.refreshed"]]);
  });
});

describe("an import", () => {
  it("checked before midnight and written after it is projected as of the day it is written", async () => {
    // The planner (a worker thread in the server) answers after the day has turned.
    const planner: Planner = {
      ...inlinePlanner,
      check: async (job) => {
        const checked = await inlinePlanner.check(job);
        now = new Date("2026-11-19T00:00:01Z");
        return checked;
      },
    };
    const importing = createServices({ db, clock: () => now, templates: new Map([[TEMPLATE.id, TEMPLATE]]), planner });
    importing.ledger.subscribe({ event: (event) => published.push(event) });
    const done = await importing.wbs.import("r", { csv: CSV }, SYSTEM);
    expect(done).toMatchObject({ tasks: 5, dependencies: 4, finish: "2026-11-24", slack_to_launch: 5 });
    expect(published.at(-1)).toMatchObject({
      type: "wbs.replaced",
      board: { schedule: { as_of: "2026-11-19", projected_finish: "2026-12-02", slack_to_launch: -1 } },
    });
    expect(shipItem().status).toBe("red");
  });
});
