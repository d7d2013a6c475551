import { desc } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { accessEvents } from "../../db/schema";

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
  tx.insert(accessEvents).values({ at, actor, action, subject }).run();
}

export function recentAccess(db: Db, limit = 50) {
  return db.select().from(accessEvents).orderBy(desc(accessEvents.id)).limit(limit).all();
}
