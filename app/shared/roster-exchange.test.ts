import { describe, expect, it } from "vitest";
import {
  MAX_ROSTER,
  parseResultsCsv,
  parseRosterCsv,
  resultsBody,
  resultsCsvQuery,
  resultsFromJson,
  rosterBody,
  type ResultsCsvQuery,
} from "./roster-exchange";
import { CsvError, type CsvProblem } from "./schedule/csv";
import MOODLE from "../../test/fixtures/moodle-grades.csv?raw";
import ROSTER from "../../test/fixtures/roster.csv?raw";

const QUIZ = "Quiz: Perpetuals V2 assessment (Real)";
const NOW = new Date("2026-12-02T08:00:00Z");
const query = (q: Record<string, string>): ResultsCsvQuery => resultsCsvQuery.parse(q);

/** The problems a parse refused with (and that it refused with a CsvError, returning nothing). */
function problemsOf(parse: () => unknown): CsvProblem[] {
  let result: unknown;
  try {
    result = parse();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return (error as CsvError).problems;
  }
  throw new Error(`expected a CsvError, got ${JSON.stringify(result)}`);
}

describe("parseResultsCsv: a Moodle gradebook export", () => {
  it("reads the file as Moodle writes it: BOM, quoted headers, Chinese names, '-' skipped, grades out of max scaled to 0–100, passed at the pass mark", () => {
    expect(MOODLE.startsWith("\uFEFF")).toBe(true);
    const { attempts, skipped } = parseResultsCsv(MOODLE, query({ column: QUIZ, pass: "8", max: "10" }), NOW);
    const at = NOW.toISOString();
    expect(attempts).toEqual([
      { at: { line: 2 }, email: "wang.fang@example.com", score: 90, passed: true, attempted_at: at },
      { at: { line: 3 }, email: "chen.wei@example.com", score: 75, passed: false, attempted_at: at },
      { at: { line: 5 }, email: "li.li@example.com", score: 100, passed: true, attempted_at: at },
      { at: { line: 6 }, email: "james.obrien@example.com", score: 80, passed: true, attempted_at: at },
      { at: { line: 7 }, email: "ahmed.khan@example.com", score: 87.5, passed: true, attempted_at: at },
      { at: { line: 8 }, email: "yuki.tanaka@example.com", score: 92.5, passed: true, attempted_at: at },
      { at: { line: 9 }, email: "lan.nguyen@example.com", score: 85, passed: true, attempted_at: at },
    ]);
    expect(skipped).toEqual([{ line: 4, email: "maria.santos@example.com", reason: `no grade in ${QUIZ} ("-")` }]);
  });

  it("finds columns whatever their case and spaces, and reads Moodle's 'Last downloaded from this course' Unix time as the attempt's time", () => {
    const { attempts } = parseResultsCsv(
      MOODLE,
      query({ column: `  ${QUIZ.toUpperCase()} `, pass: "8", max: "10", email_column: "email ADDRESS", at_column: "last downloaded from this course" }),
      NOW,
    );
    expect(attempts).toHaveLength(7);
    expect(new Set(attempts.map((a) => a.attempted_at))).toEqual(new Set(["2026-12-01T09:30:00.000Z"]));
  });

  it("reads the same export without its BOM, with CRLF line ends", () => {
    const { attempts } = parseResultsCsv(MOODLE.slice(1).replaceAll("\n", "\r\n"), query({ column: QUIZ, pass: "8", max: "10" }), NOW);
    expect(attempts.map((a) => a.email)[0]).toBe("wang.fang@example.com");
    expect(attempts).toHaveLength(7);
  });

  it("names the headers it found when the grade column is not there (the BOM not among them)", () => {
    expect(problemsOf(() => parseResultsCsv(MOODLE, query({ column: "Quiz: Spot trading basics (Real)", pass: "80" }), NOW))).toEqual([
      {
        line: 1,
        message:
          'no column "Quiz: Spot trading basics (Real)" (the headers are "First name", "Last name", "ID number", "Institution", "Department", "Email address", "Quiz: Perpetuals V2 assessment (Real)", "Course total (Real)", "Last downloaded from this course")',
      },
    ]);
    const both = problemsOf(() => parseResultsCsv(MOODLE, query({ column: "Grade", pass: "1", email_column: "E-mail", at_column: "When" }), NOW));
    expect(both).toHaveLength(1);
    expect(both[0]!.message).toMatch(/^no column "E-mail"; no column "Grade"; no column "When" \(the headers are "First name", /);
  });

  it("refuses a column name two columns answer to", () => {
    const csv = "Email address,Score,score\na@example.com,1,2\n";
    expect(problemsOf(() => parseResultsCsv(csv, query({ column: "SCORE", pass: "1" }), NOW))).toEqual([
      { line: 1, message: '2 columns are called "SCORE" (the headers are "Email address", "Score", "score")' },
    ]);
  });

  it("reports every bad line of a file and returns nothing", () => {
    const csv = [
      '"Email address",Grade,When',
      "ok@example.com,90,2026-11-30T10:00:00Z",
      "not-an-email,90,2026-11-30T10:00:00Z",
      "b@example.com,ninety,2026-11-30",
      "c@example.com,101,1796117400",
      "d@example.com,-5,1796117400",
      "e@example.com,70,2026-12-24T10:00:00+08:00",
      "f@example.com,70,30/11/2026",
      "g@example.com,70,2026-11-30T10:00:00",
      "h@example.com,70",
      "i@example.com,oops,yesterday",
      "j@example.com,-,2026-11-30",
    ].join("\n");
    expect(problemsOf(() => parseResultsCsv(csv, query({ column: "grade", pass: "80", at_column: "when" }), NOW))).toEqual([
      { line: 3, message: 'Email address: "not-an-email" is not an email address' },
      { line: 4, message: 'Grade: "ninety" is not a number' },
      { line: 5, message: "Grade: 101 is outside 0 to 100" },
      { line: 6, message: "Grade: -5 is outside 0 to 100" },
      { line: 7, message: "When: 2026-12-24T02:00:00.000Z is later than now (2026-12-02T08:00:00.000Z)" },
      { line: 8, message: 'When: "30/11/2026" is not a date, an instant with its offset (2026-11-30T14:05:00Z) or a Unix time in seconds' },
      { line: 9, message: 'When: "2026-11-30T10:00:00" is not a date, an instant with its offset (2026-11-30T14:05:00Z) or a Unix time in seconds' },
      { line: 10, message: "2 cells where the header has 3" },
      { line: 11, message: 'Grade: "oops" is not a number' },
      { line: 11, message: 'When: "yesterday" is not a date, an instant with its offset (2026-11-30T14:05:00Z) or a Unix time in seconds' },
    ]);
  });

  it("takes an ISO date, an instant with its offset or Unix seconds as the attempt's time, all in UTC", () => {
    const csv = [
      "Email address,Grade,Attempted",
      "a@example.com,80,2026-11-30",
      "b@example.com,80,2026-11-30T14:05:00+08:00",
      "c@example.com,80,1796117400",
    ].join("\n");
    const { attempts } = parseResultsCsv(csv, query({ column: "Grade", pass: "80", at_column: "Attempted" }), NOW);
    expect(attempts.map((a) => a.attempted_at)).toEqual(["2026-11-30T00:00:00.000Z", "2026-11-30T06:05:00.000Z", "2026-12-01T09:30:00.000Z"]);
  });

  it("refuses an attempt after now, even by a second, and takes one at now", () => {
    const csv = (at: number) => `Email address,Grade,At\na@example.com,80,${at}\n`;
    const seconds = NOW.getTime() / 1000;
    expect(problemsOf(() => parseResultsCsv(csv(seconds + 1), query({ column: "Grade", pass: "80", at_column: "At" }), NOW))).toEqual([
      { line: 2, message: "At: 2026-12-02T08:00:01.000Z is later than now (2026-12-02T08:00:00.000Z)" },
    ]);
    expect(parseResultsCsv(csv(seconds), query({ column: "Grade", pass: "80", at_column: "At" }), NOW).attempts[0]!.attempted_at).toBe(NOW.toISOString());
  });

  it("reads percentages ('85.00 %'), a decimal comma and rounds scores to two decimals", () => {
    const csv = ['"Email address","Quiz: A (Percentage)",Raw', "a@example.com,85.00 %,2", 'b@example.com,"66,5 %",1'].join("\n");
    expect(parseResultsCsv(csv, query({ column: "Quiz: A (Percentage)", pass: "80" }), NOW).attempts.map((a) => [a.score, a.passed])).toEqual([
      [85, true],
      [66.5, false],
    ]);
    expect(parseResultsCsv(csv, query({ column: "Raw", pass: "2", max: "3" }), NOW).attempts.map((a) => [a.score, a.passed])).toEqual([
      [66.67, true],
      [33.33, false],
    ]);
  });

  it("keeps every attempt of a person who took the assessment several times", () => {
    const csv = "Email address,Grade\na@example.com,60\nA@example.com,90\n";
    expect(parseResultsCsv(csv, query({ column: "Grade", pass: "80" }), NOW).attempts.map((a) => [a.email, a.passed])).toEqual([
      ["a@example.com", false],
      ["a@example.com", true],
    ]);
  });

  it("refuses a file that is not CSV with the line where it broke", () => {
    const problems = problemsOf(() =>
      parseResultsCsv('Email address,Grade\na@example.com,80\n"b@example.com,90\n', query({ column: "Grade", pass: "80" }), NOW),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBe(3);
    expect(problems[0]!.message).toMatch(/quote/i);
  });

  it("refuses an empty file, and a header without rows", () => {
    const q = query({ column: "Grade", pass: "80" });
    expect(problemsOf(() => parseResultsCsv("", q, NOW))).toEqual([{ line: 1, message: "no grades in the file" }]);
    expect(problemsOf(() => parseResultsCsv("\uFEFFEmail address,Grade\n", q, NOW))).toEqual([{ line: 1, message: "no grades in the file" }]);
  });
});

describe("resultsCsvQuery", () => {
  it("reads the query string: numbers from text, max 100 and the email column 'Email address' by default", () => {
    expect(resultsCsvQuery.parse({ column: QUIZ, pass: "8" })).toEqual({ column: QUIZ, pass: 8, max: 100, email_column: "Email address" });
  });

  it("refuses a missing column or pass mark, a pass mark above max, a max of 0 and unknown keys", () => {
    const paths = (q: unknown) => resultsCsvQuery.safeParse(q).error?.issues.map((i) => i.path.join("."));
    expect(paths({})).toEqual(["column", "pass"]);
    expect(paths({ column: QUIZ, pass: "11", max: "10" })).toEqual(["pass"]);
    expect(paths({ column: QUIZ, pass: "0", max: "0" })).toEqual(["max"]);
    expect(paths({ column: QUIZ, pass: "abc" })).toEqual(["pass"]);
    expect(paths({ column: QUIZ, pass: " " })).toEqual(["pass"]);
    expect(resultsCsvQuery.parse({ column: QUIZ, pass: "8", max: "" }).max).toBe(100);
    expect(paths({ column: QUIZ, pass: "1", passmark: "1" })).toEqual([""]);
  });
});

describe("results as JSON", () => {
  it("become attempts named by their index, times in UTC", () => {
    const body = resultsBody.parse({
      results: [
        { email: " Wang.Fang@Example.com", score: 91.256, passed: true, at: "2026-11-30T14:05:00+08:00" },
        { email: "chen.wei@example.com", score: 0, passed: false, at: "2026-11-30T01:00:00Z" },
      ],
    });
    expect(resultsFromJson(body)).toEqual([
      { at: { index: 0 }, email: "wang.fang@example.com", score: 91.26, passed: true, attempted_at: "2026-11-30T06:05:00.000Z" },
      { at: { index: 1 }, email: "chen.wei@example.com", score: 0, passed: false, attempted_at: "2026-11-30T01:00:00.000Z" },
    ]);
  });

  it("refuses a score outside 0–100, a bad email, a time without offset, an empty list and unknown fields", () => {
    const paths = (results: unknown) => resultsBody.safeParse({ results }).error?.issues.map((i) => i.path.join("."));
    const ok = { email: "a@example.com", score: 80, passed: true, at: "2026-11-30T10:00:00Z" };
    expect(paths([ok])).toBeUndefined();
    expect(paths([])).toEqual(["results"]);
    expect(
      paths([
        { ...ok, score: 101 },
        { ...ok, email: "nope" },
        { ...ok, at: "2026-11-30" },
        { ...ok, name: "x" },
      ]),
    ).toEqual(["results.0.score", "results.1.email", "results.2.at", "results.3"]);
  });
});

describe("parseRosterCsv", () => {
  it("reads a roster with a BOM, Chinese names kept, emails lowercased, a blank language left out", () => {
    const people = parseRosterCsv(ROSTER);
    expect(people).toHaveLength(9);
    expect(people[0]).toEqual({ email: "wang.fang@example.com", name: "王芳", team: "CS Shanghai", language: "zh-CN" });
    expect(people[6]).toEqual({ email: "yuki.tanaka@example.com", name: "Yuki Tanaka", team: "CS Tokyo" });
    expect(people.map((p) => p.name)).toContain("赵敏");
  });

  it("takes the columns in any order and case, 'Email address' for email, and no language column at all", () => {
    expect(parseRosterCsv('Team,"Email address",NAME\nCS Shanghai,Li.Li@Example.com,李丽\n')).toEqual([
      { email: "li.li@example.com", name: "李丽", team: "CS Shanghai" },
    ]);
  });

  it("reports every bad line (a duplicate email, a missing team, a bad email) and returns nothing", () => {
    const csv = [
      "email,name,team,language",
      "wang.fang@example.com,王芳,CS Shanghai,zh-CN",
      "WANG.FANG@example.com,Wang Fang,CS Shanghai,en",
      "chen.wei@example.com,陈伟,,zh-CN",
      "not-an-email,Li Li,CS Shanghai,",
      "zhao.min@example.com,,,",
      "yuki.tanaka@example.com,Yuki Tanaka,CS Tokyo",
    ].join("\n");
    expect(problemsOf(() => parseRosterCsv(csv))).toEqual([
      { line: 3, message: "email wang.fang@example.com is already on line 2" },
      { line: 4, message: "team: team is required" },
      { line: 5, message: "email: enter a valid email address" },
      { line: 6, message: "name: name is required" },
      { line: 6, message: "team: team is required" },
      { line: 7, message: "3 cells where the header has 4" },
    ]);
  });

  it("names the columns it found when a required one is missing", () => {
    expect(problemsOf(() => parseRosterCsv("\uFEFFEmail address,Full name,Language\na@example.com,A,en\n"))).toEqual([
      { line: 1, message: 'the header needs email, name and team (optionally language); missing: name, team; found: "Email address", "Full name", "Language"' },
    ]);
  });

  it("refuses an empty file and a file with only its header", () => {
    expect(problemsOf(() => parseRosterCsv(""))).toEqual([{ line: 1, message: "no people in the file" }]);
    expect(problemsOf(() => parseRosterCsv("email,name,team\n"))).toEqual([{ line: 1, message: "no people in the file" }]);
  });

  it(`refuses more than ${MAX_ROSTER} people`, () => {
    const rows = Array.from({ length: MAX_ROSTER + 1 }, (_, i) => `p${i}@example.com,P ${i},CS`);
    expect(problemsOf(() => parseRosterCsv(["email,name,team", ...rows].join("\n")))).toEqual([
      { line: 1, message: `at most ${MAX_ROSTER} people in a roster (the file has ${MAX_ROSTER + 1})` },
    ]);
  });
});

describe("rosterBody", () => {
  it("takes people as JSON, trimmed and lowercased", () => {
    expect(rosterBody.parse({ people: [{ email: "Wang.Fang@example.com ", name: " 王芳 ", team: "CS Shanghai", language: "zh-CN" }] })).toEqual({
      people: [{ email: "wang.fang@example.com", name: "王芳", team: "CS Shanghai", language: "zh-CN" }],
    });
  });

  it("refuses a duplicate email at its own index, naming the earlier one", () => {
    const person = (email: string) => ({ email, name: "X", team: "CS" });
    const result = rosterBody.safeParse({ people: [person("a@example.com"), person("b@example.com"), person("A@example.com")] });
    expect(result.error?.issues.map((i) => ({ path: i.path, message: i.message }))).toEqual([
      { path: ["people", 2, "email"], message: "a@example.com is already people[0]" },
    ]);
  });

  it("refuses a missing team, an unknown field and an empty language", () => {
    const result = rosterBody.safeParse({
      people: [
        { email: "a@example.com", name: "A" },
        { email: "b@example.com", name: "B", team: "CS", role: "agent" },
        { email: "c@example.com", name: "C", team: "CS", language: " " },
      ],
    });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["people.0.team", "people.1", "people.2.language"]);
  });
});
