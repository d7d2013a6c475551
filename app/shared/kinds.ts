import { z } from "zod";
import { isValidIsoDate, parseDuration } from "./time";

/**
 * Item kinds (SPEC 3, a contract): the configuration each kind takes in a
 * template, and the evidence each accepts. Pure: shared by the template
 * loader, the API and the evidence forms.
 */
export const KINDS = ["check", "metric", "ratio", "param", "stages", "task", "drill", "actions"] as const;
export type Kind = (typeof KINDS)[number];
export const STATUSES = ["green", "amber", "red", "pending"] as const;
export type Status = (typeof STATUSES)[number];

export const slug = z.string().regex(/^[a-z0-9-]+$/, "use lowercase letters, digits and dashes");
const finite = z.number().finite();
const unit = z.string().min(1).max(16).optional();

export const maxAgeSchema = z
  .string()
  .refine((v) => parseDuration(v) !== null, 'expected a duration like "90s", "90m", "24h" or "7d"');

export const metricConfig = z
  .object({
    op: z.enum(["<=", ">="]),
    target: finite,
    warn: finite.optional(),
    unit,
  })
  .strict()
  .refine((c) => c.warn === undefined || (c.op === "<=" ? c.warn >= c.target : c.warn <= c.target), {
    message: "warn must be on the failing side of target (>= target for \"<=\", <= target for \">=\")",
    path: ["warn"],
  });

const fraction = z.number().gt(0).lte(1);
export const ratioConfig = z
  .object({ target: fraction, warn: fraction.optional() })
  .strict()
  .refine((c) => c.warn === undefined || c.warn < c.target, {
    message: "warn must be below target",
    path: ["warn"],
  });

const paramValue = z.union([finite, z.string().min(1), z.boolean()]);
export const paramConfig = z
  .object({
    approved: paramValue,
    min: finite.optional(),
    max: finite.optional(),
    tolerance: finite.nonnegative().optional(),
    unit,
  })
  .strict()
  .superRefine((c, ctx) => {
    const numeric = typeof c.approved === "number";
    for (const key of ["min", "max", "tolerance"] as const) {
      if (!numeric && c[key] !== undefined) {
        ctx.addIssue({ code: "custom", path: [key], message: `${key} applies only to a numeric approved value` });
      }
    }
    if (numeric) {
      const approved = c.approved as number;
      if (c.min !== undefined && approved < c.min) {
        ctx.addIssue({ code: "custom", path: ["approved"], message: `approved ${approved} is below min ${c.min}` });
      }
      if (c.max !== undefined && approved > c.max) {
        ctx.addIssue({ code: "custom", path: ["approved"], message: `approved ${approved} is above max ${c.max}` });
      }
    }
  });

export const stagesConfig = z
  .object({
    stages: z
      .array(z.string().regex(/^[a-z0-9_-]+$/, "use lowercase letters, digits, dashes and underscores"))
      .min(1)
      .refine((s) => new Set(s).size === s.length, "stage names must be unique"),
  })
  .strict();

export const taskConfig = z.object({ tasks: z.array(z.string().min(1)).default([]) }).strict();
export const drillConfig = z.object({ valid_days: z.number().int().positive() }).strict();
export const actionsConfig = z
  .object({ priorities: z.array(z.string().min(1)).min(1).default(["P0", "P1"]) })
  .strict();

export const configSchemas = {
  check: z.object({}).strict(),
  metric: metricConfig,
  ratio: ratioConfig,
  param: paramConfig,
  stages: stagesConfig,
  task: taskConfig,
  drill: drillConfig,
  actions: actionsConfig,
} satisfies Record<Kind, z.ZodType>;

export type MetricConfig = z.infer<typeof metricConfig>;
export type RatioConfig = z.infer<typeof ratioConfig>;
export type ParamConfig = z.infer<typeof paramConfig>;
export type StagesConfig = z.infer<typeof stagesConfig>;
export type TaskConfig = z.infer<typeof taskConfig>;
export type DrillConfig = z.infer<typeof drillConfig>;
export type ActionsConfig = z.infer<typeof actionsConfig>;

