import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { campaigns, items, releases } from "../../db/schema";
import type { BoardCampaigns } from "../../app/shared/board";
import type { CampaignView } from "../../app/shared/campaigns";
import { notFound } from "../../app/shared/errors";
import type { Status } from "../../app/shared/kinds";
import { isoDate } from "../../app/shared/time";
import { planState, readWbs } from "../schedule/plan";
import { campaignRisk, offsetLabel, resolveDate } from "./risk";

/**
 * Reading a release's campaigns (SPEC 13, ADR 024): each resolved against
 * the launch date as it is now, with its risk from the plan's projection as
 * of today (the same `planState` the Gantt, the board's schedule tile and
 * `task` items follow) and its required items' statuses. On the `Db`, also
 * inside a write: better-sqlite3 runs the write's transaction on the same
 * connection, and the plan's prepared statements need the client. Release-sized: the
 * campaigns, the WBS, and the required items, read once.
 */
type Reader = Db | Tx;
export type CampaignRow = typeof campaigns.$inferSelect;

/** How many campaigns at risk the board's tile names (the rest are counted). */
export const TILE_SHOWN = 3;

export function releaseOf(db: Reader, release: string) {
  const row = db.select().from(releases).where(eq(releases.id, release)).get();
  if (!row) throw notFound(`release "${release}"`);
  return row;
}

export function campaignRows(db: Reader, release: string): CampaignRow[] {
  return db.select().from(campaigns).where(eq(campaigns.releaseId, release)).orderBy(asc(campaigns.createdAt), asc(campaigns.id)).all();
}

/** Whether the release has any campaign (the board computes nothing for a release without). */
export function hasCampaigns(db: Reader, release: string): boolean {
  return db.select({ id: campaigns.id }).from(campaigns).where(eq(campaigns.releaseId, release)).limit(1).get() !== undefined;
}

/** The ids of the items any of the release's campaigns requires. */
export function requiredItemIds(db: Reader, release: string): Set<string> {
  return new Set(
    db
      .select({ ids: campaigns.requiresItems })
      .from(campaigns)
      .where(eq(campaigns.releaseId, release))
      .all()
      .flatMap((r) => r.ids),
  );
}

/** The release's campaigns as views: dates resolved, requirements as they stand, risk as of `now`. */
export function campaignViews(db: Db, release: string, now: Date, rows: CampaignRow[] = campaignRows(db, release)): CampaignView[] {
  if (!rows.length) return [];
  const rel = releaseOf(db, release);
  const launch = rel.launchDate;
  const today = isoDate(now);
  // Tasks: the plan's projection as of today, only when some campaign requires a task.
  const wantsTasks = rows.some((r) => r.requiresTasks.length);
  const wbs = wantsTasks ? readWbs(db, release) : null;
  const linked = wbs ? planState(rel, wbs, now).linked : null;
  const names = new Map(wbs?.tasks.map((t) => [t.id, t.name]) ?? []);
  const wantedItems = [...new Set(rows.flatMap((r) => r.requiresItems))];
  const itemRows = new Map<string, { title: string; status: Status }>();
  for (let i = 0; i < wantedItems.length; i += 500) {
    for (const row of db
      .select({ id: items.id, title: items.title, status: items.status })
      .from(items)
      .where(and(eq(items.releaseId, release), inArray(items.id, wantedItems.slice(i, i + 500))))
      .all())
      itemRows.set(row.id, row);
  }
  const views = rows.map((row): CampaignView => {
    const start = resolveDate(row.starts, launch);
    const end = resolveDate(row.ends, launch);
    const tasks = row.requiresTasks.map((id) => {
      const task = linked?.tasks.get(id);
      return { id, name: names.get(id) ?? null, status: task?.status ?? null, projected_finish: task?.finish ?? null };
    });
    const required = row.requiresItems.map((id) => {
      const item = itemRows.get(id);
      return { id, title: item?.title ?? null, status: item?.status ?? null };
    });
    const risk = campaignRisk(start, end, today, tasks, required);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      starts: row.starts,
      ends: row.ends,
      start_date: start,
      end_date: end,
      start_offset: offsetLabel(start, launch),
      end_offset: offsetLabel(end, launch),
      requires: { tasks: row.requiresTasks, items: row.requiresItems },
      requirements: { tasks, items: required },
      ...risk,
      owner: row.owner,
      version: row.version,
      created_at: row.createdAt,
      updated_at: row.updatedAt,
    };
  });
  // Soonest first: the order of a calendar.
  return views.sort((a, b) => a.start_date.localeCompare(b.start_date) || a.id.localeCompare(b.id));
}

/** The board's tile: the campaigns at risk, soonest first, the first few with their first reason. */
export function campaignsTile(db: Db, release: string, now: Date): BoardCampaigns {
  const atRisk = campaignViews(db, release, now).filter((c) => c.at_risk);
  return {
    at_risk: atRisk.slice(0, TILE_SHOWN).map((c) => ({
      id: c.id,
      name: c.name,
      kind: c.kind,
      start_date: c.start_date,
      start_offset: c.start_offset,
      reason: c.risk_reasons[0]!,
      more_reasons: c.risk_reasons.length - 1,
    })),
    count: atRisk.length,
  };
}
