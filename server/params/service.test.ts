import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import type { GreenlightEvent } from "../../app/shared/events";
import { AppError } from "../../app/shared/errors";
import { inProcess, type InProcess } from "../../test/support/services";
import type { Actor } from "../auth/actor";
import { actorFor } from "../auth/permissions";
import { createTokens } from "../auth/tokens";
import { createSealer } from "../chain";
import { parseTemplate } from "../readiness/template";
import type { Services } from "../services";

/**
 * Risk parameter sign-off on a real SQLite file, in process: every refusal
 * writes nothing and appends no event; the second approval re-evaluates the
 * items in its own transaction; the deployed push is all or nothing, one
 * event per changed item; a drift's age follows a moved clock.
 */
const TEMPLATE = parseTemplate(
  "risk.yaml",
  [
    "template: risk",
    "name: Risk",
    "functions: [risk, cs]",
    "sections:",
    "  - key: risk",
    "    name: Risk",
    "    owner: risk",
    "    items:",
    "      - {key: leverage, title: Max leverage, kind: param, approved: 125, min: 1, max: 125, max_step: 25, unit: x}",
    "      - {key: margin, title: Maintenance margin, kind: param, approved: 0.4, min: 0.1, max: 50, max_step: 0.25, unit: '%'}",
    "      - {key: interval, title: Funding interval, kind: param, approved: 8h}",
    "      - {key: adl, title: ADL enabled, kind: param, approved: true}",
    "      - {key: fund, title: Insurance fund, kind: metric, op: '>=', target: 5000000}",
  ].join("\n"),
);

let db: Db;
let services: Services;
let now: Date;
let published: GreenlightEvent[];
let person: InProcess["person"];
let proposer: Actor;
let approverA: Actor;
let approverB: Actor;
let csLead: Actor;
let viewer: Actor;
let pusher: Actor;

const eventCount = () => db.get<{ n: number }>(sql`select count(*) as n from events`).n;
const rows = (table: string) => db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
const item = (id: string) => services.readiness.getItem("rel", id);
const params = () => services.params;

/** The refusal `run` throws, after checking it wrote nothing and appended no event. */
function refused(run: () => unknown): AppError {
  const before = {
    events: eventCount(),
    proposals: rows("param_proposals"),
    approvals: rows("param_approvals"),
    items: JSON.stringify(services.readiness.listItems("rel")),
  };
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect({
    events: eventCount(),
    proposals: rows("param_proposals"),
    approvals: rows("param_approvals"),
    items: JSON.stringify(services.readiness.listItems("rel")),
  }).toEqual(before);
  return error as AppError;
}

beforeEach(() => {
  now = new Date("2026-12-02T10:00:00Z");
  ({ db, services, published, person } = inProcess({
    clock: () => now,
    templates: [TEMPLATE],
    releases: [{ id: "rel", name: "Rel", template: "risk", launch_date: "2026-12-20" }],
  }));
  proposer = person("ana@example.com", "lead", ["risk"]);
  approverA = person("bo@example.com", "lead", ["risk"]);
  approverB = person("pmo@example.com", "admin", []);
  csLead = person("cs@example.com", "lead", ["cs"]);
  viewer = person("viewer@example.com", "viewer", []);
  pusher = { label: "token:config-service", can: person("svc@example.com", "lead", ["risk"]).can };
});

