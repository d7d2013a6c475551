import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sections } from "../../db/schema";
import type { Board, BoardDelta, BoardExtras } from "../../app/shared/board";
import { countStatuses, gateFromCounts } from "../../app/shared/gate";
import type { OwnerNames } from "../../app/shared/owners";
import type { Clock } from "../../app/shared/time";
import { createActionReads } from "../actions/reads";
import { createNames } from "../auth/names";
import { createEventLog } from "../events";
import { createGoNoGoReads } from "../gonogo/queries";
import { boardItem, createItemReads, itemChange, type ItemRow } from "../readiness/items";
import { planState, readWbs } from "../schedule/plan";
import { campaignsTile, hasCampaigns, requiredItemIds } from "../campaigns/reads";

/**
 * The board projection (ADR 007): what a screen shows, computed in one place
 * on the server. `snapshot` is the whole board at the release's current seq;
 * `delta` is what one event changed, and applying every event's delta in seq
 * order (app/shared/board.ts `applyDelta`) gives the snapshot again.
 */
export interface DeltaInput {
  /** Item rows the write changed, as they are now. */
  items: readonly ItemRow[];
  /** Whether any item's status changed: every vote cast before it goes stale, so the delta carries the votes. */
  statusChanged: boolean;
  /** What else the write changed on the board (schedule, phase, the Go/No-Go state). */
  extras?: BoardExtras;
}

export function createProjection(db: Db, clock: Clock) {
  /** Whether a write changed the colour of an item some campaign requires. */
  const requiredChanged = (release: string, items: readonly ItemRow[], statusChanged: boolean) => {
    if (!statusChanged || !items.length) return false;
    const required = requiredItemIds(db, release);
    return items.some((row) => required.has(row.id));
  };
  const reads = createItemReads(db);
  const goNoGo = createGoNoGoReads(db);
  const log = createEventLog(db);
  const actions = createActionReads(db);
  const names = createNames(db);

  return {
    /** The whole board at the release's head seq (or at `seq`, for the event about to be appended). */
    snapshot(release: string, seq: number = log.headOf(release).seq): Board {
      const row = reads.requireRelease(release);
      const sectionRows = db.select().from(sections).where(eq(sections.releaseId, release)).orderBy(asc(sections.position)).all();
      const itemRows = reads.items(release);
      const boardSections = sectionRows.map((s) => {
        const sectionItems = itemRows.filter((i) => i.sectionKey === s.key).map(boardItem);
        return { key: s.key, name: s.name, owner: s.owner, counts: countStatuses(sectionItems.map((i) => i.status)), items: sectionItems };
      });
      const totals = countStatuses(itemRows.map((i) => i.status));
      return {
        release: { id: row.id, name: row.name, template: row.templateId, start_date: row.startDate, launch_date: row.launchDate },
        phase: row.phase,
        seq,
        sections: boardSections,
        totals,
        gate: gateFromCounts(totals),
        schedule: planState(row, readWbs(db, release), clock()).schedule,
        ...goNoGo.goNoGo(release),
        actions: actions.tile(release, clock()),
        owner_names: names.ownerNames(row.functions),
        campaigns: campaignsTile(db, release, clock()),
      };
    },

    /** Who answers for each of the release's functions (the board's `owner_names`), for a page that shows one item or a screen told leads changed. */
    ownerNames(release: string): OwnerNames {
      return names.ownerNames(reads.requireRelease(release).functions);
    },

    /** What changed in derived state: the changed items, their sections' counts, the totals and the gate, and the extras. */
    delta(release: string, { items, statusChanged, extras }: DeltaInput): BoardDelta {
      const { sections: bySection, totals } = reads.counts(release);
      // Campaign risk (ADR 024) follows the plan and the required items: recomputed when the schedule moved or a required item changed colour.
      const campaigns =
        extras?.campaigns === undefined &&
        !extras?.snapshot &&
        hasCampaigns(db, release) &&
        (extras?.schedule !== undefined || requiredChanged(release, items, statusChanged))
          ? { campaigns: campaignsTile(db, release, clock()) }
          : {};
      const touched = new Set(items.map((row) => row.sectionKey));
      return {
        items: items.map(itemChange),
        sections: Object.fromEntries([...touched].map((key) => [key, bySection[key] ?? countStatuses([])])),
        totals,
        gate: gateFromCounts(totals),
        ...(statusChanged ? { votes: goNoGo.latestVotes(release) } : {}),
        ...extras,
        ...campaigns,
      };
    },
  };
}

export type Projection = ReturnType<typeof createProjection>;
