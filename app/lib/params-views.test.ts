import { describe, expect, it } from "vitest";
import { translator } from "./i18n";
import { lasted, shown } from "./params-views";

describe("lasted", () => {
  const en = translator("en");
  it("says how long a drift has lasted, to the minute, in the largest two units", () => {
    expect(lasted(45, en)).toBe("45 s");
    expect(lasted(12 * 60 + 59, en)).toBe("12 min");
    expect(lasted(3 * 3600 + 12 * 60 + 7, en)).toBe("3 h 12 min");
    expect(lasted(3 * 3600, en)).toBe("3 h");
    expect(lasted(2 * 86_400 + 4 * 3600 + 59 * 60, en)).toBe("2 d 4 h");
  });
  it("in Chinese", () => {
    expect(lasted(3 * 3600 + 12 * 60, translator("zh-CN"))).toBe("3 小时 12 分钟");
  });
});

describe("shown", () => {
  it("writes values with their unit", () => {
    expect(shown(80, "x")).toBe("80 x");
    expect(shown(0.5, "%")).toBe("0.5%");
    expect(shown("8h", null)).toBe("8h");
    expect(shown(false, null)).toBe("false");
  });
});
