import { describe, expect, it } from "vitest";
import { can } from "./permissions";
import type { Principal } from "./principal";

/** SPEC 11's closing rules for P0/P1 actions, for people and API tokens. */
const user = (email: string, role: "admin" | "lead" | "member", functions: string[] = []): Principal => ({
  kind: "user",
  id: 1,
  name: email,
  email,
  role,
  functions,
  sessionHash: "h",
  locale: null,
});
const token = (role: "admin" | "lead", functions: string[] = []): Principal => ({ kind: "token", id: 1, name: "ci", role, functions });
const tokenBy = (createdBy: string, role: "admin" | "lead" = "admin"): Principal => ({
  kind: "token",
  id: 2,
  name: "mine",
  role,
  functions: ["ops"],
  createdBy,
});
const closeDone = (owner: string | null) => ({ type: "action.close" as const, owner, function: "ops", priority: "P1" as const, status: "done" as const });

describe("closing a P1 as done", () => {
  it("is for someone other than its owner: an admin or a lead of its function", () => {
    expect(can(user("ana@example.com", "lead", ["ops"]), closeDone("ana@example.com"))).toBe(false);
    expect(can(user("ana@example.com", "admin"), closeDone("ana@example.com"))).toBe(false);
    expect(can(user("lee@example.com", "lead", ["ops"]), closeDone("ana@example.com"))).toBe(true);
    expect(can(user("cody@example.com", "lead", ["cs"]), closeDone("ana@example.com"))).toBe(false);
    expect(can(user("mo@example.com", "member", ["ops"]), closeDone("ana@example.com"))).toBe(false);
  });

  it("of a follow-up with no owner yet, is open to an admin token and a lead's token as to people", () => {
    expect(can(token("admin"), closeDone(null))).toBe(true);
    expect(can(token("lead", ["ops"]), closeDone(null))).toBe(true);
    expect(can(token("lead", ["cs"]), closeDone(null))).toBe(false);
    expect(can(user("lee@example.com", "lead", ["ops"]), closeDone(null))).toBe(true);
  });

  it("is not for the owner's own token either: a token answers as the person who made it", () => {
    expect(can(tokenBy("user:ana@example.com"), closeDone("ana@example.com"))).toBe(false);
    expect(can(tokenBy("user:lee@example.com"), closeDone("ana@example.com"))).toBe(true);
    // Made by the environment or another token: nobody's person, so an admin token as before.
    expect(can(tokenBy("token:bootstrap"), closeDone("ana@example.com"))).toBe(true);
    expect(can({ kind: "token", id: 3, name: "bootstrap", role: "admin", functions: [], createdBy: null }, closeDone("ana@example.com"))).toBe(true);
  });
});

describe("a second pair of eyes", () => {
  it("is another person: an SOP revision's author and a proposal's proposer are refused through their own token too", () => {
    const sop = (author: string) => ({ type: "sop.approve" as const, owner: "ops", author });
    expect(can(tokenBy("user:ana@example.com"), sop("user:ana@example.com"))).toBe(false);
    expect(can(tokenBy("user:lee@example.com"), sop("user:ana@example.com"))).toBe(true);
    expect(can(tokenBy("user:ana@example.com"), { type: "params.approve", proposer: "user:ana@example.com" })).toBe(false);
    expect(can(tokenBy("user:ana@example.com"), { type: "params.withdraw", proposer: "user:ana@example.com" })).toBe(true);
    expect(can(tokenBy("user:lee@example.com"), { type: "params.withdraw", proposer: "user:ana@example.com" })).toBe(false);
  });
});
