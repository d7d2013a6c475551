import { describe, expect, it } from "vitest";
import { findLoneSurrogate, hasLoneSurrogate, replaceLoneSurrogates } from "./unicode";

describe("lone surrogates", () => {
  it("finds half a pair anywhere in a string, never a whole pair", () => {
    for (const bad of ["\ud800", "a\udbffb", "\udc00", "rocket \ud83d", "\ude80 rocket", "\ude80\ud83d"])
      expect(hasLoneSurrogate(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ["", "plain", "🚀 launch", "\ud83d\ude80", "中文", "\uffff"]) expect(hasLoneSurrogate(good), good).toBe(false);
  });

  it("replaces each lone half, and only those, for showing", () => {
    expect(replaceLoneSurrogates("a\ud800b\udc00 \ud83d\ude80")).toBe("a\ufffdb\ufffd 🚀");
  });

  it("names the path of the first bad key or string in a parsed value", () => {
    expect(findLoneSurrogate({ a: [1, "ok", { note: "x\ud800" }] })).toEqual(["a", 2, "note"]);
    expect(findLoneSurrogate({ ok: { "\udc00": 1 } })).toEqual(["ok", "\udc00"]);
    expect(findLoneSurrogate("\ud800")).toEqual([]);
    expect(findLoneSurrogate({ a: ["🚀", null, 3, true], b: { c: "d" } })).toBeNull();
  });
});
