import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { events, items, releases, users } from "../db/schema";
import { invalid, notFound } from "../app/shared/errors";
import { EVENT_TYPES, type EventType } from "../app/shared/events";
import { verifyChain, type ChainCheck } from "./events";
import { addDays, isValidIsoDate } from "../app/shared/time";

/**
 * The audit trail of a release, read from the event log: who did what and
 * what it changed, filtered and newest first. Read-only; the log itself is
 * written by the services that make the changes (server/events.ts).
 */

/** An empty form field or query parameter means "no filter". */
const unset = (v: unknown) => (v === "" ? undefined : v);

/** A day (`YYYY-MM-DD`, UTC) or an instant with an offset (`2026-11-21T09:00:00Z`). */
const when = z
  .string()
  .trim()
  .refine((v) => isValidIsoDate(v) || z.iso.datetime({ offset: true }).safeParse(v).success, "expected a date YYYY-MM-DD or an ISO instant");

export const AUDIT_PAGE_DEFAULT = 100;
export const AUDIT_PAGE_MAX = 1000;

export const auditFilterSchema = z
  .object({
    actor: z.preprocess(unset, z.string().trim().min(1).max(400).optional()),
    type: z.preprocess(unset, z.enum(EVENT_TYPES, { error: `expected one of ${EVENT_TYPES.join(", ")}` }).optional()),
    item: z.preprocess(unset, z.string().trim().min(1).max(200).optional()),
    from: z.preprocess(unset, when.optional()),
    to: z.preprocess(unset, when.optional()),
    /** Paging: only events older than this `seq` (the `next` of the previous page). */
    before: z.preprocess(unset, z.coerce.number().int().positive().optional()),
    limit: z.preprocess(unset, z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(AUDIT_PAGE_DEFAULT)),
  })
  .refine(
    ({ from, to }) => {
      // Runs even when a field failed above (zod 4 refinements do), so check validity first.
      if (!from || !to || !when.safeParse(from).success || !when.safeParse(to).success) return true;
      const lower = lowerBound(from);
      const upper = upperBound(to);
      return upper.inclusive ? lower <= upper.at : lower < upper.at;
    },
    { path: ["to"], message: "must not be before from" },
  );

export type AuditFilter = z.infer<typeof auditFilterSchema>;

/** `from` is inclusive: a day starts at its midnight UTC. */
function lowerBound(from: string): string {
  return isValidIsoDate(from) ? `${from}T00:00:00.000Z` : new Date(from).toISOString();
}

/** `to` is inclusive: a day runs until the next day's midnight UTC. */
function upperBound(to: string): { at: string; inclusive: boolean } {
  return isValidIsoDate(to) ? { at: `${addDays(to, 1)}T00:00:00.000Z`, inclusive: false } : { at: new Date(to).toISOString(), inclusive: true };
}

export function parseAuditFilter(input: unknown): AuditFilter {
  const parsed = auditFilterSchema.safeParse(input ?? {});
  if (!parsed.success) throw invalid("the audit filter is not valid", parsed.error.issues);
  return parsed.data;
}

export interface AuditRow {
  seq: number;
  at: string;
  /** As recorded: `user:ana@example.com`, `token:ci`, `system`. */
  actor: string;
  /** For people: their name today (the label is what the chain holds). */
  actor_name: string;
  type: EventType;
  item: string | null;
  /** One line: what changed, before → after. */
  change: string;
  hash: string;
}

export interface AuditPage {
  rows: AuditRow[];
  /** The `before` of the next (older) page, or null on the last page. */
  next: number | null;
}

const outcome = z.object({ status: z.string(), reason: z.string() });
const transition = z.object({ from: outcome, to: outcome, cause: z.string().optional() });
const assignment = z.object({ from: z.string().nullable(), to: z.string().nullable() });
const named = z.object({ name: z.string() });
const created = z.object({ name: z.string(), template: z.string(), items: z.number().optional() });

