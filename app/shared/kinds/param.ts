import { z } from "zod";
import { defineKind, finite, num, unit, withUnit, type Evaluation } from "./common";

/** `param` (SPEC 3): a deployed risk parameter against its approved value. */
const paramValue = z.union([finite, z.string().min(1), z.boolean()]);
export const paramConfig = z
  .object({
    approved: paramValue,
    min: finite.optional(),
    max: finite.optional(),
    tolerance: finite.nonnegative().optional(),
    /** The largest absolute change a proposal may make from the previous approved value (SPEC 12.3). */
    max_step: finite.positive().optional(),
    unit,
  })
  .strict()
  .superRefine((c, ctx) => {
    const numeric = typeof c.approved === "number";
    for (const key of ["min", "max", "tolerance", "max_step"] as const) {
      if (!numeric && c[key] !== undefined) ctx.addIssue({ code: "custom", path: [key], message: `${key} applies only to a numeric approved value` });
    }
    if (typeof c.approved === "number") {
      if (c.min !== undefined && c.approved < c.min)
        ctx.addIssue({ code: "custom", path: ["approved"], message: `approved ${c.approved} is below min ${c.min}` });
      if (c.max !== undefined && c.approved > c.max)
        ctx.addIssue({ code: "custom", path: ["approved"], message: `approved ${c.approved} is above max ${c.max}` });
    }
  });
export type ParamConfig = z.infer<typeof paramConfig>;
export type ParamValue = number | string | boolean;
export type ParamEvidence = { deployed: ParamValue };
export type ParamType = "number" | "string" | "boolean";

/** The type every value of a parameter has: its approved value's. */
export function paramType(config: Pick<ParamConfig, "approved">): ParamType {
  return typeof config.approved === "number" ? "number" : typeof config.approved === "boolean" ? "boolean" : "string";
}

/** A value of this parameter's type: a finite number, a short non-empty text, or a boolean. */
export function paramValueSchema(config: Pick<ParamConfig, "approved">) {
  const type = paramType(config);
  if (type === "number") return z.number({ error: "expected a finite number" }).finite("expected a finite number");
  if (type === "boolean") return z.boolean({ error: "expected true or false" });
  return z.string({ error: "expected a text" }).trim().min(1, "expected a non-empty text").max(200);
}

/**
 * Slack for comparing floating-point parameters, relative to their size: a few
 * units in the last place, so 0.1 + 0.2 equals 0.3 but 50,000,000.01 does not
 * equal 50,000,000.
 */
const FLOAT_ULPS = 4 * Number.EPSILON;

/** Whether a deployed value is the approved one (numbers within `tolerance` and a few units in the last place). */
export function paramMatches(config: ParamConfig, deployed: ParamValue): boolean {
  const { approved } = config;
  if (typeof approved !== "number" || typeof deployed !== "number") return deployed === approved;
  const slack = FLOAT_ULPS * Math.max(Math.abs(approved), Math.abs(deployed));
  return Math.abs(deployed - approved) <= (config.tolerance ?? 0) + slack;
}

/**
 * Why a proposed value may not become this parameter's approved value, or
 * null: outside min/max, or a step from the current approved value larger
 * than `max_step` (the value's type is the schema's to check).
 */
export function proposalProblem(config: ParamConfig, value: ParamValue): { code: "out_of_range" | "step_too_large"; message: string } | null {
  const { approved, unit: u } = config;
  if (typeof approved !== "number" || typeof value !== "number") return null;
  const shown = (n: number) => withUnit(n, u);
  if (config.min !== undefined && value < config.min) return { code: "out_of_range", message: `${shown(value)} is below min ${shown(config.min)}` };
  if (config.max !== undefined && value > config.max) return { code: "out_of_range", message: `${shown(value)} is above max ${shown(config.max)}` };
  const step = Math.abs(value - approved);
  if (config.max_step !== undefined && step > config.max_step + FLOAT_ULPS * Math.max(Math.abs(approved), Math.abs(value))) {
    return {
      code: "step_too_large",
      message: `${shown(approved)} → ${shown(value)} is a step of ${num(step)}, more than max_step ${num(config.max_step)}`,
    };
  }
  return null;
}

function evaluateParam(config: ParamConfig, deployed: number | string | boolean): Evaluation {
  const { approved, unit: u } = config;
  if (typeof approved !== "number" || typeof deployed !== "number") {
    return deployed === approved
      ? { status: "green", reason: `deployed ${String(deployed)} = approved` }
      : { status: "red", reason: `deployed ${String(deployed)} ≠ approved ${String(approved)}` };
  }
  const shown = (n: number) => withUnit(n, u);
  if (config.min !== undefined && deployed < config.min) return { status: "red", reason: `deployed ${shown(deployed)} below min ${shown(config.min)}` };
  if (config.max !== undefined && deployed > config.max) return { status: "red", reason: `deployed ${shown(deployed)} above max ${shown(config.max)}` };
  const tolerance = config.tolerance ?? 0;
  if (paramMatches(config, deployed)) {
    const within = tolerance > 0 ? ` (±${num(tolerance)})` : "";
    return { status: "green", reason: `deployed ${shown(deployed)} = approved ${shown(approved)}${within}` };
  }
  const within = tolerance > 0 ? ` beyond ±${num(tolerance)}` : "";
  return { status: "red", reason: `deployed ${shown(deployed)} ≠ approved ${shown(approved)}${within}` };
}

export const param = defineKind<"param", ParamConfig, ParamEvidence>({
  kind: "param",
  config: paramConfig,
  standard: (c) => {
    const shown = (v: number | string | boolean) => (typeof v === "number" ? withUnit(v, c.unit) : String(v));
    const bounds = [c.min !== undefined ? `min ${shown(c.min)}` : "", c.max !== undefined ? `max ${shown(c.max)}` : ""].filter(Boolean).join(", ");
    const tolerance = c.tolerance ? ` ±${num(c.tolerance)}` : "";
    return `Deployed must equal approved ${shown(c.approved)}${tolerance}${bounds ? ` (${bounds})` : ""}.`;
  },
  reported: {
    // The deployed value has the approved value's type.
    shape: ({ approved }) => ({
      deployed: typeof approved === "number" ? finite : typeof approved === "boolean" ? z.boolean() : z.string().min(1).max(200),
    }),
    evaluate: (config, { deployed }) => evaluateParam(config, deployed),
    describe: ({ deployed }) => `deployed ${String(deployed)}`,
    fields: (c) => {
      if (typeof c.approved === "boolean") {
        return [
          {
            type: "choice",
            name: "deployed",
            label: "Deployed value",
            error: "choose the deployed value",
            options: [
              { value: "true", label: "true", means: true },
              { value: "false", label: "false", means: false },
            ],
          },
        ];
      }
      const label = `Deployed value${c.unit ? ` (${c.unit})` : ""}`;
      return [typeof c.approved === "number" ? { type: "number", name: "deployed", label, unit: c.unit } : { type: "text", name: "deployed", label }];
    },
  },
});
