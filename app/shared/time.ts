/**
 * The one date/time helper: server time is always UTC, stored as ISO strings;
 * calendar dates are `YYYY-MM-DD`.
 */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

const DAY_MS = 86_400_000;
const DURATION = /^(\d+)(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: DAY_MS } as const;

/** `"90s" | "90m" | "24h" | "7d"` → milliseconds, or null if it is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  const amount = Number(match[1]);
  return amount > 0 ? amount * UNIT_MS[match[2] as keyof typeof UNIT_MS] : null;
}

/** The UTC calendar date of an instant. */
export function isoDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * The dates Greenlight accepts anywhere (releases, plans, evidence, queries):
 * a launch lives in this range, and a calendar walked to year 9999 would hold
 * the event loop for minutes.
 */
export const DATE_RANGE = { min: "2000-01-01", max: "2200-12-31" } as const;
export const DATE_RANGE_MESSAGE = `dates run from ${DATE_RANGE.min} to ${DATE_RANGE.max}`;

/** A `YYYY-MM-DD` (or the date part of an ISO instant) inside DATE_RANGE. */
export function inDateRange(text: string): boolean {
  const date = text.slice(0, 10);
  return date >= DATE_RANGE.min && date <= DATE_RANGE.max;
}

export function isValidIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && isoDate(parsed) === text;
}

/** Whole days from date `a` to date `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return isoDate(new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS));
}

/** A short human age: "45s", "12m", "5h", "3d". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** `2026-11-21T08:04:11.123Z` → `2026-11-21 08:04 UTC` */
export function formatInstant(at: string): string {
  return `${at.slice(0, 10)} ${at.slice(11, 16)} UTC`;
}
