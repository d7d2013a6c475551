import { z } from "zod";
import { addDays, daysBetween, isoDate } from "../time";
import { defineKind, isoDateSchema, num, type Evaluation } from "./common";

/**
 * `drill` (SPEC 3, 12.5): the latest drill passed, in time, and is still
 * valid on the launch date. Timings over the template's targets count as a
 * failure (a circuit breaker that tripped after two minutes did not protect
 * anyone); a pass that lapses before launch is amber at once, not on the day
 * it lapses, so the PMO schedules the re-run while there is time.
 */
export const drillConfig = z
  .object({
    valid_days: z.number().int().positive(),
    /** Seconds from the fault being injected to it being detected (an alert, a halt). */
    max_detect_s: z.number().positive().optional(),
    /** Seconds from the fault being injected to it being contained. */
    max_mitigate_s: z.number().positive().optional(),
  })
  .strict();
export type DrillConfig = z.infer<typeof drillConfig>;
export type DrillEvidence = { performed_on: string; result: "pass" | "fail"; detect_s?: number; mitigate_s?: number };

const seconds = z.number().finite().nonnegative().max(604_800, "at most a week (604800 s)");

/** The last day a drill performed on `performedOn` is valid. */
export function drillValidUntil(config: Pick<DrillConfig, "valid_days">, performedOn: string): string {
  return addDays(performedOn, config.valid_days);
}

/** Each timing over its target, in words (`detected in 95 s > target 60 s (+35 s)`). */
export function drillOverTarget(config: DrillConfig, evidence: DrillEvidence): string[] {
  const over: string[] = [];
  const check = (took: number | undefined, target: number | undefined, verb: string) => {
    if (took !== undefined && target !== undefined && took > target)
      over.push(`${verb} in ${num(took)} s > target ${num(target)} s (+${num(took - target)} s)`);
  };
  check(evidence.detect_s, config.max_detect_s, "detected");
  check(evidence.mitigate_s, config.max_mitigate_s, "mitigated");
  return over;
}

/** The timings the targets ask for that the report left out. */
function untimed(config: DrillConfig, evidence: DrillEvidence): string | null {
  const detect = config.max_detect_s !== undefined && evidence.detect_s === undefined;
  const mitigate = config.max_mitigate_s !== undefined && evidence.mitigate_s === undefined;
  if (detect && mitigate) return `times to detect and mitigate not recorded (targets ${num(config.max_detect_s!)} s, ${num(config.max_mitigate_s!)} s)`;
  if (detect) return `time to detect not recorded (target ${num(config.max_detect_s!)} s)`;
  if (mitigate) return `time to mitigate not recorded (target ${num(config.max_mitigate_s!)} s)`;
  return null;
}

/** A drill that passed and met its timings (expiry aside). */
const passedInTime = (config: DrillConfig, evidence: DrillEvidence) => evidence.result === "pass" && !drillOverTarget(config, evidence).length;

function evaluateDrill(config: DrillConfig, drillRun: DrillEvidence, now: Date, launch: string | undefined): Evaluation {
  const on = drillRun.performed_on;
  if (drillRun.result === "fail") return { status: "red", reason: `drill failed on ${on}` };
  const over = drillOverTarget(config, drillRun);
  if (over.length) return { status: "red", reason: `drill on ${on} counts as failed: ${over.join("; ")}` };
  const validUntil = drillValidUntil(config, on);
  if (daysBetween(on, isoDate(now)) > config.valid_days) return { status: "amber", reason: `passed on ${on}, expired after ${validUntil}` };
  const missing = untimed(config, drillRun);
  if (missing) return { status: "amber", reason: `passed on ${on}, ${missing}` };
  // Valid today but not on launch day: amber now, while there is time to run it again.
  if (launch !== undefined && validUntil < launch) {
    return { status: "amber", reason: `passed on ${on}, valid until ${validUntil}: expires before launch ${launch}` };
  }
  return { status: "green", reason: `passed on ${on}, valid until ${validUntil}` };
}

const timings = ({ detect_s, mitigate_s }: DrillEvidence) =>
  [detect_s === undefined ? "" : `; detected in ${num(detect_s)} s`, mitigate_s === undefined ? "" : `; mitigated in ${num(mitigate_s)} s`].join("");

export const drill = defineKind<"drill", DrillConfig, DrillEvidence>({
  kind: "drill",
  config: drillConfig,
  standard: (c) => {
    const targets = [
      c.max_detect_s === undefined ? null : `detected within ${num(c.max_detect_s)} s`,
      c.max_mitigate_s === undefined ? null : `mitigated within ${num(c.max_mitigate_s)} s`,
    ].filter(Boolean);
    return `Green when the latest drill passed within ${c.valid_days} days${targets.length ? `, ${targets.join(" and ")},` : ""} and is still valid on the launch date.`;
  },
  reported: {
    shape: () => ({ performed_on: isoDateSchema, result: z.enum(["pass", "fail"]), detect_s: seconds.optional(), mitigate_s: seconds.optional() }),
    // A day of grace for time zones ahead of UTC.
    refuse: ({ performed_on }, now) =>
      performed_on > addDays(isoDate(now), 1)
        ? { message: "a drill cannot be reported before it is performed", path: "performed_on", detail: "must not be in the future" }
        : null,
    // SPEC 3 judges "the latest drill": one performed before the one on record does not replace it.
    merge: (previous, next) => (next.performed_on < previous.performed_on ? previous : next),
    evaluate: (config, drillRun, now, context) => evaluateDrill(config, drillRun, now, context?.launch),
    // A drill that passed in time expires the day after its validity ends (UTC): green → amber, or an amber
    // "expires before launch" → amber "expired". A failed one has nothing left to expire.
    expires: (config, drillRun) => (passedInTime(config, drillRun) ? new Date(`${addDays(drillRun.performed_on, config.valid_days + 1)}T00:00:00Z`) : null),
    describe: (drillRun) => `${drillRun.result} on ${drillRun.performed_on}${timings(drillRun)}`,
    fields: (c) => [
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
      ...(c.max_detect_s === undefined ? [] : [{ type: "number" as const, name: "detect_s", label: "Time to detect", unit: "s", min: 0 }]),
      ...(c.max_mitigate_s === undefined ? [] : [{ type: "number" as const, name: "mitigate_s", label: "Time to mitigate", unit: "s", min: 0 }]),
    ],
  },
});
