import { and, count, desc, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { actionItems, decisions, postmortems, releases, users } from "../../db/schema";
import {
  inTimeOrder,
  isOpen,
  type PostmortemCreateInput,
  type PostmortemListQuery,
  type PostmortemPatchInput,
  type PostmortemStatus,
  type PostmortemView,
} from "../../app/shared/actions";
import type { DecisionRecord } from "../../app/shared/decision-record";
import { AppError, invalid, notFound } from "../../app/shared/errors";
import type { EventData } from "../../app/shared/events";
import type { Clock } from "../../app/shared/time";
import type { Actor } from "../auth/actor";
import { recordAccess } from "../auth/access-log";
import { assertCan } from "../auth/permissions";
import type { Actions } from "../actions/service";
import type { Append, Ledger } from "../ledger";

/**
 * Post-mortems (SPEC 11): created from scratch, from an incident (its
 * reference) or from a No-Go decision (prefilled from its record); `draft` →
 * `in_review` → `published`, published by an admin or a lead who is not the
 * owner. Each change is an event in the log of each release it concerns.
 */
type Row = typeof postmortems.$inferSelect;
type PostmortemEvent = "postmortem.created" | "postmortem.updated" | "postmortem.status";

/** The moves a post-mortem may make; publishing is a review's outcome. */
const NEXT: Record<PostmortemStatus, PostmortemStatus[]> = { draft: ["in_review"], in_review: ["draft", "published"], published: [] };

export function createPostmortems({ db, clock, ledger, actions }: { db: Db; clock: Clock; ledger: Ledger; actions: Actions }) {
  function ownerOf(tx: Db | Tx, email: string) {
    const user = tx.select().from(users).where(eq(users.email, email)).get();
    if (!user || user.disabledAt)
      throw invalid("the owner is not a user", [{ path: ["owner"], message: `no ${user ? "enabled " : ""}user with email ${email}` }]);
    return user;
  }

  function checkReleases(tx: Db | Tx, ids: string[]) {
    const found = new Set(
      ids.length
        ? tx
            .select({ id: releases.id })
            .from(releases)
            .where(inArray(releases.id, ids))
            .all()
            .map((r) => r.id)
        : [],
    );
    const missing = ids.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
    if (missing.length)
      throw invalid(
        "the post-mortem is not valid",
        missing.map(({ id, i }) => ({ path: ["releases", i], message: `no release "${id}"` })),
      );
  }

  function publish<T extends PostmortemEvent>(append: Append, tx: Tx, touched: string[], actor: Actor, type: T, data: EventData<T>) {
    if (!touched.length) recordAccess(tx, ledger.sealer, clock().toISOString(), actor.label, type, `post-mortem ${data.postmortem}: ${data.title}`);
    for (const release of touched) append(release, actor, type, () => ({ data, result: undefined }));
  }

  function views(rows: (Row & { ownerEmail: string; ownerName: string })[]): PostmortemView[] {
    const ids = rows.map((r) => r.id);
    const tallies = ids.length
      ? db
          .select({ id: actionItems.postmortemId, status: actionItems.status, n: count() })
          .from(actionItems)
          .where(inArray(actionItems.postmortemId, ids))
          .groupBy(actionItems.postmortemId, actionItems.status)
          .all()
      : [];
    return rows.map((row) => {
      const mine = tallies.filter((t) => t.id === row.id);
      return {
        id: row.id,
        title: row.title,
        incident_at: row.incidentAt,
        severity: row.severity,
        summary: row.summary,
        timeline: row.timeline,
        causes: row.causes,
        releases: row.releases,
        owner: row.ownerEmail,
        owner_name: row.ownerName,
        status: row.status,
        incident_ref: row.incidentRef,
        decision: row.decisionId,
        created_at: row.createdAt,
        created_by: row.createdBy,
        updated_at: row.updatedAt,
        published_at: row.publishedAt,
        published_by: row.publishedBy,
        actions: { total: mine.reduce((n, t) => n + t.n, 0), open: mine.filter((t) => isOpen(t.status)).reduce((n, t) => n + t.n, 0) },
      };
    });
  }

  const select = () =>
    db
      .select({ ...getTableColumns(postmortems), ownerEmail: users.email, ownerName: users.name })
      .from(postmortems)
      .innerJoin(users, eq(users.id, postmortems.ownerId));

  function row(id: number) {
    const found = select().where(eq(postmortems.id, id)).get();
    if (!found) throw notFound(`post-mortem ${id}`);
    return found;
  }

  /** What a post-mortem started from a decision says before anyone edits it: its blocking items, votes, notes and summary. */
  function fromDecision(id: number) {
    const decision = db.select().from(decisions).where(eq(decisions.id, id)).get();
    if (!decision) throw invalid("the post-mortem is not valid", [{ path: ["from_decision"], message: `no decision ${id}` }]);
    const record = JSON.parse(decision.record) as DecisionRecord;
    const word = record.decision === "go" ? "GO" : "NO-GO";
    const blocking = record.items.filter((i) => i.status !== "green");
    const summary = [
      `**${word}** for ${record.release.name} recorded ${record.decided_at.slice(0, 16).replace("T", " ")} UTC by ${record.decided_by}.`,
      "",
      `> ${record.summary.replace(/\r?\n/g, "\n> ")}`,
      "",
      blocking.length ? `### Blocking items (${blocking.length})` : "### Every item was green",
      ...blocking.map((i) => `- **${i.title}** (${i.owner}): ${i.status}, ${i.reason}`),
      ...(record.notes.length ? ["", "### Meeting notes", ...record.notes.map((n) => `- ${n.section}: ${n.text.replace(/\r?\n/g, " ")}`)] : []),
    ].join("\n");
    const timeline = [
      ...(record.meeting?.started_at
        ? [{ at: record.meeting.started_at, text: `Go/No-Go meeting started (${record.meeting.presenter ?? "no presenter"})` }]
        : []),
      ...record.votes.map((v) => ({ at: v.cast_at, text: `${v.function} voted ${v.vote === "go" ? "GO" : "NO-GO"}${v.comment ? `: ${v.comment}` : ""}` })),
      { at: record.decided_at, text: `${word} recorded by ${record.decided_by}` },
    ].sort(inTimeOrder);
    return {
      decision,
      draft: {
        title: `${word}: ${record.release.name}`,
        incident_at: record.decided_at,
        severity: "SEV3" as const,
        summary,
        timeline,
        causes: blocking.map((i) => `${i.title}: ${i.reason}`),
        releases: [record.release.id],
      },
    };
  }

  return {
    fromDecision: (id: number) => fromDecision(id).draft,

    list(query: Partial<PostmortemListQuery>): PostmortemView[] {
      const where: SQL[] = [];
      if (query.status) where.push(eq(postmortems.status, query.status));
      if (query.severity) where.push(eq(postmortems.severity, query.severity));
      if (query.owner) where.push(eq(users.email, query.owner));
      if (query.release) where.push(sql`exists (select 1 from json_each(${postmortems.releases}) where value = ${query.release})`);
      const rows = select()
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(postmortems.incidentAt), desc(postmortems.id))
        .limit(query.limit ?? 1000)
        .offset(query.after ?? 0)
        .all();
      return views(rows);
    },

    get(id: number): PostmortemView {
      return views([row(id)])[0]!;
    },

    /** Start a post-mortem (admins and leads). From a decision, its record fills what the request leaves out, and its follow-ups join it. */
    create(input: PostmortemCreateInput, actor: Actor): { postmortem: PostmortemView; seq?: number } {
      assertCan(actor, { type: "postmortem.create" });
      const base = input.from_decision ? fromDecision(input.from_decision) : null;
      const spec = {
        title: input.title ?? base?.draft.title,
        incident_at: input.incident_at ?? base?.draft.incident_at,
        severity: input.severity ?? base?.draft.severity,
        summary: input.summary ?? base?.draft.summary ?? "",
        timeline: input.timeline ?? base?.draft.timeline ?? [],
        causes: input.causes ?? base?.draft.causes ?? [],
        releases: input.releases ?? base?.draft.releases ?? [],
      };
      const missing = (["title", "incident_at", "severity"] as const).filter((k) => spec[k] === undefined);
      if (missing.length)
        throw invalid(
          "the post-mortem is not valid",
          missing.map((k) => ({ path: [k], message: "required (or start from a decision)" })),
        );
      const owner = ownerOf(db, input.owner);
      checkReleases(db, spec.releases);
      let seq: number | undefined;
      const id = ledger.transaction((append, tx) => {
        const at = clock().toISOString();
        const created = tx
          .insert(postmortems)
          .values({
            title: spec.title!,
            incidentAt: spec.incident_at!,
            severity: spec.severity!,
            summary: spec.summary,
            timeline: [...spec.timeline].sort(inTimeOrder),
            causes: spec.causes,
            releases: spec.releases,
            ownerId: owner.id,
            status: "draft",
            incidentRef: input.incident_ref,
            decisionId: base?.decision.id ?? null,
            createdAt: at,
            createdBy: actor.label,
            updatedAt: at,
          })
          .returning()
          .get();
        publish(append, tx, spec.releases, actor, "postmortem.created", { postmortem: created.id, title: created.title, severity: created.severity });
        seq = spec.releases.length ? ledger.log.headOf(spec.releases[0]!).seq : undefined;
        if (base) actions.adoptFollowUps(tx, append, base.decision.id, created.id, actor);
        return created.id;
      });
      return { postmortem: this.get(id), ...(seq === undefined ? {} : { seq }) };
    },

    /** Edit (the owner or an admin) while not yet published. */
    update(id: number, patch: PostmortemPatchInput, actor: Actor): { postmortem: PostmortemView } {
      const before = row(id);
      assertCan(actor, { type: "postmortem.update", owner: before.ownerEmail });
      if (before.status === "published") throw new AppError(409, "postmortem_published", `post-mortem ${id} was published ${before.publishedAt}: it is final`);
      const owner = patch.owner ? ownerOf(db, patch.owner) : null;
      if (patch.releases) checkReleases(db, patch.releases);
      const fields = Object.keys(patch);
      ledger.transaction((append, tx) => {
        const after = {
          title: patch.title ?? before.title,
          incidentAt: patch.incident_at ?? before.incidentAt,
          severity: patch.severity ?? before.severity,
          summary: patch.summary ?? before.summary,
          timeline: patch.timeline ? [...patch.timeline].sort(inTimeOrder) : before.timeline,
          causes: patch.causes ?? before.causes,
          releases: patch.releases ?? before.releases,
          ownerId: owner?.id ?? before.ownerId,
          incidentRef: patch.incident_ref === undefined ? before.incidentRef : patch.incident_ref,
          updatedAt: clock().toISOString(),
        };
        tx.update(postmortems).set(after).where(eq(postmortems.id, id)).run();
        const touched = [...new Set([...before.releases, ...after.releases])];
        publish(append, tx, touched, actor, "postmortem.updated", { postmortem: id, title: after.title, fields });
      });
      return { postmortem: this.get(id) };
    },

    /** Move through review: submit (`in_review`), send back (`draft`), publish (not by the owner). */
    setStatus(id: number, status: PostmortemStatus, actor: Actor): { postmortem: PostmortemView } {
      const before = row(id);
      assertCan(
        actor,
        status === "published" ? { type: "postmortem.publish", owner: before.ownerEmail } : { type: "postmortem.update", owner: before.ownerEmail },
      );
      if (!NEXT[before.status].includes(status)) {
        const hint = status === "published" && before.status === "draft" ? ": submit it for review first" : "";
        throw new AppError(
          409,
          "status_not_allowed",
          `post-mortem ${id} is ${before.status.replace("_", " ")}: it cannot become ${status.replace("_", " ")}${hint}`,
        );
      }
      ledger.transaction((append, tx) => {
        const at = clock().toISOString();
        tx.update(postmortems)
          .set({ status, updatedAt: at, ...(status === "published" ? { publishedAt: at, publishedBy: actor.label } : {}) })
          .where(eq(postmortems.id, id))
          .run();
        publish(append, tx, before.releases, actor, "postmortem.status", { postmortem: id, title: before.title, from: before.status, to: status });
      });
      return { postmortem: this.get(id) };
    },
  };
}

export type Postmortems = ReturnType<typeof createPostmortems>;
