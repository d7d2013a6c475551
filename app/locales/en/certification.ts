/** Market-maker certification: the matrix page and the board's tile (SPEC 12.4). */
const certification = {
  link: "Certification",
  meta: "Market-maker certification · {{release}}",
  crumb: "Certification",
  title: "Market-maker certification",
  intro:
    "Each market maker against every certification suite: the latest result for the partner's current software version, when it was reported and its evidence. A new version starts the partner's row afresh.",
  summary_one: "{{certified}} of {{count}} market maker certified",
  summary_other: "{{certified}} of {{count}} market makers certified",
  none: "This release has no market-maker certification items (stages items owned by mm).",
  partner: "Market maker",
  version: "Version",
  noVersion: "no version reported",
  passedOf: "{{passed}}/{{total}} passed",
  notRequired: "not required",
  evidence: "evidence",
  notReported: "not reported",
  tests_one: "{{count}} test",
  tests_other: "{{count}} tests",
  testsFailed_one: "{{count}} test, {{failed}} failed",
  testsFailed_other: "{{count}} tests, {{failed}} failed",
  testsSkipped_one: "{{count}} test, {{skipped}} skipped",
  testsSkipped_other: "{{count}} tests, {{skipped}} skipped",
  howTo: "Test harnesses post JUnit XML to {{path}}; see the README, “Market-maker certification”.",
  /** The board's tile. */
  tile: {
    title: "MM certification",
    certified: "{{certified}}/{{count}} certified",
    passed: "{{passed}}/{{total}}",
    version: "v{{version}}",
  },
};

export default certification;
