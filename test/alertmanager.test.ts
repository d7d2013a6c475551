import { readFileSync } from "node:fs";
import { join } from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GreenlightEvent } from "../app/shared/events";
import { api, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * Evidence in from Alertmanager (SPEC 13, ADR 022) against the real server,
 * with the payloads checked into test/fixtures/alertmanager as Alertmanager
 * 0.25+ sends them: firing turns the `check` item red (live, on a socket),
 * resolved turns it green, a resend writes nothing, what cannot be applied is
 * reported back, a bad payload or a refused item writes nothing at all.
 */
type Payload = { alerts: { status: string; labels: Record<string, string>; annotations: Record<string, string> }[] } & Record<string, unknown>;
const fixture = (name: string): Payload => JSON.parse(readFileSync(join(__dirname, "fixtures/alertmanager", name), "utf8")) as Payload;
const ITEM = "qa.settlement-reconciliation"; // a check owned by qa

let server: RunningServer;
let admin: ReturnType<typeof api>;
let qaLead: ReturnType<typeof api>;
let riskLead: ReturnType<typeof api>;
const item = async (id = ITEM) => (await admin("GET", `/releases/am/items/${id}`)).body.item as { status: string; evidence: unknown; version: number };
const post = (payload: unknown, as = admin) => as("POST", "/releases/am/alertmanager", payload);

beforeAll(async () => {
  server = await startServer();
  admin = api(server.url);
  const made = await admin("POST", "/releases", {
    id: "am",
    name: "Perp V2",
    template: "perp-futures-v2",
    start_date: "2026-11-02",
    launch_date: "2026-12-20",
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const token = async (name: string, fn: string) => (await admin("POST", "/tokens", { name, role: "lead", functions: [fn] })).body.token as string;
  qaLead = api(server.url, await token("qa-monitoring", "qa"));
  riskLead = api(server.url, await token("risk-monitoring", "risk"));
});

afterAll(async () => {
  await server?.stop();
});

describe("the Alertmanager webhook", () => {
  it("firing turns the named check item red on a live board, with the alert as note and Prometheus's graph as link; a resend writes nothing; resolved turns it green", async () => {
    const socket: Socket = io(server.url, { auth: { token: TEST_TOKEN }, transports: ["websocket"], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const joined = await new Promise<{ ok: boolean }>((resolve) => socket.emit("board:join", { release: "am", protocol: 2 }, resolve));
      expect(joined.ok).toBe(true);
      const received: GreenlightEvent[] = [];
      socket.on("board:event", (e: GreenlightEvent) => received.push(e));

      const fired = await post(fixture("firing.json"), qaLead);
      expect(fired.status, JSON.stringify(fired.body)).toBe(200);
      expect(fired.body).toEqual({
        release: "am",
        changed: [{ item: ITEM, done: false, status: "red", seq: expect.any(Number) }],
        unchanged: [],
        ignored: [],
      });
      expect(await item()).toMatchObject({ status: "red", evidence: { done: false } });
      await expect.poll(() => received.map((e) => e.type)).toEqual(["evidence.reported"]);
      const event = received[0]!;
      expect(event.actor).toBe("token:qa-monitoring");
      expect(event.board.items).toEqual([expect.objectContaining({ id: ITEM, status: "red" })]);
      expect(event.type === "evidence.reported" && event.data).toMatchObject({
        item: ITEM,
        evidence: { done: false },
        note: "SettlementReconciliationDrift: Settlement drifts from the ledger",
        link: "http://prometheus.internal:9090/graph?g0.expr=abs%28settlement_ledger_diff_usdt%29+%3E+0.01&g0.tab=1",
      });

      // Alertmanager resends the whole group every repeat_interval: the item is already red, nothing is appended.
      const before = eventCount(server.dbPath);
      const again = await post(fixture("firing.json"), qaLead);
      expect(again.body).toEqual({ release: "am", changed: [], unchanged: [{ item: ITEM, done: false }], ignored: [] });
      expect(eventCount(server.dbPath)).toBe(before);

      // One alert of the group resolved, the other still firing: the item stays red (firing wins), nothing appended.
      const half = fixture("firing.json");
      half.alerts[0]!.status = "resolved";
      expect((await post(half, qaLead)).body.unchanged).toEqual([{ item: ITEM, done: false }]);
      expect(eventCount(server.dbPath)).toBe(before);
      expect((await item()).status).toBe("red");

      const resolved = await post(fixture("resolved.json"), qaLead);
      expect(resolved.status).toBe(200);
      expect(resolved.body.changed).toEqual([{ item: ITEM, done: true, status: "green", seq: expect.any(Number) }]);
      expect(await item()).toMatchObject({ status: "green", evidence: { done: true } });
      await expect.poll(() => received.map((e) => e.type)).toEqual(["evidence.reported", "evidence.reported"]);
      expect(received[1]!.board.items).toEqual([expect.objectContaining({ id: ITEM, status: "green" })]);
    } finally {
      socket.disconnect();
    }
  });

  it("reports alerts naming an unknown item, a non-check item or no item back, and still applies the rest in the same write", async () => {
    const payload = fixture("firing.json");
    const base = payload.alerts[0]!;
    payload.alerts = [
      { ...base, labels: { ...base.labels, greenlight_item: "qa.no-such-item" } },
      { ...base, labels: { ...base.labels, greenlight_item: "stability.api-error-rate" } },
      { ...base, labels: { alertname: "Watchdog" } },
      base,
    ];
    const res = await post(payload);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.ignored).toEqual([
      { item: null, alertname: "Watchdog", reason: "no greenlight_item label" },
      { item: "qa.no-such-item", alertname: "SettlementReconciliationDrift", reason: "no such item in this release" },
      { item: "stability.api-error-rate", alertname: "SettlementReconciliationDrift", reason: "a metric item, not a check" },
    ]);
    expect(res.body.changed).toEqual([{ item: ITEM, done: false, status: "red", seq: expect.any(Number) }]);
    expect((await item("stability.api-error-rate")).evidence).toBeNull();
    expect((await post(fixture("resolved.json"))).body.changed).toHaveLength(1);
  });

  it("refuses a malformed payload with 422 naming the field, and writes nothing", async () => {
    const before = eventCount(server.dbPath);
    const version = await post({ ...fixture("firing.json"), version: "3" });
    expect(version.status).toBe(422);
    expect(version.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "version" })]));
    const status = fixture("firing.json");
    (status.alerts[1] as Record<string, unknown>).status = "burning";
    const bad = await post(status);
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "alerts[1].status" })]));
    expect((await post([])).status).toBe(422);
    expect((await post({ ...fixture("firing.json"), alerts: "none" })).status).toBe(422);
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await item()).status).toBe("green");
  });

  it("a caller who may not report on one named item gets 403 and nothing of the payload is written", async () => {
    const payload = fixture("firing.json");
    const before = eventCount(server.dbPath);
    const res = await post(payload, riskLead);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    // Two items, one the qa lead may report on and one owned by mm: all or nothing.
    const mixed = fixture("firing.json");
    mixed.alerts[1]!.labels = { ...mixed.alerts[1]!.labels, greenlight_item: "mm.mm-obligations" };
    expect((await post(mixed, qaLead)).status).toBe(403);
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await item()).status).toBe("green");
    expect((await item("mm.mm-obligations")).evidence).toBeNull();
    expect((await post(payload, api(server.url, null))).status).toBe(401);
  });
});
