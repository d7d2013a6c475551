import { describe, expect, it } from "vitest";
import { safeRedirect } from "./account-forms";

describe("safeRedirect", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirect("/releases/perp-v2?tab=risk#x")).toBe("/releases/perp-v2?tab=risk#x");
    expect(safeRedirect("/")).toBe("/");
  });

  it.each([
    ["another site", "https://evil.example"],
    ["a protocol-relative URL", "//evil.example"],
    ["a backslash browsers read as a slash", "/\\evil.example"],
    ["a tab browsers drop", "/\t/evil.example"],
    ["a newline a header cannot carry", "/x\n/evil"],
    ["a relative path", "releases"],
    ["nothing", null],
  ])("refuses %s", (_what, to) => {
    expect(safeRedirect(to)).toBe("/");
  });
});
