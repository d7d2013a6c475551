import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { drills, items, users } from "../../db/schema";
import type { DrillListQuery, DrillRecordInput, DrillView } from "../../app/shared/drills";
import { invalid } from "../../app/shared/errors";
import type { Clock } from "../../app/shared/time";
import type { Actions, DrillFindingSpec } from "../actions/service";
import type { Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Ledger } from "../ledger";
import type { ItemView } from "../readiness/items";
import type { Readiness } from "../readiness/service";
import { drillById, drillsOverview, listDrills, requireDrillRelease, type DrillsOverview } from "./reads";

/**
 * The drills log (SPEC 12.5, ADR 021). Recording a drill is one ledger
 * transaction: the drill row and its `drill.recorded` event, the drill
 * reported as evidence on its `drill` item (the readiness module's own
 * `evidence.reported`, with its rules), and each finding created as an
 * action item (the actions module's `action.created`), as a Go/No-Go
 * decision creates its follow-ups. Anything refused refuses it all.
 */
export interface DrillsDeps {
  db: Db;
  clock: Clock;
  ledger: Ledger;
  readiness: Readiness;
  actions: Actions;
}

export interface RecordedDrill {
  drill: DrillView;
  item: ItemView;
  /** The seq of the `drill.recorded` event (the evidence and action events follow it). */
  seq: number;
}

export function createDrills({ db, ledger, readiness, actions }: DrillsDeps) {
  /** The release's `drill` item, or a 422 naming the field (it is the body's, not the path's). */
  function drillItem(release: string, id: string) {
    const row = db
      .select({ id: items.id, title: items.title, kind: items.kind, owner: items.owner, assigneeId: items.assigneeId })
      .from(items)
      .where(and(eq(items.releaseId, release), eq(items.id, id)))
      .get();
    if (!row) throw invalid("no such drill item", [{ path: ["item"], message: `no item "${id}" in release ${release}` }]);
    if (row.kind !== "drill") throw invalid("not a drill item", [{ path: ["item"], message: `"${id}" is a ${row.kind} item, not a drill` }]);
    return row;
  }

  /**
   * Each finding's owner is an enabled user and its function one of the
   * release's, all problems at once; the function defaults to the drill
   * item's when the owner works in it, else the owner's first in the release.
   */
  function findingSpecs(input: DrillRecordInput, item: { owner: string }, functions: string[], drillId: () => number): () => DrillFindingSpec[] {
    if (!input.findings.length) return () => [];
    const emails = [...new Set(input.findings.map((f) => f.owner.toLowerCase()))];
    const people = new Map(
      db
        .select({ email: users.email, functions: users.functions, disabledAt: users.disabledAt })
        .from(users)
        .where(inArray(users.email, emails))
        .all()
        .map((u) => [u.email, u]),
    );
    const problems: { path: PropertyKey[]; message: string }[] = [];
    const fns = input.findings.map((f, i) => {
      const person = people.get(f.owner.toLowerCase());
      if (!person || person.disabledAt) problems.push({ path: ["findings", i, "owner"], message: `no ${person ? "enabled " : ""}user with email ${f.owner}` });
      if (f.function !== undefined && !functions.includes(f.function)) {
        problems.push({ path: ["findings", i, "function"], message: `"${f.function}" is not a function of this release (${functions.join(", ")})` });
      }
      const own = person?.functions ?? [];
      return f.function ?? (own.includes(item.owner) ? item.owner : (own.find((fn) => functions.includes(fn)) ?? item.owner));
    });
    if (problems.length) throw invalid("the drill's findings are not valid; nothing was recorded", problems);
    return () =>
      input.findings.map((f, i) => ({
        title: f.title,
        description: `Found in drill ${drillId()} (${input.kind}, ${input.performed_on}).`,
        owner: f.owner,
        function: fns[i]!,
        priority: f.priority,
        due: f.due,
      }));
  }

  return {
    /** The release's drill items with the drill each is judged on, for the drills page. */
    overview(release: string): DrillsOverview {
      return drillsOverview(db, release);
    },

    list(release: string, query: DrillListQuery): DrillView[] {
      return listDrills(db, release, query);
    },

    get(id: number): DrillView {
      return drillById(db, id);
    },

    /**
     * Record a drill (SPEC 12.5): whoever may report evidence on its item.
     * The drill's date, result and timings are the item's evidence; its
     * findings become action items blocking the release.
     */
    record(release: string, input: DrillRecordInput, actor: Actor): RecordedDrill {
      const { functions } = requireDrillRelease(db, release);
      const item = drillItem(release, input.item);
      assertCan(actor, { type: "evidence.report", owner: item.owner, assigneeId: item.assigneeId });
      let id = 0;
      const findings = findingSpecs(input, item, functions, () => id);
      const evidence = {
        performed_on: input.performed_on,
        result: input.result,
        ...(input.detect_s === undefined ? {} : { detect_s: input.detect_s }),
        ...(input.mitigate_s === undefined ? {} : { mitigate_s: input.mitigate_s }),
        ...(input.note === undefined ? {} : { note: input.note }),
        ...(input.link === undefined ? {} : { link: input.link }),
      };
      const { seq, reported } = ledger.transaction((append, tx) => {
        const { event } = append(release, actor, "drill.recorded", ({ tx, seq, at }) => {
          id = tx
            .insert(drills)
            .values({
              releaseId: release,
              item: item.id,
              kind: input.kind,
              performedOn: input.performed_on,
              result: input.result,
              detectS: input.detect_s ?? null,
              mitigateS: input.mitigate_s ?? null,
              participants: input.participants,
              findings: [],
              note: input.note ?? null,
              link: input.link ?? null,
              seq,
              recordedAt: at,
              recordedBy: actor.label,
            })
            .returning({ id: drills.id })
            .get().id;
          return {
            result: undefined,
            data: {
              drill: id,
              item: item.id,
              kind: input.kind,
              performed_on: input.performed_on,
              result: input.result,
              detect_s: input.detect_s ?? null,
              mitigate_s: input.mitigate_s ?? null,
              participants: input.participants.length,
              findings: input.findings.length,
            },
          };
        });
        // The drill is its item's evidence: the readiness rules (a date in the future, the kind's shape) refuse it all here.
        const reported = readiness.reportEvidenceIn(append, release, item.id, evidence, actor);
        const ids = actions.createFindings(tx, append, release, item.id, findings(), actor);
        if (ids.length) tx.update(drills).set({ findings: ids }).where(eq(drills.id, id)).run();
        return { seq: event.seq, reported };
      });
      return { drill: drillById(db, id), item: reported.item, seq };
    },
  };
}

export type Drills = ReturnType<typeof createDrills>;
