import type { Db } from "../../db/client";
import type { Clock } from "../../app/shared/time";
import type { Actions } from "../actions/service";
import type { Sealer } from "../chain";
import type { Projection } from "../board/projection";
import type { Ledger } from "../ledger";
import { createDecisions } from "./decisions";
import { createMeetings } from "./meetings";
import { createGoNoGoReads } from "./queries";

/**
 * Go/No-Go (issue 6, ADR 006): the meeting (./meetings.ts) and the votes,
 * decision record and follow-up actions (./decisions.ts), each writing
 * through the ledger, and the Go/No-Go part of the board (./queries.ts).
 */
export function createGoNoGo(deps: {
  db: Db;
  ledger: Ledger;
  projection: Projection;
  actions: Actions;
  sealer: Sealer;
  clock: Clock;
  presenceOf?: (release: string) => { people: string[]; screens: string[] };
  nameOf?: (label: string) => string;
}) {
  return { goNoGo: createGoNoGoReads(deps.db).goNoGo, ...createMeetings(deps), ...createDecisions(deps) };
}

export type GoNoGo = ReturnType<typeof createGoNoGo>;
export type { DecisionSummary } from "./decisions";
