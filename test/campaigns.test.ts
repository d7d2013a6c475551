import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GreenlightEvent } from "../app/shared/events";
import type { ClientToServerEvents, JoinReply, ServerToClientEvents } from "../app/shared/protocol";
import { addDays, isoDate } from "../app/shared/time";
import { api, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * Campaigns over HTTP on the real server with the shipped template (SPEC 13,
 * ADR 024): a task slipping past a campaign's start reaches a board's socket
 * in the task's own event; the launch date moving moves an offset campaign
 * and its risk; a required item turning red; bad input refused with nothing
 * written. The server's clock is the real one: dates are relative to today.
 */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: RunningServer;
let admin: ReturnType<typeof api>;
let lead: ReturnType<typeof api>;
const today = isoDate(new Date());
const launch = addDays(today, 60);

const CSV = [
  "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status,assignee",
  "build,Build the feature,,rd,5,,,0,todo,",
  "cert,MM certification,,mm,3,build,,0,todo,",
].join("\n");

beforeAll(async () => {
  server = await startServer();
  admin = api(server.url);
  expect(
    (await admin("POST", "/releases", { id: "cx", name: "Campaigns", template: "perp-futures-v2", start_date: addDays(today, -14), launch_date: launch }))
      .status,
  ).toBe(201);
  const put = await fetch(`${server.url}/api/v1/releases/cx/wbs`, {
    method: "PUT",
    headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "text/csv" },
    body: CSV,
  });
  expect(put.status).toBe(200);
  lead = api(server.url, (await admin("POST", "/tokens", { name: "mk-lead", role: "lead", functions: ["marketing"] })).body.token as string);
});

afterAll(async () => {
  await server?.stop();
});

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function board(release: string) {
  const socket: Client = io(server.url, { auth: { token: TEST_TOKEN }, transports: ["websocket"], reconnection: false });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  const joined = await new Promise<JoinReply>((resolve) => socket.emit("board:join", { release }, resolve));
  expect(joined.ok).toBe(true);
  const seen: GreenlightEvent[] = [];
  socket.on("board:event", (e) => seen.push(e));
  return { socket, seen };
}

