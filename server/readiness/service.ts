import { and, asc, eq, getTableColumns, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Tx } from "../../db/client";
import { items, releases, sections, users } from "../../db/schema";
import { assertCan, type Action } from "../auth/permissions";
import { AppError, invalid, notFound } from "../errors";
import { createEventLog, type EventType, type GreenlightEvent } from "../events";
import { addDays, isoDate, type Clock } from "../time";
import type { Board, BoardDelta, BoardExtras, BoardGoNoGo, BoardItem, BoardSchedule, Phase } from "./board";
import { evaluate, isTimeSensitive, nextChangeAt, type LinkedTasks } from "./evaluate";
import { countStatuses, emptyCounts, gateFromCounts, type Counts } from "./gate";
import {
  COMPUTED_KINDS,
  evidenceSchema,
  itemDefinition,
  mergeEvidence,
  reportExtras,
  type DrillEvidence,
  type Evidence,
  type ItemDefinition,
  type Status,
} from "./kinds";
import { createReleaseSchema } from "./releases";
import type { Template } from "./template";

/**
 * Releases, items and evidence. Every write is one synchronous transaction
 * that changes the rows and appends its event; `publish` runs only after the
 * commit, so a broadcast event is always one the database holds.
 */
export interface Actor {
  /** Shown in the audit trail: `user:ana@example.com`, `token:ci-monitor`, `system`. */
  label: string;
  /** The permission check (server/auth/permissions.ts) for whoever this is. */
  can(action: Action): boolean;
}

export const SYSTEM: Actor = { label: "system", can: () => true };



export interface ReadinessDeps {
  db: Db;
  clock: Clock;
  templates: ReadonlyMap<string, Template>;
  publish: (event: GreenlightEvent) => void;
  /** Told, after a commit, when a written item will next change with time alone. */
  onDeadline?: (at: Date) => void;
  /** The release's plan for the board (from the WBS service, which is built on this one: looked up when called). */
  scheduleOf?: (release: string) => BoardSchedule | null;
  /** The release's meeting, votes and decision for the board (from the Go/No-Go service, likewise). */
  goNoGoOf?: (release: string) => BoardGoNoGo;
}

/** Where a plan change leaves the release: what `task` items are evaluated from, and the board's schedule tile. */
export interface PlanState {
  linked: LinkedTasks | null;
  schedule: BoardSchedule | null;
}

/** An item row with its assignee's email. */
type ItemRow = typeof items.$inferSelect & { assigneeEmail: string | null };
type ReleaseRow = typeof releases.$inferSelect;

export interface ItemView {
  id: string;
  section: string;
  title: string;
  kind: ItemDefinition["kind"];
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
  assignee_id: number | null;
}

export interface ReleaseSummary {
  id: string;
  name: string;
  template: string;
  start_date: string;
  launch_date: string;
  calendar: ReleaseRow["calendar"];
  functions: string[];
  created_at: string;
  counts: Counts;
  gate: { open: boolean; blocking: number };
  seq: number;
}

export interface HistoryEntry {
  seq: number;
  type: GreenlightEvent["type"];
  at: string;
  actor: string;
  evidence: Record<string, unknown> | null;
  note: string | null;
  link: string | null;
  /** The status after the event; null for events that do not change it (assignment). */
  status: Status | null;
  reason: string;
}

export function itemView(row: ItemRow): ItemView {
  return {
    id: row.id,
    section: row.sectionKey,
    title: row.title,
    kind: row.kind as ItemDefinition["kind"],
    owner: row.owner,
    config: row.config,
    max_age: row.maxAge,
    evidence: row.evidence ?? null,
    evidence_at: row.evidenceAt,
    status: row.status as Status,
    reason: row.reason,
    version: row.version,
    updated_at: row.updatedAt,
    assignee: row.assigneeEmail,
    assignee_id: row.assigneeId,
  };
}

function boardItem(row: ItemRow): BoardItem {
  const { config: _config, max_age: _maxAge, evidence: _evidence, assignee_id: _assigneeId, ...rest } = itemView(row);
  return rest;
}

const evidenceBody = z.record(z.string(), z.unknown(), { error: "expected a JSON object" });
const ph = sql.placeholder;

const NO_GO_NO_GO: BoardGoNoGo = { meeting: null, required_functions: [], votes: [], decision: null };

