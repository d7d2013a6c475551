import type { GreenlightEvent } from "../events";
import type { Gate } from "../readiness/gate";

/**
 * The Go/No-Go rules, pure: when a vote is stale, and what stands between
 * the release and a GO decision.
 */
export interface CastVote {
  id: number;
  function: string;
  vote: "go" | "no_go";
  /** The seq of the vote's own event. */
  seq: number;
  /** Every item's status when the vote was cast. */
  statuses: Record<string, string>;
}

/**
 * A vote is stale once any item's status changed after it. Any change away
 * from what the voter saw shows up in some later event as an item whose new
 * status differs from the vote's snapshot (the first change after the vote
 * does), so this also catches an item that went red and came back. `later`:
 * the release's events after the earliest vote, in seq order.
 */
export function staleVotes(votes: CastVote[], later: Iterable<Pick<GreenlightEvent, "seq" | "board">>): Set<number> {
  const stale = new Set<number>();
  for (const event of later) {
    if (!event.board.items.length) continue;
    for (const vote of votes) {
      if (stale.has(vote.id) || event.seq <= vote.seq) continue;
      if (event.board.items.some((item) => vote.statuses[item.id] !== item.status)) stale.add(vote.id);
    }
    if (stale.size === votes.length) break;
  }
  return stale;
}

export interface BlockingItem {
  id: string;
  title: string;
  owner: string;
  status: string;
  reason: string;
}

export type GoRefusal =
  | { code: "gate_closed"; message: string; items: BlockingItem[] }
  | { code: "votes_missing"; message: string; functions: { function: string; reason: "no vote" | "voted no-go" }[] }
  | { code: "votes_stale"; message: string; functions: { function: string; cast_at: string }[] };

/** Every reason a GO cannot be recorded now, in the order the API reports them (the first is the 409's code). */
export function goRefusals(input: {
  gate: Gate;
  blocking: BlockingItem[];
  required: string[];
  latest: Map<string, { vote: "go" | "no_go"; fresh: boolean; cast_at: string }>;
}): GoRefusal[] {
  const refusals: GoRefusal[] = [];
  if (!input.gate.open) {
    refusals.push({ code: "gate_closed", message: `the gate is closed: ${input.blocking.length} item${input.blocking.length === 1 ? " is" : "s are"} not green`, items: input.blocking });
  }
  const missing = input.required.flatMap((fn): { function: string; reason: "no vote" | "voted no-go" }[] => {
    const vote = input.latest.get(fn);
    if (!vote) return [{ function: fn, reason: "no vote" }];
    return vote.vote === "no_go" ? [{ function: fn, reason: "voted no-go" }] : [];
  });
  if (missing.length) {
    refusals.push({ code: "votes_missing", message: `no Go vote from ${missing.map((m) => m.function).join(", ")}`, functions: missing });
  }
  const stale = input.required.flatMap((fn) => {
    const vote = input.latest.get(fn);
    return vote && vote.vote === "go" && !vote.fresh ? [{ function: fn, cast_at: vote.cast_at }] : [];
  });
  if (stale.length) {
    refusals.push({ code: "votes_stale", message: `the Go votes of ${stale.map((s) => s.function).join(", ")} were cast before an item changed: confirm them again`, functions: stale });
  }
  return refusals;
}
