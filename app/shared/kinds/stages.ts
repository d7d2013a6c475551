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

/** What a JUnit run said of one stage: its test cases, and how many failed, errored or were skipped. */
export interface TestCounts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** Where a stage's latest result came from: the certification matrix shows its date and link (ADR 020). */
export interface StageRecord {
  result: StageResult;
  /** Server time of the report. */
  at: string;
  link: string | null;
  /** The partner's software version the result was reported for. */
  version: string | null;
  /** Present when the result came from a JUnit report. */
  tests?: TestCounts;
}

export type StagesEvidence = {
  stages: Record<string, StageResult>;
  /** The partner's software version (SPEC 3): a report naming another version discards the earlier results. */
  version?: string;
  /** Only in a report built from JUnit (server/certification): each stage's test counts. Never kept as is. */
  junit?: Record<string, TestCounts>;
  /** Only in what the item keeps: each reported stage's latest result with its date, link and version. */
  results?: Record<string, StageRecord>;
};

/** A partner's software version as a harness reports it (`2.4.1`, `v3.0.0-rc.2+build.77`). */
export const stagesVersion = z
  .string()
  .trim()
  .min(1, "a version must not be empty")
  .max(64, "a version is at most 64 characters")
  .regex(/^[\p{L}\p{N}._+:~/-]+$/u, "use letters, digits and . _ + : ~ / - (no spaces)");

const prefix = (version: string | undefined) => (version ? `version ${version}: ` : "");

export const stages = defineKind<"stages", StagesConfig, StagesEvidence>({
  kind: "stages",
  config: stagesConfig,
  standard: (c) => `Green when every stage passed: ${c.stages.join(", ")}.`,
  reported: {
    shape: (c) => ({
      stages: z
        .strictObject(Object.fromEntries(c.stages.map((s) => [s, z.enum(STAGE_RESULTS).optional()])))
        .refine((s) => Object.values(s).some((v) => v !== undefined), "report at least one stage"),
      version: stagesVersion.optional(),
    }),
    // Stages accumulate: a report names only the stages it ran. A new software version starts the certification afresh
    // (SPEC 3); a report without a version is about the version on record, and the first version named is adopted.
    merge: (previous, next) => {
      const recertify = next.version !== undefined && previous.version !== undefined && next.version !== previous.version;
      const kept: StagesEvidence = recertify ? { stages: {} } : { stages: { ...previous.stages } };
      for (const [name, result] of Object.entries(next.stages)) if (result !== undefined) kept.stages[name] = result;
      const version = next.version ?? previous.version;
      if (version !== undefined) kept.version = version;
      if (!recertify && previous.results) kept.results = { ...previous.results };
      return kept;
    },
    stamp: (kept, reported, { at, link }) => {
      const { junit: _counts, ...rest } = kept;
      const results = { ...rest.results };
      for (const [name, result] of Object.entries(reported.stages)) {
        if (result === undefined) continue;
        const tests = reported.junit?.[name];
        results[name] = { result, at, link, version: rest.version ?? null, ...(tests ? { tests } : {}) };
      }
      return { ...rest, results };
    },
    evaluate: ({ stages: names }, { stages: reported, version }) => {
      const failed = names.filter((n) => reported[n] === "failed");
      const passed = names.filter((n) => reported[n] === "passed");
      if (failed.length) return { status: "red", reason: `${prefix(version)}failed: ${failed.join(", ")}` };
      if (passed.length === names.length) return { status: "green", reason: `${prefix(version)}all ${names.length} stages passed` };
      const waiting = names.filter((n) => reported[n] !== "passed");
      return {
        status: passed.length ? "amber" : "pending",
        reason: `${prefix(version)}${passed.length}/${names.length} stages passed; waiting: ${waiting.join(", ")}`,
      };
    },
    describe: ({ stages: reported, version }) => {
      const words = Object.entries(reported)
        .map(([stage, result]) => `${stage}: ${result}`)
        .join(", ");
      return version ? `version ${version}: ${words}` : words;
    },
    fields: (c) => [
      { type: "stages", name: "stages", label: "Stages (leave “unchanged” to keep what was reported)", stages: c.stages },
      { type: "text", name: "version", label: "Partner's software version (a new one starts the certification afresh)" },
    ],
  },
});
