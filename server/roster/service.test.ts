import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import type { GreenlightEvent } from "../../app/shared/events";
import type { AssessmentAttempt, RosterPerson } from "../../app/shared/roster-exchange";
import { countStatements } from "../../test/support/db";
import { inProcess, type InProcess } from "../../test/support/services";
import { SYSTEM } from "../auth/actor";
import { parseTemplate } from "../readiness/template";
import type { Services } from "../services";

/**
 * The training roster on a real SQLite file, in process: what a replace
 * changed, one person added or taken off, LMS results kept attempt by
 * attempt, the `roster` and `sop` items following each write in its own
 * event, and every refusal leaving the database as it was.
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
    "      - {key: sop-vip, title: VIP complaints SOP, kind: sop, sop: vip-complaints, ack_target: 0.5}",
    "      - {key: drill, title: Drill, kind: check}",
  ].join("\n"),
);
const PLAIN = parseTemplate(
  "plain.yaml",
  [
    "template: plain",
    "name: Plain",
    "functions: [cs]",
    "sections:",
    "  - key: ops",
    "    name: Ops",
    "    owner: cs",
    "    items:",
    "      - {key: done, title: Done, kind: check}",
  ].join("\n"),
);

let db: Db;
let services: Services;
let now: Date;
let published: GreenlightEvent[];
let person: InProcess["person"];
let count: InProcess["count"];

const item = (id: string, release = "rel") => services.readiness.getItem(release, id);
/** Everything a refused write must leave alone. */
const snapshot = () => ({
  events: count("events"),
  people: count("roster_people"),
  attempts: count("assessment_attempts"),
  items: db.all(sql.raw("select id, status, reason from items order by release_id, id")),
});

const agents: RosterPerson[] = [
  { email: "wang.fang@example.com", name: "王芳", team: "shift-a" },
  { email: "li.li@example.com", name: "李丽", team: "shift-b", language: "zh-CN" },
  { email: "chen.jie@example.com", name: "陈杰", team: "shift-a" },
];

let line = 0;
const attempt = (email: string, day: string, passed = true, score = passed ? 90 : 40): AssessmentAttempt => ({
  at: { index: line++ },
  email,
  score,
  passed,
  attempted_at: `${day}T09:00:00.000Z`,
});

beforeEach(() => {
  now = new Date("2026-12-02T10:00:00Z");
  line = 0;
  ({ db, services, published, person, count } = inProcess({
    clock: () => now,
    templates: [TEMPLATE, PLAIN],
    releases: [
      { id: "rel", name: "Rel", template: "cs", launch_date: "2026-12-20" },
      { id: "plain", name: "Plain", template: "plain", launch_date: "2026-12-20" },
    ],
  }));
});

