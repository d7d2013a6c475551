import { desc, eq, isNotNull, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { chainCheckpoints, logCompactions, releases } from "../db/schema";
import { invalid, notFound } from "../app/shared/errors";
import { retentionSchema, type RetentionView } from "../app/shared/retention";
import type { Clock } from "../app/shared/time";
import { SYSTEM, type Actor } from "./auth/actor";
import { assertCan } from "./auth/permissions";
import { compactionDigest, keptDigest, type CompactionRecord, type Sealer } from "./chain";
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

/** Events read per compaction transaction: about 30 ms of work on a busy launch (bench/RESULTS.md). */
export const COMPACT_RANGE = 5_000;

interface Row {
  seq: number;
  type: string;
  item_id: string | null;
  at: string;
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
    `select seq, type, item_id, at, hash,
       (type = 'evidence.reported' and json_extract(data, '$.from.status') = json_extract(data, '$.to.status')) as repeat
     from events where release_id = ? and seq > ? and seq <= ? order by seq`,
  );
  // Is there a later reading or status change of this item? (the events_item index, one step)
  const laterOf = db.$client
    .prepare<[string, string, number], { seq: number }>(
      `select seq from events where release_id = ? and item_id = ? and seq > ? and type in ('evidence.reported', 'item.status_changed') limit 1`,
    )
    .pluck();
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
   * Compact the next range of one release, if retention is set and there is
   * verified history old enough: one transaction, one `log.compacted` event.
   * Returns what it removed, or null when there was nothing to do.
   */
  function compactNext(release: string, now: Date = clock()): { after: number; through: number; removed: number; kept: number } | null {
    const { days } = requireRelease(release);
    if (days === null) return null;
    const olderThan = new Date(now.getTime() - days * 86_400_000).toISOString();
    const { result } = ledger.record(release, SYSTEM, "log.compacted", ({ tx }) => {
      const plan = planRange(tx, release, olderThan);
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
      tx.insert(logCompactions)
        .values({
          releaseId: release,
          afterSeq: record.after,
          throughSeq: record.through,
          throughHash: record.through_hash,
          kept: record.kept,
          removed: record.removed,
          keptDigest: record.kept_digest,
          compactedAt: now.toISOString(),
          seal: sealer.seal(release, record.through, compactionDigest(record)),
        })
        .run();
      // After the record: the log's DELETE trigger lets a reading go only inside a recorded range.
      for (const [from, to] of plan.runs) removeRun.run(release, from, to);
      return {
        result: { after: plan.after, through: plan.through, removed: plan.removed, kept: plan.kept },
        data: { after: plan.after, through: plan.through, removed: plan.removed, kept: plan.kept, older_than: olderThan, items: plan.items },
      };
    });
    return result;
  }

  /**
   * The next range: from the last compacted one to the verified checkpoint
   * (never past it: only proven history is compacted and sealed), at most
   * COMPACT_RANGE events, ending before the first event younger than the age.
   */
  function planRange(tx: Tx, release: string, olderThan: string) {
    const checkpoint = tx.select().from(chainCheckpoints).where(eq(chainCheckpoints.releaseId, release)).get();
    if (!checkpoint || !sealer.valid(release, checkpoint.seq, checkpoint.hash, checkpoint.seal)) return null;
    const after = lastRange(release)?.throughSeq ?? 0;
    // The checkpoint's own event stays: the next incremental walk starts from it.
    // Only whole ranges: a quiet release is not worth an event a minute, and its history is small anyway.
    const limit = after + rangeSize;
    if (limit > checkpoint.seq - 1) return null;
    const rows: Row[] = [];
    for (const row of rangeRows.iterate(release, after, limit)) {
      if (row.at >= olderThan) return null;
      rows.push(row);
    }
    if (rows.length !== rangeSize) return null;
    const through = rows.at(-1)!.seq;
    // Backwards: a repeated reading goes when a later reading or status change of its item exists (in the range, or after it).
    const later = new Map<string, boolean>();
    const hasLater = (item: string) => {
      let known = later.get(item);
      if (known === undefined) later.set(item, (known = laterOf.get(release, item, through) !== undefined));
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
    const digest = keptDigest();
    const runs: [number, number][] = [];
    for (const row of rows) {
      if (!removable.has(row.seq)) {
        digest.add(row.seq, row.hash);
        continue;
      }
      const run = runs.at(-1);
      if (run && run[1] === row.seq - 1) run[1] = row.seq;
      else runs.push([row.seq, row.seq]);
    }
    return {
      after,
      through,
      throughHash: rows.at(-1)!.hash,
      kept: digest.count,
      removed: removable.size,
      keptDigest: digest.digest(),
      items,
      runs,
    };
  }

  return {
    compactNext(release: string, now?: Date) {
      try {
        return compactNext(release, now);
      } catch (error) {
        if (error === NOTHING_TO_DO) return null;
        throw error;
      }
    },

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
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  const tick = async () => {
    try {
      for (const release of retention.releasesWithRetention()) {
        let removed = 0;
        for (;;) {
          if (stopped) return;
          const done = retention.compactNext(release);
          if (!done) break;
          removed += done.removed;
          await nextTurn();
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
