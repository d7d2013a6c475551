import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { items, rosterPeople, sopAcknowledgements, sopReviews, sopRevisions, sops, users } from "../../db/schema";
import { AppError, notFound } from "../../app/shared/errors";
import type { EventData } from "../../app/shared/events";
import { evaluate, itemDefinition } from "../../app/shared/kinds";
import type { SopCreateInput, SopRevisionInput, SopView } from "../../app/shared/sops";
import { addDays, isoDate, type Clock } from "../../app/shared/time";
import { personOf, SYSTEM, type Actor } from "../auth/actor";
import { recordAccess } from "../auth/access-log";
import { assertCan } from "../auth/permissions";
import type { Append, Ledger } from "../ledger";
import { withAssignee } from "../readiness/items";
import { acknowledgementsOf, currentOf, releasesFollowing, releasesWithRoster, releasesWithSopItems, sopFacts, sopKeys, sopRow, sopView } from "./reads";

/**
 * The SOP registry (SPEC 12.2): SOPs, their revisions (approved by someone
 * other than the author), periodic reviews and acknowledgements. The
 * registry is shared by every release; each change is logged in every
 * release whose `sop` items follow the SOP, with those items re-evaluated in
 * the same transaction (in the access log when none does yet).
 */
type SopEvent = "sop.created" | "sop.revised" | "sop.approved" | "sop.reviewed" | "sop.acknowledged";

export interface SopsDeps {
  db: Db;
  clock: Clock;
  ledger: Ledger;
}

