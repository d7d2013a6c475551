import { readFileSync } from "node:fs";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BoardItem } from "../app/shared/board";
import type { CertificationMatrix } from "../app/shared/certification";
import type { GreenlightEvent } from "../app/shared/events";
import { PROTOCOL_VERSION, type ClientToServerEvents, type JoinReply, type ServerToClientEvents } from "../app/shared/protocol";
import { api, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * Market-maker certification over HTTP (SPEC 12.4, ADR 020): JUnit XML from
 * real runners posted per partner, a new software version resetting the row,
 * the matrix and the board's tile following along.
 */
let server: RunningServer;
let call: ReturnType<typeof api>;
const fixture = (name: string) => readFileSync(new URL(`./fixtures/junit/${name}`, import.meta.url), "utf8");

const junit = (release: string, item: string, xml: string, query = "", token: string | null = TEST_TOKEN, type = "application/xml") =>
  api(server.url, token)("POST", `/releases/${release}/items/${item}/junit${query}`, xml, { "content-type": type });

let n = 0;
async function freshRelease(): Promise<string> {
  const id = `mm-${++n}`;
  const created = await call("POST", "/releases", { id, name: "MM", template: "perp-futures-v2", start_date: "2026-11-02", launch_date: "2026-12-01" });
  expect(created.status).toBe(201);
  return id;
}
const item = async (release: string, id: string) => (await call("GET", `/releases/${release}/items/${id}`)).body.item;

beforeAll(async () => {
  server = await startServer();
  call = api(server.url);
});

afterAll(async () => {
  await server?.stop();
});

describe("POST /items/:item/junit", () => {
  it("pytest's report: a failing case turns its stage red, an error counts as failed, all-skipped stays pending, the self-check is reported back", async () => {
    const release = await freshRelease();
    const res = await junit(release, "mm.mm-kestrel", fixture("pytest-kestrel.xml"), "?version=3.2.0&link=https%3A%2F%2Fci.kestrel.example%2Fruns%2F881");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.stages).toEqual({ connectivity: "passed", auth: "failed", "order-entry": "failed", "market-data": "passed", soak: "pending" });
    expect(res.body.unmatched).toEqual([{ suite: "pytest", classname: "tests.test_harness_selfcheck", tests: 1 }]);
    expect(res.body.item).toMatchObject({ status: "red", reason: "version 3.2.0: failed: auth, order-entry" });
    expect(res.body.seq).toBeGreaterThan(0);
    // One evidence event, with what was reported: results, version, counts.
    const events = (await call("GET", `/releases/${release}/events?after=${res.body.seq - 1}`)).body.events as GreenlightEvent[];
    expect(events.map((e) => e.type)).toEqual(["evidence.reported"]);
    expect(events[0]!.data).toMatchObject({
      item: "mm.mm-kestrel",
      link: "https://ci.kestrel.example/runs/881",
      evidence: { version: "3.2.0", junit: { auth: { tests: 2, failures: 0, errors: 1, skipped: 0 } } },
    });
  });

  it("Surefire then jest-junit reports accumulate on one partner; the matrix shows each suite's date, link and counts", async () => {
    const release = await freshRelease();
    const surefire = await junit(
      release,
      "mm.mm-northbridge",
      fixture("TEST-com.acme.mmcert.OrderEntryTest.xml"),
      "?version=5.1&link=https://ci.example.com/1",
      TEST_TOKEN,
      "text/xml",
    );
    expect(surefire.status, JSON.stringify(surefire.body)).toBe(200);
    const jest = await junit(release, "mm.mm-northbridge", fixture("jest-junit-northbridge.xml"), "?version=5.1&link=https://ci.example.com/2");
    expect(jest.status).toBe(200);
    expect(jest.body.unmatched).toEqual([{ suite: "Venue clock drift", classname: "Venue clock drift stays under 50 ms against NTP", tests: 1 }]);
    const matrix = (await call("GET", `/releases/${release}/certification`)).body as CertificationMatrix;
    expect(matrix.suites).toEqual([
      "connectivity",
      "auth",
      "order-entry",
      "cancel-and-mass-cancel",
      "cancel-on-disconnect",
      "market-data",
      "rate-limits",
      "mm-protection",
      "soak",
      "quoting-obligations",
    ]);
    expect(matrix.partners.map((p) => p.item)).toEqual(["mm.mm-alpha", "mm.mm-kestrel", "mm.mm-northbridge"]);
    const northbridge = matrix.partners[2]!;
    expect(northbridge).toMatchObject({ version: "5.1", passed: 2, failed: 2, total: 10, status: "red" });
    expect(northbridge.cells["order-entry"]).toMatchObject({
      result: "failed",
      link: "https://ci.example.com/1",
      tests: { tests: 4, failures: 1, errors: 0, skipped: 1 },
    });
    expect(northbridge.cells["cancel-on-disconnect"]).toMatchObject({ result: "failed", link: "https://ci.example.com/2" });
    expect(northbridge.cells["order-entry"]!.at! < northbridge.cells["cancel-on-disconnect"]!.at!).toBe(true);
    expect(northbridge.cells.soak).toEqual({ result: "pending", at: null, link: null, tests: null });
  });

  it("a new version resets the partner's row; the same version again accumulates", async () => {
    const release = await freshRelease();
    expect((await junit(release, "mm.mm-alpha", fixture("go-junit-report-alpha.xml"), "?version=1.8.0")).body.item.reason).toBe(
      "version 1.8.0: failed: market-data",
    );
    const all = `<testsuites>${["connectivity", "auth", "order-entry", "cancel-and-mass-cancel", "cancel-on-disconnect", "market-data", "rate-limits", "mm-protection", "soak", "quoting-obligations"].map((s) => `<testsuite name="${s}"><testcase name="ok"/></testsuite>`).join("")}</testsuites>`;
    const green = await junit(release, "mm.mm-alpha", all, "?version=1.8.0");
    expect(green.body.item).toMatchObject({ status: "green", reason: "version 1.8.0: all 10 stages passed" });
    const bumped = await junit(release, "mm.mm-alpha", `<testsuite name="connectivity"><testcase name="ok"/></testsuite>`, "?version=1.9.0");
    expect(bumped.body.item).toMatchObject({ status: "amber", evidence: { stages: { connectivity: "passed" }, version: "1.9.0" } });
    expect(bumped.body.item.reason).toMatch(/^version 1\.9\.0: 1\/10 stages passed; waiting: auth, /);
    // Without a version the report is about the version on record.
    const more = await junit(release, "mm.mm-alpha", `<testsuite name="auth"><testcase name="ok"/></testsuite>`);
    expect(more.body.item.evidence).toMatchObject({ stages: { connectivity: "passed", auth: "passed" }, version: "1.9.0" });
    // JSON evidence follows the same rule.
    const json = await call("POST", `/releases/${release}/items/mm.mm-alpha/evidence`, { stages: { soak: "passed" }, version: "2.0.0" });
    expect(json.body.item.evidence).toMatchObject({ stages: { soak: "passed" }, version: "2.0.0" });
  });

  it("refuses malformed XML, XML with no testsuite, a report naming no stage and a non-stages item with 422, writing nothing", async () => {
    const release = await freshRelease();
    const before = eventCount(server.dbPath);
    const malformed = await junit(release, "mm.mm-alpha", `<testsuites>\n<testsuite name="auth">\n<testcase name="a">\n</testsuite></testsuites>`);
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.code).toBe("invalid_junit");
    expect(malformed.body.error.message).toMatch(/line 4/);
    expect(malformed.body.error.details[0].path).toMatch(/^line 4, column \d+$/);
    const empty = await junit(release, "mm.mm-alpha", `<testsuites name="jest tests" tests="0"></testsuites>`);
    expect([empty.status, empty.body.error.message]).toEqual([422, "the report holds no <testsuite>; nothing was recorded"]);
    const other = await junit(release, "mm.mm-alpha", `<coverage line-rate="1"/>`);
    expect(other.status).toBe(422);
    const nothing = await junit(release, "mm.mm-alpha", `<testsuite name="lint"><testcase name="eslint"/></testsuite>`);
    expect(nothing.status).toBe(422);
    expect(nothing.body.error).toMatchObject({ code: "no_matching_suite", details: { unmatched: [{ suite: "lint", tests: 1 }] } });
    const check = await junit(release, "mm.mm-obligations", fixture("pytest-kestrel.xml"));
    expect([check.status, check.body.error.code]).toEqual([422, "not_stages_item"]);
    const badVersion = await junit(release, "mm.mm-alpha", fixture("pytest-kestrel.xml"), "?version=2.0%20final");
    expect(badVersion.status).toBe(422);
    expect(badVersion.body.error.details[0].path).toBe("version");
    const stale = await junit(release, "mm.mm-alpha", fixture("pytest-kestrel.xml"), "?if_version=7");
    expect(stale.status).toBe(409);
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await item(release, "mm.mm-alpha")).status).toBe("pending");
  });

  it("takes XML on this route only, up to 5 MB; refuses JSON here and XML elsewhere", async () => {
    const release = await freshRelease();
    const before = eventCount(server.dbPath);
    const asJson = await call("POST", `/releases/${release}/items/mm.mm-alpha/junit`, { stages: { auth: "passed" } });
    expect([asJson.status, asJson.body.error.code]).toEqual([415, "unsupported_media_type"]);
    const xmlElsewhere = await api(server.url)("POST", `/releases/${release}/items/mm.mm-alpha/evidence`, "<testsuite/>", {
      "content-type": "application/xml",
    });
    expect(xmlElsewhere.status).toBe(415);
    // A 2 MB report (captured output) is fine: over the JSON limit, under the report's.
    const output = "x".repeat(2 * 1024 * 1024);
    const big = await junit(release, "mm.mm-alpha", `<testsuite name="soak"><testcase name="24h"/><system-out><![CDATA[${output}]]></system-out></testsuite>`);
    expect(big.status, JSON.stringify(big.body).slice(0, 300)).toBe(200);
    const huge = await junit(release, "mm.mm-alpha", `<testsuite name="soak"><system-out>${"x".repeat(5 * 1024 * 1024 + 1)}</system-out></testsuite>`);
    expect([huge.status, huge.body.error.code]).toEqual([413, "payload_too_large"]);
    expect(eventCount(server.dbPath)).toBe(before + 1);
  });

  it("asks for the same permission as reporting evidence on the item: a lead of another function is refused before the XML is read", async () => {
    const release = await freshRelease();
    const riskLead = (await call("POST", "/tokens", { name: "risk-lead", role: "lead", functions: ["risk"] })).body.token as string;
    const mmLead = (await call("POST", "/tokens", { name: "mm-lead", role: "lead", functions: ["mm"] })).body.token as string;
    expect((await junit(release, "mm.mm-alpha", "<not xml", "", riskLead)).status).toBe(403);
    expect((await junit(release, "mm.mm-alpha", fixture("go-junit-report-alpha.xml"), "", mmLead)).status).toBe(200);
  });
});

