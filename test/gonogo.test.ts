import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { api, cli, readDatabase, startServer, TEST_TOKEN, type RunningServer } from "./support/server";
import { NEW_COIN_GREEN } from "./support/fixtures";

/**
 * Go/No-Go over the API against the real server (issue 6): every refusal rule
 * for GO, votes going stale and being confirmed again, the sealed record read
 * back byte for byte and verified, tampering detected, NO-GO actions, and the
 * after-GO alarm.
 */
let server: RunningServer;
let admin: ReturnType<typeof api>;
const leads = {} as Record<"listing" | "wallet" | "cs", ReturnType<typeof api>>;
let member: ReturnType<typeof api>;

const release = (id: string) => ({ id, name: `SOL ${id}`, template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" });
const send = (r: string, item: string, body: unknown) => admin("POST", `/releases/${r}/items/${item}/evidence`, body);
const greenAll = async (r: string) => {
  for (const [item, body] of NEW_COIN_GREEN) expect((await send(r, item, body)).status).toBe(200);
};
const vote = (who: keyof typeof leads, r: string, v: "go" | "no_go", comment = "") =>
  leads[who]("POST", `/releases/${r}/votes`, { function: who, vote: v, comment });
const decide = (r: string, body: unknown, as = admin) => as("POST", `/releases/${r}/decisions`, body);

beforeAll(async () => {
  server = await startServer();
  admin = api(server.url);
  const token = async (functions: string[], role = "lead") =>
    (await admin("POST", "/tokens", { name: `t-${role}-${functions.join("-")}`, role, functions })).body.token as string;
  for (const fn of ["listing", "wallet", "cs"] as const) leads[fn] = api(server.url, await token([fn]));
  member = api(server.url, await token([], "member"));
});

afterAll(async () => {
  await server?.stop();
});

describe("a GO decision", () => {
  it("scheduling a meeting warns, without refusing, when nobody can vote for a required function", async () => {
    await admin("POST", "/releases", release("warn1"));
    const spec = { scheduled_at: "2026-11-30T09:00:00Z", required_functions: ["listing", "wallet"] };
    const first = await admin("POST", "/releases/warn1/meetings", spec);
    expect(first.status).toBe(201);
    // Tokens vote over the API; in the room it is people: no lead of either function exists yet.
    expect(first.body.warnings).toEqual([
      "nobody can vote for listing yet: no active lead of listing (invite one, or make someone its lead)",
      "nobody can vote for wallet yet: no active lead of wallet (invite one, or make someone its lead)",
    ]);
    expect((await admin("POST", "/users", { email: "lena@example.com", name: "Lena Listing", role: "lead", functions: ["listing"] })).status).toBe(201);
    const second = await admin("POST", "/releases/warn1/meetings", spec);
    expect(second.status).toBe(201);
    expect(second.body.warnings).toEqual(["nobody can vote for wallet yet: no active lead of wallet (invite one, or make someone its lead)"]);
  });

  it("is refused while the gate is closed, naming the blocking items; then for missing votes; then for stale ones; and recorded once all is fresh", async () => {
    await admin("POST", "/releases", release("go1"));
    const meeting = await admin("POST", "/releases/go1/meetings", { scheduled_at: "2026-11-30T09:00:00Z", required_functions: ["listing", "wallet"] });
    expect(meeting.status).toBe(201);
    expect(meeting.body.meeting).toMatchObject({
      status: "scheduled",
      required_functions: ["listing", "wallet"],
      agenda: ["due-diligence", "wallet", "liquidity", "comms"],
    });

    const closed = await decide("go1", { decision: "go", summary: "Ship it" });
    expect(closed.status).toBe(409);
    expect(closed.body.error.code).toBe("gate_closed");
    const refusals = closed.body.error.details.refusals;
    expect(refusals[0].items.map((i: { id: string }) => i.id)).toContain("comms.cs-macros");
    // Every blocker is named, by the function that owns it, not "and 3 more".
    expect(refusals[0].items.length).toBeGreaterThan(5);
    for (const item of refusals[0].items as { title: string; owner: string }[]) expect(refusals[0].message).toContain(item.title);
    // Each function followed by its leads' names when it has any ("listing · Lena Listing: …").
    expect(refusals[0].message).toMatch(/not green — [a-z-]+( · [^:;]+)?: /);
    expect(refusals[0].message).not.toContain("more");
    expect(refusals.map((r: { code: string }) => r.code)).toEqual(["gate_closed", "votes_missing"]);

    await greenAll("go1");
    const missing = await decide("go1", { decision: "go", summary: "Ship it" });
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatchObject({
      code: "votes_missing",
      details: {
        refusals: [
          {
            code: "votes_missing",
            functions: [
              { function: "listing", reason: "no vote" },
              { function: "wallet", reason: "no vote" },
            ],
          },
        ],
      },
    });

    expect((await vote("listing", "go1", "go", "LSP score 82, legal opinion signed")).status).toBe(201);
    expect((await vote("wallet", "go1", "no_go", "cold storage drill pending")).status).toBe(201);
    const noGoVote = await decide("go1", { decision: "go", summary: "Ship it" });
    expect(noGoVote.body.error.details.refusals[0].functions).toEqual([{ function: "wallet", reason: "voted no-go" }]);

    // Wallet changes its vote (a new event); then an item changes status: both votes go stale.
    expect((await vote("wallet", "go1", "go", "drill passed")).status).toBe(201);
    await send("go1", "comms.cs-macros", { done: false });
    await send("go1", "comms.cs-macros", { done: true });
    const votes = await admin("GET", "/releases/go1/votes");
    expect(votes.body.votes.map((v: { function: string; fresh: boolean }) => [v.function, v.fresh])).toEqual([
      ["listing", false],
      ["wallet", false],
    ]);
    const stale = await decide("go1", { decision: "go", summary: "Ship it" });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("votes_stale");
    expect(stale.body.error.details.refusals[0].functions.map((f: { function: string }) => f.function)).toEqual(["listing", "wallet"]);

    // Confirming again makes them fresh; a non-admin may not decide; the admin records GO.
    await vote("listing", "go1", "go", "confirmed");
    await vote("wallet", "go1", "go", "confirmed");
    expect((await admin("GET", "/releases/go1/votes")).body.votes.every((v: { fresh: boolean }) => v.fresh)).toBe(true);
    const byLead = await decide("go1", { decision: "go", summary: "Ship it" }, leads.listing);
    expect(byLead.status).toBe(403);
    expect(byLead.body.error.message).toBe("only an admin may record the Go/No-Go decision");
    const go = await decide("go1", { decision: "go", summary: "All green, both functions Go" });
    expect(go.status).toBe(201);
    expect(go.body).toEqual({ id: expect.any(Number), seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Votes count for one decision: the next one needs new votes.
    expect((await admin("GET", "/releases/go1/votes")).body.votes).toEqual([]);
    expect((await admin("GET", `/releases/go1/events?after=${go.body.seq - 1}`)).body.events[0]).toMatchObject({
      type: "decision.recorded",
      data: { decision: "go", id: go.body.id, hash: go.body.hash },
      // The votes it consumed leave every screen with it.
      board: { phase: "go", decision: { id: go.body.id, decision: "go" }, votes: [] },
    });
  });

  it("may be voted only by a lead of that function, never for another function or by an admin or member", async () => {
    await admin("POST", "/releases", release("go2"));
    const other = await leads.cs("POST", "/releases/go2/votes", { function: "listing", vote: "go" });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toBe("only a lead of listing may vote for listing");
    expect((await admin("POST", "/releases/go2/votes", { function: "listing", vote: "go" })).status).toBe(403);
    expect((await member("POST", "/releases/go2/votes", { function: "cs", vote: "go" })).status).toBe(403);
    expect((await leads.cs("POST", "/releases/go2/votes", { function: "cs", vote: "maybe" })).status).toBe(422);
    // A vote is cast on the board the lead saw: refused if an item changed status since.
    const seen = (await admin("GET", "/releases/go2")).body.release.seq;
    await send("go2", "comms.cs-macros", { done: false });
    const moved = await leads.cs("POST", "/releases/go2/votes", { function: "cs", vote: "go", seen_seq: seen });
    expect(moved.status).toBe(409);
    expect(moved.body.error.code).toBe("board_moved");
    const now = (await admin("GET", "/releases/go2")).body.release.seq;
    expect((await leads.cs("POST", "/releases/go2/votes", { function: "cs", vote: "no_go", comment: "macros missing", seen_seq: now })).status).toBe(201);
    expect((await leads.cs("POST", "/releases/go2/votes", { function: "nope", vote: "go" })).status).toBe(422);
    const go2 = (await admin("GET", "/releases/go2/votes")).body;
    expect(go2.required_functions).toEqual(["cs", "legal", "listing", "marketing", "mm", "wallet"]);
    expect(go2.votes).toEqual([expect.objectContaining({ function: "cs", vote: "no_go", fresh: true })]);
  });
});

describe("the decision record", () => {
  it("reads back byte for byte, its hash verifies, and tampering is detected", async () => {
    const decisions = await admin("GET", "/releases/go1/decisions");
    const [latest] = decisions.body.decisions;
    const res = await fetch(`${server.url}/api/v1/decisions/${latest.id}`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    const text = await res.text();
    const stored = readDatabase(
      server.dbPath,
      (db) => db.prepare("select record, hash from decisions where id = ?").get(latest.id) as { record: string; hash: string },
    );
    expect(text.endsWith(`"record":${stored.record}}`)).toBe(true);
    expect(createHash("sha256").update(stored.record).digest("hex")).toBe(latest.hash);
    const record = JSON.parse(text).record;
    expect(record).toMatchObject({
      decision: "go",
      summary: "All green, both functions Go",
      gate: { open: true, blocking: 0 },
      required_functions: ["listing", "wallet"],
    });
    expect(record.items).toHaveLength(8);
    expect(record.items.find((i: { id: string }) => i.id === "comms.cs-macros")).toMatchObject({
      status: "green",
      reporter: expect.stringMatching(/^token:/),
      evidence: { done: true },
    });
    expect(record.votes.map((v: { function: string; comment: string; fresh: boolean }) => [v.function, v.comment, v.fresh])).toEqual([
      ["listing", "confirmed", true],
      ["wallet", "confirmed", true],
    ]);
    expect(record.meeting).toMatchObject({ scheduled_at: "2026-11-30T09:00:00.000Z" });
    // The log's head at the decision travels with the record: a copy of the chain outside the database.
    const head = readDatabase(
      server.dbPath,
      (db) => db.prepare("select hash from events where release_id = 'go1' and seq = ?").get(record.seq) as { hash: string },
    );
    expect(record.chain_head).toEqual({ seq: record.seq, hash: head.hash });
    const markdown = await fetch(`${server.url}/api/v1/decisions/${latest.id}?format=md`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(markdown.headers.get("content-type")).toMatch(/^text\/markdown/);
    expect(await markdown.text()).toContain(`# GO: SOL go1`);

    const verified = cli(["decision", "verify", String(latest.id)], { DATABASE_URL: `file:${server.dbPath}` });
    expect(verified.stdout).toContain(`ok  decision ${latest.id}: sha256 ${latest.hash}`);
    expect(verified.status).toBe(0);

    // Someone with the file edits the record (past the append-only trigger): verify names it.
    const file = new Database(server.dbPath);
    expect(() => file.prepare("update decisions set hash = 'x' where id = ?").run(latest.id)).toThrow(/append-only/);
    file.exec("drop trigger decisions_no_update");
    file.prepare("update decisions set record = replace(record, 'All green', 'Mostly green') where id = ?").run(latest.id);
    file.close();
    const tampered = cli(["decision", "verify", String(latest.id)], { DATABASE_URL: `file:${server.dbPath}` });
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(`TAMPERED decision ${latest.id}: the record hashes to`);

    // Changing the decision beside the record is caught too.
    const nogo = await decide("go1", { decision: "no_go", summary: "Hold" });
    const again = new Database(server.dbPath);
    again.prepare("update decisions set decision = 'go' where id = ?").run(nogo.body.id);
    again.close();
    const flipped = cli(["decision", "verify", String(nogo.body.id)], { DATABASE_URL: `file:${server.dbPath}` });
    expect(flipped.status).toBe(1);
    expect(flipped.stdout).toContain("the stored decision (go) is not the record's (no_go)");
  });
});

describe("a NO-GO decision", () => {
  it("can be recorded any time with follow-up actions that stay open on the release until done", async () => {
    await admin("POST", "/releases", release("nogo"));
    const bad = await decide("nogo", { decision: "no_go", summary: "", actions: [{ title: "x", owner: "Bad Owner", due: "2026-02-30" }] });
    expect(bad.status).toBe(422);
    const unknownOwner = await decide("nogo", { decision: "no_go", summary: "Hold", actions: [{ title: "x", owner: "ops", due: "2026-12-01" }] });
    expect(unknownOwner.body.error.details).toEqual([
      { path: "actions[0].owner", message: '"ops" is not a function of this release (or use a person\'s email)' },
    ]);
    const nogo = await decide("nogo", {
      decision: "no_go",
      summary: "Cold wallet not ready",
      actions: [
        { title: "Re-run the cold storage drill", owner: "wallet", due: "2027-11-25" },
        { title: "Publish the CS macros", owner: "cs", due: "2027-11-24" },
      ],
    });
    expect(nogo.status).toBe(201);
    const open = await admin("GET", "/releases/nogo/actions?open=1");
    expect(open.body.actions.map((a: { title: string }) => a.title)).toEqual(["Publish the CS macros", "Re-run the cold storage drill"]);
    const wrongLead = await leads.listing("POST", `/releases/nogo/actions/${open.body.actions[0].id}/done`);
    expect(wrongLead.status).toBe(403);
    const done = await leads.cs("POST", `/releases/nogo/actions/${open.body.actions[0].id}/done`);
    expect(done.status).toBe(200);
    expect(done.body.action).toMatchObject({ done_by: expect.stringMatching(/^token:/) });
    expect((await leads.cs("POST", `/releases/nogo/actions/${open.body.actions[0].id}/done`)).status).toBe(409);
    expect((await admin("GET", "/releases/nogo/actions?open=1")).body.actions).toHaveLength(1);
    expect((await admin("GET", "/releases/nogo")).body.release).toBeDefined();
  });
});

describe("after GO", () => {
  it("raises a gate.alarm event when an item leaves green, until the release is marked released", async () => {
    await admin("POST", "/releases", release("after"));
    await greenAll("after");
    await admin("POST", "/releases/after/meetings", { scheduled_at: "2026-11-30T09:00:00Z", required_functions: ["listing"] });
    await vote("listing", "after", "go");
    expect((await decide("after", { decision: "go", summary: "Go" })).status).toBe(201);

    const red = await send("after", "comms.cs-macros", { done: false });
    const events = (await admin("GET", `/releases/after/events?after=${red.body.seq - 1}`)).body.events;
    expect(events.map((e: { type: string }) => e.type)).toEqual(["evidence.reported", "gate.alarm"]);
    expect(events[1]).toMatchObject({ data: { item: "comms.cs-macros", from: "green", to: "red" }, board: { gate: { open: false } } });

    expect((await admin("PUT", "/releases/after/phase", { phase: "released" })).status).toBe(200);
    await send("after", "comms.cs-macros", { done: true });
    const again = await send("after", "comms.cs-macros", { done: false });
    expect((await admin("GET", `/releases/after/events?after=${again.body.seq - 1}`)).body.events.map((e: { type: string }) => e.type)).toEqual([
      "evidence.reported",
    ]);
    // A GO is not recorded twice; a release that went out may still be rolled back, and that is final.
    expect((await decide("after", { decision: "go", summary: "Again" })).body.error.code).toBe("already_decided");
    expect((await admin("PUT", "/releases/after/phase", { phase: "rolled_back" })).status).toBe(200);
    expect((await admin("PUT", "/releases/after/phase", { phase: "released" })).body.error.code).toBe("phase_not_allowed");
  });
});

describe("presenting", () => {
  it("only the presenter moves the agenda; another admin takes over when the presenter drops, and notes stay on their section", async () => {
    await admin("POST", "/releases", release("pres"));
    const second = api(server.url, (await admin("POST", "/tokens", { name: "second-admin", role: "admin" })).body.token);
    const { meeting } = (await admin("POST", "/releases/pres/meetings", { scheduled_at: "2026-11-30T09:00:00Z", item_minutes: 3, total_minutes: 30 })).body;
    expect((await admin("POST", `/meetings/${meeting.id}/move`, { index: 1 })).body.error.code).toBe("meeting_not_live");
    const started = await admin("POST", `/meetings/${meeting.id}/start`);
    expect(started.body.meeting).toMatchObject({ status: "live", current: 0, presenter: "token:bootstrap", item_minutes: 3, total_minutes: 30 });
    expect((await second("POST", `/meetings/${meeting.id}/move`, { index: 1 })).body.error.code).toBe("not_presenter");
    expect((await admin("POST", `/meetings/${meeting.id}/move`, { index: 9 })).status).toBe(422);
    expect((await admin("POST", `/meetings/${meeting.id}/move`, { index: 1 })).body.meeting.current).toBe(1);

    const took = await second("POST", `/meetings/${meeting.id}/take-over`);
    expect(took.body.meeting.presenter).toBe("token:second-admin");
    expect((await admin("POST", `/meetings/${meeting.id}/move`, { index: 2 })).body.error.code).toBe("not_presenter");
    expect((await second("POST", `/meetings/${meeting.id}/move`, { index: 2 })).body.meeting).toMatchObject({ current: 2 });
    expect((await second("PUT", `/meetings/${meeting.id}/notes`, { section: "liquidity", text: "Depth fine at 240k" })).body.meeting.notes).toEqual({
      liquidity: "Depth fine at 240k",
    });
    expect((await second("PUT", `/meetings/${meeting.id}/notes`, { section: "nope", text: "x" })).status).toBe(422);
    const events = (await admin("GET", `/releases/pres/events?after=${started.body.seq}`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(["meeting.moved", "meeting.presenter", "meeting.moved", "meeting.note"]);
    expect((await second("POST", `/meetings/${meeting.id}/end`)).body.meeting.status).toBe("ended");
    expect((await admin("GET", "/releases/pres/meetings/current")).body.meeting).toBeNull();
  });
});