describe("proposals", () => {
  it("records values of each item's type with the approved value each was checked against", () => {
    const { proposal, seq } = params().propose(
      "rel",
      { values: { "risk.leverage": 100, "risk.interval": "4h", "risk.adl": false }, rationale: "Tighter launch" },
      proposer,
    );
    expect(proposal).toMatchObject({ status: "pending", proposed_by: "user:ana@example.com", rationale: "Tighter launch", approvals: [], stale: [] });
    expect(proposal.values).toEqual([
      { item: "risk.leverage", title: "Max leverage", unit: "x", value: 100, base: 125 },
      { item: "risk.interval", title: "Funding interval", unit: null, value: "4h", base: "8h" },
      { item: "risk.adl", title: "ADL enabled", unit: null, value: false, base: true },
    ]);
    expect(published.at(-1)).toMatchObject({ seq, type: "params.proposed", data: { proposal: proposal.id, values: { "risk.leverage": 100 } } });
    // Proposing changes nothing an item compares against.
    expect(item("risk.leverage").config.approved).toBe(125);
  });

  it("refuses a step beyond max_step naming the parameter, its previous value, the step and the max; nothing written", () => {
    const error = refused(() => params().propose("rel", { values: { "risk.leverage": 75, "risk.margin": 0.5 }, rationale: "Halve it" }, proposer));
    expect(error).toMatchObject({ status: 422, code: "step_too_large" });
    expect(error.message).toContain("risk.leverage: Max leverage: 125 x → 75 x is a step of 50, more than max_step 25");
    expect(error.details).toEqual([
      { path: "values.risk.leverage", message: expect.stringContaining("more than max_step 25"), previous: 125, step: 50, max_step: 25 },
    ]);
    // Exactly max_step is allowed, also with floating-point steps (0.4 → 0.65 is 0.25000000000000006).
    expect(params().propose("rel", { values: { "risk.leverage": 100, "risk.margin": 0.65 }, rationale: "One step" }, proposer).proposal.status).toBe("pending");
  });

  it("refuses every bad value at once: wrong type, non-finite, out of range, unknown, not a parameter, unchanged, and an empty proposal", () => {
    const error = refused(() =>
      params().propose(
        "rel",
        {
          values: { "risk.leverage": "100", "risk.margin": Infinity, "risk.adl": "yes", "risk.nope": 1, "risk.fund": 1, "risk.interval": "8h" },
          rationale: "x",
        },
        proposer,
      ),
    );
    expect(error).toMatchObject({ status: 422, code: "validation_failed" });
    expect(error.details).toEqual([
      { path: "values.risk.leverage", message: "expected a finite number" },
      { path: "values.risk.margin", message: "expected a finite number" },
      { path: "values.risk.adl", message: "expected true or false" },
      { path: "values.risk.nope", message: 'no parameter "risk.nope" in this release' },
      { path: "values.risk.fund", message: '"risk.fund" is a metric item, not a risk parameter' },
      { path: "values.risk.interval", message: "8h is already the approved value" },
    ]);
    expect(refused(() => params().propose("rel", { values: { "risk.leverage": 126 }, rationale: "x" }, proposer)).details).toEqual([
      { path: "values.risk.leverage", message: "126 x is above max 125 x" },
    ]);
    expect(refused(() => params().propose("rel", { values: {}, rationale: "x" }, proposer)).status).toBe(422);
  });

  it("is for admins and risk leads: a cs lead and a viewer are refused", () => {
    for (const who of [csLead, viewer]) {
      expect(refused(() => params().propose("rel", { values: { "risk.leverage": 100 }, rationale: "x" }, who))).toMatchObject({ status: 403 });
    }
    expect(params().propose("rel", { values: { "risk.leverage": 100 }, rationale: "x" }, approverB).proposal.proposed_by).toBe("user:pmo@example.com");
  });
});

