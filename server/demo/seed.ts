import type { Campaigns } from "../campaigns/service";
import { readFileSync } from "node:fs";
import { SYSTEM, type Actor } from "../auth/actor";
import type { Actions } from "../actions/service";
import type { Access } from "../auth/access";
import { actorFor } from "../auth/permissions";
import type { Roster } from "../roster/service";
import type { Sops } from "../sops/service";
import type { Params } from "../params/service";
import type { Drills } from "../drills/service";
import type { Postmortems } from "../postmortems/service";
import type { Readiness } from "../readiness/service";
import { WorkCalendar } from "../../app/shared/schedule/calendar";
import { parseWbsCsv } from "../../app/shared/schedule/csv";
import type { WbsService } from "../schedule/service";
import { addDays, isoDate, type Clock } from "../../app/shared/time";

/** The demo release, with evidence that shows every colour of the board. */
export const DEMO_RELEASE = "perp-v2";

/** The demo plan: checklists/perp-futures-v2.wbs.csv, written for the dates of `demoDates`. */
export const DEMO_WBS = new URL("../../checklists/perp-futures-v2.wbs.csv", import.meta.url);

const seedActor = { ...SYSTEM, label: "seed" };
const WEEKDAYS = [1, 2, 3, 4, 5];

/**
 * The demo release's dates, relative to today: it started five weeks ago (25
 * weekdays, one of them a public holiday, so today is working day 24), a two-day
 * holiday comes 3–4 working days from now, and launch is 12 working days after
 * today (18–20 calendar days). Counted in working days rather than calendar days
 * so the demo plan's statuses and slack tell the same story whatever weekday the
 * demo is seeded on: with launch at today+18 and holidays at today+4 and today+5,
 * launch moved between working days 35 and 39 with the weekday.
 */
export function demoDates(today: string): { start: string; launch: string; holidays: string[] } {
  const start = addDays(today, -35);
  const weekdays = new WorkCalendar(start, { workdays: WEEKDAYS, holidays: [] });
  const now = weekdays.offsetOf(today);
  const holidays = [weekdays.dateOf(now - 8), weekdays.dateOf(now + 3), weekdays.dateOf(now + 4)];
  const calendar = new WorkCalendar(start, { workdays: WEEKDAYS, holidays });
  return { start, launch: calendar.dateOf(calendar.offsetOf(today) + 12), holidays };
}

export function seedDemo(readiness: Readiness, clock: Clock): void {
  const today = isoDate(clock());
  const { start, launch, holidays } = demoDates(today);
  readiness.createRelease(
    {
      id: DEMO_RELEASE,
      name: "Perpetual Futures V2",
      template: "perp-futures-v2",
      start_date: start,
      launch_date: launch,
      calendar: { workdays: WEEKDAYS, holidays },
    },
    seedActor,
  );
  const report = (item: string, evidence: Record<string, unknown>) => readiness.reportEvidence(DEMO_RELEASE, item, evidence, seedActor);
  report("stability.p99-order-latency", { value: 17.4, note: "grayscale 5% of traffic, 24h window", link: "https://grafana.example.com/d/orders" });
  report("stability.matching-throughput", { value: 128000 });
  report("stability.api-error-rate", { value: 0.004 });
  report("stability.md-push-latency", { value: 64, note: "Tokyo edge still on old kernel" });
  report("stability.soak-test", { value: 96 });
  for (const [key, deployed] of [
    ["max-leverage-tier-1", 125],
    ["max-leverage-tier-2", 100],
    ["max-leverage-tier-3", 50],
    ["maintenance-margin-tier-1", 0.4],
    ["maintenance-margin-tier-2", 0.5],
    ["position-limit-btc", 50_000_000],
    ["funding-rate-cap", 0.75],
    ["funding-rate-floor", -0.75],
    ["slippage-coefficient", 0.15],
  ] as const) {
    report(`risk.${key}`, { deployed });
  }
  report("risk.funding-interval", { deployed: "8h" });
  report("risk.adl-enabled", { deployed: true });
  report("risk.insurance-fund", { value: 4_200_000, note: "second tranche scheduled" });
  report("risk.liquidation-scenarios", { passed: 46, total: 48 });
  report("qa.regression-pass-rate", { passed: 4_812, total: 4_812 });
  report("qa.pen-test", { done: false, note: "1 high finding open: session fixation on sub-accounts" });
  seedDemoCertification(readiness);
  // The drills (stability.failover and the drills section) are recorded through the drills log: seedDemoDrills.
  report("gtm.campaign-calendar", { done: true });
}

