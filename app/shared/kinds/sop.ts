import { z } from "zod";
import { defineKind, percent, slug } from "./common";
import { whoIsMissing, type RosterMember } from "./roster";

/**
 * `sop` (SPEC 3, 12.2): computed from the SOP registry and the release's
 * roster. Green when the current (latest approved) revision is reviewed on
 * time and enough of the roster acknowledged that revision; a new approved
 * revision starts acknowledgements afresh, so the item turns red until the
 * agents have read it again.
 */
export interface SopState {
  title: string;
  /** The latest approved revision, or null before any is approved. */
  current: { version: number; approved_at: string } | null;
  /** The last day the periodic review is on time (null before any revision is approved). */
  review_due: string | null;
  /** Roster emails that acknowledged the current revision. */
  acknowledged: readonly string[];
}

export interface SopFacts {
  /** UTC date the facts were read: a review due before it is overdue. */
  today: string;
  people: readonly RosterMember[];
  sops: Readonly<Record<string, SopState>>;
}

export const sopConfig = z
  .object({
    sop: slug,
    ack_target: z.number().gt(0).max(1).default(1),
  })
  .strict();
export type SopConfig = z.infer<typeof sopConfig>;

/** The roster people who have not acknowledged the current revision. */
export function notAcknowledged(state: SopState, people: readonly RosterMember[]): RosterMember[] {
  const acked = new Set(state.acknowledged);
  return people.filter((p) => !acked.has(p.email));
}

export const sop = defineKind<"sop", SopConfig, never, SopFacts>({
  kind: "sop",
  config: sopConfig,
  standard: (c) =>
    `Computed from the SOP registry: green when the current revision of "${c.sop}" is approved, reviewed on time and acknowledged by ${percent(c.ack_target)} of the roster.`,
  computed: {
    evaluate: (config, facts) => {
      const state = facts?.sops[config.sop];
      if (!facts || !state) return { status: "pending", reason: `SOP "${config.sop}" is not in the registry yet` };
      if (!state.current) return { status: "pending", reason: `SOP "${config.sop}" has no approved revision yet` };
      const v = `v${state.current.version}`;
      if (!facts.people.length) return { status: "pending", reason: `no roster yet: nobody to acknowledge ${v}` };
      const missing = notAcknowledged(state, facts.people);
      const acked = facts.people.length - missing.length;
      const r = acked / facts.people.length;
      const share = `${v} acknowledged by ${acked}/${facts.people.length} (${percent(r)})`;
      const overdue = state.review_due !== null && state.review_due < facts.today;
      if (r < config.ack_target) {
        const review = overdue ? `; review overdue since ${state.review_due}` : "";
        return { status: "red", reason: `${share} < target ${percent(config.ack_target)}; not acknowledged: ${whoIsMissing(missing)}${review}` };
      }
      if (overdue) return { status: "amber", reason: `review overdue since ${state.review_due}; ${share}` };
      return { status: "green", reason: `${share}; next review due ${state.review_due}` };
    },
  },
});
