import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import canonicalize from "canonicalize";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { chainCheckpoints, chainHeads, items, logCompactions } from "../db/schema";
import { itemOf, type GreenlightEvent } from "../app/shared/events";
import { eventHash, GENESIS_HASH } from "./events";

/**
 * A log that proves itself (issue 14, ADR 009). Every append seals the
 * release's head with a key kept outside the database, so whoever can edit
 * the file cannot rewrite history and re-seal it, nor cut its end unseen.
 * Verification streams the chain in constant memory: from the last sealed
 * checkpoint (the audit page: only what is new) or from the first event (the
 * CLI: everything, and a replay of item statuses against the items table).
 */

/** Where the key lives unless configured: the user's config folder, not the data directory. */
export function defaultKeyFile(): string {
  return join(homedir(), ".config", "greenlight", "chain.key");
}

/** The sealing key: read from its file, or created there (0600) on first start. */
export function loadChainKey(file: string = defaultKeyFile()): Buffer {
  try {
    return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // Written whole under a private name, then linked into place: another process starting at the same moment
  // either links first (and this one uses its key) or finds the file complete, never half written.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(draft, `${randomBytes(32).toString("hex")}\n`, { mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return Buffer.from(readFileSync(file, "utf8").trim(), "hex");
}

export interface Sealer {
  seal(release: string, seq: number, hash: string): string;
  valid(release: string, seq: number, hash: string, seal: string): boolean;
}

export function createSealer(key: Buffer): Sealer {
  if (key.length < 16) throw new Error("the chain key is too short: 32 random bytes, hex, in the key file");
  const seal = (release: string, seq: number, hash: string) => createHmac("sha256", key).update(`${release}\n${seq}\n${hash}`).digest("hex");
  return {
    seal,
    valid(release, seq, hash, given) {
      const expected = Buffer.from(seal(release, seq, hash), "hex");
      const actual = Buffer.from(given, "hex");
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}

/** Seal a release's new head; inside the append's transaction. */
export function sealHead(tx: Db | Tx, sealer: Sealer, release: string, seq: number, hash: string): void {
  const seal = sealer.seal(release, seq, hash);
  tx.insert(chainHeads).values({ releaseId: release, seq, hash, seal }).onConflictDoUpdate({ target: chainHeads.releaseId, set: { seq, hash, seal } }).run();
}

/**
 * Seal the head of every release that has none (a database from before
 * sealing): trust on first use, at server start only, said in the log. The
 * CLI never does: there a missing head is reported, as it would be after
 * someone deleted it.
 */
export function sealUnsealedHeads(db: Db, sealer: Sealer): string[] {
  // Per release without a head, its last event (one indexed read each): never a scan of the whole log at start-up.
  const rows = db
    .all<{ release: string }>(sql`select id as release from releases where not exists (select 1 from chain_heads h where h.release_id = releases.id)`)
    .map(({ release }) => ({
      release,
      ...db.get<{ seq: number; hash: string } | undefined>(sql`select seq, hash from events where release_id = ${release} order by seq desc limit 1`),
    }))
    .filter((r): r is { release: string; seq: number; hash: string } => r.seq !== undefined);
  db.transaction((tx) => {
    for (const row of rows) sealHead(tx, sealer, row.release, row.seq, row.hash);
  });
  return rows.map((r) => r.release);
}

/** The sealed part of a compaction record: everything but the seal itself. */
export interface CompactionRecord {
  release: string;
  after: number;
  through: number;
  through_hash: string;
  kept: number;
  removed: number;
  kept_digest: string;
}

/** What the seal covers: the record's canonical JSON, hashed (the sealer seals a release, a seq and a hash). */
export function compactionDigest(record: CompactionRecord): string {
  return createHash("sha256")
    .update(canonicalize(record) ?? "")
    .digest("hex");
}

/** Write a compacted range's record, sealed: inside the compaction's transaction, before its deletes (the log's DELETE trigger asks for it). */
export function writeCompaction(tx: Db | Tx, sealer: Sealer, record: CompactionRecord, compactedAt: string): void {
  tx.insert(logCompactions)
    .values({
      releaseId: record.release,
      afterSeq: record.after,
      throughSeq: record.through,
      throughHash: record.through_hash,
      kept: record.kept,
      removed: record.removed,
      keptDigest: record.kept_digest,
      compactedAt,
      seal: sealer.seal(record.release, record.through, compactionDigest(record)),
    })
    .run();
}

/** The running digest of the events a range kept: sha256 over `seq:hash\n` lines, in seq order. */
export function keptDigest() {
  const hash = createHash("sha256");
  let count = 0;
  return {
    add(seq: number, eventHash: string) {
      hash.update(`${seq}:${eventHash}\n`);
      count += 1;
    },
    get count() {
      return count;
    },
    digest: () => hash.digest("hex"),
  };
}

interface CompactedRange {
  after: number;
  through: number;
  throughHash: string;
  kept: number;
  keptDigest: string;
}

type Problem = { seq: number; problem: string };

/** A release's compacted ranges in order, read one at a time as a walk reaches them; each one's seal checked. */
function compactedRanges(db: Db, sealer: Sealer, release: string) {
  const next = db.$client.prepare<
    [string, number],
    { after_seq: number; through_seq: number; through_hash: string; kept: number; removed: number; kept_digest: string; seal: string }
  >(
    "select after_seq, through_seq, through_hash, kept, removed, kept_digest, seal from log_compactions where release_id = ? and through_seq > ? order by through_seq limit 1",
  );
  return {
    /** The first range ending after `seq`, or a problem if its seal fails or it overlaps what came before. */
    after(seq: number): CompactedRange | Problem | undefined {
      const row = next.get(release, seq);
      if (!row) return undefined;
      const record: CompactionRecord = {
        release,
        after: row.after_seq,
        through: row.through_seq,
        through_hash: row.through_hash,
        kept: row.kept,
        removed: row.removed,
        kept_digest: row.kept_digest,
      };
      if (!sealer.valid(release, row.through_seq, compactionDigest(record), row.seal)) {
        return {
          seq: row.after_seq + 1,
          problem: `the record of compacted range ${row.after_seq + 1}–${row.through_seq} does not match its seal: it was written without the key`,
        };
      }
      if (row.after_seq < seq)
        return { seq: row.after_seq + 1, problem: `compacted range ${row.after_seq + 1}–${row.through_seq} overlaps the history before it` };
      return { after: row.after_seq, through: row.through_seq, throughHash: row.through_hash, kept: row.kept, keptDigest: row.kept_digest };
    },
  };
}

/**
 * Every release with a chain to verify: those in `releases` and any other id
 * the log holds (a release row deleted). The log's ids by a skip scan of its
 * primary key, one seek per release, not a read of every event.
 */
export function chainedReleases(db: Db): string[] {
  return db
    .all<{ id: string }>(
      sql`with recursive logged(id) as (
        select min(release_id) from events
        union all
        select (select min(release_id) from events where release_id > logged.id) from logged where logged.id is not null
      )
      select id from releases union select id from logged where id is not null order by id`,
    )
    .map((r) => r.id);
}

/**
 * `from`: the seq the walk started after (0: from the first event); `through`:
 * the last seq it verified (events removed by retention are not counted in `checked`). `partial`:
 * an incremental walk stopped at its limit before the head; the checkpoint
 * moved to the last event it verified, and the next walk goes on from there.
 */
export type ChainCheck =
  { ok: true; checked: number; from: number; through: number; partial?: boolean } | { ok: false; checked: number; seq: number; problem: string };

/**
 * The most events one incremental walk verifies (about 50 µs each: hashing
 * the canonical JSON): a page visit, or one slice of the background check,
 * holds the event loop for a few tens of milliseconds at most.
 */
export const PAGE_WALK = 1_000;

export interface RawEvent {
  release_id: string;
  seq: number;
  type: string;
  at: string;
  actor: string;
  item_id: string | null;
  data: string;
  board: string;
  prev_hash: string;
  hash: string;
}

/** A release's events after a seq, in order, streamed (the columns a walk checks). */
export function eventRows(db: Db, release: string, after: number, through = Number.MAX_SAFE_INTEGER): IterableIterator<RawEvent> {
  return db.$client
    .prepare(
      `select release_id, seq, type, at, actor, item_id, data, board, prev_hash, hash from events where release_id = ? and seq > ? and seq <= ? order by seq`,
    )
    .iterate(release, after, through) as IterableIterator<RawEvent>;
}

/**
 * One stored event against what its hash covers: readable, its item index the
 * event's own, its hash its content's, and (when `prevHash` is given: its
 * neighbour is there) linked to the event before. The event, or the problem.
 */
export function checkEvent(row: RawEvent, prevHash: string | null): { event: GreenlightEvent } | { problem: string } {
  let event: GreenlightEvent;
  try {
    event = {
      release: row.release_id,
      seq: row.seq,
      type: row.type,
      at: row.at,
      actor: row.actor,
      data: JSON.parse(row.data),
      board: JSON.parse(row.board),
    } as GreenlightEvent;
  } catch {
    return { problem: "the row cannot be read (its data or board is not JSON)" };
  }
  if (prevHash !== null && row.prev_hash !== prevHash) return { problem: "prev_hash does not match the event before" };
  // item_id is an index copy of data.item, outside the hash: it must agree with what the hash covers.
  if ((row.item_id ?? null) !== itemOf(event)) return { problem: "item_id does not match the event's item" };
  if (eventHash(event, row.prev_hash) !== row.hash) return { problem: "hash does not match the event's content" };
  return { event };
}

/**
 * Walk a release's chain. `incremental`: from its sealed checkpoint (and move
 * the checkpoint to the head when all is well); otherwise from seq 1, with
 * the replay of item statuses. Names the first bad seq: a missing one, a row
 * that cannot be read, a broken link or hash, a head whose seal does not
 * match, a log that ends before its sealed head, an item whose stored status
 * is not the log's.
 */
export function verifyChain(db: Db, sealer: Sealer, release: string, options: { incremental?: boolean; maxWalk?: number } = {}): ChainCheck {
  // One read snapshot for the whole walk (the log, its ranges, its head, the items): another process writing meanwhile
  // (the server, while the CLI verifies) must not look like a log that ends before its head.
  const client = db.$client;
  const own = !client.inTransaction;
  const advance: { to?: { seq: number; hash: string } } = {};
  if (own) client.exec("BEGIN");
  let check: ChainCheck;
  try {
    check = walkChain(db, sealer, release, options, advance);
  } finally {
    if (own) client.exec("COMMIT");
  }
  // A checkpoint vouches for everything before it: every event from the last one to there was walked.
  if (advance.to) {
    const { seq, hash } = advance.to;
    const values = { releaseId: release, seq, hash, seal: sealer.seal(release, seq, hash), verifiedAt: new Date().toISOString() };
    // Only forward: a slow walk (the background check's) finishing after a faster one (the CLI's, then compaction) must not
    // move the checkpoint back into history compacted since.
    db.insert(chainCheckpoints)
      .values(values)
      .onConflictDoUpdate({ target: chainCheckpoints.releaseId, set: values, setWhere: sql`excluded.seq > ${chainCheckpoints.seq}` })
      .run();
  }
  return check;
}

function walkChain(
  db: Db,
  sealer: Sealer,
  release: string,
  { incremental = false, maxWalk = PAGE_WALK }: { incremental?: boolean; maxWalk?: number },
  advance: { to?: { seq: number; hash: string } },
): ChainCheck {
  let from = 0;
  let prevHash = GENESIS_HASH;
  let partial = false;
  if (incremental) {
    const checkpoint = db.select().from(chainCheckpoints).where(eq(chainCheckpoints.releaseId, release)).get();
    if (checkpoint) {
      if (!sealer.valid(release, checkpoint.seq, checkpoint.hash, checkpoint.seal)) {
        return { ok: false, checked: 0, seq: checkpoint.seq, problem: "the verified checkpoint's seal does not match: it was written without the key" };
      }
      // The checkpoint's event, or (a walk that stopped at the end of a compacted range whose last reading went) the range's end.
      const at =
        db.get<{ hash: string } | undefined>(sql`select hash from events where release_id = ${release} and seq = ${checkpoint.seq}`) ??
        db.get<{ hash: string } | undefined>(
          sql`select through_hash as hash from log_compactions where release_id = ${release} and through_seq = ${checkpoint.seq}`,
        );
      if (at?.hash !== checkpoint.hash) {
        return { ok: false, checked: 0, seq: checkpoint.seq, problem: "the event at the last verified checkpoint was removed or rewritten" };
      }
      from = checkpoint.seq;
      prevHash = checkpoint.hash;
    }
  }
  const statuses = incremental ? null : new Map<string, { status: string; reason: string }>();
  const rows = eventRows(db, release, from);
  // Compacted ranges (server/retention.ts): inside one, removed readings leave gaps; the range's sealed record
  // vouches for the links across them, and the events it kept must be exactly those it sealed.
  const ranges = compactedRanges(db, sealer, release);
  let range: CompactedRange | undefined;
  let kept = keptDigest();
  let expected = from + 1;
  let walked = 0;
  let last = from;
  const inside = () => range !== undefined && expected > range.after;
  // At the start of a range, nothing of it walked yet: a walk may stop here (the checkpoint goes to the range before's end).
  const atRangeStart = () => range !== undefined && expected === range.after + 1 && kept.count === 0;
  const enter = (after: number): Problem | undefined => {
    const next = ranges.after(after);
    if (next && "problem" in next) return next;
    range = next;
    kept = keptDigest();
    return undefined;
  };
  /** Leave the current range: what it kept is what it sealed; the walk goes on from its end. */
  const leave = (r: CompactedRange): Problem | undefined => {
    if (expected <= r.after) return { seq: expected, problem: `seq ${expected} is missing` };
    if (kept.count !== r.kept || kept.digest() !== r.keptDigest) {
      return {
        seq: r.after + 1,
        problem: `the events kept in compacted range ${r.after + 1}–${r.through} are not those sealed at compaction: one was removed, added or rewritten`,
      };
    }
    if (last === r.through && prevHash !== r.throughHash)
      return { seq: r.through, problem: "the compacted range's last event is not the one sealed at compaction" };
    prevHash = r.throughHash;
    expected = r.through + 1;
    last = r.through;
    return enter(r.through);
  };
  const broken = (p: Problem): ChainCheck => ({ ok: false, checked: walked, ...p });
  const opened = enter(from);
  if (opened) return broken(opened);
  for (const row of rows) {
    while (range && row.seq > range.through) {
      const problem = leave(range);
      if (problem) return broken(problem);
    }
    // An incremental walk stops at its limit (never inside a compacted range, only at its edge): everything up to here verified,
    // the checkpoint moves here, the head waits for the next walk.
    if (incremental && walked >= maxWalk && (!inside() || atRangeStart())) {
      partial = true;
      break;
    }
    if (row.seq !== expected && !(range && row.seq > range.after && expected > range.after))
      return broken({ seq: expected, problem: `seq ${expected} is missing` });
    // Across a gap inside a compacted range the link is the range record's to vouch for.
    const checked = checkEvent(row, row.seq === expected ? prevHash : null);
    if ("problem" in checked) return broken({ seq: row.seq, problem: checked.problem });
    const { event } = checked;
    if (inside()) kept.add(row.seq, row.hash);
    if (statuses) for (const change of event.board?.items ?? []) statuses.set(change.id, { status: change.status, reason: change.reason });
    prevHash = row.hash;
    expected = row.seq + 1;
    last = row.seq;
    walked += 1;
  }
  // A log that ends inside a compacted range: what the range kept must still all be there.
  if (!partial && range && inside()) {
    const problem = leave(range);
    if (problem) return broken(problem);
  }
  const checked = walked;
  // The head is checked when a walk reaches it.
  const head = partial ? undefined : db.select().from(chainHeads).where(eq(chainHeads.releaseId, release)).get();
  if (head) {
    if (!sealer.valid(release, head.seq, head.hash, head.seal)) {
      return { ok: false, checked, seq: head.seq, problem: "the head's seal does not match: the log or its head was rewritten without the key" };
    }
    if (head.seq > last)
      return { ok: false, checked, seq: last + 1, problem: `the log ends at seq ${last} but its sealed head is seq ${head.seq}: events were removed` };
    if (head.seq < last || head.hash !== prevHash) {
      return { ok: false, checked, seq: head.seq, problem: "the sealed head is not the log's last event: events were added or rewritten without the key" };
    }
  } else if (!partial && last > 0) {
    return { ok: false, checked, seq: last, problem: "the log's head was never sealed (start the server once to seal a database from before sealing)" };
  }
  if (statuses) {
    for (const item of db.select({ id: items.id, status: items.status, reason: items.reason }).from(items).where(eq(items.releaseId, release)).all()) {
      const replayed = statuses.get(item.id);
      if (!replayed || replayed.status !== item.status || replayed.reason !== item.reason) {
        return {
          ok: false,
          checked,
          seq: last,
          problem: `item ${item.id} is stored as ${item.status} ("${item.reason}") but the log says ${replayed ? `${replayed.status} ("${replayed.reason}")` : "nothing of it"}`,
        };
      }
    }
  }
  if (incremental && last > from) advance.to = { seq: last, hash: prevHash };
  return partial ? { ok: true, checked, from, through: last, partial } : { ok: true, checked, from, through: last };
}

/**
 * The background check: every `everyMs`, one incremental walk per release
 * (at most PAGE_WALK events each), so every release's checkpoint reaches its
 * head over time without a long tick, and a broken chain is logged once.
 */
const CATCH_UP_MS = 50;

export function startChainWatch(
  db: Db,
  sealer: Sealer,
  { everyMs, onBroken }: { everyMs: number; onBroken: (release: string, check: Extract<ChainCheck, { ok: false }>) => void },
) {
  const broken = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    let behind = false;
    for (const { id } of db.all<{ id: string }>(sql`select id from releases`)) {
      if (broken.has(id)) continue;
      const check = verifyChain(db, sealer, id, { incremental: true });
      if (!check.ok) {
        broken.add(id);
        onBroken(id, check);
      } else if (check.partial) behind = true;
      // One release's slice per turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // A release with more to walk than a slice (a database from before, a burst) catches up at a slice per
    // CATCH_UP_MS, about half the event loop at most; retention waits for its checkpoint.
    timer = setTimeout(() => void tick(), behind ? Math.min(everyMs, CATCH_UP_MS) : everyMs);
    timer.unref();
  };
  timer = setTimeout(() => void tick(), everyMs);
  timer.unref();
  return {
    stop() {
      clearTimeout(timer);
    },
  };
}
