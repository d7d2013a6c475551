import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDatabase, openDatabase } from "../db/client";
import { SYSTEM } from "../server/auth/actor";
import { loadChainKey } from "../server/chain";
import { loadTemplates } from "../server/readiness/template";
import { COMPACT_RANGE } from "../server/retention";
import { createServices } from "../server/services";
import { tempDir } from "./support/db";
import { api, cliInBackground, readDatabase, startServer, type RunningServer } from "./support/server";

/**
 * Retention end to end (ADR 010): a release with two whole ranges of
 * month-old repeated readings (filled in process, as the history bench
 * does), a PMO setting its retention over the API, the server's background
 * job compacting once the chain check has verified the history, and what
 * the API, /metrics and `audit verify` say afterwards.
 */
const dir = tempDir();
const dbPath = join(dir, "greenlight.db");
const env = { GREENLIGHT_KEY_FILE: join(dir, "chain.key"), DATABASE_URL: `file:${dbPath}` };
const READINGS = 2 * COMPACT_RANGE + 500;
const ITEMS = ["comms.announcement", "comms.cs-macros"];
let server: RunningServer;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  const db = openDatabase(env.DATABASE_URL);
  migrateDatabase(db);
  let at = Date.parse("2026-10-01T00:00:00Z");
  const services = createServices({
    db,
    clock: () => new Date((at += 1000)),
    templates: loadTemplates("checklists"),
    chainKey: loadChainKey(env.GREENLIGHT_KEY_FILE),
  });
  services.readiness.createRelease(
    {
      id: "ret",
      name: "Ret",
      template: "new-coin-listing",
      start_date: "2026-09-01",
      launch_date: "2026-12-20",
      calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
    },
    SYSTEM,
  );
  for (let i = 0; i < READINGS; i++) services.readiness.reportEvidence("ret", ITEMS[i % 2]!, { done: true }, SYSTEM);
  db.$client.close();
  server = await startServer({ dbPath, env: { ...env, GREENLIGHT_RETENTION_MS: "200" } });
  admin = api(server.url);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("retention over the API, in the background", () => {
  it("refuses what is not whole days or nothing, and anyone but an admin, and changes nothing then", async () => {
    for (const body of [{ compact_after_days: 0 }, { compact_after_days: 2.5 }, { compact_after_days: "7" }, { compact_after_days: 99999 }, {}, []]) {
      const res = await admin("PUT", "/releases/ret/retention", body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.code).toBe("validation_failed");
    }
    const viewer = (await admin("POST", "/tokens", { name: "ret-viewer", role: "viewer" })).body.token as string;
    expect((await api(server.url, viewer)("PUT", "/releases/ret/retention", { compact_after_days: 7 })).status).toBe(403);
    expect((await api(server.url, viewer)("GET", "/releases/ret/retention")).body).toEqual({
      compact_after_days: null,
      compacted: { ranges: 0, removed: 0, through: 0, last_at: null },
    });
    expect((await admin("PUT", "/releases/nope/retention", { compact_after_days: 7 })).status).toBe(404);
  });

  it("once set, compacts the verified month-old readings: the latest of each item stays, the chain verifies, the API and /metrics say so", async () => {
    const set = await admin("PUT", "/releases/ret/retention", { compact_after_days: 7 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ compact_after_days: 7, seq: READINGS + 2 });
    // The background check verifies the history a slice at a time; retention follows it.
    await expect
      .poll(async () => (await admin("GET", "/releases/ret/retention")).body.compacted, { timeout: 30_000, interval: 200 })
      .toMatchObject({ ranges: 2, through: 2 * COMPACT_RANGE });
    const { compacted } = (await admin("GET", "/releases/ret/retention")).body;
    // Of the two ranges, only the release's first event and each item's first (status-changing) reading stay.
    expect(compacted.removed).toBe(2 * COMPACT_RANGE - 3);

    const page = await admin("GET", "/releases/ret/events?after=0&limit=5");
    expect(page.body.compacted_through).toBe(2 * COMPACT_RANGE);
    expect(page.body.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3, 2 * COMPACT_RANGE + 1, 2 * COMPACT_RANGE + 2]);
    expect((await admin("GET", `/releases/ret/events?after=${2 * COMPACT_RANGE}&limit=1`)).body).not.toHaveProperty("compacted_through");

    // The items read as they did: the latest reading of each is kept.
    const items = (await admin("GET", "/releases/ret/items")).body.items as { id: string; status: string }[];
    expect(items.filter((i) => ITEMS.includes(i.id)).map((i) => i.status)).toEqual(["green", "green"]);

    const metrics = await (
      await fetch(`${server.url}/metrics`, {
        headers: { authorization: `Bearer ${(await admin("POST", "/tokens", { name: "m", role: "admin" })).body.token}` },
      })
    ).text();
    expect(metrics).toContain(`greenlight_readings_compacted{release="ret",kind="removed"} ${compacted.removed}`);
    expect(metrics).toMatch(/greenlight_database_bytes\{kind="free"\} \d+/);

    // What is left, including the log.compacted events, proves itself end to end.
    const verify = await cliInBackground(["audit", "verify", "--release", "ret"], env);
    expect(verify.stdout).toContain("ok  ret:");
    expect(verify.status).toBe(0);
    const types = readDatabase(dbPath, (db) =>
      db
        .prepare("select type from events where release_id = 'ret' and seq > ? order by seq")
        .pluck()
        .all(READINGS + 1),
    );
    expect(types).toEqual(["release.retention", "log.compacted", "log.compacted"]);
  });
});

describe("npx greenlight compact", () => {
  it("says when there is nothing to do, and names an unknown release", async () => {
    const other = join(tempDir(), "empty.db");
    const none = await cliInBackground(["compact"], { ...env, DATABASE_URL: `file:${other}` });
    expect(none.stdout).toContain("no release has a retention set");
    expect(none.status).toBe(0);
    const unknown = await cliInBackground(["compact", "--release", "nope"], { ...env, DATABASE_URL: `file:${other}` });
    expect(unknown.stderr).toContain('release "nope"');
    expect(unknown.status).toBe(1);
  });
});
