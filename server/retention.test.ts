import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { testDatabase } from "../test/support/db";
import { SYSTEM, type Actor } from "./auth/actor";
import { createAudit } from "./audit";
import { verifyChain } from "./chain";
import { eventHash } from "./events";
import { parseTemplate } from "./readiness/template";
import { createRetention, type Retention } from "./retention";
import { createServices, type Services } from "./services";

/**
 * Retention on a real SQLite file: repeated readings older than the age go,
 * in whole sealed ranges below the verified checkpoint; everything else
 * stays; the chain still verifies in full (links, hashes, the replay of item
 * statuses), and every tampering with what is left is named.
 */
const TEMPLATE = parseTemplate(
  "tiny.yaml",
  "template: tiny\nname: Tiny\nfunctions: [rd]\nsections:\n  - key: s\n    name: S\n    owner: rd\n    items:\n      - {key: a, title: A, kind: check}\n      - {key: b, title: B, kind: check}\n",
);
const RANGE = 10;
const PMO: Actor = { label: "user:pmo@example.com", can: () => true };
const LEAD: Actor = { label: "user:lead@example.com", can: () => false };

let db: Db;
let services: Services;
let retention: Retention;
let now: Date;
const at = (iso: string) => (now = new Date(iso));
const seqs = () => db.all<{ seq: number }>(sql`select seq from events where release_id = 'r' order by seq`).map((r) => r.seq);
const typeOf = (seq: number) => db.get<{ type: string } | undefined>(sql`select type from events where release_id = 'r' and seq = ${seq}`)?.type;
const unlocked = () => {
  db.run(sql.raw("DROP TRIGGER IF EXISTS events_no_update"));
  db.run(sql.raw("DROP TRIGGER IF EXISTS events_no_delete"));
  db.run(sql.raw("DROP TRIGGER IF EXISTS log_compactions_no_update"));
  db.run(sql.raw("DROP TRIGGER IF EXISTS log_compactions_no_delete"));
};
const report = (item: "a" | "b", done: boolean) => services.readiness.reportEvidence("r", `s.${item}`, { done }, SYSTEM);

