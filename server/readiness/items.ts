import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { items, releases, users } from "../../db/schema";
import type { BoardItem, BoardItemChange } from "../../app/shared/board";
import { emptyCounts, type Counts } from "../../app/shared/gate";
import type { Kind, StagesEvidence, Status } from "../../app/shared/kinds";
import { isPartner, tally } from "../../app/shared/certification";
import { notFound } from "../../app/shared/errors";

/**
 * Reading releases and items: the rows every write and every screen starts
 * from, on statements prepared once (they run on the path of every evidence
 * write; inside a transaction they run on its connection).
 */
export type ItemRow = typeof items.$inferSelect & { assigneeEmail: string | null; assigneeName: string | null };
export type ReleaseRow = typeof releases.$inferSelect;

/** An item a write changed: its row as it is now, and its status before. */
export interface ItemChange {
  row: ItemRow;
  from: Status;
}

/** An item row as the API and pages show it. */
export interface ItemView {
  id: string;
  section: string;
  title: string;
  kind: Kind;
  owner: string;
  config: Record<string, unknown>;
  max_age: string | null;
  evidence: Record<string, unknown> | null;
  evidence_at: string | null;
  status: Status;
  reason: string;
  version: number;
  updated_at: string;
  /** Email of the person the item is assigned to. */
  assignee: string | null;
  assignee_name: string | null;
  assignee_id: number | null;
}

export function itemView(row: ItemRow): ItemView {
  return {
    id: row.id,
    section: row.sectionKey,
    title: row.title,
    kind: row.kind,
    owner: row.owner,
    config: row.config,
    max_age: row.maxAge,
    evidence: row.evidence ?? null,
    evidence_at: row.evidenceAt,
    status: row.status,
    reason: row.reason,
    version: row.version,
    updated_at: row.updatedAt,
    assignee: row.assigneeEmail,
    assignee_name: row.assigneeName,
    assignee_id: row.assigneeId,
  };
}

/** An item on the board: what changes (`itemChange`) and what does not. */
export function boardItem(row: ItemRow): BoardItem {
  return { ...itemChange(row), title: row.title, kind: row.kind, owner: row.owner };
}

/** What a board needs to know of an item that changed. */
export function itemChange(row: ItemRow): BoardItemChange {
  return {
    id: row.id,
    section: row.sectionKey,
    status: row.status,
    reason: row.reason,
    version: row.version,
    evidence_at: row.evidenceAt,
    updated_at: row.updatedAt,
    assignee: row.assigneeEmail,
    assignee_name: row.assigneeName,
    ...(isPartner(row) ? { certification: tally(row.config as { stages: string[] }, row.evidence as Partial<StagesEvidence> | null) } : {}),
  };
}

const ph = sql.placeholder;
/** An item's columns with its assignee's email and name (left-joined on `users`). */
export const withAssignee = { ...getTableColumns(items), assigneeEmail: users.email, assigneeName: users.name };

export function createItemReads(db: Db) {
  const statements = {
    release: db
      .select()
      .from(releases)
      .where(eq(releases.id, ph("id")))
      .prepare(),
    item: db
      .select(withAssignee)
      .from(items)
      .leftJoin(users, eq(items.assigneeId, users.id))
      .where(and(eq(items.releaseId, ph("release")), eq(items.id, ph("id"))))
      .prepare(),
    items: db
      .select(withAssignee)
      .from(items)
      .leftJoin(users, eq(items.assigneeId, users.id))
      .where(eq(items.releaseId, ph("release")))
      .orderBy(asc(items.position))
      .prepare(),
    counts: db
      .select({ section: items.sectionKey, status: items.status, n: sql<number>`count(*)` })
      .from(items)
      .where(eq(items.releaseId, ph("release")))
      .groupBy(items.sectionKey, items.status)
      .prepare(),
  };

  function requireRelease(id: string): ReleaseRow {
    const release = statements.release.get({ id });
    if (!release) throw notFound(`release "${id}"`);
    return release;
  }

  return {
    release: (id: string): ReleaseRow | undefined => statements.release.get({ id }),
    requireRelease,

    /** The item, or a 404 naming what is missing: the release or the item in it. */
    requireItem(release: string, id: string): ItemRow {
      const row = statements.item.get({ release, id });
      if (!row) {
        requireRelease(release);
        throw notFound(`item "${id}"`);
      }
      return row;
    },

    /** A release's items in checklist order. */
    items: (release: string): ItemRow[] => statements.items.all({ release }),

    /** Counts per status, by section and in total, in one grouped read. */
    counts(release: string): { sections: Record<string, Counts>; totals: Counts } {
      const bySection: Record<string, Counts> = {};
      const totals = emptyCounts();
      for (const { section, status, n } of statements.counts.all({ release })) {
        const counts = (bySection[section] ??= emptyCounts());
        counts[status] += n;
        counts.total += n;
        totals[status] += n;
        totals.total += n;
      }
      return { sections: bySection, totals };
    },
  };
}

export type ItemReads = ReturnType<typeof createItemReads>;