describe("campaigns over HTTP", () => {
  it("refuses bad input with 422 naming the problem, and non-admins with 403; nothing written", async () => {
    const before = eventCount(server.dbPath);
    const base = { id: "bad", name: "Bad", kind: "airdrop", starts: "T", ends: "T+3" };
    const unknown = await admin("POST", "/releases/cx/campaigns", { ...base, requires: { tasks: ["nope"], items: ["qa.nope"] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details).toEqual([
      { path: "requires.tasks[0]", message: 'no task "nope" in the plan of cx' },
      { path: "requires.items[0]", message: 'no item "qa.nope" in cx' },
    ]);
    const backwards = await admin("POST", "/releases/cx/campaigns", { ...base, starts: "T+3", ends: "T" });
    expect(backwards.status).toBe(422);
    expect(backwards.body.error.details[0].path).toBe("ends");
    const offset = await admin("POST", "/releases/cx/campaigns", { ...base, starts: "T+x" });
    expect(offset.status).toBe(422);
    expect(offset.body.error.details[0].path).toBe("starts");
    expect((await admin("POST", "/releases/cx/campaigns", { ...base, kind: "party" })).status).toBe(422);
    expect((await lead("POST", "/releases/cx/campaigns", base)).status).toBe(403);
    expect((await lead("PATCH", "/releases/cx", { launch_date: addDays(launch, 1) })).status).toBe(403);
    expect((await admin("PATCH", "/releases/cx", { launch_date: "2026-02-30" })).status).toBe(422);
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await admin("GET", "/releases/cx/campaigns")).body).toEqual({ campaigns: [] });
  });

  it("a task slipping past a campaign's start makes it at risk on a board's socket, in the task's event", async () => {
    const start = addDays(today, 21);
    const created = await admin("POST", "/releases/cx/campaigns", {
      id: "comp",
      name: "Trading competition",
      kind: "trading_competition",
      starts: start,
      ends: addDays(start, 14),
      requires: { tasks: ["cert"] },
    });
    expect(created.status).toBe(201);
    expect(created.body.campaign).toMatchObject({ id: "comp", start_date: start, at_risk: false, risk_reasons: [] });
    const { socket, seen } = await board("cx");
    try {
      // 25 working days of build: cert now finishes five weeks out, after the competition starts.
      expect((await admin("PATCH", "/releases/cx/tasks/build", { duration: 25 })).status).toBe(200);
      await until(() => seen.some((e) => e.type === "task.updated"));
      const event = seen.find((e) => e.type === "task.updated")!;
      const finish = (await admin("GET", "/releases/cx/campaigns/comp")).body.campaign.requirements.tasks[0].projected_finish as string;
      expect(finish > start).toBe(true);
      expect(event.board.campaigns).toMatchObject({
        count: 1,
        at_risk: [
          { id: "comp", name: "Trading competition", start_date: start, reason: expect.stringContaining(`before task cert's projected finish ${finish}`) },
        ],
      });
    } finally {
      socket.close();
    }
  });

  it("the launch date moving moves an offset campaign's dates and its risk, on the socket too", async () => {
    const comp = (await admin("GET", "/releases/cx/campaigns/comp")).body.campaign;
    const finish = comp.requirements.tasks[0].projected_finish as string;
    const created = await admin("POST", "/releases/cx/campaigns", {
      id: "fees",
      name: "Launch fee holiday",
      kind: "fee_promotion",
      starts: "T-2",
      ends: "T+7",
      requires: { tasks: ["cert"] },
    });
    expect(created.body.campaign).toMatchObject({ start_date: addDays(launch, -2), end_date: addDays(launch, 7), at_risk: false });
    const { socket, seen } = await board("cx");
    try {
      // The launch pulled in to the day cert finishes: T-2 is now before it.
      const moved = await admin("PATCH", "/releases/cx", { launch_date: finish });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ from: launch, to: finish, release: { launch_date: finish } });
      const fees = (await admin("GET", "/releases/cx/campaigns/fees")).body.campaign;
      expect(fees).toMatchObject({ starts: "T-2", start_date: addDays(finish, -2), end_date: addDays(finish, 7), at_risk: true });
      expect(fees.risk_reasons).toEqual([`starts ${addDays(finish, -2)}, 2 days before task cert's projected finish ${finish}`]);
      // The absolute one stays where it was.
      expect((await admin("GET", "/releases/cx/campaigns/comp")).body.campaign.start_date).toBe(comp.start_date);
      await until(() => seen.some((e) => e.type === "release.rescheduled"));
      const event = seen.find((e) => e.type === "release.rescheduled")!;
      expect(event.data).toEqual({ from: launch, to: finish });
      expect(event.board.schedule).toMatchObject({ launch: finish });
      expect(event.board.campaigns!.count).toBe(2);
      // Back out again: the offset campaign is clear.
      expect((await admin("PATCH", "/releases/cx", { launch_date: launch })).status).toBe(200);
      expect((await admin("GET", "/releases/cx/campaigns/fees")).body.campaign).toMatchObject({ start_date: addDays(launch, -2), at_risk: false });
    } finally {
      socket.close();
    }
  });

  it("a required item turning red makes a campaign at risk with the reason", async () => {
    expect((await admin("PATCH", "/releases/cx/campaigns/fees", { requires: { items: ["qa.pen-test"] } })).status).toBe(200);
    const { socket, seen } = await board("cx");
    try {
      expect((await admin("POST", "/releases/cx/items/qa.pen-test/evidence", { done: false })).status).toBe(200);
      const fees = (await admin("GET", "/releases/cx/campaigns/fees")).body.campaign;
      expect(fees).toMatchObject({ at_risk: true, risk_reasons: ["requires item qa.pen-test, which is red"] });
      await until(() => seen.some((e) => e.type === "evidence.reported"));
      const tile = seen.find((e) => e.type === "evidence.reported")!.board.campaigns!;
      expect(tile.at_risk.find((c) => c.id === "fees")).toMatchObject({ reason: "requires item qa.pen-test, which is red" });
    } finally {
      socket.close();
    }
    expect((await admin("DELETE", "/releases/cx/campaigns/fees")).status).toBe(200);
    expect((await admin("GET", "/releases/cx/campaigns")).body.campaigns.map((c: { id: string }) => c.id)).toEqual(["comp"]);
  });
});