export function createSops({ db, clock, ledger }: SopsDeps) {
  /** One event per release following the SOP, its `sop` items re-evaluated; or one access-log entry. Returns the first release's seq. */
  function publish<T extends SopEvent>(append: Append, tx: Tx, key: string, actor: Actor, type: T, data: EventData<T>, now: Date, settle: boolean) {
    const following = releasesFollowing(tx, key);
    if (!following.length) {
      recordAccess(tx, ledger.sealer, now.toISOString(), actor.label, type, `SOP ${key}${"version" in data ? ` v${data.version}` : ""}`);
      return undefined;
    }
    // The sweeper learns when this SOP's review next falls overdue.
    const { reviewDue } = currentOf(tx, sopRow(tx, key));
    const deadline = reviewDue ? new Date(`${addDays(reviewDue, 1)}T00:00:00Z`) : null;
    let first: number | undefined;
    for (const release of following) {
      const { event } = append(release, actor, type, () => ({
        data,
        result: undefined,
        deadline,
        ...(settle ? { facts: { sop: sopFacts(tx, release, now) } } : {}),
      }));
      first ??= event.seq;
    }
    return first;
  }

  function revision(tx: Db | Tx, key: string, version: number) {
    const row = tx
      .select()
      .from(sopRevisions)
      .where(and(eq(sopRevisions.sopKey, key), eq(sopRevisions.version, version)))
      .get();
    if (!row) throw notFound(`revision ${version} of SOP "${key}"`);
    return row;
  }

  /** The current revision, or a 409 saying nothing is approved yet. */
  function requireCurrent(tx: Db | Tx, sop: { key: string; reviewDays: number }, doing: string) {
    const { current } = currentOf(tx, sop);
    if (!current) throw new AppError(409, "no_approved_revision", `SOP "${sop.key}" has no approved revision to ${doing} yet`);
    return current;
  }

  const view = (key: string) => sopView(db, key, clock());
  /** The UTC day the last complete sweep ran (null before the first, at start-up). */
  let sweptOn: string | null = null;

  return {
    /** The registry, a page at a time when asked (the API's `limit` and `after`). */
    list(page?: { limit: number; after?: string }): SopView[] {
      const now = clock();
      return sopKeys(db, page).map((key) => sopView(db, key, now));
    },

    get: view,

    acknowledgements(key: string, version: number) {
      sopRow(db, key);
      return acknowledgementsOf(db, key, version);
    },

    /** The releases whose `sop` items follow this SOP (its page shows their rosters' acknowledgements). */
    following(key: string): string[] {
      sopRow(db, key);
      return releasesFollowing(db, key);
    },

    /** The releases with someone on their roster: whose people are acknowledged for in bulk. */
    rostered: () => releasesWithRoster(db),

    create(input: SopCreateInput, actor: Actor): { sop: SopView; seq?: number } {
      assertCan(actor, { type: "sop.manage", owner: input.owner });
      const seq = ledger.transaction((append, tx) => {
        const now = clock();
        if (tx.select({ key: sops.key }).from(sops).where(eq(sops.key, input.key)).get()) {
          throw new AppError(409, "conflict", `an SOP with key "${input.key}" exists`);
        }
        tx.insert(sops)
          .values({
            key: input.key,
            title: input.title,
            owner: input.owner,
            reviewDays: input.review_days,
            createdAt: now.toISOString(),
            createdBy: actor.label,
          })
          .run();
        const data = { sop: input.key, title: input.title, owner: input.owner, review_days: input.review_days };
        return publish(append, tx, input.key, actor, "sop.created", data, now, true);
      });
      return { sop: view(input.key), ...(seq === undefined ? {} : { seq }) };
    },

    /** Draft the next revision: it waits for approval by someone else, and changes nothing until then. */
    revise(key: string, input: SopRevisionInput, actor: Actor): { sop: SopView; version: number; seq?: number } {
      const sop = sopRow(db, key);
      assertCan(actor, { type: "sop.manage", owner: sop.owner });
      const { version, seq } = ledger.transaction((append, tx) => {
        const now = clock();
        const last = tx
          .select({ version: sopRevisions.version, approvedAt: sopRevisions.approvedAt })
          .from(sopRevisions)
          .where(eq(sopRevisions.sopKey, key))
          .orderBy(desc(sopRevisions.version))
          .limit(1)
          .get();
        if (last && !last.approvedAt) {
          throw new AppError(409, "draft_pending", `v${last.version} of SOP "${key}" is waiting for approval: approve it before drafting another`);
        }
        const version = (last?.version ?? 0) + 1;
        tx.insert(sopRevisions)
          .values({
            sopKey: key,
            version,
            summary: input.summary,
            link: input.link ?? null,
            body: input.body ?? null,
            author: personOf(actor),
            createdAt: now.toISOString(),
          })
          .run();
        return { version, seq: publish(append, tx, key, actor, "sop.revised", { sop: key, version, summary: input.summary }, now, false) };
      });
      return { sop: view(key), version, ...(seq === undefined ? {} : { seq }) };
    },

    /** Approve a revision (not by its author): it becomes current and acknowledgements start afresh. */
    approve(key: string, version: number, actor: Actor): { sop: SopView; seq?: number } {
      const sop = sopRow(db, key);
      const draft = revision(db, key, version);
      assertCan(actor, { type: "sop.approve", owner: sop.owner, author: draft.author });
      if (draft.approvedAt) throw new AppError(409, "already_approved", `v${version} of SOP "${key}" was approved ${draft.approvedAt} by ${draft.approvedBy}`);
      const seq = ledger.transaction((append, tx) => {
        const now = clock();
        const done = tx
          .update(sopRevisions)
          .set({ approvedBy: personOf(actor), approvedAt: now.toISOString() })
          .where(and(eq(sopRevisions.sopKey, key), eq(sopRevisions.version, version), sql`${sopRevisions.approvedAt} is null`))
          .run();
        if (done.changes !== 1) throw new AppError(409, "already_approved", `v${version} of SOP "${key}" is already approved`);
        return publish(append, tx, key, actor, "sop.approved", { sop: key, version, summary: draft.summary }, now, true);
      });
      return { sop: view(key), ...(seq === undefined ? {} : { seq }) };
    },

    /** Record the periodic review of the current revision: its next review is due `review_days` from now. */
    review(key: string, note: string, actor: Actor): { sop: SopView; seq?: number } {
      const sop = sopRow(db, key);
      assertCan(actor, { type: "sop.manage", owner: sop.owner });
      const seq = ledger.transaction((append, tx) => {
        const now = clock();
        const current = requireCurrent(tx, sop, "review");
        tx.insert(sopReviews).values({ sopKey: key, version: current.version, note, reviewedAt: now.toISOString(), reviewedBy: actor.label }).run();
        return publish(append, tx, key, actor, "sop.reviewed", { sop: key, version: current.version, note }, now, true);
      });
      return { sop: view(key), ...(seq === undefined ? {} : { seq }) };
    },

    /**
     * Acknowledge the current revision for these people: one's own, or many
     * at once by whoever manages the SOP (a CS lead, automation). Emails on
     * no release's roster are recorded and named in the answer.
     */
    acknowledge(key: string, emails: string[], actor: Actor) {
      const sop = sopRow(db, key);
      assertCan(actor, { type: "sop.acknowledge", owner: sop.owner, emails });
      const { version, added, seq } = ledger.transaction((append, tx) => {
        const now = clock();
        const { version } = requireCurrent(tx, sop, "acknowledge");
        const added: string[] = [];
        // Many rows per statement (5000 one by one held the write lock for a second); SQLite caps bound parameters.
        for (let i = 0; i < emails.length; i += 500) {
          const slice = emails.slice(i, i + 500);
          const fresh = new Set(
            tx
              .insert(sopAcknowledgements)
              .values(slice.map((email) => ({ sopKey: key, version, email, at: now.toISOString(), recordedBy: actor.label })))
              .onConflictDoNothing()
              .returning({ email: sopAcknowledgements.email })
              .all()
              .map((r) => r.email),
          );
          // In the order given (RETURNING promises none), each once.
          for (const email of slice) if (fresh.delete(email)) added.push(email);
        }
        if (!added.length) return { version, added, seq: undefined };
        const data = { sop: key, version, count: added.length, emails: added.slice(0, 100) };
        return { version, added, seq: publish(append, tx, key, actor, "sop.acknowledged", data, now, true) };
      });
      const rostered = new Set<string>();
      for (let i = 0; i < emails.length; i += 500) {
        const slice = emails.slice(i, i + 500);
        for (const r of db.selectDistinct({ email: rosterPeople.email }).from(rosterPeople).where(inArray(rosterPeople.email, slice)).all())
          rostered.add(r.email);
      }
      return {
        version,
        acknowledged: added.length,
        already: emails.length - added.length,
        not_on_any_roster: emails.filter((e) => !rostered.has(e)),
        ...(seq === undefined ? {} : { seq }),
      };
    },

    /** When the next SOP review falls overdue (the day after it is due), or null. */
    nextDeadline(now: Date = clock()): Date | null {
      let next: Date | null = null;
      for (const key of sopKeys(db)) {
        const { reviewDue } = currentOf(db, sopRow(db, key));
        if (!reviewDue) continue;
        const at = new Date(`${addDays(reviewDue, 1)}T00:00:00Z`);
        if (at > now && (!next || at < next)) next = at;
      }
      return next;
    },

    /**
     * Bring every `sop` item in line with today (a review falling overdue, the
     * server down when it did): one `item.status_changed` event per item that
     * changes, with time as its cause.
     */
    sweep(now: Date = clock()): number {
      // A `sop` item changes with time alone only when the UTC day does (a review falling overdue); every write
      // settles its own items. Sweeping once a day, not on every safety tick, keeps the cost off the roster size.
      const today = isoDate(now);
      if (today === sweptOn) return 0;
      let changed = 0;
      for (const release of releasesWithSopItems(db)) {
        const facts = { sop: sopFacts(db, release, now) };
        const rows = db
          .select(withAssignee)
          .from(items)
          .leftJoin(users, eq(items.assigneeId, users.id))
          .where(and(eq(items.releaseId, release), eq(items.kind, "sop")))
          .all();
        const stale = rows.flatMap((row) => {
          const next = evaluate(itemDefinition(row), null, now, facts);
          return next.status === row.status && next.reason === row.reason ? [] : [{ row, next }];
        });
        if (!stale.length) continue;
        ledger.transaction((append) => {
          for (const { row, next } of stale) {
            append(release, SYSTEM, "item.status_changed", ({ tx, at }) => {
              tx.update(items)
                .set({ status: next.status, reason: next.reason, updatedAt: at })
                .where(and(eq(items.releaseId, release), eq(items.id, row.id)))
                .run();
              return {
                data: { item: row.id, cause: "time", from: { status: row.status, reason: row.reason }, to: next },
                result: undefined,
                items: [{ row: { ...row, ...next, updatedAt: at }, from: row.status }],
              };
            });
          }
        }, now);
        changed += stale.length;
      }
      sweptOn = today;
      return changed;
    },
  };
}

export type Sops = ReturnType<typeof createSops>;
