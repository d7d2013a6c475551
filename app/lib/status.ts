import type { TFunction } from "i18next";
import type { Status } from "../shared/kinds";

/** Status is shown by colour and symbol and word, never by colour alone (SPEC 10). */
/** The word is `t(`common.status.${status}`)`, in the page's language. */
export const STATUS_LOOK: Record<Status, { symbol: string; badge: string; bar: string; row: string }> = {
  red: { symbol: "✖", badge: "bg-red-700 text-white", bar: "bg-red-600", row: "border-l-red-600" },
  amber: { symbol: "▲", badge: "bg-amber-400 text-amber-950", bar: "bg-amber-400", row: "border-l-amber-400" },
  pending: { symbol: "○", badge: "bg-slate-200 text-slate-800 ring-1 ring-slate-400", bar: "bg-slate-300", row: "border-l-slate-300" },
  green: { symbol: "✔", badge: "bg-emerald-700 text-white", bar: "bg-emerald-600", row: "border-l-emerald-600" },
};

/**
 * Status chips on the dark TV board: every pair holds WCAG AA contrast
 * (4.5:1 or more, text on its chip; test/tv.test.ts measures the rendered
 * colours). Tailwind 4's emerald-600 with white is 3.65:1, hence 700.
 */
export const TV_STATUS: Record<Status, string> = {
  red: "bg-red-600 text-white",
  amber: "bg-amber-400 text-slate-950",
  pending: "bg-slate-600 text-white",
  green: "bg-emerald-700 text-white",
};

/** Worst first: what blocks the release leads every list. */
export const STATUS_ORDER: Status[] = ["red", "amber", "pending", "green"];

/** The worst status among counts (green when there is nothing else). */
export function worstOf(counts: Record<Status, number>): Status {
  return STATUS_ORDER.find((s) => counts[s] > 0) ?? "green";
}

/** Slack of 2 working days or less is thin. */
export const THIN_SLACK_DAYS = 2;

/** The plan against the launch date, as a status: misses it (red), thin slack (amber), on track (green); in words of the page's language. */
export function slackStatus(slack: number, t: TFunction): { status: Status; word: string } {
  if (slack < 0) return { status: "red", word: t("board.schedule.missesBy", { count: -slack }) };
  if (slack <= THIN_SLACK_DAYS) return { status: "amber", word: slack === 0 ? t("board.schedule.noSlack") : t("board.schedule.thin", { count: slack }) };
  return { status: "green", word: t("board.schedule.onTrack", { count: slack }) };
}
