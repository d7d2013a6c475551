import { z } from "zod";
import { addDays, daysBetween, isoDate } from "../time";
import { defineKind, isoDateSchema } from "./common";

/** `drill` (SPEC 3, 12.5): the latest drill passed, within its validity. */
export const drillConfig = z.object({ valid_days: z.number().int().positive() }).strict();
export type DrillConfig = z.infer<typeof drillConfig>;
export type DrillEvidence = { performed_on: string; result: "pass" | "fail" };

export const drill = defineKind<"drill", DrillConfig, DrillEvidence>({
  kind: "drill",
  config: drillConfig,
  standard: (c) => `Green when the latest drill passed within ${c.valid_days} days.`,
  reported: {
    shape: () => ({ performed_on: isoDateSchema, result: z.enum(["pass", "fail"]) }),
    // A day of grace for time zones ahead of UTC.
    refuse: ({ performed_on }, now) =>
      performed_on > addDays(isoDate(now), 1)
        ? { message: "a drill cannot be reported before it is performed", path: "performed_on", detail: "must not be in the future" }
        : null,
    // SPEC 3 judges "the latest drill": one performed before the one on record does not replace it.
    merge: (previous, next) => (next.performed_on < previous.performed_on ? previous : next),
    evaluate: ({ valid_days }, drillRun, now) => {
      if (drillRun.result === "fail") return { status: "red", reason: `drill failed on ${drillRun.performed_on}` };
      const validUntil = addDays(drillRun.performed_on, valid_days);
      if (daysBetween(drillRun.performed_on, isoDate(now)) <= valid_days) {
        return { status: "green", reason: `passed on ${drillRun.performed_on}, valid until ${validUntil}` };
      }
      return { status: "amber", reason: `passed on ${drillRun.performed_on}, expired after ${validUntil}` };
    },
    // A passed drill expires the day after its validity ends (UTC).
    expires: ({ valid_days }, { performed_on }) => new Date(`${addDays(performed_on, valid_days + 1)}T00:00:00Z`),
    describe: ({ performed_on, result }) => `${result} on ${performed_on}`,
    fields: () => [
      { type: "date", name: "performed_on", label: "Performed on" },
      {
        type: "choice",
        name: "result",
        label: "Result",
        error: "choose pass or fail",
        options: [
          { value: "pass", label: "✔ Pass", means: "pass" },
          { value: "fail", label: "✖ Fail", means: "fail" },
        ],
      },
    ],
  },
});
