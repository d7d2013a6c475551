import { beforeAll, describe, expect, it } from "vitest";
import { createAccess } from "../auth/access";
import {
  DEMO_ASSESSMENT,
  DEMO_RELEASE,
  DEMO_ROSTER,
  seedDemo,
  seedDemoDrills,
  seedDemoParams,
  seedDemoPlan,
  seedDemoPostmortem,
  seedDemoSupport,
  seedDemoCampaigns,
} from "./seed";
import { actorFor } from "../auth/permissions";
import { createServices } from "../services";
import type { Readiness } from "../readiness/service";
import type { RosterView } from "../roster/reads";
import { loadTemplates } from "../readiness/template";
import type { Schedule, ScheduledTask } from "../../app/shared/schedule/cpm";
import type { WbsService } from "../schedule/service";
import { addDays, daysBetween, isoDate } from "../../app/shared/time";
import { testDatabase } from "../../test/support/db";

/**
 * The demo release's plan (issue 5): a realistic WBS whose critical path runs
 * through risk-slippage → mm-integration-test, finishing before launch on plan
 * but with the MM integration tests behind, so the projection as of today eats
 * most of the slack.
 */
const templates = loadTemplates("checklists");

function seeded(now: Date): { readiness: Readiness; wbs: WbsService } {
  const { db } = testDatabase();
  const clock = () => now;
  const { readiness, wbs } = createServices({ db, clock, templates });
  seedDemo(readiness, clock);
  seedDemoPlan(wbs);
  return { readiness, wbs };
}

