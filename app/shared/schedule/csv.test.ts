import { describe, expect, it } from "vitest";
import { CsvError, parsePredecessor, parseWbsCsv, wbsToCsv } from "./csv";

const HEADER = "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status";

const problemsOf = (text: string) => {
  try {
    parseWbsCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return error.problems;
    throw error;
  }
  throw new Error("expected the CSV to be refused");
};

describe("WBS CSV", () => {
  it("parses quoted names with commas, every predecessor form, and defaults", () => {
    const wbs = parseWbsCsv(
      [
        HEADER,
        'design,"Design, review and sign-off",,rd,5,,,100,done',
        "risk-slippage,Risk slippage feature,,risk,8,design,2026-11-09,40,in_progress",
        'mm-tests,"MM integration tests ""full""",,mm,6,risk-slippage:FS+2;design:SS-1,,,',
        "12,Grayscale,,ops,3,mm-tests:FF,,0,todo",
        "13,Full release,,ops,0,12FS+2d,,0,todo",
      ].join("\n"),
    );
    expect(wbs.tasks.map((t) => t.name)).toEqual([
      "Design, review and sign-off",
      "Risk slippage feature",
      'MM integration tests "full"',
      "Grayscale",
      "Full release",
    ]);
    expect(wbs.tasks[2]).toMatchObject({ id: "mm-tests", parent: null, owner: "mm", duration: 6, progress: 0, status: "todo", start_no_earlier_than: null });
    expect(wbs.tasks[1]).toMatchObject({ start_no_earlier_than: "2026-11-09", progress: 40, status: "in_progress" });
    expect(wbs.dependencies).toEqual([
      { from: "design", to: "risk-slippage", type: "FS", lag: 0 },
      { from: "risk-slippage", to: "mm-tests", type: "FS", lag: 2 },
      { from: "design", to: "mm-tests", type: "SS", lag: -1 },
      { from: "mm-tests", to: "12", type: "FF", lag: 0 },
      { from: "12", to: "13", type: "FS", lag: 2 },
    ]);
  });

  it("reads MS Project's digit form and keeps dashes inside ids", () => {
    expect(parsePredecessor("12FS+2d")).toEqual({ id: "12", type: "FS", lag: 2 });
    expect(parsePredecessor("7SS-1")).toEqual({ id: "7", type: "SS", lag: -1 });
    expect(parsePredecessor("risk-slippage")).toEqual({ id: "risk-slippage", type: "FS", lag: 0 });
    expect(parsePredecessor("qa:SS-1")).toEqual({ id: "qa", type: "SS", lag: -1 });
    expect(parsePredecessor("qa:XX")).toBeNull();
  });

  it("reports every bad row by its line, and yields nothing", () => {
    const problems = problemsOf(
      [HEADER, "a,Alpha,,rd,5,,,,", "b,,,rd,five,,2026-02-30,120,later", "a,Again,,rd,1,,,,", "c,Gamma,ghost,rd,1,a;nobody;a:ZZ+1,,,"].join("\n"),
    );
    expect(problems).toEqual([
      { line: 3, message: "name: name is required" },
      { line: 3, message: "duration: duration is a whole number of working days" },
      { line: 3, message: "start_no_earlier_than: expected a date YYYY-MM-DD" },
      { line: 3, message: "progress: Too big: expected number to be <=100" },
      { line: 3, message: "status: status is one of todo, in_progress, done, blocked" },
      { line: 4, message: 'id "a" is already used on line 2' },
      { line: 5, message: 'parent "ghost" is not a task in this file' },
      { line: 5, message: 'predecessor "nobody" is not a task in this file' },
      { line: 5, message: 'predecessor "a:ZZ+1": expected ID, ID:TYPE or ID:TYPE±LAG (TYPE is FS, SS, FF or SF)' },
    ]);
  });

  it("refuses a wrong header and a row with the wrong number of fields", () => {
    expect(problemsOf("id,name\nx,y")[0]).toMatchObject({ line: 1, message: expect.stringMatching(/^the header must be .*missing: parent/) });
    expect(problemsOf(`${HEADER}\na,Alpha,,rd,5`)[0]!.line).toBe(2);
  });

  it("exports what it imports", () => {
    const text = [
      HEADER,
      'design,"Design, review",,rd,5,,,100,done',
      "build,Build,,rd,8,design:SS+2,2026-11-09,40,in_progress",
      "ship,Ship,,ops,0,build;design:FF-1,,0,todo",
      "",
    ].join("\n");
    const wbs = parseWbsCsv(text);
    expect(parseWbsCsv(wbsToCsv(wbs))).toEqual(wbs);
    expect(wbsToCsv(wbs).split("\n")[0]).toBe(HEADER);
    // A download for Excel starts with a byte-order mark (Chinese names intact); the import takes it off again.
    const forExcel = wbsToCsv(wbs, { bom: true });
    expect(forExcel.startsWith("\uFEFF")).toBe(true);
    expect(wbsToCsv(wbs).startsWith("\uFEFF")).toBe(false);
    expect(parseWbsCsv(forExcel)).toEqual(wbs);
  });

  it("takes an optional assignee column after the SPEC's, and exports it only when someone is assigned", () => {
    const text = [`${HEADER},assignee`, "design,Design,,rd,5,,,100,done,Mei Lin", "build,Build,,rd,8,design,,0,todo,", ""].join("\n");
    const wbs = parseWbsCsv(text);
    expect(wbs.tasks.map((t) => t.assignee)).toEqual(["Mei Lin", null]);
    expect(wbsToCsv(wbs).split("\n")[0]).toBe(`${HEADER},assignee`);
    expect(parseWbsCsv(wbsToCsv(wbs))).toEqual(wbs);
    expect(parseWbsCsv(`${HEADER}\ndesign,Design,,rd,5,,,100,done`).tasks[0]!.assignee).toBeNull();
    expect(problemsOf(`${HEADER},assignee\ndesign,Design,,rd,5,,,100,done,${"x".repeat(101)}`)[0]).toMatchObject({
      line: 2,
      message: expect.stringMatching(/^assignee:/),
    });
    expect(problemsOf(`${HEADER},person\nx,y,,rd,1,,,,,z`)[0]!.message).toMatch(/unknown: person/);
  });
});

