import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { apiTokens } from "../../db/schema";
import { AppError, notFound } from "../errors";
import { slug } from "../readiness/kinds";
import type { Clock } from "../time";
import { ROLES, type Role } from "./roles";
import { hashSecret, newSecret } from "./secrets";

/** API tokens for automation: shown once, stored as sha256, with a role and functions. */
export { ROLES, type Role };

export const newTokenSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    role: z.enum(ROLES),
    functions: z.array(slug).default([]),
  })
  .strict();

export interface TokenPrincipal {
  kind: "token";
  id: number;
  name: string;
  role: Role;
  functions: string[];
}

/** last_used_at is a hint, not an audit record: written at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function createTokens(db: Db, clock: Clock) {
  const byHash = db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, sql.placeholder("hash")), isNull(apiTokens.revokedAt)))
    .prepare();
  const touch = db
    .update(apiTokens)
    .set({ lastUsedAt: sql`${sql.placeholder("at")}` })
    .where(eq(apiTokens.id, sql.placeholder("id")))
    .prepare();

  return {
    create(input: unknown, createdBy: string | null, secret: string = newSecret("glt")): { id: number; token: string } {
      const parsed = newTokenSchema.safeParse(input);
      if (!parsed.success) throw new AppError(422, "validation_failed", "the token is not valid", parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
      const row = db
        .insert(apiTokens)
        .values({ ...parsed.data, tokenHash: hashSecret(secret), createdAt: clock().toISOString(), createdBy })
        .returning({ id: apiTokens.id })
        .get();
      return { id: row.id, token: secret };
    },

    list() {
      return db
        .select({
          id: apiTokens.id,
          name: apiTokens.name,
          role: apiTokens.role,
          functions: apiTokens.functions,
          created_at: apiTokens.createdAt,
          created_by: apiTokens.createdBy,
          last_used_at: apiTokens.lastUsedAt,
          revoked_at: apiTokens.revokedAt,
        })
        .from(apiTokens)
        .orderBy(desc(apiTokens.id))
        .all();
    },

    /** Revoke; revoking twice is a no-op. */
    revoke(id: number): void {
      const row = db.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, id)).get();
      if (!row) throw notFound(`token ${id}`);
      if (!row.revokedAt) db.update(apiTokens).set({ revokedAt: clock().toISOString() }).where(eq(apiTokens.id, id)).run();
    },

    /** The principal for a secret, or null. Runs on every API request: prepared statements. */
    authenticate(secret: string): TokenPrincipal | null {
      const row = byHash.get({ hash: hashSecret(secret) });
      if (!row) return null;
      const now = clock();
      if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
        touch.run({ at: now.toISOString(), id: row.id });
      }
      return { kind: "token", id: row.id, name: row.name, role: row.role as Role, functions: row.functions };
    },

    any(): boolean {
      return db.select({ id: apiTokens.id }).from(apiTokens).limit(1).get() !== undefined;
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
