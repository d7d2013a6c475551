import type { Logger } from "../logger";
import { addDays, isoDate, type Clock } from "../../app/shared/time";
import type { WbsService } from "./service";

/**
 * "Today" moves the projection: unfinished work cannot happen in the past,
 * so a task item can turn red overnight with nobody touching it. At start-up
 * and at every UTC midnight each release with a WBS is re-projected as one
 * `schedule.refreshed` event (task items and the board's schedule tile).
 */
export function startDailyReplan(wbs: WbsService, { clock, logger }: { clock: Clock; logger: Logger }) {
  let timer: NodeJS.Timeout | undefined;

  const run = () => {
    for (const release of wbs.releasesWithPlan()) {
      try {
        wbs.refresh(release);
      } catch (error) {
        logger.error({ err: error, release }, "daily re-projection failed");
      }
    }
    // +1 s past midnight, so the clock reads the new date when it fires.
    const next = Date.parse(`${addDays(isoDate(clock()), 1)}T00:00:01Z`);
    timer = setTimeout(run, Math.max(1000, next - clock().getTime()));
    timer.unref();
  };

  run();
  return {
    stop() {
      clearTimeout(timer);
    },
  };
}
