import { and, asc, desc, eq, gt, isNotNull, notInArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { items, releases, rosterPeople, sopAcknowledgements, sopReviews, sopRevisions, sops } from "../../db/schema";
import { notFound } from "../../app/shared/errors";
import { sopConfig, type SopFacts, type SopState } from "../../app/shared/kinds";
import type { SopView } from "../../app/shared/sops";
import { addDays, isoDate } from "../../app/shared/time";
import { itemsOfKind, rosterMembers } from "../roster/reads";

/**
 * Reading the SOP registry (SPEC 12.2): the `sop` kind's facts for a
 * release, and the registry as the API and pages show it. The current
 * revision is the latest approved; its review is due `review_days` after the
 * later of its approval and the last review.
 */
type Reader = Db | Tx;

export function sopRow(tx: Reader, key: string) {
  const row = tx.select().from(sops).where(eq(sops.key, key)).get();
  if (!row) throw notFound(`SOP "${key}"`);
  return row;
}

/** The latest approved revision, and when its review is next due. */
export function currentOf(tx: Reader, sop: { key: string; reviewDays: number }) {
  const current = tx
    .select({ version: sopRevisions.version, approvedAt: sopRevisions.approvedAt })
    .from(sopRevisions)
    .where(and(eq(sopRevisions.sopKey, sop.key), isNotNull(sopRevisions.approvedAt)))
    .orderBy(desc(sopRevisions.version))
    .limit(1)
    .get();
  const lastReview = tx
    .select({ at: sql<string | null>`max(${sopReviews.reviewedAt})` })
    .from(sopReviews)
    .where(eq(sopReviews.sopKey, sop.key))
    .get()?.at;
  if (!current?.approvedAt) return { current: null, lastReview: lastReview ?? null, reviewDue: null };
  const base = lastReview && lastReview > current.approvedAt ? lastReview : current.approvedAt;
  return {
    current: { version: current.version, approved_at: current.approvedAt },
    lastReview: lastReview ?? null,
    reviewDue: addDays(base.slice(0, 10), sop.reviewDays),
  };
}

/** The `sop` kind's facts for a release: its roster and the state of every SOP its items follow. */
export function sopFacts(tx: Reader, release: string, now: Date): SopFacts {
  const people = rosterMembers(tx, release).map(({ email, name, team }) => ({ email, name, team }));
  const keys = [...new Set(itemsOfKind(tx, release, "sop").map((i) => sopConfig.parse(i.config).sop))];
  const states: Record<string, SopState> = {};
  for (const key of keys) {
    const sop = tx.select().from(sops).where(eq(sops.key, key)).get();
    if (!sop) continue;
    const { current, reviewDue } = currentOf(tx, sop);
    const acknowledged = current
      ? tx
          .select({ email: sopAcknowledgements.email })
          .from(sopAcknowledgements)
          .innerJoin(rosterPeople, and(eq(rosterPeople.email, sopAcknowledgements.email), eq(rosterPeople.releaseId, release)))
          .where(and(eq(sopAcknowledgements.sopKey, key), eq(sopAcknowledgements.version, current.version)))
          .all()
          .map((r) => r.email)
      : [];
    states[key] = { title: sop.title, current, review_due: reviewDue, acknowledged };
  }
  return { today: isoDate(now), people, sops: states };
}

/** A release released or rolled back keeps its sop items as they were at launch: the registry's later changes are not its history. */
const FINISHED = ["released", "rolled_back"] as const;

/** The releases still open (or live after GO) with a `sop` item following this SOP: its changes are logged there. */
export function releasesFollowing(tx: Reader, key: string): string[] {
  return tx
    .selectDistinct({ release: items.releaseId })
    .from(items)
    .innerJoin(releases, eq(releases.id, items.releaseId))
    .where(and(eq(items.kind, "sop"), sql`json_extract(${items.config}, '$.sop') = ${key}`, notInArray(releases.phase, [...FINISHED])))
    .orderBy(asc(items.releaseId))
    .all()
    .map((r) => r.release);
}

/** Every release with a `sop` item (the review sweep looks at these). */
export function releasesWithSopItems(tx: Reader): string[] {
  return tx
    .selectDistinct({ release: items.releaseId })
    .from(items)
    .innerJoin(releases, eq(releases.id, items.releaseId))
    .where(and(eq(items.kind, "sop"), notInArray(releases.phase, [...FINISHED])))
    .all()
    .map((r) => r.release);
}

export function sopView(tx: Reader, key: string, now: Date): SopView {
  const sop = sopRow(tx, key);
  const { current, lastReview, reviewDue } = currentOf(tx, sop);
  const counts = new Map(
    tx
      .select({ version: sopAcknowledgements.version, n: sql<number>`count(*)` })
      .from(sopAcknowledgements)
      .where(eq(sopAcknowledgements.sopKey, key))
      .groupBy(sopAcknowledgements.version)
      .all()
      .map((r) => [r.version, r.n]),
  );
  const revisions = tx
    .select()
    .from(sopRevisions)
    .where(eq(sopRevisions.sopKey, key))
    .orderBy(desc(sopRevisions.version))
    .all()
    .map((r) => ({
      version: r.version,
      summary: r.summary,
      link: r.link,
      body: r.body,
      author: r.author,
      created_at: r.createdAt,
      approved_by: r.approvedBy,
      approved_at: r.approvedAt,
      acknowledgements: counts.get(r.version) ?? 0,
    }));
  const latest = revisions[0];
  return {
    key: sop.key,
    title: sop.title,
    owner: sop.owner,
    review_days: sop.reviewDays,
    created_at: sop.createdAt,
    current: current?.version ?? null,
    draft: latest && !latest.approved_at ? latest.version : null,
    last_reviewed_at: lastReview,
    review_due: reviewDue,
    review_overdue: reviewDue !== null && reviewDue < isoDate(now),
    revisions,
  };
}

/** SOP keys in order, a page at a time (every key without `page`). */
export function sopKeys(tx: Reader, page?: { limit: number; after?: string }): string[] {
  const query = tx
    .select({ key: sops.key })
    .from(sops)
    .where(page?.after === undefined ? undefined : gt(sops.key, page.after))
    .orderBy(asc(sops.key));
  return (page ? query.limit(page.limit) : query).all().map((r) => r.key);
}

/** Who acknowledged a revision, and when (the SOP page). */
export function acknowledgementsOf(tx: Reader, key: string, version: number) {
  return tx
    .select({ email: sopAcknowledgements.email, at: sopAcknowledgements.at, recorded_by: sopAcknowledgements.recordedBy })
    .from(sopAcknowledgements)
    .where(and(eq(sopAcknowledgements.sopKey, key), eq(sopAcknowledgements.version, version)))
    .orderBy(asc(sopAcknowledgements.email))
    .all();
}

/** The releases with someone on their roster, by name: whose people an SOP's manager acknowledges for in bulk (the SOP page). */
export function releasesWithRoster(tx: Reader): { id: string; name: string; people: number }[] {
  return tx
    .select({ id: releases.id, name: releases.name, people: sql<number>`count(*)` })
    .from(rosterPeople)
    .innerJoin(releases, eq(releases.id, rosterPeople.releaseId))
    .groupBy(releases.id)
    .orderBy(asc(releases.name), asc(releases.id))
    .all();
}
