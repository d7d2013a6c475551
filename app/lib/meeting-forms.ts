import { z } from "zod";
import { isoDateSchema, slug } from "../shared/kinds";

/**
 * The meeting page's forms, one discriminated union on `intent`. They adapt
 * form controls (a datetime-local field, checkboxes, a lines-of-actions text
 * box) to the API's shapes; the service validates the result again.
 */
const id = z.number().int().positive();

/** `title | owner | YYYY-MM-DD`, one action a line. */
export const actionLines = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const actions: { title: string; owner: string; due: string }[] = [];
    for (const [n, line] of (text ?? "").split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const [title, owner, due] = line.split("|").map((p) => p.trim());
      if (!title || !owner || !due || !isoDateSchema.safeParse(due).success) {
        ctx.addIssue({ code: "custom", message: `line ${n + 1}: write "title | owner (function or email) | YYYY-MM-DD"` });
        continue;
      }
      actions.push({ title, owner, due });
    }
    return actions;
  });

export const meetingFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("schedule"),
    // datetime-local has no zone: the browser sends the UTC instant it computed in `scheduled_at_utc`.
    scheduled_at_utc: z.iso.datetime({ offset: true, error: "choose when the meeting starts" }),
    required_functions: z.array(slug, { error: "choose the functions that must vote" }).min(1, "choose the functions that must vote"),
    item_minutes: z.number().int().min(1).max(600),
    total_minutes: z.number().int().min(1).max(600),
  }),
  z.object({ intent: z.literal("start"), meeting: id }),
  z.object({ intent: z.literal("move"), meeting: id, index: z.number().int().min(0) }),
  z.object({ intent: z.literal("take-over"), meeting: id }),
  z.object({ intent: z.literal("note"), meeting: id, section: slug, text: z.string().max(5000).optional() }),
  z.object({ intent: z.literal("end"), meeting: id }),
  z.object({
    intent: z.literal("vote"),
    function: slug,
    vote: z.enum(["go", "no_go"], { error: "choose Go or No-Go" }),
    comment: z.string().max(2000).optional(),
    seen_seq: z.number().int().min(0).optional(),
  }),
  z.object({
    intent: z.literal("decide"),
    decision: z.enum(["go", "no_go"], { error: "choose GO or NO-GO" }),
    summary: z.string({ error: "say what was decided and why" }).trim().min(1).max(5000),
    actions: actionLines,
  }),
  z.object({ intent: z.literal("action-done"), id }),
  z.object({ intent: z.literal("phase"), phase: z.enum(["released", "rolled_back"]) }),
]);