/** The shipped template's certification suites (checklists/perp-futures-v2.yaml, section mm). */
const MM_SUITES = [
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
] as const;

/**
 * The market makers' certification (SPEC 12.4), as their harnesses would
 * report it in JUnit: Alpha Liquidity certified on 2.7.0; Kestrel Trading
 * passed everything on 3.1.4, then moved to 3.2.0 and is re-certifying (four
 * suites passed again, the rest pending); Northbridge Capital's
 * cancel-on-disconnect suite failed on 5.1.
 */
function seedDemoCertification(readiness: Readiness): void {
  const run = (item: string, version: string, link: string, results: Partial<Record<(typeof MM_SUITES)[number], "passed" | "failed">>) => {
    const counts = Object.fromEntries(
      Object.entries(results).map(([suite, result]) => [
        suite,
        { tests: 12, failures: result === "failed" ? 2 : 0, errors: 0, skipped: suite === "soak" ? 1 : 0 },
      ]),
    );
    readiness.reportEvidence(DEMO_RELEASE, item, { stages: results, version, link }, seedActor, { junit: counts });
  };
  const all = Object.fromEntries(MM_SUITES.map((suite) => [suite, "passed" as const]));
  run("mm.mm-alpha", "2.7.0", "https://ci.alpha-liquidity.example/venue-cert/runs/412", all);
  run("mm.mm-kestrel", "3.1.4", "https://jenkins.kestrel.example/job/perp-cert/88/", all);
  run("mm.mm-kestrel", "3.2.0", "https://jenkins.kestrel.example/job/perp-cert/97/", {
    connectivity: "passed",
    auth: "passed",
    "order-entry": "passed",
    "market-data": "passed",
  });
  run("mm.mm-northbridge", "5.1", "https://github.com/northbridge-capital/venue-cert/actions/runs/7731", {
    ...Object.fromEntries(MM_SUITES.slice(0, 6).map((suite) => [suite, "passed" as const])),
    "cancel-on-disconnect": "failed",
  });
}

/**
 * The demo release's WBS (issue 5): 84 tasks over requirements,
 * development, integration, QA, launch readiness, grayscale and full release.
 * The plan finishes 4 working days before launch with the critical path through
 * risk-slippage → mm-integration-test; the MM integration tests are behind, so
 * the projection as of today keeps 1 day of slack. Call after `seedDemo`, the
 * same day (the statuses are written for today = working day 24).
 */
export function seedDemoPlan(wbs: WbsService): void {
  wbs.replace(DEMO_RELEASE, parseWbsCsv(readFileSync(DEMO_WBS, "utf8")), seedActor);
}

/** The demo's named owners: invited people (no password yet), so actions and post-mortems have someone behind them. */
export const DEMO_PEOPLE = [
  { email: "mei.chen@perp.example", name: "Mei Chen", role: "lead", functions: ["ops"] },
  { email: "arjun.rao@perp.example", name: "Arjun Rao", role: "lead", functions: ["rd"] },
  { email: "sofia.lind@perp.example", name: "Sofia Lind", role: "lead", functions: ["qa"] },
] as const;

/**
 * The demo's post-mortem (issue 13): the grayscale incident, published, with
 * three actions: two closed, one P1 still open on perp-v2, so the release's
 * `actions` item is red until it is verified and closed. Call after `seedDemo`.
 */
