import { and, eq } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { paramDrift } from "../../db/schema";
import { paramMatches, type ParamConfig, type ParamEvidence } from "../../app/shared/kinds";
import type { ItemChange } from "../readiness/items";

/**
 * When each drift began (SPEC 12.3, ADR 019): a `param` item whose deployed
 * value differs from its approved one has a `param_drift` row holding the
 * instant it started to differ; the row goes when they agree again. The
 * ledger calls this for every write's item changes, in the write's own
 * transaction, so evidence reports, the deployed push and approvals all keep
 * it, and a drift's age is read as now − since, never from the log.
 */
export function settleDrift(tx: Tx, release: string, changes: readonly ItemChange[], at: string): void {
  for (const { row } of changes) {
    if (row.kind !== "param") continue;
    const deployed = (row.evidence as ParamEvidence | null)?.deployed;
    const where = and(eq(paramDrift.releaseId, release), eq(paramDrift.itemId, row.id));
    if (deployed !== undefined && !paramMatches(row.config as ParamConfig, deployed)) {
      // A drift that goes on (another wrong value, a new approved value it still misses) keeps its start.
      tx.insert(paramDrift).values({ releaseId: release, itemId: row.id, since: at }).onConflictDoNothing().run();
    } else {
      tx.delete(paramDrift).where(where).run();
    }
  }
}
