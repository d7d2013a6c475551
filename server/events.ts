import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { and, asc, desc, eq, gt } from "drizzle-orm";
import type { Db, Tx } from "../db/client";
import { events } from "../db/schema";
import type { BoardDelta } from "./readiness/board";

/**
 * The event log: one gap-free `seq` per release, starting at 1, each event
 * hash-chained to the one before. Appends happen inside the transaction that
 * makes the change, so a change and its event commit together or not at all.
 */
export const EVENT_TYPES = ["release.created", "evidence.reported", "item.status_changed"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface GreenlightEvent {
  release: string;
  seq: number;
  type: EventType;
  at: string;
  actor: string;
  data: Record<string, unknown>;
  board: BoardDelta;
}

export const GENESIS_HASH = "0".repeat(64);

/** sha256 over the RFC 8785 canonical JSON of the event and the previous hash. */
export function eventHash(event: GreenlightEvent, prevHash: string): string {
  const canonical = canonicalize({ ...event, prev_hash: prevHash });
  return createHash("sha256").update(canonical ?? "").digest("hex");
}

export function headOf(tx: Db | Tx, release: string): { seq: number; hash: string } {
  const head = tx
    .select({ seq: events.seq, hash: events.hash })
    .from(events)
    .where(eq(events.releaseId, release))
    .orderBy(desc(events.seq))
    .limit(1)
    .get();
  return head ?? { seq: 0, hash: GENESIS_HASH };
}

export function appendEvent(tx: Tx, input: Omit<GreenlightEvent, "seq">): GreenlightEvent {
  const head = headOf(tx, input.release);
  const event: GreenlightEvent = { ...input, seq: head.seq + 1 };
  tx.insert(events)
    .values({
      releaseId: event.release,
      seq: event.seq,
      type: event.type,
      at: event.at,
      actor: event.actor,
      data: event.data,
      board: event.board as unknown as Record<string, unknown>,
      prevHash: head.hash,
      hash: eventHash(event, head.hash),
    })
    .run();
  return event;
}

type EventRow = typeof events.$inferSelect;

function toEvent(row: EventRow): GreenlightEvent {
  return {
    release: row.releaseId,
    seq: row.seq,
    type: row.type as EventType,
    at: row.at,
    actor: row.actor,
    data: row.data,
    board: row.board as unknown as BoardDelta,
  };
}

export function eventsAfter(db: Db, release: string, after: number, limit: number): GreenlightEvent[] {
  return db
    .select()
    .from(events)
    .where(and(eq(events.releaseId, release), gt(events.seq, after)))
    .orderBy(asc(events.seq))
    .limit(limit)
    .all()
    .map(toEvent);
}

export type ChainCheck = { ok: true; checked: number } | { ok: false; checked: number; seq: number; problem: string };

/**
 * Walk one release's chain from seq 1: every seq present in order, every
 * `prev_hash` the hash before it, every `hash` recomputed from the row.
 */
export function verifyChain(db: Db, release: string): ChainCheck {
  const rows = db.select().from(events).where(eq(events.releaseId, release)).orderBy(asc(events.seq)).all();
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (const row of rows) {
    if (row.seq !== expectedSeq) {
      return { ok: false, checked: expectedSeq - 1, seq: expectedSeq, problem: `seq ${expectedSeq} is missing` };
    }
    if (row.prevHash !== prevHash) {
      return { ok: false, checked: expectedSeq - 1, seq: row.seq, problem: "prev_hash does not match the event before" };
    }
    if (eventHash(toEvent(row), row.prevHash) !== row.hash) {
      return { ok: false, checked: expectedSeq - 1, seq: row.seq, problem: "hash does not match the event's content" };
    }
    prevHash = row.hash;
    expectedSeq += 1;
  }
  return { ok: true, checked: expectedSeq - 1 };
}
