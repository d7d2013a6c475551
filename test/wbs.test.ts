import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/** The WBS over the API (SPEC 6 and 7): CSV or JSON in, schedule out, every refusal leaving nothing behind. */
let server: RunningServer;
let call: ReturnType<typeof api>;
const HEADER = "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status";
const CSV = [
  HEADER,
  'v2,"Perp V2, all phases",,pmo,0,,,0,todo',
  "design,Requirements review,v2,rd,5,,,100,done",
  "risk-slippage,Risk slippage feature,v2,risk,8,design,,40,in_progress",
  "mm-tests,MM integration tests,v2,mm,6,risk-slippage:FS+2,,0,todo",
  "docs,CS knowledge base,v2,cs,3,design,,0,todo",
  "grayscale,Grayscale,v2,ops,3,mm-tests;docs,,0,todo",
  "full-release,Full release,v2,ops,0,grayscale,,0,todo",
].join("\n");

async function putCsv(release: string, body: string) {
  const res = await fetch(`${server.url}/api/v1/releases/${release}/wbs`, {
    method: "PUT",
    headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "text/csv" },
    body,
  });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  server = await startServer();
  call = api(server.url);
  // Monday 2 November to Tuesday 1 December 2026: launch is working day 21.
  await call("POST", "/releases", { id: "v2", name: "V2", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" });
});

afterAll(async () => {
  await server?.stop();
});

describe("the WBS over the API", () => {
  it("takes a CSV, answers with the plan's finish, and schedules it with the critical path", async () => {
    const before = eventCount(server.dbPath);
    const put = await putCsv("v2", CSV);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ tasks: 7, dependencies: 6, seq: expect.any(Number) });
    expect(eventCount(server.dbPath)).toBe(before + 1);

    const { body } = await call("GET", "/releases/v2/schedule");
    expect(body).toMatchObject({ start: "2026-11-02", launch: "2026-12-01", as_of: null });
    // design [0,5) → risk [5,13) → +2 → mm-tests [15,21) → grayscale [21,24) → the full-release milestone on day 24
    // (Friday 4 December): F = 24, 3 working days after launch (day 21).
    expect(body.critical_path).toEqual(["design", "risk-slippage", "mm-tests", "grayscale", "full-release"]);
    expect(body.slack_to_launch).toBe(-3);
    expect(body.finish).toBe("2026-12-04");
    const docs = body.tasks.find((t: { id: string }) => t.id === "docs");
    expect(docs).toMatchObject({ es: 5, ef: 8, ls: 18, lf: 21, total_float: 13, free_float: 13, critical: false, start: "2026-11-09", finish: "2026-11-11" });
    expect(body.tasks.find((t: { id: string }) => t.id === "v2")).toMatchObject({ summary: true, es: 0, ef: 24, critical: true });
  });

  it("projects as of a date: done work is finished, the rest cannot happen in the past", async () => {
    // As of Monday 16 November (offset 10): risk has ceil(8 × 60%) = 5 days left → [10,15) → mm-tests [17,23) → … F = 26.
    const { body } = await call("GET", "/releases/v2/schedule?as_of=2026-11-16");
    expect(body.as_of).toBe("2026-11-16");
    expect(body.tasks.find((t: { id: string }) => t.id === "risk-slippage")).toMatchObject({ es: 10, ef: 15 });
    expect(body.slack_to_launch).toBe(21 - 26);
    expect((await call("GET", "/releases/v2/schedule?as_of=someday")).status).toBe(422);
  });

  it("exports the same CSV it took", async () => {
    const res = await fetch(`${server.url}/api/v1/releases/v2/wbs?format=csv`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    const text = await res.text();
    expect(text.split("\n")[0]).toBe(HEADER);
    const again = await putCsv("v2", text);
    expect(again.status).toBe(200);
    expect((await call("GET", "/releases/v2/schedule")).body.slack_to_launch).toBe(-3);
  });

  it("refuses a bad CSV, listing every bad row by line, and writes nothing", async () => {
    const before = eventCount(server.dbPath);
    const bad = await putCsv("v2", [HEADER, "a,Alpha,,rd,5,,,,", "b,Beta,,rd,x,ghost,,,", "a,Dup,,rd,1,,,,"].join("\n"));
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("invalid_csv");
    expect(bad.body.error.details).toEqual([
      { line: 3, message: "duration: duration is a whole number of working days" },
      { line: 4, message: 'id "a" is already used on line 2' },
    ]);
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await call("GET", "/releases/v2/wbs")).body.tasks).toHaveLength(7);
  });

  it("refuses a cycle, naming its tasks, and a dependency on a summary task", async () => {
    const before = eventCount(server.dbPath);
    const cycle = await call("PUT", "/releases/v2/wbs", {
      tasks: [
        { id: "a", name: "A", duration: 1 },
        { id: "b", name: "B", duration: 1 },
      ],
      dependencies: [
        { from: "a", to: "b" },
        { from: "b", to: "a" },
      ],
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error).toMatchObject({ code: "dependency_cycle", details: { cycle: ["a", "b"] } });
    const summary = await call("PUT", "/releases/v2/wbs", {
      tasks: [
        { id: "p", name: "P", duration: 0 },
        { id: "c", name: "C", parent: "p", duration: 1 },
        { id: "d", name: "D", duration: 1 },
      ],
      dependencies: [{ from: "p", to: "d" }],
    });
    expect(summary.status).toBe(422);
    expect(summary.body.error.code).toBe("invalid_plan");
    expect(eventCount(server.dbPath)).toBe(before);
  });

  it("updates one task; the schedule moves and the change is an event", async () => {
    const patched = await call("PATCH", "/releases/v2/tasks/mm-tests", { duration: 3, progress: 10 });
    expect(patched.status).toBe(200);
    expect(patched.body.task).toMatchObject({ id: "mm-tests", duration: 3, progress: 10 });
    expect((await call("GET", "/releases/v2/schedule")).body.slack_to_launch).toBe(0);
    const events = await call("GET", `/releases/v2/events?after=${patched.body.seq - 1}`);
    expect(events.body.events[0]).toMatchObject({
      type: "task.updated",
      data: { task: "mm-tests", from: { duration: 6, progress: 0 }, to: { duration: 3, progress: 10 } },
    });
    const assigned = await call("PATCH", "/releases/v2/tasks/mm-tests", { assignee: "Mei Lin" });
    expect(assigned.body.task).toMatchObject({ assignee: "Mei Lin", duration: 3 });
    expect((await call("GET", "/releases/v2/wbs")).body.tasks.find((t: { id: string }) => t.id === "mm-tests").assignee).toBe("Mei Lin");
    expect((await call("PATCH", "/releases/v2/tasks/mm-tests", { assignee: "" })).status).toBe(422);
    expect((await call("PATCH", "/releases/v2/tasks/mm-tests", { duration: -1 })).status).toBe(422);
    expect((await call("PATCH", "/releases/v2/tasks/mm-tests", {})).status).toBe(422);
    expect((await call("PATCH", "/releases/v2/tasks/nope", { progress: 1 })).status).toBe(404);
  });
});

