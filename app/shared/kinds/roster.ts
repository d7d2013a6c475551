import { z } from "zod";
import { addDays } from "../time";
import { defineKind, percent, slug } from "./common";

/**
 * `roster` (SPEC 3, 12.1): computed from the release's training roster and
 * the assessment results the LMS reported. A person counts when a passing
 * attempt is still valid on the launch date, not just today: a certificate
 * that lapses the day before launch leaves the agent untrained on the day
 * that matters.
 */
export interface RosterMember {
  email: string;
  name: string;
  team: string;
}

export interface RosterFacts {
  launch: string;
  people: readonly RosterMember[];
  /** Per assessment, per email: the instant of their latest passing attempt (the one whose certificate lasts longest). */
  passes: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const rosterConfig = z
  .object({
    assessment: slug,
    target: z.number().gt(0).max(1).default(1),
    valid_days: z.number().int().positive().max(3650).optional(),
  })
  .strict();
export type RosterConfig = z.infer<typeof rosterConfig>;

/** The last day a pass made at `at` is valid (null: it does not expire). */
export function passValidUntil(at: string, validDays: number | undefined): string | null {
  return validDays === undefined ? null : addDays(at.slice(0, 10), validDays);
}

/** The roster as this item sees it: who counts on launch day, and who does not and why. */
export function rosterStanding(config: RosterConfig, facts: RosterFacts) {
  const passes = facts.passes[config.assessment] ?? {};
  const counted: RosterMember[] = [];
  const missing: (RosterMember & { expired: string | null })[] = [];
  for (const person of facts.people) {
    const at = passes[person.email];
    const until = at ? passValidUntil(at, config.valid_days) : null;
    if (at && (until === null || until >= facts.launch)) counted.push(person);
    else missing.push({ ...person, expired: at ? until : null });
  }
  return { counted, missing };
}

/**
 * "Li Na (shift-a), Chen Jie (shift-b) +4": whom to chase, the first five
 * and a count. No words of its own, so the reason reads the same in every
 * language the page is shown in.
 */
export function whoIsMissing(people: readonly RosterMember[], limit = 5): string {
  const named = people.slice(0, limit).map((p) => `${p.name} (${p.team})`);
  const more = people.length - named.length;
  return more > 0 ? `${named.join(", ")} +${more}` : named.join(", ");
}

export const roster = defineKind<"roster", RosterConfig, never, RosterFacts>({
  kind: "roster",
  config: rosterConfig,
  standard: (c) =>
    `Computed from the roster and "${c.assessment}" results: green when ${percent(c.target)} of the roster hold a pass valid on the launch date${
      c.valid_days ? ` (a pass is valid ${c.valid_days} days)` : ""
    }.`,
  computed: {
    evaluate: (config, facts) => {
      if (!facts || !facts.people.length) return { status: "pending", reason: "no roster yet: add the people who must pass" };
      const { counted, missing } = rosterStanding(config, facts);
      const r = counted.length / facts.people.length;
      const share = `${counted.length}/${facts.people.length} passed, valid on launch ${facts.launch} (${percent(r)})`;
      if (r >= config.target) return { status: "green", reason: `${share} ≥ target ${percent(config.target)}` };
      const expiring = missing.filter((p) => p.expired).length;
      const lapsing = expiring ? `; ${expiring} of them hold a pass that expires before launch` : "";
      return { status: "red", reason: `${share} < target ${percent(config.target)}; not passed: ${whoIsMissing(missing)}${lapsing}` };
    },
  },
});
