import type { Status } from "../../app/shared/kinds";
import { daysBetween } from "../../app/shared/time";

/**
 * Campaign dates and risk (SPEC 13, ADR 024), pure: a date is kept as
 * given, an ISO date or an offset from the launch date in CALENDAR days
 * ("T-2", "T", "T+7": marketing counts weekends), and resolved against the
 * launch date on read. A campaign is at risk when it starts on or before a
 * required task's projected finish, or while a required item is not green,
 * until it has ended.
 */
export { CAMPAIGN_KINDS, campaignDateSchema, offsetLabel, offsetOf, resolveDate, type CampaignKind } from "../../app/shared/campaigns";

/** A required task as risk reads it: its status and projected finish (null: not in the plan). */
export interface RequiredTask {
  id: string;
  name: string | null;
  status: string | null;
  projected_finish: string | null;
}

export interface RequiredItem {
  id: string;
  title: string | null;
  status: Status | null;
}

export interface Risk {
  at_risk: boolean;
  risk_reasons: string[];
}

/**
 * Whether a campaign running `start`…`end` is at risk on `today`: a
 * campaign that has ended is not; one not yet ended is at risk for each
 * required task not done whose projected finish is on or after its start,
 * and for each required item that is not green now.
 */
export function campaignRisk(start: string, end: string, today: string, tasks: readonly RequiredTask[], items: readonly RequiredItem[]): Risk {
  if (end < today) return { at_risk: false, risk_reasons: [] };
  const reasons: string[] = [];
  for (const task of tasks) {
    if (task.status === null || task.projected_finish === null) {
      reasons.push(`requires task ${task.id}, which is no longer in the plan`);
      continue;
    }
    if (task.status === "done" || task.projected_finish < start) continue;
    const days = daysBetween(start, task.projected_finish);
    reasons.push(
      days === 0
        ? `starts ${start}, the day task ${task.id} is projected to finish`
        : `starts ${start}, ${days} ${days === 1 ? "day" : "days"} before task ${task.id}'s projected finish ${task.projected_finish}`,
    );
  }
  for (const item of items) {
    if (item.status === null) reasons.push(`requires item ${item.id}, which is no longer in the checklist`);
    else if (item.status !== "green") reasons.push(`requires item ${item.id}, which is ${item.status}`);
  }
  return { at_risk: reasons.length > 0, risk_reasons: reasons };
}
