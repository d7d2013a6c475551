import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { invites, users } from "../../db/schema";
import { AppError, invalid, notFound } from "../errors";
import { slug } from "../readiness/kinds";
import type { Clock } from "../time";
import { decoyHash, hashPassword, passwordSchema, verifyPassword } from "./passwords";
import { hashSecret, newSecret } from "./secrets";
import { emailSchema, ROLES, type Role } from "./roles";

/** People, their invitations (one-time set-password links) and password checks. */
export const INVITE_TTL_MS = 72 * 3_600_000;

export const newUserSchema = z
  .object({
    email: emailSchema,
    name: z.string({ error: "enter a name" }).trim().min(1, "enter a name").max(120),
    role: z.enum(ROLES, { error: "choose a role" }),
    functions: z.array(slug).default([]),
  })
  .strict();

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

export function createUsers(db: Db, clock: Clock) {
  function issueInvite(userId: number): { token: string; expiresAt: string } {
    const token = newSecret("gli");
    const now = clock();
    const expiresAt = new Date(now.getTime() + INVITE_TTL_MS).toISOString();
    db.insert(invites).values({ tokenHash: hashSecret(token), userId, createdAt: now.toISOString(), expiresAt }).run();
    return { token, expiresAt };
  }

  function liveInvite(token: string) {
    return db
      .select({ tokenHash: invites.tokenHash, user: users })
      .from(invites)
      .innerJoin(users, eq(invites.userId, users.id))
      .where(
        and(
          eq(invites.tokenHash, hashSecret(token)),
          isNull(invites.usedAt),
          gt(invites.expiresAt, clock().toISOString()),
          isNull(users.disabledAt),
        ),
      )
      .get();
  }

  return {
    count(): number {
      return db.get<{ n: number }>(sql`select count(*) as n from ${users}`).n;
    },

    list(): UserView[] {
      return db.select().from(users).orderBy(asc(users.name)).all().map(userView);
    },

    byId(id: number): UserRow | undefined {
      return db.select().from(users).where(eq(users.id, id)).get();
    },

    /** Create a person and their one-time set-password link. */
    invite(input: unknown): { user: UserView; token: string; expiresAt: string } {
      const parsed = newUserSchema.safeParse(input);
      if (!parsed.success) throw invalid("the user is not valid", parsed.error.issues);
      return db.transaction(() => {
        if (db.select({ id: users.id }).from(users).where(eq(users.email, parsed.data.email)).get()) {
          throw new AppError(409, "user_exists", `a user with email ${parsed.data.email} exists`);
        }
        const row = db
          .insert(users)
          .values({ ...parsed.data, createdAt: clock().toISOString() })
          .returning()
          .get();
        return { user: userView(row), ...issueInvite(row.id) };
      });
    },

    /** A fresh link for someone whose invitation expired or who forgot their password. */
    reinvite(id: number): { token: string; expiresAt: string } {
      if (!this.byId(id)) throw notFound(`user ${id}`);
      return issueInvite(id);
    },

    inviteInfo(token: string): { email: string; name: string } | null {
      const invite = liveInvite(token);
      return invite ? { email: invite.user.email, name: invite.user.name } : null;
    },

    /** Set the password through an invitation; the link then stops working. */
    async acceptInvite(token: string, password: unknown): Promise<UserRow> {
      const parsed = passwordSchema.safeParse(password);
      if (!parsed.success) throw invalid("the password is not valid", parsed.error.issues.map((i) => ({ ...i, path: ["password"] })));
      const hash = await hashPassword(parsed.data);
      return db.transaction(() => {
        const invite = liveInvite(token);
        if (!invite) throw new AppError(404, "invite_invalid", "this link is invalid, used or expired: ask an admin for a new one");
        db.update(invites).set({ usedAt: clock().toISOString() }).where(eq(invites.tokenHash, invite.tokenHash)).run();
        return db.update(users).set({ passwordHash: hash }).where(eq(users.id, invite.user.id)).returning().get();
      });
    },

    /** The first admin, only on a database with no users. */
    async createFirstAdmin(input: { email: unknown; name: unknown; password: unknown }): Promise<UserRow> {
      const person = newUserSchema.pick({ email: true, name: true }).safeParse({ email: input.email, name: input.name });
      const password = passwordSchema.safeParse(input.password);
      const issues = [...(person.error?.issues ?? []), ...(password.error?.issues.map((i) => ({ ...i, path: ["password"] })) ?? [])];
      if (issues.length) throw invalid("the account is not valid", issues);
      const hash = await hashPassword(password.data!);
      return db.transaction(() => {
        if (this.count() > 0) throw new AppError(409, "setup_done", "an admin exists already: sign in");
        return db
          .insert(users)
          .values({ ...person.data!, role: "admin", functions: [], passwordHash: hash, createdAt: clock().toISOString() })
          .returning()
          .get();
      });
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

    disable(id: number): void {
      if (!this.byId(id)) throw notFound(`user ${id}`);
      db.update(users).set({ disabledAt: clock().toISOString() }).where(and(eq(users.id, id), isNull(users.disabledAt))).run();
    },
  };
}

export type Users = ReturnType<typeof createUsers>;
