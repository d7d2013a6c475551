import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import type { GreenlightEvent } from "../../app/shared/events";
import { countStatements } from "../../test/support/db";
import { inProcess, type InProcess } from "../../test/support/services";
import { SYSTEM } from "../auth/actor";
import { parseTemplate } from "../readiness/template";
import { createServices, type Services } from "../services";

/**
 * The roster and the SOP registry on a real SQLite file, in process: the
 * `roster` and `sop` items follow every write in the same transaction, a
 * second person approves, a new revision asks everyone again, and a review
 * falls overdue with time alone.
 */
const TEMPLATE = parseTemplate(
  "cs.yaml",
  [
    "template: cs",
    "name: CS",
    "functions: [cs, risk]",
    "sections:",
    "  - key: cs",
    "    name: CS",
    "    owner: cs",
    "    items:",
    "      - {key: pass-rate, title: Agents passed, kind: roster, assessment: perp-v2, valid_days: 30}",
    "      - {key: sop-vip, title: VIP complaints SOP, kind: sop, sop: vip-complaints}",
  ].join("\n"),
);

let db: Db;
let services: Services;
let now: Date;
let published: GreenlightEvent[];
let person: InProcess["person"];
let count: InProcess["count"];

const item = (id: string) => services.readiness.getItem("rel", id);

const agents = [
  { email: "wang.fang@example.com", name: "王芳", team: "shift-a" },
  { email: "li.li@example.com", name: "李丽", team: "shift-b" },
];

beforeEach(() => {
  now = new Date("2026-12-02T10:00:00Z");
  ({ db, services, published, person, count } = inProcess({
    clock: () => now,
    templates: [TEMPLATE],
    releases: [{ id: "rel", name: "Rel", template: "cs", launch_date: "2026-12-20" }],
  }));
});

describe("the roster item", () => {
  it("is pending with no roster, red naming who has not passed, green when everyone holds a pass valid on launch day", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    expect(item("cs.pass-rate").status).toBe("pending");
    services.roster.replace("rel", agents, lead);
    expect(item("cs.pass-rate")).toMatchObject({ status: "red", reason: expect.stringContaining("not passed: 王芳 (shift-a), 李丽 (shift-b)") });
    const at = (d: string) => ({ at: { index: 0 }, score: 90, passed: true, attempted_at: `${d}T09:00:00.000Z` });
    // Li Li's pass lapses on 2026-12-19, the day before launch.
    const done = services.roster.recordResults(
      "rel",
      "perp-v2",
      [
        { ...at("2026-12-01"), email: "wang.fang@example.com" },
        { ...at("2026-11-19"), email: "li.li@example.com" },
        { ...at("2026-12-01"), email: "stranger@example.com" },
      ],
      "api",
      lead,
    );
    expect(done).toMatchObject({ recorded: 2, unknown: [{ index: 0, email: "stranger@example.com" }] });
    expect(item("cs.pass-rate")).toMatchObject({ status: "red", reason: expect.stringContaining("1 of them hold a pass that expires before launch") });
    services.roster.recordResults("rel", "perp-v2", [{ ...at("2026-12-02"), email: "li.li@example.com" }], "api", lead);
    expect(item("cs.pass-rate")).toMatchObject({ status: "green", reason: "2/2 passed, valid on launch 2026-12-20 (100%) ≥ target 100%" });
    const standing = services.roster.view("rel").people.find((p) => p.email === "li.li@example.com")!.standing["perp-v2"];
    expect(standing).toMatchObject({ attempts: 2, passed: true, valid_until: "2027-01-01", valid_on_launch: true });
  });

  it("keeps an attempt imported twice (the same gradebook exported again) once, and logs nothing the second time", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    services.roster.replace("rel", agents, lead);
    const attempts = agents.map((a, i) => ({ at: { line: i + 2 }, email: a.email, score: 80 + i, passed: true, attempted_at: "2026-12-01T09:30:00.000Z" }));
    expect(services.roster.recordResults("rel", "perp-v2", attempts, "csv", lead)).toMatchObject({ recorded: 2, already: 0 });
    const events = count("events");
    expect(services.roster.recordResults("rel", "perp-v2", attempts, "csv", lead)).toMatchObject({ recorded: 0, already: 2 });
    expect(count("assessment_attempts")).toBe(2);
    expect(count("events")).toBe(events);
  });

  it("takes a grade a person holds, in a re-export with no attempt dates, as the same attempt: it does not renew their pass", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    services.roster.replace("rel", agents, lead);
    const graded = (at: string) => [{ at: { line: 2 }, email: "li.li@example.com", score: 90, passed: true, attempted_at: at }];
    services.roster.recordResults("rel", "perp-v2", graded("2026-11-10T09:00:00.000Z"), "csv", lead, { undated: true });
    now = new Date("2026-12-05T10:00:00Z");
    expect(services.roster.recordResults("rel", "perp-v2", graded(now.toISOString()), "csv", lead, { undated: true })).toMatchObject({
      recorded: 0,
      already: 1,
    });
    // Dated by the file, the same grade on another day is another attempt.
    expect(services.roster.recordResults("rel", "perp-v2", graded("2026-12-04T09:00:00.000Z"), "csv", lead)).toMatchObject({ recorded: 1 });
  });

  it("refuses a viewer and results for an assessment no item measures, writing nothing", () => {
    const viewer = person("v@example.com", "viewer", []);
    const events = count("events");
    expect(() => services.roster.replace("rel", agents, viewer)).toThrow(/only an admin or a lead of cs/);
    expect(() => services.roster.recordResults("rel", "other", [], "api", SYSTEM)).toThrow(/assessment "other"/);
    expect(count("events")).toBe(events);
    expect(count("roster_people")).toBe(0);
  });
});

