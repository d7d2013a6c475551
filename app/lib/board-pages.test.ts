import { describe, expect, it } from "vitest";
import type { Status } from "../shared/kinds";
import { listPages } from "./board-pages";

const items = (spec: string) =>
  [...spec].map((c, index) => ({ id: `${c}${index}`, status: ({ r: "red", a: "amber", p: "pending", g: "green" } as const)[c as "r"] as Status }));
const ids = (pages: { id: string }[][]) => pages.map((page) => page.map((i) => i.id).join(" "));

describe("the TV list's pages", () => {
  it("keeps every blocking item on every page while they fit, and pages the green ones beside them", () => {
    expect(ids(listPages(items("rapggggg"), 5))).toEqual(["r0 a1 p2 g3 g4", "r0 a1 p2 g5 g6", "r0 a1 p2 g7"]);
  });

  it("pages through everything worst first when the blocking items fill a page", () => {
    expect(ids(listPages(items("rrraagg"), 2))).toEqual(["r0 r1", "r2 a3", "a4 g5", "g6"]);
    expect(ids(listPages(items("rrgg"), 2))).toEqual(["r0 r1", "g2 g3"]);
  });

  it("pages an all-green list (an open gate) and a list with nothing green in order", () => {
    expect(ids(listPages(items("ggggg"), 2))).toEqual(["g0 g1", "g2 g3", "g4"]);
    expect(ids(listPages(items("rap"), 5))).toEqual(["r0 a1 p2"]);
  });

  it("has one empty page for no items and at least one item a page", () => {
    expect(listPages([], 4)).toEqual([[]]);
    expect(ids(listPages(items("rg"), 0))).toEqual(["r0", "g1"]);
  });
});