describe("readiness items of kind task", () => {
  it("follow the plan within the same event: red when a linked task is projected late, amber on time, green when done", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const launch = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await call("POST", "/releases", { id: "p2", name: "P2", template: "perp-futures-v2", start_date: today, launch_date: launch });
    const item = async () => (await call("GET", "/releases/p2/items/follow-up.wbs-complete")).body.item;
    expect(await item()).toMatchObject({ status: "pending", reason: "waits for WBS scheduling (linked tasks: full-release)" });

    const put = await putCsv("p2", [HEADER, "build,Build,,rd,60,,,0,todo", "full-release,Full release,,ops,0,build,,0,todo"].join("\n"));
    expect(put.status).toBe(200);
    const red = await item();
    expect(red.status).toBe("red");
    expect(red.reason).toMatch(/^full-release projected to finish \d{4}-\d\d-\d\d, after launch /);
    const putEvent = (await call("GET", `/releases/p2/events?after=${put.body.seq - 1}`)).body.events[0];
    expect(putEvent.type).toBe("wbs.replaced");
    expect(putEvent.board.items).toEqual([expect.objectContaining({ id: "follow-up.wbs-complete", status: "red" })]);

    const shorter = await call("PATCH", "/releases/p2/tasks/build", { duration: 5 });
    expect(shorter.status).toBe(200);
    expect(await item()).toMatchObject({ status: "amber", reason: expect.stringMatching(/^0 of 1 linked tasks done; projected finish .*, before launch$/) });

    await call("PATCH", "/releases/p2/tasks/full-release", { status: "done" });
    expect(await item()).toMatchObject({ status: "green", reason: "full-release done" });

    await putCsv("p2", [HEADER, "other,Other,,rd,1,,,0,todo"].join("\n"));
    expect(await item()).toMatchObject({ status: "pending", reason: "linked tasks not in the WBS: full-release" });
  });
});
