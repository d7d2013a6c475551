import { describe, expect, it } from "vitest";
import { blockersByOwner, countStatuses, gateFromCounts } from "./gate";

describe("the gate", () => {
  it("is closed with no items at all", () => {
    expect(gateFromCounts(countStatuses([]))).toEqual({ open: false, blocking: 0 });
  });
  it("opens only when every item is green", () => {
    expect(gateFromCounts(countStatuses(["green", "green"]))).toEqual({ open: true, blocking: 0 });
    expect(gateFromCounts(countStatuses(["green", "amber"]))).toEqual({ open: false, blocking: 1 });
    expect(gateFromCounts(countStatuses(["green", "pending", "red"]))).toEqual({ open: false, blocking: 2 });
  });
});

describe("blockersByOwner", () => {
  it("groups what is not green by owner: the owner with the most red first, each owner's items worst first, green left out", () => {
    const items = [
      { id: "a", owner: "qa", status: "pending" },
      { id: "b", owner: "risk", status: "amber" },
      { id: "c", owner: "qa", status: "red" },
      { id: "d", owner: "risk", status: "green" },
      { id: "e", owner: "cs", status: "red" },
      { id: "f", owner: "cs", status: "red" },
      { id: "g", owner: "qa", status: "amber" },
    ];
    expect(blockersByOwner(items).map((g) => [g.owner, g.items.map((i) => i.id)])).toEqual([
      ["cs", ["e", "f"]],
      ["qa", ["c", "g", "a"]],
      ["risk", ["b"]],
    ]);
    expect(blockersByOwner(items.filter((i) => i.status === "green"))).toEqual([]);
  });
});
