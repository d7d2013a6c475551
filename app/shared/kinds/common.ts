import { z } from "zod";
import { DATE_RANGE_MESSAGE, inDateRange, isValidIsoDate, parseDuration } from "../time";

/**
 * What every item kind shares: statuses, the shape of a kind's definition
 * (one file per kind, collected in ./index.ts), the schemas configurations
 * are built from, and numbers as people read them.
 */
export const STATUSES = ["green", "amber", "red", "pending"] as const;
export type Status = (typeof STATUSES)[number];

export interface Evaluation {
  status: Status;
  reason: string;
}

export interface EvidenceState<E = unknown> {
  data: E;
  /** Server time the evidence was reported (ISO). */
  at: string;
}

/** The server's side of one report: when it was recorded and the evidence link it came with. */
export interface ReportContext {
  at: string;
  link: string | null;
}

/** A problem with evidence a schema cannot see alone (it needs the time), as the API reports it. */
export interface Refusal {
  message: string;
  path: string;
  detail: string;
}

/** One control of the report-evidence form, described once for every kind. */
export type EvidenceField =
  | { type: "number"; name: string; label: string; unit?: string; integer?: boolean; min?: number }
  | { type: "text"; name: string; label: string }
  | { type: "date"; name: string; label: string }
  /** Radio buttons: each option's form value, what it means, and the symbol shown beside it. */
  | { type: "choice"; name: string; label: string; options: { value: string; label: string; means: unknown }[]; error: string }
  /** One select per stage, "unchanged" by default. */
  | { type: "stages"; name: string; label: string; stages: string[] };

/**
 * What an item's release tells evaluation: its launch date (a drill valid
 * today but not on launch day is amber). Optional: kinds that do not need it
 * ignore it, and a caller without a release (a form preview) may leave it out.
 */
export interface ReleaseContext {
  /** YYYY-MM-DD */
  launch: string;
}

/** A kind's evidence: what people and automation report, and how it turns into a status. */
export interface ReportedKind<C, E> {
  /** The fields of the evidence, built from the item's configuration (unknown stage names, a string for a numeric parameter… are refused here). */
  shape(config: C): z.ZodRawShape;
  /** A rule across fields, checked after the shape. */
  check?(evidence: E): { path: string; message: string } | null;
  /** A rule that needs the time (a drill reported before it was performed). */
  refuse?(evidence: E, now: Date): Refusal | null;
  /** Merge a new report into the latest evidence (default: the new report replaces it). */
  merge?(previous: E, next: E): E;
  /** What the item keeps of who reported what and when, after the merge (a `stages` item's per-stage date and link). */
  stamp?(kept: E, reported: E, report: ReportContext): E;
  evaluate(config: C, evidence: E, now: Date, context?: ReleaseContext): Evaluation;
  /** When time alone will next change the item, besides `max_age` (a drill's expiry); null when it will not. */
  expires?(config: C, evidence: E): Date | null;
  /** One report, in words. */
  describe(evidence: E): string;
  /** The report-evidence form's controls. */
  fields(config: C): EvidenceField[];
}

/** A kind computed from other records (the WBS, action items): nobody reports evidence on it. */
export interface ComputedKind<C, F> {
  evaluate(config: C, facts: F | null): Evaluation;
}

export interface KindDefinition<K extends string = string, C = unknown, E = unknown, F = unknown> {
  kind: K;
  /** The item's configuration in a template (SPEC 3, 4). */
  config: z.ZodType<C>;
  /** The standard the item is held to, in words. */
  standard(config: C): string;
  reported?: ReportedKind<C, E>;
  computed?: ComputedKind<C, F>;
}

/** A kind's definition, typed from its parts (one call per kind file). */
export function defineKind<K extends string, C, E = never, F = never>(definition: KindDefinition<K, C, E, F>): KindDefinition<K, C, E, F> {
  return definition;
}

export const slug = z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and dashes");
export const finite = z.number().finite();
export const unit = z.string().min(1).max(16).optional();
export const isoDateSchema = z.string().refine(isValidIsoDate, "expected a date YYYY-MM-DD").refine(inDateRange, DATE_RANGE_MESSAGE);
/** An ISO instant with its offset (`2026-11-30T14:05:00Z`), inside the same range of dates. */
export const instantSchema = (message = "expected an instant like 2026-11-30T14:05:00Z") =>
  z.iso.datetime({ offset: true, error: message }).refine((at) => {
    // zod runs this even when the format check failed: a text that is no instant is that check's to report.
    const ms = Date.parse(at);
    return Number.isNaN(ms) || inDateRange(new Date(ms).toISOString());
  }, DATE_RANGE_MESSAGE);
export const maxAgeSchema = z.string().refine((v) => parseDuration(v) !== null, 'expected a duration like "90s", "90m", "24h" or "7d"');

const NUMBER = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 6 });

/** Numbers as people read them: no float noise, at most 6 significant digits, grouped thousands. */
export function num(n: number): string {
  return NUMBER.format(n);
}

/** `20 ms`, `0.5%`, `125 x`: a number as the reasons and forms show it. */
export function withUnit(n: number, unit: string | undefined): string {
  if (!unit) return num(n);
  return unit === "%" ? `${num(n)}%` : `${num(n)} ${unit}`;
}

export function percent(r: number): string {
  return `${Number((r * 100).toFixed(1))}%`;
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
