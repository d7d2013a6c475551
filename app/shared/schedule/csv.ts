import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import { isoDateSchema } from "../kinds";
import { DEPENDENCY_TYPES, TASK_STATUSES, type DependencyInput, type DependencyType } from "./cpm";

/**
 * WBS as CSV (SPEC 6, a contract): one task a row, header
 * `id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status`.
 * Parsing is all or nothing: every bad row is reported with its line, and a
 * file with any problem yields no plan.
 */
export const CSV_COLUMNS = ["id", "name", "parent", "owner", "duration", "predecessors", "start_no_earlier_than", "progress", "status"] as const;
/** Greenlight's extension after the SPEC's columns: optional on import, exported last only when some task has one. */
export const OPTIONAL_COLUMNS = ["assignee"] as const;
const ALL_COLUMNS: readonly string[] = [...CSV_COLUMNS, ...OPTIONAL_COLUMNS];

/** A person on a task: a name or an email. */
export const assigneeSchema = z.string().trim().min(1).max(100);

export const taskIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "use letters, digits, dots, dashes and underscores")
  .max(64);

export interface WbsTask {
  id: string;
  name: string;
  parent: string | null;
  owner: string | null;
  assignee: string | null;
  duration: number;
  start_no_earlier_than: string | null;
  progress: number;
  status: (typeof TASK_STATUSES)[number];
}

export interface Wbs {
  tasks: WbsTask[];
  dependencies: DependencyInput[];
}

export interface CsvProblem {
  line: number;
  message: string;
}

export class CsvError extends Error {
  constructor(readonly problems: CsvProblem[]) {
    super(problems.map((p) => `line ${p.line}: ${p.message}`).join("\n"));
    this.name = "CsvError";
  }
}

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

const rowSchema = z.object({
  id: taskIdSchema,
  name: z.string().trim().min(1, "name is required").max(200),
  parent: z.preprocess(blankToNull, taskIdSchema.nullable()),
  owner: z.preprocess(
    blankToNull,
    z
      .string()
      .regex(/^[a-z0-9-]+$/, "owner is a function like rd or risk")
      .nullable(),
  ),
  duration: z.preprocess(
    (v) => (typeof v === "string" ? Number(v.trim().replace(/d$/i, "")) : v),
    z.number({ error: "duration is a whole number of working days" }).int("duration is a whole number of working days").min(0).max(10_000),
  ),
  predecessors: z.string(),
  start_no_earlier_than: z.preprocess(blankToNull, isoDateSchema.nullable()),
  progress: z.preprocess((v) => (blankToNull(v) === null ? 0 : Number(String(v).replace(/%$/, ""))), z.number().int("progress is 0–100").min(0).max(100)),
  status: z.preprocess((v) => blankToNull(v) ?? "todo", z.enum(TASK_STATUSES, { error: `status is one of ${TASK_STATUSES.join(", ")}` })),
  assignee: z.preprocess((v) => blankToNull(v ?? null), assigneeSchema.nullable()),
});

/** `design`, `risk-slippage:FS+2`, `qa:SS-1`, or MS Project's `12FS+2d` for an all-digit id. */
const PREDECESSOR = /^(?<id>[A-Za-z0-9][A-Za-z0-9._-]*?)(?::(?<type>FS|SS|FF|SF)(?<lag>[+-]\d+)?d?)?$/i;
const MS_PROJECT = /^(?<id>\d+)(?<type>FS|SS|FF|SF)(?<lag>[+-]\d+)?d?$/i;

export function parsePredecessor(text: string): { id: string; type: DependencyType; lag: number } | null {
  const match = MS_PROJECT.exec(text) ?? PREDECESSOR.exec(text);
  if (!match?.groups) return null;
  const type = (match.groups.type?.toUpperCase() ?? "FS") as DependencyType;
  if (!DEPENDENCY_TYPES.includes(type)) return null;
  return { id: match.groups.id!, type, lag: match.groups.lag ? Number(match.groups.lag) : 0 };
}

