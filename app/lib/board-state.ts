import type { GreenlightEvent } from "../../server/events";
import type { Board, BoardItem } from "../../server/readiness/board";
import type { Status } from "../../server/readiness/kinds";

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

export function initialBoardState(board: Board | null = null): BoardState {
  return { board, seq: board?.seq ?? 0, connection: "connecting", lastUpdateAt: null, ticker: [], flashes: {}, gateOpenedAt: null };
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

  const changes = new Map(event.board.items.map((change) => [change.id, change]));
  const flashes = { ...state.flashes };
  const sections = board.sections.map((section) => {
    const counts = event.board.sections[section.key] ?? section.counts;
    if (!section.items.some((item) => changes.has(item.id))) return counts === section.counts ? section : { ...section, counts };
    const items = section.items.map((item): BoardItem => {
      const change = changes.get(item.id);
      if (!change) return item;
      if (change.status !== item.status) flashes[item.id] = event.seq;
      return { ...item, ...change };
    });
    return { ...section, counts, items };
  });
  const gateOpened = !board.gate.open && event.board.gate.open;
  const { schedule, phase, meeting, decision } = event.board;
  // A vote goes stale when any item's status changes after it (the server's rule, applied as events arrive).
  const statusChanged = [...changes.values()].some((change) => statusOf(board, change.id) !== change.status);
  const votes = event.board.votes ?? (statusChanged ? board.votes.map((v) => (v.fresh && v.seq < event.seq ? { ...v, fresh: false } : v)) : board.votes);
  const next: Board = {
    ...board,
    seq: event.seq,
    sections,
    totals: event.board.totals,
    gate: event.board.gate,
    schedule: schedule === undefined ? board.schedule : schedule,
    phase: phase ?? board.phase,
    meeting: meeting === undefined ? board.meeting : meeting,
    votes,
    decision: decision === undefined ? board.decision : decision,
  };
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

/** `user:ana@example.com` → `ana@example.com`; `token:grafana` → `grafana (API)`. */
export function actorName(actor: string): string {
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

function titleOf(board: Board, id: unknown): string {
  for (const section of board.sections) {
    const item = section.items.find((i) => i.id === id);
    if (item) return item.title;
  }
  return String(id);
}

type Outcome = { status: Status; reason: string };

function sectionName(board: Board, key: unknown): string {
  return board.sections.find((s) => s.key === key)?.name ?? String(key);
}

function tickerEntry(board: Board, event: GreenlightEvent): TickerEntry | null {
  const base = { seq: event.seq, at: event.at, who: actorName(event.actor) };
  const data = event.data as { item?: string; from?: unknown; to?: unknown; name?: string };
  switch (event.type) {
    case "evidence.reported":
    case "item.status_changed": {
      const from = data.from as Outcome;
      const to = data.to as Outcome;
      const change = from.status === to.status ? `${to.status}, ${to.reason}` : `${from.status} → ${to.status}: ${to.reason}`;
      return { ...base, text: `${titleOf(board, data.item)} — ${change}`, status: to.status };
    }
    case "item.assigned":
      return { ...base, text: `${titleOf(board, data.item)} — ${data.to ? `assigned to ${String(data.to)}` : "unassigned"}`, status: null };
    case "board_link.created":
      return { ...base, text: `screen “${data.name}” added`, status: null };
    case "board_link.revoked":
      return { ...base, text: `screen “${data.name}” removed`, status: null };
    case "release.created":
      return { ...base, text: "release created", status: null };
    case "wbs.replaced":
      return { ...base, text: `plan replaced: ${String((event.data as { tasks?: number }).tasks ?? "?")} tasks`, status: null };
    case "task.updated": {
      const u = event.data as { task?: string; from?: Record<string, unknown>; to?: Record<string, unknown> };
      const fields = Object.keys(u.to ?? {});
      return { ...base, text: `task ${String(u.task)}: ${fields.map((f) => `${f} ${String(u.from?.[f] ?? "—")} → ${String(u.to?.[f] ?? "—")}`).join(", ")}`, status: null };
    }
    case "schedule.refreshed": {
      const r = event.data as { as_of?: string; projected_finish?: string };
      return { ...base, text: `new day ${String(r.as_of)}: plan projected to finish ${String(r.projected_finish)}`, status: null };
    }
    case "gate.alarm":
      return { ...base, text: `GATE CLOSED AFTER GO: ${titleOf(board, data.item)} left green`, status: "red" };
    case "meeting.scheduled":
      return { ...base, text: "Go/No-Go meeting scheduled", status: null };
    case "meeting.started":
      return { ...base, text: "Go/No-Go meeting started", status: null };
    case "meeting.moved":
      return { ...base, text: `agenda: ${sectionName(board, (event.data as { to?: string }).to)}`, status: null };
    case "meeting.presenter":
      return { ...base, text: "took over presenting", status: null };
    case "meeting.note":
      return { ...base, text: `note on ${sectionName(board, (event.data as { section?: string }).section)}`, status: null };
    case "meeting.ended":
      return { ...base, text: "Go/No-Go meeting ended", status: null };
    case "vote.cast": {
      const v = event.data as { function?: string; vote?: string };
      return { ...base, text: `${String(v.function).toUpperCase()} votes ${v.vote === "go" ? "GO" : "NO-GO"}`, status: v.vote === "go" ? "green" : "red" };
    }
    case "decision.recorded": {
      const d = event.data as { decision?: string };
      return { ...base, text: `decision recorded: ${d.decision === "go" ? "GO" : "NO-GO"}`, status: d.decision === "go" ? "green" : "red" };
    }
    case "action.done":
      return { ...base, text: `action done: ${String((event.data as { title?: string }).title)}`, status: null };
    case "release.phase":
      return { ...base, text: `release marked ${String((event.data as { to?: string }).to).replace("_", " ")}`, status: null };
    default: {
      const unknown: never = event.type;
      return { ...base, text: String(unknown), status: null };
    }
  }
}
