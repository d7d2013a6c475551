import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import ical, { ICalEventStatus } from "ical-generator";
import type { Db } from "../../db/client";
import { actionItems, actionReleases, calendarEntries, items, meetings, releases, users } from "../../db/schema";
import { notFound } from "../../app/shared/errors";
import { OPEN_STATUSES } from "../../app/shared/actions";
import { drillConfig, drillValidUntil, type DrillEvidence } from "../../app/shared/kinds/drill";
import { addDays } from "../../app/shared/time";
import type { Clock } from "../../app/shared/time";
import { campaignViews } from "../campaigns/reads";

const KIND_WORDS = {
  trading_competition: "Trading competition",
  airdrop: "Airdrop",
  fee_promotion: "Fee promotion",
  announcement: "Announcement",
  other: "Campaign",
} as const;

/**
 * The release's iCalendar feed (SPEC 13, RFC 5545; ADR 023): the launch,
 * Go/No-Go meetings, drill expiries and open action items' due dates, as a
 * calendar application subscribes to it. UIDs say what an event is, so they
 * are stable across edits; `SEQUENCE` comes from `calendar_entries`, bumped
 * when the event's content hash changes between two reads of the feed.
 */

/** How often calendar clients should fetch the feed again. */
export const CALENDAR_TTL_SECONDS = 60 * 60;
/** Bounds: the most recent meetings, the earliest-due open actions. */
export const CALENDAR_MAX_MEETINGS = 50;
export const CALENDAR_MAX_ACTIONS = 500;
const CHUNK = 500;

/** One event as the feed shows it, before its sequence is known. */
export interface CalendarEntry {
  uid: string;
  summary: string;
  description: string;
  url: string;
  /** All day: `YYYY-MM-DD` (through `last`, inclusive, for several days); timed: an ISO instant with a duration. */
  when: { day: string; last?: string } | { start: string; minutes: number };
  status: "confirmed" | "tentative" | "cancelled";
}

const uidOf = {
  launch: (release: string) => `launch.${release}@greenlight`,
  meeting: (id: number) => `meeting.${id}@greenlight`,
  drillExpiry: (release: string, item: string) => `drill-expiry.${release}.${item}@greenlight`,
  action: (id: number) => `action.${id}@greenlight`,
  campaign: (release: string, id: string) => `campaign.${release}.${id}@greenlight`,
};
export const calendarUid = uidOf;

const hashOf = (entry: CalendarEntry) => createHash("sha256").update(JSON.stringify(entry)).digest("hex");

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