describe("sign-off", () => {
  const propose = (values: Record<string, unknown> = { "risk.leverage": 100 }, who = proposer) =>
    params().propose("rel", { values, rationale: "Launch values" }, who).proposal.id;

  it("refuses the proposer (403), a viewer (403), a cs lead (403) and the same person twice (409), each with no event", () => {
    const id = propose();
    expect(refused(() => params().approve("rel", id, proposer))).toMatchObject({ status: 403, message: expect.stringContaining("who did not propose it") });
    expect(refused(() => params().approve("rel", id, viewer))).toMatchObject({ status: 403 });
    expect(refused(() => params().approve("rel", id, csLead))).toMatchObject({ status: 403 });
    const once = params().approve("rel", id, approverA);
    expect(once).toMatchObject({ approved: false, proposal: { status: "pending", approvals: [{ by: "user:bo@example.com" }] } });
    expect(published.at(-1)).toMatchObject({ type: "params.approved", data: { proposal: id, approvals: 1, approved: false } });
    // One approval changes nothing an item compares against.
    expect(item("risk.leverage").config.approved).toBe(125);
    expect(refused(() => params().approve("rel", id, approverA))).toMatchObject({ status: 409, code: "already_approved_by_you" });
    expect(refused(() => params().approve("rel", 9999, approverA))).toMatchObject({ status: 404 });
  });

  it("counts a person's own API token as that person: it neither approves their proposal nor gives a second approval; a token made by the environment is its own", () => {
    const tokens = createTokens(db, () => now, createSealer(Buffer.alloc(32, 7)));
    // Only an admin makes tokens: the PMO's own token stands in for the PMO.
    const pmoToken = actorFor(tokens.authenticate(tokens.create({ name: "pmo-ci", role: "admin" }, approverB).token)!);
    const mine = propose({ "risk.leverage": 100 }, approverB);
    expect(refused(() => params().approve("rel", mine, pmoToken))).toMatchObject({ status: 403 });
    const id = propose({ "risk.margin": 0.5 });
    params().approve("rel", id, approverB);
    expect(refused(() => params().approve("rel", id, pmoToken))).toMatchObject({ status: 409, code: "already_approved_by_you" });
    // Made through a token, a sign-off names the person who answers for it; the event names the token.
    const other = propose({ "risk.interval": "4h" });
    expect(params().approve("rel", other, pmoToken)).toMatchObject({ proposal: { approvals: [{ by: "user:pmo@example.com" }] } });
    expect(published.at(-1)).toMatchObject({ type: "params.approved", actor: "token:pmo-ci" });
    // A token from the environment (no person made it) answers for itself.
    const another = propose({ "risk.adl": false });
    const bootstrap = actorFor(tokens.authenticate(tokens.create({ name: "bootstrap", role: "admin" }, { label: "environment", can: () => true }).token)!);
    expect(params().approve("rel", another, bootstrap)).toMatchObject({ proposal: { approvals: [{ by: "token:bootstrap" }] } });
  });

  it("the second approval makes the values the approved ones and re-evaluates the items in the same transaction, the event carrying them", () => {
    // Deployed 100 while 125 is approved: red, drifting.
    params().pushDeployed("rel", { "risk.leverage": 100, "risk.adl": true }, pusher);
    expect(item("risk.leverage")).toMatchObject({ status: "red", reason: "deployed 100 x ≠ approved 125 x" });
    const version = item("risk.leverage").version;
    const id = propose({ "risk.leverage": 100, "risk.adl": false });
    params().approve("rel", id, approverA);
    const second = params().approve("rel", id, approverB);
    expect(second).toMatchObject({ approved: true, proposal: { status: "approved", decided_by: "user:pmo@example.com" } });
    const event = published.at(-1)!;
    expect(event).toMatchObject({ seq: second.seq, type: "params.approved", data: { proposal: id, approvals: 2, approved: true } });
    // The board delta of the approval's own event carries the items' new statuses.
    expect(event.board.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: "risk.leverage", status: "green", reason: "deployed 100 x = approved 100 x" }),
        expect.objectContaining({ id: "risk.adl", status: "red", reason: "deployed true ≠ approved false" }),
      ]),
    );
    expect(item("risk.leverage")).toMatchObject({ status: "green", config: { approved: 100, max_step: 25 }, version });
    expect(item("risk.adl").config.approved).toBe(false);
    // Evidence keeps fitting the item (the type of the approved value is kept) and compares against the new value.
    expect(services.readiness.reportEvidence("rel", "risk.adl", { deployed: false }, pusher).item.status).toBe("green");
    const view = params().view("rel");
    expect(view.params.find((p) => p.id === "risk.leverage")!.approved).toEqual({
      value: 100,
      proposal: id,
      at: now.toISOString(),
      by: ["user:bo@example.com", "user:pmo@example.com"],
    });
    expect(view.params.find((p) => p.id === "risk.margin")!.approved).toEqual({ value: 0.4, proposal: null, at: null, by: [] });
    // Approved is final.
    expect(refused(() => params().approve("rel", id, person("third@example.com", "admin", [])))).toMatchObject({ status: 409, code: "proposal_closed" });
  });

  it("max_step counts from the latest approved value; a newer approval makes a pending proposal on the same item stale", () => {
    const first = propose({ "risk.leverage": 100 });
    const competing = propose({ "risk.leverage": 110, "risk.margin": 0.5 });
    params().approve("rel", first, approverA);
    params().approve("rel", first, approverB);
    expect(
      params()
        .view("rel")
        .pending.find((p) => p.id === competing)!.stale,
    ).toEqual([{ item: "risk.leverage", base: 125, approved: 100 }]);
    const error = refused(() => params().approve("rel", competing, approverA));
    expect(error).toMatchObject({ status: 409, code: "stale_proposal" });
    expect(error.details).toEqual([{ path: "values.risk.leverage", message: "proposed against 125; approved is now 100" }]);
    // From 100, 125 is one step; 60 is two.
    expect(refused(() => propose({ "risk.leverage": 60 })).details).toMatchObject([{ previous: 100, step: 40, max_step: 25 }]);
    const next = propose({ "risk.leverage": 75 });
    params().approve("rel", next, approverA);
    params().approve("rel", next, approverB);
    expect(item("risk.leverage").config.approved).toBe(75);
    const history = params().view("rel", { limit: 2 });
    expect(history.history.proposals.map((p) => [p.id, p.status])).toEqual([
      [next, "approved"],
      [competing, "pending"],
    ]);
    expect(
      params()
        .view("rel", { limit: 2, before: history.history.next_before! })
        .history.proposals.map((p) => p.id),
    ).toEqual([first]);
  });

  it("an approver rejects with a reason, the proposer withdraws; neither the other way round; closed proposals take nothing more", () => {
    const a = propose();
    expect(refused(() => params().reject("rel", a, "not me", proposer))).toMatchObject({ status: 403 });
    expect(refused(() => params().withdraw("rel", a, undefined, approverA))).toMatchObject({ status: 403 });
    expect(params().reject("rel", a, "Too aggressive for launch", approverA).proposal).toMatchObject({
      status: "rejected",
      reason: "Too aggressive for launch",
      decided_by: "user:bo@example.com",
    });
    expect(published.at(-1)).toMatchObject({ type: "params.rejected", data: { proposal: a, withdrawn: false } });
    expect(refused(() => params().approve("rel", a, approverB))).toMatchObject({ status: 409, code: "proposal_closed" });
    const b = propose();
    expect(params().withdraw("rel", b, "typo", proposer).proposal).toMatchObject({ status: "withdrawn", reason: "typo" });
    expect(published.at(-1)).toMatchObject({ type: "params.rejected", data: { proposal: b, withdrawn: true } });
    expect(params().view("rel").pending).toEqual([]);
  });
});

