import { readFileSync } from "node:fs";
import { join } from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GreenlightEvent } from "../app/shared/events";
import type { ClientToServerEvents, JoinReply, ServerToClientEvents } from "../app/shared/protocol";
import type { RosterView } from "../server/roster/reads";
import { api, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * Support readiness over the real API (SPEC 12.1–12.2): a Moodle gradebook
 * export imported end to end against a roster CSV, bad files refused whole,
 * the SOP registry's second pair of eyes, and a `sop` item turning red on a
 * real board socket when a new revision is approved.
 */
const fixture = (name: string) => readFileSync(join(import.meta.dirname, "fixtures", name), "utf8");
const RELEASE = "sr";
const ASSESSMENT = "perp-v2-cs";
const COLUMN = "Quiz: Perpetuals V2 assessment (Real)";
const RESULTS = `/releases/${RELEASE}/assessments/${ASSESSMENT}/results`;
const csvQuery = (q: Record<string, string>) => `?${new URLSearchParams(q).toString()}`;

let server: RunningServer;
let admin: ReturnType<typeof api>;
/** Two leads of cs (tokens): one drafts, the other approves. */
let linaToken: string;
let marcusToken: string;
let lina: ReturnType<typeof api>;
let marcus: ReturnType<typeof api>;

/** A body as the API gets it from curl: `--data-binary @file -H 'Content-Type: text/csv'`. */
const csv = (call: ReturnType<typeof api>, method: string, path: string, text: string) => call(method, path, text, { "content-type": "text/csv" });
const roster = async () => (await admin("GET", `/releases/${RELEASE}/roster`)).body as RosterView;
const item = async (id: string) => (await admin("GET", `/releases/${RELEASE}/items/${id}`)).body.item as { status: string; reason: string };
const person = (view: RosterView, name: string) => view.people.find((p) => p.name === name)!;

beforeAll(async () => {
  server = await startServer();
  admin = api(server.url);
  const created = await admin("POST", "/releases", {
    id: RELEASE,
    name: "Support readiness",
    template: "perp-futures-v2",
    start_date: "2026-11-02",
    launch_date: "2027-03-01",
  });
  expect(created.status).toBe(201);
  const lead = async (name: string) => (await admin("POST", "/tokens", { name, role: "lead", functions: ["cs"] })).body.token as string;
  [linaToken, marcusToken] = [await lead("lina-cs"), await lead("marcus-cs")];
  lina = api(server.url, linaToken);
  marcus = api(server.url, marcusToken);
});

afterAll(async () => {
  await server?.stop();
});

describe("a Moodle gradebook export, end to end", () => {
  it("puts the roster from a CSV, records the grades by ?column= and ?pass=, and reads each person's standing", async () => {
    const put = await csv(lina, "PUT", `/releases/${RELEASE}/roster`, fixture("roster.csv"));
    expect(put).toMatchObject({ status: 200, body: { people: 9, added: 9, removed: 0 } });

    // The export as Moodle writes it (BOM, quoted headers, Chinese names, `-` for no grade), plus a row for someone not on the roster.
    const moodle = `${fixture("moodle-grades.csv")}Ola,Nordmann,CS-0999,Greenlight,"CS Oslo",ola.nordmann@example.com,9.50,9.50,1796117400\n`;
    const posted = await csv(lina, "POST", `${RESULTS}${csvQuery({ column: COLUMN, pass: "8", max: "10" })}`, moodle);
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({
      recorded: 7,
      passed: 6,
      people: 7,
      unknown: [{ line: 10, email: "ola.nordmann@example.com" }],
      skipped: [{ line: 4, email: "maria.santos@example.com" }],
    });

    const view = await roster();
    expect(view.people.map((p) => p.email)).not.toContain("ola.nordmann@example.com");
    expect(person(view, "王芳").standing[ASSESSMENT]).toMatchObject({ passed: true, best_score: 90, attempts: 1, valid_on_launch: true });
    // Chen.Wei@example.com in the export is chen.wei@example.com on the roster: 7.5 of 10 is under the pass mark.
    expect(person(view, "陈伟").standing[ASSESSMENT]).toMatchObject({ passed: false, best_score: 75, attempts: 1, valid_on_launch: false });
    expect(person(view, "Maria Santos").standing[ASSESSMENT]).toMatchObject({ passed: false, attempts: 0, best_score: null });
    expect(person(view, "赵敏").standing[ASSESSMENT]).toMatchObject({ passed: false, attempts: 0 });
    expect(person(view, "李丽").standing[ASSESSMENT]).toMatchObject({ passed: true, best_score: 100 });

    expect(await item("cs.assessment-pass-rate")).toMatchObject({
      status: "red",
      reason: expect.stringContaining(
        "6/9 passed, valid on launch 2027-03-01 (66.7%) < target 100%; not passed: 陈伟 (CS Shanghai), Maria Santos (CS Lisbon), 赵敏 (CS Shanghai)",
      ),
    });
  });

  it("refuses a malformed file whole, naming every bad line, and writes nothing", async () => {
    const before = { events: eventCount(server.dbPath), roster: await roster() };
    const bad = [
      `"Email address","${COLUMN}"`,
      "wang.fang@example.com,9.00",
      "li.li@example.com,nine",
      "not-an-email,8.00",
      "ahmed.khan@example.com,8.00,extra",
      "yuki.tanaka@example.com,12.00",
    ].join("\n");
    const refused = await csv(lina, "POST", `${RESULTS}${csvQuery({ column: COLUMN, pass: "8", max: "10" })}`, bad);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("invalid_csv");
    expect(refused.body.error.details.map((d: { line: number }) => d.line)).toEqual([3, 4, 5, 6]);
    expect(refused.body.error.details[0].message).toContain('"nine" is not a number');

    const badRoster = ["email,name,team", "a@example.com,A,shift-a", "nope,B,shift-a", "c@example.com,,shift-b", "a@example.com,A again,shift-a"].join("\n");
    const rosterRefused = await csv(lina, "PUT", `/releases/${RELEASE}/roster`, badRoster);
    expect(rosterRefused.status).toBe(422);
    expect(rosterRefused.body.error.details.map((d: { line: number }) => d.line)).toEqual([3, 4, 5]);

    // A grade column that is not there, and no pass mark: refused before any line is read.
    const noColumn = await csv(lina, "POST", `${RESULTS}${csvQuery({ column: "Quiz: Other (Real)", pass: "8", max: "10" })}`, fixture("moodle-grades.csv"));
    expect(noColumn).toMatchObject({
      status: 422,
      body: { error: { details: [{ line: 1, message: expect.stringContaining('no column "Quiz: Other (Real)"') }] } },
    });
    expect((await csv(lina, "POST", `${RESULTS}${csvQuery({ column: COLUMN })}`, fixture("moodle-grades.csv"))).status).toBe(422);

    expect(eventCount(server.dbPath)).toBe(before.events);
    expect(await roster()).toEqual(before.roster);
  });
});

describe("results as JSON", () => {
  it("records an attempt: the latest pass counts, every attempt is kept", async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    const posted = await lina("POST", RESULTS, { results: [{ email: "chen.wei@example.com", score: 85, passed: true, at }] });
    expect(posted).toMatchObject({ status: 200, body: { recorded: 1, passed: 1, unknown: [], skipped: [] } });
    expect(person(await roster(), "陈伟").standing[ASSESSMENT]).toMatchObject({ passed: true, best_score: 85, attempts: 2, valid_on_launch: true });
  });

  it("refuses an attempt dated in the future, and results for an assessment no item measures, writing nothing", async () => {
    const events = eventCount(server.dbPath);
    const future = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const refused = await lina("POST", RESULTS, {
      results: [
        { email: "zhao.min@example.com", score: 90, passed: true, at: new Date(Date.now() - 60_000).toISOString() },
        { email: "maria.santos@example.com", score: 90, passed: true, at: future },
      ],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details).toEqual([{ path: "results[1].at", message: expect.stringContaining("after now") }]);
    const unmeasured = await lina("POST", `/releases/${RELEASE}/assessments/perp-v3-cs/results`, {
      results: [{ email: "zhao.min@example.com", score: 90, passed: true, at: new Date().toISOString() }],
    });
    expect(unmeasured).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    expect(eventCount(server.dbPath)).toBe(events);
    expect(person(await roster(), "赵敏").standing[ASSESSMENT]).toMatchObject({ attempts: 0 });
  });
});

describe("the SOP registry", () => {
  it("refuses approval by the revision's author with no event; a second lead approves", async () => {
    expect((await lina("POST", "/sops", { key: "vip-complaints", title: "VIP complaint handling", owner: "cs", review_days: 90 })).status).toBe(201);
    const drafted = await lina("POST", "/sops/vip-complaints/revisions", { summary: "First issue", body: "# VIP\n\nCall back within 1 hour." });
    expect(drafted).toMatchObject({ status: 201, body: { version: 1, sop: { current: null, draft: 1 } } });

    const events = eventCount(server.dbPath);
    const own = await lina("POST", "/sops/vip-complaints/revisions/1/approve");
    expect(own).toMatchObject({ status: 403, body: { error: { code: "forbidden", message: expect.stringContaining("who did not write it") } } });
    // An admin who wrote it is refused as well: it is a second pair of eyes, not a rank.
    expect((await admin("POST", "/sops", { key: "admin-written", title: "Written by the admin", owner: "cs", review_days: 30 })).status).toBe(201);
    expect((await admin("POST", "/sops/admin-written/revisions", { summary: "v1", link: "https://kb.example.com/sop/a" })).status).toBe(201);
    const adminEvents = eventCount(server.dbPath);
    expect((await admin("POST", "/sops/admin-written/revisions/1/approve")).status).toBe(403);
    expect(eventCount(server.dbPath)).toBe(adminEvents);
    expect(adminEvents).toBe(events);

    const approved = await marcus("POST", "/sops/vip-complaints/revisions/1/approve");
    expect(approved).toMatchObject({ status: 200, body: { sop: { current: 1, draft: null } } });
    expect(approved.body.sop.revisions[0]).toMatchObject({ version: 1, author: "token:lina-cs", approved_by: "token:marcus-cs" });
    expect(eventCount(server.dbPath)).toBe(events + 1);
  });

  it("turns the sop item green when the roster acknowledged, then red on a real socket when a new revision is approved", async () => {
    const everyone = (await roster()).people.map((p) => p.email);
    const acked = await lina("POST", "/sops/vip-complaints/acknowledgements", { emails: [...everyone, "elsewhere@example.com"] });
    expect(acked).toMatchObject({ status: 200, body: { version: 1, acknowledged: 10, already: 0, not_on_any_roster: ["elsewhere@example.com"] } });
    expect(await item("cs.sop-vip-complaints")).toMatchObject({
      status: "green",
      reason: expect.stringMatching(/^v1 acknowledged by 9\/9 \(100%\); next review due /),
    });

    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, {
      auth: { token: TEST_TOKEN },
      transports: ["websocket"],
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      const joined = await new Promise<JoinReply>((resolve) => socket.emit("board:join", { release: RELEASE }, resolve));
      expect(joined).toMatchObject({ ok: true });
      const events: GreenlightEvent[] = [];
      socket.on("board:event", (e) => events.push(e));

      expect(
        (await lina("POST", "/sops/vip-complaints/revisions", { summary: "Call back within 30 minutes", link: "https://kb.example.com/sop/vip?v=2" })).status,
      ).toBe(201);
      const approved = await marcus("POST", "/sops/vip-complaints/revisions/2/approve");
      expect(approved.status).toBe(200);
      await expect.poll(() => events.map((e) => e.type)).toEqual(["sop.revised", "sop.approved"]);
      const event = events[1]!;
      expect(event).toMatchObject({ release: RELEASE, actor: "token:marcus-cs", data: { sop: "vip-complaints", version: 2 } });
      expect(event.seq).toBe(approved.body.seq);
      // The event's board delta carries the item, now red, naming who has not read v2.
      expect(event.board.items).toEqual([
        expect.objectContaining({
          id: "cs.sop-vip-complaints",
          status: "red",
          reason: expect.stringContaining("v2 acknowledged by 0/9 (0%) < target 100%; not acknowledged: 王芳 (CS Shanghai), 陈伟 (CS Shanghai)"),
        }),
      ]);
      expect(event.board.items![0]!.reason).toMatch(/\+4$/);
    } finally {
      socket.disconnect();
    }
    // Acknowledgements of v1 stay in the history; v2 starts afresh.
    const v1 = await admin("GET", "/sops/vip-complaints/revisions/1/acknowledgements");
    expect(v1.body.acknowledgements).toHaveLength(10);
    expect((await admin("GET", "/sops/vip-complaints/revisions/2/acknowledgements")).body.acknowledgements).toEqual([]);
  });
});

describe("bad input is a clear 4xx, never a 500", () => {
  it("refuses a CSV where only JSON is accepted, bad emails, unknown SOPs and revisions, and writes nothing", async () => {
    const events = eventCount(server.dbPath);
    const cases: [string, ReturnType<ReturnType<typeof api>>, number][] = [
      ["a CSV posted as acknowledgements", csv(lina, "POST", "/sops/vip-complaints/acknowledgements", "email\nwang.fang@example.com"), 415],
      ["a CSV for a new SOP", csv(lina, "POST", "/sops", "key,title\na,b"), 415],
      ["a roster person as CSV", csv(lina, "PUT", `/releases/${RELEASE}/roster/wang.fang@example.com`, "name,team\nA,B"), 415],
      ["XML results", lina("POST", RESULTS, "<results/>", { "content-type": "application/xml" }), 415],
      ["a bad email in acknowledgements", lina("POST", "/sops/vip-complaints/acknowledgements", { emails: ["wang.fang@example.com", "not-an-email"] }), 422],
      ["no emails", lina("POST", "/sops/vip-complaints/acknowledgements", { emails: [] }), 422],
      ["an unknown SOP", lina("POST", "/sops/no-such-sop/acknowledgements", { emails: ["wang.fang@example.com"] }), 404],
      ["an unknown SOP read", admin("GET", "/sops/no-such-sop"), 404],
      ["an unknown revision", marcus("POST", "/sops/vip-complaints/revisions/9/approve"), 404],
      ["a revision that is no number", marcus("POST", "/sops/vip-complaints/revisions/abc/approve"), 404],
      ["an approved revision again", marcus("POST", "/sops/vip-complaints/revisions/1/approve"), 409],
      ["a revision with neither link nor body", lina("POST", "/sops/vip-complaints/revisions", { summary: "Nothing" }), 422],
      ["an SOP with a bad key", lina("POST", "/sops", { key: "Bad Key!", title: "T", owner: "cs", review_days: 30 }), 422],
      ["an SOP registered twice", lina("POST", "/sops", { key: "vip-complaints", title: "Again", owner: "cs", review_days: 30 }), 409],
      [
        "results with a score over 100",
        lina("POST", RESULTS, { results: [{ email: "li.li@example.com", score: 101, passed: true, at: "2026-11-20T08:00:00Z" }] }),
        422,
      ],
      ["results that are no list", lina("POST", RESULTS, { results: "all passed" }), 422],
      [
        "a roster with one person twice",
        lina("PUT", `/releases/${RELEASE}/roster`, {
          people: [
            { email: "a@example.com", name: "A", team: "t" },
            { email: "a@example.com", name: "A", team: "t" },
          ],
        }),
        422,
      ],
      ["a roster of an unknown release", lina("GET", "/releases/no-such-release/roster"), 404],
      ["removing someone not on the roster", lina("DELETE", `/releases/${RELEASE}/roster/nobody@example.com`), 404],
      ["a review by nobody signed in", api(server.url, null)("POST", "/sops/vip-complaints/review", { note: "x" }), 401],
    ];
    for (const [what, request, status] of cases) {
      const res = await request;
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(status);
      expect(res.body.error, what).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    expect(eventCount(server.dbPath)).toBe(events);
  });
});
