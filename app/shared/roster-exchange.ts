import { parse } from "csv-parse/sync";
import { z } from "zod";
import { emailSchema } from "./auth-schemas";
import { instantSchema, isoDateSchema } from "./kinds";
import { CsvError, fromSpreadsheet, type CsvProblem } from "./schedule/csv";
import { DATE_RANGE_MESSAGE, inDateRange } from "./time";

/**
 * A release's training roster and its people's assessment results in (SPEC 12.1):
 * the roster as JSON or CSV (`email,name,team[,language]`), results as JSON or as
 * an LMS exports them (a Moodle gradebook "Plain text file"). Parsing is all or
 * nothing: every bad line is reported, and a file with any problem yields nothing.
 * Whether an email belongs to the roster is the service's to say.
 */
export const MAX_ROSTER = 5000;
export const MAX_RESULTS = 10_000;

const text = (what: string, max: number) =>
  z
    .string({ error: `${what} is required` })
    .trim()
    .min(1, `${what} is required`)
    .max(max, `${what} is at most ${max} characters`);

export const rosterPersonSchema = z.strictObject({
  email: emailSchema,
  name: text("name", 120),
  team: text("team", 60),
  /** The language the person is trained in, e.g. `zh-CN` or `en`. */
  language: text("language", 20).optional(),
});
export type RosterPerson = z.infer<typeof rosterPersonSchema>;

export const rosterBody = z
  .strictObject({ people: z.array(rosterPersonSchema).max(MAX_ROSTER, `at most ${MAX_ROSTER} people in a roster`) })
  .superRefine((body, ctx) => {
    const seen = new Map<string, number>();
    body.people.forEach((person, i) => {
      const first = seen.get(person.email);
      if (first === undefined) seen.set(person.email, i);
      else ctx.addIssue({ code: "custom", path: ["people", i, "email"], message: `${person.email} is already people[${first}]` });
    });
  });

/** A CSV's header and rows, cells trimmed and unescaped; a row with another number of cells than the header is a problem of its line. */
function readCsv(text: string, problems: CsvProblem[]): { header: string[]; rows: { line: number; cells: string[] }[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    // csv-parse's types do not follow `info: true`, which wraps each record with where it was.
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as unknown as typeof records;
  } catch (error) {
    throw new CsvError([{ line: (error as { lines?: number }).lines ?? 1, message: (error as Error).message }]);
  }
  const [first, ...rest] = records;
  const header = first?.record ?? [];
  const rows: { line: number; cells: string[] }[] = [];
  for (const { record, info } of rest) {
    if (record.length !== header.length) problems.push({ line: info.lines, message: `${record.length} cells where the header has ${header.length}` });
    else rows.push({ line: info.lines, cells: record.map(fromSpreadsheet) });
  }
  return { header, rows };
}

const quoted = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(", ");

/** The index of the column called `name` (case and surrounding spaces aside), or why there is none. */
function columnIndex(header: readonly string[], name: string): number | string {
  const wanted = name.trim().toLowerCase();
  const found = header.flatMap((h, i) => (h.trim().toLowerCase() === wanted ? [i] : []));
  if (found.length > 1) return `${found.length} columns are called ${JSON.stringify(name)}`;
  return found[0] ?? `no column ${JSON.stringify(name)}`;
}

const issuesOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".") || "row"}: ${i.message}`);

/** A roster from a CSV with the header `email,name,team` and optionally `language` (any case; `Email address` for `email`, as LMS exports call it). */
export function parseRosterCsv(text: string): RosterPerson[] {
  const problems: CsvProblem[] = [];
  const { header, rows } = readCsv(text, problems);
  if (!header.length) throw new CsvError([{ line: 1, message: "no people in the file" }]);
  const lower = header.map((h) => h.trim().toLowerCase());
  const index = (...names: string[]) => lower.findIndex((h) => names.includes(h));
  const columns = { email: index("email", "email address"), name: index("name"), team: index("team"), language: index("language") };
  const missing = (["email", "name", "team"] as const).filter((c) => columns[c] < 0);
  if (missing.length)
    throw new CsvError([
      { line: 1, message: `the header needs email, name and team (optionally language); missing: ${missing.join(", ")}; found: ${quoted(header)}` },
    ]);

  const people: RosterPerson[] = [];
  const lines = new Map<string, number>();
  for (const { line, cells } of rows) {
    const language = columns.language < 0 ? "" : cells[columns.language]!;
    const parsed = rosterPersonSchema.safeParse({
      email: cells[columns.email],
      name: cells[columns.name],
      team: cells[columns.team],
      ...(language ? { language } : {}),
    });
    if (!parsed.success) {
      for (const message of issuesOf(parsed.error)) problems.push({ line, message });
      continue;
    }
    const first = lines.get(parsed.data.email);
    if (first !== undefined) problems.push({ line, message: `email ${parsed.data.email} is already on line ${first}` });
    else lines.set(parsed.data.email, line);
    people.push(parsed.data);
  }
  if (!rows.length && !problems.length) problems.push({ line: 1, message: "no people in the file" });
  if (people.length > MAX_ROSTER) problems.push({ line: 1, message: `at most ${MAX_ROSTER} people in a roster (the file has ${people.length})` });
  if (problems.length) throw new CsvError(problems.sort((a, b) => a.line - b.line));
  return people;
}

export const assessmentResultSchema = z.strictObject({
  email: emailSchema,
  score: z.number({ error: "score is a number from 0 to 100" }).min(0, "score is a number from 0 to 100").max(100, "score is a number from 0 to 100"),
  passed: z.boolean({ error: "passed is true or false" }),
  at: instantSchema(),
});

export const resultsBody = z.strictObject({
  results: z.array(assessmentResultSchema).min(1, "send at least one result").max(MAX_RESULTS, `at most ${MAX_RESULTS} results per import`),
});

/** `?pass=` is no pass mark of 0 (as `Number("")` would have it). */
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** How to read an LMS export: which column holds the grade, its pass mark and maximum, and optionally where the email and the time are. */
export const resultsCsvQuery = z
  .strictObject({
    /** The grade column's header, e.g. `Quiz: Perpetuals V2 assessment (Real)`. */
    column: z.string({ error: "column (the grade column's header) is required" }).min(1).max(200),
    /** The pass mark, in the grade column's own units. */
    pass: z.preprocess(blank, z.coerce.number({ error: "pass (the pass mark) is a number" }).min(0, "pass (the pass mark) is 0 or more")),
    /** The grade's maximum: score = grade / max × 100. */
    max: z.preprocess(
      blank,
      z.coerce.number({ error: "max (the grade's maximum) is a number" }).positive("max (the grade's maximum) is more than 0").default(100),
    ),
    /** A column holding when the attempt was made (a date, an instant or a Unix time in seconds); without it, the time of the import. */
    at_column: z.string().min(1).max(200).optional(),
    email_column: z.string().min(1).max(200).default("Email address"),
  })
  .refine((q) => q.pass <= q.max, { path: ["pass"], message: "pass (the pass mark) is above max (the grade's maximum)" });
export type ResultsCsvQuery = z.infer<typeof resultsCsvQuery>;

export interface AssessmentAttempt {
  /** The CSV line or the JSON array index (from 0), to name it in the answer. */
  at: { line: number } | { index: number };
  /** Lowercase. */
  email: string;
  /** 0–100, two decimals. */
  score: number;
  passed: boolean;
  /** ISO instant, UTC. */
  attempted_at: string;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function resultsFromJson(body: z.infer<typeof resultsBody>): AssessmentAttempt[] {
  return body.results.map((r, index) => ({
    at: { index },
    email: r.email,
    score: round2(r.score),
    passed: r.passed,
    attempted_at: new Date(r.at).toISOString(),
  }));
}

/**
 * A grade cell as a number in the column's units: `85.00` as Moodle writes a real
 * grade, `85.00 %` as it writes a percentage, `85,00` as a spreadsheet in a
 * decimal-comma locale saves it again; null when it is none of these.
 */
function gradeOf(cell: string): number | null {
  const match = /^([+-]?\d+(?:[.,]\d+)?)\s*%?$/.exec(cell);
  return match ? Number(match[1]!.replace(",", ".")) : null;
}

/** Moodle writes `-` for a grade item with no grade (no attempt yet); an empty cell says the same. */
const NO_GRADE = new Set(["-", ""]);

/** When an attempt was made: an ISO date (midnight UTC), an ISO instant with its offset, or a Unix time in seconds (as Moodle writes times). */
function instantOf(cell: string): string | { problem: string } {
  let iso: string | null = null;
  if (/^\d{9,11}$/.test(cell)) iso = new Date(Number(cell) * 1000).toISOString();
  else if (isoDateSchema.safeParse(cell).success) iso = `${cell}T00:00:00.000Z`;
  else if (instantSchema().safeParse(cell).success) iso = new Date(cell).toISOString();
  else if (/^\d{4}-\d{2}-\d{2}/.test(cell) && !inDateRange(cell)) return { problem: DATE_RANGE_MESSAGE };
  if (iso === null) return { problem: `${JSON.stringify(cell)} is not a date, an instant with its offset (2026-11-30T14:05:00Z) or a Unix time in seconds` };
  return inDateRange(iso) ? iso : { problem: DATE_RANGE_MESSAGE };
}

/**
 * Attempts from a gradebook export: Moodle's Grades → Export → Plain text file as
 * it writes it (header cells quoted when they hold a space, a `-` for no grade,
 * `Last downloaded from this course` a Unix time), or any CSV with an email column
 * and a grade column. A row without a grade is skipped, not refused.
 */
export function parseResultsCsv(
  text: string,
  query: ResultsCsvQuery,
  now: Date,
): { attempts: AssessmentAttempt[]; skipped: { line: number; email: string; reason: string }[] } {
  const problems: CsvProblem[] = [];
  const { header, rows } = readCsv(text, problems);
  if (!header.length) throw new CsvError([{ line: 1, message: "no grades in the file" }]);
  const emailAt = columnIndex(header, query.email_column);
  const gradeAt = columnIndex(header, query.column);
  const atAt = query.at_column === undefined ? -1 : columnIndex(header, query.at_column);
  if (typeof emailAt === "string" || typeof gradeAt === "string" || typeof atAt === "string") {
    const missing = [emailAt, gradeAt, atAt].filter((v) => typeof v === "string");
    throw new CsvError([{ line: 1, message: `${missing.join("; ")} (the headers are ${quoted(header)})` }]);
  }

  const attempts: AssessmentAttempt[] = [];
  const skipped: { line: number; email: string; reason: string }[] = [];
  for (const { line, cells } of rows) {
    const lineProblems: string[] = [];
    const email = emailSchema.safeParse(cells[emailAt]);
    if (!email.success) lineProblems.push(`${header[emailAt]}: ${JSON.stringify(cells[emailAt])} is not an email address`);
    const cell = cells[gradeAt]!;
    if (NO_GRADE.has(cell)) {
      if (email.success) skipped.push({ line, email: email.data, reason: `no grade in ${header[gradeAt]} (${JSON.stringify(cell)})` });
      else problems.push(...lineProblems.map((message) => ({ line, message })));
      continue;
    }
    const grade = gradeOf(cell);
    if (grade === null) lineProblems.push(`${header[gradeAt]}: ${JSON.stringify(cell)} is not a number`);
    else if (grade < 0 || grade > query.max) lineProblems.push(`${header[gradeAt]}: ${cell} is outside 0 to ${query.max}`);
    let attempted = now.toISOString();
    if (atAt >= 0) {
      const at = instantOf(cells[atAt]!);
      if (typeof at !== "string") lineProblems.push(`${header[atAt]}: ${at.problem}`);
      else if (Date.parse(at) > now.getTime()) lineProblems.push(`${header[atAt]}: ${at} is later than now (${now.toISOString()})`);
      else attempted = at;
    }
    if (lineProblems.length || !email.success || grade === null) {
      problems.push(...lineProblems.map((message) => ({ line, message })));
      continue;
    }
    attempts.push({ at: { line }, email: email.data, score: round2((grade / query.max) * 100), passed: grade >= query.pass, attempted_at: attempted });
  }
  if (!rows.length && !problems.length) problems.push({ line: 1, message: "no grades in the file" });
  if (attempts.length > MAX_RESULTS) problems.push({ line: 1, message: `at most ${MAX_RESULTS} attempts per import (the file has ${attempts.length})` });
  if (problems.length) throw new CsvError(problems.sort((a, b) => a.line - b.line));
  return { attempts, skipped };
}