describe("the deployed push", () => {
  it("is all or nothing: one bad value refuses the whole push with every problem named", () => {
    const error = refused(() => params().pushDeployed("rel", { "risk.leverage": 100, "risk.margin": "0.4", "risk.adl": 1, "risk.interval": "" }, pusher));
    expect(error).toMatchObject({ status: 422, code: "invalid_evidence" });
    expect(error.details).toEqual([
      { path: "values.risk.margin", message: "expected a finite number" },
      { path: "values.risk.adl", message: "expected true or false" },
      { path: "values.risk.interval", message: "expected a non-empty text" },
    ]);
    expect(refused(() => params().pushDeployed("rel", { "risk.leverage": Infinity }, pusher)).details).toEqual([
      { path: "values.risk.leverage", message: "expected a finite number" },
    ]);
    expect(item("risk.leverage").status).toBe("pending");
  });

  it("appends one evidence.reported event per changed item in one transaction; unchanged values append nothing; unknown keys come back", () => {
    const before = published.length;
    const first = params().pushDeployed(
      "rel",
      { "risk.leverage": 125, "risk.margin": 0.4, "risk.interval": "8h", "risk.adl": true, "risk.fund": 1, "risk.gone": 3 },
      pusher,
    );
    expect(first).toMatchObject({ changed: ["risk.leverage", "risk.margin", "risk.interval", "risk.adl"], unchanged: [], unknown: ["risk.fund", "risk.gone"] });
    const events = published.slice(before);
    expect(events.map((e) => [e.type, e.type === "evidence.reported" ? e.data.item : null])).toEqual([
      ["evidence.reported", "risk.leverage"],
      ["evidence.reported", "risk.margin"],
      ["evidence.reported", "risk.interval"],
      ["evidence.reported", "risk.adl"],
    ]);
    expect(first.seq).toBe(events.at(-1)!.seq);
    expect(events.every((e) => e.actor === "token:config-service")).toBe(true);
    expect(item("risk.margin")).toMatchObject({ status: "green", evidence: { deployed: 0.4 } });
    // The item's history reads the push like any other report.
    expect(services.readiness.history("rel", "risk.margin")[0]).toMatchObject({ type: "evidence.reported", evidence: { deployed: 0.4 }, status: "green" });

    const count = eventCount();
    const second = params().pushDeployed("rel", { "risk.leverage": 125, "risk.margin": 0.45, "risk.interval": "8h", "risk.adl": true }, pusher);
    expect(second).toEqual({ changed: ["risk.margin"], unchanged: ["risk.leverage", "risk.interval", "risk.adl"], unknown: [], seq: count + 1 });
    expect(eventCount()).toBe(count + 1);
    expect(item("risk.margin")).toMatchObject({ status: "red", reason: "deployed 0.45% ≠ approved 0.4%" });
    const third = params().pushDeployed("rel", { "risk.leverage": 125 }, pusher);
    expect(third).toEqual({ changed: [], unchanged: ["risk.leverage"], unknown: [], seq: count + 1 });
    expect(eventCount()).toBe(count + 1);
  });

  it("is for whoever may report evidence on those items: a cs lead and a viewer are refused, with nothing written", () => {
    expect(refused(() => params().pushDeployed("rel", { "risk.leverage": 100 }, csLead))).toMatchObject({ status: 403 });
    expect(refused(() => params().pushDeployed("rel", { "risk.leverage": 100 }, viewer))).toMatchObject({ status: 403 });
    expect(refused(() => params().pushDeployed("nope", { "risk.leverage": 100 }, pusher))).toMatchObject({ status: 404 });
  });
});

