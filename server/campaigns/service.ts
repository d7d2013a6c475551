import { and, eq, inArray, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { campaigns, items, releases, users, wbsTasks } from "../../db/schema";
import type { CampaignInput, CampaignPatch, CampaignView } from "../../app/shared/campaigns";
import { AppError, invalid, notFound } from "../../app/shared/errors";
import { evaluate, itemDefinition, nextChangeAt, type Evidence } from "../../app/shared/kinds";
import type { Clock } from "../../app/shared/time";
import type { Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Ledger } from "../ledger";
import { withAssignee, type ItemChange } from "../readiness/items";
import { rosterFacts } from "../roster/reads";
import { planState, readWbs } from "../schedule/plan";
import { campaignRows, campaignsTile, campaignViews, releaseOf, type CampaignRow } from "./reads";
import { resolveDate } from "./risk";

/**
 * A release's campaigns (SPEC 13, ADR 024) and its launch date. Each write
 * is one ledger transaction: the row, one event, and the board's
 * campaigns-at-risk tile in its delta. Moving the launch date re-evaluates in
 * the same transaction everything that reads it: `task` items and the
 * schedule tile (slack to launch), `roster` items (passes valid on launch),
 * `drill` items (valid on launch day), and the campaigns at offsets.
 */
export interface CampaignDeps {
  db: Db;
  clock: Clock;
  ledger: Ledger;
}

type Reader = Db | Tx;

const FIELDS = ["name", "kind", "starts", "ends", "requires", "owner"] as const;

/** Every requirement that names no task in the plan or no item of the release: a 422 naming each, nothing written. */
function checkRequirements(tx: Reader, release: string, requires: { tasks: readonly string[]; items: readonly string[] }) {
  const known = (ids: readonly string[], table: typeof wbsTasks | typeof items) => {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) {
      for (const row of tx
        .select({ id: table.id })
        .from(table)
        .where(and(eq(table.releaseId, release), inArray(table.id, ids.slice(i, i + 500))))
        .all())
        found.add(row.id);
    }
    return found;
  };
  const tasks = known(requires.tasks, wbsTasks);
  const itemIds = known(requires.items, items);
  const problems = [
    ...requires.tasks.flatMap((id, i) => (tasks.has(id) ? [] : [{ path: ["requires", "tasks", i], message: `no task "${id}" in the plan of ${release}` }])),
    ...requires.items.flatMap((id, i) => (itemIds.has(id) ? [] : [{ path: ["requires", "items", i], message: `no item "${id}" in ${release}` }])),
  ];
  if (problems.length) throw invalid(`unknown ${problems.map((p) => p.message.split('"')[1]).join(", ")}; nothing was written`, problems);
}

/** The dates once resolved: a campaign that ends before it starts is refused. */
function checkDates(starts: string, ends: string, launch: string) {
  const start = resolveDate(starts, launch);
  const end = resolveDate(ends, launch);
  if (end < start) {
    throw invalid(`the campaign ends (${ends}: ${end}) before it starts (${starts}: ${start}); nothing was written`, [
      { path: ["ends"], message: `ends ${end}, before the start ${start} (launch ${launch})` },
    ]);
  }
  return { start, end };
}

