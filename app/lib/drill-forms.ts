import { z } from "zod";
import { PRIORITIES } from "../shared/actions";
import { drillRecordSchema, type DrillRecordInput } from "../shared/drills";

/**
 * The drills page's form (`/releases/:r/drills`, intent `record`), built on
 * the API's schema (app/shared/drills.ts): participants one a line, findings
 * as rows where an empty row is skipped and a half-filled one is refused on
 * its own fields. `toDrillInput` gives the API's input and, for each finding,
 * the row it came from (so a refusal of `findings[1]` lands on its row).
 */
const fields = drillRecordSchema.shape;

const findingRow = z.object({
  title: z.string().trim().max(200).optional(),
  priority: z.enum(PRIORITIES, { error: "choose P0, P1, P2 or P3" }).default("P2"),
  owner: z.string().trim().max(320).optional(),
  due: fields.performed_on.optional(),
});

export const drillFormSchema = z.object({
  intent: z.literal("record"),
  item: fields.item,
  kind: fields.kind,
  performed_on: fields.performed_on,
  result: fields.result,
  detect_s: fields.detect_s,
  mitigate_s: fields.mitigate_s,
  participants: z
    .string({ error: "name at least one participant" })
    .transform((text) =>
      text
        .split(/[\n,;]/)
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(fields.participants),
  findings: z
    .array(findingRow)
    .default([])
    .superRefine((rows, ctx) => {
      rows.forEach((row, i) => {
        if (!row.title && !row.owner) return;
        if (!row.title) ctx.addIssue({ code: "custom", path: [i, "title"], message: "say what the drill found" });
        if (!row.owner) ctx.addIssue({ code: "custom", path: [i, "owner"], message: "name who owns it (an email)" });
      });
    }),
  note: fields.note,
  link: fields.link,
});
export type DrillForm = z.output<typeof drillFormSchema>;

/** The API's input from the form, and the row each finding came from; a row the API's schema refuses is reported on that row. */
export function toDrillInput(form: DrillForm): { input: DrillRecordInput; rows: number[] } | { problems: { path: string; message: string }[] } {
  const rows: number[] = [];
  const findings = form.findings.flatMap((row, i) => {
    if (!row.title && !row.owner) return [];
    rows.push(i);
    return [{ title: row.title, priority: row.priority, owner: row.owner, ...(row.due ? { due: row.due } : {}) }];
  });
  const { intent: _intent, ...rest } = form;
  const parsed = drillRecordSchema.safeParse({ ...rest, findings });
  if (parsed.success) return { input: parsed.data, rows };
  return {
    problems: parsed.error.issues.map((issue) => {
      const [head, index, ...tail] = issue.path;
      const path = head === "findings" && typeof index === "number" ? ["findings", rows[index] ?? index, ...tail] : issue.path;
      return { path: formPath(path), message: issue.message };
    }),
  };
}

/** `findings[1].owner`: a path as conform names the field. */
export function formPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, part) => (typeof part === "number" ? `${name}[${part}]` : name ? `${name}.${String(part)}` : String(part)), "");
}
