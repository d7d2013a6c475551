import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { items, paramApprovals, paramProposals, paramProposalValues } from "../../db/schema";
import { AppError, notFound } from "../../app/shared/errors";
import {
  evaluate,
  itemDefinition,
  nextChangeAt,
  paramValueSchema,
  proposalProblem,
  type EvidenceState,
  type ParamConfig,
  type ParamEvidence,
  type ParamValue,
} from "../../app/shared/kinds";
import { APPROVALS_NEEDED, type DeployedResult, type ParamsView, type ProposalInput, type ProposalView } from "../../app/shared/params";
import type { Clock } from "../../app/shared/time";
import { personOf, type Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Ledger } from "../ledger";
import { createItemReads, itemView, type ItemChange, type ItemRow } from "../readiness/items";
import { paramItems, paramsView, proposalView } from "./reads";

/**
 * Risk parameter sign-off (SPEC 12.3, ADR 019): proposals of values for a
 * release's `param` items, approved by two people other than the proposer
 * (admins or leads of risk); the second approval writes the values into the
 * items' `config.approved` and re-evaluates them against their latest
 * deployed evidence in the same transaction. The exchange's config service
 * pushes every deployed value in one call: one transaction, one
 * `evidence.reported` event per changed item.
 */
export interface ParamsDeps {
  db: Db;
  clock: Clock;
  ledger: Ledger;
}

/** One problem with one value, as `details` lists it. */
interface Problem {
  path: string;
  message: string;
  [extra: string]: unknown;
}

const sameValue = (a: ParamValue, b: ParamValue) => a === b;

