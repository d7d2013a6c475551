import { addDays, daysBetween, formatInstant, isoDate, parseDuration } from "./time";
import {
  assertNever,
  type CheckEvidence,
  type DrillEvidence,
  type Evidence,
  type ItemDefinition,
  type MetricEvidence,
  type ParamEvidence,
  type RatioEvidence,
  type StagesEvidence,
  type Status,
} from "./kinds";

/**
 * Readiness evaluation (SPEC 3, a contract): a pure function of the item's
 * configuration, its latest evidence and the time. Every status has a reason.
 */
export interface Evaluation {
  status: Status;
  reason: string;
}

/**
 * What a `task` item is computed from: the linked WBS tasks' status and
 * projected finish (as of today), and the launch date. Null without a WBS.
 */
export interface LinkedTasks {
  launch: string;
  tasks: ReadonlyMap<string, { status: string; finish: string }>;
}

export interface EvidenceState {
  data: Evidence;
  /** Server time the evidence was reported (ISO). */
  at: string;
}

/**
 * Slack for comparing floating-point parameters, relative to their size: a few
 * units in the last place, so 0.1 + 0.2 equals 0.3 but 50,000,000.01 does not
 * equal 50,000,000.
 */
const FLOAT_ULPS = 4 * Number.EPSILON;

export function evaluate(item: ItemDefinition, evidence: EvidenceState | null, now: Date, linked: LinkedTasks | null = null): Evaluation {
  if (item.kind === "task") return evaluateTasks(item.config.tasks, linked);
  if (item.kind === "actions") {
    return {
      status: "pending",
      reason: `waits for post-mortem action tracking (${item.config.priorities.join("/")} actions)`,
    };
  }
  if (!evidence) return { status: "pending", reason: "no evidence reported yet" };

  const result = evaluateEvidence(item, evidence.data, now);
  if (result.status !== "green" || !item.maxAge) return result;
  const maxAgeMs = parseDuration(item.maxAge);
  const ageMs = now.getTime() - Date.parse(evidence.at);
  if (maxAgeMs !== null && ageMs > maxAgeMs) {
    // A fixed reason (no running age), so the time sweep records one change, not one per tick.
    return { status: "amber", reason: `stale: last evidence ${formatInstant(evidence.at)}, max age ${item.maxAge}` };
  }
  return result;
}

function evaluateEvidence(item: ItemDefinition, data: Evidence, now: Date): Evaluation {
  switch (item.kind) {
    case "check":
      return (data as CheckEvidence).done
        ? { status: "green", reason: "done" }
        : { status: "red", reason: "not done" };
    case "metric":
      return evaluateMetric(item.config, (data as MetricEvidence).value);
    case "ratio":
      return evaluateRatio(item.config, data as RatioEvidence);
    case "param":
      return evaluateParam(item.config, (data as ParamEvidence).deployed);
    case "stages":
      return evaluateStages(item.config.stages, (data as StagesEvidence).stages);
    case "drill":
      return evaluateDrill(item.config.valid_days, data as DrillEvidence, now);
    case "task":
    case "actions":
      throw new Error(`${item.kind} items are computed, not reported`);
    default:
      return assertNever(item);
  }
}

/** SPEC 3 `task`: green when every linked task is done; red when one's projected finish is after launch; else amber. */
function evaluateTasks(ids: string[], linked: LinkedTasks | null): Evaluation {
  if (!linked) {
    return { status: "pending", reason: `waits for WBS scheduling${ids.length ? ` (linked tasks: ${ids.join(", ")})` : ""}` };
  }
  if (!ids.length) return { status: "pending", reason: "no WBS tasks linked" };
  const missing = ids.filter((id) => !linked.tasks.has(id));
  if (missing.length) return { status: "pending", reason: `linked tasks not in the WBS: ${missing.join(", ")}` };
  const tasks = ids.map((id) => ({ id, ...linked.tasks.get(id)! }));
  const open = tasks.filter((t) => t.status !== "done");
  if (!open.length) return { status: "green", reason: tasks.length === 1 ? `${tasks[0]!.id} done` : `all ${tasks.length} linked tasks done` };
  const late = open.filter((t) => t.finish > linked.launch).sort((a, b) => (a.finish < b.finish ? 1 : -1));
  if (late.length) {
    const more = late.length > 1 ? ` (and ${late.length - 1} more)` : "";
    return { status: "red", reason: `${late[0]!.id} projected to finish ${late[0]!.finish}, after launch ${linked.launch}${more}` };
  }
  const finish = open.reduce((latest, t) => (t.finish > latest ? t.finish : latest), "");
  return { status: "amber", reason: `${tasks.length - open.length} of ${tasks.length} linked tasks done; projected finish ${finish}, before launch` };
}