export function createReadiness({ db, clock, templates, publish, onDeadline, scheduleOf = () => null, goNoGoOf = () => NO_GO_NO_GO }: ReadinessDeps) {
  const log = createEventLog(db);
  // Prepared once: every evidence write runs these (drizzle would otherwise
  // rebuild and re-prepare each query per request). Inside a transaction they
  // run on the same connection, so they take part in it.
  const statements = {
    release: db.select().from(releases).where(eq(releases.id, ph("id"))).prepare(),
    item: db
      .select({ ...getTableColumns(items), assigneeEmail: users.email })
      .from(items)
      .leftJoin(users, eq(items.assigneeId, users.id))
      .where(and(eq(items.releaseId, ph("release")), eq(items.id, ph("id"))))
      .prepare(),
    items: db
      .select({ ...getTableColumns(items), assigneeEmail: users.email })
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
    updateEvidence: db
      .update(items)
      // drizzle types `set()` without placeholders: wrap them, and pass `evidence` as JSON text.
      .set({
        evidence: sql`${ph("evidenceJson")}`,
        evidenceAt: sql`${ph("at")}`,
        status: sql`${ph("status")}`,
        reason: sql`${ph("reason")}`,
        version: sql`${ph("version")}`,
        updatedAt: sql`${ph("at")}`,
      })
      .where(and(eq(items.releaseId, ph("release")), eq(items.id, ph("id"))))
      .prepare(),
  };
  const markStatusChange = db
    .update(releases)
    .set({ statusChangedSeq: sql`${ph("seq")}` })
    .where(eq(releases.id, ph("release")))
    .prepare();
  /** Item configuration never changes after creation, so neither does its evidence schema. */
  const schemas = new Map<string, ReturnType<typeof evidenceSchema<typeof reportExtras>>>();
  const schemaFor = (release: string, row: ItemRow) => {
    const key = `${release}\u0000${row.id}`;
    if (!schemas.has(key)) schemas.set(key, evidenceSchema(itemDefinition(row), reportExtras));
    return schemas.get(key)!;
  };

  function requireRelease(id: string): ReleaseRow {
    const release = statements.release.get({ id });
    if (!release) throw notFound(`release "${id}"`);
    return release;
  }

  /** The item, or a 404 naming what is missing: the release or the item in it. */
  function requireItem(release: string, id: string): ItemRow {
    const row = statements.item.get({ release, id });
    if (!row) {
      requireRelease(release);
      throw notFound(`item "${id}"`);
    }
    return row;
  }

  function countsBySection(release: string): { sections: Record<string, Counts>; totals: Counts } {
    const rows = statements.counts.all({ release });
    const bySection: Record<string, Counts> = {};
    const totals = emptyCounts();
    for (const { section, status, n } of rows) {
      const counts = (bySection[section] ??= emptyCounts());
      counts[status as Status] += n;
      counts.total += n;
      totals[status as Status] += n;
      totals.total += n;
    }
    return { sections: bySection, totals };
  }

  /** What changed in derived state: the changed items, their sections' counts, the totals and the gate. */
  function delta(release: string, changed: ItemRow[]): BoardDelta {
    const { sections: bySection, totals } = countsBySection(release);
    const touched = new Set(changed.map((row) => row.sectionKey));
    return {
      items: changed.map((row) => {
        const { id, section, status, reason, version, evidence_at, updated_at, assignee } = boardItem(row);
        return { id, section, status, reason, version, evidence_at, updated_at, assignee };
      }),
      sections: Object.fromEntries([...touched].map((key) => [key, bySection[key] ?? emptyCounts()])),
      totals,
      gate: gateFromCounts(totals),
    };
  }

  /** Evaluate a release's `task` items against its plan; update and return the ones that changed (inside a transaction). */
  function reevaluateTaskItems(release: string, linked: LinkedTasks | null): { changed: ItemRow[]; before: Status[] } {
    const at = clock().toISOString();
    const changed: ItemRow[] = [];
    const before: Status[] = [];
    for (const row of statements.items.all({ release })) {
      if (row.kind !== "task") continue;
      const next = evaluate(itemDefinition(row), null, clock(), linked);
      if (next.status === row.status && next.reason === row.reason) continue;
      db.update(items)
        .set({ status: next.status, reason: next.reason, updatedAt: at })
        .where(and(eq(items.releaseId, release), eq(items.id, row.id)))
        .run();
      changed.push({ ...row, status: next.status, reason: next.reason, updatedAt: at });
      before.push(row.status as Status);
    }
    return { changed, before };
  }

  /**
   * After GO, until the release is released or rolled back, an item leaving
   * green is an alarm: one `gate.alarm` event per item, in the same
   * transaction as the change that caused it.
   */
  function alarmsAfterGo(release: string, changes: { row: ItemRow; from: Status }[], actor: string): GreenlightEvent[] {
    const leaving = changes.filter(({ row, from }) => from === "green" && row.status !== "green");
    if (!leaving.length || statements.release.get({ id: release })?.phase !== "go") return [];
    const at = clock().toISOString();
    return leaving.map(({ row }) =>
      log.append({
        release,
        type: "gate.alarm",
        at,
        actor,
        data: { item: row.id, title: row.title, owner: row.owner, from: "green", to: row.status, reason: row.reason },
        board: delta(release, []),
      }),
    );
  }

  function summary(release: ReleaseRow): ReleaseSummary {
    const { totals } = countsBySection(release.id);
    return {
      id: release.id,
      name: release.name,
      template: release.templateId,
      start_date: release.startDate,
      launch_date: release.launchDate,
      calendar: release.calendar,
      functions: release.functions,
      created_at: release.createdAt,
      counts: totals,
      gate: gateFromCounts(totals),
      seq: log.headOf(release.id).seq,
    };
  }

  function commit<T extends { events: GreenlightEvent[] }>(work: (tx: Tx) => T): T {
    // Inside another transaction the events would go out before they are durable.
    if (db.$client.inTransaction) throw new Error("commit() must not run inside another transaction");
    const result = db.transaction(work, { behavior: "immediate" });
    for (const event of result.events) publish(event);
    return result;
  }

  return {
    templates,

    listReleases(): ReleaseSummary[] {
      return db.select().from(releases).orderBy(asc(releases.launchDate), asc(releases.id)).all().map(summary);
    },

    getRelease(id: string): ReleaseSummary {
      return summary(requireRelease(id));
    },

    createRelease(input: unknown, actor: Actor): { release: ReleaseSummary; seq: number } {
      assertCan(actor, { type: "release.create" });
      const parsed = createReleaseSchema.safeParse(input);
      if (!parsed.success) throw invalid("the release is not valid", parsed.error.issues);
      const spec = parsed.data;
      const template = templates.get(spec.template);
      if (!template) {
        throw invalid("unknown template", [{ path: ["template"], message: `no template "${spec.template}"` }]);
      }
      const now = clock();
      const at = now.toISOString();
      const { events: [event] } = commit((tx) => {
        if (tx.select({ id: releases.id }).from(releases).where(eq(releases.id, spec.id)).get()) {
          throw new AppError(409, "release_exists", `a release with id "${spec.id}" exists`);
        }
        tx.insert(releases)
          .values({
            id: spec.id,
            name: spec.name,
            templateId: template.id,
            functions: template.functions,
            startDate: spec.start_date,
            launchDate: spec.launch_date,
            calendar: spec.calendar,
            createdAt: at,
          })
          .run();
        const rows: ItemRow[] = [];
        template.sections.forEach((section, s) => {
          tx.insert(sections)
            .values({ releaseId: spec.id, key: section.key, name: section.name, owner: section.owner, position: s })
            .run();
          section.items.forEach((item, i) => {
            const evaluation = evaluate(item, null, now);
            const row: ItemRow = {
              releaseId: spec.id,
              id: `${section.key}.${item.key}`,
              sectionKey: section.key,
              title: item.title,
              kind: item.kind,
              owner: item.owner,
              config: item.config as Record<string, unknown>,
              maxAge: item.maxAge,
              position: s * 1000 + i,
              evidence: null,
              evidenceAt: null,
              status: evaluation.status,
              reason: evaluation.reason,
              version: 0,
              updatedAt: at,
              assigneeId: null,
              assigneeEmail: null,
            };
            const { assigneeEmail: _none, ...columns } = row;
            tx.insert(items).values(columns).run();
            rows.push(row);
          });
        });
        const event = log.append({
          release: spec.id,
          type: "release.created",
          at,
          actor: actor.label,
          data: {
            name: spec.name,
            template: template.id,
            start_date: spec.start_date,
            launch_date: spec.launch_date,
            calendar: spec.calendar,
            items: rows.length,
          },
          board: delta(spec.id, rows),
        });
        return { events: [event] };
      });
      return { release: this.getRelease(spec.id), seq: event!.seq };
    },

    listItems(release: string): ItemView[] {
      requireRelease(release);
      return statements.items.all({ release }).map(itemView);
    },

    getItem(release: string, itemId: string): ItemView {
      return itemView(requireItem(release, itemId));
    },

    /** What happened to an item, newest first: evidence reports and time-driven changes. */
    history(release: string, itemId: string, limit = 50): HistoryEntry[] {
      requireItem(release, itemId);
      return log.ofItem(release, itemId, limit).map((event) => {
        const base = { seq: event.seq, type: event.type, at: event.at, actor: event.actor, evidence: null, note: null, link: null };
        if (event.type === "item.assigned") {
          const { to } = event.data as { to: string | null };
          return { ...base, status: null, reason: to ? `assigned to ${to}` : "unassigned" };
        }
        if (event.type === "gate.alarm") {
          const { to, reason } = event.data as { to: Status; reason: string };
          return { ...base, status: to, reason: `GATE CLOSED AFTER GO: left green (${reason})` };
        }
        const data = event.data as { evidence?: Record<string, unknown>; note?: string | null; link?: string | null; to: { status: Status; reason: string } };
        return {
          ...base,
          evidence: data.evidence ?? null,
          note: data.note ?? null,
          link: data.link ?? null,
          status: data.to.status,
          reason: data.to.reason,
        };
      });
    },

    /**
     * Report evidence on an item (SPEC 3). The body is the kind's evidence
     * plus `note`, `link` and `if_version`; anything that does not fit the
     * kind is refused with 422 and nothing is written.
     */
    reportEvidence(release: string, itemId: string, body: unknown, actor: Actor): { item: ItemView; seq: number } {
      const object = evidenceBody.safeParse(body);
      if (!object.success) throw invalid("evidence must be a JSON object", object.error.issues);
      const { events: [event], item, deadline } = commit(() => {
        const row = requireItem(release, itemId);
        const definition = itemDefinition(row);
        const schema = schemaFor(release, row);
        if (!schema || COMPUTED_KINDS.has(definition.kind)) {
          throw new AppError(422, "computed_item", `"${itemId}" is a ${row.kind} item: its status is computed, not reported`);
        }
        assertCan(actor, { type: "evidence.report", owner: row.owner, assigneeId: row.assigneeId });
        const parsed = schema.safeParse(object.data);
        if (!parsed.success) {
          throw new AppError(422, "invalid_evidence", `evidence does not fit this ${row.kind} item`, invalid("", parsed.error.issues).details);
        }
        const { note, link, if_version: ifVersion, ...reported } = parsed.data as Evidence & {
          note?: string;
          link?: string;
          if_version?: number;
        };
        const now = clock();
        if (definition.kind === "drill" && (reported as DrillEvidence).performed_on > addDays(isoDate(now), 1)) {
          throw new AppError(422, "invalid_evidence", "a drill cannot be reported before it is performed", [
            { path: "performed_on", message: "must not be in the future" },
          ]);
        }
        if (ifVersion !== undefined && ifVersion !== row.version) {
          throw new AppError(409, "version_conflict", `item is at version ${row.version}, not ${ifVersion}`, {
            current_version: row.version,
          });
        }
        const at = now.toISOString();
        const evidence = mergeEvidence(definition.kind, row.evidence as Evidence | null, reported as Evidence);
        const next = evaluate(definition, { data: evidence, at }, now);
        const updated: ItemRow = {
          ...row,
          evidence: evidence as Record<string, unknown>,
          evidenceAt: at,
          status: next.status,
          reason: next.reason,
          version: row.version + 1,
          updatedAt: at,
        };
        statements.updateEvidence.run({
          evidenceJson: JSON.stringify(evidence),
          at,
          status: next.status,
          reason: next.reason,
          version: updated.version,
          release,
          id: itemId,
        });
        const appended = log.append({
          release,
          type: "evidence.reported",
          at,
          actor: actor.label,
          data: {
            item: itemId,
            evidence: reported as Record<string, unknown>,
            note: note ?? null,
            link: link ?? null,
            version: updated.version,
            from: { status: row.status, reason: row.reason },
            to: next,
          },
          board: delta(release, [updated]),
        });
        if (next.status !== row.status) markStatusChange.run({ seq: appended.seq, release });
        return {
          events: [appended, ...alarmsAfterGo(release, [{ row: updated, from: row.status as Status }], SYSTEM.label)],
          item: itemView(updated),
          deadline: nextChangeAt(definition, { data: evidence, at }, now),
        };
      });
      if (deadline && onDeadline) onDeadline(deadline);
      return { item, seq: event!.seq };
    },

    /**
     * Assign an item to a person (by email) or clear it (null). A member may
     * report evidence on items assigned to them.
     */
    assign(release: string, itemId: string, email: string | null, actor: Actor): { item: ItemView; seq: number } {
      const { events: [event], item } = commit(() => {
        const row = requireItem(release, itemId);
        assertCan(actor, { type: "item.assign", owner: row.owner });
        let assignee: { id: number; email: string } | null = null;
        if (email !== null) {
          assignee = db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, email.toLowerCase())).get() ?? null;
          if (!assignee) {
            throw new AppError(422, "validation_failed", "no such person", [{ path: "assignee", message: `no user with email ${email}` }]);
          }
        }
        const at = clock().toISOString();
        db.update(items)
          .set({ assigneeId: assignee?.id ?? null, updatedAt: at })
          .where(and(eq(items.releaseId, release), eq(items.id, itemId)))
          .run();
        const updated: ItemRow = { ...row, assigneeId: assignee?.id ?? null, assigneeEmail: assignee?.email ?? null, updatedAt: at };
        const appended = log.append({
          release,
          type: "item.assigned",
          at,
          actor: actor.label,
          data: { item: itemId, from: row.assigneeEmail, to: updated.assigneeEmail },
          board: delta(release, [updated]),
        });
        return { events: [appended], item: itemView(updated) };
      });
      return { item, seq: event!.seq };
    },

    /**
     * A write elsewhere (board links, say) that belongs in a release's log:
     * `work` and the event commit together, and the event is broadcast after.
     */
    recordWith<T>(
      release: string,
      actor: Actor,
      type: EventType,
      work: () => { result: T; data: Record<string, unknown>; plan?: PlanState; extras?: BoardExtras },
    ) {
      const { events: [event], result } = commit(() => {
        requireRelease(release);
        const done = work();
        // A plan change re-evaluates the release's `task` items in the same transaction, so the same event shows them and the new schedule.
        const { changed, before } = done.plan ? reevaluateTaskItems(release, done.plan.linked) : { changed: [], before: [] };
        const board: BoardDelta = { ...delta(release, changed), ...(done.plan ? { schedule: done.plan.schedule } : {}), ...done.extras };
        const appended = log.append({ release, type, at: clock().toISOString(), actor: actor.label, data: done.data, board });
        if (changed.some((row, i) => row.status !== before[i])) markStatusChange.run({ seq: appended.seq, release });
        const alarms = alarmsAfterGo(release, changed.map((row, i) => ({ row, from: before[i]! })), SYSTEM.label);
        return { events: [appended, ...alarms], result: done.result };
      });
      return { result, seq: event!.seq };
    },

    /** The release's last event seq (inside a transaction: the next event gets this + 1). */
    headSeq(release: string): number {
      return log.headOf(release).seq;
    },

    /** Who reported each item's current evidence: the actor of its latest `evidence.reported` event. */
    reporters(release: string): Map<string, string> {
      const rows = db.all<{ item: string; actor: string }>(
        sql`select item_id as item, actor from events e where release_id = ${release} and type = 'evidence.reported'
            and seq = (select max(seq) from events where release_id = e.release_id and item_id = e.item_id and type = 'evidence.reported')`,
      );
      return new Map(rows.map((r) => [r.item, r.actor]));
    },

    /** The seq of the last event that changed any item's status (0: none since the release was created). */
    statusChangedSeq(release: string): number {
      return requireRelease(release).statusChangedSeq;
    },

    /** The release's phase after Go/No-Go. */
    phaseOf(release: string): Phase {
      return requireRelease(release).phase as Phase;
    },

    /** Set the phase (inside a `recordWith`): a GO opens `go`; marking released or rolled back ends it. */
    setPhase(release: string, phase: Phase): void {
      db.update(releases).set({ phase }).where(eq(releases.id, release)).run();
    },

    recentEvents(release: string, limit: number): GreenlightEvent[] {
      return log.latest(release, limit);
    },

    listEvents(release: string, after: number, limit: number): GreenlightEvent[] {
      requireRelease(release);
      return log.after(release, after, limit);
    },

    /** The whole board at the current `seq`. */
    board(release: string): Board {
      const row = requireRelease(release);
      const sectionRows = db.select().from(sections).where(eq(sections.releaseId, release)).orderBy(asc(sections.position)).all();
      const itemRows = statements.items.all({ release });
      const boardSections = sectionRows.map((s) => {
        const sectionItems = itemRows.filter((i) => i.sectionKey === s.key).map(boardItem);
        return {
          key: s.key,
          name: s.name,
          owner: s.owner,
          counts: countStatuses(sectionItems.map((i) => i.status)),
          items: sectionItems,
        };
      });
      const totals = countStatuses(itemRows.map((i) => i.status as Status));
      return {
        release: {
          id: row.id,
          name: row.name,
          template: row.templateId,
          start_date: row.startDate,
          launch_date: row.launchDate,
        },
        phase: row.phase as Phase,
        seq: log.headOf(release).seq,
        sections: boardSections,
        totals,
        gate: gateFromCounts(totals),
        schedule: scheduleOf(release),
        ...goNoGoOf(release),
      };
    },

    /**
     * The earliest instant at which any item will change with time alone. An
     * item whose stored status already lags its evaluation is due now (a sweep
     * that ran a moment too early must not leave it for the next safety sweep).
     */
    nextDeadline(now: Date = clock()): Date | null {
      let earliest: Date | null = null;
      for (const row of db.select().from(items).where(isNotNull(items.evidenceAt)).all()) {
        const definition = itemDefinition(row);
        if (!isTimeSensitive(definition)) continue;
        const evidence = { data: row.evidence as Evidence, at: row.evidenceAt! };
        const current = evaluate(definition, evidence, now);
        const at = current.status !== row.status || current.reason !== row.reason ? now : nextChangeAt(definition, evidence, now);
        if (at && (!earliest || at < earliest)) earliest = at;
      }
      return earliest;
    },

    /**
     * Find time-driven changes (staleness, drill expiry) and record each as an
     * `item.status_changed` event. Run by a server timer; `now` is injectable
     * so tests can move time.
     */
    sweep(now: Date = clock()): GreenlightEvent[] {
      const candidates = db
        .select({ ...getTableColumns(items), assigneeEmail: users.email })
        .from(items)
        .leftJoin(users, eq(items.assigneeId, users.id))
        .where(isNotNull(items.evidenceAt))
        .all()
        .filter((row) => isTimeSensitive(itemDefinition(row)));
      const changed = candidates.filter((row) => {
        const next = evaluate(itemDefinition(row), { data: row.evidence as Evidence, at: row.evidenceAt! }, now);
        return next.status !== row.status || next.reason !== row.reason;
      });
      if (!changed.length) return [];
      const at = now.toISOString();
      return commit((tx) => {
        const appended: GreenlightEvent[] = [];
        for (const stale of changed) {
          // Re-read inside the transaction: evidence may have arrived since the scan.
          const row = requireItem(stale.releaseId, stale.id);
          const next = evaluate(itemDefinition(row), { data: row.evidence as Evidence, at: row.evidenceAt! }, now);
          if (next.status === row.status && next.reason === row.reason) continue;
          const updated: ItemRow = { ...row, status: next.status, reason: next.reason, updatedAt: at };
          tx.update(items)
            .set({ status: next.status, reason: next.reason, updatedAt: at })
            .where(and(eq(items.releaseId, row.releaseId), eq(items.id, row.id)))
            .run();
          appended.push(
            log.append({
              release: row.releaseId,
              type: "item.status_changed",
              at,
              actor: SYSTEM.label,
              data: { item: row.id, cause: "time", from: { status: row.status, reason: row.reason }, to: next },
              board: delta(row.releaseId, [updated]),
            }),
          );
          if (next.status !== row.status) markStatusChange.run({ seq: appended.at(-1)!.seq, release: row.releaseId });
          appended.push(...alarmsAfterGo(row.releaseId, [{ row: updated, from: row.status as Status }], SYSTEM.label));
        }
        return { events: appended };
      }).events;
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