describe("WBS CSV and spreadsheets", () => {
  it("exports a name or assignee that a spreadsheet would run as a formula with a ' in front, and reads it back as written; dates out of range are refused", () => {
    const wbs = parseWbsCsv([`${HEADER},assignee`, 'a,"=HYPERLINK(""http://evil"")",,rd,1,,,0,todo,@ana', "b,-1 day buffer,,rd,1,a,,0,todo,"].join("\n"));
    const csv = wbsToCsv(wbs);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain("'@ana");
    expect(csv).toContain("'-1 day buffer");
    expect(csv).not.toMatch(/,=|,@|,-1/);
    expect(parseWbsCsv(csv)).toEqual(wbs);
    expect(problemsOf(`${HEADER}\na,A,,rd,1,,9999-12-31,0,todo`)).toEqual([
      { line: 2, message: "start_no_earlier_than: dates run from 2000-01-01 to 2200-12-31" },
    ]);
  });

  it("reports a bad row once: the rows that name it as parent or predecessor are not wrong too", () => {
    expect(
      problemsOf([HEADER, "a,A,,rd,3,,,0,todo", "b,B,,rd,abc,a,,0,todo", "c,C,,rd,2,b,,0,todo", "d,D,b,rd,2,,,0,todo", "e,E,,rd,2,zz,,0,todo"].join("\n")),
    ).toEqual([
      { line: 3, message: "duration: duration is a whole number of working days" },
      { line: 6, message: 'predecessor "zz" is not a task in this file' },
    ]);
  });
});