describe("replacing the roster", () => {
  it("says what was added, removed and changed, in its answer and its event, keeping the given order", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    expect(services.roster.replace("rel", agents, lead)).toMatchObject({ people: 3, added: 3, removed: 0, updated: 0 });
    expect(published.map((e) => [e.type, e.data])).toEqual([
      ["roster.changed", { people: 3, added: 3, removed: 0, updated: 0, emails: agents.map((a) => a.email) }],
    ]);

    published.length = 0;
    const next: RosterPerson[] = [
      { email: "chen.jie@example.com", name: "陈杰", team: "shift-c" }, // moved and changed team
      { email: "li.li@example.com", name: "李丽", team: "shift-b" }, // language dropped
      { email: "zhao.lei@example.com", name: "赵磊", team: "shift-c" }, // new
    ];
    const done = services.roster.replace("rel", next, lead);
    expect(done).toMatchObject({ people: 3, added: 1, removed: 1, updated: 2 });
    expect(done.seq).toBe(published[0]!.seq);
    expect(published[0]!.data).toEqual({
      people: 3,
      added: 1,
      removed: 1,
      updated: 2,
      emails: ["zhao.lei@example.com", "chen.jie@example.com", "li.li@example.com", "wang.fang@example.com"],
    });
    expect(services.roster.view("rel").people.map((p) => [p.email, p.team, p.language])).toEqual([
      ["chen.jie@example.com", "shift-c", null],
      ["li.li@example.com", "shift-b", null],
      ["zhao.lei@example.com", "shift-c", null],
    ]);

    // A reorder alone changes nobody: no one counted as updated.
    published.length = 0;
    expect(services.roster.replace("rel", [...next].reverse(), lead)).toMatchObject({ added: 0, removed: 0, updated: 0 });
    expect(services.roster.view("rel").people.map((p) => p.email)).toEqual(["zhao.lei@example.com", "li.li@example.com", "chen.jie@example.com"]);
  });

  it("names at most 100 emails in the event, and counts them all", () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ email: `agent${i}@example.com`, name: `Agent ${i}`, team: "shift-a" }));
    expect(services.roster.replace("rel", many, SYSTEM)).toMatchObject({ people: 150, added: 150 });
    const data = published[0]!.data as { emails: string[]; added: number };
    expect(data.added).toBe(150);
    expect(data.emails).toHaveLength(100);
  });

  it("re-evaluates the roster and sop items in the same event, carrying them in its board delta", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    services.sops.create({ key: "vip-complaints", title: "VIP", owner: "cs", review_days: 90 }, lead);
    services.sops.revise("vip-complaints", { summary: "v1", body: "text" }, lead);
    services.sops.approve("vip-complaints", 1, SYSTEM);
    services.sops.acknowledge("vip-complaints", ["wang.fang@example.com", "li.li@example.com"], lead);
    expect(item("cs.sop-vip").reason).toBe("no roster yet: nobody to acknowledge v1");

    published.length = 0;
    services.roster.replace("rel", agents, lead);
    expect(published.map((e) => e.type)).toEqual(["roster.changed"]);
    const delta = published[0]!.board.items.map((i) => [i.id, i.status, i.reason]);
    expect(delta).toEqual([
      ["cs.pass-rate", "red", expect.stringContaining("0/3 passed")],
      ["cs.sop-vip", "green", "v1 acknowledged by 2/3 (66.7%); next review due 2027-03-02"],
    ]);
    expect(item("cs.sop-vip").status).toBe("green");

    // Two more people who have not read it: the share falls under one half.
    published.length = 0;
    services.roster.replace("rel", [...agents, { email: "a@example.com", name: "A", team: "t" }, { email: "b@example.com", name: "B", team: "t" }], lead);
    expect(published[0]!.board.items.map((i) => [i.id, i.status, i.reason])).toEqual([
      ["cs.pass-rate", "red", expect.stringContaining("0/5 passed")],
      ["cs.sop-vip", "red", "v1 acknowledged by 2/5 (40%) < target 50%; not acknowledged: 陈杰 (shift-a), A (t), B (t)"],
    ]);
    expect(item("cs.sop-vip").status).toBe("red");
  });

  it("carries no item in its delta when nothing changes status or reason", () => {
    services.roster.replace("rel", agents, SYSTEM);
    published.length = 0;
    services.roster.replace("rel", agents, SYSTEM);
    expect(published[0]!.data).toMatchObject({ added: 0, removed: 0, updated: 0 });
    expect(published[0]!.board.items).toEqual([]);
  });
});