describe("the SOP registry", () => {
  it("turns the sop item green after a second person approves and the roster acknowledges, and red again on a new revision", () => {
    const author = person("cs.lead@example.com", "lead", ["cs"]);
    const second = person("cs.second@example.com", "lead", ["cs"]);
    services.roster.replace("rel", agents, author);
    services.sops.create({ key: "vip-complaints", title: "VIP complaint handling", owner: "cs", review_days: 90 }, author);
    expect(item("cs.sop-vip").reason).toBe('SOP "vip-complaints" has no approved revision yet');
    services.sops.revise("vip-complaints", { summary: "First issue", body: "# VIP\n\nCall back within 1 hour." }, author);
    const events = count("events");
    expect(() => services.sops.approve("vip-complaints", 1, author)).toThrow(/did not write it/);
    expect(count("events")).toBe(events);
    services.sops.approve("vip-complaints", 1, second);
    expect(item("cs.sop-vip")).toMatchObject({ status: "red", reason: expect.stringContaining("not acknowledged: 王芳 (shift-a), 李丽 (shift-b)") });
    expect(services.sops.acknowledge("vip-complaints", ["wang.fang@example.com", "li.li@example.com", "elsewhere@example.com"], author)).toMatchObject({
      version: 1,
      acknowledged: 3,
      not_on_any_roster: ["elsewhere@example.com"],
    });
    expect(item("cs.sop-vip")).toMatchObject({ status: "green", reason: "v1 acknowledged by 2/2 (100%); next review due 2027-03-02" });

    services.sops.revise("vip-complaints", { summary: "Compensation cap", link: "https://wiki.example.com/sop/vip" }, author);
    expect(item("cs.sop-vip").status).toBe("green"); // a draft changes nothing
    published.length = 0;
    services.sops.approve("vip-complaints", 2, second);
    expect(item("cs.sop-vip")).toMatchObject({ status: "red", reason: expect.stringContaining("v2 acknowledged by 0/2") });
    const approved = published.find((e) => e.type === "sop.approved")!;
    expect(approved.board.items?.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([["cs.sop-vip", "red"]]);
  });

  it("leaves a released release's sop items as they were at launch", () => {
    services.roster.replace("rel", agents, SYSTEM);
    services.sops.create({ key: "vip-complaints", title: "VIP", owner: "cs", review_days: 90 }, SYSTEM);
    services.sops.revise("vip-complaints", { summary: "v1", body: "text" }, person("author@example.com", "lead", ["cs"]));
    services.sops.approve("vip-complaints", 1, SYSTEM);
    services.sops.acknowledge(
      "vip-complaints",
      agents.map((a) => a.email),
      SYSTEM,
    );
    expect(item("cs.sop-vip").status).toBe("green");
    db.run(sql`update releases set phase = 'released' where id = 'rel'`);
    const events = count("events");
    services.sops.revise("vip-complaints", { summary: "v2", body: "text" }, person("author2@example.com", "lead", ["cs"]));
    services.sops.approve("vip-complaints", 2, SYSTEM);
    expect(item("cs.sop-vip").status).toBe("green");
    expect(count("events")).toBe(events);
  });

  it("lists the registry in pages by key", () => {
    for (const key of ["c-sop", "a-sop", "b-sop"]) services.sops.create({ key, title: key, owner: "cs", review_days: 30 }, SYSTEM);
    expect(services.sops.list().map((s) => s.key)).toEqual(["a-sop", "b-sop", "c-sop"]);
    expect(services.sops.list({ limit: 2 }).map((s) => s.key)).toEqual(["a-sop", "b-sop"]);
    expect(services.sops.list({ limit: 2, after: "b-sop" }).map((s) => s.key)).toEqual(["c-sop"]);
  });

  it("lets a person acknowledge for themselves only, and a member not for others", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    const agent = person("li.li@example.com", "member", []);
    services.sops.create({ key: "vip-complaints", title: "VIP", owner: "cs", review_days: 90 }, lead);
    services.sops.revise("vip-complaints", { summary: "v1", body: "text" }, lead);
    services.sops.approve("vip-complaints", 1, SYSTEM);
    expect(services.sops.acknowledge("vip-complaints", ["li.li@example.com"], agent)).toMatchObject({ acknowledged: 1 });
    expect(() => services.sops.acknowledge("vip-complaints", ["wang.fang@example.com"], agent)).toThrow(/for yourself/);
  });

  it("falls amber when the review is overdue, found by the sweep with no request, and green again after a review", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    services.roster.replace("rel", agents, lead);
    services.sops.create({ key: "vip-complaints", title: "VIP", owner: "cs", review_days: 10 }, lead);
    services.sops.revise("vip-complaints", { summary: "v1", body: "text" }, lead);
    services.sops.approve("vip-complaints", 1, SYSTEM);
    services.sops.acknowledge(
      "vip-complaints",
      agents.map((a) => a.email),
      lead,
    );
    expect(item("cs.sop-vip").status).toBe("green");
    expect(services.sops.nextDeadline(now)?.toISOString()).toBe("2026-12-13T00:00:00.000Z");
    now = new Date("2026-12-13T00:00:01Z");
    expect(services.sops.sweep(now)).toBe(1);
    expect(item("cs.sop-vip")).toMatchObject({ status: "amber", reason: "review overdue since 2026-12-12; v1 acknowledged by 2/2 (100%)" });
    expect(services.sops.sweep(now)).toBe(0);
    services.sops.review("vip-complaints", "still right", lead);
    expect(item("cs.sop-vip")).toMatchObject({ status: "green", reason: expect.stringContaining("next review due 2026-12-23") });
  });
});

