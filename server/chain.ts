import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { eq, sql } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { chainCheckpoints, chainHeads, items } from "../db/schema";
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

/**
 * `from`: the seq the walk started after (0: from the first event). `partial`:
 * an incremental walk stopped at its limit before the head; the checkpoint
 * moved to the last event it verified, and the next walk goes on from there.
 */
export type ChainCheck = { ok: true; checked: number; from: number; partial?: boolean } | { ok: false; checked: number; seq: number; problem: string };

/**
 * The most events one incremental walk verifies (about 50 µs each: hashing
 * the canonical JSON): a page visit, or one slice of the background check,
 * holds the event loop for a few tens of milliseconds at most.
 */
export const PAGE_WALK = 1_000;

interface RawEvent {
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

/**
 * Walk a release's chain. `incremental`: from its sealed checkpoint (and move
 * the checkpoint to the head when all is well); otherwise from seq 1, with
 * the replay of item statuses. Names the first bad seq: a missing one, a row
 * that cannot be read, a broken link or hash, a head whose seal does not
 * match, a log that ends before its sealed head, an item whose stored status
 * is not the log's.
 */
export function verifyChain(
  db: Db,
  sealer: Sealer,
  release: string,
  { incremental = false, maxWalk = PAGE_WALK }: { incremental?: boolean; maxWalk?: number } = {},
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
      const at = db.get<{ hash: string } | undefined>(sql`select hash from events where release_id = ${release} and seq = ${checkpoint.seq}`);
      if (at?.hash !== checkpoint.hash) {
        return { ok: false, checked: 0, seq: checkpoint.seq, problem: "the event at the last verified checkpoint was removed or rewritten" };
      }
      from = checkpoint.seq;
      prevHash = checkpoint.hash;
    }
  }
  const statuses = incremental ? null : new Map<string, { status: string; reason: string }>();
  const rows = db.$client
    .prepare(
      `select release_id, seq, type, at, actor, item_id, data, board, prev_hash, hash from events where release_id = ? and seq > ? order by seq${incremental ? " limit ?" : ""}`,
    )
    .iterate(...(incremental ? [release, from, maxWalk + 1] : [release, from])) as IterableIterator<RawEvent>;
  let expected = from + 1;
  for (const row of rows) {
    const checked = expected - 1 - from;
    // An incremental walk stops at its limit: everything up to here verified, the checkpoint moves here, the head waits for the next walk.
    if (incremental && checked === maxWalk) {
      partial = true;
      break;
    }
    if (row.seq !== expected) return { ok: false, checked, seq: expected, problem: `seq ${expected} is missing` };
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
      return { ok: false, checked, seq: row.seq, problem: "the row cannot be read (its data or board is not JSON)" };
    }
    if (row.prev_hash !== prevHash) return { ok: false, checked, seq: row.seq, problem: "prev_hash does not match the event before" };
    // item_id is an index copy of data.item, outside the hash: it must agree with what the hash covers.
    if ((row.item_id ?? null) !== itemOf(event)) return { ok: false, checked, seq: row.seq, problem: "item_id does not match the event's item" };
    if (eventHash(event, row.prev_hash) !== row.hash) return { ok: false, checked, seq: row.seq, problem: "hash does not match the event's content" };
    if (statuses) for (const change of event.board?.items ?? []) statuses.set(change.id, { status: change.status, reason: change.reason });
    prevHash = row.hash;
    expected += 1;
  }
  const last = expected - 1;
  const checked = last - from;
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
  // A checkpoint vouches for everything before it: every event from the last one to here was walked.
  if (incremental && last > from) {
    const seal = sealer.seal(release, last, prevHash);
    const values = { releaseId: release, seq: last, hash: prevHash, seal, verifiedAt: new Date().toISOString() };
    db.insert(chainCheckpoints).values(values).onConflictDoUpdate({ target: chainCheckpoints.releaseId, set: values }).run();
  }
  return partial ? { ok: true, checked, from, partial } : { ok: true, checked, from };
}

/**
 * The background check: every `everyMs`, one incremental walk per release
 * (at most PAGE_WALK events each), so every release's checkpoint reaches its
 * head over time without a long tick, and a broken chain is logged once.
 */
export function startChainWatch(
  db: Db,
  sealer: Sealer,
  { everyMs, onBroken }: { everyMs: number; onBroken: (release: string, check: Extract<ChainCheck, { ok: false }>) => void },
) {
  const broken = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    for (const { id } of db.all<{ id: string }>(sql`select id from releases`)) {
      if (broken.has(id)) continue;
      const check = verifyChain(db, sealer, id, { incremental: true });
      if (!check.ok) {
        broken.add(id);
        onBroken(id, check);
      }
      // One release's slice per turn of the event loop.
      await new Promise((resolve) => setImmediate(resolve));
    }
    timer = setTimeout(() => void tick(), everyMs);
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
