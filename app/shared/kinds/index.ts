import { z } from "zod";
import { formatInstant, parseDuration } from "../time";
import { actions } from "./actions";
import { check } from "./check";
import type { EvidenceField, EvidenceState, Evaluation, KindDefinition, Refusal, ReleaseContext, ReportContext } from "./common";
import { drill } from "./drill";
import { metric } from "./metric";
import { param } from "./param";
import { ratio } from "./ratio";
import { roster } from "./roster";
import { sop } from "./sop";
import { stages } from "./stages";
import { task } from "./task";

/**
 * The kind registry (SPEC 3, a contract): one file per item kind, each with
 * its configuration, evidence, merge, evaluation, next time-driven change,
 * description and form fields. The server and the browser both read kinds
 * through here; adding a kind is one new file and one line below.
 */
export const KIND_REGISTRY = { check, metric, ratio, param, stages, task, drill, actions, roster, sop } as const;

type Registry = typeof KIND_REGISTRY;
export type Kind = keyof Registry;
export const KINDS = Object.keys(KIND_REGISTRY) as Kind[];

type ConfigOf<K extends Kind> = Registry[K] extends KindDefinition<K, infer C, infer _E, infer _F> ? C : never;
type EvidenceOf<K extends Kind> = Registry[K] extends KindDefinition<K, infer _C, infer E, infer _F> ? E : never;

type FactsOf<K extends Kind> = Registry[K] extends KindDefinition<K, infer _C, infer _E, infer F> ? F : never;
/** The kinds computed from other records, and the facts each is computed from (the WBS projection for `task`…). */
export type ComputedKindName = { [K in Kind]: [FactsOf<K>] extends [never] ? never : K }[Kind];
export type Facts = { [K in ComputedKindName]: FactsOf<K> | null };

/** An item as evaluation sees it. */
export type ItemDefinition = { [K in Kind]: { kind: K; config: ConfigOf<K>; maxAge: string | null } }[Kind];
/** Evidence of any reported kind. */
export type Evidence = { [K in Kind]: EvidenceOf<K> }[Kind];

export const configSchemas = Object.fromEntries(KINDS.map((k) => [k, KIND_REGISTRY[k].config])) as { [K in Kind]: Registry[K]["config"] };

/** Kinds whose status is computed from other data; nobody reports evidence on them. */
export const COMPUTED_KINDS: ReadonlySet<Kind> = new Set(KINDS.filter((k) => !definitionOf(k).reported));

/** The registry entry, seen without its kind's types (the dispatch below; each kind file is typed). */
function definitionOf(kind: Kind): KindDefinition {
  return KIND_REGISTRY[kind] as unknown as KindDefinition;
}

/** What the evidence endpoint and forms accept besides the evidence itself. */
export const reportExtras = {
  note: z.string().trim().max(2000).optional(),
  link: z
    .url({ protocol: /^https?$/, message: "expected an http(s) URL" })
    .max(2000)
    .optional(),
  if_version: z.number().int().nonnegative().optional(),
};

/**
 * The evidence schema for one item, built from its configuration. `extra`
 * adds fields beside the evidence (note, link, if_version); `strict` refuses
 * unknown keys. Null for computed kinds.
 */
export function evidenceSchema<Extra extends z.ZodRawShape = Record<never, never>>(
  item: ItemDefinition,
  extra: Extra = {} as Extra,
  { strict = true }: { strict?: boolean } = {},
) {
  const reported = definitionOf(item.kind).reported;
  if (!reported) return null;
  const shape = { ...reported.shape(item.config), ...extra };
  const object = strict ? z.strictObject(shape) : z.object(shape);
  const across = reported.check;
  return across
    ? object.superRefine((evidence, ctx) => {
        const problem = across(evidence);
        if (problem) ctx.addIssue({ code: "custom", path: [problem.path], message: problem.message });
      })
    : object;
}

/** A rule on evidence that needs the time (a drill reported before it was performed), or null. */
export function refuseEvidence(item: ItemDefinition, evidence: Evidence, now: Date): Refusal | null {
  return definitionOf(item.kind).reported?.refuse?.(evidence, now) ?? null;
}

/**
 * Merge a new report into the latest evidence: `stages` accumulate, an older
 * drill does not replace a newer one, the rest replace. With the report's
 * server side (`report`), a kind may also keep when and where each part came
 * from (`stages`: per-stage date and link, ADR 020).
 */
export function mergeEvidence(kind: Kind, previous: Evidence | null, next: Evidence, report?: ReportContext): Evidence {
  const reported = definitionOf(kind).reported;
  const merged = previous && reported?.merge ? (reported.merge(previous, next) as Evidence) : next;
  return report && reported?.stamp ? (reported.stamp(merged, next, report) as Evidence) : merged;
}

/** Rebuild the evaluation view of a stored item. */
export function itemDefinition(row: { kind: Kind; config: unknown; maxAge: string | null }): ItemDefinition {
  return { kind: row.kind, config: row.config, maxAge: row.maxAge } as ItemDefinition;
}

