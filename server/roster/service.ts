import { and, eq, inArray } from "drizzle-orm";
import type { Db, Tx } from "../../db/client";
import { assessmentAttempts, rosterPeople } from "../../db/schema";
import { invalid, notFound } from "../../app/shared/errors";
import { rosterConfig } from "../../app/shared/kinds";
import type { AssessmentAttempt, RosterPerson } from "../../app/shared/roster-exchange";
import type { Clock } from "../../app/shared/time";
import type { Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Ledger } from "../ledger";
import { sopFacts } from "../sops/reads";
import { itemsOfKind, onRoster, releaseLaunch, rosterFacts, rosterKeepers, rosterMembers, rosterView, type RosterView } from "./reads";

/**
 * A release's training roster and the LMS results behind its `roster`
 * items (SPEC 12.1). Each write is one ledger transaction: the change, the
 * `roster` (and, when the people change, `sop`) items re-evaluated from the
 * new facts, and one event.
 */
export interface RosterDeps {
  db: Db;
  clock: Clock;
  ledger: Ledger;
}

/** The first emails a roster change names in its event (the rest are counted). */
const NAMED = 100;

export function createRoster({ db, clock, ledger }: RosterDeps) {
  function mayManage(actor: Actor, release: string) {
    releaseLaunch(db, release);
    assertCan(actor, { type: "roster.manage", functions: rosterKeepers(db, release) });
  }

  /** The facts the release's computed items follow after a change to its people. */
  const peopleFacts = (tx: Tx, release: string, now: Date) => ({ roster: rosterFacts(tx, release), sop: sopFacts(tx, release, now) });

  /** Write the roster as `people` (every person, in order) and log what changed. */
  function write(release: string, people: readonly RosterPerson[], actor: Actor, only?: { removed: string[] }) {
    return ledger.record(release, actor, "roster.changed", ({ tx, at, now }) => {
      const before = new Map(
        tx
          .select()
          .from(rosterPeople)
          .where(eq(rosterPeople.releaseId, release))
          .all()
          .map((p) => [p.email, p]),
      );
      const next = new Set(people.map((p) => p.email));
      const removed = only ? only.removed : [...before.keys()].filter((email) => !next.has(email));
      const added: string[] = [];
      const updated: string[] = [];
      for (let i = 0; i < removed.length; i += 500) {
        tx.delete(rosterPeople)
          .where(and(eq(rosterPeople.releaseId, release), inArray(rosterPeople.email, removed.slice(i, i + 500))))
          .run();
      }
      // One person added or taken off (`only`) leaves everyone else's position as it is: the order holds with gaps.
      let appended = [...before.values()].reduce((max, p) => Math.max(max, p.position), -1) + 1;
      people.forEach((person, index) => {
        const was = before.get(person.email);
        const position = only ? (was?.position ?? appended++) : index;
        const language = person.language ?? null;
        if (!was) {
          tx.insert(rosterPeople)
            .values({ releaseId: release, email: person.email, name: person.name, team: person.team, language, position, addedAt: at })
            .run();
          added.push(person.email);
        } else if (was.name !== person.name || was.team !== person.team || was.language !== language || was.position !== position) {
          tx.update(rosterPeople)
            .set({ name: person.name, team: person.team, language, position })
            .where(and(eq(rosterPeople.releaseId, release), eq(rosterPeople.email, person.email)))
            .run();
          if (was.name !== person.name || was.team !== person.team || was.language !== language) updated.push(person.email);
        }
      });
      const emails = [...added, ...updated, ...removed].slice(0, NAMED);
      const count = only ? before.size - removed.length + added.length : people.length;
      return {
        data: { people: count, added: added.length, removed: removed.length, updated: updated.length, emails },
        result: { people: count, added: added.length, removed: removed.length, updated: updated.length },
        facts: peopleFacts(tx, release, now),
      };
    });
  }

  return {
    /** The functions whose leads may manage the release's roster (`roster.manage`), for a page to ask before it offers a form. */
    keepers(release: string): string[] {
      releaseLaunch(db, release);
      return rosterKeepers(db, release);
    },

    view(release: string): RosterView {
      const sops = itemsOfKind(db, release, "sop");
      // The SOP registry's current versions, for the acknowledgement columns.
      const facts = sops.length ? sopFacts(db, release, clock()) : null;
      return rosterView(
        db,
        release,
        sops.map((item) => {
          const key = (item.config as { sop: string }).sop;
          const state = facts?.sops[key];
          return { key, item: item.id, title: state?.title ?? key, current: state?.current?.version ?? null };
        }),
      );
    },

    /** Replace the roster (SPEC 12.1): people not in the list leave it; their results stay in the history. */
    replace(release: string, people: readonly RosterPerson[], actor: Actor) {
      mayManage(actor, release);
      const { result, seq } = write(release, people, actor);
      return { ...result, seq };
    },

    /** Add one person, or change their name, team or language (the roster page). */
    upsert(release: string, person: RosterPerson, actor: Actor) {
      mayManage(actor, release);
      const current = rosterMembers(db, release).map(({ email, name, team, language }) => ({ email, name, team, ...(language ? { language } : {}) }));
      const at = current.findIndex((p) => p.email === person.email);
      const people = at === -1 ? [...current, person] : current.map((p, i) => (i === at ? person : p));
      const { result, seq } = write(release, people, actor, { removed: [] });
      return { ...result, seq };
    },

    /** Take one person off the roster. */
    remove(release: string, email: string, actor: Actor) {
      mayManage(actor, release);
      const current = rosterMembers(db, release);
      if (!current.some((p) => p.email === email)) throw notFound(`${email} on the roster of ${release}`);
      const people = current
        .filter((p) => p.email !== email)
        .map(({ email, name, team, language }) => ({ email, name, team, ...(language ? { language } : {}) }));
      const { result, seq } = write(release, people, actor, { removed: [email] });
      return { ...result, seq };
    },

    /**
     * Record LMS results (SPEC 12.1): every attempt of a roster person is kept;
     * emails not on the roster are reported back with their line, not stored.
     * An attempt dated in the future is refused, with the rest of the file.
     */
    recordResults(
      release: string,
      assessment: string,
      attempts: readonly AssessmentAttempt[],
      source: "api" | "csv",
      actor: Actor,
      /**
       * `undated`: the file gave no attempt dates (they are the import's time), as a
       * gradebook export without a date column: a grade a person already holds is
       * that attempt again, not a new one that would renew an expiring pass.
       */
      { undated = false }: { undated?: boolean } = {},
    ) {
      mayManage(actor, release);
      const measured = itemsOfKind(db, release, "roster").some((item) => rosterConfig.parse(item.config).assessment === assessment);
      if (!measured) throw notFound(`assessment "${assessment}" among the roster items of ${release}`);
      const now = clock();
      const future = attempts.flatMap((a, i) =>
        Date.parse(a.attempted_at) > now.getTime() ? [{ path: ["results", i, "at"], message: `attempted ${a.attempted_at}, after now` }] : [],
      );
      if (future.length) throw invalid("attempts cannot be dated in the future; nothing was recorded", future);
      const known = onRoster(db, release, [...new Set(attempts.map((a) => a.email))]);
      const unknown = attempts.filter((a) => !known.has(a.email)).map((a) => ({ ...a.at, email: a.email }));
      const kept = attempts.filter((a) => known.has(a.email));
      // The same attempt imported again (a daily export of the same gradebook) is kept once:
      // what these people already have, read 500 people per statement.
      const key = (a: { email: string; attemptedAt: string; score: number }) =>
        undated ? `${a.email}\n${a.score}` : `${a.email}\n${a.attemptedAt}\n${a.score}`;
      const seen = new Set<string>();
      const emails = [...new Set(kept.map((a) => a.email))];
      for (let i = 0; i < emails.length; i += 500) {
        const rows = db
          .select({ email: assessmentAttempts.email, attemptedAt: assessmentAttempts.attemptedAt, score: assessmentAttempts.score })
          .from(assessmentAttempts)
          .where(
            and(
              eq(assessmentAttempts.releaseId, release),
              eq(assessmentAttempts.assessment, assessment),
              inArray(assessmentAttempts.email, emails.slice(i, i + 500)),
            ),
          )
          .all();
        for (const row of rows) seen.add(key(row));
      }
      const fresh = kept.filter((a) => {
        const k = key({ email: a.email, attemptedAt: new Date(a.attempted_at).toISOString(), score: a.score });
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
      const already = kept.length - fresh.length;
      if (!fresh.length) return { recorded: 0, passed: 0, people: 0, already, unknown };
      const { result, seq } = ledger.record(release, actor, "assessment.recorded", ({ tx, at }) => {
        // Many rows per statement (10,000 one by one held the write lock for over a second); SQLite caps bound parameters.
        for (let i = 0; i < fresh.length; i += 500) {
          tx.insert(assessmentAttempts)
            .values(
              fresh.slice(i, i + 500).map((a) => ({
                releaseId: release,
                assessment,
                email: a.email,
                score: a.score,
                passed: a.passed,
                attemptedAt: new Date(a.attempted_at).toISOString(),
                source,
                recordedAt: at,
                recordedBy: actor.label,
              })),
            )
            .run();
        }
        const passed = fresh.filter((a) => a.passed).length;
        const people = new Set(fresh.map((a) => a.email)).size;
        return {
          data: { assessment, attempts: fresh.length, passed, people, source },
          result: { recorded: fresh.length, passed, people, already },
          facts: { roster: rosterFacts(tx, release) },
        };
      });
      return { ...result, unknown, seq };
    },
  };
}

export type Roster = ReturnType<typeof createRoster>;
