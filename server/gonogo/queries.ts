import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { decisions, items, meetingNotes, meetings, releases, votes } from "../../db/schema";
import type { BoardDecision, BoardGoNoGo, BoardMeeting, BoardVote } from "../../app/shared/board";
import { notFound } from "../../app/shared/errors";

/**
 * Reading the Go/No-Go state: the meeting screens show, the votes with
 * their freshness, the latest decision. The board projection and the
 * Go/No-Go service both read through here.
 */
export type MeetingRow = typeof meetings.$inferSelect;

export function createGoNoGoReads(db: Db) {
  function meetingRow(id: number): MeetingRow {
    const row = db.select().from(meetings).where(eq(meetings.id, id)).get();
    if (!row) throw notFound(`meeting ${id}`);
    return row;
  }

  /** The meeting screens show: the live one, else the next one not ended. */
  function currentMeeting(release: string): MeetingRow | undefined {
    return db
      .select()
      .from(meetings)
      .where(and(eq(meetings.releaseId, release), inArray(meetings.status, ["live", "scheduled"])))
      .orderBy(sql`case ${meetings.status} when 'live' then 0 else 1 end`, asc(meetings.scheduledAt))
      .get();
  }

  function meetingView(row: MeetingRow): BoardMeeting {
    const notes = db.select().from(meetingNotes).where(eq(meetingNotes.meetingId, row.id)).all();
    return {
      id: row.id,
      status: row.status,
      scheduled_at: row.scheduledAt,
      required_functions: row.requiredFunctions,
      agenda: row.agenda,
      current: row.current,
      current_since: row.currentSince,
      started_at: row.startedAt,
      item_minutes: row.itemMinutes,
      total_minutes: row.totalMinutes,
      presenter: row.presenter,
      notes: Object.fromEntries(notes.filter((n) => n.text).map((n) => [n.section, n.text])),
    };
  }

  /**
   * The meeting a decision belongs to: the open one (live or scheduled), else
   * the latest one that started after the last decision.
   */
  function decisionMeeting(release: string): MeetingRow | undefined {
    const open = currentMeeting(release);
    if (open) return open;
    const lastDecision =
      db.select({ at: decisions.decidedAt }).from(decisions).where(eq(decisions.releaseId, release)).orderBy(desc(decisions.id)).get()?.at ?? "";
    const ended = db
      .select()
      .from(meetings)
      .where(and(eq(meetings.releaseId, release), eq(meetings.status, "ended")))
      .orderBy(desc(meetings.id))
      .get();
    return ended?.startedAt && ended.startedAt > lastDecision ? ended : undefined;
  }

  /** Functions that must vote: the meeting's (see `decisionMeeting`), else every function that owns items. */
  function requiredFunctions(release: string): string[] {
    const meeting = decisionMeeting(release);
    if (meeting) return meeting.requiredFunctions;
    return db
      .selectDistinct({ owner: items.owner })
      .from(items)
      .where(eq(items.releaseId, release))
      .all()
      .map((r) => r.owner)
      .sort();
  }

  /**
   * Each function's latest vote since the last decision, with whether it is
   * still fresh: a vote is stale once any item's status changed after it
   * (the release keeps the seq of its last status change, ADR 006).
   */
  function latestVotes(release: string): BoardVote[] {
    const since = db.select({ seq: decisions.seq }).from(decisions).where(eq(decisions.releaseId, release)).orderBy(desc(decisions.id)).get()?.seq ?? 0;
    const changed = db.select({ seq: releases.statusChangedSeq }).from(releases).where(eq(releases.id, release)).get()?.seq ?? 0;
    const rows = db
      .select()
      .from(votes)
      .where(and(eq(votes.releaseId, release), gt(votes.seq, since)))
      .orderBy(asc(votes.id))
      .all();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) latest.set(row.function, row);
    return [...latest.values()]
      .map((r) => ({ function: r.function, vote: r.vote, comment: r.comment, voter: r.voter, cast_at: r.castAt, seq: r.seq, fresh: r.seq > changed }))
      .sort((a, b) => a.function.localeCompare(b.function));
  }

  function latestDecision(release: string): BoardDecision | null {
    const row = db.select().from(decisions).where(eq(decisions.releaseId, release)).orderBy(desc(decisions.id)).get();
    return row ? { id: row.id, decision: row.decision, at: row.decidedAt, by: row.decidedBy, hash: row.hash } : null;
  }

  /** The Go/No-Go part of the board. */
  function goNoGo(release: string): BoardGoNoGo {
    const meeting = currentMeeting(release);
    return {
      meeting: meeting ? meetingView(meeting) : null,
      required_functions: requiredFunctions(release),
      votes: latestVotes(release),
      decision: latestDecision(release),
    };
  }

  return { meetingRow, currentMeeting, meetingView, decisionMeeting, requiredFunctions, latestVotes, latestDecision, goNoGo };
}

export type GoNoGoReads = ReturnType<typeof createGoNoGoReads>;
