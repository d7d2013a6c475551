import { sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import type { GreenlightEvent } from "../../app/shared/events";
import { inProcess, type InProcess } from "../../test/support/services";
import { SYSTEM } from "../auth/actor";
import { createLogger } from "../logger";
import { parseTemplate } from "../readiness/template";
import { startSweeper } from "../readiness/sweeper";
import type { Services } from "../services";

/**
 * Action items on a real SQLite file, in process: the rules that need a
 * person (the owner of an action), and the server finding an overdue action
 * on its own when the clock moves, with no request.
 */
const TEMPLATE = parseTemplate(
  "tiny.yaml",
  [
    "template: tiny",
    "name: Tiny",
    "functions: [risk, ops]",
    "action_policy: { P1: 3 }",
    "sections:",
    "  - key: s",
    "    name: S",
    "    owner: risk",
    "    items:",
    "      - {key: follow-up, title: Follow-up, kind: actions}",
  ].join("\n"),
);

let db: Db;
let services: Services;
let now: Date;
let published: GreenlightEvent[];
let person: InProcess["person"];
let count: InProcess["count"];
let stop: (() => void) | undefined;

beforeEach(() => {
  now = new Date("2026-11-20T10:00:00Z"); // a Friday
  ({ db, services, published, person, count } = inProcess({
    clock: () => now,
    templates: [TEMPLATE],
    releases: [{ id: "rel", name: "Rel", template: "tiny", launch_date: "2026-12-31", holidays: ["2026-11-24"] }],
  }));
});

afterEach(() => stop?.());

describe("the owner of an action", () => {
  it("may not close their own P0 or P1 as done, even as its function's lead and with evidence; nothing is written", () => {
    const owner = person("rina@example.com", "lead", ["risk"]);
    const { action } = services.actions.create(
      { title: "Fix", description: "", owner: "rina@example.com", priority: "P0", postmortem: null, releases: ["rel"], item: null },
      SYSTEM,
    );
    const before = count("events");
    expect(() => services.actions.close(action.id, { status: "done", evidence_link: "https://example.com/fix" }, owner)).toThrow(
      expect.objectContaining({ status: 403, message: "a P0 action is closed as done by someone other than its owner: an admin or a lead of risk" }),
    );
    expect(count("events")).toBe(before);
    expect(services.actions.get(action.id).status).toBe("open");
    // They may send it for verification (evidence and in progress); another lead closes it.
    services.actions.update(action.id, { evidence_link: "https://example.com/fix", status: "in_progress" }, owner);
    const verifier = person("li@example.com", "lead", ["risk"]);
    expect(services.actions.close(action.id, { status: "done" }, verifier).action).toMatchObject({ status: "done", closed_by: "user:li@example.com" });
  });

  it("closes their own P2 and changes its words, but not its priority, due date or owner", () => {
    const owner = person("mo@example.com", "member", ["ops"]);
    const { action } = services.actions.create(
      { title: "Tidy", description: "", owner: "mo@example.com", priority: "P2", postmortem: null, releases: [], item: null },
      SYSTEM,
    );
    expect(() => services.actions.update(action.id, { priority: "P3" }, owner)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => services.actions.update(action.id, { due: "2027-01-01" }, owner)).toThrow(expect.objectContaining({ status: 403 }));
    expect(services.actions.update(action.id, { title: "Tidy the runbook" }, owner).action.title).toBe("Tidy the runbook");
    expect(services.actions.close(action.id, { status: "done" }, owner).action.status).toBe("done");
    // Linked to no release: its changes are in the access log.
    expect(count("access_events")).toBe(3);
  });

  it("may not publish their own post-mortem; another lead may", () => {
    const owner = person("omar@example.com", "lead", ["ops"]);
    const other = person("li@example.com", "lead", ["risk"]);
    const { postmortem } = services.postmortems.create(
      { title: "Spike", incident_at: "2026-11-19T08:00:00Z", severity: "SEV2", owner: "omar@example.com", releases: ["rel"], incident_ref: null },
      owner,
    );
    services.postmortems.setStatus(postmortem.id, "in_review", owner);
    expect(() => services.postmortems.setStatus(postmortem.id, "published", owner)).toThrow(
      expect.objectContaining({ status: 403, message: "a post-mortem is published by an admin or a lead who is not its owner" }),
    );
    expect(services.postmortems.setStatus(postmortem.id, "published", other).postmortem).toMatchObject({
      status: "published",
      published_by: "user:li@example.com",
    });
  });
});

describe("nobody lowers their own bar", () => {
  it("taking an action out of P0/P1 is an admin's call; whoever owns an action leaves its priority, due date and owner to someone else", () => {
    const lead = person("li@example.com", "lead", ["risk"]);
    const admin = person("pia@example.com", "admin", []);
    person("rina@example.com", "lead", ["risk"]);
    const { action } = services.actions.create(
      { title: "Cap", description: "", owner: "rina@example.com", priority: "P1", postmortem: null, releases: ["rel"], item: null },
      SYSTEM,
    );
    const before = count("events");
    expect(() => services.actions.update(action.id, { priority: "P2" }, lead)).toThrow(
      expect.objectContaining({ status: 403, message: "only an admin may take an action out of P0/P1, and not one they own" }),
    );
    expect(count("events")).toBe(before);
    // Raising it, or moving its due date, is a lead's to do; lowering it, an admin's.
    expect(services.actions.update(action.id, { priority: "P0", due: "2026-11-27" }, lead).action.priority).toBe("P0");
    expect(services.actions.update(action.id, { priority: "P2" }, admin).action.priority).toBe("P2");

    const mine = services.actions.create(
      { title: "Mine", description: "", owner: "li@example.com", priority: "P2", postmortem: null, releases: ["rel"], item: null },
      SYSTEM,
    );
    expect(() => services.actions.update(mine.action.id, { due: "2027-06-01" }, lead)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => services.actions.update(mine.action.id, { owner: "rina@example.com" }, lead)).toThrow(expect.objectContaining({ status: 403 }));
    expect(services.actions.update(mine.action.id, { title: "Mine, renamed" }, lead).action.title).toBe("Mine, renamed");
  });

  it("a post-mortem started from a decision takes only the follow-ups its author may manage", () => {
    person("rina@example.com", "lead", ["risk"]);
    const opsLead = person("omar@example.com", "lead", ["ops"]);
    const { id } = services.goNoGo.decide(
      "rel",
      {
        decision: "no_go",
        summary: "Hold",
        actions: [
          { title: "Risk fix", owner: "risk", due: "2026-12-10", priority: "P1" },
          { title: "Ops fix", owner: "ops", due: "2026-12-10" },
        ],
      },
      SYSTEM,
    );
    const { postmortem } = services.postmortems.create({ from_decision: id, owner: "omar@example.com", incident_ref: null }, opsLead);
    expect(services.actions.list({ postmortem: postmortem.id }).map((a) => a.title)).toEqual(["Ops fix"]);
    expect(services.actions.list({ release: "rel" }).find((a) => a.title === "Risk fix")!.postmortem).toBeNull();
  });

  it("a person's follow-up belongs to their function the release has, else the release's", () => {
    person("rd@example.com", "lead", ["rd"]);
    person("ops@example.com", "lead", ["rd", "ops"]);
    services.goNoGo.decide(
      "rel",
      {
        decision: "no_go",
        summary: "Hold",
        actions: [
          { title: "By rd", owner: "rd@example.com", due: "2026-12-10" },
          { title: "By ops", owner: "ops@example.com", due: "2026-12-10" },
        ],
      },
      SYSTEM,
    );
    const fns = Object.fromEntries(services.actions.list({ release: "rel" }).map((a) => [a.title, a.function]));
    expect(fns).toEqual({ "By rd": "risk", "By ops": "ops" });
  });
});

describe("due dates", () => {
  it("default from the priority policy in working days of the first release's calendar (the template's action_policy overrides)", () => {
    person("rina@example.com", "lead", ["risk"]);
    const make = (priority: "P0" | "P1" | "P2", releases: string[]) =>
      services.actions.create({ title: priority, description: "", owner: "rina@example.com", priority, postmortem: null, releases, item: null }, SYSTEM).action
        .due;
    // Friday 20 Nov; Tuesday 24 Nov is a holiday of the release.
    expect(make("P1", ["rel"])).toBe("2026-11-26"); // the template's 3 working days: Mon 23, Wed 25, Thu 26
    expect(make("P0", ["rel"])).toBe("2026-11-25"); // the default 2: Mon 23, Wed 25
    expect(make("P0", [])).toBe("2026-11-24"); // Mon–Fri with no holidays
    expect(make("P2", [])).toBe("2026-12-18");
  });
});

describe("an overdue action", () => {
  it("is found by the server on its own when the clock passes its due date: one event, the item's reason and the tile follow", async () => {
    person("rina@example.com", "lead", ["risk"]);
    const { action } = services.actions.create(
      { title: "Cap funding", description: "", owner: "rina@example.com", priority: "P1", due: "2026-11-20", postmortem: null, releases: ["rel"], item: null },
      SYSTEM,
    );
    expect(services.readiness.getItem("rel", "s.follow-up").reason).toBe("1 open P0/P1 action, 0 overdue, earliest due 2026-11-20");
    const logger = createLogger("silent");
    const sweeper = startSweeper([services.readiness, services.actions], { clock: () => now, maxIntervalMs: 20, logger });
    stop = () => sweeper.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(published.filter((e) => e.type === "action.overdue")).toHaveLength(0);

    published.length = 0;
    now = new Date("2026-11-21T00:00:05Z"); // the day after its due date; nobody asks anything
    await expect.poll(() => published.map((e) => e.type), { timeout: 2000 }).toEqual(["action.overdue"]);
    const [overdue] = published;
    expect(overdue).toMatchObject({
      release: "rel",
      actor: "system",
      data: { action: action.id, title: "Cap funding", owner: "rina@example.com", priority: "P1", due: "2026-11-20" },
      board: {
        items: [{ id: "s.follow-up", status: "red", reason: "1 open P0/P1 action, 1 overdue, earliest due 2026-11-20" }],
        actions: { open: 1, overdue: 1, items: [{ id: action.id, overdue: true }] },
      },
    });
    // Found once: later sweeps add nothing.
    await new Promise((r) => setTimeout(r, 100));
    expect(published).toHaveLength(1);
    expect(services.actions.get(action.id).overdue).toBe(true);
  });

  it("with no release linked is logged in the access log, and startup reconciliation fixes items that lag", () => {
    person("rina@example.com", "lead", ["risk"]);
    services.actions.create(
      { title: "Loose", description: "", owner: "rina@example.com", priority: "P1", due: "2026-11-01", postmortem: null, releases: [], item: null },
      SYSTEM,
    );
    const before = count("access_events");
    expect(services.actions.sweep(now)).toHaveLength(1);
    expect(count("access_events")).toBe(before + 1);
    expect(services.actions.sweep(now)).toHaveLength(0);
    // An item whose stored state lags (as after an upgrade) is brought in line with one event.
    db.run(sql`update items set status = 'pending', reason = 'waits for post-mortem action tracking' where kind = 'actions'`);
    const events = count("events");
    expect(services.actions.reconcile(now)).toBe(1);
    expect(count("events")).toBe(events + 1);
    expect(services.readiness.getItem("rel", "s.follow-up")).toMatchObject({ status: "green", reason: "no open P0/P1 actions" });
    expect(services.actions.reconcile(now)).toBe(0);
  });
});

describe("the burn-down", () => {
  it("counts, day by day, the actions opened by then and not yet closed (closed on a day: not open that day)", () => {
    person("rina@example.com", "lead", ["risk"]);
    const make = (title: string) =>
      services.actions.create({ title, description: "", owner: "rina@example.com", priority: "P2", postmortem: null, releases: ["rel"], item: null }, SYSTEM)
        .action.id;
    const a = make("a");
    now = new Date("2026-11-21T10:00:00Z");
    const b = make("b");
    make("c");
    now = new Date("2026-11-22T10:00:00Z");
    services.actions.close(a, { status: "done" }, SYSTEM);
    now = new Date("2026-11-24T10:00:00Z");
    services.actions.close(b, { status: "wont_do", reason: "cut" }, SYSTEM);
    expect(services.actions.burndown("rel", now)).toEqual([
      { date: "2026-11-20", open: 1 },
      { date: "2026-11-21", open: 3 },
      { date: "2026-11-22", open: 2 },
      { date: "2026-11-23", open: 2 },
      { date: "2026-11-24", open: 1 },
    ]);
    expect(services.actions.burndown("nothing-linked", now)).toEqual([]);
  });
});
