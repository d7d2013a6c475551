import { describe, expect, it } from "vitest";
import { countStatuses, gateFromCounts } from "./gate";

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