describe("drift", () => {
  const drift = (id: string) =>
    params()
      .view("rel")
      .params.find((p) => p.id === id)!.drift;

  it("is dated when deployed first differs from approved, ages with the clock, survives another wrong value, and ends when they agree", () => {
    params().pushDeployed("rel", { "risk.leverage": 125 }, pusher);
    expect(drift("risk.leverage")).toBeNull();
    const start = new Date(now);
    now = new Date(now.getTime() + 60_000);
    params().pushDeployed("rel", { "risk.leverage": 120 }, pusher);
    const began = now.toISOString();
    expect(drift("risk.leverage")).toEqual({ since: began, seconds: 0 });
    now = new Date(start.getTime() + 60_000 + (3 * 3600 + 12 * 60) * 1000);
    expect(drift("risk.leverage")).toEqual({ since: began, seconds: 3 * 3600 + 12 * 60 });
    // Another wrong value, by the API's evidence report this time: the drift goes on from when it began.
    services.readiness.reportEvidence("rel", "risk.leverage", { deployed: 110 }, pusher);
    expect(drift("risk.leverage")).toEqual({ since: began, seconds: 3 * 3600 + 12 * 60 });
    now = new Date(now.getTime() + 600_000);
    params().pushDeployed("rel", { "risk.leverage": 125 }, pusher);
    expect(drift("risk.leverage")).toBeNull();
  });

  it("starts and ends with an approval: the approved value moving away from, or onto, what is deployed", () => {
    params().pushDeployed("rel", { "risk.leverage": 125, "risk.margin": 0.5 }, pusher);
    expect(drift("risk.margin")).toMatchObject({ seconds: 0 });
    now = new Date(now.getTime() + 7200_000);
    expect(drift("risk.margin")).toMatchObject({ seconds: 7200 });
    const id = params().propose("rel", { values: { "risk.leverage": 110, "risk.margin": 0.5 }, rationale: "Match what runs" }, proposer).proposal.id;
    params().approve("rel", id, approverA);
    params().approve("rel", id, approverB);
    expect(drift("risk.margin")).toBeNull();
    expect(drift("risk.leverage")).toEqual({ since: now.toISOString(), seconds: 0 });
    expect(item("risk.leverage")).toMatchObject({ status: "red", reason: "deployed 125 x ≠ approved 110 x" });
  });
});
