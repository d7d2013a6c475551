import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { leadsByFunction, type OwnerNames } from "../../app/shared/owners";

/**
 * People's names for screens and records: the leads who answer for each
 * function (one read of the leads, whatever the number of items), and a
 * person's name for an actor label (`user:<email>`).
 */
export function createNames(db: Db) {
  const leads = db
    .select({ name: users.name, role: users.role, functions: users.functions, disabled_at: users.disabledAt })
    .from(users)
    .where(and(eq(users.role, "lead"), isNull(users.disabledAt)))
    .prepare();
  const byEmail = db
    .select({ name: users.name })
    .from(users)
    .where(eq(users.email, sql.placeholder("email")))
    .prepare();

  const emailOf = (label: string | null | undefined) => (label?.startsWith("user:") ? label.slice("user:".length) : null);

  return {
    /** Each of `functions` with the names of its active leads (`[]`: nobody leads it). */
    ownerNames: (functions: readonly string[]): OwnerNames => leadsByFunction(leads.all(), functions),

    /** The person's name for a `user:<email>` label; null for tokens, screens, the system and people unknown. */
    nameOf(label: string | null | undefined): string | null {
      const email = emailOf(label);
      return email === null ? null : (byEmail.get({ email })?.name ?? null);
    },

    /** Names for many labels in one read: label → name, for the people among them. */
    namesOf(labels: Iterable<string | null | undefined>): Map<string, string> {
      const emails = [...new Set([...labels].map(emailOf).filter((e): e is string => e !== null))];
      if (!emails.length) return new Map();
      const rows = db.select({ email: users.email, name: users.name }).from(users).where(inArray(users.email, emails)).all();
      return new Map(rows.map((r) => [`user:${r.email}`, r.name]));
    },
  };
}

export type Names = ReturnType<typeof createNames>;
