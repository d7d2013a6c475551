import { daysBetween, formatAge, isoDate } from "../shared/time";

export { formatInstant } from "../shared/time";

export function daysToLaunch(launchDate: string, now: Date): string {
  const days = daysBetween(isoDate(now), launchDate);
  if (days === 0) return "launch day";
  if (days < 0) return days === -1 ? "1 day past launch" : `${-days} days past launch`;
  return days === 1 ? "1 day to launch" : `${days} days to launch`;
}

export function ageOf(at: string | null, now: Date): string {
  return at ? `${formatAge(now.getTime() - Date.parse(at))} ago` : "—";
}
