import type { GreenlightEvent } from "../shared/events";
import { applyDelta, type Board } from "../shared/board";
import type { Status } from "../shared/kinds";
import type { OwnerNames } from "../shared/owners";

/**
 * The live board's state, as a pure reducer: a snapshot replaces everything;
 * events apply strictly in `seq` order. An event at or below the applied seq
 * is a duplicate or late and is ignored (a late event never overwrites newer
 * state); one beyond the next seq means a gap, and the caller rejoins with
 * `since` (SPEC 5).
 */
export type Connection = "connecting" | "live" | "catching-up" | "disconnected";

export interface TickerEntry {
  seq: number;
  at: string;
  who: string;
  text: string;
  status: Status | null;
}

export interface BoardState {
  board: Board | null;
  /** The last seq applied. */
  seq: number;
  connection: Connection;
  /** Server time of the last applied change. */
  lastUpdateAt: string | null;
  /** Newest first. */
  ticker: TickerEntry[];
  /** Items whose status changed, with the seq of the change (for a one-time flash). */
  flashes: Record<string, number>;
  /** Seq at which the gate last went from closed to open (the moment the room notices). */
  gateOpenedAt: number | null;
}

export type ApplyOutcome = "applied" | "duplicate" | "gap";

export const TICKER_LENGTH = 12;

/**
 * A board's state before its connection is live: empty, or a page's snapshot
 * with the events that led to it (`recent`, newest first) so the ticker shows
 * them from the first paint. A page that loads a snapshot joins with its seq
 * and gets only the events after it: without `recent` its ticker stayed empty
 * on a release with a history until the next change.
 */
export function initialBoardState(board: Board | null = null, recent: GreenlightEvent[] = []): BoardState {
  const empty: BoardState = { board: null, seq: 0, connection: "connecting", lastUpdateAt: null, ticker: [], flashes: {}, gateOpenedAt: null };
  return board ? applySnapshot(empty, board, recent) : empty;
}

export function applySnapshot(state: BoardState, board: Board, recent: GreenlightEvent[] = []): BoardState {
  const ticker = recent
    .slice()
    .sort((a, b) => b.seq - a.seq)
    .map((event) => tickerEntry(board, event))
    .filter((entry): entry is TickerEntry => entry !== null)
    .slice(0, TICKER_LENGTH);
  return {
    ...state,
    board,
    seq: board.seq,
    ticker: ticker.length ? ticker : state.ticker,
    lastUpdateAt: recent.length ? recent.reduce((a, b) => (a.seq > b.seq ? a : b)).at : state.lastUpdateAt,
  };
}

export function applyEvent(state: BoardState, event: GreenlightEvent): { state: BoardState; outcome: ApplyOutcome } {
  const { board } = state;
  if (!board || event.release !== board.release.id) return { state, outcome: board ? "duplicate" : "gap" };
  if (event.seq <= state.seq) return { state, outcome: "duplicate" };
  if (event.seq > state.seq + 1) return { state, outcome: "gap" };

  // The server's delta says what changed, vote freshness included: apply it as it says.
  const next = applyDelta(board, event.seq, event.board);
  const flashes = { ...state.flashes };
  for (const change of event.board.items) if (change.status !== statusOf(board, change.id)) flashes[change.id] = event.seq;
  const gateOpened = !board.gate.open && next.gate.open;
  const entry = tickerEntry(next, event);
  return {
    outcome: "applied",
    state: {
      ...state,
      board: next,
      seq: event.seq,
      lastUpdateAt: event.at,
      ticker: entry ? [entry, ...state.ticker].slice(0, TICKER_LENGTH) : state.ticker,
      flashes,
      gateOpenedAt: gateOpened ? event.seq : state.gateOpenedAt,
    },
  };
}

/** Who answers for each function, as the server said last: it changes outside the log (ADR 016), so it replaces the board's without a seq. */
export function applyOwnerNames(state: BoardState, owner_names: OwnerNames): BoardState {
  return state.board ? { ...state, board: { ...state.board, owner_names } } : state;
}

/** Apply a batch (a catch-up reply) in order; stops at the first gap. */
export function applyEvents(state: BoardState, events: GreenlightEvent[]): { state: BoardState; outcome: ApplyOutcome } {
  let current = state;
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const result = applyEvent(current, event);
    if (result.outcome === "gap") return { state: current, outcome: "gap" };
    current = result.state;
  }
  return { state: current, outcome: "applied" };
}

/** `user:ana@example.com` → their `name` when the server gave it, else `ana@example.com`; `token:grafana` → `grafana (API)`. */
export function actorName(actor: string, personName?: string | null): string {
  if (personName) return personName;
  const [kind, ...rest] = actor.split(":");
  const name = rest.join(":");
  if (kind === "user") return name;
  if (kind === "token") return `${name} (API)`;
  if (kind === "board") return `${name} (screen)`;
  return actor;
}

function statusOf(board: Board, id: string): Status | undefined {
  for (const section of board.sections) {
    const item = section.items.find((i) => i.id === id);
    if (item) return item.status;
  }
  return undefined;
}