/** An item as evaluation sees it. */
export type ItemDefinition =
  | { kind: "check"; config: Record<string, never>; maxAge: string | null }
  | { kind: "metric"; config: MetricConfig; maxAge: string | null }
  | { kind: "ratio"; config: RatioConfig; maxAge: string | null }
  | { kind: "param"; config: ParamConfig; maxAge: string | null }
  | { kind: "stages"; config: StagesConfig; maxAge: string | null }
  | { kind: "task"; config: TaskConfig; maxAge: string | null }
  | { kind: "drill"; config: DrillConfig; maxAge: string | null }
  | { kind: "actions"; config: ActionsConfig; maxAge: string | null };

export const STAGE_RESULTS = ["passed", "failed", "pending"] as const;
export type StageResult = (typeof STAGE_RESULTS)[number];

export type CheckEvidence = { done: boolean };
export type MetricEvidence = { value: number };
export type RatioEvidence = { passed: number; total: number };
export type ParamEvidence = { deployed: number | string | boolean };
export type StagesEvidence = { stages: Record<string, StageResult> };
export type DrillEvidence = { performed_on: string; result: "pass" | "fail" };
export type Evidence =
  | CheckEvidence
  | MetricEvidence
  | RatioEvidence
  | ParamEvidence
  | StagesEvidence
  | DrillEvidence;

export const isoDateSchema = z.string().refine(isValidIsoDate, "expected a date YYYY-MM-DD");

/** Kinds whose status is computed from other data; nobody reports evidence on them. */
export const COMPUTED_KINDS: ReadonlySet<Kind> = new Set(["task", "actions"]);

/**
 * The evidence schema for one item, built from its configuration: unknown
 * stage names, a string for a numeric parameter, `passed > total` and the like
 * are refused here, so nothing that does not fit the kind reaches the log.
 * `extra` adds fields beside the evidence (note, link, if_version); `strict`
 * refuses unknown keys. Returns null for computed kinds.
 */
export function evidenceSchema<Extra extends z.ZodRawShape = {}>(
  item: ItemDefinition,
  extra: Extra = {} as Extra,
  { strict = true }: { strict?: boolean } = {},
) {
  const object = <Shape extends z.ZodRawShape>(shape: Shape) =>
    strict ? z.strictObject({ ...shape, ...extra }) : z.object({ ...shape, ...extra });
  switch (item.kind) {
    case "check":
      return object({ done: z.boolean() });
    case "metric":
      return object({ value: finite });
    case "ratio":
      return object({ passed: z.number().int().nonnegative(), total: z.number().int().min(1) }).refine(
        (e: Record<string, unknown>) => (e.passed as number) <= (e.total as number),
        { message: "passed must not exceed total", path: ["passed"] },
      );
    case "param": {
      const approved = item.config.approved;
      const deployed =
        typeof approved === "number" ? finite : typeof approved === "boolean" ? z.boolean() : z.string().min(1).max(200);
      return object({ deployed });
    }
    case "stages": {
      const shape = Object.fromEntries(item.config.stages.map((s: string) => [s, z.enum(STAGE_RESULTS).optional()]));
      return object({
        stages: z
          .strictObject(shape)
          .refine((s) => Object.values(s).some((v) => v !== undefined), "report at least one stage"),
      });
    }
    case "drill":
      return object({ performed_on: isoDateSchema, result: z.enum(["pass", "fail"]) });
    case "task":
    case "actions":
      return null;
    default:
      return assertNever(item);
  }
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
 * Merge a new report into the latest evidence: `stages` accumulate; a drill
 * performed before the one on record does not replace it (SPEC 3 judges "the
 * latest drill"); everything else replaces.
 */
export function mergeEvidence(kind: Kind, previous: Evidence | null, next: Evidence): Evidence {
  if (kind === "drill" && previous && (next as DrillEvidence).performed_on < (previous as DrillEvidence).performed_on) {
    return previous;
  }
  if (kind === "stages" && previous) {
    const merged = { ...(previous as StagesEvidence).stages };
    for (const [name, result] of Object.entries((next as StagesEvidence).stages)) {
      if (result !== undefined) merged[name] = result;
    }
    return { stages: merged };
  }
  return next;
}

/** Rebuild the evaluation view of a stored item. */
export function itemDefinition(row: { kind: string; config: unknown; maxAge: string | null }): ItemDefinition {
  return { kind: row.kind, config: row.config, maxAge: row.maxAge } as ItemDefinition;
}

export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
