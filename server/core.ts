import { createGoNoGo, type GoNoGo } from "./gonogo/service";
import { createReadiness, type ReadinessDeps } from "./readiness/service";
import { createWbs, type WbsService } from "./schedule/service";

/**
 * Readiness, the WBS and Go/No-Go, wired together: the WBS and Go/No-Go
 * services write through readiness, and readiness asks them for the board's
 * schedule tile and meeting, votes and decision.
 */
export function createCore(
  deps: Omit<ReadinessDeps, "scheduleOf" | "goNoGoOf"> & {
    presenceOf?: (release: string) => { people: string[]; screens: string[] };
  },
) {
  const { presenceOf, ...readinessDeps } = deps;
  let wbs: WbsService | undefined;
  let goNoGo: GoNoGo | undefined;
  const readiness = createReadiness({
    ...readinessDeps,
    scheduleOf: (release) => wbs!.boardSchedule(release),
    goNoGoOf: (release) => goNoGo!.goNoGo(release),
  });
  wbs = createWbs({ db: deps.db, readiness, clock: deps.clock });
  goNoGo = createGoNoGo({ db: deps.db, readiness, clock: deps.clock, presenceOf });
  return { readiness, wbs, goNoGo };
}