describe("one person at a time", () => {
  it("adds a person at the end, changes them in place, and takes them off", () => {
    services.roster.replace("rel", agents.slice(0, 2), SYSTEM);
    published.length = 0;
    expect(services.roster.upsert("rel", { email: "zhao.lei@example.com", name: "赵磊", team: "shift-c" }, SYSTEM)).toMatchObject({
      people: 3,
      added: 1,
      removed: 0,
      updated: 0,
    });
    expect(published[0]!.data).toEqual({ people: 3, added: 1, removed: 0, updated: 0, emails: ["zhao.lei@example.com"] });
    expect(services.roster.upsert("rel", { email: "wang.fang@example.com", name: "王芳", team: "vip-desk", language: "en" }, SYSTEM)).toMatchObject({
      people: 3,
      added: 0,
      updated: 1,
    });
    // li.li keeps her language when someone else changes.
    expect(services.roster.view("rel").people.map((p) => [p.email, p.team, p.language])).toEqual([
      ["wang.fang@example.com", "vip-desk", "en"],
      ["li.li@example.com", "shift-b", "zh-CN"],
      ["zhao.lei@example.com", "shift-c", null],
    ]);

    published.length = 0;
    expect(services.roster.remove("rel", "wang.fang@example.com", SYSTEM)).toMatchObject({ people: 2, added: 0, removed: 1, updated: 0 });
    expect(published[0]!.data).toEqual({ people: 2, added: 0, removed: 1, updated: 0, emails: ["wang.fang@example.com"] });
    expect(services.roster.view("rel").people.map((p) => p.email)).toEqual(["li.li@example.com", "zhao.lei@example.com"]);
  });

  it("adds or takes off one person of 2,000 in a few statements, everyone else's order kept", () => {
    const many = Array.from({ length: 2000 }, (_, i) => ({ email: `agent${i}@example.com`, name: `Agent ${i}`, team: "shift-a" }));
    services.roster.replace("rel", many, SYSTEM);
    expect(countStatements(db, () => services.roster.remove("rel", "agent0@example.com", SYSTEM))).toBeLessThan(60);
    expect(countStatements(db, () => services.roster.upsert("rel", { email: "new@example.com", name: "New", team: "shift-b" }, SYSTEM))).toBeLessThan(60);
    services.roster.remove("rel", "agent1000@example.com", SYSTEM);
    services.roster.upsert("rel", { email: "agent0@example.com", name: "Agent 0", team: "shift-a" }, SYSTEM);
    const emails = services.roster.view("rel").people.map((p) => p.email);
    expect(emails).toEqual([...many.slice(1, 1000), ...many.slice(1001)].map((p) => p.email).concat(["new@example.com", "agent0@example.com"]));
    // A replace numbers them afresh, in its own order.
    services.roster.replace("rel", many.slice(0, 3).reverse(), SYSTEM);
    expect(services.roster.view("rel").people.map((p) => p.email)).toEqual(["agent2@example.com", "agent1@example.com", "agent0@example.com"]);
  });

  it("refuses to take off someone not on the roster, writing nothing", () => {
    services.roster.replace("rel", agents, SYSTEM);
    const before = snapshot();
    expect(() => services.roster.remove("rel", "nobody@example.com", SYSTEM)).toThrow(/nobody@example.com on the roster of rel/);
    expect(() => services.roster.remove("nope", "li.li@example.com", SYSTEM)).toThrow(/release "nope"/);
    expect(snapshot()).toEqual(before);
  });

  it("no longer counts a person taken off, and keeps their attempts in the history", () => {
    services.roster.replace("rel", agents.slice(0, 2), SYSTEM);
    services.roster.recordResults(
      "rel",
      "perp-v2",
      [attempt("wang.fang@example.com", "2026-12-01"), attempt("li.li@example.com", "2026-12-01", false)],
      "api",
      SYSTEM,
    );
    expect(item("cs.pass-rate").reason).toBe("1/2 passed, valid on launch 2026-12-20 (50%) < target 100%; not passed: 李丽 (shift-b)");

    services.roster.remove("rel", "li.li@example.com", SYSTEM);
    expect(item("cs.pass-rate")).toMatchObject({ status: "green", reason: "1/1 passed, valid on launch 2026-12-20 (100%) ≥ target 100%" });
    services.roster.remove("rel", "wang.fang@example.com", SYSTEM);
    expect(item("cs.pass-rate")).toMatchObject({ status: "pending" });
    expect(count("assessment_attempts")).toBe(2);

    // Back on the roster, their past pass counts again.
    services.roster.upsert("rel", agents[0]!, SYSTEM);
    expect(item("cs.pass-rate").status).toBe("green");
    expect(services.roster.view("rel").people[0]!.standing["perp-v2"]).toMatchObject({ attempts: 1, passed: true });
  });
});

