import { and, asc, eq, isNotNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { items, releases, sections, users } from "../../db/schema";
import { AppError, invalid } from "../../app/shared/errors";
import { evaluate, isTimeSensitive, nextChangeAt } from "../../app/shared/kinds";
import type { GreenlightEvent } from "../../app/shared/events";
import { gateFromCounts, type Counts } from "../../app/shared/gate";
import {
  COMPUTED_KINDS,
  evidenceSchema,
  itemDefinition,
  mergeEvidence,
  refuseEvidence,
  reportExtras,
  type Evidence,
  type ReleaseContext,
  type Status,
} from "../../app/shared/kinds";
import type { CreateReleaseInput } from "../../app/shared/releases";
import { isoDate, type Clock } from "../../app/shared/time";
import { SYSTEM, type Actor } from "../auth/actor";
import { createNames } from "../auth/names";
import { assertCan } from "../auth/permissions";
import type { Append, Ledger } from "../ledger";
import { sopFacts } from "../sops/reads";
import { createItemReads, itemView, withAssignee, type ItemRow, type ItemView, type ReleaseRow } from "./items";
import type { Template } from "./template";

/**
 * Releases, items and evidence. Every write goes through the ledger: one
 * synchronous transaction that changes the rows and appends its event, the
 * broadcast after the commit.
 */
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
  /** The actor's name, when a person. */
  actor_name: string | null;
  evidence: Record<string, unknown> | null;
  note: string | null;
  link: string | null;
  /** The status after the event; null for events that do not change it (assignment). */
  status: Status | null;
  reason: string;
}

export interface ReadinessDeps {
  db: Db;
  clock: Clock;
  ledger: Ledger;
  templates: ReadonlyMap<string, Template>;
}

/** A report's body before its kind is known: a JSON object (the edge checks this much). */
export const evidenceBody = z.record(z.string(), z.unknown(), { error: "expected a JSON object" });

const ph = sql.placeholder;

