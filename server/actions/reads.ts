import { and, asc, desc, eq, getTableColumns, inArray, isNull, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { actionItems, actionReleases, users } from "../../db/schema";
import { byUrgency, isOverdue, OPEN_STATUSES, type ActionListQuery, type ActionView, type BoardActions, type Priority } from "../../app/shared/actions";
import { notFound } from "../../app/shared/errors";
import type { OpenActions } from "../../app/shared/kinds";
import { isoDate } from "../../app/shared/time";

/**
 * Reads of action items (SPEC 11): one action, filtered lists, and what a
 * release needs of them: the `actions` kind's facts and the board's tile.
 * Prepared statements on indexed columns: a release's open actions are one
 * read whatever the history.
 */
export type ActionRow = typeof actionItems.$inferSelect;
type Joined = ActionRow & { ownerEmail: string | null; ownerName: string | null };

/** The board tile's priorities: what blocks a release by default. */
const TILE_PRIORITIES: readonly Priority[] = ["P0", "P1"];
const TILE_SIZE = 8;

const ph = sql.placeholder;
const columns = { ...getTableColumns(actionItems), ownerEmail: users.email, ownerName: users.name };

export function createActionReads(db: Db) {
  const openOfRelease = db
    .select(columns)
    .from(actionReleases)
    .innerJoin(actionItems, eq(actionItems.id, actionReleases.actionId))
    .leftJoin(users, eq(users.id, actionItems.ownerId))
    .where(and(eq(actionReleases.releaseId, ph("release")), inArray(actionItems.status, [...OPEN_STATUSES])))
    .prepare();
  const one = db
    .select(columns)
    .from(actionItems)
    .leftJoin(users, eq(users.id, actionItems.ownerId))
    .where(eq(actionItems.id, ph("id")))
    .prepare();

  function releasesOf(ids: number[]): Map<number, string[]> {
    const out = new Map<number, string[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    for (let i = 0; i < ids.length; i += 500) {
      const rows = db
        .select()
        .from(actionReleases)
        .where(inArray(actionReleases.actionId, ids.slice(i, i + 500)))
        .orderBy(asc(actionReleases.releaseId))
        .all();
      for (const row of rows) out.get(row.actionId)!.push(row.releaseId);
    }
    return out;
  }

  function views(rows: Joined[], now: Date): ActionView[] {
    const linked = releasesOf(rows.map((r) => r.id));
    const today = isoDate(now);
    return rows.map((row) => view(row, linked.get(row.id) ?? [], today));
  }

  return {
    /** One action, or 404. */
    get(id: number, now: Date): ActionView {
      const row = one.get({ id }) as Joined | undefined;
      if (!row) throw notFound(`action ${id}`);
      return views([row], now)[0]!;
    },

    /** The stored row with its owner, or 404. */
    row(id: number): Joined & { releases: string[] } {
      const row = one.get({ id }) as Joined | undefined;
      if (!row) throw notFound(`action ${id}`);
      return { ...row, releases: releasesOf([id]).get(id)! };
    },

    /** Actions matching the filters, most urgent first (overdue, then by due date). */
    list(query: Partial<ActionListQuery>, now: Date): ActionView[] {
      const today = isoDate(now);
      const where: SQL[] = [];
      if (query.release)
        where.push(inArray(actionItems.id, db.select({ id: actionReleases.actionId }).from(actionReleases).where(eq(actionReleases.releaseId, query.release))));
      if (query.owner) where.push(eq(users.email, query.owner));
      if (query.status === "open_any") where.push(inArray(actionItems.status, [...OPEN_STATUSES]));
      else if (query.status === "closed") where.push(inArray(actionItems.status, ["done", "wont_do"]));
      else if (query.status) where.push(eq(actionItems.status, query.status));
      if (query.priority) where.push(eq(actionItems.priority, query.priority));
      if (query.function) where.push(eq(actionItems.function, query.function));
      if (query.postmortem) where.push(eq(actionItems.postmortemId, query.postmortem));
      if (query.due_by) where.push(lte(actionItems.due, query.due_by));
      if (query.overdue === "1" || query.overdue === "true") where.push(inArray(actionItems.status, [...OPEN_STATUSES]), lt(actionItems.due, today));
      const open = sql`${actionItems.status} in ('open', 'in_progress')`;
      const rows = db
        .select(columns)
        .from(actionItems)
        .leftJoin(users, eq(users.id, actionItems.ownerId))
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(sql`${open} and ${actionItems.due} < ${today}`), desc(open), asc(actionItems.due), asc(actionItems.priority), asc(actionItems.id))
        .limit(query.limit ?? 1000)
        .offset(query.after ?? 0)
        .all();
      return views(rows, now);
    },

    /** The `actions` kind's facts for a release: its open actions and today. */
    facts(release: string, now: Date): OpenActions {
      const rows = openOfRelease.all({ release }) as Joined[];
      return { today: isoDate(now), open: rows.map((r) => ({ priority: r.priority, due: r.due })) };
    },

    /** The board's tile: the release's open P0/P1 actions, overdue first. */
    tile(release: string, now: Date): BoardActions {
      const today = isoDate(now);
      const high = (openOfRelease.all({ release }) as Joined[]).filter((r) => TILE_PRIORITIES.includes(r.priority)).sort(byUrgency(today));
      return {
        open: high.length,
        overdue: high.filter((r) => isOverdue(r, today)).length,
        items: high.slice(0, TILE_SIZE).map((r) => ({
          id: r.id,
          title: r.title,
          priority: r.priority,
          owner: r.ownerEmail,
          owner_name: r.ownerName,
          function: r.function,
          due: r.due,
          status: r.status,
          overdue: isOverdue(r, today),
        })),
      };
    },

    /** Open actions not yet found overdue, earliest due first (the sweeper's work). */
    notYetOverdue(before?: string): ActionRow[] {
      const where = and(inArray(actionItems.status, [...OPEN_STATUSES]), isNull(actionItems.overdueAt), before ? lt(actionItems.due, before) : undefined);
      return db
        .select()
        .from(actionItems)
        .where(where)
        .orderBy(asc(actionItems.due))
        .limit(before ? 10_000 : 1)
        .all();
    },

    releasesOf,
    views,
  };
}

export type ActionReads = ReturnType<typeof createActionReads>;

function view(row: Joined, releases: string[], today: string): ActionView {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    owner: row.ownerEmail,
    owner_name: row.ownerName,
    function: row.function,
    priority: row.priority,
    due: row.due,
    status: row.status,
    overdue: isOverdue(row, today),
    postmortem: row.postmortemId,
    decision: row.decisionId,
    releases,
    item: row.item,
    evidence_link: row.evidenceLink,
    reason: row.reason,
    closed_by: row.closedBy,
    closed_at: row.closedAt,
    created_at: row.createdAt,
    created_by: row.createdBy,
    updated_at: row.updatedAt,
  };
}
