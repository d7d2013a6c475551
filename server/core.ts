import { createReadiness, type ReadinessDeps } from "./readiness/service";
import { createWbs, type WbsService } from "./schedule/service";

/**
 * Readiness and the WBS, wired together: the WBS service writes through
 * readiness, and readiness asks the WBS service for the board's schedule tile.
 */
export function createCore(deps: Omit<ReadinessDeps, "scheduleOf">) {
  let wbs: WbsService | undefined;
  const readiness = createReadiness({ ...deps, scheduleOf: (release) => wbs!.boardSchedule(release) });
  wbs = createWbs({ db: deps.db, readiness, clock: deps.clock });
  return { readiness, wbs };
}
