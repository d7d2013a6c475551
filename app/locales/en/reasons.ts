/**
 * The status reasons the kinds write (app/shared/kinds), as patterns: the API
 * keeps each reason one English string (SPEC 7); a page shows it in its own
 * language through `translateMessage`. The most specific pattern comes first
 * (the first that matches the whole reason wins). A reason not listed is
 * shown as written; app/locales/reasons.test.ts fails when a kind writes one
 * that is not.
 */
const reasons = {
  /** Status reasons. */
  status: {
    noEvidence: "no evidence reported yet",
    stale: "stale: last evidence {{at}}, max age {{age}}",
    // Drill reasons come before `metric`'s, whose "{{value}} target {{target}}" would take them.
    drillSlowBoth:
      "drill on {{date}} counts as failed: detected in {{detect}} s > target {{detectTarget}} s (+{{detectOver}} s); mitigated in {{mitigate}} s > target {{mitigateTarget}} s (+{{mitigateOver}} s)",
    drillSlowDetect: "drill on {{date}} counts as failed: detected in {{took}} s > target {{target}} s (+{{over}} s)",
    drillSlowMitigate: "drill on {{date}} counts as failed: mitigated in {{took}} s > target {{target}} s (+{{over}} s)",
    drillUntimedBoth: "passed on {{date}}, times to detect and mitigate not recorded (targets {{detect}} s, {{mitigate}} s)",
    drillUntimedDetect: "passed on {{date}}, time to detect not recorded (target {{target}} s)",
    drillUntimedMitigate: "passed on {{date}}, time to mitigate not recorded (target {{target}} s)",
    drillBeforeLaunch: "passed on {{date}}, valid until {{until}}: expires before launch {{launch}}",
    done: "done",
    notDone: "not done",
    rosterPending: "no roster yet: add the people who must pass",
    rosterRedExpiring:
      "{{passed}}/{{total}} passed, valid on launch {{launch}} ({{share}}) < target {{target}}; not passed: {{who}}; {{expiring}} of them hold a pass that expires before launch",
    rosterRed: "{{passed}}/{{total}} passed, valid on launch {{launch}} ({{share}}) < target {{target}}; not passed: {{who}}",
    rosterGreen: "{{passed}}/{{total}} passed, valid on launch {{launch}} ({{share}}) ≥ target {{target}}",
    sopMissing: 'SOP "{{sop}}" is not in the registry yet',
    sopUnapproved: 'SOP "{{sop}}" has no approved revision yet',
    sopNoRoster: "no roster yet: nobody to acknowledge {{version}}",
    sopRedOverdue: "{{version}} acknowledged by {{acked}}/{{total}} ({{share}}) < target {{target}}; not acknowledged: {{who}}; review overdue since {{due}}",
    sopRed: "{{version}} acknowledged by {{acked}}/{{total}} ({{share}}) < target {{target}}; not acknowledged: {{who}}",
    sopOverdue: "review overdue since {{due}}; {{version}} acknowledged by {{acked}}/{{total}} ({{share}})",
    sopGreen: "{{version}} acknowledged by {{acked}}/{{total}} ({{share}}); next review due {{due}}",
    ratioWarn: "{{passed}}/{{total}} passed ({{share}}) {{op}} target {{target}}, within warn {{warn}}",
    ratio: "{{passed}}/{{total}} passed ({{share}}) {{op}} target {{target}}",
    metricWarn: "{{value}} target {{target}}, within warn {{warn}}",
    metricOverWarn: "{{value}} warn {{warn}}",
    metric: "{{value}} target {{target}}",
    paramEqualTolerance: "deployed {{deployed}} = approved {{approved}} (±{{tolerance}})",
    paramEqual: "deployed {{deployed}} = approved {{approved}}",
    paramSame: "deployed {{deployed}} = approved",
    paramBeyond: "deployed {{deployed}} ≠ approved {{approved}} beyond ±{{tolerance}}",
    paramDiffers: "deployed {{deployed}} ≠ approved {{approved}}",
    paramBelow: "deployed {{deployed}} below min {{min}}",
    paramAbove: "deployed {{deployed}} above max {{max}}",
    stagesVersionFailed: "version {{version}}: failed: {{stages}}",
    stagesVersionAll: "version {{version}}: all {{count}} stages passed",
    stagesVersionWaiting: "version {{version}}: {{passed}}/{{count}} stages passed; waiting: {{stages}}",
    stagesFailed: "failed: {{stages}}",
    stagesAll: "all {{count}} stages passed",
    stagesWaiting: "{{passed}}/{{count}} stages passed; waiting: {{stages}}",
    drillFailed: "drill failed on {{date}}",
    drillValid: "passed on {{date}}, valid until {{until}}",
    drillExpired: "passed on {{date}}, expired after {{until}}",
    tasksWaitLinked: "waits for WBS scheduling (linked tasks: {{tasks}})",
    tasksWait: "waits for WBS scheduling",
    tasksNone: "no WBS tasks linked",
    tasksMissing: "linked tasks not in the WBS: {{tasks}}",
    tasksAllDone: "all {{count}} linked tasks done",
    tasksSomeDone: "{{done}} of {{count}} linked tasks done; projected finish {{finish}}, before launch",
    taskLateMore: "{{task}} projected to finish {{finish}}, after launch {{launch}} (and {{more}} more)",
    taskLate: "{{task}} projected to finish {{finish}}, after launch {{launch}}",
    taskDone: "{{task}} done",
    actionsWait: "waits for the release's action items ({{which}})",
    actionsNone: "no open {{which}} actions",
    actionsOpenOne: "1 open {{which}} action, {{overdue}} overdue, earliest due {{due}}",
    actionsOpen: "{{count}} open {{which}} actions, {{overdue}} overdue, earliest due {{due}}",
  },
  /** What an item's standard says (the item page), most specific first. */
  standard: {
    drillBoth:
      "Green when the latest drill passed within {{days}} days, detected within {{detect}} s and mitigated within {{mitigate}} s, and is still valid on the launch date.",
    drillDetect: "Green when the latest drill passed within {{days}} days, detected within {{detect}} s, and is still valid on the launch date.",
    drillMitigate: "Green when the latest drill passed within {{days}} days, mitigated within {{mitigate}} s, and is still valid on the launch date.",
    drill: "Green when the latest drill passed within {{days}} days and is still valid on the launch date.",
    rosterValid:
      'Computed from the roster and "{{assessment}}" results: green when {{target}} of the roster hold a pass valid on the launch date (a pass is valid {{days}} days).',
    roster: 'Computed from the roster and "{{assessment}}" results: green when {{target}} of the roster hold a pass valid on the launch date.',
    sop: 'Computed from the SOP registry: green when the current revision of "{{sop}}" is approved, reviewed on time and acknowledged by {{target}} of the roster.',
    actions: "Computed from action items linked to the release: green when no {{which}} action is open.",
    check: "Green when ticked done.",
    ratioWarn: "Green when at least {{target}} passed; amber from {{warn}}.",
    ratio: "Green when at least {{target}} passed.",
    stages: "Green when every stage passed: {{stages}}.",
    metricWarn: "Green when {{target}}; amber while {{warn}}.",
    metric: "Green when {{target}}.",
    paramMinMax: "Deployed must equal approved {{approved}} (min {{min}}, max {{max}}).",
    paramMin: "Deployed must equal approved {{approved}} (min {{min}}).",
    paramMax: "Deployed must equal approved {{approved}} (max {{max}}).",
    param: "Deployed must equal approved {{approved}}.",
    task: "Computed from the WBS: green when the linked tasks are done.",
  },
  /** An item's history lines that are not a status (server/readiness/service.ts history). */
  history: {
    drillRecorded: "drill recorded: {{kind}}, {{participants}} participants, {{findings}} findings",
  },
  /** Evidence as people say it (app/shared/kinds describe). */
  evidence: {
    drillPassBoth: "pass on {{date}}; detected in {{detect}} s; mitigated in {{mitigate}} s",
    drillPassDetect: "pass on {{date}}; detected in {{detect}} s",
    drillPassMitigate: "pass on {{date}}; mitigated in {{mitigate}} s",
    drillFailBoth: "fail on {{date}}; detected in {{detect}} s; mitigated in {{mitigate}} s",
    drillFailDetect: "fail on {{date}}; detected in {{detect}} s",
    drillFailMitigate: "fail on {{date}}; mitigated in {{mitigate}} s",
    stagesVersion: "version {{version}}: {{stages}}",
    drillPass: "pass on {{date}}",
    drillFail: "fail on {{date}}",
    value: "value {{value}}",
    deployed: "deployed {{deployed}}",
    ratio: "{{passed}}/{{total}} passed",
  },
};

export default reasons;