export function seedDemoPostmortem({ actions, postmortems, access }: { actions: Actions; postmortems: Postmortems; access: Access }, clock: Clock): void {
  for (const person of DEMO_PEOPLE) access.users.invite({ ...person, functions: [...person.functions] }, seedActor, { demo: true });
  const [ops, rd, qa] = DEMO_PEOPLE;
  const incident = new Date(clock().getTime() - 9 * 86_400_000);
  const at = (minutes: number) => new Date(incident.getTime() + minutes * 60_000).toISOString();
  const { postmortem } = postmortems.create(
    {
      title: "Grayscale: order-entry p99 spiked to 180 ms on the 5% canary",
      incident_at: at(0),
      severity: "SEV2",
      owner: ops.email,
      releases: [DEMO_RELEASE],
      incident_ref: "https://status.example.com/incidents/perp-v2-canary-latency",
      summary: [
        "During the 5% grayscale of Perpetual Futures V2, order-entry p99 latency rose from 14 ms to **180 ms** for 23 minutes.",
        "",
        "The Tokyo market-data edge still ran the old kernel; its send buffers filled under the canary's burst and back-pressured the matching gateway.",
        "",
        "- Customer impact: 0.4% of canary orders rejected with `ERR_TIMEOUT`, no fills lost.",
        "- Detection: the latency SLO alert, 6 minutes after the start.",
      ].join("\n"),
      timeline: [
        { at: at(0), text: "Canary widened from 1% to 5% of perpetual order flow" },
        { at: at(6), text: "p99 order-entry latency SLO alert fires" },
        { at: at(14), text: "Tokyo edge identified; traffic shifted to Singapore" },
        { at: at(23), text: "p99 back under 20 ms" },
      ],
      causes: ["Tokyo market-data edge on the old kernel (send buffers too small)", "No per-shard latency alert: the spike was seen as a global average"],
    },
    seedActor,
  );
  const rows = [
    { title: "Move the Tokyo market-data edge to the new kernel", owner: rd.email, function: "rd", priority: "P1", item: "stability.md-push-latency" },
    { title: "Per-shard p99 order-entry alert", owner: ops.email, function: "ops", priority: "P1", item: "stability.p99-order-latency" },
    { title: "Canary rollback runbook rehearsed by QA", owner: qa.email, function: "qa", priority: "P2", item: null },
  ] as const;
  const [kernel, alert, runbook] = rows.map(
    (r) => actions.create({ ...r, description: "", postmortem: postmortem.id, releases: [DEMO_RELEASE], item: r.item, due: undefined }, seedActor).action,
  );
  actions.update(kernel!.id, { status: "in_progress" }, seedActor);
  actions.close(alert!.id, { status: "done", evidence_link: "https://grafana.example.com/d/orders?viewPanel=per-shard-p99" }, seedActor);
  actions.close(runbook!.id, { status: "done", evidence_link: "https://kb.example.com/runbooks/canary-rollback" }, seedActor);
  postmortems.setStatus(postmortem.id, "in_review", seedActor);
  postmortems.setStatus(postmortem.id, "published", seedActor);
}

/** The demo's CS leads: one drafts an SOP revision, the other approves it (SPEC 12.2), and either keeps the roster. */
export const DEMO_CS_LEADS = [
  { email: "lina.zhou@perp.example", name: "Lina Zhou", role: "lead", functions: ["cs"] },
  { email: "marcus.webb@perp.example", name: "Marcus Webb", role: "lead", functions: ["cs"] },
] as const;

/** The assessment the template's `cs.assessment-pass-rate` measures. */
export const DEMO_ASSESSMENT = "perp-v2-cs";

/** The CS agents on the launch shifts (SPEC 12.1): four teams of ten, in the order the roster lists them. */
export const DEMO_ROSTER: readonly { email: string; name: string; team: string; language: string }[] = (
  [
    [
      "shift-a",
      "wang.fang:王芳",
      "li.na:李娜",
      "zhang.wei:张伟",
      "emily.carter:Emily Carter",
      "liu.yang:刘洋",
      "james.wilson:James Wilson",
      "chen.jing:陈静",
      "yang.lei:杨磊",
      "sarah.kim:Sarah Kim",
      "zhao.min:赵敏",
    ],
    [
      "shift-b",
      "huang.qiang:黄强",
      "daniel.lee:Daniel Lee",
      "zhou.ting:周婷",
      "wu.hao:吴昊",
      "olivia.brown:Olivia Brown",
      "xu.li:徐丽",
      "sun.hao:孙浩",
      "michael.chen:Michael Chen",
      "ma.chao:马超",
      "hu.jing:胡静",
    ],
    [
      "shift-c",
      "zhu.lin:朱琳",
      "guo.peng:郭鹏",
      "jessica.nguyen:Jessica Nguyen",
      "he.xue:何雪",
      "gao.xiang:高翔",
      "ryan.park:Ryan Park",
      "lin.hong:林红",
      "luo.bin:罗斌",
      "hannah.schmidt:Hannah Schmidt",
      "liang.yu:梁宇",
    ],
    [
      "vip-desk",
      "song.jia:宋佳",
      "zheng.kai:郑凯",
      "sophie.martin:Sophie Martin",
      "xie.ting:谢婷",
      "han.xue:韩雪",
      "david.tan:David Tan",
      "tang.min:唐敏",
      "feng.tao:冯涛",
      "grace.liu:Grace Liu",
      "cao.yang:曹阳",
    ],
  ] as const
).flatMap(([team, ...people]) =>
  people.map((entry) => {
    const [local, name] = entry.split(":") as [string, string];
    return { email: `${local}@perp.example`, name, team, language: /^[A-Za-z ]+$/.test(name) ? "en" : "zh-CN" };
  }),
);

