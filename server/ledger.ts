import { eq, sql } from "drizzle-orm";
import { IMMEDIATE, type Db, type Tx } from "../db/client";
import { releases } from "../db/schema";
import type { BoardExtras } from "../app/shared/board";
import type { EventData, EventOfType, EventType, GreenlightEvent } from "../app/shared/events";
import type { Facts } from "../app/shared/kinds";
import { notFound } from "../app/shared/errors";
import type { Clock } from "../app/shared/time";
import { SYSTEM, type Actor } from "./auth/actor";
import type { Projection } from "./board/projection";
import { sealHead, type Sealer } from "./chain";
import { createEventLog } from "./events";
import { settleDrift } from "./params/drift";
import { recomputeItems } from "./readiness/computed";
import type { ItemChange } from "./readiness/items";

/**
 * The ledger (ADR 007): the one way anything writes. `record` opens one
 * synchronous `BEGIN IMMEDIATE` transaction, runs the module's work on `tx`,
 * re-evaluates the computed items the work's facts feed, appends the typed,
 * hash-chained event with its board delta, keeps the release's
 * `status_changed_seq`, raises the after-GO alarm, and commits. Only then are
 * subscribers told (the realtime hub broadcasts, the sweeper learns the next
 * deadline), so a broadcast event is always one the database holds.
 */

/** What the work did, for the ledger to record. */
export interface Work<T extends EventType, R> {
  data: EventData<T>;
  result: R;
  /** Items whose row the work changed. */
  items?: ItemChange[];
  /** New facts computed kinds read (the plan's projection for `task` items): items of those kinds are re-evaluated in the same transaction. */
  facts?: Partial<Facts>;
  /** What else the write changed on the board. */
  board?: BoardExtras;
  /** When an item the work wrote will next change with time alone. */
  deadline?: Date | null;
  /** The event carries the whole board (a new release: a board replayed from the log starts here). */
  snapshot?: boolean;
}

/** Where the work runs: the transaction, the seq its event will get and the server time of the write. */
export interface WriteContext {
  tx: Tx;
  seq: number;
  at: string;
  now: Date;
}

/** Appends one event inside an open transaction (the sweeper records several in one). */
export type Append = <T extends EventType, R>(
  release: string,
  actor: Actor,
  type: T,
  work: (ctx: WriteContext) => Work<T, R>,
) => { result: R; event: EventOfType<T>; events: GreenlightEvent[] };

/** Told after each commit. */
export interface LedgerListener {
  /** Each committed event, in seq order. */
  event?(event: GreenlightEvent): void;
  /** When an item the write changed will next change with time alone. */
  deadline?(at: Date): void;
}

export interface LedgerDeps {
  db: Db;
  clock: Clock;
  projection: Projection;
  /** Seals each release's head as it is appended (server/chain.ts). */
  sealer: Sealer;
  /** A listener failed after the commit: the write stands; say so. */
  onListenerError?: (error: unknown, event: GreenlightEvent | null) => void;
}

