import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GreenlightEvent } from "../app/shared/events";
import type { ClientToServerEvents, JoinReply, ServerToClientEvents } from "../app/shared/protocol";
import { api, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * Risk parameter sign-off over HTTP (SPEC 12.3) on the real server with the
 * shipped template: refusals in the SPEC's error shape with nothing written,
 * the second approval turning a deployed parameter green on a board's
 * socket, and the config service's push, all or nothing.
 */
type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: RunningServer;
let admin: ReturnType<typeof api>;
const as: Record<"riskA" | "riskB" | "admin2" | "viewer" | "config", ReturnType<typeof api>> = {} as never;
const LEVERAGE = "risk.max-leverage-tier-2";
const ADL = "risk.adl-enabled";

beforeAll(async () => {
  server = await startServer();
  admin = api(server.url);
  expect(
    (await admin("POST", "/releases", { id: "px", name: "Params", template: "perp-futures-v2", start_date: "2026-11-02", launch_date: "2026-12-20" })).status,
  ).toBe(201);
  const token = async (name: string, role: string, functions: string[] = []) =>
    api(server.url, (await admin("POST", "/tokens", { name, role, functions })).body.token as string);
  as.riskA = await token("risk-a", "lead", ["risk"]);
  as.riskB = await token("risk-b", "lead", ["risk"]);
  as.admin2 = await token("pmo-2", "admin");
  as.viewer = await token("viewer", "viewer");
  as.config = await token("exchange-config", "lead", ["risk"]);
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

describe("the sign-off API", () => {
  it("refuses a step beyond max_step with 422 naming the parameter, its previous value, the step and the max; nothing written", async () => {
    const before = eventCount(server.dbPath);
    const res = await as.riskA("POST", "/releases/px/params/proposals", { values: { [LEVERAGE]: 50 }, rationale: "Halve tier 2" });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: "step_too_large", message: expect.stringContaining("100 x → 50 x is a step of 50, more than max_step 25") });
    expect(res.body.error.details).toEqual([{ path: `values.${LEVERAGE}`, message: expect.any(String), previous: 100, step: 50, max_step: 25 }]);
    expect((await as.riskA("POST", "/releases/px/params/proposals", { values: {}, rationale: "x" })).status).toBe(422);
    expect((await as.riskA("POST", "/releases/px/params/proposals", { values: { [LEVERAGE]: 90 } })).body.error.details).toEqual([
      { path: "rationale", message: "say why" },
    ]);
    expect((await as.viewer("POST", "/releases/px/params/proposals", { values: { [LEVERAGE]: 90 }, rationale: "x" })).status).toBe(403);
    expect(eventCount(server.dbPath)).toBe(before);
  });

  it("two approvals by two other people turn the deployed parameter green, seen on a board's socket in the approval's own event", async () => {
    // The exchange runs 80x and no ADL while 100x and ADL on are approved.
    const pushed = await as.config("POST", "/releases/px/params/deployed", { values: { [LEVERAGE]: 80, [ADL]: false } });
    expect(pushed.body).toMatchObject({ changed: [LEVERAGE, ADL], unchanged: [], unknown: [] });
    const proposed = await as.riskA("POST", "/releases/px/params/proposals", { values: { [LEVERAGE]: 80, [ADL]: false }, rationale: "Launch conservatively" });
    expect(proposed.status).toBe(201);
    const id = proposed.body.proposal.id as number;

    const socket: Client = io(server.url, { auth: { token: TEST_TOKEN }, transports: ["websocket"], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      const joined = await new Promise<JoinReply>((resolve) => socket.emit("board:join", { release: "px" }, resolve));
      expect(joined.ok).toBe(true);
      const seen: GreenlightEvent[] = [];
      socket.on("board:event", (e) => seen.push(e));

      const before = eventCount(server.dbPath);
      const refusals = [
        [await as.riskA("POST", `/releases/px/params/proposals/${id}/approve`), 403],
        [await as.viewer("POST", `/releases/px/params/proposals/${id}/approve`), 403],
      ] as const;
      for (const [res, status] of refusals) expect(res.status).toBe(status);
      const once = await as.riskB("POST", `/releases/px/params/proposals/${id}/approve`);
      expect(once.body).toMatchObject({ approved: false, proposal: { status: "pending" } });
      const twice = await as.riskB("POST", `/releases/px/params/proposals/${id}/approve`);
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe("already_approved_by_you");
      expect(eventCount(server.dbPath)).toBe(before + 1);

      const second = await as.admin2("POST", `/releases/px/params/proposals/${id}/approve`);
      expect(second.body).toMatchObject({ approved: true, proposal: { status: "approved" } });
      await until(() => seen.some((e) => e.seq === second.body.seq));
      const event = seen.find((e) => e.seq === second.body.seq)!;
      expect(event).toMatchObject({ type: "params.approved", data: { proposal: id, approvals: 2, approved: true } });
      expect(event.board.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: LEVERAGE, status: "green", reason: "deployed 80 x = approved 80 x" }),
          expect.objectContaining({ id: ADL, status: "green" }),
        ]),
      );
      expect(seen.map((e) => e.type)).toEqual(["params.approved", "params.approved"]);
    } finally {
      socket.disconnect();
    }
    const view = (await as.viewer("GET", "/releases/px/params")).body;
    const leverage = view.params.find((p: { id: string }) => p.id === LEVERAGE);
    expect(leverage).toMatchObject({ status: "green", approved: { value: 80, proposal: id }, deployed: { value: 80 }, drift: null, max_step: 25, unit: "x" });
    expect(leverage.approved.by).toEqual(["token:risk-b", "token:pmo-2"]);
  });

  it("the deployed push: all or nothing on a bad value, one event per changed item, unknown parameters reported", async () => {
    const before = eventCount(server.dbPath);
    const bad = await as.config("POST", "/releases/px/params/deployed", {
      values: { "risk.max-leverage-tier-1": 120, "risk.funding-interval": 8, "risk.maintenance-margin-tier-1": "0.4" },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([
      { path: "values.risk.funding-interval", message: "expected a text" },
      { path: "values.risk.maintenance-margin-tier-1", message: "expected a finite number" },
    ]);
    // JSON cannot say Infinity, but 1e999 parses to it.
    const huge = await fetch(`${server.url}/api/v1/releases/px/params/deployed`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
      body: '{"values":{"risk.max-leverage-tier-1":1e999}}',
    });
    expect(huge.status).toBe(422);
    expect(eventCount(server.dbPath)).toBe(before);
    const items = (await admin("GET", "/releases/px/items")).body.items as { id: string; status: string }[];
    expect(items.find((i) => i.id === "risk.max-leverage-tier-1")!.status).toBe("pending");

    const ok = await as.config("POST", "/releases/px/params/deployed", {
      values: { "risk.max-leverage-tier-1": 120, "risk.funding-interval": "8h", [LEVERAGE]: 80, "risk.mystery-knob": 3, "stability.p99-order-latency": 5 },
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      changed: ["risk.max-leverage-tier-1", "risk.funding-interval"],
      unchanged: [LEVERAGE],
      unknown: ["risk.mystery-knob", "stability.p99-order-latency"],
      seq: expect.any(Number),
    });
    expect(eventCount(server.dbPath)).toBe(before + 2);
    const events = (await admin("GET", `/releases/px/events?after=${ok.body.seq - 2}`)).body.events as GreenlightEvent[];
    expect(events.map((e) => [e.type, (e.data as { item?: string }).item])).toEqual([
      ["evidence.reported", "risk.max-leverage-tier-1"],
      ["evidence.reported", "risk.funding-interval"],
    ]);
    const view = (await admin("GET", "/releases/px/params")).body;
    const tier1 = view.params.find((p: { id: string }) => p.id === "risk.max-leverage-tier-1");
    expect(tier1).toMatchObject({
      status: "red",
      deployed: { value: 120, by: "token:exchange-config" },
      drift: { since: expect.any(String), seconds: expect.any(Number) },
    });
    expect((await as.viewer("POST", "/releases/px/params/deployed", { values: { "risk.max-leverage-tier-1": 125 } })).status).toBe(403);
  });

  it("pages the sign-off history and answers 404s and bad queries in the error shape", async () => {
    const page = (await admin("GET", "/releases/px/params?limit=1")).body.history;
    expect(page.proposals).toHaveLength(1);
    expect((await admin("GET", `/releases/px/params?limit=1&before=${page.next_before}`)).body.history.proposals).toHaveLength(0);
    expect((await admin("GET", "/releases/px/params?limit=5000")).status).toBe(422);
    expect((await admin("GET", "/releases/nope/params")).status).toBe(404);
    expect((await admin("POST", "/releases/px/params/proposals/999/approve")).body.error.code).toBe("not_found");
    expect((await admin("POST", "/releases/px/params/proposals/abc/approve")).status).toBe(404);
  });
});