const agent = (local: string) => `${local}@perp.example`;

/**
 * The demo's support readiness (issue 16): the CS roster, the Perpetuals V2
 * assessment results as the LMS reported them, and the three SOPs of the
 * template's `sop` items, all through the services with the CS leads as
 * actors, so the events, the audit trail and the board tell the same story:
 *
 * - 36 of 40 agents hold a pass valid on launch day. 孙浩 failed twice, Ryan
 *   Park (a new hire) never sat it, 韩雪 failed her one attempt, and 周婷's pass
 *   lapses the day before launch: `cs.assessment-pass-rate` is red, naming them.
 * - Listing standard: v1, acknowledged by everyone (green).
 * - Emergency suspension: reviewed every 14 days, so its review is due before
 *   launch; two agents have not acknowledged it (red, naming them).
 * - VIP complaints: v2 approved today shortened the call-back time, so
 *   acknowledgements started afresh and seven agents have not re-read it (red).
 *
 * Call after `seedDemo` (it needs the release and its items).
 */
export function seedDemoSupport({ roster, sops, access }: { roster: Roster; sops: Sops; access: Access }, clock: Clock): void {
  const [lina, marcus] = DEMO_CS_LEADS.map((person): Actor => {
    const { user } = access.users.invite({ ...person, functions: [...person.functions] }, seedActor, { demo: true });
    const { id, name, email, role, functions } = user;
    return actorFor({ kind: "user", id, name, email, role, functions, sessionHash: "", locale: null });
  }) as [Actor, Actor];
  roster.replace(DEMO_RELEASE, DEMO_ROSTER, lina);

  // The LMS results: pass mark 80 of 100; a few needed a second attempt (the latest pass counts).
  const now = clock();
  const today = isoDate(now);
  const daysAgo = (days: number, hour = 10) => `${addDays(today, -days)}T${String(hour).padStart(2, "0")}:00:00.000Z`;
  const launch = roster.view(DEMO_RELEASE).launch;
  const attempt = (local: string, score: number, attempted_at: string) => ({ email: agent(local), score, passed: score >= 80, attempted_at });
  const retakes = new Map<string, { score: number; days: number }[]>([
    [
      "emily.carter",
      [
        { score: 70, days: 20 },
        { score: 90, days: 13 },
      ],
    ],
    [
      "guo.peng",
      [
        { score: 60, days: 18 },
        { score: 75, days: 12 },
        { score: 85, days: 6 },
      ],
    ],
    [
      "david.tan",
      [
        { score: 80, days: 30 },
        { score: 95, days: 9 },
      ],
    ],
    [
      "xu.li",
      [
        { score: 78, days: 16 },
        { score: 88, days: 11 },
      ],
    ],
    // Failed twice: still waiting for a third go.
    [
      "sun.hao",
      [
        { score: 50, days: 17 },
        { score: 70, days: 8 },
      ],
    ],
    // One attempt, failed.
    ["han.xue", [{ score: 60, days: 4 }]],
  ]);
  const attempts = DEMO_ROSTER.flatMap(({ email }, i) => {
    const local = email.split("@")[0]!;
    // A new hire who has not sat the assessment yet.
    if (local === "ryan.park") return [];
    // Certified for the V1 launch: a year, the last day of it the day before this launch.
    if (local === "zhou.ting") return [attempt(local, 92, `${addDays(launch, -366)}T09:00:00.000Z`)];
    const tries = retakes.get(local) ?? [{ score: 82 + ((i * 7) % 18), days: 5 + ((i * 3) % 25) }];
    return tries.map((t, n) => attempt(local, t.score, daysAgo(t.days, 9 + ((i + n) % 8))));
  });
  roster.recordResults(
    DEMO_RELEASE,
    DEMO_ASSESSMENT,
    attempts.map((a, index) => ({ ...a, at: { index } })),
    "api",
    lina,
  );

  // The SOP registry: each revision drafted by one lead and approved by the other.
  const everyone = DEMO_ROSTER.map((p) => p.email);
  const except = (...locals: string[]) => everyone.filter((email) => !locals.map(agent).includes(email));
  sops.create({ key: "listing-standard", title: "Contract listing standard", owner: "cs", review_days: 180 }, lina);
  sops.revise("listing-standard", { summary: "First issue for Perpetuals V2", link: "https://kb.example.com/sop/listing-standard" }, lina);
  sops.approve("listing-standard", 1, marcus);
  sops.acknowledge("listing-standard", everyone, lina);

  sops.create({ key: "emergency-suspension", title: "Emergency trading suspension", owner: "cs", review_days: 14 }, marcus);
  sops.revise(
    "emergency-suspension",
    {
      summary: "Suspension script and status-page wording; reviewed every two weeks until launch",
      body: [
        "# Emergency trading suspension",
        "",
        "1. Confirm the halt on the ops bridge before answering anyone.",
        "2. Post the status-page notice; reply with the approved wording only.",
        "3. Never promise a resume time: say when the next update comes.",
      ].join("\n"),
    },
    marcus,
  );
  sops.approve("emergency-suspension", 1, lina);
  sops.acknowledge("emergency-suspension", except("ryan.park", "ma.chao"), marcus);

  sops.create({ key: "vip-complaints", title: "VIP complaint handling", owner: "cs", review_days: 90 }, lina);
  sops.revise("vip-complaints", { summary: "First issue", link: "https://kb.example.com/sop/vip-complaints" }, lina);
  sops.approve("vip-complaints", 1, marcus);
  sops.acknowledge("vip-complaints", everyone, lina);
  sops.revise(
    "vip-complaints",
    { summary: "Call back within 30 minutes, not 1 hour; escalate to the VIP desk lead at 2 hours", link: "https://kb.example.com/sop/vip-complaints?v=2" },
    lina,
  );
  sops.approve("vip-complaints", 2, marcus);
  sops.acknowledge("vip-complaints", except("jessica.nguyen", "he.xue", "gao.xiang", "lin.hong", "luo.bin", "hannah.schmidt", "liang.yu"), lina);
}