const byId = (schedule: Schedule) => new Map(schedule.tasks.map((t) => [t.id, t]));
const isWeekday = (date: string) => ![0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

// Wednesday 18 November 2026: the release started Wednesday 14 October, Friday
// 6 November was a holiday, so today is working day 24; Monday 23 and Tuesday
// 24 November are holidays; launch is working day 36.
const NOW = new Date("2026-11-18T09:00:00Z");
const TODAY = "2026-11-18";
let readiness: Readiness;
let wbs: WbsService;
let plan: Schedule;
let projection: Schedule;

beforeAll(() => {
  ({ readiness, wbs } = seeded(NOW));
  plan = wbs.schedule(DEMO_RELEASE);
  projection = wbs.schedule(DEMO_RELEASE, TODAY);
});

describe("the demo release's plan", () => {
  it("has a calendar with a past holiday and a two-day one before launch", () => {
    const release = readiness.getRelease(DEMO_RELEASE);
    expect(release).toMatchObject({ start_date: "2026-10-14", launch_date: "2026-12-08" });
    expect(release.calendar).toEqual({ workdays: [1, 2, 3, 4, 5], holidays: ["2026-11-06", "2026-11-23", "2026-11-24"] });
  });

  it("is a WBS of 60–120 tasks in phases, owned by the template's functions, with an assignee on every leaf", () => {
    const { tasks, dependencies } = wbs.read(DEMO_RELEASE);
    expect(tasks.length).toBeGreaterThanOrEqual(60);
    expect(tasks.length).toBeLessThanOrEqual(120);

    const phases = tasks.filter((t) => t.parent === null).map((t) => t.id);
    expect(phases).toEqual(["requirements", "development", "integration", "qa", "launch-readiness", "grayscale", "release"]);
    const parents = new Set(tasks.map((t) => t.parent));
    for (const phase of phases) expect(parents.has(phase), phase).toBe(true);

    const functions = new Set(templates.get("perp-futures-v2")!.functions);
    for (const task of tasks) expect(functions.has(task.owner!), `${task.id}: ${task.owner}`).toBe(true);
    const leaves = tasks.filter((t) => !parents.has(t.id));
    for (const leaf of leaves) expect(leaf.assignee, leaf.id).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    // Daily granularity: work in pieces of 1–5 days (one 8-day test campaign), milestones at 0.
    expect(leaves.filter((t) => t.duration > 5).map((t) => t.id)).toEqual(["mm-integration-test"]);
    for (const id of ["req-signoff", "code-freeze", "qa-signoff", "go-no-go", "full-release"]) {
      expect(tasks.find((t) => t.id === id)?.duration, id).toBe(0);
    }
    expect(tasks.some((t) => t.name.includes(","))).toBe(true);

    // FS mostly, with SS and FF links, positive and negative lags.
    expect(dependencies).toContainEqual({ from: "risk-slippage", to: "mm-integration-test", type: "FS", lag: 0 });
    const count = (type: string) => dependencies.filter((d) => d.type === type).length;
    expect(count("FS")).toBeGreaterThan(dependencies.length * 0.8);
    expect(count("SS")).toBeGreaterThanOrEqual(2);
    expect(count("FF")).toBeGreaterThanOrEqual(1);
    expect(dependencies.filter((d) => d.type === "SS" && d.lag > 0).length).toBeGreaterThanOrEqual(2);
    expect(dependencies.filter((d) => d.lag < 0).length).toBeGreaterThanOrEqual(1);
  });

  it("finishes 4 working days before launch on plan, with the critical path through risk-slippage → mm-integration-test", () => {
    expect(plan.finish).toBe("2026-12-02");
    expect(plan.slack_to_launch).toBe(4);
    const tasks = byId(plan);
    expect(tasks.get("risk-slippage")).toMatchObject({ critical: true, start: "2026-11-03", finish: "2026-11-10" });
    expect(tasks.get("mm-integration-test")).toMatchObject({ critical: true, start: "2026-11-11", finish: "2026-11-20" });
    expect(tasks.get("mm-integration-test")!.es).toBe(tasks.get("risk-slippage")!.ef);
    const path = plan.critical_path;
    expect(path.indexOf("risk-slippage")).toBeGreaterThan(-1);
    expect(path.indexOf("mm-integration-test")).toBe(path.indexOf("risk-slippage") + 1);
    expect(path.at(-1)).toBe("full-release");
    // Off the critical path: the grayscale ramp and QA have float.
    expect(tasks.get("gray-5")!.total_float).toBe(3);
    expect(tasks.get("qa-signoff")!.critical).toBe(false);
  });

  it("has statuses that match today: finished work done, future work not started", () => {
    const { tasks } = wbs.read(DEMO_RELEASE);
    const planned = byId(plan);
    const leaves = tasks.filter((t) => !planned.get(t.id)!.summary);
    const finishedBefore = leaves.filter((t) => planned.get(t.id)!.finish < TODAY && t.duration > 0);
    const startsAfter = leaves.filter((t) => planned.get(t.id)!.start > TODAY);
    expect(finishedBefore.length).toBeGreaterThan(40);
    // The one exception: the pen test's high finding is still open (the board's qa.pen-test says so).
    expect(finishedBefore.filter((t) => t.status !== "done").map((t) => t.id)).toEqual(["qa-pen-fix"]);
    expect(startsAfter.length).toBeGreaterThan(5);
    for (const task of startsAfter) expect(task, task.id).toMatchObject({ status: "todo", progress: 0 });
    expect(tasks.find((t) => t.id === "mm-integration-test")).toMatchObject({ status: "in_progress", progress: 30 });
  });

  it("projects 1 working day of slack as of today: the MM integration tests are behind and take the slack", () => {
    expect(projection.finish).toBe("2026-12-07");
    expect(projection.slack_to_launch).toBe(1);
    expect(projection.slack_to_launch).toBeLessThan(plan.slack_to_launch);

    // Late: not done, and projected to finish after its planned finish.
    const { tasks } = wbs.read(DEMO_RELEASE);
    const planned = byId(plan);
    const projected = byId(projection);
    const late = (t: ScheduledTask) => tasks.find((w) => w.id === t.id)!.status !== "done" && !t.summary && t.finish > planned.get(t.id)!.finish;
    const lateCritical = projection.tasks.filter((t) => late(t) && t.critical).map((t) => t.id);
    expect(lateCritical).toEqual([
      "mm-integration-test",
      "mm-prod-onboarding",
      "gray-20",
      "gray-review",
      "go-no-go",
      "release-100",
      "gtm-announcement",
      "full-release",
    ]);
    // 30% of 8 days done: 6 days left from today, over the two holidays, 3 working days past plan.
    expect(projected.get("mm-integration-test")).toMatchObject({ start: TODAY, finish: "2026-11-27" });
    // Late but not critical: the pen-test fix has float to spare.
    expect(projected.get("qa-pen-fix")).toMatchObject({ critical: false, total_float: 9 });
    expect(late(projected.get("qa-pen-fix")!)).toBe(true);
  });

  it("starts no task on a weekend or a holiday, on plan or projected", () => {
    const { holidays } = readiness.getRelease(DEMO_RELEASE).calendar;
    for (const schedule of [plan, projection]) {
      for (const task of schedule.tasks) {
        expect(isWeekday(task.start), `${task.id} starts ${task.start}`).toBe(true);
        expect(holidays, `${task.id} starts ${task.start}`).not.toContain(task.start);
      }
    }
    // The holidays bite: 5 working days from Tuesday 3 November end on Tuesday 10 November, past Friday 6.
    expect(byId(plan).get("risk-slippage")).toMatchObject({ start: "2026-11-03", finish: "2026-11-10" });
  });

  it("makes the board's WBS item amber: full release is projected before launch but not done", () => {
    expect(readiness.getItem(DEMO_RELEASE, "follow-up.wbs-complete")).toMatchObject({ status: "amber" });
  });
});

describe("the demo seeded on any weekday", () => {
  // Launch and holidays count working days from today, so the story does not depend on the weekday.
  it.each(["2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"])("tells the same story on %s", (day) => {
    const { readiness, wbs } = seeded(new Date(`${day}T07:30:00Z`));
    const release = readiness.getRelease(DEMO_RELEASE);
    expect(daysBetween(day, release.launch_date)).toBeGreaterThanOrEqual(18);
    expect(daysBetween(day, release.launch_date)).toBeLessThanOrEqual(20);
    expect(release.calendar.holidays).toHaveLength(3);
    for (const holiday of release.calendar.holidays) expect(isWeekday(holiday), holiday).toBe(true);
    expect(release.calendar.holidays.filter((h) => h < day)).toHaveLength(1);

    const plan = wbs.schedule(DEMO_RELEASE);
    const projection = wbs.schedule(DEMO_RELEASE, isoDate(new Date(`${day}T07:30:00Z`)));
    expect([plan.slack_to_launch, projection.slack_to_launch]).toEqual([4, 1]);
    expect(byId(projection).get("mm-integration-test")!.critical).toBe(true);
    expect(readiness.getItem(DEMO_RELEASE, "follow-up.wbs-complete").status).toBe("amber");
  });
});

describe("the demo's post-mortem (issue 13)", () => {
  it("is published from the grayscale incident with three actions, one P1 still open, so the release's actions item is red and its tile names the owner", () => {
    const { db } = testDatabase();
    const clock = () => NOW;
    const services = createServices({ db, clock, templates });
    seedDemo(services.readiness, clock);
    const access = createAccess({ db, clock, ledger: services.ledger, disconnect: () => undefined });
    seedDemoPostmortem({ actions: services.actions, postmortems: services.postmortems, access }, clock);

    const [postmortem] = services.postmortems.list({});
    expect(postmortem).toMatchObject({ status: "published", severity: "SEV2", releases: [DEMO_RELEASE], actions: { total: 3, open: 1 } });
    expect(postmortem!.title).toMatch(/^Grayscale/);
    const actions = services.actions.list({ postmortem: postmortem!.id });
    expect(actions.map((a) => [a.priority, a.status])).toEqual([
      ["P1", "in_progress"],
      ["P1", "done"],
      ["P2", "done"],
    ]);
    const open = actions[0]!;
    expect(services.readiness.getItem(DEMO_RELEASE, "follow-up.postmortem-actions")).toMatchObject({
      status: "red",
      reason: `1 open P0/P1 action, 0 overdue, earliest due ${open.due}`,
    });
    expect(services.projection.snapshot(DEMO_RELEASE).actions).toMatchObject({ open: 1, items: [{ id: open.id, owner_name: "Arjun Rao" }] });
    // Named owners are invited people: nobody can sign in as them, so the first visit still sets up the admin.
    expect(access.users.count()).toBe(0);
  });
});

describe("the demo's support readiness (issue 16)", () => {
  let services: ReturnType<typeof createServices>;
  let access: ReturnType<typeof createAccess>;
  let view: RosterView;
  const cs = (key: string) => services.readiness.getItem(DEMO_RELEASE, `cs.${key}`);
  const person = (name: string) => view.people.find((p) => p.name === name)!;

  beforeAll(() => {
    const { db } = testDatabase();
    const clock = () => NOW;
    services = createServices({ db, clock, templates });
    seedDemo(services.readiness, clock);
    access = createAccess({ db, clock, ledger: services.ledger, disconnect: () => undefined });
    seedDemoSupport({ roster: services.roster, sops: services.sops, access }, clock);
    view = services.roster.view(DEMO_RELEASE);
  });

  it("has a roster of 40 agents on four launch teams, in Chinese and English names and languages", () => {
    expect(view.people).toHaveLength(40);
    expect(new Set(view.people.map((p) => p.team))).toEqual(new Set(["shift-a", "shift-b", "shift-c", "vip-desk"]));
    expect(view.people.filter((p) => p.language === "zh-CN").length).toBeGreaterThan(15);
    expect(view.people.filter((p) => p.language === "en").length).toBeGreaterThan(10);
    expect(view.people.map((p) => p.email)).toEqual(DEMO_ROSTER.map((p) => p.email));
  });

  it("keeps every attempt and counts the latest pass: three have not passed and one pass lapses the day before launch", () => {
    const standing = (name: string) => person(name).standing[DEMO_ASSESSMENT]!;
    expect(standing("Emily Carter")).toMatchObject({ attempts: 2, best_score: 90, passed: true, valid_on_launch: true });
    expect(standing("郭鹏")).toMatchObject({ attempts: 3, passed: true, valid_on_launch: true });
    expect(standing("孙浩")).toMatchObject({ attempts: 2, passed: false, best_score: 70 });
    expect(standing("Ryan Park")).toMatchObject({ attempts: 0, passed: false, best_score: null });
    expect(standing("韩雪")).toMatchObject({ attempts: 1, passed: false });
    expect(standing("周婷")).toMatchObject({ passed: true, valid_on_launch: false, valid_until: addDays(view.launch, -1) });
    const counted = view.people.filter((p) => p.standing[DEMO_ASSESSMENT]!.valid_on_launch);
    expect(counted).toHaveLength(36);
  });

  it("makes the CS section red, naming who has not passed and who has not read the SOPs", () => {
    expect(cs("assessment-pass-rate")).toMatchObject({
      status: "red",
      reason: `36/40 passed, valid on launch ${view.launch} (90%) < target 100%; not passed: 周婷 (shift-b), 孙浩 (shift-b), Ryan Park (shift-c), 韩雪 (vip-desk); 1 of them hold a pass that expires before launch`,
    });
    expect(cs("sop-listing-standard")).toMatchObject({
      status: "green",
      reason: expect.stringMatching(/^v1 acknowledged by 40\/40 \(100%\); next review due /),
    });
    expect(cs("sop-emergency-suspension")).toMatchObject({
      status: "red",
      reason: "v1 acknowledged by 38/40 (95%) < target 100%; not acknowledged: 马超 (shift-b), Ryan Park (shift-c)",
    });
    expect(cs("sop-vip-complaints")).toMatchObject({
      status: "red",
      reason:
        "v2 acknowledged by 33/40 (82.5%) < target 100%; not acknowledged: Jessica Nguyen (shift-c), 何雪 (shift-c), 高翔 (shift-c), 林红 (shift-c), 罗斌 (shift-c) +2",
    });
    const section = services.projection.snapshot(DEMO_RELEASE).sections.find((s) => s.key === "cs")!;
    expect(section.counts).toMatchObject({ red: 3, green: 1 });
    expect(section.items.find((i) => i.id === "cs.sop-vip-complaints")).toMatchObject({
      status: "red",
      reason: expect.stringContaining("Jessica Nguyen (shift-c)"),
    });
  });

  it("registers the three SOPs, each revision approved by the lead who did not write it, one review due before launch", () => {
    const registry = services.sops.list();
    expect(registry.map((s) => [s.key, s.current])).toEqual([
      ["emergency-suspension", 1],
      ["listing-standard", 1],
      ["vip-complaints", 2],
    ]);
    for (const sop of registry) {
      for (const revision of sop.revisions) {
        expect(revision.approved_by, `${sop.key} v${revision.version}`).toMatch(/^user:.+@perp\.example$/);
        expect(revision.approved_by).not.toBe(revision.author);
      }
    }
    const emergency = registry.find((s) => s.key === "emergency-suspension")!;
    expect(emergency.review_due! < view.launch).toBe(true);
    expect(emergency.review_overdue).toBe(false);
    // v1 of the VIP SOP was read by all; v2 asks everyone again.
    expect(registry.find((s) => s.key === "vip-complaints")!.revisions.map((r) => [r.version, r.acknowledgements])).toEqual([
      [2, 33],
      [1, 40],
    ]);
    // The CS leads are the demo's made-up people: the first visit still sets up the admin.
    expect(access.users.count()).toBe(0);
  });
});

describe("the demo's risk parameter sign-off", () => {
  it("has the slippage coefficient drifting and a proposal to approve it waiting for its second approval", () => {
    const { db } = testDatabase();
    const clock = () => new Date("2026-12-02T10:00:00Z");
    const services = createServices({ db, clock, templates });
    seedDemo(services.readiness, clock);
    const access = createAccess({ db, clock, ledger: services.ledger, disconnect: () => undefined });
    seedDemoParams({ params: services.params, access });
    const view = services.params.view(DEMO_RELEASE);
    const slippage = view.params.find((p) => p.id === "risk.slippage-coefficient")!;
    expect(slippage).toMatchObject({ status: "red", approved: { value: 0.12, proposal: null }, deployed: { value: 0.15 }, drift: { seconds: 0 } });
    expect(view.pending).toHaveLength(1);
    expect(view.pending[0]).toMatchObject({ proposed_by: "user:priya.nair@perp.example", approvals: [{ by: "user:tomas.silva@perp.example" }], stale: [] });
    expect(view.params.filter((p) => p.max_step !== null).map((p) => p.id)).toHaveLength(11);
    // The PMO's approval is the second: the deployed value now matches.
    const pmo = access.users.invite(
      { email: "pmo@perp.example", name: "PMO", role: "admin", functions: [] },
      { label: "seed", can: () => true },
      { demo: true },
    ).user;
    services.params.approve(DEMO_RELEASE, view.pending[0]!.id, actorFor({ kind: "user", ...pmo, sessionHash: "", locale: null }));
    expect(services.readiness.getItem(DEMO_RELEASE, "risk.slippage-coefficient")).toMatchObject({ status: "green" });
  });
});

describe("the demo's drills (issue 17)", () => {
  it("records its drills through the log: one lapsing before launch (amber), one failed over target with findings as actions, the rest green or not yet drilled", () => {
    const { db } = testDatabase();
    const clock = () => NOW;
    const services = createServices({ db, clock, templates });
    seedDemo(services.readiness, clock);
    const access = createAccess({ db, clock, ledger: services.ledger, disconnect: () => undefined });
    seedDemoPostmortem({ actions: services.actions, postmortems: services.postmortems, access }, clock);
    seedDemoDrills({ drills: services.drills }, clock);
    const item = (id: string) => services.readiness.getItem(DEMO_RELEASE, id);

    expect(item("stability.failover")).toMatchObject({ status: "amber", reason: expect.stringMatching(/expires before launch/) });
    const failover = services.drills.overview(DEMO_RELEASE).items.find((i) => i.id === "stability.failover")!;
    expect(failover.lapses_before_launch).toBeGreaterThan(0);
    expect(item("drills.circuit-breaker").status).toBe("green");
    expect(item("drills.rollback").status).toBe("green");
    expect(item("drills.emergency-suspension").status).toBe("pending");
    expect(item("drills.emergency-cancel")).toMatchObject({ status: "red", reason: expect.stringMatching(/^drill failed on /) });
    const [cancel] = services.drills.list(DEMO_RELEASE, { limit: 10, item: "drills.emergency-cancel" });
    expect(cancel!.findings.map((f) => [f.priority, f.owner, f.status])).toEqual([
      ["P1", "arjun.rao@perp.example", "open"],
      ["P2", "mei.chen@perp.example", "open"],
    ]);
    expect(services.actions.list({ release: DEMO_RELEASE, priority: "P1" }).map((a) => a.item)).toContain("drills.emergency-cancel");
  });
});

describe("the demo's campaigns", () => {
  it("has the trading competition at risk because Kestrel's MM certification is behind, and the fee promotion on track", () => {
    const { db } = testDatabase();
    const clock = () => NOW;
    const services = createServices({ db, clock, templates });
    seedDemo(services.readiness, clock);
    seedDemoPlan(services.wbs);
    seedDemoCampaigns({ campaigns: services.campaigns });
    const [competition, fees] = services.campaigns.list(DEMO_RELEASE);
    const launch = services.readiness.getRelease(DEMO_RELEASE).launch_date;
    expect(competition).toMatchObject({ id: "perp-v2-trading-competition", start_date: addDays(launch, -2), start_offset: "T-2", at_risk: true });
    expect(competition!.risk_reasons).toContain(`requires item mm.mm-kestrel, which is ${services.readiness.getItem(DEMO_RELEASE, "mm.mm-kestrel").status}`);
    expect(services.readiness.getItem(DEMO_RELEASE, "mm.mm-kestrel").status).not.toBe("green");
    expect(fees).toMatchObject({ id: "perp-v2-fee-holiday", start_offset: "T+7", at_risk: false });
    expect(services.projection.snapshot(DEMO_RELEASE).campaigns).toMatchObject({ count: 1, at_risk: [{ id: "perp-v2-trading-competition" }] });
  });
});
