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

export interface Board {
  release: { id: string; name: string; template: string; start_date: string; launch_date: string };
  seq: number;
  sections: BoardSection[];
  totals: Counts;
  gate: Gate;
}

export type BoardItemChange = Pick<BoardItem, "id" | "section" | "status" | "reason" | "version" | "evidence_at" | "updated_at" | "assignee">;

export interface BoardDelta {
  items: BoardItemChange[];
  /** Counts of the sections the change touched (all of them for a new release). */
  sections: Record<string, Counts>;
  totals: Counts;
  gate: Gate;
}
