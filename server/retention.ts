import { createHash } from "node:crypto";
import { desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { chainCheckpoints, logCompactions, releases } from "../db/schema";
import { invalid, notFound } from "../app/shared/errors";
import { retentionSchema, type RetentionView } from "../app/shared/retention";
import type { Clock } from "../app/shared/time";
import { SYSTEM, type Actor } from "./auth/actor";
import { assertCan } from "./auth/permissions";
import { setImmediate as nextTurn, setTimeout as pause } from "node:timers/promises";
import { checkEvent, eventRows, keptDigest, writeCompaction, type CompactionRecord, type Sealer } from "./chain";
import { GENESIS_HASH } from "./events";
import type { Ledger } from "./ledger";

/**
 * Retention a PMO controls (issue 14, ADR 010). A release whose retention is
 * set compacts repeated readings older than that many days: an
 * `evidence.reported` that left its item's status unchanged, when a later
 * reading or status change of the same item exists. Everything else stays:
 * every status change (its `from` keeps the reading before it), every
 * decision, vote, assignment and action, and each item's latest reading, so
 * the board, the replay of item statuses and the story of the launch are
 * what they were.
 *
 * Compaction works in whole ranges of COMPACT_RANGE events, one short
 * transaction each, only over history the chain check already verified (the
 * sealed checkpoint) and older than the retention everywhere in the range. Each range leaves a sealed record: the hash at its end
 * and a digest of the events kept in it, so `verifyChain` walks across it and
 * still proves every event that is left (server/chain.ts).
 */

/** Events per compaction transaction: the rows read, hashed into the record and deleted in one go hold the writer, and the event loop (bench/RESULTS.md, "Retention"). */
export const COMPACT_RANGE = 2_000;

interface Row {
  seq: number;
  type: string;
  item_id: string | null;
  at: string;
  prev_hash: string;
  hash: string;
  /** An `evidence.reported` whose status did not change. */
  repeat: 0 | 1;
}

export interface RetentionDeps {
  db: Db;
  ledger: Ledger;
  sealer: Sealer;
  clock: Clock;
  /** Events per compacted range (COMPACT_RANGE; tests use a few). */
  rangeSize?: number;
}

export function createRetention({ db, ledger, sealer, clock, rangeSize = COMPACT_RANGE }: RetentionDeps) {
  const rangeRows = db.$client.prepare<[string, number, number], Row>(
    `select seq, type, item_id, at, prev_hash, hash,
       (type = 'evidence.reported' and json_extract(data, '$.from.status') = json_extract(data, '$.to.status')) as repeat
     from events where release_id = ? and seq > ? and seq <= ? order by seq`,
  );
  // Is there a later reading or status change of this item? (the events_item index, one step)
  // Only up to the checkpoint: a later reading nobody has verified must not be what lets a real one go.
  const laterOf = db.$client
    .prepare<[string, string, number, number], { seq: number }>(
      `select seq from events where release_id = ? and item_id = ? and seq > ? and seq <= ? and type in ('evidence.reported', 'item.status_changed') limit 1`,
    )
    .pluck();
  const atOf = db.$client.prepare<[string, number], { at: string; prev_hash: string }>(`select at, prev_hash from events where release_id = ? and seq = ?`);
  const removeRun = db.$client.prepare<[string, number, number]>(`delete from events where release_id = ? and seq between ? and ?`);

  function requireRelease(id: string) {
    const row = db.select({ id: releases.id, days: releases.compactAfterDays }).from(releases).where(eq(releases.id, id)).get();
    if (!row) throw notFound(`release "${id}"`);
    return row;
  }

  function lastRange(release: string) {
    return db.select().from(logCompactions).where(eq(logCompactions.releaseId, release)).orderBy(desc(logCompactions.throughSeq)).limit(1).get();
  }

  /**
   * Where the next range is, when there is one to compact now: a whole range
   * after the last one, below the verified checkpoint (whose own event stays:
   * the next incremental walk starts there), its newest event older than the
   * age. Only whole ranges: a quiet release is not worth an event a minute,
   * and its history is small anyway.
   */
  function nextRange(release: string, olderThan: string) {
    const checkpoint = db.select().from(chainCheckpoints).where(eq(chainCheckpoints.releaseId, release)).get();
    if (!checkpoint || !sealer.valid(release, checkpoint.seq, checkpoint.hash, checkpoint.seal)) return null;
    const last = lastRange(release);
    const after = last?.throughSeq ?? 0;
    const limit = after + rangeSize;
    if (limit > checkpoint.seq - 1) return null;
    const newest = atOf.get(release, limit);
    if (!newest || newest.at >= olderThan) return null;
    return { after, limit, startHash: last?.throughHash ?? GENESIS_HASH, verifiedTo: checkpoint.seq };
  }

  /**
   * Prove a range before sealing it: the checkpoint says it was verified once,
   * but the file may have been edited since. Every event's hash and link,
   * recomputed a slice at a time (about 50 ms each), and a digest of the rows
   * proven, which the compaction's transaction reads again.
   */
  async function proveRange(
    release: string,
    { after, limit, startHash }: { after: number; limit: number; startHash: string },
  ): Promise<{ digest: string } | { seq: number; problem: string }> {
    const digest = createHash("sha256");
    let prevHash = startHash;
    let expected = after + 1;
    for (let from = after; from < limit; from += PROVE_SLICE) {
      for (const row of eventRows(db, release, from, Math.min(from + PROVE_SLICE, limit))) {
        if (row.seq !== expected) break;
        const checked = checkEvent(row, prevHash);
        if ("problem" in checked) return { seq: row.seq, problem: checked.problem };
        digest.update(`${row.seq}:${row.prev_hash}:${row.hash}\n`);
        prevHash = row.hash;
        expected += 1;
      }
      if (expected <= Math.min(from + PROVE_SLICE, limit)) return { seq: expected, problem: `seq ${expected} is missing` };
      await nextTurn();
    }
    if (atOf.get(release, limit + 1)?.prev_hash !== prevHash) return { seq: limit + 1, problem: "prev_hash does not match the event before" };
    return { digest: digest.digest("hex") };
  }

  /**
   * Compact the next range of one release, if retention is set and there is
   * verified history old enough: proven again, then one transaction with one
   * `log.compacted` event. What it removed, or null when there was nothing to
   * do; throws ChainBroken when the range does not prove itself.
   */
  async function compactNext(release: string, now: Date = clock()): Promise<{ after: number; through: number; removed: number; kept: number } | null> {
    const { days } = requireRelease(release);
    if (days === null) return null;
    const olderThan = new Date(now.getTime() - days * 86_400_000).toISOString();
    const range = nextRange(release, olderThan);
    if (!range) return null;
    const proof = await proveRange(release, range);
    if (!("digest" in proof)) throw new ChainBroken(release, proof.seq, proof.problem);
    try {
      const { result } = ledger.record(release, SYSTEM, "log.compacted", ({ tx }) => {
        const plan = planRange(tx, release, olderThan, range, proof.digest);
        if (!plan) throw NOTHING_TO_DO;
        const record: CompactionRecord = {
          release,
          after: plan.after,
          through: plan.through,
          through_hash: plan.throughHash,
          kept: plan.kept,
          removed: plan.removed,
          kept_digest: plan.keptDigest,
        };
        writeCompaction(tx, sealer, record, now.toISOString());
        // After the record: the log's DELETE trigger lets a reading go only inside a recorded range.
        for (const [from, to] of plan.runs) removeRun.run(release, from, to);
        return {
          result: { after: plan.after, through: plan.through, removed: plan.removed, kept: plan.kept },
          data: { after: plan.after, through: plan.through, removed: plan.removed, kept: plan.kept, older_than: olderThan, items: plan.items },
        };
      });
      return result;
    } catch (error) {
      if (error === NOTHING_TO_DO) return null;
      throw error;
    }
  }

  /**
   * In the transaction: the range's rows again (they must be the ones just
   * proven, and the range still the next one), what goes and what stays.
   */
  function planRange(tx: Tx, release: string, olderThan: string, range: { after: number; limit: number; verifiedTo: number }, proven: string) {
    if ((lastRange(release)?.throughSeq ?? 0) !== range.after) return null;
    const rows: Row[] = [];
    const digest = createHash("sha256");
    for (const row of rangeRows.iterate(release, range.after, range.limit)) {
      if (row.at >= olderThan) return null;
      rows.push(row);
      digest.update(`${row.seq}:${row.prev_hash}:${row.hash}\n`);
    }
    if (rows.length !== rangeSize || digest.digest("hex") !== proven) return null;
    const through = rows.at(-1)!.seq;
    // Backwards: a repeated reading goes when a later reading or status change of its item exists (in the range, or after it).
    const later = new Map<string, boolean>();
    const hasLater = (item: string) => {
      let known = later.get(item);
      if (known === undefined) later.set(item, (known = laterOf.get(release, item, through, range.verifiedTo) !== undefined));
      return known;
    };
    const removable = new Set<number>();
    const items: Record<string, number> = {};
    for (let i = rows.length - 1; i >= 0; i -= 1) {
      const row = rows[i]!;
      if (row.item_id === null) continue;
      if (row.repeat && hasLater(row.item_id)) {
        removable.add(row.seq);
        items[row.item_id] = (items[row.item_id] ?? 0) + 1;
      }
      if (row.type === "evidence.reported" || row.type === "item.status_changed") later.set(row.item_id, true);
    }
    const kept = keptDigest();
    const runs: [number, number][] = [];
    for (const row of rows) {
      if (!removable.has(row.seq)) {
        kept.add(row.seq, row.hash);
        continue;
      }
      const run = runs.at(-1);
      if (run && run[1] === row.seq - 1) run[1] = row.seq;
      else runs.push([row.seq, row.seq]);
    }
    return {
      after: range.after,
      through,
      throughHash: rows.at(-1)!.hash,
      kept: kept.count,
      removed: removable.size,
      keptDigest: kept.digest(),
      items,
      runs,
    };
  }

  return {
    compactNext,

    /** Releases whose retention is set. */
    releasesWithRetention(): string[] {
      return db
        .select({ id: releases.id })
        .from(releases)
        .where(isNotNull(releases.compactAfterDays))
        .all()
        .map((r) => r.id);
    },

    /** The end of the release's last compacted range (0: none): below it, removed readings leave gaps in seq. */
    compactedThrough(release: string): number {
      return lastRange(release)?.throughSeq ?? 0;
    },

    view(release: string): RetentionView {
      const { days } = requireRelease(release);
      const totals = db.get<{ ranges: number; removed: number | null; through: number | null; last_at: string | null }>(
        sql`select count(*) as ranges, sum(removed) as removed, max(through_seq) as through, max(compacted_at) as last_at from log_compactions where release_id = ${release}`,
      );
      return {
        compact_after_days: days,
        compacted: { ranges: totals.ranges, removed: totals.removed ?? 0, through: totals.through ?? 0, last_at: totals.last_at },
      };
    },

    /** Set how long repeated readings are kept (null: all of them); one `release.retention` event. */
    set(release: string, input: unknown, actor: Actor): RetentionView & { seq: number | null } {
      assertCan(actor, { type: "retention.manage" });
      const parsed = retentionSchema.safeParse(input);
      if (!parsed.success) throw invalid("the retention is not valid", parsed.error.issues);
      const { days } = requireRelease(release);
      const to = parsed.data.compact_after_days;
      if (to === days) return { ...this.view(release), seq: null };
      const { seq } = ledger.record(release, actor, "release.retention", ({ tx }) => {
        tx.update(releases).set({ compactAfterDays: to }).where(eq(releases.id, release)).run();
        return { result: undefined, data: { from: days, to } };
      });
      return { ...this.view(release), seq };
    },
  };
}

export type Retention = ReturnType<typeof createRetention>;

/** Events hashed per turn of the event loop while a range is proven (about 50 µs each). */
const PROVE_SLICE = 1_000;
/** The pause between two ranges of the background job: a backlog (retention turned on for a year) leaves the server room. */
const RANGE_PAUSE_MS = 50;

/** A range that does not prove itself: nothing of it is compacted, and the release's chain needs an operator. */
export class ChainBroken extends Error {
  constructor(
    readonly release: string,
    readonly seq: number,
    readonly problem: string,
  ) {
    super(`the chain of ${release} is broken at seq ${seq}: ${problem}; nothing was compacted`);
    this.name = "ChainBroken";
  }
}

/** Thrown inside the transaction when there is nothing to compact: it rolls back, and no event is written. */
const NOTHING_TO_DO = Symbol("nothing to compact");

/**
 * The background job: for every release with retention set, compact range
 * after range, yielding to the event loop between them, until nothing is
 * old and verified enough; then wait `everyMs`.
 */
export function startRetention(
  retention: Retention,
  { everyMs, logger }: { everyMs: number; logger: { info(o: object, m: string): void; error(o: object, m: string): void } },
) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // A release whose history does not prove itself is said once, then left alone until the server restarts.
  const broken = new Set<string>();
  const tick = async () => {
    try {
      for (const release of retention.releasesWithRetention()) {
        if (broken.has(release)) continue;
        let removed = 0;
        for (;;) {
          if (stopped) return;
          try {
            const done = await retention.compactNext(release);
            if (!done) break;
            removed += done.removed;
          } catch (error) {
            if (!(error instanceof ChainBroken)) throw error;
            broken.add(release);
            logger.error({ release, seq: error.seq, problem: error.problem }, "the release's hash chain does not verify: retention stopped for it");
            break;
          }
          await pause(RANGE_PAUSE_MS);
        }
        if (removed) logger.info({ release, removed }, "retention compacted repeated readings");
      }
    } catch (error) {
      logger.error({ err: error }, "retention failed");
    }
    if (stopped) return;
    timer = setTimeout(() => void tick(), everyMs);
    timer.unref();
  };
  timer = setTimeout(() => void tick(), everyMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
