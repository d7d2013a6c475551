import { and, asc, desc, eq, gt, inArray, lt, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { actionItems, drills, items, releases, users } from "../../db/schema";
import type { DrillFindingView, DrillListQuery, DrillView } from "../../app/shared/drills";
import { notFound } from "../../app/shared/errors";
import { daysBetween } from "../../app/shared/time";
import { drillConfig, drillValidUntil, type DrillConfig, type DrillEvidence, type Status } from "../../app/shared/kinds";

/**
 * Reading the drills log (SPEC 12.5): a page of drills with their findings'
 * action items as they stand now, and each `drill` item of a release with
 * its latest drill against its targets and the launch date. Bounded by the
 * page and the release's drill items, never by history.
 */
type Reader = Db | Tx;
type DrillRow = typeof drills.$inferSelect;

/** A release's `drill` item as the drills page shows it. */
export interface DrillItemView {
  id: string;
  title: string;
  owner: string;
  assignee_id: number | null;
  status: Status;
  reason: string;
  config: DrillConfig;
  /** The drill the item is judged on (the latest performed), as reported. */
  evidence: DrillEvidence | null;
  /** Its last valid day. */
  valid_until: string | null;
  /** Days from the end of its validity to launch when it lapses first (amber), else null. */
  lapses_before_launch: number | null;
  /** The recorded drill behind that evidence, when it came through the drills log. */
  latest: DrillView | null;
}

export interface DrillsOverview {
  release: { id: string; name: string; launch: string; functions: string[] };
  items: DrillItemView[];
}

export function requireDrillRelease(tx: Reader, release: string) {
  const row = tx
    .select({ id: releases.id, name: releases.name, launch: releases.launchDate, functions: releases.functions })
    .from(releases)
    .where(eq(releases.id, release))
    .get();
  if (!row) throw notFound(`release "${release}"`);
  return row;
}

/** The findings' action items, by id, as they stand (one read per 500). */
function findingsOf(tx: Reader, ids: number[]): Map<number, DrillFindingView> {
  const found = new Map<number, DrillFindingView>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = tx
      .select({
        id: actionItems.id,
        title: actionItems.title,
        priority: actionItems.priority,
        owner: users.email,
        function: actionItems.function,
        due: actionItems.due,
        status: actionItems.status,
      })
      .from(actionItems)
      .leftJoin(users, eq(users.id, actionItems.ownerId))
      .where(inArray(actionItems.id, ids.slice(i, i + 500)))
      .all();
    for (const { id, ...rest } of rows) found.set(id, { action: id, ...rest });
  }
  return found;
}

function views(tx: Reader, rows: DrillRow[]): DrillView[] {
  const findings = findingsOf(tx, [...new Set(rows.flatMap((r) => r.findings))]);
  return rows.map((r) => ({
    id: r.id,
    item: r.item,
    kind: r.kind,
    performed_on: r.performedOn,
    result: r.result,
    detect_s: r.detectS,
    mitigate_s: r.mitigateS,
    participants: r.participants,
    findings: r.findings.map((id) => findings.get(id)).filter((f): f is DrillFindingView => f !== undefined),
    note: r.note,
    link: r.link,
    seq: r.seq,
    recorded_at: r.recordedAt,
    recorded_by: r.recordedBy,
  }));
}

export function drillById(tx: Reader, id: number): DrillView {
  const row = tx.select().from(drills).where(eq(drills.id, id)).get();
  if (!row) throw notFound(`drill ${id}`);
  return views(tx, [row])[0]!;
}

/** A page of a release's drills: newest first (before `before`), or oldest first after `after` (a client catching up). */
export function listDrills(tx: Reader, release: string, query: DrillListQuery): DrillView[] {
  requireDrillRelease(tx, release);
  const where: SQL[] = [eq(drills.releaseId, release)];
  if (query.item) where.push(eq(drills.item, query.item));
  if (query.after !== undefined) where.push(gt(drills.id, query.after));
  if (query.before !== undefined) where.push(lt(drills.id, query.before));
  const rows = tx
    .select()
    .from(drills)
    .where(and(...where))
    .orderBy(query.after === undefined ? desc(drills.id) : asc(drills.id))
    .limit(query.limit)
    .all();
  return views(tx, rows);
}

/** Each `drill` item of the release with the drill it is judged on. */
export function drillsOverview(tx: Reader, release: string): DrillsOverview {
  const rel = requireDrillRelease(tx, release);
  const rows = tx
    .select()
    .from(items)
    .where(and(eq(items.releaseId, release), eq(items.kind, "drill")))
    .orderBy(asc(items.position))
    .all();
  const latest = rows.map(
    (item) =>
      tx
        .select()
        .from(drills)
        .where(and(eq(drills.releaseId, release), eq(drills.item, item.id)))
        // The item judges the latest performed drill (SPEC 3); the last recorded breaks a tie.
        .orderBy(desc(drills.performedOn), desc(drills.id))
        .limit(1)
        .get() ?? null,
  );
  const latestViews = views(
    tx,
    latest.filter((r): r is DrillRow => r !== null),
  );
  return {
    release: { id: rel.id, name: rel.name, launch: rel.launch, functions: rel.functions },
    items: rows.map((item) => {
      const config = drillConfig.parse(item.config);
      const evidence = (item.evidence as DrillEvidence | null) ?? null;
      const validUntil = evidence ? drillValidUntil(config, evidence.performed_on) : null;
      const lapses = validUntil && validUntil < rel.launch ? daysBetween(validUntil, rel.launch) : null;
      const record = latestViews.find((d) => d.item === item.id) ?? null;
      return {
        id: item.id,
        title: item.title,
        owner: item.owner,
        assignee_id: item.assigneeId,
        status: item.status,
        reason: item.reason,
        config,
        evidence,
        valid_until: validUntil,
        lapses_before_launch: evidence?.result === "pass" ? lapses : null,
        // Only the record the evidence came from: an older drill reported late does not stand for the latest.
        latest: record && evidence && record.performed_on === evidence.performed_on ? record : null,
      };
    }),
  };
}