export function parseWbsCsv(text: string): Wbs {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, info: true, relax_column_count: false }) as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    throw new CsvError([{ line, message: (error as Error).message.replace(/^Invalid Record Length: /, "") }]);
  }
  const header = text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/, 1)[0]!
    .split(",")
    .map((h) => h.trim());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  const unknown = header.filter((h) => !ALL_COLUMNS.includes(h));
  if (missing.length || unknown.length) {
    throw new CsvError([
      {
        line: 1,
        message: `the header must be ${CSV_COLUMNS.join(",")} (then optionally ${OPTIONAL_COLUMNS.join(",")})${missing.length ? `; missing: ${missing.join(", ")}` : ""}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}`,
      },
    ]);
  }

  const problems: CsvProblem[] = [];
  const tasks: (WbsTask & { line: number })[] = [];
  const links: { line: number; to: string; text: string }[] = [];
  // Ids of rows refused for another field: rows that name them as parent or predecessor are not wrong too (one bad row, one message).
  const refused = new Set<string>();
  for (const { record, info } of records) {
    const line = info.lines;
    const row = unescapeRecord(record);
    const parsed = rowSchema.safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ line, message: `${issue.path.join(".") || "row"}: ${issue.message}` });
      if (row.id) refused.add(row.id);
      continue;
    }
    const { predecessors, ...task } = parsed.data;
    tasks.push({ ...task, line });
    for (const part of predecessors
      .split(";")
      .map((p) => p.trim())
      .filter(Boolean))
      links.push({ line, to: task.id, text: part });
  }

  const ids = new Map<string, number>();
  for (const task of tasks) {
    const first = ids.get(task.id);
    if (first !== undefined) problems.push({ line: task.line, message: `id "${task.id}" is already used on line ${first}` });
    else ids.set(task.id, task.line);
  }
  for (const task of tasks) {
    if (task.parent !== null && !ids.has(task.parent) && !refused.has(task.parent))
      problems.push({ line: task.line, message: `parent "${task.parent}" is not a task in this file` });
  }
  const dependencies: DependencyInput[] = [];
  for (const link of links) {
    const parsed = parsePredecessor(link.text);
    if (!parsed) {
      problems.push({ line: link.line, message: `predecessor "${link.text}": expected ID, ID:TYPE or ID:TYPE±LAG (TYPE is FS, SS, FF or SF)` });
    } else if (!ids.has(parsed.id)) {
      if (!refused.has(parsed.id)) problems.push({ line: link.line, message: `predecessor "${parsed.id}" is not a task in this file` });
    } else {
      dependencies.push({ from: parsed.id, to: link.to, type: parsed.type, lag: parsed.lag });
    }
  }
  if (problems.length) throw new CsvError(problems.sort((a, b) => a.line - b.line));
  return { tasks: tasks.map(({ line: _line, ...task }) => task), dependencies };
}

/** `bom`: start with a UTF-8 byte-order mark, so Excel opens a downloaded file with Chinese names intact (the API leaves it off). */
export function wbsToCsv(wbs: Wbs, { bom = false }: { bom?: boolean } = {}): string {
  const predecessors = new Map<string, string[]>();
  for (const d of wbs.dependencies) {
    const text = d.type === "FS" && d.lag === 0 ? d.from : `${d.from}:${d.type}${d.lag ? (d.lag > 0 ? `+${d.lag}` : `${d.lag}`) : ""}`;
    predecessors.set(d.to, [...(predecessors.get(d.to) ?? []), text]);
  }
  const withAssignee = wbs.tasks.some((t) => t.assignee !== null);
  return stringify(
    wbs.tasks.map((t) => {
      const row = [
        t.id,
        t.name,
        t.parent ?? "",
        t.owner ?? "",
        t.duration,
        (predecessors.get(t.id) ?? []).join(";"),
        t.start_no_earlier_than ?? "",
        t.progress,
        t.status,
      ];
      return withAssignee ? [...row, t.assignee ?? ""] : row;
    }),
    // Names and assignees starting with = + - @ are prefixed with ' so a spreadsheet does not run them (`parseWbsCsv` takes it off again).
    { header: true, columns: withAssignee ? ALL_COLUMNS : [...CSV_COLUMNS], escape_formulas: true, bom },
  );
}

/** A cell as written by an export with `escape_formulas` (`'=x`): its text again (`=x`). */
export function fromSpreadsheet(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Every cell of a parsed CSV record, with the formula escape taken off. */
export function unescapeRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === "string" ? fromSpreadsheet(v) : v]));
}
