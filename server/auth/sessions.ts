import { parse, serialize } from "cookie";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { sessions, users } from "../../db/schema";
import type { Clock } from "../../app/shared/time";
import type { Principal } from "./principal";
import { hashSecret, newSecret } from "./secrets";
import type { Role } from "../../app/shared/auth-schemas";
import { localeOrNull } from "../../app/shared/locale";

/**
 * Sessions stored in the database; the cookie holds a random secret whose
 * sha256 is the row's key. A new secret at every sign-in (no fixation).
 */
export const SESSION_COOKIE = "gl_session";
const SESSION_TTL_MS = 14 * 86_400_000;
const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

export function sessionCookie(secret: string, { secure, expires }: { secure: boolean; expires: Date }): string {
  return serialize(SESSION_COOKIE, secret, { httpOnly: true, sameSite: "lax", secure, path: "/", expires });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure, path: "/", expires: new Date(0) });
}

export function sessionSecretFrom(cookieHeader: string | undefined | null): string | null {
  if (!cookieHeader) return null;
  return parse(cookieHeader)[SESSION_COOKIE] || null;
}

export function createSessions(db: Db, clock: Clock) {
  const byHash = db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(sessions.userId, users.id))
    .where(and(eq(sessions.idHash, sql.placeholder("hash")), gt(sessions.expiresAt, sql.placeholder("now")), isNull(users.disabledAt)))
    .prepare();

  return {
    start(userId: number): { secret: string; hash: string; expires: Date } {
      const secret = newSecret("gls");
      const hash = hashSecret(secret);
      const now = clock();
      const expires = new Date(now.getTime() + SESSION_TTL_MS);
      db.insert(sessions).values({ idHash: hash, userId, createdAt: now.toISOString(), expiresAt: expires.toISOString(), lastSeenAt: now.toISOString() }).run();
      return { secret, hash, expires };
    },

    /** The signed-in person for a cookie secret, or null (unknown, expired, or disabled). */
    resolve(secret: string): Extract<Principal, { kind: "user" }> | null {
      const hash = hashSecret(secret);
      const now = clock();
      const row = byHash.get({ hash, now: now.toISOString() });
      if (!row) return null;
      if (now.getTime() - Date.parse(row.session.lastSeenAt) > LAST_SEEN_RESOLUTION_MS) {
        db.update(sessions).set({ lastSeenAt: now.toISOString() }).where(eq(sessions.idHash, hash)).run();
      }
      const { user } = row;
      return {
        kind: "user",
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role as Role,
        functions: user.functions,
        sessionHash: hash,
        locale: localeOrNull(user.locale),
      };
    },

    end(hash: string): void {
      db.delete(sessions).where(eq(sessions.idHash, hash)).run();
    },

    endAllFor(userId: number): void {
      db.delete(sessions).where(eq(sessions.userId, userId)).run();
    },
  };
}

export type Sessions = ReturnType<typeof createSessions>;