export function createCampaigns({ db, clock, ledger }: CampaignDeps) {
  function row(tx: Reader, release: string, id: string): CampaignRow {
    const found = tx
      .select()
      .from(campaigns)
      .where(and(eq(campaigns.releaseId, release), eq(campaigns.id, id)))
      .get();
    if (!found) {
      releaseOf(tx, release);
      throw notFound(`campaign "${id}" in ${release}`);
    }
    return found;
  }

  const viewOf = (release: string, id: string): CampaignView => campaignViews(db, release, clock(), [row(db, release, id)])[0]!;

  return {
    list(release: string): CampaignView[] {
      releaseOf(db, release);
      return campaignViews(db, release, clock());
    },

    get: viewOf,

    create(release: string, input: CampaignInput, actor: Actor): { campaign: CampaignView; seq: number } {
      assertCan(actor, { type: "campaign.manage" });
      const { seq } = ledger.record(release, actor, "campaign.created", ({ tx, at, now }) => {
        const rel = releaseOf(tx, release);
        const taken = tx
          .select({ id: campaigns.id })
          .from(campaigns)
          .where(and(eq(campaigns.releaseId, release), eq(campaigns.id, input.id)))
          .get();
        if (taken) throw new AppError(409, "conflict", `campaign "${input.id}" already exists in ${release}`);
        const { start, end } = checkDates(input.starts, input.ends, rel.launchDate);
        checkRequirements(tx, release, input.requires);
        tx.insert(campaigns)
          .values({
            releaseId: release,
            id: input.id,
            name: input.name,
            kind: input.kind,
            starts: input.starts,
            ends: input.ends,
            requiresTasks: input.requires.tasks,
            requiresItems: input.requires.items,
            owner: input.owner,
            createdAt: at,
            updatedAt: at,
            version: 1,
          })
          .run();
        return {
          result: undefined,
          data: {
            campaign: input.id,
            name: input.name,
            kind: input.kind,
            starts: input.starts,
            ends: input.ends,
            start_date: start,
            end_date: end,
            requires: input.requires,
          },
          board: { campaigns: campaignsTile(db, release, now) },
        };
      });
      return { campaign: viewOf(release, input.id), seq };
    },

    update(release: string, id: string, patch: CampaignPatch, actor: Actor): { campaign: CampaignView; seq: number | null } {
      assertCan(actor, { type: "campaign.manage" });
      const before = row(db, release, id);
      if (patch.if_version !== undefined && patch.if_version !== before.version) {
        throw new AppError(409, "version_conflict", `campaign "${id}" is at version ${before.version}, not ${patch.if_version}: reload and try again`);
      }
      const was = {
        name: before.name,
        kind: before.kind,
        starts: before.starts,
        ends: before.ends,
        requires: { tasks: before.requiresTasks, items: before.requiresItems },
        owner: before.owner,
      };
      const next = {
        ...was,
        ...Object.fromEntries(FIELDS.flatMap((f) => (patch[f] === undefined ? [] : [[f, patch[f]]]))),
        requires: { tasks: patch.requires?.tasks ?? was.requires.tasks, items: patch.requires?.items ?? was.requires.items },
      } as typeof was;
      const changes = Object.fromEntries(
        FIELDS.filter((f) => JSON.stringify(was[f]) !== JSON.stringify(next[f])).map((f) => [f, { from: was[f], to: next[f] }]),
      );
      if (!Object.keys(changes).length) return { campaign: viewOf(release, id), seq: null };
      const { seq } = ledger.record(release, actor, "campaign.updated", ({ tx, at, now }) => {
        const current = row(tx, release, id);
        if (current.version !== before.version) throw new AppError(409, "version_conflict", `campaign "${id}" changed meanwhile: reload and try again`);
        checkDates(next.starts, next.ends, releaseOf(tx, release).launchDate);
        checkRequirements(tx, release, next.requires);
        tx.update(campaigns)
          .set({
            name: next.name,
            kind: next.kind,
            starts: next.starts,
            ends: next.ends,
            requiresTasks: next.requires.tasks,
            requiresItems: next.requires.items,
            owner: next.owner,
            updatedAt: at,
            version: current.version + 1,
          })
          .where(and(eq(campaigns.releaseId, release), eq(campaigns.id, id)))
          .run();
        return { result: undefined, data: { campaign: id, name: next.name, changes }, board: { campaigns: campaignsTile(db, release, now) } };
      });
      return { campaign: viewOf(release, id), seq };
    },

    remove(release: string, id: string, actor: Actor): { deleted: string; seq: number } {
      assertCan(actor, { type: "campaign.manage" });
      const { seq } = ledger.record(release, actor, "campaign.deleted", ({ tx, now }) => {
        const current = row(tx, release, id);
        tx.delete(campaigns)
          .where(and(eq(campaigns.releaseId, release), eq(campaigns.id, id)))
          .run();
        return { result: undefined, data: { campaign: id, name: current.name }, board: { campaigns: campaignsTile(db, release, now) } };
      });
      return { deleted: id, seq };
    },

    /**
     * Move the launch date (ADR 024): one `release.rescheduled` event that
     * re-evaluates, in its transaction, the `task` items and schedule tile
     * (slack to launch), `roster` items (passes valid on launch), `drill`
     * items (valid on launch day) and the campaigns-at-risk tile. Campaigns
     * at offsets move with it: they are resolved on read.
     */
    reschedule(release: string, launch: string, actor: Actor): { from: string; to: string; seq: number | null } {
      assertCan(actor, { type: "release.reschedule" });
      const current = releaseOf(db, release);
      if (current.launchDate === launch) return { from: launch, to: launch, seq: null };
      const { seq } = ledger.record(release, actor, "release.rescheduled", ({ tx, at, now }) => {
        const rel = releaseOf(tx, release);
        if (launch < rel.startDate) {
          throw invalid("the launch date must not be before the start date; nothing was changed", [
            { path: ["launch_date"], message: `${launch} is before the start date ${rel.startDate}` },
          ]);
        }
        // Campaigns are checked on create and update to end on or after their start; a move must not invert one (an offset start past a fixed end).
        const inverted = campaignRows(tx, release).filter((c) => resolveDate(c.ends, launch) < resolveDate(c.starts, launch));
        if (inverted.length) {
          throw invalid(
            `moving the launch to ${launch} would make ${inverted.map((c) => c.id).join(", ")} end before ${inverted.length === 1 ? "it starts" : "they start"}; change ${inverted.length === 1 ? "it" : "them"} first; nothing was changed`,
            inverted.map((c) => ({
              path: ["launch_date"],
              message: `campaign "${c.id}" would run ${resolveDate(c.starts, launch)} (${c.starts}) to ${resolveDate(c.ends, launch)}: it ends before it starts`,
            })),
          );
        }
        tx.update(releases).set({ launchDate: launch }).where(eq(releases.id, release)).run();
        const moved = { ...rel, launchDate: launch };
        const wbs = readWbs(db, release);
        const state = planState(moved, wbs, now);
        // Reported kinds that read the launch date through the release context: drills (valid on launch day).
        const context = { launch };
        const changed: ItemChange[] = [];
        let deadline: Date | null = null;
        const drills = tx
          .select(withAssignee)
          .from(items)
          .leftJoin(users, eq(items.assigneeId, users.id))
          .where(and(eq(items.releaseId, release), eq(items.kind, "drill"), isNotNull(items.evidenceAt)))
          .all();
        for (const item of drills) {
          const definition = itemDefinition(item);
          const evidence = { data: item.evidence as Evidence, at: item.evidenceAt! };
          const next = evaluate(definition, evidence, now, {}, context);
          const due = nextChangeAt(definition, evidence, now, context);
          if (due && (!deadline || due < deadline)) deadline = due;
          if (next.status === item.status && next.reason === item.reason) continue;
          tx.update(items)
            .set({ status: next.status, reason: next.reason, updatedAt: at })
            .where(and(eq(items.releaseId, release), eq(items.id, item.id)))
            .run();
          changed.push({ row: { ...item, status: next.status, reason: next.reason, updatedAt: at }, from: item.status });
        }
        return {
          result: undefined,
          data: { from: rel.launchDate, to: launch },
          items: changed,
          facts: { ...(state.linked ? { task: state.linked } : {}), roster: rosterFacts(tx, release) },
          // The campaigns-at-risk tile is recomputed by the projection once the items above are (the schedule moved).
          board: { schedule: state.schedule },
          deadline,
        };
      });
      return { from: current.launchDate, to: launch, seq };
    },
  };
}

export type Campaigns = ReturnType<typeof createCampaigns>;
