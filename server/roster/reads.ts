import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { assessmentAttempts, items, releases, rosterPeople, sopAcknowledgements } from "../../db/schema";
import { notFound } from "../../app/shared/errors";
import { passValidUntil, rosterConfig, type RosterConfig, type RosterFacts, type RosterMember } from "../../app/shared/kinds";

/**
 * Reading a release's training roster (SPEC 12.1): the `roster` kind's
 * facts, and each person's standing for the roster page and the API. Reads
 * are bounded by the roster (people × assessments), never by history: the
 * attempts are grouped in SQL.
 */
export interface AssessmentStanding {
  best_score: number | null;
  attempts: number;
  passed: boolean;
  last_pass_at: string | null;
  /** The last day the latest pass is valid (null: no pass, or passes do not expire). */
  valid_until: string | null;
  /** Counts for the `roster` item: a pass still valid on the launch date. */
  valid_on_launch: boolean;
}

export interface RosterPersonView extends RosterMember {
  language: string | null;
  standing: Record<string, AssessmentStanding>;
  /** Per SOP the release's items follow: acknowledged its current revision. */
  acknowledged: Record<string, boolean>;
}

export interface RosterView {
  release: string;
  launch: string;
  /** The assessments the release's `roster` items measure. */
  assessments: { key: string; item: string; title: string; target: number; valid_days: number | null }[];
  /** The SOPs its `sop` items follow, with the current revision (null before one is approved). */
  sops: { key: string; item: string; title: string; current: number | null }[];
  people: RosterPersonView[];
}

type Reader = Db | Tx;

export function releaseLaunch(tx: Reader, release: string): string {
  const row = tx.select({ launch: releases.launchDate }).from(releases).where(eq(releases.id, release)).get();
  if (!row) throw notFound(`release "${release}"`);
  return row.launch;
}

export function rosterMembers(tx: Reader, release: string) {
  return tx
    .select({ email: rosterPeople.email, name: rosterPeople.name, team: rosterPeople.team, language: rosterPeople.language })
    .from(rosterPeople)
    .where(eq(rosterPeople.releaseId, release))
    .orderBy(asc(rosterPeople.position))
    .all();
}

/** The release's items of a kind, with their configuration. */
export function itemsOfKind(tx: Reader, release: string, kind: "roster" | "sop") {
  return tx
    .select({ id: items.id, title: items.title, owner: items.owner, config: items.config })
    .from(items)
    .where(and(eq(items.releaseId, release), eq(items.kind, kind)))
    .orderBy(asc(items.position))
    .all();
}

/** Functions whose leads keep the roster: the owners of the release's `roster` and `sop` items. */
export function rosterKeepers(tx: Reader, release: string): string[] {
  return [...new Set([...itemsOfKind(tx, release, "roster"), ...itemsOfKind(tx, release, "sop")].map((i) => i.owner))];
}

/** The `roster` kind's facts: the people and, per assessment, each one's latest passing attempt. */
export function rosterFacts(tx: Reader, release: string): RosterFacts {
  const passes: Record<string, Record<string, string>> = {};
  const rows = tx
    .select({ assessment: assessmentAttempts.assessment, email: assessmentAttempts.email, at: sql<string>`max(${assessmentAttempts.attemptedAt})` })
    .from(assessmentAttempts)
    .where(and(eq(assessmentAttempts.releaseId, release), eq(assessmentAttempts.passed, true)))
    .groupBy(assessmentAttempts.assessment, assessmentAttempts.email)
    .all();
  for (const row of rows) (passes[row.assessment] ??= {})[row.email] = row.at;
  return { launch: releaseLaunch(tx, release), people: rosterMembers(tx, release).map(({ email, name, team }) => ({ email, name, team })), passes };
}

/** Each person's standing per assessment (best attempt, attempts used, pass valid until) and SOP acknowledgement. */
export function rosterView(tx: Reader, release: string, sops: { key: string; item: string; title: string; current: number | null }[]): RosterView {
  const launch = releaseLaunch(tx, release);
  const assessments = itemsOfKind(tx, release, "roster").map((item) => {
    const config: RosterConfig = rosterConfig.parse(item.config);
    return { key: config.assessment, item: item.id, title: item.title, target: config.target, valid_days: config.valid_days ?? null };
  });
  const stats = tx
    .select({
      assessment: assessmentAttempts.assessment,
      email: assessmentAttempts.email,
      best: sql<number>`max(${assessmentAttempts.score})`,
      attempts: sql<number>`count(*)`,
      lastPass: sql<string | null>`max(case when ${assessmentAttempts.passed} then ${assessmentAttempts.attemptedAt} end)`,
    })
    .from(assessmentAttempts)
    .where(eq(assessmentAttempts.releaseId, release))
    .groupBy(assessmentAttempts.assessment, assessmentAttempts.email)
    .all();
  const byPerson = new Map(stats.map((s) => [`${s.assessment}\n${s.email}`, s]));
  const members = rosterMembers(tx, release);
  const acked = new Set<string>();
  for (const sop of sops) {
    if (sop.current === null || !members.length) continue;
    const rows = tx
      .select({ email: sopAcknowledgements.email })
      .from(sopAcknowledgements)
      .innerJoin(rosterPeople, and(eq(rosterPeople.email, sopAcknowledgements.email), eq(rosterPeople.releaseId, release)))
      .where(and(eq(sopAcknowledgements.sopKey, sop.key), eq(sopAcknowledgements.version, sop.current)))
      .all();
    for (const row of rows) acked.add(`${sop.key}\n${row.email}`);
  }
  const people = members.map((person) => {
    const standing: Record<string, AssessmentStanding> = {};
    for (const a of assessments) {
      const s = byPerson.get(`${a.key}\n${person.email}`);
      const until = s?.lastPass ? passValidUntil(s.lastPass, a.valid_days ?? undefined) : null;
      standing[a.key] = {
        best_score: s ? s.best : null,
        attempts: s?.attempts ?? 0,
        passed: Boolean(s?.lastPass),
        last_pass_at: s?.lastPass ?? null,
        valid_until: until,
        valid_on_launch: Boolean(s?.lastPass) && (until === null || until >= launch),
      };
    }
    const acknowledged = Object.fromEntries(sops.map((sop) => [sop.key, acked.has(`${sop.key}\n${person.email}`)]));
    return { ...person, standing, acknowledged };
  });
  return { release, launch, assessments, sops, people };
}

/** Which of these emails are on the release's roster. */
export function onRoster(tx: Reader, release: string, emails: readonly string[]): Set<string> {
  if (!emails.length) return new Set();
  const found = new Set<string>();
  // In slices: SQLite caps the number of bound parameters.
  for (let i = 0; i < emails.length; i += 500) {
    const slice = emails.slice(i, i + 500);
    for (const row of tx
      .select({ email: rosterPeople.email })
      .from(rosterPeople)
      .where(and(eq(rosterPeople.releaseId, release), inArray(rosterPeople.email, slice)))
      .all())
      found.add(row.email);
  }
  return found;
}