export function createLedger({ db, clock, projection, sealer, onListenerError }: LedgerDeps) {
  const listeners = new Set<LedgerListener>();
  const log = createEventLog(db, (release, seq, hash) => sealHead(db, sealer, release, seq, hash));
  const ph = sql.placeholder;
  const release = db
    .select({ phase: releases.phase })
    .from(releases)
    .where(eq(releases.id, ph("id")))
    .prepare();
  const markStatusChange = db
    .update(releases)
    .set({ statusChangedSeq: sql`${ph("seq")}` })
    .where(eq(releases.id, ph("release")))
    .prepare();

  /** The write open now: its events and deadlines wait for the commit. Null outside any. */
  let open: { appended: GreenlightEvent[]; deadlines: Date[] } | null = null;
  /** True while a work step runs: its event's seq is taken, so another write there would collide with it. */
  let stepping = false;

  /**
   * One transaction around `run`. Ledger writes inside it join it (each in a
   * savepoint, so one that fails undoes only itself) and subscribers hear of
   * them after the outer commit: an idempotent request stores its answer in
   * the transaction that created what it answers (server/idempotency.ts).
   * Refused inside a transaction the ledger did not open, or inside a work
   * step: events would go out before they are durable, or collide.
   */
  function atomically<R>(run: (tx: Tx) => R): R {
    if (stepping) throw new Error("the ledger does not nest: a write is already open");
    if (open) return db.transaction(run);
    if (db.$client.inTransaction) throw new Error("the ledger does not nest in a transaction it did not open");
    const write: { appended: GreenlightEvent[]; deadlines: Date[] } = { appended: [], deadlines: [] };
    open = write;
    let result: R;
    try {
      result = db.transaction(run, IMMEDIATE);
    } finally {
      open = null;
    }
    // After the commit. A failing listener must not undo what is durable, nor keep the others from being told
    // (a board that missed an event sees the gap in seq and catches up from the log).
    for (const listener of listeners) {
      for (const event of write.appended) tell(() => listener.event?.(event), event);
      for (const at of write.deadlines) tell(() => listener.deadline?.(at), null);
    }
    return result;
  }

  /** One transaction around `work` (or a part of the one open); `work` appends through `append`. */
  function transaction<R>(work: (append: Append, tx: Tx) => R, now?: Date): R {
    return atomically((tx) => {
      // Kept apart until the savepoint is released: a write that fails (and is caught) takes its events back too.
      const appended: GreenlightEvent[] = [];
      const deadlines: Date[] = [];
      const result = work((releaseId, actor, type, step) => {
        const { result, events, deadline } = appendOne(tx, now ?? clock(), releaseId, actor, type, step);
        appended.push(...events);
        if (deadline) deadlines.push(deadline);
        return { result, event: events[0] as EventOfType<typeof type>, events };
      }, tx);
      open!.appended.push(...appended);
      open!.deadlines.push(...deadlines);
      return result;
    });
  }

  function tell(call: () => void, event: GreenlightEvent | null) {
    try {
      call();
    } catch (error) {
      onListenerError?.(error, event);
    }
  }

  function appendOne<T extends EventType, R>(tx: Tx, now: Date, releaseId: string, actor: Actor, type: T, step: (ctx: WriteContext) => Work<T, R>) {
    // Every event but a release's first belongs to a release that exists.
    if (type !== "release.created" && !release.get({ id: releaseId })) throw notFound(`release "${releaseId}"`);
    const at = now.toISOString();
    const head = log.headOf(releaseId);
    const seq = head.seq + 1;
    stepping = true;
    let done: Work<T, R>;
    try {
      done = step({ tx, seq, at, now });
    } finally {
      stepping = false;
    }
    const changes = mergeChanges(done.items ?? [], done.facts ? recomputeItems(tx, releaseId, done.facts, now) : []);
    // A parameter's drift starts or ends with the write that changes its deployed or approved value.
    settleDrift(tx, releaseId, changes, at);
    const statusChanged = changes.some(({ row, from }) => row.status !== from);
    if (statusChanged) markStatusChange.run({ seq, release: releaseId });
    const board = projection.delta(releaseId, {
      items: changes.map((c) => c.row),
      statusChanged,
      extras: done.snapshot ? { ...done.board, snapshot: projection.snapshot(releaseId, seq) } : done.board,
    });
    const event = log.append({ release: releaseId, type, at, actor: actor.label, data: done.data, board } as Omit<EventOfType<T>, "seq">, head);
    return { result: done.result, events: [event as GreenlightEvent, ...alarmsAfterGo(releaseId, changes, at)], deadline: done.deadline };
  }

  /**
   * After GO, until the release is released or rolled back, an item leaving
   * green is an alarm: one `gate.alarm` event per item, in the same
   * transaction as the change that caused it.
   */
  function alarmsAfterGo(releaseId: string, changes: ItemChange[], at: string): GreenlightEvent[] {
    const leaving = changes.filter(({ row, from }) => from === "green" && row.status !== "green");
    if (!leaving.length || release.get({ id: releaseId })?.phase !== "go") return [];
    return leaving.map(({ row }) =>
      log.append({
        release: releaseId,
        type: "gate.alarm",
        at,
        actor: SYSTEM.label,
        data: { item: row.id, title: row.title, owner: row.owner, from: "green", to: row.status, reason: row.reason },
        board: projection.delta(releaseId, { items: [], statusChanged: false }),
      }),
    );
  }

  return {
    transaction,
    atomically,

    /** Be told of every commit from now on; returns the way to stop. */
    subscribe(listener: LedgerListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /**
     * Record one change: `work` runs on `tx` inside the transaction and says
     * what happened; the event commits with it or not at all.
     */
    record<T extends EventType, R>(
      releaseId: string,
      actor: Actor,
      type: T,
      work: (ctx: WriteContext) => Work<T, R>,
    ): { result: R; seq: number; event: EventOfType<T> } {
      return transaction((append) => {
        const { result, event } = append(releaseId, actor, type, work);
        return { result, seq: event.seq, event };
      });
    },

    log,
    /** The key's sealer: the access log, written outside any release, seals its head with it too (server/auth/access-log.ts). */
    sealer,
  };
}

export type Ledger = ReturnType<typeof createLedger>;

/** The work's item changes and the recomputed ones, one per item: the latest row, the status it had before the write. */
function mergeChanges(written: ItemChange[], recomputed: ItemChange[]): ItemChange[] {
  if (!recomputed.length) return written;
  const byId = new Map(written.map((c) => [c.row.id, c]));
  for (const change of recomputed) {
    const before = byId.get(change.row.id);
    byId.set(change.row.id, before ? { row: change.row, from: before.from } : change);
  }
  return [...byId.values()];
}