describe("assessment results", () => {
  beforeEach(() => void services.roster.replace("rel", agents, SYSTEM));

  it("keeps every attempt; the latest pass decides validity on launch day, a later fail takes nothing away", () => {
    const done = services.roster.recordResults(
      "rel",
      "perp-v2",
      [
        attempt("wang.fang@example.com", "2026-11-01", false, 50),
        attempt("wang.fang@example.com", "2026-11-10", true, 95), // best score, lapses 2026-12-10
        attempt("wang.fang@example.com", "2026-11-25", true, 80), // latest pass, valid to 2026-12-25
        attempt("wang.fang@example.com", "2026-11-30", false, 30),
        attempt("li.li@example.com", "2026-11-10", true, 100), // lapses before launch
        attempt("stranger@example.com", "2026-11-10", true),
      ],
      "api",
      SYSTEM,
    );
    expect(done).toMatchObject({ recorded: 5, passed: 3, people: 2, unknown: [{ index: 5, email: "stranger@example.com" }] });
    expect(published.at(-1)!.data).toEqual({ assessment: "perp-v2", attempts: 5, passed: 3, people: 2, source: "api" });
    expect(count("assessment_attempts")).toBe(5);
    expect(item("cs.pass-rate").reason).toBe(
      "1/3 passed, valid on launch 2026-12-20 (33.3%) < target 100%; not passed: 李丽 (shift-b), 陈杰 (shift-a); 1 of them hold a pass that expires before launch",
    );
    const standing = Object.fromEntries(services.roster.view("rel").people.map((p) => [p.email, p.standing["perp-v2"]]));
    expect(standing["wang.fang@example.com"]).toEqual({
      best_score: 95,
      attempts: 4,
      passed: true,
      last_pass_at: "2026-11-25T09:00:00.000Z",
      valid_until: "2026-12-25",
      valid_on_launch: true,
    });
    expect(standing["li.li@example.com"]).toMatchObject({ passed: true, valid_until: "2026-12-10", valid_on_launch: false });
    expect(standing["chen.jie@example.com"]).toEqual({
      best_score: null,
      attempts: 0,
      passed: false,
      last_pass_at: null,
      valid_until: null,
      valid_on_launch: false,
    });

    // The same attempt sent again (the same gradebook exported twice) is one attempt.
    services.roster.recordResults("rel", "perp-v2", [attempt("chen.jie@example.com", "2026-12-01")], "csv", SYSTEM);
    expect(services.roster.recordResults("rel", "perp-v2", [attempt("chen.jie@example.com", "2026-12-01")], "csv", SYSTEM)).toMatchObject({
      recorded: 0,
      already: 1,
    });
    expect(count("assessment_attempts")).toBe(6);
    expect(services.roster.view("rel").people.find((p) => p.email === "chen.jie@example.com")!.standing["perp-v2"]!.attempts).toBe(1);
  });

  it("records 10,000 attempts in a few statements", () => {
    // Distinct attempts: each its own minute.
    const batch = Array.from({ length: 10_000 }, (_, i) => ({
      ...attempt(agents[i % 3]!.email, "2026-11-25", i % 2 === 0, 50 + (i % 50)),
      attempted_at: new Date(Date.parse("2026-11-25T00:00:00Z") + i * 60_000).toISOString(),
    }));
    let done: ReturnType<Services["roster"]["recordResults"]> | undefined;
    const statements = countStatements(db, () => {
      done = services.roster.recordResults("rel", "perp-v2", batch, "csv", SYSTEM);
    });
    expect(done).toMatchObject({ recorded: 10_000, passed: 5000, people: 3, unknown: [] });
    expect(statements).toBeLessThan(100);
    expect(count("assessment_attempts")).toBe(10_000);
    expect(services.roster.view("rel").people.map((p) => p.standing["perp-v2"]!.attempts)).toEqual([3334, 3333, 3333]);
  });

  it("refuses a batch with an attempt in the future whole, writing nothing", () => {
    services.roster.recordResults("rel", "perp-v2", [attempt("wang.fang@example.com", "2026-11-01")], "api", SYSTEM);
    const before = snapshot();
    const future = { ...attempt("li.li@example.com", "2026-12-01"), attempted_at: "2026-12-02T10:00:01.000Z" };
    let refused: unknown;
    try {
      services.roster.recordResults("rel", "perp-v2", [attempt("chen.jie@example.com", "2026-12-01"), future], "api", SYSTEM);
    } catch (error) {
      refused = error;
    }
    expect(refused).toMatchObject({ status: 422, message: expect.stringContaining("nothing was recorded") });
    expect(JSON.stringify(refused)).toContain("2026-12-02T10:00:01.000Z");
    expect(snapshot()).toEqual(before);
    // Exactly now is not the future.
    expect(services.roster.recordResults("rel", "perp-v2", [{ ...future, attempted_at: now.toISOString() }], "api", SYSTEM)).toMatchObject({ recorded: 1 });
  });

  it("writes no event when nobody in the batch is on the roster, and names each unknown line", () => {
    const before = snapshot();
    const done = services.roster.recordResults(
      "rel",
      "perp-v2",
      [
        { ...attempt("x@example.com", "2026-11-01"), at: { line: 4 } },
        { ...attempt("y@example.com", "2026-11-01"), at: { line: 7 } },
      ],
      "csv",
      SYSTEM,
    );
    expect(done).toEqual({
      recorded: 0,
      passed: 0,
      people: 0,
      already: 0,
      unknown: [
        { line: 4, email: "x@example.com" },
        { line: 7, email: "y@example.com" },
      ],
    });
    expect(snapshot()).toEqual(before);
  });

  it("turns the item green only when the target share holds a pass on launch day", () => {
    services.roster.recordResults(
      "rel",
      "perp-v2",
      agents.map((a) => attempt(a.email, "2026-11-21")),
      "api",
      SYSTEM,
    );
    expect(item("cs.pass-rate")).toMatchObject({ status: "green", reason: "3/3 passed, valid on launch 2026-12-20 (100%) ≥ target 100%" });
    expect(published.at(-1)!.board.items.map((i) => [i.id, i.status])).toEqual([["cs.pass-rate", "green"]]);
  });
});

