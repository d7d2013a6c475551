import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { actionItems, actionReleases, items, postmortems, releases, users } from "../../db/schema";
import {
  addWorkdays,
  defaultDue,
  isHighPriority,
  isOpen,
  type ActionCloseInput,
  type ActionCreateInput,
  type ActionListQuery,
  type ActionPatchInput,
  type ActionView,
  type Priority,
} from "../../app/shared/actions";
import type { FollowUpImport } from "../../app/shared/actions-exchange";
import { AppError, invalid } from "../../app/shared/errors";
import type { EventData } from "../../app/shared/events";
import { evaluate, itemDefinition } from "../../app/shared/kinds";
import { addDays, isoDate, type Clock } from "../../app/shared/time";
import { SYSTEM, type Actor } from "../auth/actor";
import { recordAccess } from "../auth/access-log";
import { assertCan } from "../auth/permissions";
import type { Append, Ledger } from "../ledger";
import type { Template } from "../readiness/template";
import { createActionReads, type ActionRow } from "./reads";

/**
 * Action items (SPEC 11): what an incident, a delay or a No-Go taught, tracked
 * to closure. Every change is one transaction that appends an event to the
 * log of each release the action blocks (before and after the change), with
 * the `actions` items of those releases re-evaluated and the board's tile in
 * the delta; an action linked to no release is logged in the access log.
 */
type ActionEvent = "action.created" | "action.updated" | "action.closed" | "action.overdue";

/** Follow-ups per import: one transaction holds the write lock for all of them. */
export const MAX_IMPORT = 5000;

export interface ActionsDeps {
  db: Db;
  clock: Clock;
  ledger: Ledger;
  templates: ReadonlyMap<string, Template>;
}

/** A follow-up as a decision records it (section 7): its owner is a function or a person. */
export interface FollowUp {
  title: string;
  owner: string;
  due: string;
  priority?: Priority;
}

