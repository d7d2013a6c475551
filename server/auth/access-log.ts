import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { desc } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { accessEvents } from "../../db/schema";
import { GENESIS_HASH } from "../events";

/** The log of changes outside any release: people, tokens, and post-mortems and actions no release is linked to. Call inside the change's transaction. */
export type AccessAction =
  | "user.created"
  | "user.invited"
  | "user.reinvited"
  | "user.password_set"
  | "user.disabled"
  | "token.created"
  | "token.revoked"
  /** Post-mortems and actions linked to no release (those linked to one are in its event log). */
  | `action.${"created" | "updated" | "closed" | "overdue"}`
  | `postmortem.${"created" | "updated" | "status"}`;

export function recordAccess(tx: Db | Tx, at: string, actor: string, action: AccessAction, subject: string): void {
  // Chained to the entry before it, as the event log is: an entry edited or removed in the file breaks the chain.
  const last = tx.select({ hash: accessEvents.hash }).from(accessEvents).orderBy(desc(accessEvents.id)).limit(1).get();
  const prevHash = last?.hash ?? GENESIS_HASH;
  tx.insert(accessEvents)
    .values({ at, actor, action, subject, prevHash, hash: accessHash({ at, actor, action, subject }, prevHash) })
    .run();
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
 * links to the one before and its hash is its content's.
 */
export function verifyAccessLog(db: Db): AccessCheck {
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
  let checked = 0;
  let unchained = 0;
  for (const row of rows) {
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
  return { ok: true, checked, unchained };
}

export function recentAccess(db: Db, limit = 50) {
  return db.select().from(accessEvents).orderBy(desc(accessEvents.id)).limit(limit).all();
}