beforeEach(() => {
  ({ db } = testDatabase());
  at("2026-11-01T09:00:00Z");
  services = createServices({ db, clock: () => now, templates: new Map([[TEMPLATE.id, TEMPLATE]]), chainKey: Buffer.alloc(32, 7) });
  retention = createRetention({ db, ledger: services.ledger, sealer: services.sealer, clock: () => now, rangeSize: RANGE });
  services.readiness.createRelease(
    { id: "r", name: "R", template: "tiny", start_date: "2026-10-01", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
    SYSTEM,
  );
  // seq 2: a goes green; 3–8: a repeats green (b stays pending); 9: b goes green; 10–13: a and b repeat;
  // 14: a leaves green (its last green reading is in this event's `from`); 15–21: both repeat, b at 21 last.
  report("a", true);
  for (let i = 0; i < 6; i++) report("a", true);
  report("b", true);
  for (let i = 0; i < 2; i++) {
    report("a", true);
    report("b", true);
  }
  report("a", false);
  for (let i = 0; i < 7; i++) report(i % 2 ? "a" : "b", i % 2 ? false : true);
});

describe("retention", () => {
  it("compacts whole ranges of old, verified, repeated readings, keeps everything else, and the chain still proves itself", async () => {
    const board = services.projection.snapshot("r");
    const items = db.all(sql`select id, status, reason, version, evidence from items order by id`);
    retention.set("r", { compact_after_days: 7 }, PMO);
    // Nothing is compacted before the chain check has verified it, nor while it is younger than the age.
    expect(await retention.compactNext("r")).toBeNull();
    expect(verifyChain(db, services.sealer, "r", { incremental: true })).toMatchObject({ ok: true });
    expect(await retention.compactNext("r")).toBeNull();
    at("2026-11-09T09:00:01Z");
    expect(await retention.compactNext("r")).toEqual({ after: 0, through: 10, removed: 7, kept: 3 });
    expect(await retention.compactNext("r")).toEqual({ after: 10, through: 20, removed: 8, kept: 2 });
    // Seq 21 onwards is not a whole range below the checkpoint (seq 22, the retention event): it waits.
    expect(await retention.compactNext("r")).toBeNull();

    // Kept: the release, each status change, each item's latest reading; and the events retention itself wrote.
    expect(seqs()).toEqual([1, 2, 9, 14, 20, 21, 22, 23, 24]);
    expect([22, 23, 24].map(typeOf)).toEqual(["release.retention", "log.compacted", "log.compacted"]);
    expect(db.all(sql`select id, status, reason, version, evidence from items order by id`)).toEqual(items);
    expect({ ...services.projection.snapshot("r"), seq: board.seq }).toEqual(board);
    expect(verifyChain(db, services.sealer, "r")).toEqual({ ok: true, checked: 9, from: 0, through: 24 });
    expect(retention.view("r")).toMatchObject({ compact_after_days: 7, compacted: { ranges: 2, removed: 15, through: 20 } });
    // The audit trail says what went.
    // The audit filters still find each period across the gaps (their time bounds become seq bounds by binary search).
    const audit = createAudit(db, services.sealer);
    expect(audit.list("r", { to: "2026-11-01" }).rows.map((r) => r.seq)).toEqual([22, 21, 20, 14, 9, 2, 1]);
    expect(audit.list("r", { from: "2026-11-02" }).rows.map((r) => r.seq)).toEqual([24, 23]);
    expect(audit.list("r", { from: "2026-11-01T09:00:00Z", to: "2026-11-01T09:00:00Z", type: "evidence.reported" }).rows.map((r) => r.seq)).toEqual([
      21, 20, 14, 9, 2,
    ]);
    const [event] = services.ledger.log.after("r", 22, 1);
    expect(event).toMatchObject({ type: "log.compacted", data: { after: 0, through: 10, removed: 7, kept: 3, items: { "s.a": 7 } } });
  });

  it("walks incrementally across compacted ranges, never stopping inside one", async () => {
    retention.set("r", { compact_after_days: 1 }, PMO);
    verifyChain(db, services.sealer, "r", { incremental: true });
    at("2026-11-05T00:00:00Z");
    while (await retention.compactNext("r"));
    db.run(sql`delete from chain_checkpoints`);
    const walks = [];
    for (;;) {
      const check = verifyChain(db, services.sealer, "r", { incremental: true, maxWalk: 2 });
      walks.push(check);
      if (!check.ok || !("partial" in check)) break;
    }
    expect(walks.at(-1)).toMatchObject({ ok: true });
    expect(walks.map((w) => w.checked)).toEqual([3, 2, 2, 2]);
  });

  describe("tampering with what is left", () => {
    beforeEach(async () => {
      retention.set("r", { compact_after_days: 1 }, PMO);
      verifyChain(db, services.sealer, "r", { incremental: true });
      at("2026-11-05T00:00:00Z");
      while (await retention.compactNext("r"));
      expect(verifyChain(db, services.sealer, "r")).toMatchObject({ ok: true });
      unlocked();
    });

    it("a kept event removed from a compacted range", async () => {
      db.run(sql`delete from events where release_id = 'r' and seq = 9`);
      expect(verifyChain(db, services.sealer, "r")).toMatchObject({
        ok: false,
        seq: 1,
        problem: "the events kept in compacted range 1–10 are not those sealed at compaction: one was removed, added or rewritten",
      });
    });

    it("a kept event rewritten with its hash recomputed (a NO-GO made a GO, say)", async () => {
      const row = services.ledger.log.after("r", 8, 1)[0]!;
      const data = { ...row.data, note: "rewritten" };
      const prev = db.get<{ prev_hash: string }>(sql`select prev_hash from events where release_id = 'r' and seq = 9`).prev_hash;
      const hash = eventHash({ ...row, data } as typeof row, prev);
      db.run(sql`update events set data = ${JSON.stringify(data)}, hash = ${hash} where release_id = 'r' and seq = 9`);
      expect(verifyChain(db, services.sealer, "r")).toMatchObject({ ok: false, seq: 1, problem: expect.stringContaining("not those sealed at compaction") });
    });

    it("a kept event edited in place", async () => {
      db.run(sql`update events set actor = 'token:mallory' where release_id = 'r' and seq = 14`);
      expect(verifyChain(db, services.sealer, "r")).toMatchObject({ ok: false, seq: 14, problem: "hash does not match the event's content" });
    });

    it("a compaction record edited, or removed", async () => {
      db.run(sql`update log_compactions set removed = 0 where through_seq = 20`);
      expect(verifyChain(db, services.sealer, "r")).toMatchObject({ ok: false, seq: 11, problem: expect.stringContaining("does not match its seal") });
      db.run(sql`delete from log_compactions where through_seq = 20`);
      expect(verifyChain(db, services.sealer, "r")).toMatchObject({ ok: false, seq: 11, problem: "seq 11 is missing" });
    });
  });

  it("does not seal history edited after the chain check verified it: names the seq, compacts nothing", async () => {
    retention.set("r", { compact_after_days: 1 }, PMO);
    verifyChain(db, services.sealer, "r", { incremental: true });
    at("2026-11-05T00:00:00Z");
    // Below the checkpoint, where the incremental check never looks again: a reading rewritten, its hash recomputed.
    unlocked();
    const row = services.ledger.log.after("r", 8, 1)[0]!;
    const data = { ...row.data, note: "forged" };
    const prev = db.get<{ prev_hash: string }>(sql`select prev_hash from events where release_id = 'r' and seq = 9`).prev_hash;
    db.run(sql`update events set data = ${JSON.stringify(data)}, hash = ${eventHash({ ...row, data } as typeof row, prev)} where release_id = 'r' and seq = 9`);
    await expect(retention.compactNext("r")).rejects.toMatchObject({ name: "ChainBroken", seq: 10, problem: "prev_hash does not match the event before" });
    expect(db.get<{ n: number }>(sql`select count(*) as n from log_compactions`).n).toBe(0);
    expect(seqs()).toHaveLength(22);
  });

  it("the compaction records cannot be edited or removed in place", async () => {
    retention.set("r", { compact_after_days: 1 }, PMO);
    verifyChain(db, services.sealer, "r", { incremental: true });
    at("2026-11-05T00:00:00Z");
    await retention.compactNext("r");
    expect(() => db.$client.exec("update log_compactions set removed = 0")).toThrow(/append-only/);
    expect(() => db.$client.exec("delete from log_compactions")).toThrow(/append-only/);
  });

  it("the log refuses any other delete: outside a recorded range, or of anything but a reading", async () => {
    retention.set("r", { compact_after_days: 1 }, PMO);
    verifyChain(db, services.sealer, "r", { incremental: true });
    at("2026-11-05T00:00:00Z");
    await retention.compactNext("r");
    expect(() => db.$client.exec("delete from events where release_id = 'r' and seq = 1")).toThrow(/append-only/);
    expect(() => db.$client.exec("delete from events where release_id = 'r' and seq = 15")).toThrow(/append-only/);
    // Inside the range, a reading that changed its item's status is not a repeat: refused too.
    expect(() => db.$client.exec("delete from events where release_id = 'r' and seq = 2")).toThrow(/append-only/);
    expect(seqs()).toContain(15);
  });

  it("is set by an admin to whole days or nothing, each change one event", async () => {
    const head = () => services.ledger.log.headOf("r").seq;
    const before = head();
    for (const bad of [{ compact_after_days: 0 }, { compact_after_days: 1.5 }, { compact_after_days: "7" }, { compact_after_days: 3651 }, {}, { days: 7 }]) {
      expect(() => retention.set("r", bad, PMO)).toThrow(expect.objectContaining({ status: 422 }));
    }
    expect(() => retention.set("r", { compact_after_days: 7 }, LEAD)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => retention.set("nope", { compact_after_days: 7 }, PMO)).toThrow(expect.objectContaining({ status: 404 }));
    expect(head()).toBe(before);
    expect(retention.set("r", { compact_after_days: 30 }, PMO)).toMatchObject({ compact_after_days: 30, seq: before + 1 });
    expect(retention.set("r", { compact_after_days: 30 }, PMO)).toMatchObject({ seq: null });
    expect(retention.set("r", { compact_after_days: null }, PMO)).toMatchObject({ compact_after_days: null, seq: before + 2 });
    expect(services.ledger.log.after("r", before, 5).map((e) => e.data)).toEqual([
      { from: null, to: 30 },
      { from: 30, to: null },
    ]);
    expect(retention.releasesWithRetention()).toEqual([]);
  });
});
