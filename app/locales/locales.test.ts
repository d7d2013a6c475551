import { describe, expect, it } from "vitest";
import { en } from "./en";
import { zhCN } from "./zh-CN";
import { leaves } from "../lib/i18n";

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe("the two languages", () => {
  const english = new Map(leaves(en));
  const chinese = new Map(leaves(zhCN));

  it("have the same keys (the typecheck says so too; this names the key)", () => {
    expect([...chinese.keys()].filter((k) => !english.has(k))).toEqual([]);
    expect([...english.keys()].filter((k) => !chinese.has(k))).toEqual([]);
  });

  it("have no empty message", () => {
    expect([...english, ...chinese].filter(([, text]) => !text.trim()).map(([key]) => key)).toEqual([]);
  });

  it("fill in the same values", () => {
    const differ = [...english].filter(([key, text]) => placeholders(text).join() !== placeholders(chinese.get(key) ?? "").join()).map(([key]) => key);
    expect(differ).toEqual([]);
  });

  it("are translated: Chinese text is not English left in place", () => {
    // A sentence of Latin letters in the Chinese tree is almost surely untranslated; names and units are allowed.
    const untranslated = [...chinese].filter(
      ([key, text]) => /[A-Za-z]{4,}\s+[A-Za-z]{3,}/.test(text.replace(/\{\{[^}]*\}\}/g, "")) && english.get(key) === text,
    );
    expect(untranslated.map(([key]) => key)).toEqual([]);
  });
});
