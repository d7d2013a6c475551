import { z } from "zod";
import { defineKind, finite, num, unit, withUnit, type Evaluation } from "./common";

/** `param` (SPEC 3): a deployed risk parameter against its approved value. */
const paramValue = z.union([finite, z.string().min(1), z.boolean()]);
export const paramConfig = z
  .object({ approved: paramValue, min: finite.optional(), max: finite.optional(), tolerance: finite.nonnegative().optional(), unit })
  .strict()
  .superRefine((c, ctx) => {
    const numeric = typeof c.approved === "number";
    for (const key of ["min", "max", "tolerance"] as const) {
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
export type ParamEvidence = { deployed: number | string | boolean };

/**
 * Slack for comparing floating-point parameters, relative to their size: a few
 * units in the last place, so 0.1 + 0.2 equals 0.3 but 50,000,000.01 does not
 * equal 50,000,000.
 */
const FLOAT_ULPS = 4 * Number.EPSILON;

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
  const slack = FLOAT_ULPS * Math.max(Math.abs(approved), Math.abs(deployed));
  if (Math.abs(deployed - approved) <= tolerance + slack) {
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
