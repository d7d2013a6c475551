import { blockersByOwner, type Gate } from "../../app/shared/gate";
import { ownerInWords, type OwnerNames } from "../../app/shared/owners";

/**
 * The Go/No-Go rule, pure: what stands between the release and a GO
 * decision. (A vote is stale when any item's status changed after it: the
 * release keeps the seq of its last status change, ADR 006.)
 */
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
  /** The leads of each function, to name who answers for each group of blockers. */
  owners?: OwnerNames;
}): GoRefusal[] {
  const refusals: GoRefusal[] = [];
  if (!input.gate.open) {
    // Every one of them, by the function that owns it and its leads: the room reads who has what left to do.
    const named = blockersByOwner(input.blocking)
      .map((group) => `${ownerInWords(group.owner, input.owners)}: ${group.items.map((i) => `${i.title} (${i.status})`).join(", ")}`)
      .join("; ");
    refusals.push({
      code: "gate_closed",
      message: `the gate is closed: ${input.blocking.length} item${input.blocking.length === 1 ? " is" : "s are"} not green — ${named}`,
      items: blockersByOwner(input.blocking).flatMap((group) => group.items),
    });
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
    refusals.push({
      code: "votes_stale",
      message: `the Go votes of ${stale.map((s) => s.function).join(", ")} were cast before an item changed: confirm them again`,
      functions: stale,
    });
  }
  return refusals;
}
