/** The decision record's Markdown export (app/shared/decision-record.ts). */
const record = {
  title: "# {{decision}}: {{release}}",
  intro:
    "Decision {{id}} for release `{{release}}` (launch {{launch}}), recorded {{at}} by {{by}}; the state is as of event seq {{seq}}, the decision is event {{next}}.",
  gateOpen: "Gate: open.",
  gateClosed: "Gate: closed, {{count}} blocking.",
  hash: "Record hash (sha256 of the canonical JSON): `{{hash}}`.",
  chainHead: "Log head at the decision: seq {{seq}}, `{{hash}}`.",
  votes: "## Votes",
  votesHeader: "| function | vote | comment | by | cast | fresh |",
  go: "Go",
  noGo: "No-Go",
  fresh: "yes",
  stale: "stale",
  noVote: "— no vote",
  actions: "## Follow-up actions",
  actionsHeader: "| action | owner | due |",
  schedule: "## Schedule",
  projected: "Projected finish {{projected}} (planned {{planned}}), {{slack}} working days of slack to launch.",
  lateCritical: "Late critical tasks:",
  lateTask: "- {{name}} ({{owner}}): planned {{planned}}, projected {{projected}}",
  noOwner: "no owner",
  items: "## Items",
  itemsHeader: "| item | status | reason | owner | evidence | reported |",
  attendees: "## Attendees",
  attendeesLine: "People: {{people}}. Screens: {{screens}}.",
  notes: "## Notes",
};

export default record;