export function createReadiness({ db, clock, ledger, templates }: ReadinessDeps) {
  const reads = createItemReads(db);
  const names = createNames(db);
  const log = ledger.log;
  const updateEvidence = db
    .update(items)
    // drizzle types `set()` without placeholders: wrap them, and pass `evidence` as JSON text.
    .set({
      evidence: sql`${ph("evidenceJson")}`,
      evidenceAt: sql`${ph("at")}`,
      evidenceBy: sql`${ph("by")}`,
      status: sql`${ph("status")}`,
      reason: sql`${ph("reason")}`,
      version: sql`${ph("version")}`,
      updatedAt: sql`${ph("at")}`,
    })
    .where(and(eq(items.releaseId, ph("release")), eq(items.id, ph("id"))))
    .prepare();
  /** What evaluation needs of a release's launch date (a drill valid on launch day), read once; forgotten when it moves (`release.rescheduled`, ADR 024). */
  const launches = new Map<string, string>();
  ledger.subscribe({
    event: (event) => {
      if (event.type === "release.rescheduled") launches.delete(event.release);
    },
  });
  const contextOf = (release: string): ReleaseContext => {
    let launch = launches.get(release);
    if (launch === undefined) {
      launch = reads.requireRelease(release).launchDate;
      launches.set(release, launch);
    }
    return { launch };
  };
  /** Item configuration never changes after creation, so neither does its evidence schema. */
  const schemas = new Map<string, ReturnType<typeof evidenceSchema<typeof reportExtras>>>();
  const schemaFor = (release: string, row: ItemRow) => {
    const key = `${release}\u0000${row.id}`;
    if (!schemas.has(key)) schemas.set(key, evidenceSchema(itemDefinition(row), reportExtras));
    return schemas.get(key)!;
  };

  function summary(release: ReleaseRow): ReleaseSummary {
    const { totals } = reads.counts(release.id);
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

  /** One evidence report, appended to the write open now (its own or another module's). */
  function reportIn(
    append: Append,
    release: string,
    itemId: string,
    body: Record<string, unknown>,
    actor: Actor,
    /** What the server derived from the request beside the evidence (a JUnit report's test counts per stage): recorded with it. */
    derived: Record<string, unknown> = {},
  ): { item: ItemView; seq: number } {
    const { result, event } = append(release, actor, "evidence.reported", ({ at, now }) => {
      const row = reads.requireItem(release, itemId);
      const definition = itemDefinition(row);
      const schema = schemaFor(release, row);
      if (!schema || COMPUTED_KINDS.has(definition.kind)) {
        throw new AppError(422, "computed_item", `"${itemId}" is a ${row.kind} item: its status is computed, not reported`);
      }
      assertCan(actor, { type: "evidence.report", owner: row.owner, assigneeId: row.assigneeId });
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        throw new AppError(422, "invalid_evidence", `evidence does not fit this ${row.kind} item`, invalid("", parsed.error.issues).details);
      }
      const { note, link, if_version: ifVersion, ...fields } = parsed.data as Record<string, unknown> & { note?: string; link?: string; if_version?: number };
      const reported = { ...fields, ...derived } as Evidence;
      const refused = refuseEvidence(definition, reported, now);
      if (refused) throw new AppError(422, "invalid_evidence", refused.message, [{ path: refused.path, message: refused.detail }]);
      if (ifVersion !== undefined && ifVersion !== row.version) {
        throw new AppError(409, "version_conflict", `item is at version ${row.version}, not ${ifVersion}`, { current_version: row.version });
      }
      const evidence = mergeEvidence(definition.kind, row.evidence as Evidence | null, reported, { at, link: link ?? null });
      const context = contextOf(release);
      const next = evaluate(definition, { data: evidence, at }, now, {}, context);
      const updated: ItemRow = {
        ...row,
        evidence: evidence as Record<string, unknown>,
        evidenceAt: at,
        evidenceBy: actor.label,
        status: next.status,
        reason: next.reason,
        version: row.version + 1,
        updatedAt: at,
      };
      updateEvidence.run({
        evidenceJson: JSON.stringify(evidence),
        at,
        by: actor.label,
        status: next.status,
        reason: next.reason,
        version: updated.version,
        release,
        id: itemId,
      });
      return {
        result: itemView(updated),
        data: {
          item: itemId,
          evidence: reported as Record<string, unknown>,
          note: note ?? null,
          link: link ?? null,
          version: updated.version,
          from: { status: row.status, reason: row.reason },
          to: next,
        },
        items: [{ row: updated, from: row.status }],
        deadline: nextChangeAt(definition, { data: evidence, at }, now, context),
      };
    });
    return { item: result, seq: event.seq };
  }

  return {
    templates,

    listReleases(): ReleaseSummary[] {
      return db.select().from(releases).orderBy(asc(releases.launchDate), asc(releases.id)).all().map(summary);
    },

    getRelease(id: string): ReleaseSummary {
      return summary(reads.requireRelease(id));
    },

    /** Create a release from a template: its sections and items are copied in, evaluated with no evidence yet. */
    createRelease(spec: CreateReleaseInput, actor: Actor): { release: ReleaseSummary; seq: number } {
      assertCan(actor, { type: "release.create" });
      const template = templates.get(spec.template);
      if (!template) throw invalid("unknown template", [{ path: ["template"], message: `no template "${spec.template}"` }]);
      const { seq } = ledger.record(spec.id, actor, "release.created", ({ tx, at, now }) => {
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
        const created: ItemRow[] = [];
        // A new release has no action items linked yet: its `actions` items start from none.
        const facts = { actions: { today: isoDate(now), open: [] } };
        template.sections.forEach((section, s) => {
          tx.insert(sections).values({ releaseId: spec.id, key: section.key, name: section.name, owner: section.owner, position: s }).run();
          section.items.forEach((item, i) => {
            const { status, reason } = evaluate(item, null, now, facts, { launch: spec.launch_date });
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
              evidenceBy: null,
              status,
              reason,
              version: 0,
              updatedAt: at,
              assigneeId: null,
              assigneeEmail: null,
              assigneeName: null,
            };
            const { assigneeEmail: _none, assigneeName: _nobody, ...columns } = row;
            tx.insert(items).values(columns).run();
            created.push(row);
          });
        });
        return {
          result: undefined,
          data: {
            name: spec.name,
            template: template.id,
            start_date: spec.start_date,
            launch_date: spec.launch_date,
            calendar: spec.calendar,
            items: created.length,
          },
          // A new release's items did not change status: they were born with it.
          items: created.map((row) => ({ row, from: row.status })),
          // Its `sop` items follow SOPs the registry may already hold (an approved revision, a review due).
          facts: { sop: sopFacts(tx, spec.id, now) },
          snapshot: true,
        };
      });
      return { release: this.getRelease(spec.id), seq };
    },

    listItems(release: string): ItemView[] {
      reads.requireRelease(release);
      return reads.items(release).map(itemView);
    },

    getItem(release: string, itemId: string): ItemView {
      return itemView(reads.requireItem(release, itemId));
    },

    /** What happened to an item, newest first: evidence reports, time-driven changes, assignments and alarms. */
    history(release: string, itemId: string, limit = 50): HistoryEntry[] {
      reads.requireItem(release, itemId);
      const events = log.ofItem(release, itemId, limit);
      const people = names.namesOf(events.map((e) => e.actor));
      return events.map((event): HistoryEntry => {
        const base = {
          seq: event.seq,
          type: event.type,
          at: event.at,
          actor: event.actor,
          actor_name: people.get(event.actor) ?? null,
          evidence: null,
          note: null,
          link: null,
        };
        switch (event.type) {
          case "item.assigned":
            return { ...base, status: null, reason: event.data.to ? `assigned to ${event.data.to}` : "unassigned" };
          case "gate.alarm":
            return { ...base, status: event.data.to, reason: `GATE CLOSED AFTER GO: left green (${event.data.reason})` };
          case "evidence.reported":
            return {
              ...base,
              evidence: event.data.evidence,
              // `?? null`: events recorded by earlier builds may lack the note and link.
              note: event.data.note ?? null,
              link: event.data.link ?? null,
              status: event.data.to.status,
              reason: event.data.to.reason,
            };
          case "item.status_changed":
            return { ...base, status: event.data.to.status, reason: event.data.to.reason };
          case "drill.recorded": {
            const { kind, participants, findings } = event.data;
            return { ...base, status: null, reason: `drill recorded: ${kind}, ${participants} participants, ${findings} findings` };
          }
          default:
            return { ...base, status: null, reason: event.type };
        }
      });
    },

    /**
     * Report evidence on an item (SPEC 3). The body is the kind's evidence
     * plus `note`, `link` and `if_version`; anything that does not fit the
     * kind is refused with 422 and nothing is written.
     */
    reportEvidence(
      release: string,
      itemId: string,
      body: Record<string, unknown>,
      actor: Actor,
      /** What the server derived from the request beside the evidence (a JUnit report's test counts per stage): recorded with it. */
      derived: Record<string, unknown> = {},
    ): { item: ItemView; seq: number } {
      return ledger.transaction((append) => reportIn(append, release, itemId, body, actor, derived));
    },

    /**
     * Report evidence inside a write another module opened (a drill record
     * reports its drill on the item in its own transaction, as a decision
     * creates its follow-ups): the same rules, its own `evidence.reported`
     * event after that module's.
     */
    reportEvidenceIn(append: Append, release: string, itemId: string, body: Record<string, unknown>, actor: Actor): { item: ItemView; seq: number } {
      return reportIn(append, release, itemId, body, actor);
    },

    /**
     * Assign an item to a person (by email) or clear it (null). A member may
     * report evidence on items assigned to them.
     */
    assign(release: string, itemId: string, email: string | null, actor: Actor): { item: ItemView; seq: number } {
      const { result, seq } = ledger.record(release, actor, "item.assigned", ({ tx, at }) => {
        const row = reads.requireItem(release, itemId);
        assertCan(actor, { type: "item.assign", owner: row.owner });
        let assignee: { id: number; email: string; name: string } | null = null;
        if (email !== null) {
          assignee = tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, email.toLowerCase())).get() ?? null;
          if (!assignee) throw new AppError(422, "validation_failed", "no such person", [{ path: "assignee", message: `no user with email ${email}` }]);
        }
        tx.update(items)
          .set({ assigneeId: assignee?.id ?? null, updatedAt: at })
          .where(and(eq(items.releaseId, release), eq(items.id, itemId)))
          .run();
        const updated: ItemRow = {
          ...row,
          assigneeId: assignee?.id ?? null,
          assigneeEmail: assignee?.email ?? null,
          assigneeName: assignee?.name ?? null,
          updatedAt: at,
        };
        return {
          result: itemView(updated),
          data: { item: itemId, from: row.assigneeEmail, to: updated.assigneeEmail },
          items: [{ row: updated, from: row.status }],
        };
      });
      return { item: result, seq };
    },

    /** The release's last seq (0 for none): one indexed read. */
    headSeq(release: string): number {
      return log.headOf(release).seq;
    },

    recentEvents(release: string, limit: number): GreenlightEvent[] {
      return log.latest(release, limit);
    },

    listEvents(release: string, after: number, limit: number): GreenlightEvent[] {
      reads.requireRelease(release);
      return log.after(release, after, limit);
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
        const context = contextOf(row.releaseId);
        const current = evaluate(definition, evidence, now, {}, context);
        const at = current.status !== row.status || current.reason !== row.reason ? now : nextChangeAt(definition, evidence, now, context);
        if (at && (!earliest || at < earliest)) earliest = at;
      }
      return earliest;
    },

    /**
     * Find time-driven changes (staleness, drill expiry) and record each as an
     * `item.status_changed` event, all in one transaction. Run by a server
     * timer; `now` is injectable so tests can move time.
     */
    sweep(now: Date = clock()): GreenlightEvent[] {
      const due = (row: ItemRow) => {
        const next = evaluate(itemDefinition(row), { data: row.evidence as Evidence, at: row.evidenceAt! }, now, {}, contextOf(row.releaseId));
        return next.status !== row.status || next.reason !== row.reason ? next : null;
      };
      const candidates = db
        .select(withAssignee)
        .from(items)
        .leftJoin(users, eq(items.assigneeId, users.id))
        .where(isNotNull(items.evidenceAt))
        .all()
        .filter((row) => isTimeSensitive(itemDefinition(row)) && due(row));
      if (!candidates.length) return [];
      const at = now.toISOString();
      return ledger.transaction((append) => {
        const appended: GreenlightEvent[] = [];
        for (const stale of candidates) {
          // Re-read inside the transaction: evidence may have arrived since the scan.
          const row = reads.requireItem(stale.releaseId, stale.id);
          const next = due(row);
          if (!next) continue;
          const { events } = append(row.releaseId, SYSTEM, "item.status_changed", ({ tx }) => {
            tx.update(items)
              .set({ status: next.status, reason: next.reason, updatedAt: at })
              .where(and(eq(items.releaseId, row.releaseId), eq(items.id, row.id)))
              .run();
            return {
              result: undefined,
              data: { item: row.id, cause: "time", from: { status: row.status, reason: row.reason }, to: next },
              items: [{ row: { ...row, status: next.status, reason: next.reason, updatedAt: at }, from: row.status }],
            };
          });
          appended.push(...events);
        }
        return appended;
      }, now);
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