describe("the board's certification tile", () => {
  it("a partner's row comes with the snapshot and follows each JUnit report live", async () => {
    const release = await freshRelease();
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
      auth: { token: TEST_TOKEN },
      transports: ["websocket"],
      reconnection: false,
    });
    try {
      const events: GreenlightEvent[] = [];
      socket.on("board:event", (e) => events.push(e));
      const reply = await new Promise<JoinReply>((resolve) => socket.emit("board:join", { release, protocol: PROTOCOL_VERSION }, resolve));
      if (!reply.ok || !("snapshot" in reply) || !reply.snapshot) throw new Error(`join refused: ${JSON.stringify(reply)}`);
      const items = reply.snapshot.sections.flatMap((s) => s.items);
      const partners = items.filter((i: BoardItem) => i.certification);
      expect(partners.map((i) => i.id)).toEqual(["mm.mm-alpha", "mm.mm-kestrel", "mm.mm-northbridge"]);
      expect(partners[0]!.certification).toEqual({ passed: 0, failed: 0, total: 10, version: null });
      // Only market makers' stages items carry it.
      expect(items.find((i) => i.id === "mm.mm-obligations")!.certification).toBeUndefined();
      await junit(release, "mm.mm-kestrel", fixture("pytest-kestrel.xml"), "?version=3.2.0");
      const deadline = Date.now() + 5000;
      while (!events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      const change = events[0]!.board.items.find((i) => i.id === "mm.mm-kestrel")!;
      expect(change).toMatchObject({ status: "red", certification: { passed: 2, failed: 2, total: 10, version: "3.2.0" } });
    } finally {
      socket.disconnect();
    }
  });
});
