import { describe, expect, it } from "vitest";
import { GIVE_UP_AFTER_MS, nextAttempt, RETRY_CAP_MS } from "./schedule";

const first = new Date("2026-12-01T00:00:00.000Z");
const at = (ms: number) => new Date(first.getTime() + ms);

describe("the retry schedule (exponential backoff, full jitter)", () => {
  it("doubles the ceiling each attempt from the base, up to two hours", () => {
    const ceilings = [1, 2, 3, 4, 10, 20].map(
      (attempts) => nextAttempt({ attempts, firstAttemptAt: first, now: first, baseMs: 30_000, random: () => 0.999999 })!.getTime() - first.getTime(),
    );
    expect(ceilings.map((ms) => Math.round(ms / 1000))).toEqual([30, 60, 120, 240, 7200, 7200]);
    expect(ceilings.at(-1)).toBeLessThanOrEqual(RETRY_CAP_MS);
  });

  it("is jittered over the whole interval, never the same instant", () => {
    expect(nextAttempt({ attempts: 3, firstAttemptAt: first, now: first, baseMs: 30_000, random: () => 0.5 })).toEqual(at(60_000));
    expect(nextAttempt({ attempts: 3, firstAttemptAt: first, now: first, baseMs: 30_000, random: () => 0 })).toEqual(at(1));
  });

  it("keeps trying for a day after the first attempt, then gives up", () => {
    expect(nextAttempt({ attempts: 30, firstAttemptAt: first, now: at(GIVE_UP_AFTER_MS - 1), baseMs: 30_000, random: () => 0.5 })).not.toBeNull();
    expect(nextAttempt({ attempts: 30, firstAttemptAt: first, now: at(GIVE_UP_AFTER_MS), baseMs: 30_000, random: () => 0.5 })).toBeNull();
  });

  it("with the largest delays, a day holds at least a dozen attempts", () => {
    let now = first;
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const next = nextAttempt({ attempts, firstAttemptAt: first, now, baseMs: 30_000, random: () => 0.999999 });
      if (!next) break;
      now = next;
    }
    expect(attempts).toBeGreaterThanOrEqual(12);
    expect(now.getTime() - first.getTime()).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
  });
});
