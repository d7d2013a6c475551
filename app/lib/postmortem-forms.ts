import { z } from "zod";
import {
  actionFields,
  inTimeOrder,
  postmortemCreateSchema,
  postmortemFields,
  postmortemStatusSchema,
  type PostmortemPatchInput,
  type PostmortemView,
} from "../shared/actions";

/**
 * The post-mortem pages' forms, built on the API's fields (app/shared/actions.ts)
 * and adapting form controls to them: a datetime-local field the browser
 * turns into a UTC instant, checkboxes, and text areas of lines for the causes
 * and the timeline.
 */

/** Causes, one a line; blank lines dropped. */
export const causeLines = z
  .string()
  .optional()
  .transform((text) =>
    (text ?? "")
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  )
  .pipe(postmortemFields.causes);

const TIMELINE_LINE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:\d{2})?$/i;
const timelineAt = postmortemFields.timeline.element.shape.at;

/** `YYYY-MM-DD HH:MM[:SS][Z|±HH:MM] | text`, one event a line; a time without a zone is UTC. */
export const timelineLines = z
  .string()
  .optional()
  .transform((text, ctx) => {
    const entries: { at: string; text: string }[] = [];
    for (const [n, line] of (text ?? "").split(/\r?\n/).entries()) {
      if (!line.trim()) continue;
      const bar = line.indexOf("|");
      const match = bar < 0 ? null : TIMELINE_LINE.exec(line.slice(0, bar).trim());
      const what = line.slice(bar + 1).trim();
      const zone = match?.[4]?.toUpperCase();
      const at = match ? `${match[1]}T${match[2]}${match[3] ?? ":00"}${!zone || zone === "UTC" ? "Z" : zone}` : "";
      if (!match || !what || !timelineAt.safeParse(at).success) {
        ctx.addIssue({ code: "custom", message: `line ${n + 1}: write "2026-11-30 14:05Z | what happened"` });
        continue;
      }
      entries.push({ at, text: what });
    }
    return entries;
  })
  .pipe(postmortemFields.timeline);

/** The text areas' contents for a post-mortem's causes and timeline (what the parsers above read back). */
export const causesText = (causes: string[]) => causes.join("\n");
export const timelineText = (timeline: { at: string; text: string }[]) => timeline.map((e) => `${e.at} | ${e.text}`).join("\n");

/** An empty box is no reference; anything else is a URL or an incident tool's id. */
const incidentRef = z
  .string()
  .optional()
  .transform((ref) => ref?.trim() || null)
  .pipe(postmortemFields.incident_ref);

/** The fields of the create and edit forms: what a post-mortem says. */
const contentFields = {
  title: z.string({ error: "enter a title" }).pipe(postmortemFields.title),
  // datetime-local has no zone: the browser sends the UTC instant it computed.
  incident_at: z.string({ error: "choose when the incident happened" }).pipe(postmortemFields.incident_at),
  severity: postmortemFields.severity,
  // An empty box arrives as no field at all: an empty summary.
  summary: postmortemFields.summary.optional().transform((s) => s ?? ""),
  causes: causeLines,
  timeline: timelineLines,
  releases: postmortemFields.releases.default([]),
  incident_ref: incidentRef,
};

/** The create form; from a decision, a hidden `from_decision` links it and brings the decision's follow-ups. */
export const postmortemCreateFormSchema = z.object({
  ...contentFields,
  owner: z.string({ error: "choose an owner" }).pipe(postmortemFields.owner),
  from_decision: postmortemCreateSchema.shape.from_decision,
});
export type PostmortemCreateForm = z.output<typeof postmortemCreateFormSchema>;

/** The post-mortem page's forms, one discriminated union on `intent`. */
export const postmortemPageSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("edit"), ...contentFields }),
  z.object({ intent: z.literal("status"), ...postmortemStatusSchema.shape }),
  z.object({
    intent: z.literal("add-action"),
    title: z.string({ error: "enter a title" }).pipe(actionFields.title),
    owner: z.string({ error: "choose an owner" }).pipe(actionFields.owner),
    function: z.string({ error: "choose a function" }).pipe(actionFields.function),
    priority: actionFields.priority,
    /** Left out: the priority policy decides (SPEC 11). */
    due: actionFields.due.optional(),
    item: actionFields.item.unwrap().optional(),
  }),
]);
export type PostmortemPageForm = z.output<typeof postmortemPageSchema>;

/** What an edit changes: only the fields that differ, so the log names what changed (an empty patch: nothing did). */
export function editPatch(form: Extract<PostmortemPageForm, { intent: "edit" }>, current: PostmortemView): PostmortemPatchInput {
  const { intent: _intent, ...fields } = form;
  const sorted = (timeline: { at: string; text: string }[]) => [...timeline].sort(inTimeOrder);
  // The same instant written differently is no change.
  const now = { ...current, incident_at: Date.parse(current.incident_at), timeline: sorted(current.timeline) };
  const next = { ...fields, incident_at: Date.parse(fields.incident_at), timeline: sorted(fields.timeline) };
  return Object.fromEntries(
    (Object.keys(next) as (keyof typeof next)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(now[k])).map((k) => [k, fields[k]]),
  ) as PostmortemPatchInput;
}
