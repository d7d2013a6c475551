import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../db/client";
import { tempDir, testDatabase } from "../test/support/db";
import { SYSTEM } from "./auth/actor";
import { createSealer, loadChainKey, startChainWatch, verifyChain } from "./chain";
import { parseTemplate } from "./readiness/template";
import { createServices, type Services } from "./services";

/**
 * Incremental verification on a real SQLite file: from a sealed checkpoint,
 * and, with more history than a page should walk, the latest events up to
 * the sealed head, without moving the checkpoint (it would vouch for events
 * nobody walked).
 */
const TEMPLATE = parseTemplate(
  "tiny.yaml",
  "template: tiny\nname: Tiny\nfunctions: [rd]\nsections:\n  - key: s\n    name: S\n    owner: rd\n    items:\n      - {key: tick, title: Tick, kind: check}\n",
);

let db: Db;
let services: Services;
const tamper = (seq: number) => {
  db.run(sql.raw("DROP TRIGGER IF EXISTS events_no_update"));
  db.run(sql`update events set actor = 'token:mallory' where release_id = 'r' and seq = ${seq}`);
};
const checkpoint = () => db.get<{ seq: number } | undefined>(sql`select seq from chain_checkpoints where release_id = 'r'`)?.seq ?? null;

beforeEach(() => {
  ({ db } = testDatabase());
  services = createServices({
    db,
    clock: () => new Date("2026-11-21T09:00:00Z"),
    templates: new Map([[TEMPLATE.id, TEMPLATE]]),
    chainKey: Buffer.alloc(32, 7),
  });
  services.readiness.createRelease(
    { id: "r", name: "R", template: "tiny", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
    SYSTEM,
  );
  for (let i = 0; i < 9; i++) services.readiness.reportEvidence("r", "s.tick", { done: i % 2 === 0 }, SYSTEM);
});

describe("incremental verification", () => {
  it("walks only what is new since its checkpoint, and moves the checkpoint to the head", () => {
    expect(verifyChain(db, services.sealer, "r", { incremental: true })).toEqual({ ok: true, checked: 10, from: 0, through: 10 });
    expect(checkpoint()).toBe(10);
    services.readiness.reportEvidence("r", "s.tick", { done: true }, SYSTEM);
    expect(verifyChain(db, services.sealer, "r", { incremental: true })).toEqual({ ok: true, checked: 1, from: 10, through: 11 });
    expect(checkpoint()).toBe(11);
  });

  it("with more to walk than it may, goes as far as its limit, moves the checkpoint there, and goes on from it the next time", () => {
    expect(verifyChain(db, services.sealer, "r", { incremental: true, maxWalk: 3 })).toEqual({ ok: true, checked: 3, from: 0, through: 3, partial: true });
    expect(checkpoint()).toBe(3);
    tamper(8);
    expect(verifyChain(db, services.sealer, "r", { incremental: true, maxWalk: 3 })).toEqual({ ok: true, checked: 3, from: 3, through: 6, partial: true });
    expect(verifyChain(db, services.sealer, "r", { incremental: true, maxWalk: 3 })).toMatchObject({
      ok: false,
      seq: 8,
      problem: "hash does not match the event's content",
    });
    expect(checkpoint()).toBe(6);
  });

  it("an edit below the checkpoint is the full check's to find", () => {
    expect(verifyChain(db, services.sealer, "r", { incremental: true })).toMatchObject({ ok: true });
    tamper(2);
    expect(verifyChain(db, services.sealer, "r", { incremental: true })).toMatchObject({ ok: true, checked: 0, from: 10 });
    expect(verifyChain(db, services.sealer, "r")).toMatchObject({ ok: false, seq: 2 });
  });

  it("a key that is not the one that sealed the head finds every head broken", () => {
    expect(verifyChain(db, createSealer(Buffer.alloc(32, 8)), "r")).toMatchObject({
      ok: false,
      seq: 10,
      problem: expect.stringContaining("the head's seal does not match"),
    });
  });
});

describe("the chain key", () => {
  it("is created once, private to its owner, and read back the same by every later process", () => {
    const dir = join(tempDir(), "config", "greenlight");
    const file = join(dir, "chain.key");
    const key = loadChainKey(file);
    expect(key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadChainKey(file).equals(key)).toBe(true);
    // No draft left behind.
    expect(readdirSync(dir)).toEqual(["chain.key"]);
  });
});

describe("the background check", () => {
  it("walks each release a slice at a time until its checkpoint reaches the head, and reports a broken chain once", async () => {
    const broken: { release: string; seq: number }[] = [];
    const watch = startChainWatch(db, services.sealer, { everyMs: 5, onBroken: (release, check) => broken.push({ release, seq: check.seq }) });
    try {
      await expect.poll(checkpoint).toBe(10);
      services.readiness.reportEvidence("r", "s.tick", { done: true }, SYSTEM);
      tamper(11);
      await expect.poll(() => broken).toEqual([{ release: "r", seq: 11 }]);
      await new Promise((r) => setTimeout(r, 50));
      expect(broken).toHaveLength(1);
    } finally {
      watch.stop();
    }
  });
});
