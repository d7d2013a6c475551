import { describe, expect, it } from "vitest";
import { CycleError, PlanError, schedule, type DependencyInput, type TaskInput } from "../shared/schedule/cpm";
import { CsvError, parseWbsCsv } from "../shared/schedule/csv";
import { translateMessage, translator } from "./i18n";

/**
 * The import page lists what the CSV parser and the scheduler say, in the
 * page's language (plan.formErrors): every message they write today is in
 * the catalogue, so a reworded message shows up here, not as English on a
 * Chinese page.
 */
const zh = translator("zh-CN");
const en = translator("en");
const HEADER = "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status";

function csvProblems(text: string): string[] {
  try {
    parseWbsCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return error.problems.map((p) => p.message);
    throw error;
  }
  throw new Error("the file was accepted");
}

function planProblems(tasks: Partial<TaskInput>[], dependencies: Partial<DependencyInput>[]): string[] {
  const full = tasks.map((t) => ({ parent: null, duration: 1, startNoEarlierThan: null, progress: 0, status: "todo" as const, id: "", ...t }));
  const links = dependencies.map((d) => ({ from: "", to: "", type: "FS" as const, lag: 0, ...d }));
  try {
    schedule({ start: "2026-11-02", launch: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] }, tasks: full, dependencies: links });
  } catch (error) {
    if (error instanceof PlanError) return error.problems;
    if (error instanceof CycleError) return [error.message];
    throw error;
  }
  throw new Error("the plan was scheduled");
}

const messages = [
  ...csvProblems(
    [
      HEADER,
      "a,,,rd,1,,,,",
      "b,Beta,,RD,five,,,,",
      "c,Gamma,,rd,1,,,150%,",
      "d,Delta,,rd,1,,,,sideways",
      "e,Epsilon,ghost,rd,1,x:QQ,,,",
      "f f,Phi,,rd,1,,,,",
      "g,Gee,,rd,1,,2026-13-45,,",
      "h,Eta,,rd,1,nobody,,,",
      "h,Eta again,,rd,1,,,,",
      "i,Iota,,rd,1,,,-5,",
      `j,${"J".repeat(201)},,rd,1,,,,`,
      "k,Kappa,,rd,20000,,,,",
    ].join("\n"),
  ),
  ...csvProblems("id,name,owner,colour\na,A,rd,red"),
  ...csvProblems("id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress\na,A,,rd,1,,,"),
  ...csvProblems(`${HEADER},colour\na,A,,rd,1,,,,,red`),
  ...planProblems(
    [{ id: "a" }, { id: "a" }, { id: "s" }, { id: "b", parent: "s" }, { id: "c", parent: "ghost" }, { id: "d", parent: "d" }],
    [
      { from: "b", to: "b" },
      { from: "s", to: "b" },
      { from: "b", to: "nowhere" },
    ],
  ),
  ...planProblems(
    [{ id: "a" }, { id: "b" }],
    [
      { from: "a", to: "b" },
      { from: "b", to: "a" },
    ],
  ),
];

describe("the plan import's messages", () => {
  it("are all in the catalogue: none left in English on a Chinese page", () => {
    expect(messages.length).toBeGreaterThan(15);
    const untranslated = messages.filter(
      (m) => translateMessage(m, zh) === m || /[A-Za-z]{4,} [A-Za-z]{3,}/.test(translateMessage(m, zh).replace(/^\w+ 列/, "")),
    );
    expect(untranslated).toEqual([]);
  });

  it("stay exactly as written in English, values kept", () => {
    expect(messages.map((m) => translateMessage(m, en))).toEqual(messages);
    expect(translateMessage('predecessor "ghost" is not a task in this file', zh)).toBe("前置任务 “ghost” 不在此文件中");
    expect(translateMessage("the dependencies form a cycle: a → b → a", zh)).toBe("依赖关系形成循环：a → b → a");
    expect(translateMessage("The file is larger than 5 MB.", zh)).toBe("文件超过 5 MB。");
    expect(translateMessage("the plan cannot be scheduled", zh)).toBe("无法为此计划排期");
    expect(translateMessage('No task "ghost" in this plan: reload the page.', zh)).toBe("此计划中没有任务“ghost”：请刷新页面。");
  });
});