describe("who may change the roster", () => {
  it("refuses a viewer, a member and another function's lead, writing nothing", () => {
    services.roster.replace("rel", agents, SYSTEM);
    const before = snapshot();
    for (const who of [person("v@example.com", "viewer", []), person("m@example.com", "member", ["cs"]), person("risk.lead@example.com", "lead", ["risk"])]) {
      expect(() => services.roster.replace("rel", [], who)).toThrow(/only an admin or a lead of cs/);
      expect(() => services.roster.upsert("rel", { email: "n@example.com", name: "N", team: "t" }, who)).toThrow(/only an admin or a lead of cs/);
      expect(() => services.roster.remove("rel", "li.li@example.com", who)).toThrow(/only an admin or a lead of cs/);
      expect(() => services.roster.recordResults("rel", "perp-v2", [attempt("li.li@example.com", "2026-11-01")], "api", who)).toThrow(
        /only an admin or a lead of cs/,
      );
    }
    expect(snapshot()).toEqual(before);
  });

  it("leaves a release with no roster or sop items to an admin, and refuses results no item measures", () => {
    const lead = person("cs.lead@example.com", "lead", ["cs"]);
    const admin = person("admin@example.com", "admin", []);
    const before = snapshot();
    expect(() => services.roster.replace("plain", agents, lead)).toThrow(/only an admin may change this release's roster: it has no roster or SOP items/);
    expect(() => services.roster.recordResults("plain", "perp-v2", [attempt("li.li@example.com", "2026-11-01")], "api", admin)).toThrow(
      /assessment "perp-v2" among the roster items of plain/,
    );
    expect(() => services.roster.recordResults("rel", "other", [attempt("li.li@example.com", "2026-11-01")], "api", lead)).toThrow(/assessment "other"/);
    expect(() => services.roster.replace("nope", agents, admin)).toThrow(/release "nope"/);
    expect(snapshot()).toEqual(before);
    expect(services.roster.replace("plain", agents, admin)).toMatchObject({ people: 3 });
  });
});
