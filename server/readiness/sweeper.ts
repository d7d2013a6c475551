import type { Logger } from "../logger";
import type { Clock } from "../../app/shared/time";

/** Something that changes with time alone: evidence going stale (readiness), an action turning overdue (actions). */
export interface Sweepable {
  sweep(now?: Date): unknown;
  nextDeadline(now?: Date): Date | null;
}

/**
 * Runs the time sweeps exactly when the next item is due to go stale or
 * expire or the next action turns overdue, so the gate closes the moment
 * evidence ages out (SPEC 2), and at least every `maxIntervalMs` as a safety
 * net.
 */
export function startSweeper(jobs: readonly Sweepable[], { clock, maxIntervalMs, logger }: { clock: Clock; maxIntervalMs: number; logger: Logger }) {
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Infinity;

  const schedule = (at: number) => {
    clearTimeout(timer);
    dueAt = at;
    // setTimeout's ceiling is about 24.8 days; the safety interval is far below it.
    // +1 ms: Node may fire a timer a millisecond early, before the deadline has passed.
    timer = setTimeout(run, Math.max(0, at - clock().getTime()) + 1);
    timer.unref();
  };

  const run = () => {
    let next = Infinity;
    for (const job of jobs) {
      try {
        job.sweep();
        next = Math.min(next, job.nextDeadline()?.getTime() ?? Infinity);
      } catch (error) {
        logger.error({ err: error }, "time sweep failed");
      }
    }
    const now = clock().getTime();
    schedule(Math.min(next, now + maxIntervalMs));
  };

  run();
  return {
    /** A write produced a deadline: sweep then if it is sooner than planned. */
    consider(at: Date) {
      if (at.getTime() < dueAt) schedule(at.getTime());
    },
    stop() {
      clearTimeout(timer);
    },
  };
}
