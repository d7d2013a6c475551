import { describe, expect, it } from "vitest";
import { paramConfig, paramMatches, proposalProblem } from "./param";

describe("max_step", () => {
  it("is a positive number, for numeric parameters only", () => {
    expect(paramConfig.safeParse({ approved: 125, max_step: 25 }).success).toBe(true);
    expect(paramConfig.safeParse({ approved: 125, max_step: 0 }).success).toBe(false);
    expect(paramConfig.safeParse({ approved: "8h", max_step: 1 }).error?.issues[0]).toMatchObject({
      path: ["max_step"],
      message: "max_step applies only to a numeric approved value",
    });
  });

  it("refuses a step larger than max_step from the approved value, and values outside min/max; a step of exactly max_step passes", () => {
    const leverage = paramConfig.parse({ approved: 100, min: 1, max: 125, max_step: 25, unit: "x" });
    expect(proposalProblem(leverage, 75)).toBeNull();
    expect(proposalProblem(leverage, 125)).toBeNull();
    expect(proposalProblem(leverage, 74)).toEqual({ code: "step_too_large", message: "100 x → 74 x is a step of 26, more than max_step 25" });
    expect(proposalProblem(leverage, 126)).toEqual({ code: "out_of_range", message: "126 x is above max 125 x" });
    expect(proposalProblem(leverage, 0)).toEqual({ code: "out_of_range", message: "0 x is below min 1 x" });
    // 0.4 + 0.25 is 0.65000000000000002 in binary: still one step.
    expect(proposalProblem(paramConfig.parse({ approved: 0.4, max_step: 0.25 }), 0.65)).toBeNull();
    expect(proposalProblem(paramConfig.parse({ approved: "8h" }), "4h")).toBeNull();
  });
});

describe("paramMatches", () => {
  it("compares numbers within tolerance and float noise, others exactly", () => {
    expect(paramMatches(paramConfig.parse({ approved: 0.3 }), 0.1 + 0.2)).toBe(true);
    expect(paramMatches(paramConfig.parse({ approved: 0.12, tolerance: 0.001 }), 0.1205)).toBe(true);
    expect(paramMatches(paramConfig.parse({ approved: 0.12, tolerance: 0.001 }), 0.122)).toBe(false);
    expect(paramMatches(paramConfig.parse({ approved: true }), true)).toBe(true);
    expect(paramMatches(paramConfig.parse({ approved: "8h" }), "4h")).toBe(false);
  });
});
