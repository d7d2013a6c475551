import { and, asc, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "../../db/client";
import { decisionActions, decisions, meetingNotes, meetings, releases, votes } from "../../db/schema";
import type { BoardGoNoGo, BoardMeeting, BoardVote, Phase } from "../../app/shared/board";
import type { DecisionRecord } from "../../app/shared/decision-record";
import { AppError, invalid, notFound } from "../../app/shared/errors";
import type { EventData, EventType } from "../../app/shared/events";
import { isoDateSchema, slug } from "../../app/shared/kinds";
import type { Clock } from "../../app/shared/time";
import type { Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Projection } from "../board/projection";
import { verifyChain } from "../events";
import type { Ledger } from "../ledger";
import { createItemReads } from "../readiness/items";
import { createGoNoGoReads, type MeetingRow } from "./queries";
import { sealRecord, verifyRecord } from "./record";
import { goRefusals } from "./rules";

/**
 * The Go/No-Go meeting and its decision record (issue 6): meetings with a
 * presenter walking the agenda, votes per function that go stale when an item
 * changes, the decision (GO only when the gate is open and every required
 * function has a fresh Go vote), its immutable hashed record, follow-up
 * actions, and the release's phase after GO. Every write is one transaction
 * with its event (through the ledger), so screens follow live.
 */
const instant = z.iso.datetime({ offset: true });
const minutes = z.number().int().min(1).max(600);

export const meetingSchema = z
  .object({
    scheduled_at: instant,
    required_functions: z
      .array(slug)
      .min(1)
      .max(50)
      .transform((fns) => [...new Set(fns)])
      .optional(),
    item_minutes: minutes.default(5),
    total_minutes: minutes.default(60),
  })
  .strict();

export const voteSchema = z
  .object({
    function: slug,
    vote: z.enum(["go", "no_go"]),
    comment: z.string().trim().max(2000).default(""),
    /** The board seq the voter was looking at: refused if an item changed status since. */
    seen_seq: z.number().int().min(0).optional(),
  })
  .strict();

export const actionSchema = z
  .object({
    title: z.string().trim().min(1).max(300),
    owner: z.union([slug, z.email().transform((e) => e.toLowerCase())]),
    due: isoDateSchema,
  })
  .strict();

export const decisionSchema = z
  .object({
    decision: z.enum(["go", "no_go"]),
    summary: z.string().trim().min(1, "say what was decided and why").max(5000),
    actions: z.array(actionSchema).max(100).default([]),
  })
  .strict();

export const noteSchema = z.object({ section: slug, text: z.string().max(5000) }).strict();
export const phaseSchema = z.object({ phase: z.enum(["released", "rolled_back"]) }).strict();

type DecisionRow = typeof decisions.$inferSelect;
type ActionRow = typeof decisionActions.$inferSelect;

export interface ActionView {
  id: number;
  decision_id: number;
  title: string;
  owner: string;
  due: string;
  done_at: string | null;
  done_by: string | null;
}

export interface DecisionSummary {
  id: number;
  release: string;
  decision: "go" | "no_go";
  seq: number;
  hash: string;
  decided_at: string;
  decided_by: string;
  summary: string;
}

const parse = <T extends z.ZodType>(schema: T, input: unknown, what: string): z.infer<T> => {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(`the ${what} is not valid`, parsed.error.issues);
  return parsed.data;
};

const actionView = (row: ActionRow): ActionView => ({
  id: row.id,
  decision_id: row.decisionId,
  title: row.title,
  owner: row.owner,
  due: row.due,
  done_at: row.doneAt,
  done_by: row.doneBy,
});

export function createGoNoGo({
  db,
  ledger,
  projection,
  clock,
  presenceOf = () => ({ people: [], screens: [] }),
  nameOf = (label) => label,
}: {
  db: Db;
  ledger: Ledger;
  projection: Projection;
  clock: Clock;
  /** Who is connected to the release's board now (the realtime hub): the record's attendees. */
  presenceOf?: (release: string) => { people: string[]; screens: string[] };
  /** A person's name for an actor label, for screens. */
  nameOf?: (label: string) => string;
}) {
  const reads = createItemReads(db);
  const { meetingRow, currentMeeting, meetingView, decisionMeeting, requiredFunctions, latestVotes, goNoGo } = createGoNoGoReads(db);

  /** The board's Go/No-Go part after a write changed it: the whole of it, as a snapshot would show it. */
  const goNoGoBoard = (release: string): BoardGoNoGo => goNoGo(release);

  /** A meeting write: the meeting row changes and its event carries the Go/No-Go state as screens show it. */
  function meetingWrite<T extends Extract<EventType, `meeting.${string}`>>(
    row: MeetingRow,
    actor: Actor,
    type: T,
    data: Record<string, unknown>,
    change: (tx: Tx) => void,
  ) {
    return ledger.record(row.releaseId, actor, type, ({ tx }) => {
      change(tx);
      return { result: meetingView(meetingRow(row.id)), data: { meeting: row.id, ...data } as EventData<T>, board: goNoGoBoard(row.releaseId) };
    });
  }

  function requireLive(id: number): MeetingRow {
    const row = meetingRow(id);
    if (row.status !== "live") throw new AppError(409, "meeting_not_live", `meeting ${id} is ${row.status}, not live`);
    return row;
  }

  function requirePresenter(row: MeetingRow, actor: Actor) {
    if (row.presenter !== actor.label) {
      throw new AppError(409, "not_presenter", `${nameOf(row.presenter ?? "nobody")} is presenting: take over first`);
    }
  }

  return {
    goNoGo,
    requiredFunctions,
    latestVotes,

    /** Schedule a meeting (admin). Required functions default to every function that owns items. */
    scheduleMeeting(release: string, input: unknown, actor: Actor): { meeting: BoardMeeting; seq: number } {
      assertCan(actor, { type: "meeting.manage" });
      const spec = parse(meetingSchema, input, "meeting");
      const summary = reads.requireRelease(release);
      const unknown = (spec.required_functions ?? []).filter((f) => !summary.functions.includes(f));
      if (unknown.length) {
        throw invalid("the meeting is not valid", [{ path: ["required_functions"], message: `not functions of this release: ${unknown.join(", ")}` }]);
      }
      if (currentMeeting(release)?.status === "live") throw new AppError(409, "meeting_live", "a meeting is live: end it before scheduling another");
      // The agenda: the release's sections, in order (items are kept in section order).
      const agenda = [...new Set(reads.items(release).map((i) => i.sectionKey))];
      const { seq, result } = ledger.record(release, actor, "meeting.scheduled", ({ tx, at }) => {
        // A new meeting replaces one that was scheduled and never started.
        tx.update(meetings)
          .set({ status: "ended", endedAt: at })
          .where(and(eq(meetings.releaseId, release), eq(meetings.status, "scheduled")))
          .run();
        const row = tx
          .insert(meetings)
          .values({
            releaseId: release,
            scheduledAt: new Date(spec.scheduled_at).toISOString(),
            requiredFunctions: spec.required_functions ?? requiredFunctions(release),
            agenda,
            itemMinutes: spec.item_minutes,
            totalMinutes: spec.total_minutes,
            status: "scheduled",
            createdAt: at,
            createdBy: actor.label,
          })
          .returning()
          .get();
        const view = meetingView(row);
        return {
          result: view,
          data: { meeting: row.id, scheduled_at: row.scheduledAt, required_functions: row.requiredFunctions },
          board: goNoGoBoard(release),
        };
      });
      return { meeting: result, seq };
    },

    getMeeting(id: number): BoardMeeting & { release: string } {
      const row = meetingRow(id);
      return { ...meetingView(row), release: row.releaseId };
    },

    currentMeeting(release: string): BoardMeeting | null {
      reads.requireRelease(release);
      const row = currentMeeting(release);
      return row ? meetingView(row) : null;
    },

    /** Start the meeting (admin): the one who starts it presents, from the first agenda item. */
    startMeeting(id: number, actor: Actor) {
      assertCan(actor, { type: "meeting.manage" });
      const row = meetingRow(id);
      if (row.status !== "scheduled") throw new AppError(409, "meeting_not_scheduled", `meeting ${id} is ${row.status}`);
      const at = clock().toISOString();
      return meetingWrite(row, actor, "meeting.started", { presenter: actor.label }, (tx) => {
        tx.update(meetings).set({ status: "live", presenter: actor.label, current: 0, currentSince: at, startedAt: at }).where(eq(meetings.id, id)).run();
      });
    },

    /** The presenter moves to agenda item `index`; every following screen moves with it. */
    moveTo(id: number, index: number, actor: Actor) {
      assertCan(actor, { type: "meeting.manage" });
      const row = requireLive(id);
      requirePresenter(row, actor);
      if (!Number.isInteger(index) || index < 0 || index >= row.agenda.length) {
        throw invalid("the agenda item is not valid", [{ path: ["index"], message: `choose 0–${row.agenda.length - 1}` }]);
      }
      return meetingWrite(row, actor, "meeting.moved", { from: row.agenda[row.current], to: row.agenda[index] }, (tx) => {
        tx.update(meetings).set({ current: index, currentSince: clock().toISOString() }).where(eq(meetings.id, id)).run();
      });
    },

    /** Another admin takes over presenting (when the presenter dropped, or by agreement). */
    takeOver(id: number, actor: Actor) {
      assertCan(actor, { type: "meeting.manage" });
      const row = requireLive(id);
      if (row.presenter === actor.label) throw new AppError(409, "already_presenter", "you are already presenting");
      return meetingWrite(row, actor, "meeting.presenter", { from: row.presenter, to: actor.label }, (tx) => {
        tx.update(meetings).set({ presenter: actor.label }).where(eq(meetings.id, id)).run();
      });
    },

    /** Notes for one agenda section (admin); an empty text clears them. */
    setNote(id: number, input: unknown, actor: Actor) {
      assertCan(actor, { type: "meeting.manage" });
      const { section, text } = parse(noteSchema, input, "note");
      const row = meetingRow(id);
      if (row.status === "ended") throw new AppError(409, "meeting_ended", `meeting ${id} has ended`);
      if (!row.agenda.includes(section)) throw invalid("the note is not valid", [{ path: ["section"], message: `"${section}" is not on the agenda` }]);
      const at = clock().toISOString();
      return meetingWrite(row, actor, "meeting.note", { section, text }, (tx) => {
        tx.insert(meetingNotes)
          .values({ meetingId: id, section, text, updatedBy: actor.label, updatedAt: at })
          .onConflictDoUpdate({ target: [meetingNotes.meetingId, meetingNotes.section], set: { text, updatedBy: actor.label, updatedAt: at } })
          .run();
      });
    },

    endMeeting(id: number, actor: Actor) {
      assertCan(actor, { type: "meeting.manage" });
      const row = meetingRow(id);
      if (row.status === "ended") throw new AppError(409, "meeting_ended", `meeting ${id} has ended`);
      return meetingWrite(row, actor, "meeting.ended", {}, (tx) => {
        tx.update(meetings).set({ status: "ended", endedAt: clock().toISOString() }).where(eq(meetings.id, id)).run();
      });
    },

    /**
     * A function's lead votes Go or No-Go with a comment. Voting again (to
     * change the vote, or to confirm a stale one) is a new vote and a new event.
     */
    castVote(release: string, input: unknown, actor: Actor): { vote: BoardVote; seq: number } {
      const spec = parse(voteSchema, input, "vote");
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
        return { result: undefined, data: { function: spec.function, vote: spec.vote, comment: spec.comment }, board: goNoGoBoard(release) };
      });
      return { vote: latestVotes(release).find((v) => v.function === spec.function)!, seq };
    },

    /**
     * Record the decision (admin). GO is refused (409) unless the gate is
     * open and every required function has a fresh Go vote; NO-GO may be
     * recorded at any time, with follow-up actions. The record is sealed
     * with the state it was taken at, in the same transaction as its event.
     */
    decide(release: string, input: unknown, actor: Actor): { id: number; seq: number; hash: string } {
      assertCan(actor, { type: "decision.record" });
      const spec = parse(decisionSchema, input, "decision");
      const { functions } = reads.requireRelease(release);
      const unknownOwners = spec.actions.map((a, i) => ({ ...a, i })).filter((a) => !a.owner.includes("@") && !functions.includes(a.owner));
      if (unknownOwners.length) {
        throw invalid(
          "the decision is not valid",
          unknownOwners.map((a) => ({ path: ["actions", a.i, "owner"], message: `"${a.owner}" is not a function of this release (or use a person's email)` })),
        );
      }
      const { result, seq } = ledger.record(release, actor, "decision.recorded", ({ tx, seq: decisionSeq, at: decidedAt }) => {
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
            blocking: items.filter((i) => i.status !== "green").map((i) => ({ id: i.id, title: i.title, owner: i.owner, status: i.status, reason: i.reason })),
            required,
            latest: new Map(latest.map((v) => [v.function, v])),
          });
          if (refusals.length) {
            throw new AppError(409, refusals[0]!.code, refusals.map((r) => r.message).join("; "), { refusals });
          }
        }
        const meeting = decisionMeeting(release);
        const reporters = ledger.log.reporters(release);
        const presence = presenceOf(release);
        const schedule = board.schedule;
        const record: DecisionRecord = {
          release: { id: board.release.id, name: board.release.name, launch_date: board.release.launch_date },
          decision: spec.decision,
          summary: spec.summary,
          actions: spec.actions,
          decided_by: actor.label,
          decided_at: decidedAt,
          seq: board.seq,
          gate: board.gate,
          items: items.map((i) => ({
            id: i.id,
            section: sectionOf.get(i.id) ?? "",
            title: i.title,
            owner: i.owner,
            status: i.status,
            reason: i.reason,
            evidence: i.evidence ?? null,
            evidence_at: i.evidenceAt,
            reporter: reporters.get(i.id) ?? null,
          })),
          required_functions: required,
          votes: latest.map(({ seq: _seq, ...v }) => v),
          attendees: { people: [...new Set([...presence.people])].sort(), screens: [...presence.screens].sort() },
          meeting: meeting ? { id: meeting.id, scheduled_at: meeting.scheduledAt, started_at: meeting.startedAt, presenter: meeting.presenter } : null,
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
        for (const a of spec.actions)
          tx.insert(decisionActions).values({ decisionId: row.id, releaseId: release, title: a.title, owner: a.owner, due: a.due }).run();
        const phase: Phase | undefined = spec.decision === "go" ? "go" : board.phase === "go" ? "open" : undefined;
        if (phase) tx.update(releases).set({ phase }).where(eq(releases.id, release)).run();
        return {
          result: { id: row.id, hash },
          data: { decision: spec.decision, id: row.id, hash, summary: spec.summary, actions: spec.actions.length },
          board: { ...goNoGoBoard(release), ...(phase ? { phase } : {}) },
        };
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

    /** Recompute the record's hash, and check it against the decision's event in the hash-chained log. */
    verifyDecision(id: number): { ok: true; hash: string } | { ok: false; problem: string } {
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
      const chain = verifyChain(db, row.releaseId);
      if (!chain.ok) return { ok: false, problem: `the release's event log is broken at seq ${chain.seq}: ${chain.problem}` };
      const [event] = ledger.log.after(row.releaseId, row.seq - 1, 1);
      if (event?.type !== "decision.recorded" || event.data.id !== row.id || event.data.hash !== row.hash) {
        return { ok: false, problem: `the decision's event (seq ${row.seq}) does not carry this hash` };
      }
      return { ok: true, hash: row.hash };
    },

    listActions(release: string, { open = false }: { open?: boolean } = {}): ActionView[] {
      reads.requireRelease(release);
      const where = open ? and(eq(decisionActions.releaseId, release), isNull(decisionActions.doneAt)) : eq(decisionActions.releaseId, release);
      return db.select().from(decisionActions).where(where).orderBy(asc(decisionActions.due), asc(decisionActions.id)).all().map(actionView);
    },

    /** Close a follow-up action (an admin, the owning function's lead, or the owner). */
    completeAction(release: string, id: number, actor: Actor): { action: ActionView; seq: number } {
      const row = db
        .select()
        .from(decisionActions)
        .where(and(eq(decisionActions.releaseId, release), eq(decisionActions.id, id)))
        .get();
      if (!row) {
        reads.requireRelease(release);
        throw notFound(`action ${id}`);
      }
      assertCan(actor, { type: "action.update", owner: row.owner });
      if (row.doneAt) throw new AppError(409, "action_done", `action ${id} was closed ${row.doneAt}`);
      const { seq, result: at } = ledger.record(release, actor, "action.done", ({ tx, at }) => {
        const closed = tx
          .update(decisionActions)
          .set({ doneAt: at, doneBy: actor.label })
          .where(and(eq(decisionActions.id, id), isNull(decisionActions.doneAt)))
          .run();
        if (closed.changes !== 1) throw new AppError(409, "action_done", `action ${id} is already closed`);
        return { result: at, data: { action: id, title: row.title, owner: row.owner } };
      });
      return { action: actionView({ ...row, doneAt: at, doneBy: actor.label }), seq };
    },

    /** After GO: the release went out (`released`) or was taken back (`rolled_back`); the after-GO alarm ends. */
    setPhase(release: string, input: unknown, actor: Actor): { phase: Phase; seq: number } {
      assertCan(actor, { type: "release.phase" });
      const { phase } = parse(phaseSchema, input, "phase");
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
      summary: record.summary,
    };
  }
}

export type GoNoGo = ReturnType<typeof createGoNoGo>;