export function createParams({ db, clock, ledger }: ParamsDeps) {
  const reads = createItemReads(db);

  function proposalRow(tx: Db | Tx, release: string, id: number) {
    const row = tx
      .select()
      .from(paramProposals)
      .where(and(eq(paramProposals.releaseId, release), eq(paramProposals.id, id)))
      .get();
    if (!row) {
      reads.requireRelease(release);
      throw notFound(`proposal ${id}`);
    }
    return row;
  }

  function requirePending(row: { id: number; status: string; decidedAt: string | null; decidedBy: string | null }) {
    if (row.status !== "pending") {
      throw new AppError(
        409,
        "proposal_closed",
        `proposal ${row.id} is ${row.status} (${row.decidedAt} by ${row.decidedBy}): nothing more can be done with it`,
      );
    }
  }

  /** A value for each named item, checked against its type, min/max and max_step; every problem in one refusal. */
  function checkValues(byId: Map<string, ItemRow>, all: (id: string) => ItemRow | undefined, values: Record<string, unknown>) {
    const problems: Problem[] = [];
    const checked: { row: ItemRow; value: ParamValue; base: ParamValue }[] = [];
    let steps = 0;
    if (!Object.keys(values).length)
      throw new AppError(422, "validation_failed", "name at least one parameter", [{ path: "values", message: "name at least one parameter" }]);
    for (const [id, raw] of Object.entries(values)) {
      const path = `values.${id}`;
      const row = byId.get(id);
      if (!row) {
        const other = all(id);
        problems.push({ path, message: other ? `"${id}" is a ${other.kind} item, not a risk parameter` : `no parameter "${id}" in this release` });
        continue;
      }
      const config = row.config as ParamConfig;
      const parsed = paramValueSchema(config).safeParse(raw);
      if (!parsed.success) {
        problems.push({ path, message: parsed.error.issues[0]?.message ?? "not a value of this parameter" });
        continue;
      }
      const value = parsed.data;
      if (sameValue(value, config.approved)) {
        problems.push({ path, message: `${String(value)} is already the approved value` });
        continue;
      }
      const problem = proposalProblem(config, value);
      if (problem?.code === "step_too_large") {
        steps++;
        const step = Math.abs((value as number) - (config.approved as number));
        problems.push({ path, message: `${row.title}: ${problem.message}`, previous: config.approved, step, max_step: config.max_step });
        continue;
      }
      if (problem) {
        problems.push({ path, message: problem.message });
        continue;
      }
      checked.push({ row, value, base: config.approved });
    }
    if (problems.length) {
      const named = problems.map((p) => `${p.path.slice("values.".length)}: ${p.message}`).join("; ");
      throw new AppError(422, steps ? "step_too_large" : "validation_failed", `the proposal was not recorded: ${named}`, problems);
    }
    return checked;
  }

  /** The rows, indexed, and a lookup for any item (to say a named item is no parameter). */
  function itemsOf(tx: Db | Tx, release: string) {
    const params = paramItems(tx, release);
    return { byId: new Map(params.map((r) => [r.id, r])), all: (id: string) => reads.items(release).find((r) => r.id === id) };
  }

  return {
    /** Approved, proposed and deployed side by side, drifts with their age, pending proposals and a page of the history. */
    view(release: string, page: { limit: number; before?: number } = { limit: 50 }): ParamsView {
      reads.requireRelease(release);
      return paramsView(db, release, clock(), page);
    },

    proposal(release: string, id: number): ProposalView {
      return proposalView(db, proposalRow(db, release, id));
    },

    /** Propose new approved values with a rationale (admins and risk leads). */
    propose(release: string, input: ProposalInput, actor: Actor): { proposal: ProposalView; seq: number } {
      assertCan(actor, { type: "params.propose" });
      const { result, seq } = ledger.record(release, actor, "params.proposed", ({ tx, at }) => {
        const { byId, all } = itemsOf(tx, release);
        const checked = checkValues(byId, all, input.values);
        const { id } = tx
          .insert(paramProposals)
          .values({ releaseId: release, rationale: input.rationale, proposedBy: personOf(actor), proposedAt: at, status: "pending" })
          .returning({ id: paramProposals.id })
          .get();
        tx.insert(paramProposalValues)
          .values(checked.map(({ row, value, base }) => ({ proposalId: id, releaseId: release, itemId: row.id, value, base })))
          .run();
        return {
          result: id,
          data: { proposal: id, values: Object.fromEntries(checked.map(({ row, value }) => [row.id, value])), rationale: input.rationale },
        };
      });
      return { proposal: this.proposal(release, result), seq };
    },

    /**
     * Approve a pending proposal: by an admin or a lead of risk who did not
     * propose it and has not approved it yet. The second approval makes its
     * values the approved ones: each item's `config.approved` (the value's
     * type kept, so its evidence schema holds) and its status re-evaluated
     * against the latest deployed value, in this transaction.
     */
    approve(release: string, id: number, actor: Actor): { proposal: ProposalView; approved: boolean; seq: number } {
      const proposal = proposalRow(db, release, id);
      assertCan(actor, { type: "params.approve", proposer: proposal.proposedBy });
      const { result, seq } = ledger.record(release, actor, "params.approved", ({ tx, at, now }) => {
        const row = proposalRow(tx, release, id);
        requirePending(row);
        const approvals = tx.select().from(paramApprovals).where(eq(paramApprovals.proposalId, id)).all();
        const mine = approvals.find((a) => a.approver === personOf(actor));
        if (mine) {
          throw new AppError(409, "already_approved_by_you", `you approved proposal ${id} at ${mine.at}: a second person must approve it`);
        }
        const values = tx.select().from(paramProposalValues).where(eq(paramProposalValues.proposalId, id)).all();
        const rows = values.map((v) => ({ v, row: reads.requireItem(release, v.itemId) }));
        // max_step was checked against the base: once another approval moved it, the check no longer holds.
        const stale = rows.filter(({ v, row }) => !sameValue((row.config as ParamConfig).approved, v.base));
        if (stale.length) {
          throw new AppError(
            409,
            "stale_proposal",
            `proposal ${id} was made against approved values that have changed since (${stale.map(({ v }) => v.itemId).join(", ")}): propose again`,
            stale.map(({ v, row }) => ({
              path: `values.${v.itemId}`,
              message: `proposed against ${String(v.base)}; approved is now ${String((row.config as ParamConfig).approved)}`,
            })),
          );
        }
        tx.insert(paramApprovals)
          .values({ proposalId: id, approver: personOf(actor), at })
          .run();
        const count = approvals.length + 1;
        const data = {
          proposal: id,
          approvals: count,
          approved: count >= APPROVALS_NEEDED,
          values: Object.fromEntries(values.map((v) => [v.itemId, v.value])),
        };
        if (count < APPROVALS_NEEDED) return { result: false, data };
        tx.update(paramProposals).set({ status: "approved", decidedAt: at, decidedBy: actor.label }).where(eq(paramProposals.id, id)).run();
        const changes: ItemChange[] = [];
        let deadline: Date | null = null;
        for (const { v, row: before } of rows) {
          const config = { ...(before.config as ParamConfig), approved: v.value };
          const definition = itemDefinition({ ...before, config });
          const evidence: EvidenceState | null = before.evidence && before.evidenceAt ? { data: before.evidence, at: before.evidenceAt } : null;
          const next = evaluate(definition, evidence, now);
          tx.update(items)
            .set({ config, status: next.status, reason: next.reason, updatedAt: at })
            .where(and(eq(items.releaseId, release), eq(items.id, before.id)))
            .run();
          changes.push({ row: { ...before, config, status: next.status, reason: next.reason, updatedAt: at }, from: before.status });
          const due = nextChangeAt(definition, evidence, now);
          if (due && (!deadline || due < deadline)) deadline = due;
        }
        return { result: true, data, items: changes, deadline };
      });
      return { proposal: this.proposal(release, id), approved: result, seq };
    },

    /** Turn a pending proposal down, with a reason: whoever may approve it. */
    reject(release: string, id: number, reason: string, actor: Actor): { proposal: ProposalView; seq: number } {
      const proposal = proposalRow(db, release, id);
      assertCan(actor, { type: "params.approve", proposer: proposal.proposedBy });
      return this.close(release, id, "rejected", reason, actor);
    },

    /** Take back one's own pending proposal. */
    withdraw(release: string, id: number, reason: string | undefined, actor: Actor): { proposal: ProposalView; seq: number } {
      const proposal = proposalRow(db, release, id);
      assertCan(actor, { type: "params.withdraw", proposer: proposal.proposedBy });
      return this.close(release, id, "withdrawn", reason ?? "", actor);
    },

    close(release: string, id: number, status: "rejected" | "withdrawn", reason: string, actor: Actor): { proposal: ProposalView; seq: number } {
      const { seq } = ledger.record(release, actor, "params.rejected", ({ tx, at }) => {
        requirePending(proposalRow(tx, release, id));
        tx.update(paramProposals).set({ status, decidedAt: at, decidedBy: actor.label, reason }).where(eq(paramProposals.id, id)).run();
        return { result: undefined, data: { proposal: id, reason, withdrawn: status === "withdrawn" } };
      });
      return { proposal: this.proposal(release, id), seq };
    },

    /**
     * The deployed values, all at once (the exchange's config service): each
     * one evidence for its item, one `evidence.reported` event per item whose
     * value or status changed, in one transaction. Any bad value refuses the
     * whole push with every problem named; keys that are no parameter of the
     * release are reported back, not written.
     */
    pushDeployed(release: string, values: Record<string, unknown>, actor: Actor): DeployedResult {
      reads.requireRelease(release);
      if (!Object.keys(values).length)
        throw new AppError(422, "validation_failed", "name at least one parameter", [{ path: "values", message: "name at least one parameter" }]);
      const now = clock();
      const at = now.toISOString();
      return ledger.transaction((append, tx) => {
        const params = new Map(paramItems(tx, release).map((r) => [r.id, r]));
        const unknown: string[] = [];
        const known: { row: ItemRow; value: ParamValue }[] = [];
        const problems: Problem[] = [];
        for (const [id, raw] of Object.entries(values)) {
          const row = params.get(id);
          if (!row) {
            unknown.push(id);
            continue;
          }
          assertCan(actor, { type: "evidence.report", owner: row.owner, assigneeId: row.assigneeId });
          const parsed = paramValueSchema(row.config as ParamConfig).safeParse(raw);
          if (parsed.success) known.push({ row, value: parsed.data });
          else problems.push({ path: `values.${id}`, message: parsed.error.issues[0]?.message ?? "not a value of this parameter" });
        }
        if (problems.length) {
          throw new AppError(
            422,
            "invalid_evidence",
            `the push was not recorded: ${problems.map((p) => `${p.path.slice("values.".length)}: ${p.message}`).join("; ")}`,
            problems,
          );
        }
        const changed: string[] = [];
        const unchanged: string[] = [];
        let seq: number | null = null;
        for (const { row, value } of known) {
          const evidence: ParamEvidence = { deployed: value };
          const definition = itemDefinition(row);
          const next = evaluate(definition, { data: evidence, at }, now);
          const previous = (row.evidence as ParamEvidence | null)?.deployed;
          if (previous !== undefined && sameValue(previous, value) && next.status === row.status && next.reason === row.reason) {
            unchanged.push(row.id);
            continue;
          }
          const { event } = append(release, actor, "evidence.reported", ({ tx: inner }) => {
            const version = row.version + 1;
            inner
              .update(items)
              .set({ evidence, evidenceAt: at, evidenceBy: actor.label, status: next.status, reason: next.reason, version, updatedAt: at })
              .where(and(eq(items.releaseId, release), eq(items.id, row.id)))
              .run();
            const updated: ItemRow = {
              ...row,
              evidence,
              evidenceAt: at,
              evidenceBy: actor.label,
              status: next.status,
              reason: next.reason,
              version,
              updatedAt: at,
            };
            return {
              result: itemView(updated),
              data: { item: row.id, evidence, note: null, link: null, version, from: { status: row.status, reason: row.reason }, to: next },
              items: [{ row: updated, from: row.status }],
              deadline: nextChangeAt(definition, { data: evidence, at }, now),
            };
          });
          changed.push(row.id);
          seq = event.seq;
        }
        return { changed, unchanged, unknown, seq: seq ?? ledger.log.headOf(release).seq };
      }, now);
    },
  };
}

export type Params = ReturnType<typeof createParams>;