/** The demo's risk leads: one proposes the launch values, the other has approved them once. */
export const DEMO_RISK_LEADS = [
  { email: "priya.nair@perp.example", name: "Priya Nair", role: "lead", functions: ["risk"] },
  { email: "tomas.silva@perp.example", name: "Tomás Silva", role: "lead", functions: ["risk"] },
] as const;

/**
 * The demo's risk parameter sign-off (issue 17): the exchange runs the
 * slippage coefficient at 0.15 against 0.12 approved (a drift since the seed);
 * Priya proposes to approve 0.15 after the stress test, with a lower ETH
 * position limit; Tomás has approved once, so the proposal waits for its
 * second approval: the PMO (an admin) may give it and watch the item turn
 * green. Call after `seedDemo`.
 */
export function seedDemoParams({ params, access }: { params: Params; access: Access }): void {
  const [priya, tomas] = DEMO_RISK_LEADS.map((person): Actor => {
    const { user } = access.users.invite({ ...person, functions: [...person.functions] }, seedActor, { demo: true });
    const { id, name, email, role, functions } = user;
    return actorFor({ kind: "user", id, name, email, role, functions, sessionHash: "", locale: null });
  }) as [Actor, Actor];
  const { proposal } = params.propose(
    DEMO_RELEASE,
    {
      values: { "risk.slippage-coefficient": 0.15, "risk.position-limit-eth": 15_000_000 },
      rationale:
        "Risk committee, stress test of 28 Nov: at 0.12 the large-order impact model under-prices 1M USDT market orders in thin books; 0.15 matches the replayed fills. ETH position limit lowered until the insurance fund reaches 5M USDT.",
    },
    priya,
  );
  params.approve(DEMO_RELEASE, proposal.id, tomas);
}