export function createCalendar({ db, clock }: { db: Db; clock: Clock }) {
  function releaseRow(release: string) {
    const row = db.select().from(releases).where(eq(releases.id, release)).get();
    if (!row) throw notFound(`release ${release}`);
    return row;
  }

  function launchEntries(rel: typeof releases.$inferSelect, base: string): CalendarEntry[] {
    const phase = rel.phase === "open" ? "" : ` (${rel.phase.replace("_", " ")})`;
    return [
      {
        uid: uidOf.launch(rel.id),
        summary: `Launch: ${rel.name}${phase}`,
        description: `Launch day of ${rel.name} (${rel.id}). Readiness and the Go/No-Go gate: ${base}/releases/${rel.id}`,
        url: `${base}/releases/${rel.id}`,
        when: { day: rel.launchDate },
        status: rel.phase === "rolled_back" ? "cancelled" : "confirmed",
      },
    ];
  }

  function meetingEntries(rel: typeof releases.$inferSelect, base: string): CalendarEntry[] {
    const rows = db.select().from(meetings).where(eq(meetings.releaseId, rel.id)).orderBy(desc(meetings.id)).limit(CALENDAR_MAX_MEETINGS).all();
    return rows.map((m) => {
      // A meeting that ended without starting was replaced by a later one (rescheduled) or dropped.
      const replaced = m.status === "ended" && m.startedAt === null;
      const state = replaced ? "Cancelled: rescheduled or dropped." : m.status === "live" ? "In progress." : m.status === "ended" ? "Held." : "Scheduled.";
      return {
        uid: uidOf.meeting(m.id),
        summary: `Go/No-Go meeting: ${rel.name}`,
        description: `${state} Required functions: ${m.requiredFunctions.join(", ") || "none"}. ${m.totalMinutes} minutes. ${base}/releases/${rel.id}/meeting`,
        url: `${base}/releases/${rel.id}/meeting`,
        when: { start: m.scheduledAt, minutes: m.totalMinutes },
        status: replaced ? "cancelled" : "confirmed",
      };
    });
  }

  function drillEntries(rel: typeof releases.$inferSelect, base: string): CalendarEntry[] {
    const rows = db
      .select({ id: items.id, title: items.title, owner: items.owner, config: items.config, evidence: items.evidence })
      .from(items)
      .where(and(eq(items.releaseId, rel.id), eq(items.kind, "drill"), isNotNull(items.evidence)))
      .orderBy(asc(items.position))
      .all();
    return rows.flatMap((item) => {
      const evidence = item.evidence as DrillEvidence | null;
      const config = drillConfig.safeParse(item.config);
      if (!evidence || evidence.result !== "pass" || !config.success) return [];
      const validUntil = drillValidUntil(config.data, evidence.performed_on);
      const beforeLaunch = validUntil < rel.launchDate ? ` It lapses before the launch on ${rel.launchDate}: re-run it.` : "";
      return [
        {
          uid: uidOf.drillExpiry(rel.id, item.id),
          summary: `Drill expires: ${item.title}`,
          description: `The ${item.owner} drill "${item.title}" passed on ${evidence.performed_on} and is valid until ${validUntil}; from this day it no longer counts.${beforeLaunch} ${base}/releases/${rel.id}/drills`,
          url: `${base}/releases/${rel.id}/drills`,
          // The first day the drill no longer counts (the item turns amber that day, UTC).
          when: { day: addDays(validUntil, 1) },
          status: "confirmed" as const,
        },
      ];
    });
  }

  function actionEntries(rel: typeof releases.$inferSelect, base: string): CalendarEntry[] {
    const rows = db
      .select({
        id: actionItems.id,
        title: actionItems.title,
        priority: actionItems.priority,
        due: actionItems.due,
        status: actionItems.status,
        fn: actionItems.function,
        owner: users.name,
      })
      .from(actionReleases)
      .innerJoin(actionItems, eq(actionItems.id, actionReleases.actionId))
      .leftJoin(users, eq(users.id, actionItems.ownerId))
      .where(and(eq(actionReleases.releaseId, rel.id), inArray(actionItems.status, [...OPEN_STATUSES])))
      .orderBy(asc(actionItems.due), asc(actionItems.id))
      .limit(CALENDAR_MAX_ACTIONS)
      .all();
    return rows.map((a) => ({
      uid: uidOf.action(a.id),
      summary: `${a.priority} due: ${a.title} (${a.owner ?? a.fn})`,
      description: `Action #${a.id}, ${a.priority}, ${a.status.replace("_", " ")}, owned by ${a.owner ?? `the ${a.fn} function`}; it blocks ${rel.name}. ${base}/actions/${a.id}`,
      url: `${base}/actions/${a.id}`,
      when: { day: a.due },
      status: "confirmed" as const,
    }));
  }

  /** Campaigns around the launch (ADR 024): all day from start to end, resolved against the launch date now; "(at risk)" with the reasons. */
  function campaignEntries(rel: typeof releases.$inferSelect, base: string): CalendarEntry[] {
    return campaignViews(db, rel.id, clock()).map((c) => ({
      uid: uidOf.campaign(rel.id, c.id),
      summary: `${KIND_WORDS[c.kind]}: ${c.name}${c.at_risk ? " (at risk)" : ""}`,
      description: `${c.name}, ${c.start_date} (${c.start_offset}) to ${c.end_date} (${c.end_offset}) around the launch of ${rel.name} on ${rel.launchDate}.${
        c.at_risk ? ` At risk: ${c.risk_reasons.join("; ")}.` : ""
      } ${base}/releases/${rel.id}/calendar`,
      url: `${base}/releases/${rel.id}/calendar`,
      when: { day: c.start_date, last: c.end_date },
      status: rel.phase === "rolled_back" ? ("cancelled" as const) : ("confirmed" as const),
    }));
  }

  /** Every source of events, in the order the feed lists them. */
  const sources: ((rel: typeof releases.$inferSelect, base: string) => CalendarEntry[])[] = [
    launchEntries,
    meetingEntries,
    drillEntries,
    actionEntries,
    campaignEntries,
  ];

  /**
   * Each entry's sequence and last change: unchanged content keeps both, a
   * changed hash bumps the sequence. One short transaction over the feed's
   * own UIDs (bounded, multi-row upserts); never a ledger event.
   */
  function sequence(release: string, entries: CalendarEntry[]): Map<string, { sequence: number; updatedAt: string }> {
    const now = clock().toISOString();
    return db.transaction((tx) => {
      const known = new Map<string, { hash: string; sequence: number; updatedAt: string }>();
      for (const uids of chunks(entries.map((e) => e.uid))) {
        const rows = tx
          .select()
          .from(calendarEntries)
          .where(and(eq(calendarEntries.releaseId, release), inArray(calendarEntries.uid, uids)))
          .all();
        for (const row of rows) known.set(row.uid, row);
      }
      const out = new Map<string, { sequence: number; updatedAt: string }>();
      const changed: (typeof calendarEntries.$inferInsert)[] = [];
      for (const entry of entries) {
        const hash = hashOf(entry);
        const was = known.get(entry.uid);
        if (was && was.hash === hash) {
          out.set(entry.uid, { sequence: was.sequence, updatedAt: was.updatedAt });
          continue;
        }
        const next = { releaseId: release, uid: entry.uid, hash, sequence: was ? was.sequence + 1 : 0, updatedAt: now };
        changed.push(next);
        out.set(entry.uid, { sequence: next.sequence, updatedAt: now });
      }
      for (const rows of chunks(changed)) {
        tx.insert(calendarEntries)
          .values(rows)
          .onConflictDoUpdate({
            target: [calendarEntries.releaseId, calendarEntries.uid],
            set: { hash: sql`excluded.hash`, sequence: sql`excluded.sequence`, updatedAt: sql`excluded.updated_at` },
          })
          .run();
      }
      return out;
    });
  }

  return {
    /** The entries of a release's feed (no sequence), for tests and other views. */
    entries(release: string, base: string): CalendarEntry[] {
      const rel = releaseRow(release);
      return sources.flatMap((source) => source(rel, base));
    },

    /** The feed as `text/calendar`. */
    feed(release: string, base: string): string {
      const rel = releaseRow(release);
      const entries = sources.flatMap((source) => source(rel, base));
      const seq = sequence(rel.id, entries);
      const calendar = ical({
        prodId: { company: "Greenlight", product: "Release readiness", language: "EN" },
        name: `Greenlight: ${rel.name}`,
        description: `Launch, Go/No-Go meetings, drill expiries and action due dates of ${rel.name}`,
        url: `${base}/releases/${rel.id}`,
        ttl: CALENDAR_TTL_SECONDS,
      });
      for (const entry of entries) {
        const { sequence: n, updatedAt } = seq.get(entry.uid)!;
        const stamp = new Date(updatedAt);
        const when =
          "day" in entry.when
            ? { allDay: true, start: new Date(`${entry.when.day}T00:00:00Z`), end: new Date(`${addDays(entry.when.last ?? entry.when.day, 1)}T00:00:00Z`) }
            : { allDay: false, start: new Date(entry.when.start), end: new Date(Date.parse(entry.when.start) + entry.when.minutes * 60_000) };
        calendar.createEvent({
          id: entry.uid,
          sequence: n,
          stamp,
          lastModified: stamp,
          summary: entry.summary,
          description: entry.description,
          url: entry.url,
          status:
            entry.status === "cancelled" ? ICalEventStatus.CANCELLED : entry.status === "tentative" ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED,
          ...when,
        });
      }
      return calendar.toString();
    },
  };
}

export type Calendar = ReturnType<typeof createCalendar>;
