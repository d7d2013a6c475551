import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { IMMEDIATE, type Db } from "../../db/client";
import { invites, sessions, users } from "../../db/schema";
import { AppError, invalid, notFound } from "../../app/shared/errors";
import type { Actor } from "./actor";
import type { Clock } from "../../app/shared/time";
import { recordAccess } from "./access-log";
import type { Sealer } from "../chain";
import { decoyHash, hashPassword, verifyPassword } from "./passwords";
import { assertCan } from "./permissions";
import { newUserSchema, passwordSchema, type Role } from "../../app/shared/auth-schemas";
import { hashSecret, newSecret } from "./secrets";
import type { Locale } from "../../app/shared/locale";

/**
 * People, their invitations (one-time set-password links) and password
 * checks. A person has at most one live link: issuing one cancels the others,
 * and setting a password through one ends every session they had.
 */
export const INVITE_TTL_MS = 72 * 3_600_000;

export type UserRow = typeof users.$inferSelect;

export interface UserView {
  id: number;
  email: string;
  name: string;
  role: Role;
  functions: string[];
  created_at: string;
  disabled_at: string | null;
  /** False until they accept their invitation. */
  active: boolean;
}

export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    functions: row.functions,
    created_at: row.createdAt,
    disabled_at: row.disabledAt,
    active: row.passwordHash !== null,
  };
}

const passwordIssues = (password: unknown) => passwordSchema.safeParse(password).error?.issues.map((i) => ({ ...i, path: ["password"] })) ?? [];

/**
 * `sealer`: seals the access log's head at each entry (server/chain.ts).
 * `changed`: told after a commit that adds or disables a person (screens
 * name the leads who answer for each function, ADR 016).
 */
