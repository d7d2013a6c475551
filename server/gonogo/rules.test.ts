import { describe, expect, it } from "vitest";
import { goRefusals } from "./rules";

describe("what stands between the release and GO", () => {
  const latest = new Map([
    ["rd", { vote: "go" as const, fresh: true, cast_at: "t1" }],
    ["qa", { vote: "go" as const, fresh: false, cast_at: "t2" }],
    ["cs", { vote: "no_go" as const, fresh: true, cast_at: "t3" }],
  ]);
  it("lists the closed gate, then missing or No-Go votes, then stale ones", () => {
    const refusals = goRefusals({
      gate: { open: false, blocking: 1 },
      blocking: [{ id: "x", title: "X", owner: "rd", status: "red", reason: "r" }],
      required: ["rd", "qa", "cs", "ops"],
      latest,
    });
    expect(refusals.map((r) => r.code)).toEqual(["gate_closed", "votes_missing", "votes_stale"]);
    expect(refusals[1]).toMatchObject({
      functions: [
        { function: "cs", reason: "voted no-go" },
        { function: "ops", reason: "no vote" },
      ],
    });
    expect(refusals[2]).toMatchObject({ functions: [{ function: "qa", cast_at: "t2" }] });
  });
  it("names who answers for each group of blockers: the function and its leads, or the function alone", () => {
    const [closed] = goRefusals({
      gate: { open: false, blocking: 2 },
      blocking: [
        { id: "x", title: "Max leverage", owner: "risk", status: "red", reason: "r" },
        { id: "y", title: "Soak", owner: "rd", status: "amber", reason: "r" },
      ],
      required: [],
      latest,
      owners: { risk: ["Li Lei", "Wang Fang"], rd: [] },
    });
    expect(closed!.message).toBe("the gate is closed: 2 items are not green — risk · Li Lei, Wang Fang: Max leverage (red); rd: Soak (amber)");
  });
  it("has nothing to say when the gate is open and every required vote is a fresh Go", () => {
    expect(goRefusals({ gate: { open: true, blocking: 0 }, blocking: [], required: ["rd"], latest })).toEqual([]);
  });
});
