import Database from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../db/client";
import { users } from "../db/schema";
import { createAudit, type Audit, type AuditRow } from "../server/audit";
import { eventHash, GENESIS_HASH } from "../server/events";
import { createAccess } from "../server/auth/access";
import { ACCESS_HEAD, accessHash } from "../server/auth/access-log";
import { AppError } from "../app/shared/errors";
import { SYSTEM, type Actor } from "../server/auth/actor";
import type { Readiness } from "../server/readiness/service";
import { createServices, type Services } from "../server/services";
import { parseTemplate } from "../server/readiness/template";
import { testDatabase } from "./support/db";
import { addPerson, type Person } from "./support/people";
import { api, cli, readDatabase, startServer, type RunningServer } from "./support/server";

const TEMPLATE = parseTemplate(
  "small.yaml",
  `
template: small
name: Small
functions: [rd, ops]
sections:
  - key: s
    name: Section
    owner: rd
    items:
      - key: tick
        title: A check
        kind: check
      - key: latency
        title: Latency
        kind: metric
        op: "<="
        target: 20
        warn: 25
        unit: ms
        max_age: 1h
`,
);

const actor = (label: string): Actor => ({ label, can: () => true });
const ANA = actor("user:ana@example.com");
const CI = actor("token:ci");

function services(db: Db, clock: () => Date) {
  const { readiness, ledger, sealer } = createServices({ db, clock, templates: new Map([[TEMPLATE.id, TEMPLATE]]) });
  return { readiness, ledger, audit: createAudit(db, sealer) };
}

