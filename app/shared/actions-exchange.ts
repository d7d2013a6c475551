import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { PRIORITIES, type ActionStatus, type ActionView, type Priority } from "./actions";
import { isoDateSchema, slug } from "./kinds";
import { CsvError, unescapeRecord, type CsvProblem } from "./schedule/csv";

/**
 * Action items in and out (SPEC 11): the list as CSV (cells a spreadsheet
 * would run as a formula are escaped), and follow-ups from a CSV or from
 * incident.io's follow-ups JSON. Parsing is all or nothing for the shape of
 * the file; an owner Greenlight does not know is the service's to report.
 */
export const EXPORT_COLUMNS = [
  "id",
  "title",
  "owner",
  "function",
  "priority",
  "due",
  "status",
  "overdue",
  "releases",
  "postmortem",
  "item",
  "evidence_link",
  "reason",
  "closed_by",
  "closed_at",
  "created_at",
  "description",
  // Added at the end, so files and scripts that read the columns above by position still do.
  "owner_name",
] as const;

/** `bom`: start with a UTF-8 byte-order mark, so Excel opens a downloaded file with Chinese intact (the API leaves it off). */
export function actionsToCsv(actions: readonly ActionView[], { bom = false }: { bom?: boolean } = {}): string {
  const cell = (v: string | number | boolean | null) => (v === null ? "" : String(v));
  return stringify(
    actions.map((a) =>
      [
        a.id,
        a.title,
        a.owner,
        a.function,
        a.priority,
        a.due,
        a.status,
        a.overdue ? "yes" : "no",
        a.releases.join(";"),
        a.postmortem,
        a.item,
        a.evidence_link,
        a.reason,
        a.closed_by,
        a.closed_at,
        a.created_at,
        a.description,
        a.owner_name,
      ].map(cell),
    ),
    // A cell starting with = + - @ (or a tab) is run by spreadsheets as a formula: csv-stringify prefixes it with ' (OWASP CSV injection).
    { header: true, columns: [...EXPORT_COLUMNS], escape_formulas: true, bom },
  );
}

/** One follow-up to import, from whichever source, with where it was in the file. */
export interface FollowUpImport {
  /** The CSV line or the JSON array index (from 0), to name it in the answer. */
  at: { line: number } | { index: number };
  title: string;
  description: string;
  owner: string | null;
  function: string | null;
  priority: Priority;
  due: string | null;
  status: ActionStatus;
  reason: string | null;
  evidence_link: string | null;
  /** Its id where it came from, so a second import does not duplicate it. */
  source: string | null;
}

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const IMPORT_COLUMNS = ["title", "owner", "priority", "due", "description", "function", "status", "reason", "evidence_link", "id"];

const csvRow = z.object({
  title: z.string().trim().min(1, "title is required").max(300),
  owner: z.preprocess(blank, z.string().trim().toLowerCase().max(200).optional()),
  priority: z.preprocess((v) => (blank(v) as string | undefined)?.toUpperCase() ?? "P2", z.enum(PRIORITIES, { error: "priority is P0, P1, P2 or P3" })),
  due: z.preprocess(blank, isoDateSchema.optional()),
  description: z.preprocess((v) => blank(v) ?? "", z.string().max(10_000)),
  function: z.preprocess(blank, slug.optional()),
  status: z.preprocess(
    (v) => blank(v) ?? "open",
    z.enum(["open", "in_progress", "done", "wont_do"], { error: "status is open, in_progress, done or wont_do" }),
  ),
  reason: z.preprocess(blank, z.string().max(2000).optional()),
  evidence_link: z.preprocess(
    blank,
    z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .optional(),
  ),
  id: z.preprocess(blank, z.string().max(200).optional()),
});

/** Follow-ups from a CSV with a header; `title` is required, the rest optional (`owner` an email, `priority` P0–P3, `due` a date). */
export function parseFollowUpsCsv(text: string): FollowUpImport[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, {
      columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      info: true,
    }) as typeof records;
  } catch (error) {
    throw new CsvError([{ line: (error as { lines?: number }).lines ?? 1, message: (error as Error).message }]);
  }
  const header = Object.keys(records[0]?.record ?? {});
  if (records.length && !header.includes("title"))
    throw new CsvError([{ line: 1, message: `the header needs a title column (known: ${IMPORT_COLUMNS.join(", ")})` }]);
  const problems: CsvProblem[] = [];
  const out: FollowUpImport[] = [];
  for (const { record, info } of records) {
    const parsed = csvRow.safeParse(unescapeRecord(record));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line: info.lines, message: `${issue.path.join(".") || "row"}: ${issue.message}` });
      continue;
    }
    const r = parsed.data;
    out.push({
      at: { line: info.lines },
      title: r.title,
      description: r.description,
      owner: r.owner ?? null,
      function: r.function ?? null,
      priority: r.priority,
      due: r.due ?? null,
      status: r.status,
      reason: r.reason ?? null,
      evidence_link: r.evidence_link ?? null,
      source: r.id ? `csv:${r.id}` : null,
    });
  }
  if (!records.length) problems.push({ line: 1, message: "no follow-ups in the file" });
  if (problems.length) throw new CsvError(problems);
  return out;
}

/** incident.io's follow-ups (API v2 `GET /v2/follow-ups`), as it sends them: unknown fields are ignored. */
const incidentIoFollowUp = z.looseObject({
  id: z.string().min(1).max(200),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(10_000).nullish(),
  status: z.enum(["outstanding", "completed", "not_doing", "deleted"]),
  priority: z.looseObject({ name: z.string().max(100) }).nullish(),
  assignee: z.looseObject({ email: z.string().max(200).nullish(), name: z.string().nullish() }).nullish(),
  completed_at: z.string().nullish(),
  external_issue_reference: z.looseObject({ issue_permalink: z.string().nullish() }).nullish(),
});
export const incidentIoFollowUps = z.looseObject({ follow_ups: z.array(incidentIoFollowUp).min(1).max(5000) });

/** incident.io's priority names (their defaults are "Urgent", "High", "Medium", "Low"; P0–P3 also read as themselves). */
function priorityFrom(name: string | null | undefined): Priority {
  const n = (name ?? "").trim().toLowerCase();
  if (/^p[0-3]$/.test(n)) return n.toUpperCase() as Priority;
  if (/urgent|critical|highest|sev ?1/.test(n)) return "P0";
  if (/high/.test(n)) return "P1";
  if (/low/.test(n)) return "P3";
  return "P2";
}

export function fromIncidentIo(body: z.output<typeof incidentIoFollowUps>): FollowUpImport[] {
  return body.follow_ups
    .map((f, index) => ({ f, index }))
    .filter(({ f }) => f.status !== "deleted")
    .map(({ f, index }) => {
      const link = f.external_issue_reference?.issue_permalink;
      return {
        at: { index },
        title: f.title,
        description: f.description ?? "",
        owner: f.assignee?.email?.trim().toLowerCase() || null,
        function: null,
        priority: priorityFrom(f.priority?.name),
        due: null,
        status: f.status === "completed" ? "done" : f.status === "not_doing" ? "wont_do" : "open",
        reason: f.status === "not_doing" ? "not doing (incident.io)" : null,
        evidence_link: link && /^https?:\/\//.test(link) ? link : null,
        source: `incident.io:${f.id}`,
      };
    });
}
