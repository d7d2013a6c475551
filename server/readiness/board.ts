import type { Counts, Gate } from "./gate";
import type { Kind, Status } from "./kinds";

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

export interface Board {
  release: { id: string; name: string; template: string; start_date: string; launch_date: string };
  seq: number;
  sections: BoardSection[];
  totals: Counts;
  gate: Gate;
  /** Null while the release has no WBS. */
  schedule: BoardSchedule | null;
}

export type BoardItemChange = Pick<BoardItem, "id" | "section" | "status" | "reason" | "version" | "evidence_at" | "updated_at" | "assignee">;

export interface BoardDelta {
  items: BoardItemChange[];
  /** Counts of the sections the change touched (all of them for a new release). */
  sections: Record<string, Counts>;
  totals: Counts;
  gate: Gate;
  /** Present when the change moved the plan (a WBS or task change, or a new day). */
  schedule?: BoardSchedule | null;
}