function createR1(readiness: Readiness) {
  readiness.createRelease(
    { id: "r1", name: "R1", template: "small", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
    SYSTEM,
  );
}

const seqs = (rows: AuditRow[]) => rows.map((r) => r.seq);

describe("the audit trail service", () => {
  let db: Db;
  let now: Date;
  let readiness: Readiness;
  let audit: Audit;
  let ledger: Services["ledger"];

  /**
   * seq 1  2026-11-20 09:00  system   release.created
   * seq 2  2026-11-20 10:00  ana      evidence.reported  s.latency 27 (red)
   * seq 3  2026-11-21 10:00  token:ci evidence.reported  s.latency 18 (green)
   * seq 4  2026-11-21 11:00  ana      item.assigned      s.tick → ana
   * seq 5  2026-11-22 09:00  token:ci evidence.reported  s.tick done
   * seq 6  2026-11-22 10:30  system   item.status_changed s.latency stale (amber)
   */
  beforeEach(() => {
    ({ db } = testDatabase());
    now = new Date("2026-11-20T09:00:00Z");
    ({ readiness, audit, ledger } = services(db, () => now));
    db.insert(users).values({ email: "ana@example.com", name: "Ana Lima", role: "admin", functions: [], createdAt: now.toISOString() }).run();
    createR1(readiness);
    now = new Date("2026-11-20T10:00:00Z");
    readiness.reportEvidence("r1", "s.latency", { value: 27 }, ANA);
    now = new Date("2026-11-21T10:00:00Z");
    readiness.reportEvidence("r1", "s.latency", { value: 18, note: "after the cache fix" }, CI);
    now = new Date("2026-11-21T11:00:00Z");
    readiness.assign("r1", "s.tick", "ana@example.com", ANA);
    now = new Date("2026-11-22T09:00:00Z");
    readiness.reportEvidence("r1", "s.tick", { done: true }, CI);
    now = new Date("2026-11-22T10:30:00Z");
    expect(readiness.sweep(now)).toHaveLength(1);
  });

  it("lists every event newest first, with who and what", () => {
    const { rows, next } = audit.list("r1", {});
    expect(seqs(rows)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(next).toBeNull();
    expect(rows.find((r) => r.seq === 2)).toMatchObject({
      at: "2026-11-20T10:00:00.000Z",
      actor: "user:ana@example.com",
      actor_name: "Ana Lima",
      type: "evidence.reported",
      item: "s.latency",
    });
    expect(rows.find((r) => r.seq === 3)).toMatchObject({ actor: "token:ci", actor_name: "API token ci" });
    expect(rows.find((r) => r.seq === 1)).toMatchObject({ actor: "system", actor_name: "system", item: null });
    expect(rows[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("filters by actor", () => {
    expect(seqs(audit.list("r1", { actor: "token:ci" }).rows)).toEqual([5, 3]);
    expect(seqs(audit.list("r1", { actor: "user:ana@example.com" }).rows)).toEqual([4, 2]);
    expect(audit.list("r1", { actor: "user:nobody@example.com" }).rows).toEqual([]);
  });

  it("filters by type", () => {
    expect(seqs(audit.list("r1", { type: "evidence.reported" }).rows)).toEqual([5, 3, 2]);
    expect(seqs(audit.list("r1", { type: "item.status_changed" }).rows)).toEqual([6]);
  });

  it("filters by item", () => {
    expect(seqs(audit.list("r1", { item: "s.latency" }).rows)).toEqual([6, 3, 2]);
    expect(seqs(audit.list("r1", { item: "s.tick" }).rows)).toEqual([5, 4]);
  });

  it("filters by time range: days are whole UTC days, both ends inclusive", () => {
    expect(seqs(audit.list("r1", { from: "2026-11-21", to: "2026-11-21" }).rows)).toEqual([4, 3]);
    expect(seqs(audit.list("r1", { from: "2026-11-22" }).rows)).toEqual([6, 5]);
    expect(seqs(audit.list("r1", { to: "2026-11-20" }).rows)).toEqual([2, 1]);
    // Instants are exact and inclusive, in any offset.
    expect(seqs(audit.list("r1", { from: "2026-11-21T10:00:00Z", to: "2026-11-22T09:00:00Z" }).rows)).toEqual([5, 4, 3]);
    expect(seqs(audit.list("r1", { from: "2026-11-21T12:00:00+02:00", to: "2026-11-21T12:00:00+01:00" }).rows)).toEqual([4, 3]);
    // A day ends before the next day's midnight.
    now = new Date("2026-11-23T00:00:00.000Z");
    readiness.reportEvidence("r1", "s.tick", { done: false }, CI);
    expect(seqs(audit.list("r1", { from: "2026-11-22", to: "2026-11-22" }).rows)).toEqual([6, 5]);
    expect(seqs(audit.list("r1", { from: "2026-11-23" }).rows)).toEqual([7]);
  });

  it("combines filters, and treats empty form fields as no filter", () => {
    expect(seqs(audit.list("r1", { actor: "token:ci", item: "s.latency", type: "", from: "", to: "2026-11-21" }).rows)).toEqual([3]);
  });

  it("pages with limit and before", () => {
    const first = audit.list("r1", { limit: "4" });
    expect(seqs(first.rows)).toEqual([6, 5, 4, 3]);
    expect(first.next).toBe(3);
    const second = audit.list("r1", { limit: "4", before: String(first.next) });
    expect(seqs(second.rows)).toEqual([2, 1]);
    expect(second.next).toBeNull();
  });

  it("says what changed, before → after", () => {
    const change = (seq: number) => audit.list("r1", {}).rows.find((r) => r.seq === seq)!.change;
    expect(change(1)).toBe("created “R1” from template small (2 items)");
    expect(change(2)).toBe("no evidence reported yet → 27 ms > warn 25 ms · pending → red");
    expect(change(3)).toBe("27 ms > warn 25 ms → 18 ms ≤ target 20 ms · red → green");
    expect(change(4)).toBe("nobody → ana@example.com");
    expect(change(5)).toBe("no evidence reported yet → done · pending → green");
    expect(change(6)).toBe("18 ms ≤ target 20 ms → stale: last evidence 2026-11-21 10:00 UTC, max age 1h · green → amber (with time)");
  });

  it("names board links created and revoked", () => {
    ledger.record("r1", ANA, "board_link.created", () => ({ result: null, data: { board_link: 1, name: "Lobby TV" } }));
    ledger.record("r1", ANA, "board_link.revoked", () => ({ result: null, data: { board_link: 1, name: "Lobby TV" } }));
    const rows = audit.list("r1", { type: "board_link.created" }).rows.concat(audit.list("r1", { type: "board_link.revoked" }).rows);
    expect(rows.map((r) => r.change)).toEqual(["board link “Lobby TV” created", "board link “Lobby TV” revoked"]);
  });

  it("refuses a bad filter with 422 naming the field, and an unknown release with 404", () => {
    const refusal = (input: unknown) => {
      try {
        audit.list("r1", input);
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        return { status: (error as AppError).status, paths: ((error as AppError).details as { path: string }[]).map((d) => d.path) };
      }
      throw new Error(`accepted ${JSON.stringify(input)}`);
    };
    expect(refusal({ type: "evidence.deleted" })).toEqual({ status: 422, paths: ["type"] });
    expect(refusal({ from: "yesterday" })).toEqual({ status: 422, paths: ["from"] });
    expect(refusal({ to: "2026-02-30" })).toEqual({ status: 422, paths: ["to"] });
    expect(refusal({ from: "2026-11-22", to: "2026-11-21" })).toEqual({ status: 422, paths: ["to"] });
    expect(refusal({ limit: "0" })).toEqual({ status: 422, paths: ["limit"] });
    expect(refusal({ limit: "100000" })).toEqual({ status: 422, paths: ["limit"] });
    expect(refusal({ before: "-3" })).toEqual({ status: 422, paths: ["before"] });
    expect(() => audit.list("nope", {})).toThrow(expect.objectContaining({ status: 404 }));
  });

  it("offers the actors seen and the items of the release as filter choices", () => {
    const options = audit.filterOptions("r1");
    expect(options.release).toEqual({ id: "r1", name: "R1" });
    expect(options.actors).toEqual([
      { label: "user:ana@example.com", name: "Ana Lima" },
      { label: "token:ci", name: "API token ci" },
      { label: "system", name: "system" },
    ]);
    expect(options.items.map((i) => i.id)).toEqual(["s.tick", "s.latency"]);
  });

  it("verifies the chain and lists the releases to verify", () => {
    expect(audit.verify("r1")).toEqual({ ok: true, checked: 6, from: 0, through: 6 });
    expect(audit.releaseIds()).toEqual(["r1"]);
  });
});

/** A database file with r1 (4 events) and r2 (1 event), written in process, closed: what the CLI is pointed at. */
/** filledDatabase with an access log written the way the server writes it: three entries, each chained to the one before, the head sealed. */
function withAccessLog() {
  const made = filledDatabase();
  const db = openDatabase(made.url);
  const clock = () => new Date("2026-11-20T09:00:00Z");
  const access = createAccess({ db, clock, ledger: services(db, clock).ledger, disconnect: () => undefined });
  access.users.invite({ email: "ana@example.com", name: "Ana", role: "viewer" }, SYSTEM);
  const { id } = access.tokens.create({ name: "ci", role: "lead", functions: ["rd"] }, SYSTEM);
  access.revokeToken(id, SYSTEM);
  db.$client.close();
  return made;
}

function filledDatabase() {
  const made = testDatabase();
  let now = new Date("2026-11-20T09:00:00Z");
  const { readiness } = services(made.db, () => now);
  createR1(readiness);
  readiness.createRelease(
    { id: "r2", name: "R2", template: "small", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
    SYSTEM,
  );
  for (const value of [27, 22, 18]) {
    now = new Date(now.getTime() + 60_000);
    readiness.reportEvidence("r1", "s.latency", { value }, CI);
  }
  made.db.$client.close();
  return made;
}

describe("npx greenlight audit verify", () => {
  let path: string;
  let url: string;

  beforeAll(() => {
    ({ path, url } = filledDatabase());
  });

  it("passes on an untouched log, with the count checked per release", () => {
    const all = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(all.stderr).toBe("");
    expect(all.status).toBe(0);
    expect(all.stdout).toContain("ok  r1: 4 events verified");
    expect(all.stdout).toContain("ok  r2: 1 events verified");

    const one = cli(["audit", "verify", "--release", "r1"], { DATABASE_URL: url });
    expect(one.status).toBe(0);
    expect(one.stdout.trim()).toBe("ok  r1: 4 events verified");
  });

  it("refuses an unknown release", () => {
    const out = cli(["audit", "verify", "--release", "nope"], { DATABASE_URL: url });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('no release "nope"');
  });

  it("fails naming the seq of an event row changed in the file", () => {
    const raw = new Database(path);
    raw.exec("DROP TRIGGER events_no_update");
    const changed = raw.prepare("update events set data = json_set(data, '$.note', 'x') where release_id = 'r1' and seq = 3").run();
    raw.close();
    expect(changed.changes).toBe(1);

    const out = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("BROKEN r1: seq 3");
    expect(out.stdout).toContain("hash does not match");
    // The other release still checks out, and is said to.
    expect(out.stdout).toContain("ok  r2: 1 events verified");
    expect(cli(["audit", "verify", "--release", "r2"], { DATABASE_URL: url }).status).toBe(0);
  });
});

describe("the audit page and CSV over HTTP", () => {
  let server: RunningServer;
  let viewer: Person;
  const RELEASE = "coin-audit";
  const page = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
  const csvLines = async (res: Response) => (await res.text()).trimEnd().split("\n");

  beforeAll(async () => {
    server = await startServer();
    viewer = await addPerson(server, { email: "vic@example.com", name: "Vic Viewer", role: "viewer" });
    const call = api(server.url);
    const created = await call("POST", "/releases", {
      id: RELEASE,
      name: "Coin audit",
      template: "new-coin-listing",
      start_date: "2026-11-02",
      launch_date: "2026-12-01",
    });
    expect(created.status).toBe(201);
    for (const [item, body] of [
      ["due-diligence.lsp-score", { value: 70 }],
      ["due-diligence.lsp-score", { value: 80 }],
      ["due-diligence.legal-opinion", { done: true }],
    ] as const) {
      expect((await call("POST", `/releases/${RELEASE}/items/${item}/evidence`, body)).status).toBe(200);
    }
  });

  afterAll(async () => {
    await server?.stop();
  });

  it("shows a viewer the events, who made them, what changed, and the chain status", async () => {
    const res = await page(`/releases/${RELEASE}/audit`, viewer.cookie);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Hash chain verified through seq 4");
    expect(html.match(/data-audit-seq="/g)).toHaveLength(4);
    expect(html).toContain("API token bootstrap");
    expect(html).toContain("70 pts &lt; target 75 pts, within warn 65 pts → 80 pts ≥ target 75 pts · amber → green");
  });

  it("filters the page, and answers a bad filter with 400 and the reason on the page", async () => {
    const filtered = await page(`/releases/${RELEASE}/audit?item=due-diligence.lsp-score`, viewer.cookie);
    expect(filtered.status).toBe(200);
    expect((await filtered.text()).match(/data-audit-seq="/g)).toHaveLength(2);

    const bad = await page(`/releases/${RELEASE}/audit?type=evidence.deleted`, viewer.cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("expected one of release.created");
  });

  it("exports CSV with the header and one row per event, filters applied", async () => {
    const res = await page(`/releases/${RELEASE}/audit.csv`, viewer.cookie);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${RELEASE}-audit.csv"`);
    // The sealed head leaves with the file: a copy of the chain's state out of the database's reach.
    const head = readDatabase(
      server.dbPath,
      (db) => db.prepare("select seq, hash, seal from chain_heads where release_id = ?").get(RELEASE) as Record<string, string>,
    );
    expect(res.headers.get("x-greenlight-chain-head")).toBe(`seq=${head.seq}; hash=${head.hash}; seal=${head.seal}`);
    // A UTF-8 byte-order mark first, so Excel keeps Chinese names intact (text() drops it, the bytes show it).
    const bytes = new Uint8Array(await (await page(`/releases/${RELEASE}/audit.csv`, viewer.cookie)).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = await csvLines(res);
    expect(lines[0]).toBe("seq,at,actor,actor_name,type,item,change,hash");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["4", "3", "2", "1"]);
    expect(lines[1]).toMatch(
      /^4,[^,]+,token:bootstrap,API token bootstrap,evidence.reported,due-diligence.legal-opinion,no evidence reported yet → done · pending → green,[0-9a-f]{64}$/,
    );

    const filtered = await csvLines(await page(`/releases/${RELEASE}/audit.csv?type=evidence.reported&item=due-diligence.lsp-score&limit=1`, viewer.cookie));
    // Paging is the page's business: the export holds every matching event.
    expect(filtered.slice(1).map((l) => l.split(",")[0])).toEqual(["3", "2"]);

    const bad = await page(`/releases/${RELEASE}/audit.csv?from=soon`, viewer.cookie);
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("from: expected a date");
  });

  it("sends a visitor with no session to sign in", async () => {
    for (const path of [`/releases/${RELEASE}/audit`, `/releases/${RELEASE}/audit.csv`]) {
      const res = await page(path);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("answers 404 for an unknown release", async () => {
    expect((await page("/releases/no-such-release/audit", viewer.cookie)).status).toBe(404);
    expect((await page("/releases/no-such-release/audit.csv", viewer.cookie)).status).toBe(404);
  });

  it("verifies only what is new since its last visit, and says so", async () => {
    await api(server.url)("POST", `/releases/${RELEASE}/items/due-diligence.contract-audit/evidence`, { done: true });
    const html = await (await page(`/releases/${RELEASE}/audit`, viewer.cookie)).text();
    expect(html).toContain("Hash chain verified through seq 5");
    expect(html).toContain("(through seq 4 at an earlier visit, 1 new now; the head&#x27;s seal matches)");
  });

  // Last: it breaks this server's chain.
  it("names the first broken seq in a red alert when a row after its last verified checkpoint was changed in the file", async () => {
    await api(server.url)("POST", `/releases/${RELEASE}/items/comms.announcement/evidence`, { done: true });
    const raw = new Database(server.dbPath);
    raw.exec("DROP TRIGGER events_no_update");
    raw.prepare(`update events set actor = 'token:someone-else' where release_id = ? and seq = 6`).run(RELEASE);
    raw.close();
    const html = await (await page(`/releases/${RELEASE}/audit`, viewer.cookie)).text();
    expect(html).toMatch(/<p role="alert" data-chain="broken"[^>]*>✖ Hash chain broken at seq 6: hash does not match/);
    expect(html).not.toContain("Hash chain verified");
  });
});

describe("npx greenlight audit verify against tampering (issue 14)", () => {
  const fresh = filledDatabase;
  const verify = (url: string) => cli(["audit", "verify", "--release", "r1"], { DATABASE_URL: url });
  const tamper = (path: string, work: (raw: Database.Database) => void) => {
    const raw = new Database(path);
    raw.exec("DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;");
    work(raw);
    raw.close();
  };

  it("names a truncation: the last events deleted", () => {
    const { path, url } = fresh();
    tamper(path, (raw) => raw.prepare("delete from events where release_id = 'r1' and seq >= 3").run());
    const out = verify(url);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("BROKEN r1: seq 3 — the log ends at seq 2 but its sealed head is seq 4: events were removed");
  });

  it("names a history rewritten and re-chained without the key (a hash recomputed for every event after the edit)", () => {
    const { path, url } = fresh();
    tamper(path, (raw) => {
      const rows = raw.prepare("select * from events where release_id = 'r1' order by seq").all() as Record<string, string | number | null>[];
      let prev = rows[1]!.hash as string;
      for (const row of rows.slice(2)) {
        const data = JSON.parse(row.data as string);
        if (row.seq === 3) data.evidence.value = 1;
        const event = { release: row.release_id, seq: row.seq, type: row.type, at: row.at, actor: row.actor, data, board: JSON.parse(row.board as string) };
        const hash = eventHash(event as never, prev);
        raw.prepare("update events set data = ?, prev_hash = ?, hash = ? where release_id = 'r1' and seq = ?").run(JSON.stringify(data), prev, hash, row.seq);
        prev = hash;
      }
      // The head row points at the new last hash too; only its seal cannot be made without the key.
      raw.prepare("update chain_heads set hash = ? where release_id = 'r1'").run(prev);
    });
    const out = verify(url);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("the head's seal does not match: the log or its head was rewritten without the key");
  });

  it("names an items table that disagrees with a replay of the log", () => {
    const { path, url } = fresh();
    tamper(path, (raw) => raw.prepare("update items set status = 'green', reason = 'fine' where release_id = 'r1' and id = 's.latency'").run());
    const out = verify(url);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain('item s.latency is stored as green ("fine") but the log says');
  });

  it("covers the access log: an entry edited in the file is named by its id", () => {
    const { path, url } = withAccessLog();
    const clean = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain("ok  access log: 3 entries verified");
    const raw = new Database(path);
    raw.exec("DROP TRIGGER access_events_no_update");
    const id = (raw.prepare("select id from access_events where action = 'user.invited'").get() as { id: number }).id;
    raw.prepare("update access_events set subject = 'user:ana@example.com as admin' where id = ?").run(id);
    raw.close();
    const out = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(`BROKEN access log: entry ${id} — hash does not match the entry's content`);
  });

  it("names a truncated access log: its last entries deleted, the chain before them intact", () => {
    const { path, url } = withAccessLog();
    const raw = new Database(path);
    raw.exec("DROP TRIGGER access_events_no_delete");
    const ids = (raw.prepare("select id from access_events order by id").all() as { id: number }[]).map((r) => r.id);
    raw.prepare("delete from access_events where id >= ?").run(ids[1]);
    raw.close();
    const out = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(out.status).toBe(1);
    expect(out.stdout).toContain(
      `BROKEN access log: entry ${ids[1]} — the log ends at entry ${ids[0]} but its sealed head is entry ${ids[2]}: entries were removed`,
    );
    expect(out.stdout).toContain("ok  r1: 4 events verified");
  });

  it("names an access log re-chained without the key (an entry edited, every hash after it recomputed)", () => {
    const { path, url } = withAccessLog();
    const raw = new Database(path);
    raw.exec("DROP TRIGGER access_events_no_update");
    const rows = raw.prepare("select id, at, actor, action, subject from access_events order by id").all() as {
      id: number;
      at: string;
      actor: string;
      action: string;
      subject: string;
    }[];
    let prev = GENESIS_HASH;
    for (const row of rows) {
      const subject = row.action === "user.invited" ? "user:ana@example.com as admin" : row.subject;
      const hash = accessHash({ ...row, subject }, prev);
      raw.prepare("update access_events set subject = ?, prev_hash = ?, hash = ? where id = ?").run(subject, prev, hash, row.id);
      prev = hash;
    }
    raw.close();
    const last = rows.at(-1)!.id;
    // The chain is whole again, but its end is not the sealed head...
    const rechained = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(rechained.status).toBe(1);
    expect(rechained.stdout).toContain(
      `BROKEN access log: entry ${last} — the sealed head is not the log's last entry: entries were added or rewritten without the key`,
    );
    // ...and pointing the head at the new end needs a seal only the key makes.
    tamper(path, (db) => db.prepare("update chain_heads set hash = ? where release_id = ?").run(prev, ACCESS_HEAD));
    const resealed = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(resealed.status).toBe(1);
    expect(resealed.stdout).toContain(`BROKEN access log: entry ${last} — the head's seal does not match: the log or its head was rewritten without the key`);
  });

  it("seals the access log's head of a database from before it was sealed at server start (logged), and never on the CLI's word", async () => {
    const { path, url } = withAccessLog();
    tamper(path, (raw) => raw.prepare("delete from chain_heads where release_id = ?").run(ACCESS_HEAD));
    const unsealed = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(unsealed.status).toBe(1);
    expect(unsealed.stdout).toContain("the log's head was never sealed");
    const server = await startServer({ dbPath: path });
    try {
      expect(server.logs.join("\n")).toContain("sealed the access log's head of a database from before it was sealed");
    } finally {
      await server.stop();
    }
    const sealed = cli(["audit", "verify"], { DATABASE_URL: url });
    expect(sealed.stdout).toContain("ok  access log: 3 entries verified");
    expect(sealed.status).toBe(0);
  });

  it("names the seq of a corrupted row instead of crashing", () => {
    const { path, url } = fresh();
    tamper(path, (raw) => raw.prepare("update events set data = '{not json' where release_id = 'r1' and seq = 2").run());
    const out = verify(url);
    expect(out.status).toBe(1);
    expect(out.stderr).toBe("");
    expect(out.stdout).toContain("BROKEN r1: seq 2 — the row cannot be read (its data or board is not JSON)");
  });

  it("names a deleted head: a log whose seal was removed is not trusted on the CLI's word", () => {
    const { path, url } = fresh();
    tamper(path, (raw) => raw.prepare("delete from chain_heads where release_id = 'r1'").run());
    const out = verify(url);
    expect(out.status).toBe(1);
    expect(out.stdout).toContain("the log's head was never sealed");
  });
});
