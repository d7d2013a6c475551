import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { decisions, meetingNotes, releases, votes } from "../../db/schema";
import type { BoardVote, Phase } from "../../app/shared/board";
import type { DecisionRecord } from "../../app/shared/decision-record";
import { AppError, invalid, notFound } from "../../app/shared/errors";
import type { DecisionInput, PhaseInput, VoteInput } from "../../app/shared/gonogo";
import type { Actor } from "../auth/actor";
import { createNames } from "../auth/names";
import { assertCan } from "../auth/permissions";
import type { Projection } from "../board/projection";
import { verifyChain, type Sealer } from "../chain";
import type { Actions } from "../actions/service";
import type { Ledger } from "../ledger";
import { createItemReads } from "../readiness/items";
import { createGoNoGoReads } from "./queries";
import { sealRecord, verifyRecord } from "./record";
import { goRefusals } from "./rules";

/**
 * Votes and the decision (issue 6): votes per function that go stale when an
 * item changes, the decision (GO only when the gate is open and every required
 * function has a fresh Go vote), its immutable hashed record, follow-up
 * actions, and the release's phase after GO.
 */
type DecisionRow = typeof decisions.$inferSelect;

export interface DecisionSummary {
  id: number;
  release: string;
  decision: "go" | "no_go";
  seq: number;
  hash: string;
  decided_at: string;
  decided_by: string;
  /** Their name, when the record has it (records from before names were kept do not). */
  decided_by_name: string | null;
  summary: string;
}

