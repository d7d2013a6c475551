import { z } from "zod";
import { decisionSchema, meetingSchema, noteSchema, phaseSchema, voteSchema } from "../shared/gonogo";
import { instantSchema, isoDateSchema, PRIORITIES, slug, type Priority } from "../shared/kinds";

/**
 * The meeting page's forms, one discriminated union on `intent`, built on
 * the API's schemas' fields (app/shared/gonogo.ts) and adapting form controls (a
 * datetime-local field, checkboxes, a lines-of-actions text box) to them.
 */
const id = z.number().int().positive();

/** `title | owner | YYYY-MM-DD [| P0–P3]`, one action a line. */
export const actionLines = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const actions: { title: string; owner: string; due: string; priority?: Priority }[] = [];
    for (const [n, line] of (text ?? "").split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const [title, owner, due, priority, ...rest] = line.split("|").map((p) => p.trim());
      const level = priority?.toUpperCase();
      if (!title || !owner || !due || !isoDateSchema.safeParse(due).success || rest.length || (level && !PRIORITIES.includes(level as Priority))) {
        ctx.addIssue({ code: "custom", message: `line ${n + 1}: write "title | owner (function or email) | YYYY-MM-DD | P0–P3 (optional, P2 if left out)"` });
        continue;
      }
      actions.push({ title, owner, due, ...(level ? { priority: level as Priority } : {}) });
    }
    return actions;
  });

export const meetingFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("schedule"),
    // datetime-local has no zone: the browser sends the UTC instant it computed in `scheduled_at_utc`.
    scheduled_at_utc: instantSchema("choose when the meeting starts"),
    required_functions: z
      .array(slug, { error: "choose the functions that must vote" })
      .min(1, "choose the functions that must vote")
      .pipe(meetingSchema.shape.required_functions.unwrap()),
    item_minutes: z.number().int().min(1).max(600),
    total_minutes: z.number().int().min(1).max(600),
  }),
  z.object({ intent: z.literal("start"), meeting: id }),
  z.object({ intent: z.literal("move"), meeting: id, index: z.number().int().min(0) }),
  z.object({ intent: z.literal("take-over"), meeting: id }),
  z.object({ ...noteSchema.shape, intent: z.literal("note"), meeting: id, text: noteSchema.shape.text.optional() }),
  z.object({ intent: z.literal("end"), meeting: id }),
  z.object({ ...voteSchema.shape, intent: z.literal("vote"), vote: z.enum(["go", "no_go"], { error: "choose Go or No-Go" }) }),
  z.object({
    ...decisionSchema.shape,
    intent: z.literal("decide"),
    decision: z.enum(["go", "no_go"], { error: "choose GO or NO-GO" }),
    // An empty text area is no field at all: say what is missing rather than "expected string".
    summary: z.string({ error: "say what was decided and why" }).pipe(decisionSchema.shape.summary),
    // The lines read, then the API's own rules (owner lowercased, lengths, at most 100).
    actions: actionLines.pipe(decisionSchema.shape.actions.unwrap()),
  }),
  z.object({ intent: z.literal("action-done"), id }),
  z.object({ ...phaseSchema.shape, intent: z.literal("phase") }),
]);