function titleOf(board: Board, id: string): string {
  for (const section of board.sections) {
    const item = section.items.find((i) => i.id === id);
    if (item) return item.title;
  }
  return String(id);
}

function sectionName(board: Board, key: string | undefined): string {
  return board.sections.find((s) => s.key === key)?.name ?? String(key);
}

function tickerEntry(board: Board, event: GreenlightEvent): TickerEntry | null {
  const base = { seq: event.seq, at: event.at, who: actorName(event.actor) };
  switch (event.type) {
    case "evidence.reported":
    case "item.status_changed": {
      const { from, to } = event.data;
      const change = from.status === to.status ? `${to.status}, ${to.reason}` : `${from.status} → ${to.status}: ${to.reason}`;
      return { ...base, text: `${titleOf(board, event.data.item)} — ${change}`, status: to.status };
    }
    case "item.assigned":
      return { ...base, text: `${titleOf(board, event.data.item)} — ${event.data.to ? `assigned to ${event.data.to}` : "unassigned"}`, status: null };
    case "board_link.created":
      return { ...base, text: `screen “${event.data.name}” added`, status: null };
    case "board_link.revoked":
      return { ...base, text: `screen “${event.data.name}” removed`, status: null };
    case "release.created":
      return { ...base, text: "release created", status: null };
    case "wbs.replaced":
      return { ...base, text: `plan replaced: ${event.data.tasks} tasks`, status: null };
    case "task.updated": {
      const { task, from, to } = event.data;
      return {
        ...base,
        text: `task ${task}: ${Object.keys(to)
          .map((f) => `${f} ${String(from[f] ?? "—")} → ${String(to[f] ?? "—")}`)
          .join(", ")}`,
        status: null,
      };
    }
    case "schedule.refreshed":
      return { ...base, text: `new day ${event.data.as_of}: plan projected to finish ${String(event.data.projected_finish)}`, status: null };
    case "gate.alarm":
      return { ...base, text: `GATE CLOSED AFTER GO: ${titleOf(board, event.data.item)} left green`, status: "red" };
    case "meeting.scheduled":
      return { ...base, text: "Go/No-Go meeting scheduled", status: null };
    case "meeting.started":
      return { ...base, text: "Go/No-Go meeting started", status: null };
    case "meeting.moved":
      return { ...base, text: `agenda: ${sectionName(board, event.data.to)}`, status: null };
    case "meeting.presenter":
      return { ...base, text: "took over presenting", status: null };
    case "meeting.note":
      return { ...base, text: `note on ${sectionName(board, event.data.section)}`, status: null };
    case "meeting.ended":
      return { ...base, text: "Go/No-Go meeting ended", status: null };
    case "vote.cast": {
      const { vote } = event.data;
      return { ...base, text: `${event.data.function.toUpperCase()} votes ${vote === "go" ? "GO" : "NO-GO"}`, status: vote === "go" ? "green" : "red" };
    }
    case "decision.recorded": {
      const { decision } = event.data;
      return { ...base, text: `decision recorded: ${decision === "go" ? "GO" : "NO-GO"}`, status: decision === "go" ? "green" : "red" };
    }
    case "action.done":
      return { ...base, text: `action done: ${event.data.title}`, status: null };
    case "action.created":
      return { ...base, text: `${event.data.priority} action opened: ${event.data.title} (due ${event.data.due})`, status: null };
    case "action.updated":
      return { ...base, text: `action updated: ${event.data.title} (${Object.keys(event.data.changes).join(", ")})`, status: null };
    case "action.closed":
      return {
        ...base,
        text: `${event.data.priority} action ${event.data.status === "done" ? "done" : "won't do"}: ${event.data.title}`,
        status: event.data.status === "done" ? "green" : null,
      };
    case "action.overdue":
      return { ...base, text: `${event.data.priority} action OVERDUE: ${event.data.title} (due ${event.data.due})`, status: "red" };
    case "postmortem.created":
      return { ...base, text: `post-mortem opened: ${event.data.title}`, status: null };
    case "postmortem.updated":
      return { ...base, text: `post-mortem edited: ${event.data.title}`, status: null };
    case "postmortem.status":
      return { ...base, text: `post-mortem ${event.data.to.replace("_", " ")}: ${event.data.title}`, status: null };
    case "release.phase":
      return { ...base, text: `release marked ${event.data.to.replace("_", " ")}`, status: null };
    case "release.retention":
      return {
        ...base,
        text: event.data.to === null ? "retention: every reading kept" : `retention: repeated readings kept ${event.data.to} days`,
        status: null,
      };
    case "log.compacted":
      // Housekeeping, not news for the room: it stays in the audit trail, off the TV's ticker.
      return null;
    default: {
      // Exhaustive; an event type from a newer server is shown by its name rather than breaking the board.
      const unknown: never = event;
      return { ...base, text: (unknown as { type: string }).type, status: null };
    }
  }
}
