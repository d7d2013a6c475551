import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { JunitError, MAX_TEST_CASES, parseJunit, stageFor, stageKey, stageResults } from "./junit";

const SUITES = [
  "connectivity",
  "auth",
  "order-entry",
  "cancel-and-mass-cancel",
  "cancel-on-disconnect",
  "market-data",
  "rate-limits",
  "mm-protection",
  "soak",
  "quoting-obligations",
];
const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/junit/${name}`, import.meta.url), "utf8");
const resultsOf = (name: string) => stageResults(parseJunit(fixture(name)), SUITES);

describe("JUnit from real runners", () => {
  it("pytest --junitxml: one suite called pytest, stages from the classname's module; an error fails, all skipped is pending", () => {
    const { stages, counts, unmatched } = resultsOf("pytest-kestrel.xml");
    expect(stages).toEqual({ connectivity: "passed", auth: "failed", "order-entry": "failed", "market-data": "passed", soak: "pending" });
    expect(counts.auth).toEqual({ tests: 2, failures: 0, errors: 1, skipped: 0 });
    expect(counts["order-entry"]).toEqual({ tests: 2, failures: 1, errors: 0, skipped: 0 });
    expect(counts.soak).toEqual({ tests: 2, failures: 0, errors: 0, skipped: 2 });
    expect(unmatched).toEqual([{ suite: "pytest", classname: "tests.test_harness_selfcheck", tests: 1 }]);
  });

  it("Maven Surefire TEST-*.xml: a single <testsuite> named after the class, with properties and CDATA output", () => {
    const { stages, counts, unmatched } = resultsOf("TEST-com.acme.mmcert.OrderEntryTest.xml");
    expect(stages).toEqual({ "order-entry": "failed" });
    expect(counts["order-entry"]).toEqual({ tests: 4, failures: 1, errors: 0, skipped: 1 });
    expect(unmatched).toEqual([]);
  });

  it("jest-junit: a suite per describe block, named in words; a suite naming no stage is reported back", () => {
    const { stages, counts, unmatched } = resultsOf("jest-junit-northbridge.xml");
    expect(stages).toEqual({ "cancel-and-mass-cancel": "passed", "cancel-on-disconnect": "failed", "mm-protection": "passed" });
    expect(counts["mm-protection"]).toEqual({ tests: 3, failures: 0, errors: 0, skipped: 1 });
    expect(unmatched).toEqual([{ suite: "Venue clock drift", classname: "Venue clock drift stays under 50 ms against NTP", tests: 1 }]);
  });

  it("go-junit-report: a suite per package path; a panic is an error", () => {
    const { stages, counts } = resultsOf("go-junit-report-alpha.xml");
    expect(stages).toEqual({ connectivity: "passed", "market-data": "failed", "rate-limits": "passed" });
    expect(counts["market-data"]).toEqual({ tests: 2, failures: 0, errors: 1, skipped: 0 });
  });
});

describe("suites as stages", () => {
  it("nested suites: a suite named like a stage takes every case under it; a container's children are matched in turn", () => {
    const xml = `<testsuites><testsuite name="cert"><testsuite name="Soak"><testsuite name="night-1"><testcase name="a"/></testsuite><testcase name="b"><skipped/></testcase></testsuite><testsuite name="auth"><testcase name="c"/><testcase name="d"><failure message="x"/></testcase></testsuite></testsuite></testsuites>`;
    const { stages, counts, unmatched } = stageResults(parseJunit(xml), SUITES);
    expect(stages).toEqual({ auth: "failed", soak: "passed" });
    expect(counts.soak).toEqual({ tests: 2, failures: 0, errors: 0, skipped: 1 });
    expect(unmatched).toEqual([]);
  });

  it("an empty suite named like a stage is pending; an empty one naming nothing is reported back", () => {
    const { stages, unmatched } = stageResults(parseJunit(`<testsuites><testsuite name="auth" tests="0"/><testsuite name="lint"/></testsuites>`), SUITES);
    expect(stages).toEqual({ auth: "pending" });
    expect(unmatched).toEqual([{ suite: "lint", tests: 0 }]);
  });

  it("several suites of one stage add up, and one failure fails it", () => {
    const xml = `<testsuites><testsuite name="com.x.AuthTest"><testcase name="a"/></testsuite><testsuite name="com.x.auth.AuthIT"><testcase name="b"><error/></testcase></testsuite></testsuites>`;
    const { stages, counts } = stageResults(parseJunit(xml), SUITES);
    expect(stages).toEqual({ auth: "failed" });
    expect(counts.auth).toEqual({ tests: 2, failures: 0, errors: 1, skipped: 0 });
  });

  it("names compare case-insensitively with -, _ and space alike, by the last segment, without test affixes", () => {
    const stages = new Map(SUITES.map((s) => [stageKey(s), s]));
    for (const [name, stage] of [
      ["order_entry", "order-entry"],
      ["Order Entry", "order-entry"],
      ["ORDER-ENTRY", "order-entry"],
      ["OrderEntryTest", "order-entry"],
      ["com.acme.mmcert.CancelOnDisconnectIT", "cancel-on-disconnect"],
      ["MMProtectionTest", "mm-protection"],
      ["src/cert/rate-limits.test.ts", "rate-limits"],
      ["github.com/acme/cert/market_data", "market-data"],
      ["tests/test_soak.py", "soak"],
      ["TestQuotingObligations", "quoting-obligations"],
      ["harness::connectivity", "connectivity"],
    ] as const) {
      expect(stageFor(name, stages), name).toBe(stage);
    }
    expect(stageFor("authentication", stages)).toBeNull();
    expect(stageFor("com.acme.auth.HelpersTest", stages)).toBeNull();
  });
});

describe("reports that cannot be read", () => {
  const refusal = (xml: string) => {
    try {
      parseJunit(xml);
    } catch (error) {
      if (error instanceof JunitError) return error;
      throw error;
    }
    throw new Error("expected a refusal");
  };

  it("names the line and column of malformed XML", () => {
    const error = refusal(`<testsuites>\n  <testsuite name="auth">\n    <testcase name="a">\n  </testsuite>\n</testsuites>`);
    expect(error.message).toMatch(/^the XML is malformed \(line 4, column \d+\): /);
    expect(error.problems[0]!.path).toMatch(/^line 4/);
  });

  it("refuses an empty body, another root, a report with no suite and a DOCTYPE", () => {
    expect(refusal("  ").message).toMatch(/empty/);
    expect(refusal(`<?xml version="1.0"?><coverage line-rate="0.9"/>`).message).toMatch(/neither <testsuites> nor <testsuite>/);
    expect(refusal(`<testsuites name="jest tests" tests="0"></testsuites>`).message).toMatch(/no <testsuite>/);
    expect(refusal(`<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa">]><testsuite name="auth"/>`).message).toMatch(/DOCTYPE/);
    const deep = `${'<testsuite name="a">'.repeat(150)}${"</testsuite>".repeat(150)}`;
    expect(refusal(deep).message).toMatch(/^the XML cannot be read: Maximum nested tags exceeded/);
    const many = `<testsuite name="soak">${'<testcase name="t"/>'.repeat(MAX_TEST_CASES + 1)}</testsuite>`;
    expect(refusal(many).message).toBe("the report holds 20001 test cases, more than 20000: post it in parts (one per stage)");
  });
});
