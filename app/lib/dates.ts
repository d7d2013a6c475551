import { daysBetween, formatAge } from "../../server/time";

export function daysToLaunch(launchDate: string, now: Date): string {
  const days = daysBetween(now.toISOString().slice(0, 10), launchDate);
  if (days === 0) return "launch day";
  if (days < 0) return `${-days} days past launch`;
  return days === 1 ? "1 day to launch" : `${days} days to launch`;
}

export function ageOf(at: string | null, now: Date): string {
  return at ? `${formatAge(now.getTime() - Date.parse(at))} ago` : "—";
}

/** `2026-11-21T08:04:11.123Z` → `2026-11-21 08:04 UTC` */
export function formatInstant(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
}
