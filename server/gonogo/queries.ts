import { and, asc, desc, eq, gt, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { decisions, items, meetingNotes, meetings, releases, votes } from "../../db/schema";
import type { BoardDecision, BoardGoNoGo, BoardMeeting, BoardVote } from "../../app/shared/board";
import { notFound } from "../../app/shared/errors";
import { createNames } from "../auth/names";

/**
 * Reading the Go/No-Go state: the meeting screens show, the votes with
 * their freshness, the latest decision. The board projection and the
 * Go/No-Go service both read through here.
 */
export type MeetingRow = typeof meetings.$inferSelect;

const ph = sql.placeholder;

export function createGoNoGoReads(db: Db) {
  const names = createNames(db);
  // Prepared once: every board snapshot (each TV's join) and every Go/No-Go write reads these.
  const statements = {
    meeting: db
      .select()
      .from(meetings)
      .where(eq(meetings.id, ph("id")))
      .prepare(),
    current: db
      .select()
      .from(meetings)
      .where(and(eq(meetings.releaseId, ph("release")), inArray(meetings.status, ["live", "scheduled"])))
      .orderBy(sql`case ${meetings.status} when 'live' then 0 else 1 end`, asc(meetings.scheduledAt))
      .limit(1)
      .prepare(),
    notes: db
      .select()
      .from(meetingNotes)
      .where(eq(meetingNotes.meetingId, ph("meeting")))
      .prepare(),
    lastDecision: db
      .select()
      .from(decisions)
      .where(eq(decisions.releaseId, ph("release")))
      .orderBy(desc(decisions.id))
      .limit(1)
      .prepare(),
    lastEnded: db
      .select()
      .from(meetings)
      .where(and(eq(meetings.releaseId, ph("release")), eq(meetings.status, "ended")))
      .orderBy(desc(meetings.id))
      .limit(1)
      .prepare(),
    owners: db
      .selectDistinct({ owner: items.owner })
      .from(items)
      .where(eq(items.releaseId, ph("release")))
      .prepare(),
    statusChangedSeq: db
      .select({ seq: releases.statusChangedSeq })
      .from(releases)
      .where(eq(releases.id, ph("release")))
      .prepare(),
    votesSince: db
      .select()
      .from(votes)
      .where(and(eq(votes.releaseId, ph("release")), gt(votes.seq, ph("since"))))
      .orderBy(asc(votes.id))
      .prepare(),
  };

  function meetingRow(id: number): MeetingRow {
    const row = statements.meeting.get({ id });
    if (!row) throw notFound(`meeting ${id}`);
    return row;
  }

  /** The meeting screens show: the live one, else the next one not ended. */
  function currentMeeting(release: string): MeetingRow | undefined {
    return statements.current.get({ release });
  }

  function meetingView(row: MeetingRow): BoardMeeting {
    const notes = statements.notes.all({ meeting: row.id });
    const people = names.namesOf([row.presenter, row.createdBy]);
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
      presenter_name: row.presenter ? (people.get(row.presenter) ?? null) : null,
      scheduled_by: row.createdBy,
      scheduled_by_name: people.get(row.createdBy) ?? null,
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
    const lastDecision = statements.lastDecision.get({ release })?.decidedAt ?? "";
    const ended = statements.lastEnded.get({ release });
    return ended?.startedAt && ended.startedAt > lastDecision ? ended : undefined;
  }

  /** Functions that must vote: the meeting's (see `decisionMeeting`), else every function that owns items. */
  function requiredFunctions(release: string): string[] {
    const meeting = decisionMeeting(release);
    if (meeting) return meeting.requiredFunctions;
    return statements.owners
      .all({ release })
      .map((r) => r.owner)
      .sort();
  }

  /**
   * Each function's latest vote since the last decision, with whether it is
   * still fresh: a vote is stale once any item's status changed after it
   * (the release keeps the seq of its last status change, ADR 006).
   */
  function latestVotes(release: string): BoardVote[] {
    const since = statements.lastDecision.get({ release })?.seq ?? 0;
    const changed = statements.statusChangedSeq.get({ release })?.seq ?? 0;
    const rows = statements.votesSince.all({ release, since });
    const latest = new Map<string, (typeof rows)[number]>();
    for (const row of rows) latest.set(row.function, row);
    const voters = names.namesOf([...latest.values()].map((r) => r.voter));
    return [...latest.values()]
      .map((r) => ({
        function: r.function,
        vote: r.vote,
        comment: r.comment,
        voter: r.voter,
        voter_name: voters.get(r.voter) ?? null,
        cast_at: r.castAt,
        seq: r.seq,
        fresh: r.seq > changed,
      }))
      .sort((a, b) => a.function.localeCompare(b.function));
  }

  function latestDecision(release: string): BoardDecision | null {
    const row = statements.lastDecision.get({ release });
    return row ? { id: row.id, decision: row.decision, at: row.decidedAt, by: row.decidedBy, by_name: names.nameOf(row.decidedBy), hash: row.hash } : null;
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
