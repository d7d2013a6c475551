import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { StageResult, TestCounts } from "../../app/shared/kinds";

/**
 * JUnit XML from a market maker's certification harness (SPEC 12.4, ADR 020),
 * as the common runners write it: pytest `--junitxml`, Maven Surefire
 * `TEST-*.xml`, jest-junit, go-junit-report. Pure: text in, stage results out.
 *
 * A `<testsuite>` named like a stage is that stage, with every case inside it
 * (nested suites too). A suite that names no stage is a container: its nested
 * suites are matched in turn, and its own cases by their `classname` (pytest
 * puts everything in one suite called "pytest" and names the module in the
 * classname). A stage passed when none of its cases failed or errored and at
 * least one ran; a stage whose cases were all skipped (or that has none) is
 * `pending`: nothing was certified.
 */

export interface JunitCase {
  name: string;
  classname: string;
  outcome: "passed" | "failed" | "error" | "skipped";
}

export interface JunitSuite {
  name: string;
  cases: JunitCase[];
  suites: JunitSuite[];
}

/** A report that cannot be read: what is wrong, and where when the parser knows. */
export class JunitError extends Error {
  constructor(
    message: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** Suites or classnames that name no stage of the item: reported back, never an error. */
export interface Unmatched {
  suite: string;
  classname?: string;
  tests: number;
}

export interface StageOutcome {
  stages: Record<string, StageResult>;
  counts: Record<string, TestCounts>;
  unmatched: Unmatched[];
}

type Node = Record<string, unknown>;

/** The most test cases one report may hold. */
export const MAX_TEST_CASES = 20_000;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === "testsuite" || name === "testcase" || name === "failure" || name === "error" || name === "skipped",
  // Captured output can be megabytes of anything: left unparsed.
  stopNodes: ["*.system-out", "*.system-err"],
});

/** Read a JUnit report: a `<testsuites>` root or a single `<testsuite>`. */
export function parseJunit(xml: string): JunitSuite[] {
  if (!xml.trim()) throw new JunitError("the body is empty: send the JUnit XML report", [{ path: "body", message: "empty" }]);
  // JUnit needs no document type; refusing it keeps entity tricks (billion laughs) out entirely.
  if (/<!DOCTYPE/i.test(xml))
    throw new JunitError("a DOCTYPE is not accepted in a JUnit report", [{ path: "body", message: "remove the <!DOCTYPE …> declaration" }]);
  // Parsing holds the event loop (~15 µs a case): a cap keeps the worst report to a few hundred ms (ADR 020).
  const cases = xml.split("<testcase").length - 1;
  if (cases > MAX_TEST_CASES) {
    throw new JunitError(`the report holds ${cases} test cases, more than ${MAX_TEST_CASES}: post it in parts (one per stage)`, [
      { path: "testcase", message: `at most ${MAX_TEST_CASES}` },
    ]);
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    const where = line ? `line ${line}${col ? `, column ${col}` : ""}` : "body";
    throw new JunitError(`the XML is malformed (${where}): ${msg}`, [{ path: where, message: msg }]);
  }
  let document: Node;
  try {
    document = parser.parse(xml) as Node;
  } catch (error) {
    // Well-formed but beyond the parser's limits (elements nested over 100 deep, entity expansion).
    const message = error instanceof Error ? error.message : String(error);
    throw new JunitError(`the XML cannot be read: ${message}`, [{ path: "body", message }]);
  }
  const root = document.testsuites;
  const top = root !== undefined ? suitesIn(root) : suitesIn(document);
  if (root === undefined && !top.length) {
    throw new JunitError("not a JUnit report: the root element is neither <testsuites> nor <testsuite>", [
      { path: "root", message: `found <${Object.keys(document).find((k) => k !== "?xml") ?? "nothing"}>` },
    ]);
  }
  if (!top.length) throw new JunitError("the report holds no <testsuite>", [{ path: "testsuites", message: "no <testsuite> inside" }]);
  return top.map(readSuite);
}

function suitesIn(node: unknown): Node[] {
  if (!node || typeof node !== "object") return [];
  const suites = (node as Node).testsuite;
  return Array.isArray(suites) ? suites.filter((s): s is Node => typeof s === "object" && s !== null) : [];
}

function attribute(node: Node, name: string): string {
  const value = node[`@_${name}`];
  return typeof value === "string" ? value : "";
}

function readSuite(node: Node): JunitSuite {
  const cases = Array.isArray(node.testcase) ? (node.testcase as unknown[]) : [];
  return {
    name: attribute(node, "name"),
    cases: cases.map((c) => readCase(typeof c === "object" && c !== null ? (c as Node) : {})),
    suites: suitesIn(node).map(readSuite),
  };
}

