import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { events, releaseActors } from "../db/schema";
import { EVENT_DATA, itemOf, type EventOfType, type EventType, type GreenlightEvent } from "../app/shared/events";

/**
 * The event log: one gap-free `seq` per release, starting at 1, each event
 * hash-chained to the one before. Appends happen inside the transaction that
 * makes the change, so a change and its event commit together or not at all.
 */
export type { EventType, GreenlightEvent } from "../app/shared/events";

export const GENESIS_HASH = "0".repeat(64);

/** sha256 over the RFC 8785 canonical JSON of the event and the previous hash. */
export function eventHash(event: GreenlightEvent, prevHash: string): string {
  const canonical = canonicalize({ ...event, prev_hash: prevHash });
  return createHash("sha256")
    .update(canonical ?? "")
    .digest("hex");
}

type EventRow = typeof events.$inferSelect;

function toEvent(row: EventRow): GreenlightEvent {
  return {
    release: row.releaseId,
    seq: row.seq,
    type: row.type,
    at: row.at,
    actor: row.actor,
    data: row.data,
    board: row.board,
  } as GreenlightEvent;
}

const ph = sql.placeholder;

/**
 * The event log of one database, on prepared statements (appending is on the
 * path of every write). `append` must run inside the write's transaction;
 * `onAppend` is told each new head there (the ledger seals it, server/chain.ts).
 */
export function createEventLog(db: Db, onAppend?: (release: string, seq: number, hash: string) => void) {
  const head = db
    .select({ seq: events.seq, hash: events.hash })
    .from(events)
    .where(eq(events.releaseId, ph("release")))
    .orderBy(desc(events.seq))
    .limit(1)
    .prepare();
  const insert = db
    .insert(events)
    .values({
      releaseId: ph("releaseId"),
      seq: ph("seq"),
      type: ph("type"),
      at: ph("at"),
      actor: ph("actor"),
      itemId: ph("itemId"),
      data: ph("data"),
      board: ph("board"),
      prevHash: ph("prevHash"),
      hash: ph("hash"),
    })
    .prepare();
  const actorSeen = db
    .insert(releaseActors)
    .values({ releaseId: ph("release"), actor: ph("actor") })
    .onConflictDoNothing()
    .prepare();
  const after = db
    .select()
    .from(events)
    .where(and(eq(events.releaseId, ph("release")), gt(events.seq, ph("after"))))
    .orderBy(asc(events.seq))
    .limit(ph("limit"))
    .prepare();

  const ofItem = db
    .select()
    .from(events)
    .where(and(eq(events.releaseId, ph("release")), eq(events.itemId, ph("item"))))
    .orderBy(desc(events.seq))
    .limit(ph("limit"))
    .prepare();

  const latest = db
    .select()
    .from(events)
    .where(eq(events.releaseId, ph("release")))
    .orderBy(desc(events.seq))
    .limit(ph("limit"))
    .prepare();

  const headOf = (release: string) => head.get({ release }) ?? { seq: 0, hash: GENESIS_HASH };

  return {
    headOf,
    /**
     * Append the next event of its release; its data must fit its type's schema (a bug otherwise, never bad input).
     * `previous`: the head, when the caller already read it in this transaction.
     */
    append<T extends EventType>(input: Omit<EventOfType<T>, "seq">, previous = headOf(input.release)): EventOfType<T> {
      const checked = EVENT_DATA[input.type].safeParse(input.data);
      if (!checked.success) throw new Error(`a ${input.type} event with data that does not fit it: ${checked.error.message}`);
      const event = { ...input, seq: previous.seq + 1 } as EventOfType<T>;
      const hash = eventHash(event as GreenlightEvent, previous.hash);
      insert.run({
        releaseId: event.release,
        seq: event.seq,
        type: event.type,
        at: event.at,
        actor: event.actor,
        itemId: itemOf(event),
        data: event.data,
        board: event.board,
        prevHash: previous.hash,
        hash,
      });
      actorSeen.run({ release: event.release, actor: event.actor });
      onAppend?.(event.release, event.seq, hash);
      return event;
    },
    after(release: string, afterSeq: number, limit: number): GreenlightEvent[] {
      return after.all({ release, after: afterSeq, limit }).map(toEvent);
    },
    /** The latest events of a release, newest first. */
    latest(release: string, limit: number): GreenlightEvent[] {
      return latest.all({ release, limit }).map(toEvent);
    },
    /** An item's events, newest first. */
    ofItem(release: string, item: string, limit: number): GreenlightEvent[] {
      return ofItem.all({ release, item, limit }).map(toEvent);
    },
  };
}

export type EventLog = ReturnType<typeof createEventLog>;