describe("acknowledgements and new releases", () => {
  it("counts only acknowledgements of the current revision; older ones stay on record", () => {
    const author = person("cs.lead@example.com", "lead", ["cs"]);
    services.roster.replace("rel", agents, author);
    services.sops.create({ key: "vip-complaints", title: "VIP", owner: "cs", review_days: 90 }, author);
    services.sops.revise("vip-complaints", { summary: "v1", body: "text" }, author);
    services.sops.approve("vip-complaints", 1, SYSTEM);
    services.sops.acknowledge(
      "vip-complaints",
      agents.map((a) => a.email),
      author,
    );
    services.sops.revise("vip-complaints", { summary: "v2", body: "text 2" }, author);
    services.sops.approve("vip-complaints", 2, SYSTEM);
    // v1 acknowledged by everyone: nothing of it counts for v2, and acknowledging now is for v2.
    expect(item("cs.sop-vip").reason).toBe("v2 acknowledged by 0/2 (0%) < target 100%; not acknowledged: 王芳 (shift-a), 李丽 (shift-b)");
    expect(services.sops.acknowledge("vip-complaints", ["li.li@example.com"], author)).toMatchObject({ version: 2, acknowledged: 1, already: 0 });
    expect(item("cs.sop-vip").reason).toBe("v2 acknowledged by 1/2 (50%) < target 100%; not acknowledged: 王芳 (shift-a)");
    expect(services.roster.view("rel").people.map((p) => [p.email, p.acknowledged["vip-complaints"]])).toEqual([
      ["wang.fang@example.com", false],
      ["li.li@example.com", true],
    ]);
    expect(services.sops.acknowledgements("vip-complaints", 1).map((a) => a.email)).toEqual(["li.li@example.com", "wang.fang@example.com"]);
    expect(services.sops.get("vip-complaints").revisions.map((r) => [r.version, r.acknowledgements])).toEqual([
      [2, 1],
      [1, 2],
    ]);
    // Acknowledging again changes nothing and logs nothing.
    const events = count("events");
    expect(services.sops.acknowledge("vip-complaints", ["li.li@example.com"], author)).toMatchObject({ acknowledged: 0, already: 1 });
    expect(count("events")).toBe(events);
  });

  it("starts a release created after the SOP was approved from the registry, with nothing left for the sweep", () => {
    services.sops.create({ key: "vip-complaints", title: "VIP", owner: "cs", review_days: 90 }, SYSTEM);
    services.sops.revise("vip-complaints", { summary: "v1", body: "text" }, SYSTEM);
    services.sops.approve("vip-complaints", 1, person("cs.lead@example.com", "lead", ["cs"]));
    services.readiness.createRelease(
      { id: "rel2", name: "Rel 2", template: "cs", start_date: "2026-11-02", launch_date: "2026-12-20", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
      SYSTEM,
    );
    expect(services.readiness.getItem("rel2", "cs.sop-vip")).toMatchObject({ status: "pending", reason: "no roster yet: nobody to acknowledge v1" });
    const created = published.find((e) => e.type === "release.created" && e.release === "rel2")!;
    expect(created.board.snapshot!.sections.flatMap((s) => s.items).find((i) => i.id === "cs.sop-vip")?.reason).toBe("no roster yet: nobody to acknowledge v1");
    expect(services.sops.sweep(now)).toBe(0);
  });
});

describe("the review sweep", () => {
  const statements = (run: () => unknown) => countStatements(db, run);

  it("finds a review that fell overdue while the server was down, then reads nothing more until the next UTC day", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    services.roster.replace("rel", agents, lead);
    services.sops.create({ key: "vip-complaints", title: "VIP", owner: "cs", review_days: 10 }, lead);
    services.sops.revise("vip-complaints", { summary: "v1", body: "text" }, lead);
    services.sops.approve("vip-complaints", 1, SYSTEM);
    services.sops.acknowledge(
      "vip-complaints",
      agents.map((a) => a.email),
      lead,
    );
    expect(services.sops.sweep(now)).toBe(0);
    expect(statements(() => services.sops.sweep(now))).toBe(0);

    // Down from 2026-12-02 to 2026-12-15: the review was due 2026-12-12. A new process sweeps at start-up.
    now = new Date("2026-12-15T08:00:00Z");
    const restarted = createServices({ db, clock: () => now, templates: new Map([[TEMPLATE.id, TEMPLATE]]) });
    expect(restarted.sops.sweep(now)).toBe(1);
    expect(item("cs.sop-vip")).toMatchObject({ status: "amber", reason: "review overdue since 2026-12-12; v1 acknowledged by 2/2 (100%)" });
    // The deadline behind it is not waited for again.
    expect(restarted.sops.nextDeadline(now)).toBeNull();
    // Time alone changes a sop item only when the day does: the safety sweeps of the same day cost nothing.
    now = new Date("2026-12-15T23:59:59Z");
    expect(statements(() => restarted.sops.sweep(now))).toBe(0);

    // A review is settled in its own transaction; the next deadline is the day after the next review is due.
    restarted.sops.review("vip-complaints", "checked", lead);
    expect(item("cs.sop-vip").status).toBe("green");
    expect(restarted.sops.nextDeadline(now)?.toISOString()).toBe("2026-12-26T00:00:00.000Z");
    now = new Date("2026-12-26T00:00:00Z");
    expect(restarted.sops.sweep(now)).toBe(1);
    expect(item("cs.sop-vip").status).toBe("amber");
  });
});