function readCase(node: Node): JunitCase {
  const has = (tag: string) => Array.isArray(node[tag]) && (node[tag] as unknown[]).length > 0;
  const outcome = has("failure") ? "failed" : has("error") ? "error" : has("skipped") ? "skipped" : "passed";
  return { name: attribute(node, "name"), classname: attribute(node, "classname"), outcome };
}

/**
 * A name as stages are compared: CamelCase split, lower case, every run of
 * anything but letters and digits one dash (`Order_Entry`, `order entry`,
 * `OrderEntry` and `order-entry` are one stage).
 */
export function stageKey(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "");
}

/** Test-framework affixes a stage's suite carries: `OrderEntryTest`, `CancelOnDisconnectIT`, `test_connectivity`, `TestSoak`. */
function withoutAffixes(key: string): string {
  const stripped = key.replace(/^tests?-/, "").replace(/-(tests?|it|spec|suite)$/, "");
  return stripped || key;
}

/** A source file's extension, as jest-junit and go-junit-report may name suites after files. */
const FILE_EXTENSION = /(?:[._](?:test|spec))?\.(?:[cm]?[jt]sx?|py|go|java|kt|rb|cs)$/i;

/**
 * The stage a suite (or a classname) names, or null: its whole name, else its
 * last segment after `/`, `\`, `::` or `.` (a package, a path, a file), each
 * also without test affixes. With `depth` 2 the segment before the last is
 * tried too (pytest's `module.Class`).
 */
export function stageFor(name: string, stages: ReadonlyMap<string, string>, depth = 1): string | null {
  const tries = [name];
  const segments = name
    .replace(FILE_EXTENSION, "")
    .split(/::|[/\\.#]/)
    .filter(Boolean);
  for (const segment of segments.slice(-depth).reverse()) tries.push(segment);
  for (const candidate of tries) {
    const key = stageKey(candidate);
    const stage = stages.get(key) ?? stages.get(withoutAffixes(key));
    if (stage) return stage;
  }
  return null;
}

const zero = (): TestCounts => ({ tests: 0, failures: 0, errors: 0, skipped: 0 });

function add(counts: TestCounts, outcome: JunitCase["outcome"]) {
  counts.tests += 1;
  if (outcome === "failed") counts.failures += 1;
  else if (outcome === "error") counts.errors += 1;
  else if (outcome === "skipped") counts.skipped += 1;
}

function everyCase(suite: JunitSuite, into: JunitCase[] = []): JunitCase[] {
  into.push(...suite.cases);
  for (const child of suite.suites) everyCase(child, into);
  return into;
}

/** The stage results a report gives an item with these stages, with the test counts behind each and what matched nothing. */
export function stageResults(suites: readonly JunitSuite[], stageNames: readonly string[]): StageOutcome {
  const byKey = new Map(stageNames.map((name) => [stageKey(name), name]));
  const counts = new Map<string, TestCounts>();
  const unmatched: Unmatched[] = [];
  const tally = (stage: string, cases: readonly JunitCase[]) => {
    const into = counts.get(stage) ?? zero();
    for (const c of cases) add(into, c.outcome);
    counts.set(stage, into);
  };

  const visit = (suite: JunitSuite) => {
    const stage = stageFor(suite.name, byKey);
    if (stage) return tally(stage, everyCase(suite));
    const byClass = new Map<string, JunitCase[]>();
    for (const c of suite.cases) {
      const group = byClass.get(c.classname);
      if (group) group.push(c);
      else byClass.set(c.classname, [c]);
    }
    for (const [classname, cases] of byClass) {
      const named = classname ? stageFor(classname, byKey, 2) : null;
      if (named) tally(named, cases);
      else unmatched.push({ suite: suite.name, ...(classname ? { classname } : {}), tests: cases.length });
    }
    suite.suites.forEach(visit);
    if (!suite.cases.length && !suite.suites.length) unmatched.push({ suite: suite.name, tests: 0 });
  };
  suites.forEach(visit);

  const stages: Record<string, StageResult> = {};
  const countsOut: Record<string, TestCounts> = {};
  // In the item's stage order, so reports and events read the same way every time.
  for (const name of stageNames) {
    const c = counts.get(name);
    if (!c) continue;
    stages[name] = c.failures + c.errors > 0 ? "failed" : c.tests - c.skipped > 0 ? "passed" : "pending";
    countsOut[name] = c;
  }
  return { stages, counts: countsOut, unmatched };
}
