import { and, asc, desc, eq, gt, gte, lt, lte, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { chainHeads, events, items, releaseActors, releases } from "../db/schema";
import { invalid, notFound } from "../app/shared/errors";
import { EVENT_DATA, EVENT_TYPES, type EventBody, type EventType } from "../app/shared/events";
import { assertNever } from "../app/shared/kinds";
import { createNames } from "./auth/names";
import { chainedReleases, verifyChain, type ChainCheck, type Sealer } from "./chain";
import { addDays, isValidIsoDate } from "../app/shared/time";

/**
 * The audit trail of a release, read from the event log: who did what and
 * what it changed, filtered and newest first. Read-only; the log itself is
 * written through the ledger (server/ledger.ts, server/events.ts).
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

/** What an event changed, in one line. Data that does not fit its type's schema (an event older than it) is shown as recorded. */
export function describeChange(type: EventType, data: unknown): string {
  const checked = EVENT_DATA[type].safeParse(data);
  return checked.success ? describeEvent({ type, data: checked.data } as EventBody) : JSON.stringify(data);
}

function describeEvent(event: EventBody): string {
  switch (event.type) {
    case "evidence.reported":
    case "item.status_changed": {
      const { from, to } = event.data;
      const status = from.status === to.status ? `${to.status}, unchanged` : `${from.status} → ${to.status}`;
      const why = event.type === "item.status_changed" ? (event.data.cause === "time" ? " (with time)" : " (recomputed)") : "";
      return `${from.reason} → ${to.reason} · ${status}${why}`;
    }
    case "item.assigned":
      return `${event.data.from ?? "nobody"} → ${event.data.to ?? "nobody"}`;
    case "board_link.created":
      return `board link “${event.data.name}” created`;
    case "board_link.revoked":
      return `board link “${event.data.name}” revoked`;
    case "release.created":
      return `created “${event.data.name}” from template ${event.data.template} (${event.data.items} items)`;
    case "wbs.replaced":
      return `plan replaced: ${event.data.tasks} tasks, ${event.data.dependencies} dependencies`;
    case "task.updated": {
      const { task, from, to } = event.data;
      return `${task}: ${Object.keys(to)
        .map((f) => `${f} ${String(from[f])} → ${String(to[f])}`)
        .join(", ")}`;
    }
    case "schedule.refreshed": {
      const { as_of, projected_finish, slack_to_launch } = event.data;
      return `plan projected as of ${as_of}: finish ${String(projected_finish)}, ${String(slack_to_launch)} working days to launch`;
    }
    case "gate.alarm":
      return `GATE CLOSED AFTER GO: ${event.data.item} left green (${event.data.to}: ${event.data.reason})`;
    case "meeting.scheduled":
    case "meeting.started":
    case "meeting.moved":
    case "meeting.presenter":
    case "meeting.note":
    case "meeting.ended": {
      const { meeting, ...rest } = event.data;
      const detail = Object.entries(rest)
        .map(([k, v]) => `${k} ${typeof v === "string" ? v : JSON.stringify(v)}`)
        .join(", ");
      return `meeting ${meeting} ${event.type.slice("meeting.".length)}${detail ? `: ${detail}` : ""}`;
    }
    case "vote.cast":
      return `${event.data.function} votes ${event.data.vote === "go" ? "Go" : "No-Go"}${event.data.comment ? `: ${event.data.comment}` : ""}`;
    case "decision.recorded":
      return `decision ${event.data.id}: ${event.data.decision === "go" ? "GO" : "NO-GO"} (record sha256 ${event.data.hash})`;
    case "action.done":
      return `action ${event.data.action} done: ${event.data.title}`;
    case "action.created": {
      const { action, title, priority, owner, due } = event.data;
      return `action ${action} opened: ${title} (${priority}, ${owner ?? `${event.data.function}, no owner yet`}, due ${due})`;
    }
    case "action.updated":
      return `action ${event.data.action} changed: ${Object.entries(event.data.changes)
        .map(([field, { from, to }]) => `${field} ${JSON.stringify(from)} → ${JSON.stringify(to)}`)
        .join(", ")}`;
    case "action.closed": {
      const { action, title, status, evidence_link, reason } = event.data;
      return `action ${action} closed ${status === "done" ? "done" : "won't do"}: ${title}${evidence_link ? ` (evidence ${evidence_link})` : ""}${reason ? ` (${reason})` : ""}`;
    }
    case "action.overdue":
      return `action ${event.data.action} overdue: ${event.data.title} (${event.data.priority}, due ${event.data.due})`;
    case "postmortem.created":
      return `post-mortem ${event.data.postmortem} opened: ${event.data.title} (${event.data.severity})`;
    case "postmortem.updated":
      return `post-mortem ${event.data.postmortem} edited: ${event.data.fields.join(", ")}`;
    case "postmortem.status":
      return `post-mortem ${event.data.postmortem} ${event.data.from} → ${event.data.to}: ${event.data.title}`;
    case "roster.changed": {
      const { people, added, removed, updated } = event.data;
      return `roster: ${people} people (${added} added, ${removed} removed, ${updated} changed)`;
    }
    case "assessment.recorded": {
      const { assessment, attempts, passed, people, source } = event.data;
      return `assessment ${assessment}: ${attempts} attempts recorded for ${people} people, ${passed} passing (${source === "csv" ? "LMS export" : "API"})`;
    }
    case "sop.created":
      return `SOP ${event.data.sop} registered: ${event.data.title} (owner ${event.data.owner}, review every ${event.data.review_days} days)`;
    case "sop.revised":
      return `SOP ${event.data.sop} v${event.data.version} drafted: ${event.data.summary}`;
    case "sop.approved":
      return `SOP ${event.data.sop} v${event.data.version} approved: ${event.data.summary} (acknowledgements start afresh)`;
    case "sop.reviewed":
      return `SOP ${event.data.sop} v${event.data.version} reviewed${event.data.note ? `: ${event.data.note}` : ""}`;
    case "sop.acknowledged":
      return `SOP ${event.data.sop} v${event.data.version} acknowledged by ${event.data.count}: ${event.data.emails.join(", ")}`;
    case "release.phase":
      return `release ${event.data.from} → ${event.data.to}`;
    case "drill.recorded": {
      const { drill, item, kind, performed_on, result, detect_s, mitigate_s, participants, findings } = event.data;
      const timings = [detect_s === null ? null : `detected in ${detect_s} s`, mitigate_s === null ? null : `mitigated in ${mitigate_s} s`].filter(Boolean);
      return `drill ${drill} on ${item} (${kind}, ${performed_on}): ${result}${timings.length ? `, ${timings.join(", ")}` : ""}; ${participants} participants, ${findings} findings`;
    }
    case "release.retention": {
      const days = (d: number | null) => (d === null ? "keep every reading" : `compact repeated readings after ${d} days`);
      return `retention: ${days(event.data.from)} → ${days(event.data.to)}`;
    }
    case "log.compacted":
      return `retention compacted ${event.data.removed} repeated readings older than ${event.data.older_than} (seq ${event.data.after + 1}–${event.data.through}; ${event.data.kept} events kept there)`;
    case "params.proposed":
      return `risk parameters proposed (#${event.data.proposal}): ${paramValues(event.data.values)} — ${event.data.rationale}`;
    case "params.approved":
      return event.data.approved
        ? `proposal #${event.data.proposal} approved (${event.data.approvals} approvals): now approved ${paramValues(event.data.values)}`
        : `proposal #${event.data.proposal} approved once (${event.data.approvals} of 2): ${paramValues(event.data.values)}`;
    case "params.rejected":
      return `proposal #${event.data.proposal} ${event.data.withdrawn ? "withdrawn" : "rejected"}${event.data.reason ? `: ${event.data.reason}` : ""}`;
    case "campaign.created": {
      const { campaign, name, kind, starts, ends, start_date, end_date, requires } = event.data;
      const needs = [...requires.tasks.map((t) => `task ${t}`), ...requires.items.map((i) => `item ${i}`)];
      return `campaign ${campaign} added: ${name} (${kind.replace(/_/g, " ")}, ${starts} … ${ends}: ${start_date} to ${end_date})${needs.length ? `, requires ${needs.join(", ")}` : ""}`;
    }
    case "campaign.updated":
      return `campaign ${event.data.campaign} changed: ${Object.entries(event.data.changes)
        .map(([field, { from, to }]) => `${field} ${JSON.stringify(from)} → ${JSON.stringify(to)}`)
        .join(", ")}`;
    case "campaign.deleted":
      return `campaign ${event.data.campaign} removed: ${event.data.name}`;
    case "release.rescheduled":
      return `launch date moved: ${event.data.from} → ${event.data.to}`;
    default:
      return assertNever(event);
  }
}

/** A person's name for `user:<email>` (`names`: label → name); tokens, board links and `system`/`seed`/`cli` by their label. */
function actorName(label: string, names: ReadonlyMap<string, string>): string {
  const [kind, ...rest] = label.split(":");
  const name = rest.join(":");
  if (!name) return label;
  switch (kind) {
    case "user":
      return names.get(label) ?? name;
    case "token":
      return `API token ${name}`;
    case "board":
      return `Board link ${name}`;
    default:
      return label;
  }
}

export function createAudit(db: Db, sealer: Sealer) {
  function requireRelease(id: string) {
    const row = db.select({ id: releases.id, name: releases.name }).from(releases).where(eq(releases.id, id)).get();
    if (!row) throw notFound(`release "${id}"`);
    return row;
  }

  const { namesOf } = createNames(db);

  const firstFrom = db.$client.prepare<[string, number], { seq: number; at: string }>(
    "select seq, at from events where release_id = ? and seq >= ? order by seq limit 1",
  );
  const head = db.$client.prepare<[string], { seq: number }>("select seq from events where release_id = ? order by seq desc limit 1");

  /** The last seq at or before `at` (`inclusive`) or before it: a binary search on the log's primary key, about 20 reads at any size. */
  function lastSeqBefore(release: string, at: string, inclusive: boolean): number {
    const before = (e: { at: string }) => (inclusive ? e.at <= at : e.at < at);
    let low = 0;
    let high = head.get(release)?.seq ?? 0;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      // Compaction leaves gaps: the first event at or after mid stands for it.
      const event = firstFrom.get(release, mid);
      if (event && before(event)) low = event.seq >= high ? high : Math.max(mid, event.seq);
      else high = mid - 1;
    }
    return low;
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
      // Time bounds become seq bounds too (events are appended in time order), so the walk newest-first starts and ends
      // where the period does instead of reading every event outside it.
      if (filter.from) {
        const from = lowerBound(filter.from);
        where.push(gte(events.at, from), gt(events.seq, lastSeqBefore(release, from, false)));
      }
      if (filter.to) {
        const upper = upperBound(filter.to);
        where.push(upper.inclusive ? lte(events.at, upper.at) : lt(events.at, upper.at), lte(events.seq, lastSeqBefore(release, upper.at, upper.inclusive)));
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
          type: e.type,
          item: e.item,
          change: describeChange(e.type, e.data),
          hash: e.hash,
        })),
        next: found.length > filter.limit ? page.at(-1)!.seq : null,
      };
    },

    /** What the filter form offers: the actors seen in this release and its items. */
    filterOptions(release: string) {
      const row = requireRelease(release);
      const labels = db
        .select({ actor: releaseActors.actor })
        .from(releaseActors)
        .where(eq(releaseActors.releaseId, release))
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

    /**
     * Walk the release's hash chain (server/chain.ts): from its last verified
     * checkpoint for a page (`incremental`), else all of it with the replay.
     */
    verify(release: string, { incremental = false }: { incremental?: boolean } = {}): ChainCheck {
      return verifyChain(db, sealer, release, { incremental });
    },

    /** The release's sealed chain head (seq, hash and seal), or null before its first event. */
    sealedHead(release: string) {
      return (
        db.select({ seq: chainHeads.seq, hash: chainHeads.hash, seal: chainHeads.seal }).from(chainHeads).where(eq(chainHeads.releaseId, release)).get() ?? null
      );
    },

    /** Every release with a chain to verify: those in `releases` and any other id the log holds. */
    releaseIds(): string[] {
      return chainedReleases(db);
    },
  };
}

export type Audit = ReturnType<typeof createAudit>;

/** `risk.max-leverage-tier-1 = 100, risk.adl-enabled = true`: a proposal's values in one line. */
function paramValues(values: Record<string, number | string | boolean>): string {
  return Object.entries(values)
    .map(([item, value]) => `${item} = ${String(value)}`)
    .join(", ");
}
