import type { BoardActions } from "./actions";
import type { CertificationTally } from "./certification";
import type { Counts, Gate } from "./gate";
import type { Kind, Status } from "./kinds";
import type { OwnerNames } from "./owners";

/**
 * The board: derived state a screen shows. A snapshot is the whole board at
 * one `seq`; a delta rides on every event and carries what changed.
 */
export interface BoardItem {
  id: string;
  section: string;
  title: string;
  kind: Kind;
  owner: string;
  status: Status;
  reason: string;
  version: number;
  evidence_at: string | null;
  updated_at: string;
  /** Email of the person the item is assigned to, if any. */
  assignee: string | null;
  /** Their name (absent in events from before names were shown). */
  assignee_name?: string | null;
  /** A market maker's certification in short (ADR 020): present on `stages` items owned by `mm`. */
  certification?: CertificationTally;
}

export interface BoardSection {
  key: string;
  name: string;
  owner: string;
  counts: Counts;
  items: BoardItem[];
}

/** A task that decides the launch and is behind: critical in the projection, not done, projected to finish after its planned finish. */
export interface LateTask {
  id: string;
  name: string;
  owner: string | null;
  assignee: string | null;
  planned_finish: string;
  projected_finish: string;
}

/** The plan as the board shows it: the projection as of `as_of` (today) against the plan and the launch date. */
export interface BoardSchedule {
  as_of: string;
  launch: string;
  planned_finish: string;
  projected_finish: string;
  /** Working days from the projected finish to launch (negative: it misses). */
  slack_to_launch: number;
  planned_slack_to_launch: number;
  /** The first few, earliest first. */
  late_critical: LateTask[];
  late_critical_count: number;
}

/** A campaign at risk as the board's tile shows it (SPEC 13, ADR 024). */
export interface BoardCampaignRisk {
  id: string;
  name: string;
  kind: string;
  start_date: string;
  /** The start as an offset from launch: "T-2". */
  start_offset: string;
  /** The first reason it is at risk, and how many more. */
  reason: string;
  more_reasons: number;
}

/** The campaigns at risk: the first few, soonest first, and how many in all. */
export interface BoardCampaigns {
  at_risk: BoardCampaignRisk[];
  count: number;
}

/** Where the release stands after Go/No-Go: `go` until it is marked `released` or `rolled_back`. */
export type Phase = "open" | "go" | "released" | "rolled_back";

/** The Go/No-Go meeting as screens show it. Timers run from `started_at` and `current_since`. */
export type MeetingStatus = "scheduled" | "live" | "ended";

/** A Go/No-Go vote, and the decision's word. */
export type Vote = "go" | "no_go";

export interface BoardMeeting {
  id: number;
  status: MeetingStatus;
  scheduled_at: string;
  required_functions: string[];
  /** Section keys, in order. */
  agenda: string[];
  current: number;
  current_since: string | null;
  started_at: string | null;
  item_minutes: number;
  total_minutes: number;
  /** Actor label of the presenter, e.g. `user:pat@example.com`. */
  presenter: string | null;
  /** The presenter's name, when a person (the optional names: absent in events from before names were shown). */
  presenter_name?: string | null;
  /** Actor label of whoever scheduled it, and their name. */
  scheduled_by?: string;
  scheduled_by_name?: string | null;
  /** Notes per section key. */
  notes: Record<string, string>;
}

/** A function's latest vote; stale once any item's status changed after it. */
export interface BoardVote {
  function: string;
  vote: "go" | "no_go";
  comment: string;
  voter: string;
  /** The voter's name, when a person. */
  voter_name?: string | null;
  cast_at: string;
  seq: number;
  fresh: boolean;
}

export interface BoardDecision {
  id: number;
  decision: "go" | "no_go";
  at: string;
  by: string;
  by_name?: string | null;
  hash: string;
}

