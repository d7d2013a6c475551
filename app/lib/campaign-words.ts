import type { TFunction } from "i18next";
import { STATUSES, type Status } from "../shared/kinds";

const isStatus = (word: string): word is Status => (STATUSES as readonly string[]).includes(word);

/**
 * A campaign's risk reason (server/campaigns/risk.ts writes them in English,
 * as the API answers) in the reader's language: each pattern the server
 * writes, matched and said again with the locale's words.
 */
const PATTERNS: [RegExp, (m: RegExpExecArray, t: TFunction) => string][] = [
  [
    /^starts (\S+), (\d+) days? before task (.+)'s projected finish (\S+)$/,
    (m, t) => t(m[2] === "1" ? "campaigns.reasons.taskLateOne" : "campaigns.reasons.taskLate", { start: m[1], days: m[2], task: m[3], finish: m[4] }),
  ],
  [/^starts (\S+), the day task (.+) is projected to finish$/, (m, t) => t("campaigns.reasons.taskSameDay", { start: m[1], task: m[2] })],
  [/^requires task (.+), which is no longer in the plan$/, (m, t) => t("campaigns.reasons.taskGone", { task: m[1] })],
  [/^requires item (.+), which is no longer in the checklist$/, (m, t) => t("campaigns.reasons.itemGone", { item: m[1] })],
  [
    /^requires item (.+), which is (\w+)$/,
    (m, t) => t("campaigns.reasons.itemNotGreen", { item: m[1], status: isStatus(m[2]!) ? t(`common.status.${m[2]}`) : m[2] }),
  ],
];

export function campaignReason(reason: string, t: TFunction): string {
  for (const [pattern, say] of PATTERNS) {
    const match = pattern.exec(reason);
    if (match) return say(match, t);
  }
  return reason;
}
