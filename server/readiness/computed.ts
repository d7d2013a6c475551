import { and, asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../db/client";
import { items, users } from "../../db/schema";
import { evaluate, itemDefinition, type ComputedKindName, type Facts } from "../../app/shared/kinds";
import { withAssignee, type ItemChange } from "./items";

/**
 * Computed items follow the facts they are computed from: when a write
 * brings new facts (a plan change gives `task` items their linked tasks), the
 * ledger re-evaluates the items of those kinds in the same transaction, so the
 * same event shows them. A new computed kind needs nothing here.
 */
export function recomputeItems(tx: Tx, release: string, facts: Partial<Facts>, now: Date): ItemChange[] {
  const kinds = Object.keys(facts) as ComputedKindName[];
  if (!kinds.length) return [];
  const at = now.toISOString();
  const rows = tx
    .select(withAssignee)
    .from(items)
    .leftJoin(users, eq(items.assigneeId, users.id))
    .where(and(eq(items.releaseId, release), inArray(items.kind, kinds)))
    .orderBy(asc(items.position))
    .all();
  const changes: ItemChange[] = [];
  for (const row of rows) {
    const next = evaluate(itemDefinition(row), null, now, facts);
    if (next.status === row.status && next.reason === row.reason) continue;
    tx.update(items)
      .set({ status: next.status, reason: next.reason, updatedAt: at })
      .where(and(eq(items.releaseId, release), eq(items.id, row.id)))
      .run();
    changes.push({ row: { ...row, status: next.status, reason: next.reason, updatedAt: at }, from: row.status });
  }
  return changes;
}
