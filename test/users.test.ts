import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { hashPassword, verifyPassword } from "../server/auth/passwords";
import { createSessions } from "../server/auth/sessions";
import { createUsers, INVITE_TTL_MS } from "../server/auth/users";
import { testDatabase } from "./support/db";

let db: Db;
let now: Date;
const clock = () => now;

beforeEach(() => {
  ({ db } = testDatabase());
  now = new Date("2026-11-21T09:00:00Z");
});

describe("passwords", () => {
  it("are stored as scrypt with their parameters, and verify only the right password", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", stored)).toBe(false);
    expect(await hashPassword("correct horse battery staple")).not.toBe(stored);
  });
});

describe("invitations", () => {
  it("set a password once, and expire after 72 hours", async () => {
    const users = createUsers(db, clock);
    const { token, user } = users.invite({ email: "Rita@Example.com", name: "Rita", role: "lead", functions: ["risk"] });
    expect(user).toMatchObject({ email: "rita@example.com", active: false });
    expect(users.inviteInfo(token)).toEqual({ email: "rita@example.com", name: "Rita" });
    await expect(users.acceptInvite(token, "short")).rejects.toThrow(/not valid/);
    await users.acceptInvite(token, "a long enough password");
    expect(users.inviteInfo(token)).toBeNull();
    await expect(users.acceptInvite(token, "another long password")).rejects.toThrow(/invalid, used or expired/);
    expect(await users.verifyLogin("RITA@example.com ", "a long enough password")).toMatchObject({ id: user.id });

    const late = users.invite({ email: "late@example.com", name: "Late", role: "viewer" });
    now = new Date(now.getTime() + INVITE_TTL_MS - 1);
    expect(users.inviteInfo(late.token)).not.toBeNull();
    now = new Date(now.getTime() + 2);
    expect(users.inviteInfo(late.token)).toBeNull();
    await expect(users.acceptInvite(late.token, "a long enough password")).rejects.toThrow(/expired/);
    const fresh = users.reinvite(late.user.id);
    await users.acceptInvite(fresh.token, "a long enough password");
  });

  it("refuse a duplicate email and a bad role", () => {
    const users = createUsers(db, clock);
    users.invite({ email: "a@example.com", name: "A", role: "viewer" });
    expect(() => users.invite({ email: "A@example.com", name: "A2", role: "viewer" })).toThrow(/exists/);
    expect(() => users.invite({ email: "b@example.com", name: "B", role: "root" })).toThrow(/not valid/);
  });
});

describe("the first admin and disabled people", () => {
  it("only one first admin; a disabled person can neither sign in nor keep a session", async () => {
    const users = createUsers(db, clock);
    const sessions = createSessions(db, clock);
    const admin = await users.createFirstAdmin({ email: "pmo@example.com", name: "PMO", password: "a long enough password" });
    expect(admin.role).toBe("admin");
    await expect(users.createFirstAdmin({ email: "x@example.com", name: "X", password: "a long enough password" })).rejects.toThrow(/exists already/);
    const { secret } = sessions.start(admin.id);
    expect(sessions.resolve(secret)).toMatchObject({ kind: "user", email: "pmo@example.com", role: "admin" });
    users.disable(admin.id);
    expect(sessions.resolve(secret)).toBeNull();
    expect(await users.verifyLogin("pmo@example.com", "a long enough password")).toBeNull();
  });

  it("sessions expire after 14 days", () => {
    const users = createUsers(db, clock);
    const sessions = createSessions(db, clock);
    const { user } = users.invite({ email: "v@example.com", name: "V", role: "viewer" });
    const { secret } = sessions.start(user.id);
    now = new Date(now.getTime() + 14 * 86_400_000 - 1000);
    expect(sessions.resolve(secret)).not.toBeNull();
    now = new Date(now.getTime() + 2000);
    expect(sessions.resolve(secret)).toBeNull();
  });
});
