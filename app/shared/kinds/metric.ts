import { z } from "zod";
import { defineKind, finite, num, unit, withUnit, type Evaluation } from "./common";

/** Where the server polls the value from (ADR 022): a PromQL query answering one number. */
export const metricSource = z.strictObject({
  prometheus: z.string().trim().min(1, "the PromQL query is empty").max(4000),
});
export type MetricSource = z.infer<typeof metricSource>;

/** `metric` (SPEC 3): a measured value against a target, with an optional warning band. */
export const metricConfig = z
  .object({ op: z.enum(["<=", ">="]), target: finite, warn: finite.optional(), unit, source: metricSource.optional() })
  .strict()
  .refine((c) => c.warn === undefined || (c.op === "<=" ? c.warn >= c.target : c.warn <= c.target), {
    message: 'warn must be on the failing side of target (>= target for "<=", <= target for ">=")',
    path: ["warn"],
  });
export type MetricConfig = z.infer<typeof metricConfig>;
export type MetricEvidence = { value: number };

function evaluateMetric(config: MetricConfig, value: number): Evaluation {
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

export const metric = defineKind<"metric", MetricConfig, MetricEvidence>({
  kind: "metric",
  config: metricConfig,
  standard: (c) => {
    const u = (n: number) => withUnit(n, c.unit);
    const op = c.op === "<=" ? "≤" : "≥";
    const warn = c.warn !== undefined ? `; amber while ${op} ${u(c.warn)}` : "";
    return `Green when ${op} ${u(c.target)}${warn}.`;
  },
  reported: {
    shape: () => ({ value: finite }),
    evaluate: (config, { value }) => evaluateMetric(config, value),
    describe: ({ value }) => `value ${num(value)}`,
    fields: (c) => [{ type: "number", name: "value", label: `Measured value${c.unit ? ` (${c.unit})` : ""}`, unit: c.unit }],
  },
});