/**
 * Readiness evaluation (SPEC 3): a pure function of the item's configuration,
 * its latest evidence (or, for computed kinds, their facts), the time and
 * its release (the launch date). Every status has a reason.
 */
export function evaluate(item: ItemDefinition, evidence: EvidenceState | null, now: Date, facts: Partial<Facts> = {}, context?: ReleaseContext): Evaluation {
  const definition = definitionOf(item.kind);
  if (definition.computed) return definition.computed.evaluate(item.config, (facts as Record<string, unknown>)[item.kind] ?? null);
  if (!evidence) return { status: "pending", reason: "no evidence reported yet" };
  const result = definition.reported!.evaluate(item.config, evidence.data, now, context);
  if (result.status !== "green" || !item.maxAge) return result;
  const maxAgeMs = parseDuration(item.maxAge);
  const ageMs = now.getTime() - Date.parse(evidence.at);
  if (maxAgeMs !== null && ageMs > maxAgeMs) {
    // A fixed reason (no running age), so the time sweep records one change, not one per tick.
    return { status: "amber", reason: `stale: last evidence ${formatInstant(evidence.at)}, max age ${item.maxAge}` };
  }
  return result;
}

/** Whether an item's status can change with time alone (staleness, a kind's expiry). */
export function isTimeSensitive(item: Pick<ItemDefinition, "kind" | "maxAge">): boolean {
  return item.maxAge !== null || Boolean(definitionOf(item.kind).reported?.expires);
}

/**
 * The first instant at which time alone will change this item's status or
 * reason, or null if it never will. A green item goes stale after `max_age`;
 * its kind may expire it, green or not (a drill that is amber because it
 * lapses before launch turns "expired" when it lapses). The server schedules
 * its sweep for this instant; one already past is no deadline.
 */
export function nextChangeAt(item: ItemDefinition, evidence: EvidenceState | null, now: Date, context?: ReleaseContext): Date | null {
  if (!evidence) return null;
  const deadlines: number[] = [];
  const green = evaluate(item, evidence, now, {}, context).status === "green";
  const maxAgeMs = green && item.maxAge ? parseDuration(item.maxAge) : null;
  if (maxAgeMs !== null) deadlines.push(Date.parse(evidence.at) + maxAgeMs + 1);
  const expiry = definitionOf(item.kind).reported?.expires?.(item.config, evidence.data);
  if (expiry && expiry.getTime() > now.getTime()) deadlines.push(expiry.getTime());
  return deadlines.length ? new Date(Math.min(...deadlines)) : null;
}

/** The standard an item is held to, in words. */
export function describeStandard(item: ItemDefinition): string {
  return definitionOf(item.kind).standard(item.config);
}

/** One evidence report on an item, in words. */
export function describeEvidence(item: Pick<ItemDefinition, "kind">, evidence: Record<string, unknown> | null): string {
  if (!evidence) return "—";
  const describe = definitionOf(item.kind).reported?.describe;
  return describe ? describe(evidence) : JSON.stringify(evidence);
}

/** The report-evidence form's controls for an item (none for computed kinds). */
export function evidenceFields(item: ItemDefinition): EvidenceField[] {
  return definitionOf(item.kind).reported?.fields(item.config) ?? [];
}

export { actionsConfig, PRIORITIES, type ActionsConfig, type OpenActions, type Priority } from "./actions";
export type { CheckEvidence } from "./check";
export {
  assertNever,
  finite,
  instantSchema,
  isoDateSchema,
  maxAgeSchema,
  num,
  percent,
  slug,
  STATUSES,
  withUnit,
  type EvidenceField,
  type EvidenceState,
  type Evaluation,
  type Refusal,
  type ReleaseContext,
  type ReportContext,
  type Status,
} from "./common";
export { drillConfig, drillOverTarget, drillValidUntil, type DrillConfig, type DrillEvidence } from "./drill";
export { metricConfig, type MetricConfig, type MetricEvidence } from "./metric";
export {
  paramConfig,
  paramMatches,
  paramType,
  paramValueSchema,
  proposalProblem,
  type ParamConfig,
  type ParamEvidence,
  type ParamType,
  type ParamValue,
} from "./param";
export { ratioConfig, type RatioConfig, type RatioEvidence } from "./ratio";
export { passValidUntil, rosterConfig, rosterStanding, type RosterConfig, type RosterFacts, type RosterMember } from "./roster";
export { notAcknowledged, sopConfig, type SopConfig, type SopFacts, type SopState } from "./sop";
export {
  STAGE_RESULTS,
  stagesConfig,
  stagesVersion,
  type StageRecord,
  type StageResult,
  type StagesConfig,
  type StagesEvidence,
  type TestCounts,
} from "./stages";
export { taskConfig, type LinkedTasks, type TaskConfig } from "./task";
