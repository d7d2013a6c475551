import { z } from "zod";
import { isoDateSchema, slug } from "./kinds";
import { addDays, DATE_RANGE_MESSAGE, daysBetween, inDateRange, isValidIsoDate } from "./time";

/**
 * Campaign input (SPEC 13, ADR 024), shared by the API and the calendar
 * page's form. Unknown task and item ids, and an end before the start once
 * resolved, are checked by the service against the release.
 */
export const CAMPAIGN_KINDS = ["trading_competition", "airdrop", "fee_promotion", "announcement", "other"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

const OFFSET = /^T(?:([+-])(\d{1,4}))?$/;

/** "2027-03-01", "T", "T-2" or "T+14". */
export const campaignDateSchema = z
  .string()
  .trim()
  .refine((s) => OFFSET.test(s) || isValidIsoDate(s), 'expected a date YYYY-MM-DD or an offset from launch in calendar days: "T", "T-2", "T+7"')
  .refine((s) => OFFSET.test(s) || inDateRange(s), DATE_RANGE_MESSAGE);

/** The calendar-day offset a spec gives, or null for an absolute date. */
export function offsetOf(spec: string): number | null {
  const match = OFFSET.exec(spec);
  if (!match) return null;
  if (!match[1]) return 0;
  return (match[1] === "-" ? -1 : 1) * Number(match[2]);
}

/** The date a spec stands for, given the launch date. */
export function resolveDate(spec: string, launch: string): string {
  const offset = offsetOf(spec);
  return offset === null ? spec : addDays(launch, offset);
}

/** A date as an offset from launch: "T", "T-2", "T+7". */
export function offsetLabel(date: string, launch: string): string {
  const n = daysBetween(launch, date);
  return n === 0 ? "T" : n > 0 ? `T+${n}` : `T${n}`;
}

const ids = (what: string) =>
  z
    .array(z.string().trim().min(1).max(200))
    .max(100)
    .refine((list) => new Set(list).size === list.length, `each ${what} once`);

export const campaignFields = {
  id: z
    .string()
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes, starting with a letter or digit"),
  name: z.string().trim().min(1, "name is required").max(160),
  kind: z.enum(CAMPAIGN_KINDS),
  starts: campaignDateSchema,
  ends: campaignDateSchema,
  requires: z.strictObject({ tasks: ids("task").default([]), items: ids("item").default([]) }).default({ tasks: [], items: [] }),
  owner: slug.max(64).default("marketing"),
};

export const campaignCreateSchema = z.strictObject(campaignFields);
export type CampaignInput = z.output<typeof campaignCreateSchema>;

export const campaignPatchSchema = z
  .strictObject({
    name: campaignFields.name,
    kind: campaignFields.kind,
    starts: campaignFields.starts,
    ends: campaignFields.ends,
    requires: z.strictObject({ tasks: ids("task").optional(), items: ids("item").optional() }),
    owner: slug.max(64),
    if_version: z.number().int().positive(),
  })
  .partial();
export type CampaignPatch = z.output<typeof campaignPatchSchema>;

export const rescheduleSchema = z.strictObject({ launch_date: isoDateSchema });

/** A campaign as the API and pages show it. */
export interface CampaignView {
  id: string;
  name: string;
  kind: (typeof CAMPAIGN_KINDS)[number];
  /** As given: an ISO date or an offset from launch ("T-2"). */
  starts: string;
  ends: string;
  /** Resolved against the current launch date. */
  start_date: string;
  end_date: string;
  /** The resolved dates as offsets from launch, "T-2". */
  start_offset: string;
  end_offset: string;
  requires: { tasks: string[]; items: string[] };
  /** Each requirement as it stands now. */
  requirements: {
    tasks: { id: string; name: string | null; status: string | null; projected_finish: string | null }[];
    items: { id: string; title: string | null; status: "green" | "amber" | "red" | "pending" | null }[];
  };
  at_risk: boolean;
  risk_reasons: string[];
  owner: string;
  version: number;
  created_at: string;
  updated_at: string;
}
