import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { desc, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { accessEvents, chainHeads } from "../../db/schema";
import { sealHead, type Sealer } from "../chain";
import { GENESIS_HASH } from "../events";

/**
 * The access log's sealed head lives in `chain_heads` beside the releases'
 * under a key no release id can take (those match [a-z0-9][a-z0-9-]*); its
 * "seq" is the id of the last entry. Whoever lists chain_heads as releases
 * must leave this row out.
 */
export const ACCESS_HEAD = ":access";

/** The log of changes outside any release: people, tokens, and post-mortems and actions no release is linked to. Call inside the change's transaction. */
export type AccessAction =
  | "user.created"
  | "user.invited"
  | "user.reinvited"
  | "user.password_set"
  | "user.disabled"
  | "user.locale"
  | "token.created"
  | "token.revoked"
  /** Post-mortems and actions linked to no release (those linked to one are in its event log). */
  | `action.${"created" | "updated" | "closed" | "overdue"}`
  | `postmortem.${"created" | "updated" | "status"}`
  /** SOPs no release's `sop` item follows yet (those followed are in each such release's log). */
  | `sop.${"created" | "revised" | "approved" | "reviewed" | "acknowledged"}`
  /** Webhooks out (ADR 025): subscriptions are instance-wide, so their changes are logged here. */
  | `webhook.${"created" | "revoked" | "redelivered"}`;

export function recordAccess(tx: Db | Tx, sealer: Sealer, at: string, actor: string, action: AccessAction, subject: string): void {
  // Chained to the entry before it, as the event log is: an entry edited or removed in the file breaks the chain;
  // and the new head sealed with the key, so a re-chained or shortened log does not pass either.
  const last = tx.select({ hash: accessEvents.hash }).from(accessEvents).orderBy(desc(accessEvents.id)).limit(1).get();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = accessHash({ at, actor, action, subject }, prevHash);
  const { id } = tx.insert(accessEvents).values({ at, actor, action, subject, prevHash, hash }).returning({ id: accessEvents.id }).get();
  sealHead(tx, sealer, ACCESS_HEAD, id, hash);
}

/**
 * Seal the access log's head if it has none (a database from before it was
 * sealed): trust on first use, at server start only, as `sealUnsealedHeads`
 * does for releases. Returns the id of the entry sealed, or null.
 */
export function sealUnsealedAccessHead(db: Db, sealer: Sealer): number | null {
  if (db.select({ seq: chainHeads.seq }).from(chainHeads).where(eq(chainHeads.releaseId, ACCESS_HEAD)).get()) return null;
  const last = db.$client.prepare("select id, hash from access_events where hash is not null order by id desc limit 1").get() as
    { id: number; hash: string } | undefined;
  if (!last) return null;
  sealHead(db, sealer, ACCESS_HEAD, last.id, last.hash);
  return last.id;
}

/** sha256 over the canonical JSON of an entry and the hash before it. */
export function accessHash(entry: { at: string; actor: string; action: string; subject: string }, prevHash: string): string {
  return createHash("sha256")
    .update(canonicalize({ at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject, prev_hash: prevHash }) ?? "")
    .digest("hex");
}

export type AccessCheck = { ok: true; checked: number; unchained: number } | { ok: false; checked: number; id: number; problem: string };

/**
 * Walk the access log in id order (streamed): entries from before the chain
 * began (no hash) may only come first; from the first chained one on, each
 * links to the one before and its hash is its content's; and the last one is
 * the sealed head (not cut short, not re-chained or extended without the key).
 */
export function verifyAccessLog(db: Db, sealer: Sealer): AccessCheck {
  const rows = db.$client.prepare("select id, at, actor, action, subject, prev_hash, hash from access_events order by id").iterate() as IterableIterator<{
    id: number;
    at: string;
    actor: string;
    action: string;
    subject: string;
    prev_hash: string | null;
    hash: string | null;
  }>;
  let prev: string | null = null;
  let last = 0;
  let checked = 0;
  let unchained = 0;
  for (const row of rows) {
    last = row.id;
    if (row.hash === null) {
      if (prev !== null) return { ok: false, checked, id: row.id, problem: "an entry without a hash after the chain began" };
      unchained += 1;
      continue;
    }
    const expected = prev ?? GENESIS_HASH;
    if (row.prev_hash !== expected)
      return { ok: false, checked, id: row.id, problem: "prev_hash does not match the entry before: one was removed or rewritten" };
    if (accessHash(row, row.prev_hash) !== row.hash) return { ok: false, checked, id: row.id, problem: "hash does not match the entry's content" };
    prev = row.hash;
    checked += 1;
  }
  const head = db.select().from(chainHeads).where(eq(chainHeads.releaseId, ACCESS_HEAD)).get();
  if (head) {
    if (!sealer.valid(ACCESS_HEAD, head.seq, head.hash, head.seal)) {
      return { ok: false, checked, id: head.seq, problem: "the head's seal does not match: the log or its head was rewritten without the key" };
    }
    if (head.seq > last) {
      return { ok: false, checked, id: last + 1, problem: `the log ends at entry ${last} but its sealed head is entry ${head.seq}: entries were removed` };
    }
    if (head.seq < last || head.hash !== prev) {
      return { ok: false, checked, id: head.seq, problem: "the sealed head is not the log's last entry: entries were added or rewritten without the key" };
    }
  } else if (checked > 0) {
    return { ok: false, checked, id: last, problem: "the log's head was never sealed (start the server once to seal a database from before sealing)" };
  }
  return { ok: true, checked, unchained };
}

export function recentAccess(db: Db, limit = 50) {
  return db.select().from(accessEvents).orderBy(desc(accessEvents.id)).limit(limit).all();
}