export function createDecisions({
  db,
  ledger,
  projection,
  actions,
  sealer,
  presenceOf = () => ({ people: [], screens: [] }),
}: {
  db: Db;
  ledger: Ledger;
  projection: Projection;
  /** The decision's follow-ups are action items (SPEC 11), created in its transaction. */
  actions: Actions;
  sealer: Sealer;
  /** Who is connected to the release's board now (the realtime hub): the record's attendees. */
  presenceOf?: (release: string) => { people: string[]; screens: string[] };
}) {
  const reads = createItemReads(db);
  const names = createNames(db);
  const { decisionMeeting, requiredFunctions, latestVotes, goNoGo } = createGoNoGoReads(db);

  return {
    requiredFunctions,
    latestVotes,

    /**
     * A function's lead votes Go or No-Go with a comment. Voting again (to
     * change the vote, or to confirm a stale one) is a new vote and a new event.
     */
    castVote(release: string, spec: VoteInput, actor: Actor): { vote: BoardVote; seq: number } {
      const summary = reads.requireRelease(release);
      if (!summary.functions.includes(spec.function)) {
        throw invalid("the vote is not valid", [{ path: ["function"], message: `"${spec.function}" is not a function of this release` }]);
      }
      assertCan(actor, { type: "vote.cast", function: spec.function });
      const { seq } = ledger.record(release, actor, "vote.cast", ({ tx, seq: voteSeq, at }) => {
        const changed = reads.requireRelease(release).statusChangedSeq;
        if (spec.seen_seq !== undefined && changed > spec.seen_seq) {
          throw new AppError(
            409,
            "board_moved",
            `an item changed status since the board you voted on (seq ${spec.seen_seq}; changed at ${changed}): look again and vote`,
            {
              seen_seq: spec.seen_seq,
              status_changed_seq: changed,
            },
          );
        }
        const statuses = Object.fromEntries(reads.items(release).map((i) => [i.id, i.status]));
        tx.insert(votes)
          .values({
            releaseId: release,
            function: spec.function,
            vote: spec.vote,
            comment: spec.comment,
            voter: actor.label,
            castAt: at,
            seq: voteSeq,
            statuses,
          })
          .run();
        return { result: undefined, data: { function: spec.function, vote: spec.vote, comment: spec.comment }, board: goNoGo(release) };
      });
      return { vote: latestVotes(release).find((v) => v.function === spec.function)!, seq };
    },

    /**
     * Record the decision (admin). GO is refused (409) unless the gate is
     * open and every required function has a fresh Go vote; NO-GO may be
     * recorded at any time, with follow-up actions. The record is sealed
     * with the state it was taken at, in the same transaction as its event.
     */
    decide(release: string, spec: DecisionInput, actor: Actor): { id: number; seq: number; hash: string } {
      assertCan(actor, { type: "decision.record" });
      const { functions } = reads.requireRelease(release);
      const unknownOwners = spec.actions.map((a, i) => ({ ...a, i })).filter((a) => !a.owner.includes("@") && !functions.includes(a.owner));
      if (unknownOwners.length) {
        throw invalid(
          "the decision is not valid",
          unknownOwners.map((a) => ({ path: ["actions", a.i, "owner"], message: `"${a.owner}" is not a function of this release (or use a person's email)` })),
        );
      }
      const { result, seq } = ledger.transaction((append, tx) => {
        const { result, event } = append(release, actor, "decision.recorded", ({ tx, seq: decisionSeq, at: decidedAt }) => {
          // The board carries the votes and required functions as screens show them: decide on exactly that.
          const board = projection.snapshot(release);
          const { required_functions: required, votes: latest } = board;
          const items = reads.items(release);
          const sectionOf = new Map(board.sections.flatMap((s) => s.items.map((i) => [i.id, s.key] as const)));
          if (spec.decision === "go" && board.phase !== "open") {
            throw new AppError(409, "already_decided", `the release is ${board.phase.replace("_", " ")}: a GO was already recorded`);
          }
          if (spec.decision === "go") {
            const refusals = goRefusals({
              gate: board.gate,
              blocking: items
                .filter((i) => i.status !== "green")
                .map((i) => ({ id: i.id, title: i.title, owner: i.owner, status: i.status, reason: i.reason })),
              required,
              latest: new Map(latest.map((v) => [v.function, v])),
              owners: board.owner_names,
            });
            if (refusals.length) {
              throw new AppError(409, refusals[0]!.code, refusals.map((r) => r.message).join("; "), { refusals });
            }
          }
          const meeting = decisionMeeting(release);
          const presence = presenceOf(release);
          const schedule = board.schedule;
          // Who the record names, as they are called at the moment of decision (sealed with it).
          const people = names.namesOf([actor.label, meeting?.presenter, ...items.map((i) => i.evidenceBy)]);
          const record: DecisionRecord = {
            release: { id: board.release.id, name: board.release.name, launch_date: board.release.launch_date },
            decision: spec.decision,
            summary: spec.summary,
            actions: spec.actions,
            decided_by: actor.label,
            decided_by_name: people.get(actor.label) ?? null,
            decided_at: decidedAt,
            seq: board.seq,
            chain_head: { seq: board.seq, hash: ledger.log.headOf(release).hash },
            gate: board.gate,
            items: items.map((i) => ({
              id: i.id,
              section: sectionOf.get(i.id) ?? "",
              title: i.title,
              kind: i.kind,
              owner: i.owner,
              status: i.status,
              reason: i.reason,
              evidence: i.evidence ?? null,
              evidence_at: i.evidenceAt,
              reporter: i.evidenceBy,
              reporter_name: i.evidenceBy ? (people.get(i.evidenceBy) ?? null) : null,
            })),
            owner_names: board.owner_names ?? {},
            required_functions: required,
            votes: latest.map(({ seq: _seq, ...v }) => v),
            attendees: { people: [...new Set([...presence.people])].sort(), screens: [...presence.screens].sort() },
            meeting: meeting
              ? {
                  id: meeting.id,
                  scheduled_at: meeting.scheduledAt,
                  started_at: meeting.startedAt,
                  presenter: meeting.presenter,
                  presenter_name: meeting.presenter ? (people.get(meeting.presenter) ?? null) : null,
                }
              : null,
            notes: meeting
              ? tx
                  .select()
                  .from(meetingNotes)
                  .where(eq(meetingNotes.meetingId, meeting.id))
                  .all()
                  .filter((n) => n.text)
                  .sort((a, b) => meeting.agenda.indexOf(a.section) - meeting.agenda.indexOf(b.section))
                  .map((n) => ({ section: n.section, text: n.text, by: n.updatedBy }))
              : [],
            schedule: schedule
              ? {
                  planned_finish: schedule.planned_finish,
                  projected_finish: schedule.projected_finish,
                  slack_to_launch: schedule.slack_to_launch,
                  late_critical: schedule.late_critical,
                }
              : null,
          };
          const { text, hash } = sealRecord(record);
          const row = tx
            .insert(decisions)
            .values({ releaseId: release, decision: spec.decision, seq: decisionSeq, record: text, hash, decidedAt, decidedBy: actor.label })
            .returning()
            .get();
          const phase: Phase | undefined = spec.decision === "go" ? "go" : board.phase === "go" ? "open" : undefined;
          if (phase) tx.update(releases).set({ phase }).where(eq(releases.id, release)).run();
          return {
            result: { id: row.id, hash },
            data: { decision: spec.decision, id: row.id, hash, summary: spec.summary, actions: spec.actions.length },
            board: { ...goNoGo(release), ...(phase ? { phase } : {}) },
          };
        });
        // Its follow-ups are action items blocking this release: their events follow the decision's.
        actions.createFollowUps(tx, append, result.id, release, spec.actions, actor);
        return { result, seq: event.seq };
      });
      return { ...result, seq };
    },

    listDecisions(release: string): DecisionSummary[] {
      reads.requireRelease(release);
      return db
        .select()
        .from(decisions)
        .where(eq(decisions.releaseId, release))
        .orderBy(desc(decisions.id))
        .all()
        .map((row) => summaryOf(row));
    },

    /** A decision with its record exactly as stored. */
    getDecision(id: number): DecisionSummary & { record: string } {
      const row = db.select().from(decisions).where(eq(decisions.id, id)).get();
      if (!row) throw notFound(`decision ${id}`);
      return { ...summaryOf(row), record: row.record };
    },

    /**
     * Recompute the record's hash, and check it against the decision's event
     * in the hash-chained log: the whole chain (the CLI), or, for a page, only
     * what is new since the chain's last verified checkpoint.
     */
    verifyDecision(id: number, { incremental = false }: { incremental?: boolean } = {}): { ok: true; hash: string } | { ok: false; problem: string } {
      const row = db.select().from(decisions).where(eq(decisions.id, id)).get();
      if (!row) throw notFound(`decision ${id}`);
      const checked = verifyRecord(row.record, row.hash);
      if (!checked.ok) return checked;
      const record = JSON.parse(row.record) as DecisionRecord;
      const columns: [string, unknown, unknown][] = [
        ["release", row.releaseId, record.release.id],
        ["decision", row.decision, record.decision],
        ["decided_at", row.decidedAt, record.decided_at],
        ["decided_by", row.decidedBy, record.decided_by],
        ["seq", row.seq, record.seq + 1],
      ];
      const differs = columns.find(([, stored, sealed]) => stored !== sealed);
      if (differs) return { ok: false, problem: `the stored ${differs[0]} (${String(differs[1])}) is not the record's (${String(differs[2])})` };
      const chain = verifyChain(db, sealer, row.releaseId, { incremental });
      if (!chain.ok) return { ok: false, problem: `the release's event log is broken at seq ${chain.seq}: ${chain.problem}` };
      const [event] = ledger.log.after(row.releaseId, row.seq - 1, 1);
      if (event?.type !== "decision.recorded" || event.data.id !== row.id || event.data.hash !== row.hash) {
        return { ok: false, problem: `the decision's event (seq ${row.seq}) does not carry this hash` };
      }
      return { ok: true, hash: row.hash };
    },

    /** After GO: the release went out (`released`) or was taken back (`rolled_back`); the after-GO alarm ends. */
    setPhase(release: string, { phase }: PhaseInput, actor: Actor): { phase: Phase; seq: number } {
      assertCan(actor, { type: "release.phase" });
      const current = reads.requireRelease(release).phase;
      // After GO it goes out or is taken back; a release that went out may still be rolled back.
      const allowed = current === "go" || (current === "released" && phase === "rolled_back");
      if (!allowed) throw new AppError(409, "phase_not_allowed", `the release is ${current.replace("_", " ")}: it cannot be marked ${phase.replace("_", " ")}`);
      const { seq } = ledger.record(release, actor, "release.phase", ({ tx }) => {
        tx.update(releases).set({ phase }).where(eq(releases.id, release)).run();
        return { result: undefined, data: { from: current, to: phase }, board: { phase } };
      });
      return { phase, seq };
    },
  };

  function summaryOf(row: DecisionRow): DecisionSummary {
    // What the record says, not the columns beside it: the record is what the hash seals.
    const record = JSON.parse(row.record) as DecisionRecord;
    return {
      id: row.id,
      release: record.release.id,
      decision: record.decision,
      seq: record.seq + 1,
      hash: row.hash,
      decided_at: record.decided_at,
      decided_by: record.decided_by,
      decided_by_name: record.decided_by_name ?? null,
      summary: record.summary,
    };
  }
}
