import { z } from "zod";
import { actionFields } from "./actions";
import { isoDateSchema } from "./kinds";

/**
 * The drills log as data (SPEC 12.5): what the API and the drills page
 * accept. Pure, so the page's form and the API share the schemas.
 */

/**
 * What was drilled. The four SPEC 12.5 names, and `rollback` because the
 * shipped template drills a release rollback too (ADR 021). A new kind is a
 * new word here and in the locales, not free text: the log is read across
 * releases, and "CB test", "breaker" and "circuit-breaker" would be three.
 */
export const DRILL_KINDS = ["circuit-breaker", "emergency-order-cancellation", "emergency-suspension", "failover", "rollback"] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

/** The kind a drill item most likely drills, from its key (`drills.emergency-cancel` → emergency order cancellation): the form's first choice. */
export function suggestedKind(item: string): DrillKind | null {
  const words: [string, DrillKind][] = [
    ["circuit", "circuit-breaker"],
    ["cancel", "emergency-order-cancellation"],
    ["suspen", "emergency-suspension"],
    ["failover", "failover"],
    ["rollback", "rollback"],
  ];
  return words.find(([word]) => item.includes(word))?.[1] ?? null;
}

export const MAX_PARTICIPANTS = 100;
export const MAX_FINDINGS = 50;

const seconds = z.number({ error: "expected a number of seconds" }).finite().nonnegative("must not be negative").max(604_800, "at most a week (604800 s)");

/** One finding: it becomes an action item linked to the release and the drill item (SPEC 11). */
export const drillFindingSchema = z.strictObject({
  title: actionFields.title,
  priority: actionFields.priority,
  /** An existing user's email. */
  owner: actionFields.owner,
  /** Default: the drill item's function if the owner is in it, else the owner's first function the release has, else the item's. */
  function: actionFields.function.optional(),
  /** Default: the priority policy (SPEC 11). */
  due: actionFields.due.optional(),
});
export type DrillFinding = z.infer<typeof drillFindingSchema>;

export const drillRecordSchema = z
  .strictObject({
    item: z.string({ error: "name the drill item" }).trim().min(1, "name the drill item").max(200),
    kind: z.enum(DRILL_KINDS, { error: `expected one of ${DRILL_KINDS.join(", ")}` }),
    performed_on: isoDateSchema,
    result: z.enum(["pass", "fail"], { error: "expected pass or fail" }),
    detect_s: seconds.optional(),
    mitigate_s: seconds.optional(),
    participants: z
      .array(z.string().trim().min(1, "a participant needs a name or email").max(200))
      .min(1, "name at least one participant")
      .max(MAX_PARTICIPANTS, `at most ${MAX_PARTICIPANTS} participants`),
    findings: z.array(drillFindingSchema).max(MAX_FINDINGS, `at most ${MAX_FINDINGS} findings`).default([]),
    note: z.string().trim().max(2000).optional(),
    link: z
      .url({ protocol: /^https?$/, message: "expected an http(s) URL" })
      .max(2000)
      .optional(),
  })
  .superRefine((drill, ctx) => {
    const seen = new Set<string>();
    drill.participants.forEach((name, i) => {
      const key = name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["participants", i], message: `"${name}" is named twice` });
      seen.add(key);
    });
  });
export type DrillRecordInput = z.infer<typeof drillRecordSchema>;

export const DRILLS_PAGE_MAX = 1000;

/** The log in pages of `limit`, oldest first after the drill id `after` (SPEC 7), or newest first before `before`; `item` filters. */
export const drillListQuery = z
  .strictObject({
    item: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(DRILLS_PAGE_MAX).default(100),
    after: z.coerce.number().int().nonnegative().optional(),
    before: z.coerce.number().int().positive().optional(),
  })
  .refine((q) => q.after === undefined || q.before === undefined, { path: ["before"], message: "page with after or before, not both" });
export type DrillListQuery = z.infer<typeof drillListQuery>;

/** One drill as the API and the page show it. */
export interface DrillView {
  id: number;
  item: string;
  kind: DrillKind;
  performed_on: string;
  result: "pass" | "fail";
  detect_s: number | null;
  mitigate_s: number | null;
  participants: string[];
  findings: DrillFindingView[];
  note: string | null;
  link: string | null;
  seq: number;
  recorded_at: string;
  recorded_by: string;
}

/** A finding as its action item stands now. */
export interface DrillFindingView {
  action: number;
  title: string;
  priority: string;
  owner: string | null;
  function: string;
  due: string;
  status: string;
}