/** What the Go/No-Go part of the board shows, besides the items. */
export interface BoardGoNoGo {
  meeting: BoardMeeting | null;
  /** The functions that must vote: the meeting's, else every function that owns items. */
  required_functions: string[];
  votes: BoardVote[];
  decision: BoardDecision | null;
}

export interface Board extends BoardGoNoGo {
  release: { id: string; name: string; template: string; start_date: string; launch_date: string };
  phase: Phase;
  seq: number;
  sections: BoardSection[];
  totals: Counts;
  gate: Gate;
  /** Null while the release has no WBS. */
  schedule: BoardSchedule | null;
  /** Open P0/P1 action items linked to the release. */
  actions: BoardActions;
  /**
   * Who answers for each of the release's functions: its active leads' names
   * (ADR 016). Not derived from the log: people change outside it, so it is
   * read once per snapshot and sent again (`board:owners`) when leads change.
   */
  owner_names?: OwnerNames;
  /** Campaigns at risk (absent in events from before campaigns). */
  campaigns?: BoardCampaigns;
}

export type BoardItemChange = Pick<
  BoardItem,
  "id" | "section" | "status" | "reason" | "version" | "evidence_at" | "updated_at" | "assignee" | "assignee_name" | "certification"
>;

/**
 * What one event changed on the board. Applying every event's delta in seq
 * order (`applyDelta`) from the release's first event gives the server's
 * snapshot: the client derives no rule of its own.
 */
export interface BoardDelta {
  items: BoardItemChange[];
  /** Counts of the sections the change touched (all of them for a new release). */
  sections: Record<string, Counts>;
  totals: Counts;
  gate: Gate;
  /** Present on `release.created`: the whole new board. */
  snapshot?: Board;
  /** Present when the change moved the plan (a WBS or task change, or a new day). */
  schedule?: BoardSchedule | null;
  /** Present when the release's phase changed (a GO decision, released, rolled back). */
  phase?: Phase;
  /** Present when the Go/No-Go state changed (meeting, votes, decision). */
  meeting?: BoardMeeting | null;
  required_functions?: string[];
  /** Present when the votes or their freshness changed: a vote, a decision, or any item's status (every earlier vote goes stale). */
  votes?: BoardVote[];
  decision?: BoardDecision | null;
  /** Present when an action item linked to the release changed. */
  actions?: BoardActions;
  /** Present when campaign risk may have changed: a campaign written, the plan or the launch moved, a required item's status changed. */
  campaigns?: BoardCampaigns;
}

/** What a write adds to its event's delta besides the items. */
export type BoardExtras = Pick<
  BoardDelta,
  "snapshot" | "schedule" | "phase" | "meeting" | "required_functions" | "votes" | "decision" | "actions" | "campaigns"
>;

/** The board after one event: the server's delta applied as it says, nothing re-derived. */
export function applyDelta(board: Board, seq: number, delta: BoardDelta): Board {
  if (delta.snapshot) return { ...delta.snapshot, seq };
  const changes = new Map(delta.items.map((change) => [change.id, change]));
  const sections = board.sections.map((section) => {
    const counts = delta.sections[section.key] ?? section.counts;
    if (!section.items.some((item) => changes.has(item.id))) return counts === section.counts ? section : { ...section, counts };
    return { ...section, counts, items: section.items.map((item) => ({ ...item, ...changes.get(item.id) })) };
  });
  return {
    ...board,
    seq,
    sections,
    totals: delta.totals,
    gate: delta.gate,
    schedule: delta.schedule === undefined ? board.schedule : delta.schedule,
    phase: delta.phase ?? board.phase,
    meeting: delta.meeting === undefined ? board.meeting : delta.meeting,
    required_functions: delta.required_functions ?? board.required_functions,
    votes: delta.votes ?? board.votes,
    decision: delta.decision === undefined ? board.decision : delta.decision,
    actions: delta.actions ?? board.actions,
    ...(delta.campaigns ? { campaigns: delta.campaigns } : board.campaigns ? { campaigns: board.campaigns } : {}),
  };
}
