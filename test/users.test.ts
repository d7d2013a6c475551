import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { recentAccess } from "../server/auth/access-log";
import { hashPassword, verifyPassword } from "../server/auth/passwords";
import { createSessions } from "../server/auth/sessions";
import { createUsers, INVITE_TTL_MS } from "../server/auth/users";
import { SYSTEM } from "../server/auth/actor";
import { createSealer } from "../server/chain";
import { testDatabase } from "./support/db";

let db: Db;
let now: Date;
const clock = () => now;
const sealer = createSealer(Buffer.alloc(32, 7));

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
    const users = createUsers(db, clock, sealer);
    const { token, user } = users.invite({ email: "Rita@Example.com", name: "Rita", role: "lead", functions: ["risk"] }, SYSTEM);
    expect(user).toMatchObject({ email: "rita@example.com", active: false });
    expect(users.inviteInfo(token)).toEqual({ email: "rita@example.com", name: "Rita" });
    await expect(users.acceptInvite(token, "short")).rejects.toThrow(/not valid/);
    await users.acceptInvite(token, "a long enough password");
    expect(users.inviteInfo(token)).toBeNull();
    await expect(users.acceptInvite(token, "another long password")).rejects.toThrow(/invalid, used or expired/);
    expect(await users.verifyLogin("RITA@example.com ", "a long enough password")).toMatchObject({ id: user.id });

    const late = users.invite({ email: "late@example.com", name: "Late", role: "viewer" }, SYSTEM);
    now = new Date(now.getTime() + INVITE_TTL_MS - 1);
    expect(users.inviteInfo(late.token)).not.toBeNull();
    now = new Date(now.getTime() + 2);
    expect(users.inviteInfo(late.token)).toBeNull();
    await expect(users.acceptInvite(late.token, "a long enough password")).rejects.toThrow(/expired/);
    const fresh = users.reinvite(late.user.id, SYSTEM);
    await users.acceptInvite(fresh.token, "a long enough password");
  });

  it("a new link cancels the old one; setting a password ends every session they had", async () => {
    const users = createUsers(db, clock, sealer);
    const sessions = createSessions(db, clock);
    const { token: first, user } = users.invite({ email: "forgetful@example.com", name: "F", role: "viewer" }, SYSTEM);
    await users.acceptInvite(first, "the first long password");
    const { secret } = sessions.start(user.id);
    const { token: older } = users.reinvite(user.id, { label: "user:pmo@example.com", can: () => true });
    const { token: newer } = users.reinvite(user.id, SYSTEM);
    expect(users.inviteInfo(older)).toBeNull();
    await expect(users.acceptInvite(older, "an attacker's long password")).rejects.toThrow(/invalid, used or expired/);
    await users.acceptInvite(newer, "the second long password");
    expect(sessions.resolve(secret)).toBeNull();
    expect(await users.verifyLogin("forgetful@example.com", "the second long password")).not.toBeNull();
    expect(recentAccess(db).map((e) => [e.actor, e.action, e.subject])).toEqual([
      ["user:forgetful@example.com", "user.password_set", "user:forgetful@example.com"],
      ["system", "user.reinvited", "user:forgetful@example.com"],
      ["user:pmo@example.com", "user.reinvited", "user:forgetful@example.com"],
      ["user:forgetful@example.com", "user.password_set", "user:forgetful@example.com"],
      ["system", "user.invited", "user:forgetful@example.com as viewer"],
    ]);
  });

  it("only someone allowed to manage users may invite", () => {
    const users = createUsers(db, clock, sealer);
    expect(() => users.invite({ email: "x@example.com", name: "X", role: "admin" }, { label: "user:lead@example.com", can: () => false })).toThrow(
      "only an admin may manage users",
    );
    expect(users.count()).toBe(0);
  });

  it("refuse a duplicate email and a bad role", () => {
    const users = createUsers(db, clock, sealer);
    users.invite({ email: "a@example.com", name: "A", role: "viewer" }, SYSTEM);
    expect(() => users.invite({ email: "A@example.com", name: "A2", role: "viewer" }, SYSTEM)).toThrow(/exists/);
    expect(() => users.invite({ email: "b@example.com", name: "B", role: "root" }, SYSTEM)).toThrow(/not valid/);
  });
});

describe("the first admin and disabled people", () => {
  it("only one first admin; a disabled person can neither sign in nor keep a session", async () => {
    const users = createUsers(db, clock, sealer);
    const sessions = createSessions(db, clock);
    const admin = await users.createFirstAdmin({ email: "pmo@example.com", name: "PMO", password: "a long enough password" });
    expect(admin.role).toBe("admin");
    await expect(users.createFirstAdmin({ email: "x@example.com", name: "X", password: "a long enough password" })).rejects.toThrow(/exists already/);
    const { secret } = sessions.start(admin.id);
    expect(sessions.resolve(secret)).toMatchObject({ kind: "user", email: "pmo@example.com", role: "admin" });
    users.disable(admin.id, SYSTEM);
    expect(sessions.resolve(secret)).toBeNull();
    expect(await users.verifyLogin("pmo@example.com", "a long enough password")).toBeNull();
  });

  it("sessions expire after 14 days", () => {
    const users = createUsers(db, clock, sealer);
    const sessions = createSessions(db, clock);
    const { user } = users.invite({ email: "v@example.com", name: "V", role: "viewer" }, SYSTEM);
    const { secret } = sessions.start(user.id);
    now = new Date(now.getTime() + 14 * 86_400_000 - 1000);
    expect(sessions.resolve(secret)).not.toBeNull();
    now = new Date(now.getTime() + 2000);
    expect(sessions.resolve(secret)).toBeNull();
  });
});

describe("whether the first admin is still to be set up", () => {
  it("counts invited people (so /setup is gone once anyone is invited), but not the demo's made-up owners", () => {
    const users = createUsers(db, clock, sealer);
    expect(users.count()).toBe(0);
    users.invite({ email: "owner@demo.example", name: "Demo Owner", role: "lead", functions: ["ops"] }, SYSTEM, { demo: true });
    expect(users.count()).toBe(0);
    users.invite({ email: "first@example.com", name: "First", role: "viewer" }, SYSTEM);
    expect(users.count()).toBe(1);
  });
});
