import { and, asc, desc, eq, getTableColumns, inArray, lt, max } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { items, paramApprovals, paramDrift, paramProposals, paramProposalValues, users } from "../../db/schema";
import { paramType, type ParamConfig, type ParamEvidence, type ParamValue } from "../../app/shared/kinds";
import type { ParamsView, ParamView, ProposalView } from "../../app/shared/params";
import { createNames } from "../auth/names";
import type { ItemRow } from "../readiness/items";

/**
 * Reading a release's risk parameters (SPEC 12.3): bounded by its `param`
 * items and its sign-offs (a human act, tens per release), never by the
 * event log; the drift's start is a row kept by the writes (./drift.ts).
 */
type ProposalRow = typeof paramProposals.$inferSelect;

const withAssignee = { ...getTableColumns(items), assigneeEmail: users.email, assigneeName: users.name };

/** The release's `param` items in checklist order. */
export function paramItems(tx: Db | Tx, release: string): ItemRow[] {
  return tx
    .select(withAssignee)
    .from(items)
    .leftJoin(users, eq(items.assigneeId, users.id))
    .where(and(eq(items.releaseId, release), eq(items.kind, "param")))
    .orderBy(asc(items.position))
    .all();
}

/** Proposals with their values and approvals, read in three statements whatever their number. */
function proposalViews(db: Db | Tx, rows: ProposalRow[]): ProposalView[] {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const values = db
    .select({ ...getTableColumns(paramProposalValues), title: items.title, config: items.config })
    .from(paramProposalValues)
    .innerJoin(items, and(eq(items.releaseId, paramProposalValues.releaseId), eq(items.id, paramProposalValues.itemId)))
    .where(inArray(paramProposalValues.proposalId, ids))
    .orderBy(asc(items.position))
    .all();
  const approvals = db.select().from(paramApprovals).where(inArray(paramApprovals.proposalId, ids)).orderBy(asc(paramApprovals.at)).all();
  return rows.map((row): ProposalView => {
    const mine = values.filter((v) => v.proposalId === row.id);
    return {
      id: row.id,
      status: row.status,
      rationale: row.rationale,
      proposed_by: row.proposedBy,
      proposed_at: row.proposedAt,
      values: mine.map((v) => ({ item: v.itemId, title: v.title, unit: (v.config as ParamConfig).unit ?? null, value: v.value, base: v.base })),
      approvals: approvals.filter((a) => a.proposalId === row.id).map((a) => ({ by: a.approver, at: a.at })),
      decided_at: row.decidedAt,
      decided_by: row.decidedBy,
      reason: row.reason,
      stale:
        row.status === "pending"
          ? mine
              .filter((v) => (v.config as ParamConfig).approved !== v.base)
              .map((v) => ({ item: v.itemId, base: v.base, approved: (v.config as ParamConfig).approved }))
          : [],
    };
  });
}

export function proposalView(db: Db | Tx, row: ProposalRow): ProposalView {
  return proposalViews(db, [row])[0]!;
}

export function paramsView(db: Db, release: string, now: Date, page: { limit: number; before?: number }): ParamsView {
  const params = paramItems(db, release);
  const pendingRows = db
    .select()
    .from(paramProposals)
    .where(and(eq(paramProposals.releaseId, release), eq(paramProposals.status, "pending")))
    .orderBy(asc(paramProposals.id))
    .all();
  const pending = proposalViews(db, pendingRows);
  const historyRows = db
    .select()
    .from(paramProposals)
    .where(and(eq(paramProposals.releaseId, release), page.before === undefined ? undefined : lt(paramProposals.id, page.before)))
    .orderBy(desc(paramProposals.id))
    .limit(page.limit)
    .all();
  const history = proposalViews(db, historyRows);
  // The latest approved proposal touching each item: what its approved value came from.
  const latest = db
    .select({ item: paramProposalValues.itemId, proposal: max(paramProposalValues.proposalId) })
    .from(paramProposalValues)
    .innerJoin(paramProposals, eq(paramProposals.id, paramProposalValues.proposalId))
    .where(and(eq(paramProposalValues.releaseId, release), eq(paramProposals.status, "approved")))
    .groupBy(paramProposalValues.itemId)
    .all();
  const sources = proposalViews(
    db,
    latest.length
      ? db
          .select()
          .from(paramProposals)
          .where(
            inArray(
              paramProposals.id,
              latest.map((l) => l.proposal!),
            ),
          )
          .all()
      : [],
  );
  const sourceOf = new Map(latest.map((l) => [l.item, sources.find((s) => s.id === l.proposal)!]));
  const drifts = new Map(
    db
      .select()
      .from(paramDrift)
      .where(eq(paramDrift.releaseId, release))
      .all()
      .map((d) => [d.itemId, d.since]),
  );
  const views = params.map((row): ParamView => {
    const config = row.config as ParamConfig;
    const source = sourceOf.get(row.id);
    const deployed = (row.evidence as ParamEvidence | null)?.deployed;
    const since = drifts.get(row.id);
    return {
      id: row.id,
      section: row.sectionKey,
      title: row.title,
      owner: row.owner,
      type: paramType(config),
      unit: config.unit ?? null,
      min: config.min ?? null,
      max: config.max ?? null,
      tolerance: config.tolerance ?? null,
      max_step: config.max_step ?? null,
      status: row.status,
      reason: row.reason,
      approved: {
        value: config.approved,
        proposal: source?.id ?? null,
        at: source?.decided_at ?? null,
        by: source?.approvals.map((a) => a.by) ?? [],
      },
      proposed: pending.flatMap((p) =>
        p.values
          .filter((v) => v.item === row.id)
          .map((v) => ({ proposal: p.id, value: v.value, proposed_by: p.proposed_by, proposed_at: p.proposed_at, approvals: p.approvals.length })),
      ),
      deployed: deployed === undefined || !row.evidenceAt ? null : { value: deployed as ParamValue, at: row.evidenceAt, by: row.evidenceBy },
      drift: since ? { since, seconds: Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000)) } : null,
    };
  });
  const labels = [
    ...[...pending, ...history, ...sources].flatMap((p) => [p.proposed_by, p.decided_by, ...p.approvals.map((a) => a.by)]),
    ...views.map((v) => v.deployed?.by),
  ];
  return {
    release,
    now: now.toISOString(),
    params: views,
    pending,
    history: { proposals: history, next_before: historyRows.length === page.limit ? historyRows.at(-1)!.id : null },
    names: Object.fromEntries(createNames(db).namesOf(labels)),
  };
}
