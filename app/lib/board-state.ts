import type { TFunction } from "i18next";
import { POSTMORTEM_STATUSES, type PostmortemStatus } from "../shared/actions";
import type { GreenlightEvent } from "../shared/events";
import { applyDelta, type Board } from "../shared/board";
import type { Status } from "../shared/kinds";
import { translateMessage } from "./i18n";
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
  /** The line, in the screen's language (titles and reasons are data and stay as they are). */
  text: (t: TFunction) => string;
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
  const line = (text: TickerEntry["text"], status: Status | null = null): TickerEntry => ({ ...base, text, status });
  const goWord = (value: "go" | "no_go") => (value === "go" ? "GO" : "NO-GO");
  switch (event.type) {
    case "evidence.reported":
    case "item.status_changed": {
      const { from, to } = event.data;
      const item = titleOf(board, event.data.item);
      return line((t) => {
        const word = (status: Status) => t(`common.status.${status}`).toLowerCase();
        return from.status === to.status
          ? t("board.ticker.statusSame", { item, status: word(to.status), reason: translateMessage(to.reason, t) })
          : t("board.ticker.statusChanged", { item, from: word(from.status), to: word(to.status), reason: translateMessage(to.reason, t) });
      }, to.status);
    }
    case "item.assigned": {
      const item = titleOf(board, event.data.item);
      const to = event.data.to;
      return line((t) => (to ? t("board.ticker.assigned", { item, to }) : t("board.ticker.unassigned", { item })));
    }
    case "board_link.created":
      return line((t) => t("board.ticker.screenAdded", { name: event.data.name }));
    case "board_link.revoked":
      return line((t) => t("board.ticker.screenRemoved", { name: event.data.name }));
    case "release.created":
      return line((t) => t("board.ticker.releaseCreated"));
    case "wbs.replaced":
      return line((t) => t("board.ticker.planReplaced", { count: event.data.tasks }));
    case "task.updated": {
      const { task, from, to } = event.data;
      const changes = Object.keys(to)
        .map((f) => `${f} ${String(from[f] ?? "—")} → ${String(to[f] ?? "—")}`)
        .join(", ");
      return line((t) => t("board.ticker.taskUpdated", { task, changes }));
    }
    case "schedule.refreshed":
      return line((t) => t("board.ticker.newDay", { date: event.data.as_of, finish: String(event.data.projected_finish) }));
    case "gate.alarm":
      return line((t) => t("board.ticker.alarm", { item: titleOf(board, event.data.item) }), "red");
    case "meeting.scheduled":
      return line((t) => t("board.ticker.meetingScheduled"));
    case "meeting.started":
      return line((t) => t("board.ticker.meetingStarted"));
    case "meeting.moved":
      return line((t) => t("board.ticker.agenda", { section: sectionName(board, event.data.to) }));
    case "meeting.presenter":
      return line((t) => t("board.ticker.presenter"));
    case "meeting.note":
      return line((t) => t("board.ticker.note", { section: sectionName(board, event.data.section) }));
    case "meeting.ended":
      return line((t) => t("board.ticker.meetingEnded"));
    case "vote.cast": {
      const { vote } = event.data;
      return line((t) => t("board.ticker.vote", { function: event.data.function.toUpperCase(), vote: goWord(vote) }), vote === "go" ? "green" : "red");
    }
    case "decision.recorded": {
      const { decision } = event.data;
      return line((t) => t("board.ticker.decision", { decision: goWord(decision) }), decision === "go" ? "green" : "red");
    }
    case "action.done":
      return line((t) => t("board.ticker.actionDone", { title: event.data.title }));
    case "action.created":
      return line((t) => t("board.ticker.actionOpened", { priority: event.data.priority, title: event.data.title, due: event.data.due }));
    case "action.updated":
      return line((t) => t("board.ticker.actionUpdated", { title: event.data.title, fields: Object.keys(event.data.changes).join(", ") }));
    case "action.closed": {
      const { priority, title, status } = event.data;
      return line(
        (t) => (status === "done" ? t("board.ticker.actionClosedDone", { priority, title }) : t("board.ticker.actionClosedWontDo", { priority, title })),
        status === "done" ? "green" : null,
      );
    }
    case "action.overdue":
      return line((t) => t("board.ticker.actionOverdue", { priority: event.data.priority, title: event.data.title, due: event.data.due }), "red");
    case "postmortem.created":
      return line((t) => t("board.ticker.postmortemOpened", { title: event.data.title }));
    case "postmortem.updated":
      return line((t) => t("board.ticker.postmortemEdited", { title: event.data.title }));
    case "postmortem.status": {
      const { to, title } = event.data;
      return line((t) => t("board.ticker.postmortemStatus", { status: isPostmortemStatus(to) ? t(`common.postmortemStatus.${to}`) : to, title }));
    }
    case "roster.changed":
      return line((t) => t("board.ticker.rosterChanged", { count: event.data.people }));
    case "assessment.recorded":
      return line((t) => t("board.ticker.assessmentRecorded", { assessment: event.data.assessment, count: event.data.attempts, passed: event.data.passed }));
    case "sop.created":
      return line((t) => t("board.ticker.sopCreated", { title: event.data.title }));
    case "sop.revised":
      return line((t) => t("board.ticker.sopRevised", { sop: event.data.sop, version: event.data.version }));
    case "sop.approved":
      return line((t) => t("board.ticker.sopApproved", { sop: event.data.sop, version: event.data.version }));
    case "sop.reviewed":
      return line((t) => t("board.ticker.sopReviewed", { sop: event.data.sop, version: event.data.version }));
    case "sop.acknowledged":
      return line((t) => t("board.ticker.sopAcknowledged", { sop: event.data.sop, version: event.data.version, count: event.data.count }));
    case "drill.recorded": {
      const { item, performed_on: date, result, findings } = event.data;
      const words = { item: titleOf(board, item), date, findings };
      return line((t) => (result === "pass" ? t("board.ticker.drillPassed", words) : t("board.ticker.drillFailed", words)), result === "pass" ? null : "red");
    }
    case "release.phase": {
      const { to } = event.data;
      return line((t) => t("board.ticker.releasePhase", { phase: isKey(PHASE_WORDS, to) ? t(`common.phase.${to}`) : to }));
    }
    case "release.retention": {
      const days = event.data.to;
      return line((t) => (days === null ? t("board.ticker.retentionAll") : t("board.ticker.retentionDays", { days })));
    }
    case "params.proposed":
      return line((t) => t("board.ticker.paramsProposed", { proposal: event.data.proposal, count: Object.keys(event.data.values).length }));
    case "params.approved": {
      const { proposal, approvals, approved } = event.data;
      const count = Object.keys(event.data.values).length;
      return line((t) => (approved ? t("board.ticker.paramsApproved", { proposal, count }) : t("board.ticker.paramsApprovedOnce", { proposal, approvals })));
    }
    case "params.rejected": {
      const { proposal, withdrawn } = event.data;
      return line((t) => (withdrawn ? t("board.ticker.paramsWithdrawn", { proposal }) : t("board.ticker.paramsRejected", { proposal })));
    }
    case "campaign.created":
      return line((t) => t("board.ticker.campaignCreated", { name: event.data.name, date: event.data.start_date }));
    case "campaign.updated":
      return line((t) => t("board.ticker.campaignUpdated", { name: event.data.name }));
    case "campaign.deleted":
      return line((t) => t("board.ticker.campaignDeleted", { name: event.data.name }));
    case "release.rescheduled":
      return line((t) => t("board.ticker.releaseRescheduled", { from: event.data.from, to: event.data.to }));
    case "log.compacted":
      // Housekeeping, not news for the room: it stays in the audit trail, off the TV's ticker.
      return null;
    default: {
      // Exhaustive; an event type from a newer server is shown by its name rather than breaking the board.
      const unknown: never = event;
      return line(() => (unknown as { type: string }).type);
    }
  }
}

const PHASE_WORDS = { open: 1, go: 1, released: 1, rolled_back: 1 } as const;
const isKey = <T extends object>(words: T, value: string): value is Extract<keyof T, string> => Object.hasOwn(words, value);
const isPostmortemStatus = (value: string): value is PostmortemStatus => (POSTMORTEM_STATUSES as readonly string[]).includes(value);