export function createUsers(db: Db, clock: Clock, sealer: Sealer, changed: () => void = () => {}) {
  /** Cancel the person's unused links and issue a new one (inside a transaction). */
  function issueInvite(userId: number, now: string): { token: string; expiresAt: string } {
    db.update(invites)
      .set({ usedAt: now })
      .where(and(eq(invites.userId, userId), isNull(invites.usedAt)))
      .run();
    const token = newSecret("gli");
    const expiresAt = new Date(Date.parse(now) + INVITE_TTL_MS).toISOString();
    db.insert(invites)
      .values({ tokenHash: hashSecret(token), userId, createdAt: now, expiresAt })
      .run();
    return { token, expiresAt };
  }

  function liveInvite(token: string) {
    return db
      .select({ tokenHash: invites.tokenHash, user: users })
      .from(invites)
      .innerJoin(users, eq(invites.userId, users.id))
      .where(and(eq(invites.tokenHash, hashSecret(token)), isNull(invites.usedAt), gt(invites.expiresAt, clock().toISOString()), isNull(users.disabledAt)))
      .get();
  }

  function requireUser(id: number): UserRow {
    const row = db.select().from(users).where(eq(users.id, id)).get();
    if (!row) throw notFound(`user ${id}`);
    return row;
  }

  return {
    /** People, invited or not, but the demo's made-up owners: none means the first visit sets up the admin. */
    count(): number {
      return db.get<{ n: number }>(sql`select count(*) as n from ${users} where not ${users.demo}`).n;
    },

    list(): UserView[] {
      return db.select().from(users).orderBy(asc(users.name)).all().map(userView);
    },

    /** Create a person and their one-time set-password link. */
    invite(input: unknown, actor: Actor, { demo = false }: { demo?: boolean } = {}): { user: UserView; token: string; expiresAt: string } {
      assertCan(actor, { type: "users.manage" });
      const parsed = newUserSchema.safeParse(input);
      if (!parsed.success) throw invalid("the user is not valid", parsed.error.issues);
      const invited = db.transaction(() => {
        if (db.select({ id: users.id }).from(users).where(eq(users.email, parsed.data.email)).get()) {
          throw new AppError(409, "user_exists", `a user with email ${parsed.data.email} exists`);
        }
        const now = clock().toISOString();
        const row = db
          .insert(users)
          .values({ ...parsed.data, createdAt: now, demo })
          .returning()
          .get();
        recordAccess(
          db,
          sealer,
          now,
          actor.label,
          "user.invited",
          `user:${row.email} as ${row.role}${row.functions.length ? ` (${row.functions.join(",")})` : ""}`,
        );
        return { user: userView(row), ...issueInvite(row.id, now) };
      }, IMMEDIATE);
      changed();
      return invited;
    },

    /** A fresh link (an expired invitation, a forgotten password); earlier links stop working. */
    reinvite(id: number, actor: Actor): { token: string; expiresAt: string } {
      assertCan(actor, { type: "users.manage" });
      return db.transaction(() => {
        const row = requireUser(id);
        if (row.disabledAt) throw new AppError(409, "user_disabled", `${row.email} is disabled`);
        const now = clock().toISOString();
        recordAccess(db, sealer, now, actor.label, "user.reinvited", `user:${row.email}`);
        return issueInvite(id, now);
      }, IMMEDIATE);
    },

    inviteInfo(token: string): { email: string; name: string } | null {
      const invite = liveInvite(token);
      return invite ? { email: invite.user.email, name: invite.user.name } : null;
    },

    /** Set the password through a link: every link of theirs and every session they had end. */
    async acceptInvite(token: string, password: unknown): Promise<UserRow> {
      const issues = passwordIssues(password);
      if (issues.length) throw invalid("the password is not valid", issues);
      const hash = await hashPassword(password as string);
      return db.transaction(() => {
        const invite = liveInvite(token);
        if (!invite) throw new AppError(404, "invite_invalid", "this link is invalid, used or expired: ask an admin for a new one");
        const now = clock().toISOString();
        db.update(invites)
          .set({ usedAt: now })
          .where(and(eq(invites.userId, invite.user.id), isNull(invites.usedAt)))
          .run();
        db.delete(sessions).where(eq(sessions.userId, invite.user.id)).run();
        recordAccess(db, sealer, now, `user:${invite.user.email}`, "user.password_set", `user:${invite.user.email}`);
        return db.update(users).set({ passwordHash: hash }).where(eq(users.id, invite.user.id)).returning().get();
      }, IMMEDIATE);
    },

    /** The first admin, only on a database with no users. */
    async createFirstAdmin(input: { email: unknown; name: unknown; password: unknown }): Promise<UserRow> {
      const person = newUserSchema.pick({ email: true, name: true }).safeParse({ email: input.email, name: input.name });
      const issues = [...(person.error?.issues ?? []), ...passwordIssues(input.password)];
      if (issues.length) throw invalid("the account is not valid", issues);
      const hash = await hashPassword(input.password as string);
      return db.transaction(() => {
        if (this.count() > 0) throw new AppError(409, "setup_done", "an admin exists already: sign in");
        const now = clock().toISOString();
        const row = db
          .insert(users)
          .values({ ...person.data!, role: "admin", functions: [], passwordHash: hash, createdAt: now })
          .returning()
          .get();
        recordAccess(db, sealer, now, "setup", "user.created", `user:${row.email} as admin`);
        return row;
      }, IMMEDIATE);
    },

    /**
     * The user for an email and password, or null. Unknown accounts are
     * checked against a decoy hash, so the answer takes as long either way.
     */
    async verifyLogin(email: string, password: string): Promise<UserRow | null> {
      const row = db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
      const ok = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
      return ok && row && row.passwordHash && !row.disabledAt ? row : null;
    },

    /** The language a person chose for the UI (null: their browser's); recorded in the access log like every change to a person. */
    setLocale(id: number, locale: Locale | null): void {
      db.transaction(() => {
        const row = requireUser(id);
        if ((row.locale ?? null) === locale) return;
        db.update(users).set({ locale }).where(eq(users.id, id)).run();
        recordAccess(db, sealer, clock().toISOString(), `user:${row.email}`, "user.locale", `user:${row.email} ${locale ?? "browser"}`);
      }, IMMEDIATE);
    },

    /** Disable a person: their sessions and links end in the same transaction. */
    disable(id: number, actor: Actor): void {
      assertCan(actor, { type: "users.manage" });
      db.transaction(() => {
        const row = requireUser(id);
        if (row.disabledAt) return;
        const now = clock().toISOString();
        db.update(users).set({ disabledAt: now }).where(eq(users.id, id)).run();
        db.delete(sessions).where(eq(sessions.userId, id)).run();
        db.update(invites)
          .set({ usedAt: now })
          .where(and(eq(invites.userId, id), isNull(invites.usedAt)))
          .run();
        recordAccess(db, sealer, now, actor.label, "user.disabled", `user:${row.email}`);
      }, IMMEDIATE);
      changed();
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
