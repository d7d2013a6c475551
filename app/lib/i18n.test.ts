import { describe, expect, it } from "vitest";
import { formatFor } from "./format";
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
    expect(translateMessage("a widget named x exists", zh)).toBe("a widget named x exists");
    // Whole messages only: a catalogued message inside a longer one is not half translated.
    expect(translateMessage("required by the template", zh)).toBe("required by the template");
  });

  it("says the sign-in and admin pages' messages, and their services' refusals, in Chinese", () => {
    expect(translateMessage("a user with email x@example.com exists", zh)).toBe("邮箱为 x@example.com 的用户已存在");
    expect(translateMessage("Too many failed sign-ins. Try again in 15 minutes.", zh)).toBe("登录失败次数过多。请 15 分钟后再试。");
    expect(translateMessage("the passwords do not match", zh)).toBe("两次输入的密码不一致");
    expect(translateMessage("at most 3650 days (ten years)", zh)).toBe("最多 3650 天（十年）");
    expect(translateMessage("Email or password is wrong.", en)).toBe("Email or password is wrong.");
  });
});

describe("numbers in the page's language", () => {
  it("keeps every digit of a count and groups thousands", () => {
    expect(formatFor("en", translator("en")).number(1_234_567)).toBe("1,234,567");
    expect(formatFor("zh-CN", translator("zh-CN")).number(1_234_567)).toBe("1,234,567");
    expect(formatFor("en", translator("en")).number(0.0012345)).toBe("0.001235");
  });
});