function evaluateMetric(config: Extract<ItemDefinition, { kind: "metric" }>["config"], value: number): Evaluation {
  const { op, target, warn } = config;
  const meets = (limit: number) => (op === "<=" ? value <= limit : value >= limit);
  const holds = op === "<=" ? "≤" : "≥";
  const fails = op === "<=" ? ">" : "<";
  const shown = (n: number) => withUnit(n, config.unit);
  if (meets(target)) return { status: "green", reason: `${shown(value)} ${holds} target ${shown(target)}` };
  if (warn !== undefined && meets(warn)) {
    return { status: "amber", reason: `${shown(value)} ${fails} target ${shown(target)}, within warn ${shown(warn)}` };
  }
  const beyond = warn !== undefined ? `warn ${shown(warn)}` : `target ${shown(target)}`;
  return { status: "red", reason: `${shown(value)} ${fails} ${beyond}` };
}

function evaluateRatio(config: { target: number; warn?: number }, { passed, total }: RatioEvidence): Evaluation {
  const ratio = passed / total;
  const facts = `${passed}/${total} passed (${percent(ratio)})`;
  if (ratio >= config.target) return { status: "green", reason: `${facts} ≥ target ${percent(config.target)}` };
  if (config.warn !== undefined && ratio >= config.warn) {
    return { status: "amber", reason: `${facts} < target ${percent(config.target)}, within warn ${percent(config.warn)}` };
  }
  return { status: "red", reason: `${facts} < target ${percent(config.target)}` };
}

function evaluateParam(
  config: Extract<ItemDefinition, { kind: "param" }>["config"],
  deployed: number | string | boolean,
): Evaluation {
  const { approved, unit } = config;
  if (typeof approved !== "number" || typeof deployed !== "number") {
    return deployed === approved
      ? { status: "green", reason: `deployed ${String(deployed)} = approved` }
      : { status: "red", reason: `deployed ${String(deployed)} ≠ approved ${String(approved)}` };
  }
  const shown = (n: number) => withUnit(n, unit);
  if (config.min !== undefined && deployed < config.min) {
    return { status: "red", reason: `deployed ${shown(deployed)} below min ${shown(config.min)}` };
  }
  if (config.max !== undefined && deployed > config.max) {
    return { status: "red", reason: `deployed ${shown(deployed)} above max ${shown(config.max)}` };
  }
  const tolerance = config.tolerance ?? 0;
  const slack = FLOAT_ULPS * Math.max(Math.abs(approved), Math.abs(deployed));
  if (Math.abs(deployed - approved) <= tolerance + slack) {
    const within = tolerance > 0 ? ` (±${num(tolerance)})` : "";
    return { status: "green", reason: `deployed ${shown(deployed)} = approved ${shown(approved)}${within}` };
  }
  const within = tolerance > 0 ? ` beyond ±${num(tolerance)}` : "";
  return { status: "red", reason: `deployed ${shown(deployed)} ≠ approved ${shown(approved)}${within}` };
}

function evaluateStages(names: string[], reported: StagesEvidence["stages"]): Evaluation {
  const failed = names.filter((n) => reported[n] === "failed");
  const passed = names.filter((n) => reported[n] === "passed");
  if (failed.length) return { status: "red", reason: `failed: ${failed.join(", ")}` };
  if (passed.length === names.length) return { status: "green", reason: `all ${names.length} stages passed` };
  const waiting = names.filter((n) => reported[n] !== "passed");
  const summary = `${passed.length}/${names.length} stages passed; waiting: ${waiting.join(", ")}`;
  return { status: passed.length ? "amber" : "pending", reason: summary };
}

function evaluateDrill(validDays: number, drill: DrillEvidence, now: Date): Evaluation {
  if (drill.result === "fail") return { status: "red", reason: `drill failed on ${drill.performed_on}` };
  const validUntil = addDays(drill.performed_on, validDays);
  if (daysBetween(drill.performed_on, isoDate(now)) <= validDays) {
    return { status: "green", reason: `passed on ${drill.performed_on}, valid until ${validUntil}` };
  }
  return { status: "amber", reason: `passed on ${drill.performed_on}, expired after ${validUntil}` };
}

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

/** Whether an item's status can change with time alone (staleness, drill expiry). */
export function isTimeSensitive(item: Pick<ItemDefinition, "kind" | "maxAge">): boolean {
  return item.kind === "drill" || item.maxAge !== null;
}

/**
 * The first instant at which time alone will change this item's status, or
 * null if it never will. Only a green item can lose its colour with time: it
 * goes stale after `max_age`, and a passed drill expires the day after its
 * validity ends (UTC). The server schedules its sweep for this instant.
 */
export function nextChangeAt(item: ItemDefinition, evidence: EvidenceState | null, now: Date): Date | null {
  if (!evidence || evaluate(item, evidence, now).status !== "green") return null;
  const deadlines: number[] = [];
  const maxAgeMs = item.maxAge ? parseDuration(item.maxAge) : null;
  if (maxAgeMs !== null) deadlines.push(Date.parse(evidence.at) + maxAgeMs + 1);
  if (item.kind === "drill") {
    const { performed_on } = evidence.data as DrillEvidence;
    deadlines.push(Date.parse(`${addDays(performed_on, item.config.valid_days + 1)}T00:00:00Z`));
  }
  return deadlines.length ? new Date(Math.min(...deadlines)) : null;
}
