import { describe, expect, it } from "vitest";
import { itemViewsOf, showInViews, toggleView } from "./item-views";

const items = [
  { id: "a", owner: "risk", assignee: null, status: "red" },
  { id: "b", owner: "risk", assignee: null, status: "green" },
  { id: "c", owner: "qa", assignee: "rita@example.com", status: "amber" },
  { id: "d", owner: "qa", assignee: null, status: "red" },
  { id: "e", owner: "ops", assignee: "omar@example.com", status: "red" },
];
const rita = { email: "rita@example.com", functions: ["risk"] };
const shown = (search: string, me: typeof rita | null = rita) => items.filter(showInViews(itemViewsOf(new URLSearchParams(search)), me)).map((i) => i.id);

describe("the readiness page's views", () => {
  it("shows everything without a view", () => {
    expect(shown("")).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("'My items': the functions' items and those assigned to the person", () => {
    expect(shown("mine=1")).toEqual(["a", "b", "c"]);
    expect(shown("mine=1", { email: "omar@example.com", functions: [] })).toEqual(["e"]);
    expect(shown("mine=1", null)).toEqual([]);
  });

  it("'Red only', and both at once", () => {
    expect(shown("red=1")).toEqual(["a", "d", "e"]);
    expect(shown("mine=1&red=1")).toEqual(["a"]);
  });

  it("toggles one view and keeps the other", () => {
    expect(toggleView({ mine: false, red: false }, "mine")).toBe("?mine=1");
    expect(toggleView({ mine: true, red: false }, "red")).toBe("?mine=1&red=1");
    expect(toggleView({ mine: true, red: true }, "mine")).toBe("?red=1");
    expect(toggleView({ mine: true, red: false }, "mine")).toBe("");
  });
});
