import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { IMMEDIATE, type Db } from "../../db/client";
import { apiTokens } from "../../db/schema";
import { invalid, notFound } from "../../app/shared/errors";
import type { Actor } from "./actor";
import { recordAccess } from "./access-log";
import type { Sealer } from "../chain";
import { assertCan } from "./permissions";
import type { Clock } from "../../app/shared/time";
import type { Principal } from "./principal";
import { newTokenSchema, ROLES, type Role } from "../../app/shared/auth-schemas";
import { hashSecret, newSecret } from "./secrets";

/** API tokens for automation: shown once, stored as sha256, with a role and functions. */
export { ROLES, type Role };

export { newTokenSchema };
export type TokenPrincipal = Extract<Principal, { kind: "token" }>;

/** last_used_at is a hint, not an audit record: written at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** `sealer`: seals the access log's head at each entry (server/chain.ts). */
export function createTokens(db: Db, clock: Clock, sealer: Sealer) {
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
    create(input: unknown, actor: Actor, secret: string = newSecret("glt")): { id: number; token: string } {
      assertCan(actor, { type: "tokens.manage" });
      const parsed = newTokenSchema.safeParse(input);
      if (!parsed.success) throw invalid("the token is not valid", parsed.error.issues);
      return db.transaction(() => {
        const now = clock().toISOString();
        const row = db
          .insert(apiTokens)
          .values({ ...parsed.data, tokenHash: hashSecret(secret), createdAt: now, createdBy: actor.label })
          .returning({ id: apiTokens.id })
          .get();
        recordAccess(db, sealer, now, actor.label, "token.created", `token:${parsed.data.name}#${row.id} as ${parsed.data.role}`);
        return { id: row.id, token: secret };
      }, IMMEDIATE);
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
    revoke(id: number, actor: Actor): void {
      assertCan(actor, { type: "tokens.manage" });
      db.transaction(() => {
        const row = db.select().from(apiTokens).where(eq(apiTokens.id, id)).get();
        if (!row) throw notFound(`token ${id}`);
        if (row.revokedAt) return;
        const now = clock().toISOString();
        db.update(apiTokens).set({ revokedAt: now }).where(eq(apiTokens.id, id)).run();
        recordAccess(db, sealer, now, actor.label, "token.revoked", `token:${row.name}#${row.id}`);
      }, IMMEDIATE);
    },

    /** The principal for a secret, or null. Runs on every API request: prepared statements. */
    authenticate(secret: string): TokenPrincipal | null {
      const row = byHash.get({ hash: hashSecret(secret) });
      if (!row) return null;
      const now = clock();
      if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
        touch.run({ at: now.toISOString(), id: row.id });
      }
      return { kind: "token", id: row.id, name: row.name, role: row.role as Role, functions: row.functions, createdBy: row.createdBy };
    },

    any(): boolean {
      return db.select({ id: apiTokens.id }).from(apiTokens).limit(1).get() !== undefined;
    },
  };
}

export type Tokens = ReturnType<typeof createTokens>;
