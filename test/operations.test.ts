import { copyFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./support/db";
import { api, cliInBackground, readDatabase, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * Operations (SPEC 14) against a real server: health and readiness without
 * auth, Prometheus metrics with a scrape token or an admin's, compressed
 * responses, and a backup taken under write load that restores to a database
 * that verifies.
 */
const SCRAPE = "prometheus-scrape-token-0123456789";
let server: RunningServer;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startServer({ env: { GREENLIGHT_METRICS_TOKEN: SCRAPE } });
  admin = api(server.url);
  await admin("POST", "/releases", { id: "ops", name: "Ops", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" });
  await admin("POST", "/releases/ops/items/comms.announcement/evidence", { done: true });
});

afterAll(async () => {
  await server?.stop();
});

describe("health, readiness and metrics", () => {
  it("/healthz and /readyz answer without auth", async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
  });

  it("/metrics speaks Prometheus to the scrape token or an admin token, and to nobody else", async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const viewer = (await admin("POST", "/tokens", { name: "metrics-viewer", role: "viewer" })).body.token;
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(403);
    const res = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${SCRAPE}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain;.*version=0\.0\.4/);
    const text = await res.text();
    expect(text).toMatch(/^greenlight_items\{release="ops",status="green"\} 1$/m);
    expect(text).toMatch(/^greenlight_gate_open\{release="ops"\} 0$/m);
    expect(text).toMatch(/^greenlight_connected_sockets \d+$/m);
    expect(text).toMatch(/^greenlight_nodejs_eventloop_lag_seconds [\d.e-]+$/m);
    expect(text).toMatch(/^greenlight_http_requests_total\{surface="api",status="2xx"\} \d+$/m);
    expect(text).toMatch(/^greenlight_database_bytes\{kind="free"\} \d+$/m);
    // The sealed head, published where a tamperer of the database cannot reach.
    const head = readDatabase(
      server.dbPath,
      (db) => db.prepare("select seq, hash from chain_heads where release_id = 'ops'").get() as { seq: number; hash: string },
    );
    expect(text).toContain(`greenlight_chain_head_seq{release="ops",hash="${head.hash}"} ${head.seq}`);
    // The access log's head too, as itself: not as a release.
    const access = readDatabase(
      server.dbPath,
      (db) => db.prepare("select seq, hash from chain_heads where release_id = ':access'").get() as { seq: number; hash: string },
    );
    expect(text).toContain(`greenlight_access_head_id{hash="${access.hash}"} ${access.seq}`);
    expect(text).not.toContain('release=":access"');
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } })).status).toBe(200);
  });

  it("compresses what it sends when the client accepts it", async () => {
    const res = await fetch(`${server.url}/api/v1/releases/ops/items`, { headers: { authorization: `Bearer ${TEST_TOKEN}`, "accept-encoding": "gzip" } });
    expect(res.headers.get("content-encoding")).toBe("gzip");
    expect((await res.json()).items.length).toBeGreaterThan(3);
  });
});

describe("backup and restore", () => {
  it("a backup taken under write load restores to a database that verifies; a restore refuses a live or existing database, and a tampered backup", async () => {
    const dir = tempDir();
    const file = join(dir, "backup.db");
    let writing = true;
    const load = (async () => {
      let n = 0;
      while (writing) {
        await Promise.all(Array.from({ length: 5 }, () => admin("POST", "/releases/ops/items/due-diligence.lsp-score/evidence", { value: 60 + (n++ % 30) })));
      }
      return n;
    })();
    let backup: Awaited<ReturnType<typeof cliInBackground>>;
    try {
      await new Promise((r) => setTimeout(r, 200));
      backup = await cliInBackground(["backup", file], { DATABASE_URL: `file:${server.dbPath}` });
    } finally {
      writing = false;
    }
    expect(await load).toBeGreaterThan(10);
    expect(backup.stderr).toBe("");
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/^ok {2}ops: \d+ events verified$/m);

    // Not over the running server's database, with or without --force.
    const live = await cliInBackground(["restore", file, "--force"], { DATABASE_URL: `file:${server.dbPath}` });
    expect(live.status).toBe(1);
    expect(live.stderr).toMatch(/a server \(pid \d+ on .*\) is running on .*: stop it before restoring/);

    const target = join(dir, "restored.db");
    const restored = await cliInBackground(["restore", file], { DATABASE_URL: `file:${target}` });
    expect(restored.stderr).toBe("");
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/^ok {2}ops: \d+ events verified$/m);
    expect(existsSync(target)).toBe(true);
    const again = await cliInBackground(["restore", file], { DATABASE_URL: `file:${target}` });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("exists: restoring would replace it; add --force");

    // A backup whose log was cut is refused before anything is written; so is one whose access log was.
    const Database = (await import("better-sqlite3")).default;
    const accessCut = join(dir, "access-cut.db");
    copyFileSync(file, accessCut);
    const cut = new Database(accessCut);
    cut.exec("DROP TRIGGER access_events_no_delete");
    cut.prepare("delete from access_events where id = (select max(id) from access_events)").run();
    cut.close();
    const noAccess = await cliInBackground(["restore", accessCut], { DATABASE_URL: `file:${join(dir, "no-access.db")}` });
    expect(noAccess.status).toBe(1);
    expect(noAccess.stderr).toMatch(/the backup does not verify \(access log: entry \d+, .*entries were removed.*\); nothing was restored/);
    expect(existsSync(join(dir, "no-access.db"))).toBe(false);
    const raw = new Database(file);
    raw.exec("DROP TRIGGER events_no_delete");
    raw.prepare("delete from events where release_id = 'ops' and seq = (select max(seq) from events where release_id = 'ops')").run();
    raw.close();
    const elsewhere = join(dir, "elsewhere.db");
    const refused = await cliInBackground(["restore", file], { DATABASE_URL: `file:${elsewhere}` });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /the backup does not verify \(ops: seq \d+, the log ends at seq \d+ but its sealed head is seq \d+: events were removed\); nothing was restored/,
    );
    expect(existsSync(elsewhere)).toBe(false);
  });
});
