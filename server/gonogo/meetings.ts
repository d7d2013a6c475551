import { and, eq } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { meetingNotes, meetings } from "../../db/schema";
import type { BoardMeeting } from "../../app/shared/board";
import { AppError, invalid } from "../../app/shared/errors";
import type { EventData, EventType } from "../../app/shared/events";
import type { MeetingInput, NoteInput } from "../../app/shared/gonogo";
import type { Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Ledger } from "../ledger";
import { createItemReads } from "../readiness/items";
import { createGoNoGoReads, type MeetingRow } from "./queries";

/**
 * The Go/No-Go meeting (issue 6): scheduled for a release, started by the
 * admin who presents, walked section by section with notes, taken over when
 * the presenter drops, ended. Every write is one ledger record whose event
 * carries the Go/No-Go state as screens show it, so every TV follows.
 */
export function createMeetings({ db, ledger, nameOf = (label) => label }: { db: Db; ledger: Ledger; nameOf?: (label: string) => string }) {
  const leadsOf = db.$client.prepare<[string], { n: number }>(
    "select count(*) as n from users, json_each(users.functions) f where users.role = 'lead' and users.disabled_at is null and users.demo = 0 and f.value = ?",
  );
  const unvoiced = (functions: readonly string[]): string[] => functions.filter((fn) => leadsOf.get(fn)!.n === 0);
  const reads = createItemReads(db);
  const { meetingRow, currentMeeting, meetingView, requiredFunctions, goNoGo } = createGoNoGoReads(db);

  /** A meeting write: the meeting row changes and its event carries the Go/No-Go state as screens show it. */
  function meetingWrite<T extends Extract<EventType, `meeting.${string}`>>(
    row: MeetingRow,
    actor: Actor,
    type: T,
    data: Omit<EventData<T>, "meeting">,
    change: (tx: Tx, at: string) => void,
  ) {
    return ledger.record(row.releaseId, actor, type, ({ tx, at }) => {
      change(tx, at);
      return { result: meetingView(meetingRow(row.id)), data: { meeting: row.id, ...data } as EventData<T>, board: goNoGo(row.releaseId) };
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
    /** Schedule a meeting (admin). Required functions default to every function that owns items. */
    scheduleMeeting(release: string, spec: MeetingInput, actor: Actor): { meeting: BoardMeeting; seq: number; warnings: string[] } {
      assertCan(actor, { type: "meeting.manage" });
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
          board: goNoGo(release),
        };
      });
      // Said, not refused: the PMO may invite the lead before the meeting.
      const warnings = unvoiced(result.required_functions).map(
        (fn) => `nobody can vote for ${fn} yet: no active lead of ${fn} (invite one, or make someone its lead)`,
      );
      return { meeting: result, seq, warnings };
    },

    /** Required functions no active person can vote for (a vote is a lead's of that function): the GO would wait on them. */
    unvoiced,

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
      return meetingWrite(row, actor, "meeting.started", { presenter: actor.label }, (tx, at) => {
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
      return meetingWrite(row, actor, "meeting.moved", { from: row.agenda[row.current], to: row.agenda[index] }, (tx, at) => {
        tx.update(meetings).set({ current: index, currentSince: at }).where(eq(meetings.id, id)).run();
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
    setNote(id: number, { section, text }: NoteInput, actor: Actor) {
      assertCan(actor, { type: "meeting.manage" });
      const row = meetingRow(id);
      if (row.status === "ended") throw new AppError(409, "meeting_ended", `meeting ${id} has ended`);
      if (!row.agenda.includes(section)) throw invalid("the note is not valid", [{ path: ["section"], message: `"${section}" is not on the agenda` }]);
      return meetingWrite(row, actor, "meeting.note", { section, text }, (tx, at) => {
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
      return meetingWrite(row, actor, "meeting.ended", {}, (tx, at) => {
        tx.update(meetings).set({ status: "ended", endedAt: at }).where(eq(meetings.id, id)).run();
      });
    },
  };
}
