import { describe, expect, it } from "vitest";
import type { BoardDelta } from "../readiness/board";
import { goRefusals, staleVotes, type CastVote } from "./rules";

const vote = (id: number, seq: number, statuses: Record<string, string>, fn = `f${id}`): CastVote => ({ id, function: fn, vote: "go", seq, statuses });
const event = (seq: number, items: [string, string][]) => ({ seq, board: { items: items.map(([id, status]) => ({ id, status })) } as unknown as BoardDelta });

describe("stale votes", () => {
  it("go stale when an item's status changes after them, even if it changes back; not for earlier or unchanged events", () => {
    const seen = { a: "green", b: "green" };
    const votes = [vote(1, 10, seen), vote(2, 13, seen)];
    const later = [event(11, [["a", "red"]]), event(12, [["a", "green"]]), event(14, [["b", "green"]])];
    expect([...staleVotes(votes, later)]).toEqual([1]);
    expect([...staleVotes(votes, [event(14, [["b", "amber"]])])].sort()).toEqual([1, 2]);
    expect([...staleVotes(votes, [event(5, [["a", "red"]])])]).toEqual([]);
  });
});

describe("what stands between the release and GO", () => {
  const latest = new Map([
    ["rd", { vote: "go" as const, fresh: true, cast_at: "t1" }],
    ["qa", { vote: "go" as const, fresh: false, cast_at: "t2" }],
    ["cs", { vote: "no_go" as const, fresh: true, cast_at: "t3" }],
  ]);
  it("lists the closed gate, then missing or No-Go votes, then stale ones", () => {
    const refusals = goRefusals({ gate: { open: false, blocking: 1 }, blocking: [{ id: "x", title: "X", owner: "rd", status: "red", reason: "r" }], required: ["rd", "qa", "cs", "ops"], latest });
    expect(refusals.map((r) => r.code)).toEqual(["gate_closed", "votes_missing", "votes_stale"]);
    expect(refusals[1]).toMatchObject({ functions: [{ function: "cs", reason: "voted no-go" }, { function: "ops", reason: "no vote" }] });
    expect(refusals[2]).toMatchObject({ functions: [{ function: "qa", cast_at: "t2" }] });
  });
  it("has nothing to say when the gate is open and every required vote is a fresh Go", () => {
    expect(goRefusals({ gate: { open: true, blocking: 0 }, blocking: [], required: ["rd"], latest })).toEqual([]);
  });
});
