/**
 * When a failed delivery is tried again (ADR 025): exponential backoff with
 * full jitter. The n-th retry waits a uniformly random time in
 * [0, min(cap, base · 2^(n-1))]; retries stop once a day has passed since the
 * first attempt, and the delivery is marked failed. Pure: `random` is given.
 */
export const RETRY_CAP_MS = 2 * 60 * 60 * 1000;
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

export interface RetryInput {
  /** Attempts made so far, including the one that just failed (≥ 1). */
  attempts: number;
  firstAttemptAt: Date;
  now: Date;
  baseMs: number;
  random: () => number;
}

/** The next attempt's time, or null: give up (a day has passed since the first attempt). */
export function nextAttempt({ attempts, firstAttemptAt, now, baseMs, random }: RetryInput): Date | null {
  if (now.getTime() - firstAttemptAt.getTime() >= GIVE_UP_AFTER_MS) return null;
  const ceiling = Math.min(RETRY_CAP_MS, baseMs * 2 ** Math.min(Math.max(attempts - 1, 0), 40));
  // Full jitter, but never sooner than a millisecond: the same instant would spin.
  const delay = Math.max(1, Math.floor(random() * ceiling));
  return new Date(now.getTime() + delay);
}