/** What an event changed, in one line. Data that does not have the expected shape is shown as recorded. */
export function describeChange(type: EventType, data: Record<string, unknown>): string {
  const raw = () => JSON.stringify(data);
  switch (type) {
    case "evidence.reported":
    case "item.status_changed": {
      const t = transition.safeParse(data);
      if (!t.success) return raw();
      const { from, to, cause } = t.data;
      const status = from.status === to.status ? `${to.status}, unchanged` : `${from.status} → ${to.status}`;
      const why = type === "item.status_changed" && cause === "time" ? " (with time)" : "";
      return `${from.reason} → ${to.reason} · ${status}${why}`;
    }
    case "item.assigned": {
      const a = assignment.safeParse(data);
      return a.success ? `${a.data.from ?? "nobody"} → ${a.data.to ?? "nobody"}` : raw();
    }
    case "board_link.created":
    case "board_link.revoked": {
      const n = named.safeParse(data);
      return n.success ? `board link “${n.data.name}” ${type === "board_link.created" ? "created" : "revoked"}` : raw();
    }
    case "release.created": {
      const c = created.safeParse(data);
      if (!c.success) return raw();
      return `created “${c.data.name}” from template ${c.data.template}${c.data.items === undefined ? "" : ` (${c.data.items} items)`}`;
    }
    case "wbs.replaced": {
      const w = data as { tasks?: unknown; dependencies?: unknown };
      return `plan replaced: ${String(w.tasks ?? "?")} tasks, ${String(w.dependencies ?? "?")} dependencies`;
    }
    case "task.updated": {
      const u = data as { task?: unknown; from?: Record<string, unknown>; to?: Record<string, unknown> };
      const fields = Object.keys(u.to ?? {});
      return `${String(u.task)}: ${fields.map((f) => `${f} ${String(u.from?.[f])} → ${String(u.to?.[f])}`).join(", ")}`;
    }
    case "schedule.refreshed": {
      const r = data as { as_of?: unknown; projected_finish?: unknown; slack_to_launch?: unknown };
      return `plan projected as of ${String(r.as_of)}: finish ${String(r.projected_finish)}, ${String(r.slack_to_launch)} working days to launch`;
    }
    case "gate.alarm": {
      const a = data as { item?: unknown; to?: unknown; reason?: unknown };
      return `GATE CLOSED AFTER GO: ${String(a.item)} left green (${String(a.to)}: ${String(a.reason)})`;
    }
    case "meeting.scheduled":
    case "meeting.started":
    case "meeting.moved":
    case "meeting.presenter":
    case "meeting.note":
    case "meeting.ended": {
      const { meeting, ...rest } = data as { meeting?: unknown };
      const detail = Object.entries(rest)
        .map(([k, v]) => `${k} ${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(", ");
      return `meeting ${String(meeting)} ${type.slice("meeting.".length)}${detail ? `: ${detail}` : ""}`;
    }
    case "vote.cast": {
      const v = data as { function?: unknown; vote?: unknown; comment?: unknown };
      return `${String(v.function)} votes ${v.vote === "go" ? "Go" : "No-Go"}${v.comment ? `: ${String(v.comment)}` : ""}`;
    }
    case "decision.recorded": {
      const d = data as { decision?: unknown; id?: unknown; hash?: unknown };
      return `decision ${String(d.id)}: ${d.decision === "go" ? "GO" : "NO-GO"} (record sha256 ${String(d.hash)})`;
    }
    case "action.done": {
      const a = data as { action?: unknown; title?: unknown };
      return `action ${String(a.action)} done: ${String(a.title)}`;
    }
    case "release.phase": {
      const p = data as { from?: unknown; to?: unknown };
      return `release ${String(p.from)} → ${String(p.to)}`;
    }
    default: {
      const unknownType: never = type;
      return `${String(unknownType)}: ${raw()}`;
    }
  }
}

/** A person's name for `user:<email>`; tokens, board links and `system`/`seed`/`cli` by their label. */
function actorName(label: string, names: ReadonlyMap<string, string>): string {
  const [kind, ...rest] = label.split(":");
  const name = rest.join(":");
  if (!name) return label;
  switch (kind) {
    case "user":
      return names.get(name) ?? name;
    case "token":
      return `API token ${name}`;
    case "board":
      return `Board link ${name}`;
    default:
      return label;
  }
}

export function createAudit(db: Db) {
  function requireRelease(id: string) {
    const row = db.select({ id: releases.id, name: releases.name }).from(releases).where(eq(releases.id, id)).get();
    if (!row) throw notFound(`release "${id}"`);
    return row;
  }

  function namesOf(labels: Iterable<string>): Map<string, string> {
    const emails = [...new Set([...labels].filter((l) => l.startsWith("user:")).map((l) => l.slice("user:".length)))];
    if (!emails.length) return new Map();
    const rows = db.select({ email: users.email, name: users.name }).from(users).where(inArray(users.email, emails)).all();
    return new Map(rows.map((r) => [r.email, r.name]));
  }

  return {
    /** A page of a release's events, newest first. Throws 404 for an unknown release, 422 for a bad filter. */
    list(release: string, input: unknown): AuditPage {
      requireRelease(release);
      const filter = parseAuditFilter(input);
      const where: SQL[] = [eq(events.releaseId, release)];
      if (filter.actor) where.push(eq(events.actor, filter.actor));
      if (filter.type) where.push(eq(events.type, filter.type));
      if (filter.item) where.push(eq(events.itemId, filter.item));
      if (filter.from) where.push(gte(events.at, lowerBound(filter.from)));
      if (filter.to) {
        const upper = upperBound(filter.to);
        where.push(upper.inclusive ? lte(events.at, upper.at) : lt(events.at, upper.at));
      }
      if (filter.before) where.push(lt(events.seq, filter.before));
      const found = db
        .select({ seq: events.seq, at: events.at, actor: events.actor, type: events.type, item: events.itemId, data: events.data, hash: events.hash })
        .from(events)
        .where(and(...where))
        .orderBy(desc(events.seq))
        .limit(filter.limit + 1)
        .all();
      const page = found.slice(0, filter.limit);
      const names = namesOf(page.map((e) => e.actor));
      return {
        rows: page.map((e) => ({
          seq: e.seq,
          at: e.at,
          actor: e.actor,
          actor_name: actorName(e.actor, names),
          type: e.type as EventType,
          item: e.item,
          change: describeChange(e.type as EventType, e.data),
          hash: e.hash,
        })),
        next: found.length > filter.limit ? page.at(-1)!.seq : null,
      };
    },

    /** What the filter form offers: the actors seen in this release and its items. */
    filterOptions(release: string) {
      const row = requireRelease(release);
      const labels = db
        .selectDistinct({ actor: events.actor })
        .from(events)
        .where(eq(events.releaseId, release))
        .all()
        .map((r) => r.actor);
      const names = namesOf(labels);
      return {
        release: row,
        actors: labels.map((label) => ({ label, name: actorName(label, names) })).sort((a, b) => a.name.localeCompare(b.name)),
        items: db.select({ id: items.id, title: items.title }).from(items).where(eq(items.releaseId, release)).orderBy(asc(items.position)).all(),
        types: EVENT_TYPES,
      };
    },

    /** Walk the release's hash chain (server/events.ts). */
    verify(release: string): ChainCheck {
      return verifyChain(db, release);
    },

    /** Every release with a chain to verify: those in `releases` and any other id the log holds. */
    releaseIds(): string[] {
      const rows = db.all<{ id: string }>(sql`select id from releases union select distinct release_id as id from events order by id`);
      return rows.map((r) => r.id);
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;