/**
 * The demo's drills (SPEC 12.5), recorded through the drills log so each is
 * a drill with participants and timings, its item's evidence and its
 * findings' action items. Call after `seedDemoPostmortem` (the owners):
 *
 * - the failover drill passed yesterday within its targets but is valid 14
 *   days, which ends before launch: amber, "expires … before launch";
 * - the circuit breaker and the rollback passed within their targets and hold
 *   through launch: green;
 * - emergency order cancellation failed (cancel-all took 41 s on shard 3,
 *   target 30 s): red, with two findings that became action items (a P1 for
 *   R&D, a P2 for Ops), so the release's actions item names them too;
 * - emergency suspension has not been drilled: pending.
 */
export function seedDemoDrills({ drills }: { drills: Drills }, clock: Clock): void {
  const today = isoDate(clock());
  const [ops, rd] = DEMO_PEOPLE;
  const record = (input: Parameters<Drills["record"]>[1]) => drills.record(DEMO_RELEASE, input, seedActor);
  record({
    item: "stability.failover",
    kind: "failover",
    performed_on: addDays(today, -1),
    result: "pass",
    detect_s: 4,
    mitigate_s: 22,
    participants: [ops.name, rd.name, "Matching on-call"],
    findings: [],
    note: "Primary matching node killed at 10:02; standby served at 10:02:22, no order lost",
  });
  record({
    item: "drills.circuit-breaker",
    kind: "circuit-breaker",
    performed_on: addDays(today, -3),
    result: "pass",
    detect_s: 1.2,
    mitigate_s: 95,
    participants: [ops.name, "Risk desk", "Market surveillance"],
    findings: [],
  });
  record({
    item: "drills.rollback",
    kind: "rollback",
    performed_on: addDays(today, -8),
    result: "pass",
    detect_s: 90,
    mitigate_s: 780,
    participants: [rd.name, ops.name, DEMO_PEOPLE[2].name],
    findings: [],
    link: "https://kb.example.com/drills/rollback-v1",
  });
  record({
    item: "drills.emergency-cancel",
    kind: "emergency-order-cancellation",
    performed_on: addDays(today, -2),
    result: "fail",
    detect_s: 35,
    mitigate_s: 41,
    participants: [ops.name, rd.name, "MM desk on-call"],
    note: "cancel-all took 41 s on shard 3",
    findings: [
      { title: "Cancel-all on shard 3 takes 41 s: fan the cancels out per shard", priority: "P1", owner: rd.email },
      { title: "Kill-switch runbook: page the MM desk before cancel-all", priority: "P2", owner: ops.email },
    ],
  });
}

/**
 * The demo's campaigns (SPEC 13, ADR 024): the Perp V2 trading competition
 * from T-2 to T+14 needs the market makers quoting, so it requires the MM
 * integration tests and Kestrel's certification, which is behind (re-certifying
 * on 3.2.0): at risk. A fee promotion from T+7 requires nothing: on track.
 * Call after `seedDemo` and `seedDemoPlan`.
 */
export function seedDemoCampaigns({ campaigns }: { campaigns: Campaigns }): void {
  campaigns.create(
    DEMO_RELEASE,
    {
      id: "perp-v2-trading-competition",
      name: "Perp V2 trading competition",
      kind: "trading_competition",
      starts: "T-2",
      ends: "T+14",
      requires: { tasks: ["mm-integration-test"], items: ["mm.mm-kestrel"] },
      owner: "marketing",
    },
    seedActor,
  );
  campaigns.create(
    DEMO_RELEASE,
    {
      id: "perp-v2-fee-holiday",
      name: "Zero maker fees week",
      kind: "fee_promotion",
      starts: "T+7",
      ends: "T+14",
      requires: { tasks: [], items: [] },
      owner: "marketing",
    },
    seedActor,
  );
}
