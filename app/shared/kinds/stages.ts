import { z } from "zod";
import { defineKind } from "./common";

/** `stages` (SPEC 3, 12.4): certification stages reported one at a time and merged. */
export const STAGE_RESULTS = ["passed", "failed", "pending"] as const;
export type StageResult = (typeof STAGE_RESULTS)[number];

export const stagesConfig = z
  .object({
    stages: z
      .array(z.string().regex(/^[a-z0-9_-]+$/, "use lowercase letters, digits, dashes and underscores"))
      .min(1)
      .refine((s) => new Set(s).size === s.length, "stage names must be unique"),
  })
  .strict();
export type StagesConfig = z.infer<typeof stagesConfig>;
export type StagesEvidence = { stages: Record<string, StageResult> };

export const stages = defineKind<"stages", StagesConfig, StagesEvidence>({
  kind: "stages",
  config: stagesConfig,
  standard: (c) => `Green when every stage passed: ${c.stages.join(", ")}.`,
  reported: {
    shape: (c) => ({
      stages: z
        .strictObject(Object.fromEntries(c.stages.map((s) => [s, z.enum(STAGE_RESULTS).optional()])))
        .refine((s) => Object.values(s).some((v) => v !== undefined), "report at least one stage"),
    }),
    // Stages accumulate: a report names only the stages it ran.
    merge: (previous, next) => {
      const merged = { ...previous.stages };
      for (const [name, result] of Object.entries(next.stages)) if (result !== undefined) merged[name] = result;
      return { stages: merged };
    },
    evaluate: ({ stages: names }, { stages: reported }) => {
      const failed = names.filter((n) => reported[n] === "failed");
      const passed = names.filter((n) => reported[n] === "passed");
      if (failed.length) return { status: "red", reason: `failed: ${failed.join(", ")}` };
      if (passed.length === names.length) return { status: "green", reason: `all ${names.length} stages passed` };
      const waiting = names.filter((n) => reported[n] !== "passed");
      return { status: passed.length ? "amber" : "pending", reason: `${passed.length}/${names.length} stages passed; waiting: ${waiting.join(", ")}` };
    },
    describe: ({ stages: reported }) =>
      Object.entries(reported)
        .map(([stage, result]) => `${stage}: ${result}`)
        .join(", "),
    fields: (c) => [{ type: "stages", name: "stages", label: "Stages (leave “unchanged” to keep what was reported)", stages: c.stages }],
  },
});
