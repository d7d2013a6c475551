import type { Db } from "../db/client";
import type { GreenlightEvent } from "../app/shared/events";
import type { Clock } from "../app/shared/time";
import { createActions } from "./actions/service";
import { createCertification } from "./certification/service";
import { createSealer, loadChainKey } from "./chain";
import { createProjection } from "./board/projection";
import { createGoNoGo } from "./gonogo/service";
import { createIdempotency } from "./idempotency";
import { createLedger } from "./ledger";
import { createPostmortems } from "./postmortems/service";
import { createReadiness } from "./readiness/service";
import { createRetention } from "./retention";
import { createRoster } from "./roster/service";
import { createSops } from "./sops/service";
import { createParams } from "./params/service";
import type { Template } from "./readiness/template";
import type { Planner } from "./schedule/planner";
import { createWbs } from "./schedule/service";
import { createDrills } from "./drills/service";
import { createCalendar } from "./calendar/feed";
import { createAlertmanager } from "./monitoring/alertmanager";
import { createSourceReads } from "./monitoring/prometheus-poll";
import { createCampaigns } from "./campaigns/service";

export interface ServicesDeps {
  db: Db;
  clock: Clock;
  templates: ReadonlyMap<string, Template>;
  /** A ledger listener failed after a commit (the write stands). */
  onListenerError?: (error: unknown, event: GreenlightEvent | null) => void;
  /** Who is watching a release's board now (the decision record's attendees). */
  presenceOf?: (release: string) => { people: string[]; screens: string[] };
  /** The key that seals each release's chain head (default: the key file in the user's config folder, created on first use). */
  chainKey?: Buffer;
  /** Where imported plans are parsed and scheduled (the server: a worker thread; default: in this thread). */
  planner?: Planner;
}

/**
 * The domain services on one database: each module writes through the one
 * ledger and screens read the one projection. Modules never call each
 * other's writes, so there is nothing to wire late; whoever must hear of
 * commits (the realtime hub, the sweeper) subscribes to the ledger.
 */
export function createServices({ db, clock, templates, onListenerError, presenceOf, chainKey, planner }: ServicesDeps) {
  const { key, sealer, projection, ledger } = createLedgerOn({ db, clock, chainKey, onListenerError });
  const actions = createActions({ db, clock, ledger, templates });
  const readiness = createReadiness({ db, clock, ledger, templates });
  return {
    ledger,
    sealer,
    projection,
    actions,
    postmortems: createPostmortems({ db, clock, ledger, actions }),
    readiness,
    wbs: createWbs({ db, ledger, clock, planner }),
    goNoGo: createGoNoGo({ db, ledger, projection, actions, sealer, clock, presenceOf }),
    retention: createRetention({ db, ledger, sealer, clock }),
    idempotency: createIdempotency({ db, ledger, clock, chainKey: key }),
    roster: createRoster({ db, clock, ledger }),
    sops: createSops({ db, clock, ledger }),
    params: createParams({ db, clock, ledger }),
    drills: createDrills({ db, clock, ledger, readiness, actions }),
    certification: createCertification({ readiness }),
    calendar: createCalendar({ db, clock }),
    alertmanager: createAlertmanager({ ledger, readiness }),
    sources: createSourceReads(db),
    campaigns: createCampaigns({ db, clock, ledger }),
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * The one ledger on a database, with the projection it keeps and the sealer of
 * its chain heads: what every service writes through. Alone, for the CLI's
 * commands on people and tokens, which need no templates.
 */
export function createLedgerOn({ db, clock, chainKey, onListenerError }: Pick<ServicesDeps, "db" | "clock" | "chainKey" | "onListenerError">) {
  const projection = createProjection(db, clock);
  const key = chainKey ?? loadChainKey();
  const sealer = createSealer(key);
  const ledger = createLedger({ db, clock, projection, sealer, onListenerError });
  return { key, sealer, projection, ledger };
}
