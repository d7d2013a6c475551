import { describe, expect, it } from "vitest";
import { translateMessage, translator } from "./i18n";

describe("form messages in the page's language", () => {
  const zh = translator("zh-CN");
  const en = translator("en");

  it("says a catalogued message in Chinese, values kept", () => {
    expect(translateMessage("required", zh)).toBe("必填");
    expect(translateMessage("must be at least 3", zh)).toBe("不能小于 3");
    expect(translateMessage("must be at most 2026-12-01", zh)).toBe("不能大于 2026-12-01");
  });

  it("leaves English as it is, and a message not in the catalogue as written", () => {
    expect(translateMessage("must be at least 3", en)).toBe("must be at least 3");
    expect(translateMessage("a user with email x@example.com exists", zh)).toBe("a user with email x@example.com exists");
    // Whole messages only: a catalogued message inside a longer one is not half translated.
    expect(translateMessage("required by the template", zh)).toBe("required by the template");
  });
});