describe("acknowledging in bulk", () => {
  it("records 5,000 acknowledgements in a few statements, in the order given, each once", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    const many = Array.from({ length: 5000 }, (_, i) => `agent${i}@example.com`);
    services.roster.replace(
      "rel",
      many.slice(0, 10).map((email, i) => ({ email, name: `Agent ${i}`, team: "shift-a" })),
      lead,
    );
    services.sops.create({ key: "vip-complaints", title: "VIP", owner: "cs", review_days: 90 }, lead);
    services.sops.revise("vip-complaints", { summary: "v1", body: "text" }, lead);
    services.sops.approve("vip-complaints", 1, SYSTEM);
    services.sops.acknowledge("vip-complaints", ["agent3@example.com"], lead);
    published.length = 0;
    let answer: ReturnType<Services["sops"]["acknowledge"]> | undefined;
    const statements = countStatements(db, () => {
      answer = services.sops.acknowledge("vip-complaints", [...many, "agent7@example.com"], lead);
    });
    expect(answer).toMatchObject({ version: 1, acknowledged: 4999, already: 2 });
    expect(answer!.not_on_any_roster).toHaveLength(4990);
    expect(statements).toBeLessThan(100);
    expect(published.map((e) => e.type)).toEqual(["sop.acknowledged"]);
    const data = published[0]!.data as { count: number; emails: string[] };
    expect(data.count).toBe(4999);
    expect(data.emails.slice(0, 4)).toEqual(["agent0@example.com", "agent1@example.com", "agent2@example.com", "agent4@example.com"]);
    expect(count("sop_acknowledgements")).toBe(5000);
    expect(item("cs.sop-vip")).toMatchObject({ status: "green", reason: "v1 acknowledged by 10/10 (100%); next review due 2027-03-02" });
  });
});
