import { z } from "zod";
import { defineKind, percent } from "./common";

/** `ratio` (SPEC 3): passed out of total against a target share. */
const fraction = z.number().gt(0).lte(1);
export const ratioConfig = z
  .object({ target: fraction, warn: fraction.optional() })
  .strict()
  .refine((c) => c.warn === undefined || c.warn < c.target, { message: "warn must be below target", path: ["warn"] });
export type RatioConfig = z.infer<typeof ratioConfig>;
export type RatioEvidence = { passed: number; total: number };

export const ratio = defineKind<"ratio", RatioConfig, RatioEvidence>({
  kind: "ratio",
  config: ratioConfig,
  standard: (c) => `Green when at least ${percent(c.target)} passed${c.warn !== undefined ? `; amber from ${percent(c.warn)}` : ""}.`,
  reported: {
    shape: () => ({ passed: z.number().int().nonnegative(), total: z.number().int().min(1) }),
    check: ({ passed, total }) => (passed <= total ? null : { path: "passed", message: "passed must not exceed total" }),
    evaluate: (config, { passed, total }) => {
      const r = passed / total;
      const facts = `${passed}/${total} passed (${percent(r)})`;
      if (r >= config.target) return { status: "green", reason: `${facts} ≥ target ${percent(config.target)}` };
      if (config.warn !== undefined && r >= config.warn) {
        return { status: "amber", reason: `${facts} < target ${percent(config.target)}, within warn ${percent(config.warn)}` };
      }
      return { status: "red", reason: `${facts} < target ${percent(config.target)}` };
    },
    describe: ({ passed, total }) => `${passed}/${total} passed`,
    fields: () => [
      { type: "number", name: "passed", label: "Passed", integer: true, min: 0 },
      { type: "number", name: "total", label: "Total", integer: true, min: 1 },
    ],
  },
});
