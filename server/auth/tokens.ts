import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { apiTokens } from "../../db/schema";
import { slug } from "../readiness/kinds";
import type { Clock } from "../time";

/**
 * API tokens for automation. The secret is shown once; only its sha256 is
 * stored (a 256-bit random secret needs no slow hash, and lookups stay a
 * single indexed read on the hot evidence path).
 */
export const ROLES = ["admin", "lead", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

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

/** last_used_at is a hint, not an audit record: write it at most once a minute per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export function generateToken(): string {
  return `glt_${randomBytes(32).toString("base64url")}`;
}

export function createToken(
  db: Db,
  input: z.input<typeof newTokenSchema>,
  clock: Clock,
  secret: string = generateToken(),
): { id: number; token: string } {
  const spec = newTokenSchema.parse(input);
  const row = db
    .insert(apiTokens)
    .values({
      name: spec.name,
      role: spec.role,
      functions: spec.functions,
      tokenHash: hashToken(secret),
      createdAt: clock().toISOString(),
    })
    .returning({ id: apiTokens.id })
    .get();
  return { id: row.id, token: secret };
}

/**
 * A token checker for one database, on prepared statements: it runs on every
 * API request and socket handshake.
 */
export function createTokenAuth(db: Db, clock: Clock) {
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

  return (secret: string): TokenPrincipal | null => {
    const row = byHash.get({ hash: hashToken(secret) });
    if (!row) return null;
    const now = clock();
    if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
      touch.run({ at: now.toISOString(), id: row.id });
    }
    return { kind: "token", id: row.id, name: row.name, role: row.role as Role, functions: row.functions };
  };
}

export function hasAnyToken(db: Db): boolean {
  return db.select({ id: apiTokens.id }).from(apiTokens).limit(1).get() !== undefined;
}