export function createActions({ db, clock, ledger, templates }: ActionsDeps) {
  const reads = createActionReads(db);

  /** The person an action is given to: an existing, enabled user (422 otherwise). */
  function ownerOf(tx: Db | Tx, email: string, path: PropertyKey[] = ["owner"]) {
    const user = tx.select().from(users).where(eq(users.email, email.toLowerCase())).get();
    if (!user || user.disabledAt) throw invalid("the owner is not a user", [{ path, message: `no ${user ? "enabled " : ""}user with email ${email}` }]);
    return user;
  }

  /** The releases an action blocks exist, and so do the post-mortem and the item it names. */
  function checkLinks(tx: Db | Tx, links: { releases: string[]; postmortem: number | null; item: string | null; function: string }) {
    const found = links.releases.length ? tx.select().from(releases).where(inArray(releases.id, links.releases)).all() : [];
    const problems: { path: PropertyKey[]; message: string }[] = [];
    links.releases.forEach((id, i) => {
      if (!found.some((r) => r.id === id)) problems.push({ path: ["releases", i], message: `no release "${id}"` });
    });
    if (links.postmortem !== null && !tx.select({ id: postmortems.id }).from(postmortems).where(eq(postmortems.id, links.postmortem)).get()) {
      problems.push({ path: ["postmortem"], message: `no post-mortem ${links.postmortem}` });
    }
    if (links.item !== null) {
      const inSome =
        found.length &&
        tx
          .select({ id: items.id })
          .from(items)
          .where(and(inArray(items.releaseId, links.releases), eq(items.id, links.item)))
          .get();
      if (!inSome)
        problems.push({
          path: ["item"],
          message: `no readiness item "${links.item}" in ${links.releases.length ? links.releases.join(", ") : "a linked release (link a release first)"}`,
        });
    }
    if (found.length && !found.some((r) => r.functions.includes(links.function))) {
      problems.push({ path: ["function"], message: `"${links.function}" is not a function of ${links.releases.join(", ")}` });
    }
    if (problems.length) throw invalid("the action's links are not valid", problems);
    return found;
  }

  /**
   * The event of one change, in the log of each release it touches (with the
   * `actions` items re-evaluated and the tile), or in the access log if none.
   * Returns the seq of the first release's event.
   */
  function publish<T extends ActionEvent>(
    append: Append,
    tx: Tx,
    touched: string[],
    actor: Actor,
    type: T,
    data: EventData<T>,
    now: Date,
    due: string | null,
    /** Re-evaluate the releases' `actions` items and carry the tile (false: a later event of the same transaction does, as in a bulk import). */
    settle = true,
  ) {
    const at = now.toISOString();
    if (!touched.length) {
      recordAccess(tx, ledger.sealer, at, actor.label, type, `action ${data.action}: ${data.title}`);
      return undefined;
    }
    // Found overdue the day after its due date: the sweeper wakes then.
    const deadline = due ? new Date(`${addDays(due, 1)}T00:00:00Z`) : null;
    let first: number | undefined;
    for (const release of touched) {
      const { event } = append(release, actor, type, () => ({
        data,
        result: undefined,
        ...(settle ? { facts: { actions: reads.facts(release, now) }, board: { actions: reads.tile(release, now) } } : {}),
        deadline,
      }));
      first ??= event.seq;
    }
    return first;
  }

  /** A person's follow-up belongs to their first function the release has; else the PMO's, else the release's first. */
  function functionOf(personal: string[], release: string): string {
    const functions = db.select({ functions: releases.functions }).from(releases).where(eq(releases.id, release)).get()?.functions ?? [];
    return personal.find((fn) => functions.includes(fn)) ?? (functions.includes("pmo") ? "pmo" : (functions[0] ?? "pmo"));
  }

  function link(tx: Tx, id: number, ids: string[]) {
    tx.delete(actionReleases).where(eq(actionReleases.actionId, id)).run();
    for (const releaseId of ids) tx.insert(actionReleases).values({ actionId: id, releaseId }).run();
  }

  /** Working days per priority: the first linked release's template policy, on its calendar. */
  function dueFor(priority: Priority, linked: (typeof releases.$inferSelect)[], today: string): string {
    const release = linked[0];
    const policy = release ? templates.get(release.templateId)?.actionPolicy : undefined;
    return defaultDue(priority, today, policy ?? {}, release?.calendar);
  }

  function insert(
    tx: Tx,
    append: Append,
    spec: { title: string; description: string; ownerId: number | null; function: string; priority: Priority; due: string | undefined },
    links: { releases: string[]; postmortem: number | null; item: string | null; decision?: number | null; source?: string | null },
    actor: Actor,
    now: Date,
    ownerEmail: string | null,
    { status = "open", evidenceLink = null, settle = true }: { status?: "open" | "in_progress"; evidenceLink?: string | null; settle?: boolean } = {},
  ): { row: ActionRow; seq: number | undefined } {
    const linked = checkLinks(tx, { ...links, function: spec.function });
    const at = now.toISOString();
    const due = spec.due ?? dueFor(spec.priority, linked, isoDate(now));
    const row = tx
      .insert(actionItems)
      .values({
        title: spec.title,
        description: spec.description,
        ownerId: spec.ownerId,
        function: spec.function,
        priority: spec.priority,
        due,
        status,
        evidenceLink,
        postmortemId: links.postmortem,
        decisionId: links.decision ?? null,
        item: links.item,
        source: links.source ?? null,
        createdAt: at,
        createdBy: actor.label,
        updatedAt: at,
      })
      .returning()
      .get();
    link(tx, row.id, links.releases);
    const data = { action: row.id, title: row.title, owner: ownerEmail, function: row.function, priority: row.priority, due, postmortem: row.postmortemId };
    return { row, seq: publish(append, tx, links.releases, actor, "action.created", data, now, due, settle) };
  }

  return {
    reads,

    list(query: Partial<ActionListQuery>): ActionView[] {
      return reads.list(query, clock());
    },

    get(id: number): ActionView {
      return reads.get(id, clock());
    },

    /** Create an action (admins, and leads for their functions). Its due date defaults from its priority (SPEC 11). */
    create(spec: ActionCreateInput, actor: Actor): { action: ActionView; seq?: number } {
      // Who may create at all, and for the function, is asked before whether the owner exists: a refusal tells nothing about who has an account.
      assertCan(actor, { type: "action.create", function: spec.function ?? null });
      const known = db.select().from(users).where(eq(users.email, spec.owner)).get();
      const fn = spec.function ?? known?.functions[0] ?? "pmo";
      assertCan(actor, { type: "action.create", function: fn });
      const owner = ownerOf(db, spec.owner);
      const { id, seq } = ledger.transaction((append, tx) => {
        const now = clock();
        const { row, seq } = insert(
          tx,
          append,
          { title: spec.title, description: spec.description, ownerId: owner.id, function: fn, priority: spec.priority, due: spec.due },
          { releases: spec.releases, postmortem: spec.postmortem, item: spec.item },
          actor,
          now,
          owner.email,
        );
        return { id: row.id, seq };
      });
      return { action: reads.get(id, clock()), ...(seq === undefined ? {} : { seq }) };
    },

    /** A decision's follow-ups, inside the decision's transaction: owned by a person (an email) or a function. */
    createFollowUps(tx: Tx, append: Append, decision: number, release: string, followUps: FollowUp[], actor: Actor): void {
      const now = clock();
      followUps.forEach((f, i) => {
        const person = f.owner.includes("@") ? ownerOf(tx, f.owner, ["actions", i, "owner"]) : null;
        insert(
          tx,
          append,
          {
            title: f.title,
            description: "",
            ownerId: person?.id ?? null,
            function: person ? functionOf(person.functions, release) : f.owner,
            priority: f.priority ?? "P2",
            due: f.due,
          },
          { releases: [release], postmortem: null, item: null, decision },
          actor,
          now,
          person?.email ?? null,
        );
      });
    },

    /** A post-mortem started from a decision takes the decision's follow-ups that belong to no post-mortem yet. */
    adoptFollowUps(tx: Tx, append: Append, decision: number, postmortem: number, actor: Actor): void {
      const now = clock();
      const ids = tx
        .select({ id: actionItems.id })
        .from(actionItems)
        .where(and(eq(actionItems.decisionId, decision), isNull(actionItems.postmortemId)))
        .all();
      for (const { id } of ids) {
        const row = reads.row(id);
        // Linking an action to a post-mortem is managing it: only the follow-ups this person may manage join.
        if (!actor.can({ type: "action.update", owner: row.ownerEmail, function: row.function, manage: true })) continue;
        tx.update(actionItems).set({ postmortemId: postmortem, updatedAt: now.toISOString() }).where(eq(actionItems.id, id)).run();
        const changes = { postmortem: { from: null, to: postmortem } };
        publish(append, tx, row.releases, actor, "action.updated", { action: id, title: row.title, changes }, now, null);
      }
    },

    /**
     * Change an action. Its owner may change its words, its progress and the
     * evidence link; who owns it, its priority, due date, function and links
     * are for an admin or a lead of its function.
     */
    update(id: number, patch: ActionPatchInput, actor: Actor): { action: ActionView; seq?: number } {
      const before = reads.row(id);
      const manage = ["owner", "priority", "due", "function", "releases", "postmortem", "item"].some((k) => k in patch);
      const lowers = isHighPriority(before.priority) && patch.priority !== undefined && !isHighPriority(patch.priority);
      assertCan(actor, { type: "action.update", owner: before.ownerEmail, function: before.function, manage, lowers });
      if (patch.function !== undefined && patch.function !== before.function) {
        assertCan(actor, { type: "action.update", owner: before.ownerEmail, function: patch.function, manage: true, lowers });
      }
      if (!isOpen(before.status))
        throw new AppError(409, "action_closed", `action ${id} was closed (${before.status.replace("_", " ")}) ${before.closedAt ?? ""}`.trim());
      const seq = ledger.transaction((append, tx) => {
        const now = clock();
        const owner = patch.owner !== undefined ? ownerOf(tx, patch.owner) : null;
        const after = {
          title: patch.title ?? before.title,
          description: patch.description ?? before.description,
          owner: owner?.email ?? before.ownerEmail,
          function: patch.function ?? before.function,
          priority: patch.priority ?? before.priority,
          due: patch.due ?? before.due,
          status: patch.status ?? before.status,
          postmortem: patch.postmortem === undefined ? before.postmortemId : patch.postmortem,
          releases: patch.releases ?? before.releases,
          item: patch.item === undefined ? before.item : patch.item,
          evidence_link: patch.evidence_link === undefined ? before.evidenceLink : patch.evidence_link,
        };
        const was: Record<keyof typeof after, unknown> = {
          title: before.title,
          description: before.description,
          owner: before.ownerEmail,
          function: before.function,
          priority: before.priority,
          due: before.due,
          status: before.status,
          postmortem: before.postmortemId,
          releases: before.releases,
          item: before.item,
          evidence_link: before.evidenceLink,
        };
        const changes = Object.fromEntries(
          (Object.keys(after) as (keyof typeof after)[])
            .filter((k) => JSON.stringify(after[k]) !== JSON.stringify(was[k]))
            .map((k) => [k, { from: was[k], to: after[k] }]),
        );
        if (!Object.keys(changes).length) return undefined;
        if ("releases" in changes || "postmortem" in changes || "item" in changes || "function" in changes) {
          checkLinks(tx, { releases: after.releases, postmortem: after.postmortem, item: after.item, function: after.function });
        }
        tx.update(actionItems)
          .set({
            title: after.title,
            description: after.description,
            ownerId: owner?.id ?? before.ownerId,
            function: after.function,
            priority: after.priority,
            due: after.due,
            status: after.status,
            postmortemId: after.postmortem,
            item: after.item,
            evidenceLink: after.evidence_link,
            // A new due date is watched afresh: found overdue again if it passes.
            overdueAt: "due" in changes ? null : before.overdueAt,
            updatedAt: now.toISOString(),
          })
          .where(eq(actionItems.id, id))
          .run();
        if ("releases" in changes) link(tx, id, after.releases);
        const touched = [...new Set([...before.releases, ...after.releases])];
        return publish(append, tx, touched, actor, "action.updated", { action: id, title: after.title, changes }, now, after.due);
      });
      return { action: reads.get(id, clock()), ...(seq === undefined ? {} : { seq }) };
    },

    /**
     * Close an action (SPEC 11): `done` with an evidence link and by someone
     * other than its owner for P0/P1; `wont_do` with a reason, by an admin
     * for P0/P1.
     */
    close(id: number, input: ActionCloseInput, actor: Actor): { action: ActionView; seq?: number } {
      const before = reads.row(id);
      assertCan(actor, { type: "action.close", owner: before.ownerEmail, function: before.function, priority: before.priority, status: input.status });
      if (!isOpen(before.status)) throw new AppError(409, "action_closed", `action ${id} is already closed (${before.status.replace("_", " ")})`);
      const evidence = input.status === "done" ? (input.evidence_link ?? before.evidenceLink) : before.evidenceLink;
      if (input.status === "done" && isHighPriority(before.priority) && !evidence) {
        throw new AppError(422, "evidence_required", `a ${before.priority} action is closed as done with an evidence link: the fix in production, verified`, [
          { path: "evidence_link", message: "required for P0 and P1" },
        ]);
      }
      const reason = input.status === "wont_do" ? input.reason : (input.note ?? null);
      const seq = ledger.transaction((append, tx) => {
        const now = clock();
        const at = now.toISOString();
        const closed = tx
          .update(actionItems)
          .set({ status: input.status, evidenceLink: evidence, reason, closedBy: actor.label, closedAt: at, updatedAt: at })
          .where(and(eq(actionItems.id, id), inArray(actionItems.status, ["open", "in_progress"])))
          .run();
        if (closed.changes !== 1) throw new AppError(409, "action_closed", `action ${id} is already closed`);
        const data = {
          action: id,
          title: before.title,
          owner: before.ownerEmail,
          priority: before.priority,
          status: input.status,
          evidence_link: evidence,
          reason,
        };
        return publish(append, tx, before.releases, actor, "action.closed", data, now, null);
      });
      return { action: reads.get(id, clock()), ...(seq === undefined ? {} : { seq }) };
    },

    /**
     * Import follow-ups (a CSV, incident.io's JSON) in one transaction. An
     * owner who is not a user is not dropped: the action is created for its
     * function with no owner yet, and the answer names the line. One already
     * imported (same source id) is skipped and named. Closed ones arrive
     * closed, as their source recorded them.
     */
    importFollowUps(
      rows: FollowUpImport[],
      options: { releases: string[]; postmortem: number | null; function: string | null },
      actor: Actor,
    ): {
      created: ActionView[];
      unknown_owners: (FollowUpImport["at"] & { owner: string; title: string })[];
      skipped: (FollowUpImport["at"] & { reason: string })[];
      reopened: (FollowUpImport["at"] & { reason: string })[];
    } {
      if (rows.length > MAX_IMPORT)
        throw invalid("too many follow-ups", [{ path: [], message: `at most ${MAX_IMPORT} follow-ups per import, not ${rows.length}` }]);
      const unknown: (FollowUpImport["at"] & { owner: string; title: string })[] = [];
      const skipped: (FollowUpImport["at"] & { reason: string })[] = [];
      const reopened: (FollowUpImport["at"] & { reason: string })[] = [];
      const plans = rows.map((row) => {
        const user = row.owner ? db.select().from(users).where(eq(users.email, row.owner)).get() : undefined;
        const person = user && !user.disabledAt ? user : null;
        if (row.owner && !person) unknown.push({ ...row.at, owner: row.owner, title: row.title });
        const fn = row.function ?? options.function ?? person?.functions[0] ?? "pmo";
        assertCan(actor, { type: "action.create", function: fn });
        // Closed at the source arrives closed only as the rules allow this importer to close it here (SPEC 11); otherwise open, and said so.
        let closed = row.status === "done" || row.status === "wont_do" ? row.status : null;
        if (closed) {
          const may = actor.can({ type: "action.close", owner: person?.email ?? null, function: fn, priority: row.priority, status: closed });
          const missing = closed === "done" ? isHighPriority(row.priority) && !row.evidence_link : !row.reason;
          if (!may || missing) {
            const why = !may
              ? `you may not close a ${row.priority} action as ${closed === "done" ? "done" : "won't do"}`
              : closed === "done"
                ? "no evidence link"
                : "no reason";
            reopened.push({ ...row.at, reason: `closed at the source, imported open: ${why}` });
            closed = null;
          }
        }
        return { row, person, fn, closed };
      });
      const ids = ledger.transaction((append, tx) => {
        const now = clock();
        const at = now.toISOString();
        const fresh = plans.filter(({ row }) => {
          if (row.source && tx.select({ id: actionItems.id }).from(actionItems).where(eq(actionItems.source, row.source)).get()) {
            skipped.push({ ...row.at, reason: `already imported (${row.source})` });
            return false;
          }
          return true;
        });
        // Each row is an event in each linked release; the releases' items and tiles are settled once, by the last of them.
        return fresh.map(({ row, person, fn, closed }, n) => {
          const last = n === fresh.length - 1;
          const { row: inserted } = insert(
            tx,
            append,
            {
              title: row.title,
              description: row.description || (row.owner && !person ? `Owner in the source: ${row.owner}` : ""),
              ownerId: person?.id ?? null,
              function: fn,
              priority: row.priority,
              due: row.due ?? undefined,
            },
            { releases: options.releases, postmortem: options.postmortem, item: null, source: row.source },
            actor,
            now,
            person?.email ?? null,
            { status: row.status === "in_progress" ? "in_progress" : "open", evidenceLink: row.evidence_link, settle: last && !closed },
          );
          if (closed) {
            tx.update(actionItems)
              .set({ status: closed, reason: row.reason, closedBy: actor.label, closedAt: at, updatedAt: at })
              .where(eq(actionItems.id, inserted.id))
              .run();
            const data = {
              action: inserted.id,
              title: inserted.title,
              owner: person?.email ?? null,
              priority: inserted.priority,
              status: closed,
              evidence_link: row.evidence_link,
              reason: row.reason,
            };
            publish(append, tx, options.releases, actor, "action.closed", data, now, null, last);
          }
          return inserted.id;
        });
      });
      const now = clock();
      return { created: ids.map((id) => reads.get(id, now)), unknown_owners: unknown, skipped, reopened };
    },

    /** When the server should next look for an action turning overdue (the day after the earliest due), or null. */
    nextDeadline(now: Date = clock()): Date | null {
      const [next] = reads.notYetOverdue();
      if (!next) return null;
      const at = new Date(`${addDays(next.due, 1)}T00:00:00Z`);
      return at < now ? now : at;
    },

    /** Find actions open past their due date, on the server's own: one `action.overdue` event each, in one transaction. */
    sweep(now: Date = clock()) {
      const today = isoDate(now);
      const candidates = reads.notYetOverdue(today);
      if (!candidates.length) return [];
      return ledger.transaction((append, tx) => {
        const found: number[] = [];
        for (const candidate of candidates) {
          const marked = tx
            .update(actionItems)
            .set({ overdueAt: now.toISOString() })
            .where(and(eq(actionItems.id, candidate.id), inArray(actionItems.status, ["open", "in_progress"])))
            .run();
          if (marked.changes !== 1) continue;
          const row = reads.row(candidate.id);
          const data = { action: row.id, title: row.title, owner: row.ownerEmail, priority: row.priority, due: row.due };
          publish(append, tx, row.releases, SYSTEM, "action.overdue", data, now, null);
          found.push(row.id);
        }
        return found;
      }, now);
    },

    /**
     * Bring every `actions` item in line with today's action items (after an
     * upgrade, or a template whose rule changed): one `item.status_changed`
     * (cause `recomputed`) per item that differs. Run at start-up.
     */
    reconcile(now: Date = clock()): number {
      const rows = db.select().from(items).where(eq(items.kind, "actions")).all();
      const stale = rows.filter((row) => {
        const next = evaluate(itemDefinition(row), null, now, { actions: reads.facts(row.releaseId, now) });
        return next.status !== row.status || next.reason !== row.reason;
      });
      if (!stale.length) return 0;
      ledger.transaction((append) => {
        for (const row of stale) {
          const next = evaluate(itemDefinition(row), null, now, { actions: reads.facts(row.releaseId, now) });
          append(row.releaseId, SYSTEM, "item.status_changed", () => ({
            data: { item: row.id, cause: "recomputed", from: { status: row.status, reason: row.reason }, to: next },
            result: undefined,
            facts: { actions: reads.facts(row.releaseId, now) },
            board: { actions: reads.tile(row.releaseId, now) },
          }));
        }
      }, now);
      return stale.length;
    },

    /**
     * The reminder digest (SPEC 11): per owner, what is overdue and what is
     * due within two working days, for the sign-in banner and a mailer.
     */
    digest(owner?: string, now: Date = clock()) {
      const today = isoDate(now);
      const soon = addWorkdays(today, 2);
      const open = reads.list({ status: "open_any", owner, due_by: soon, limit: 100_000 }, now).filter((a) => a.owner !== null);
      const byOwner = new Map<string, { owner: string; owner_name: string; overdue: ActionView[]; due_soon: ActionView[] }>();
      for (const action of open) {
        const entry = byOwner.get(action.owner!) ?? { owner: action.owner!, owner_name: action.owner_name ?? action.owner!, overdue: [], due_soon: [] };
        (action.overdue ? entry.overdue : entry.due_soon).push(action);
        byOwner.set(action.owner!, entry);
      }
      return { generated_at: now.toISOString(), today, due_by: soon, digests: [...byOwner.values()].sort((a, b) => a.owner.localeCompare(b.owner)) };
    },

    /** Open actions linked to a release, day by day from its first action to today (the burn-down). */
    burndown(release: string, now: Date = clock()): { date: string; open: number }[] {
      const rows = db
        .select({ createdAt: actionItems.createdAt, closedAt: actionItems.closedAt })
        .from(actionReleases)
        .innerJoin(actionItems, eq(actionItems.id, actionReleases.actionId))
        .where(eq(actionReleases.releaseId, release))
        .all();
      const today = isoDate(now);
      if (!rows.length) return [];
      const first = rows.reduce((min, r) => (r.createdAt < min ? r.createdAt : min), rows[0]!.createdAt).slice(0, 10);
      // At most a year of days: older history is summed into the first point.
      const start = first < addDays(today, -365) ? addDays(today, -365) : first;
      // Open on a day = opened by then − closed by then: one pass over the actions, one over the days.
      const change = new Map<string, number>();
      const bump = (date: string, by: number) => change.set(date < start ? start : date, (change.get(date < start ? start : date) ?? 0) + by);
      for (const r of rows) {
        bump(r.createdAt.slice(0, 10), 1);
        if (r.closedAt) bump(r.closedAt.slice(0, 10), -1);
      }
      const points: { date: string; open: number }[] = [];
      let open = 0;
      for (let date = start; date <= today; date = addDays(date, 1)) {
        open += change.get(date) ?? 0;
        points.push({ date, open });
      }
      return points;
    },

    /**
     * A drill's findings (SPEC 12.5), inside the drill's transaction: each an
     * action item owned by a person, blocking the release and protecting the
     * drill item; their events follow the drill's. Returns their ids in order.
     */
    createFindings(tx: Tx, append: Append, release: string, item: string, findings: DrillFindingSpec[], actor: Actor): number[] {
      const now = clock();
      return findings.map((f, i) => {
        const person = ownerOf(tx, f.owner, ["findings", i, "owner"]);
        const { row } = insert(
          tx,
          append,
          { title: f.title, description: f.description, ownerId: person.id, function: f.function, priority: f.priority, due: f.due },
          { releases: [release], postmortem: null, item },
          actor,
          now,
          person.email,
        );
        return row.id;
      });
    },
  };
}

/** A drill's finding as the drills log hands it over: its function already decided. */
export interface DrillFindingSpec {
  title: string;
  description: string;
  owner: string;
  function: string;
  priority: Priority;
  due: string | undefined;
}

export type Actions = ReturnType<typeof createActions>;
