import { z } from "zod";

/**
 * Retention (issue 14, ADR 010): how many days a release keeps its repeated
 * readings before compaction; null keeps every reading. One rule for the API
 * and the audit page's form.
 */
export const RETENTION_DAYS_MAX = 3650;

export const retentionDaysSchema = z
  .number({ error: "expected a number of days" })
  .int("expected whole days")
  .min(1, "at least 1 day")
  .max(RETENTION_DAYS_MAX, `at most ${RETENTION_DAYS_MAX} days (ten years)`);

export const retentionSchema = z.strictObject({
  compact_after_days: z.union([retentionDaysSchema, z.null()], { error: "expected a number of days, or null to keep every reading" }),
});
export type RetentionInput = z.infer<typeof retentionSchema>;

/** The audit page's form: an empty field keeps every reading. */
export const retentionFormSchema = z.object({ intent: z.literal("retention"), compact_after_days: retentionDaysSchema.optional() });

/** What a release keeps, and what retention has compacted so far. */
export interface RetentionView {
  compact_after_days: number | null;
  compacted: { ranges: number; removed: number; through: number; last_at: string | null };
}
