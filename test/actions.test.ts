import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GreenlightEvent } from "../app/shared/events";
import { greenAllButActions, greenLaunchDate } from "./support/fixtures";
import { addPerson } from "./support/people";
import { api, eventCount, readDatabase, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * Post-mortems and action items over the API against the real server (issue
 * 13, SPEC 11): every closing rule refused with its status and no trace, the
 * `actions` kind following the release's open actions live on a socket, a
 * release from `perp-futures-v2` reaching an open gate, decisions' follow-ups
 * as action items, post-mortem review, CSV out and follow-ups in.
 */
let server: RunningServer;
let admin: ReturnType<typeof api>;
const as = {} as Record<"riskLead" | "riskLead2" | "opsLead" | "member" | "viewer", ReturnType<typeof api>>;

const RISK_OWNER = "rina@example.com";
const RISK_LEAD2 = "li@example.com";
const OPS_LEAD = "omar@example.com";
const MEMBER = "mo@example.com";
const VIEWER = "vi@example.com";

// Launching within a drill's validity: a drill performed today is green on launch day (SPEC 12.5).
const perp = (id: string) => ({ id, name: `Perp ${id}`, template: "perp-futures-v2", start_date: "2026-11-02", launch_date: greenLaunchDate() });
const events = () => eventCount(server.dbPath);
const accessRows = () => readDatabase(server.dbPath, (db) => (db.prepare("select count(*) as n from access_events").get() as { n: number }).n);
const actionRows = () => readDatabase(server.dbPath, (db) => (db.prepare("select count(*) as n from action_items").get() as { n: number }).n);

type Answer = Awaited<ReturnType<ReturnType<typeof api>>>;
const gateOf = async (release: string) => (await admin("GET", `/releases/${release}`)).body.release.gate as { open: boolean; blocking: number };
const itemOf = async (release: string, item: string) =>
  (await admin("GET", `/releases/${release}/items/${item}`)).body.item as { status: string; reason: string };

beforeAll(async () => {
  server = await startServer();
  admin = api(server.url);
  const token = async (name: string, role: string, functions: string[]) => (await admin("POST", "/tokens", { name, role, functions })).body.token as string;
  // People who own actions are users; their API tokens speak for them only through pages, so the rules for "the owner" are exercised with sessions below.
  await addPerson(server, { email: RISK_OWNER, role: "lead", functions: ["risk"] });
  await addPerson(server, { email: RISK_LEAD2, role: "lead", functions: ["risk"] });
  await addPerson(server, { email: OPS_LEAD, role: "lead", functions: ["ops"] });
  await addPerson(server, { email: MEMBER, role: "member" });
  await addPerson(server, { email: VIEWER, role: "viewer" });
  as.riskLead2 = api(server.url, await token("risk-lead", "lead", ["risk"]));
  as.opsLead = api(server.url, await token("ops-lead", "lead", ["ops"]));
  as.member = api(server.url, await token("member", "member", []));
  as.viewer = api(server.url, await token("viewer", "viewer", []));
  await admin("POST", "/releases", perp("pa"));
});

afterAll(async () => {
  await server?.stop();
});

describe("the actions kind on a release from perp-futures-v2", () => {
  it("is green with no action linked, so a release whose other items are green opens its gate; a P1 closes it (live, on a socket) and verifying it opens it again", async () => {
    await admin("POST", "/releases", perp("ready"));
    expect(await itemOf("ready", "follow-up.postmortem-actions")).toEqual(expect.objectContaining({ status: "green", reason: "no open P0/P1 actions" }));
    await greenAllButActions(server.url, TEST_TOKEN, "ready");
    expect(await gateOf("ready")).toEqual({ open: true, blocking: 0 });

    const socket: Socket = io(server.url, { auth: { token: TEST_TOKEN }, transports: ["websocket"], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const joined = await new Promise<{ ok: boolean; snapshot?: { actions: { open: number } } }>((resolve) =>
        socket.emit("board:join", { release: "ready", protocol: 2 }, resolve),
      );
      expect(joined.snapshot?.actions).toEqual({ open: 0, overdue: 0, items: [] });
      const received: GreenlightEvent[] = [];
      socket.on("board:event", (e: GreenlightEvent) => received.push(e));

      const due = "2027-01-15";
      const created = await admin("POST", "/actions", { title: "Cap the funding rate per tier", owner: RISK_OWNER, priority: "P1", releases: ["ready"], due });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        action: { owner: RISK_OWNER, function: "risk", priority: "P1", status: "open", releases: ["ready"] },
        seq: expect.any(Number),
      });
      expect(await itemOf("ready", "follow-up.postmortem-actions")).toEqual(
        expect.objectContaining({ status: "red", reason: `1 open P0/P1 action, 0 overdue, earliest due ${due}` }),
      );
      expect(await gateOf("ready")).toEqual({ open: false, blocking: 1 });

      const id = created.body.action.id as number;
      const closed = await as.riskLead2("POST", `/actions/${id}/close`, { status: "done", evidence_link: "https://grafana.example.com/d/funding" });
      expect(closed.status).toBe(200);
      expect(closed.body.action).toMatchObject({ status: "done", evidence_link: "https://grafana.example.com/d/funding", closed_by: "token:risk-lead" });
      expect(await gateOf("ready")).toEqual({ open: true, blocking: 0 });

      await expect.poll(() => received.map((e) => e.type)).toEqual(["action.created", "action.closed"]);
      const [opened, done] = received;
      expect(opened!.board.items).toEqual([expect.objectContaining({ id: "follow-up.postmortem-actions", status: "red" })]);
      expect(opened!.board.gate).toEqual({ open: false, blocking: 1 });
      expect(opened!.board.actions).toMatchObject({ open: 1, overdue: 0, items: [{ id, owner: RISK_OWNER, due, priority: "P1" }] });
      expect(done!.board.items).toEqual([expect.objectContaining({ id: "follow-up.postmortem-actions", status: "green" })]);
      expect(done!.board.gate).toEqual({ open: true, blocking: 0 });
      expect(done!.board.actions).toEqual({ open: 0, overdue: 0, items: [] });

      const decided = await admin("POST", "/releases/ready/decisions", { decision: "go", summary: "All green" });
      // Votes are still missing: the gate is not what refuses it.
      expect(decided.body.error.code).not.toBe("gate_closed");
    } finally {
      socket.disconnect();
    }
  });

  it("counts only its priorities: a P2 leaves it green", async () => {
    const p2 = await admin("POST", "/actions", { title: "Tidy the runbook", owner: RISK_OWNER, priority: "P2", releases: ["pa"] });
    expect(p2.status).toBe(201);
    expect(await itemOf("pa", "follow-up.postmortem-actions")).toEqual(expect.objectContaining({ status: "green" }));
  });

  it("names the overdue ones: an explicit due date in the past is overdue at once", async () => {
    await admin("POST", "/releases", perp("late"));
    const res = await admin("POST", "/actions", { title: "Imported late", owner: RISK_OWNER, priority: "P0", releases: ["late"], due: "2026-01-05" });
    expect(res.body.action.overdue).toBe(true);
    expect((await itemOf("late", "follow-up.postmortem-actions")).reason).toBe("1 open P0/P1 action, 1 overdue, earliest due 2026-01-05");
  });
});

describe("the rules of SPEC 11", () => {
  let p0: number;
  let p1: number;
  let p2: number;
  beforeAll(async () => {
    const make = async (priority: string) =>
      (await admin("POST", "/actions", { title: `${priority} fix`, owner: RISK_OWNER, priority, releases: ["pa"] })).body.action.id as number;
    p0 = await make("P0");
    p1 = await make("P1");
    p2 = await make("P2");
  });

  /** A refused request: its status, its code, and nothing written anywhere. */
  async function refused(call: () => Promise<Answer>, status: number, code?: string) {
    const before = { events: events(), access: accessRows(), actions: actionRows() };
    const res = await call();
    expect(res.status).toBe(status);
    if (code) expect(res.body.error.code).toBe(code);
    expect({ events: events(), access: accessRows(), actions: actionRows() }).toEqual(before);
    return res;
  }

  it("the owner may not close their own P0 as done, even with evidence (403)", async () => {
    const owner = await addPerson(server, { email: "p0-owner@example.com", role: "lead", functions: ["risk"] });
    const mine = (await admin("POST", "/actions", { title: "Mine", owner: "p0-owner@example.com", priority: "P0", releases: ["pa"] })).body.action.id;
    const res = await refused(
      () =>
        fetch(`${server.url}/actions/${mine}`, {
          method: "POST",
          headers: { cookie: owner.cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ intent: "close", status: "done", evidence_link: "https://example.com/fix" }),
        }).then(async (r) => ({ status: r.status, body: await r.text() })),
      403,
    );
    expect(res.body).toContain("someone other than its owner");
  });

  it("a P1 closed as done without an evidence link is refused (422)", async () => {
    const res = await refused(() => as.riskLead2("POST", `/actions/${p1}/close`, { status: "done" }), 422, "evidence_required");
    expect(res.body.error.message).toMatch(/evidence link/);
  });

  it("wont_do needs a reason (422)", async () => {
    await refused(() => admin("POST", `/actions/${p2}/close`, { status: "wont_do" }), 422, "validation_failed");
    await refused(() => admin("POST", `/actions/${p2}/close`, { status: "wont_do", reason: "   " }), 422, "validation_failed");
  });

  it("a P0/P1 wont_do is for an admin: a lead of its function is refused (403)", async () => {
    const res = await refused(() => as.riskLead2("POST", `/actions/${p1}/close`, { status: "wont_do", reason: "not needed" }), 403, "forbidden");
    expect(res.body.error.message).toBe("only an admin may close a P1 action as won't do");
  });

  it("a lead of another function may not close it (403); nor may a member who does not own it", async () => {
    await refused(() => as.opsLead("POST", `/actions/${p2}/close`, { status: "done" }), 403, "forbidden");
    await refused(() => as.member("POST", `/actions/${p2}/close`, { status: "done" }), 403, "forbidden");
  });

  it("an owner who is not a user is refused (422), on create and on change", async () => {
    const res = await refused(
      () => admin("POST", "/actions", { title: "x", owner: "nobody@example.com", priority: "P1", releases: ["pa"] }),
      422,
      "validation_failed",
    );
    expect(res.body.error.details).toEqual([{ path: "owner", message: "no user with email nobody@example.com" }]);
    await refused(() => admin("PATCH", `/actions/${p2}`, { owner: "nobody@example.com" }), 422, "validation_failed");
  });

  it("a viewer writes nothing (403): no action, no change, no close, no post-mortem", async () => {
    await refused(() => as.viewer("POST", "/actions", { title: "x", owner: RISK_OWNER, function: "risk", releases: ["pa"] }), 403, "forbidden");
    await refused(() => as.viewer("PATCH", `/actions/${p2}`, { title: "y" }), 403, "forbidden");
    await refused(() => as.viewer("POST", `/actions/${p2}/close`, { status: "done" }), 403, "forbidden");
    await refused(
      () => as.viewer("POST", "/postmortems", { title: "x", incident_at: "2026-11-30T10:00:00Z", severity: "SEV3", owner: RISK_OWNER }),
      403,
      "forbidden",
    );
    await refused(() => as.viewer("POST", "/actions/import", { follow_ups: [{ id: "1", title: "x", status: "outstanding" }] }), 403, "forbidden");
  });

  it("a board link is no API token: refused (401) and nothing written", async () => {
    const link = await admin("POST", "/releases/pa/board-links", { name: "TV" });
    await refused(() => api(server.url, link.body.token)("POST", `/actions/${p2}/close`, { status: "done" }), 401, "unauthorized");
  });

  it("a lead of another function may not create actions for risk; links must exist", async () => {
    await refused(() => as.opsLead("POST", "/actions", { title: "x", owner: RISK_OWNER, function: "risk", releases: ["pa"] }), 403, "forbidden");
    const bad = await refused(
      () => admin("POST", "/actions", { title: "x", owner: RISK_OWNER, releases: ["nope"], postmortem: 999, item: "a.b" }),
      422,
      "validation_failed",
    );
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(["releases[0]", "postmortem", "item"]);
    await refused(() => admin("POST", "/actions", { title: "x", owner: RISK_OWNER, priority: "P9" }), 422, "validation_failed");
    await refused(() => admin("POST", "/actions", { title: "x", owner: RISK_OWNER, due: "2026-02-30" }), 422, "validation_failed");
  });

  it("the owner may not lower their own bar: priority, due date and owner are for an admin or a lead of its function", async () => {
    const owner = await addPerson(server, { email: "bar@example.com", role: "member", functions: ["risk"] });
    const mine = (await admin("POST", "/actions", { title: "Raise the bar", owner: "bar@example.com", function: "risk", priority: "P1", releases: ["pa"] }))
      .body.action.id;
    const post = (body: Record<string, string>) =>
      fetch(`${server.url}/actions/${mine}`, {
        method: "POST",
        headers: { cookie: owner.cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "update", ...body }),
      }).then(async (r) => ({ status: r.status, body: await r.text() }));
    await refused(() => post({ priority: "P3" }), 403);
    expect((await admin("GET", `/actions/${mine}`)).body.action.priority).toBe("P1");
  });

  it("closing twice is a conflict (409), and a closed action is not changed (409)", async () => {
    const once = await admin("POST", `/actions/${p2}/close`, { status: "wont_do", reason: "superseded by the P1" });
    expect(once.status).toBe(200);
    expect(once.body.action).toMatchObject({ status: "wont_do", reason: "superseded by the P1" });
    await refused(() => admin("POST", `/actions/${p2}/close`, { status: "wont_do", reason: "again" }), 409, "action_closed");
    await refused(() => admin("PATCH", `/actions/${p2}`, { title: "new" }), 409, "action_closed");
  });

  it("an admin may drop a P0 as won't do with a reason; a P1 is done when another lead of its function verifies it with evidence", async () => {
    expect((await admin("POST", `/actions/${p0}/close`, { status: "wont_do", reason: "the feature was cut" })).status).toBe(200);
    expect((await admin("PATCH", `/actions/${p1}`, { evidence_link: "https://ci.example.com/run/42", status: "in_progress" })).status).toBe(200);
    const verified = await as.riskLead2("POST", `/actions/${p1}/close`, { status: "done" });
    expect(verified.status).toBe(200);
    expect(verified.body.action).toMatchObject({ status: "done", evidence_link: "https://ci.example.com/run/42" });
  });
});

describe("the API's reads", () => {
  it("lists with filters, overdue first, and exports CSV with formula cells escaped", async () => {
    await admin("POST", "/releases", perp("csv"));
    await admin("POST", "/actions", { title: '=HYPERLINK("http://evil")', owner: RISK_OWNER, priority: "P2", releases: ["csv"], due: "2027-02-01" });
    await admin("POST", "/actions", { title: "Late one", owner: RISK_OWNER, priority: "P3", releases: ["csv"], due: "2026-01-01" });
    const list = await admin("GET", "/actions?release=csv");
    expect(list.body.actions.map((a: { title: string }) => a.title)).toEqual(["Late one", '=HYPERLINK("http://evil")']);
    expect((await admin("GET", "/actions?release=csv&overdue=1")).body.actions).toHaveLength(1);
    expect((await admin("GET", "/actions?release=csv&priority=P2")).body.actions).toHaveLength(1);
    expect((await admin("GET", "/actions?limit=5000")).status).toBe(422);
    const csv = await fetch(`${server.url}/api/v1/actions?release=csv&format=csv`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split("\n")[0]).toBe(
      "id,title,owner,function,priority,due,status,overdue,releases,postmortem,item,evidence_link,reason,closed_by,closed_at,created_at,description,owner_name",
    );
    // The owner's name, last: a person reads it, scripts reading the columns before it by position are not moved.
    expect(text.split("\n")[1]).toMatch(/^\d+,Late one,rina@example\.com,risk,.*,rina$/);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });

  it("gives the daily digest per owner: overdue and due within two working days", async () => {
    const digest = await admin("GET", `/actions/digest?owner=${RISK_OWNER}`);
    expect(digest.status).toBe(200);
    expect(digest.body.digests).toHaveLength(1);
    const mine = digest.body.digests[0];
    expect(mine.owner).toBe(RISK_OWNER);
    expect(mine.overdue.map((a: { title: string }) => a.title)).toEqual(expect.arrayContaining(["Late one", "Imported late"]));
    expect(mine.overdue.every((a: { overdue: boolean }) => a.overdue)).toBe(true);
    expect(mine.due_soon.every((a: { due: string }) => a.due <= digest.body.due_by)).toBe(true);
  });
});

describe("a decision's follow-ups", () => {
  it("are action items of the same kind: the old endpoints still list and close them, and a P1 follow-up blocks the release", async () => {
    await admin("POST", "/releases", perp("nogo"));
    const bad = await admin("POST", "/releases/nogo/decisions", {
      decision: "no_go",
      summary: "Hold",
      actions: [{ title: "x", owner: "ghost@example.com", due: "2026-12-20" }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details).toEqual([{ path: "actions[0].owner", message: "no user with email ghost@example.com" }]);
    const decided = await admin("POST", "/releases/nogo/decisions", {
      decision: "no_go",
      summary: "Funding caps not signed off",
      actions: [
        { title: "Sign off the funding caps", owner: "risk", due: "2026-12-20", priority: "P1" },
        { title: "Brief CS on the delay", owner: OPS_LEAD, due: "2026-12-21" },
      ],
    });
    expect(decided.status).toBe(201);
    const listed = await admin("GET", "/actions?release=nogo");
    expect(listed.body.actions).toEqual([
      expect.objectContaining({ title: "Sign off the funding caps", owner: null, function: "risk", priority: "P1", decision: decided.body.id }),
      expect.objectContaining({ title: "Brief CS on the delay", owner: OPS_LEAD, function: "ops", priority: "P2", decision: decided.body.id }),
    ]);
    expect((await itemOf("nogo", "follow-up.postmortem-actions")).status).toBe("red");
    const legacy = await admin("GET", "/releases/nogo/actions?open=1");
    expect(legacy.body.actions.map((a: { owner: string }) => a.owner)).toEqual(["risk", OPS_LEAD]);
    const p2 = legacy.body.actions[1].id;
    const done = await as.opsLead("POST", `/releases/nogo/actions/${p2}/done`);
    expect(done.status).toBe(200);
    expect(done.body.action).toMatchObject({ done_by: "token:ops-lead", status: "done" });
    expect((await as.riskLead2("POST", `/releases/nogo/actions/${legacy.body.actions[0].id}/done`)).status).toBe(422);
    expect((await admin("POST", `/releases/pa/actions/${p2}/done`)).status).toBe(404);
  });
});

describe("post-mortems", () => {
  it("start from a No-Go decision, prefilled with its blocking items, and take its follow-ups", async () => {
    const decision = (await admin("GET", "/releases/nogo/decisions")).body.decisions[0].id;
    const res = await admin("POST", "/postmortems", { from_decision: decision, owner: OPS_LEAD });
    expect(res.status).toBe(201);
    const pm = res.body.postmortem;
    expect(pm).toMatchObject({ title: "NO-GO: Perp nogo", severity: "SEV3", status: "draft", releases: ["nogo"], decision, owner: OPS_LEAD });
    expect(pm.summary).toContain("Funding caps not signed off");
    expect(pm.causes.length).toBeGreaterThan(0);
    expect(pm.timeline.at(-1).text).toMatch(/^NO-GO recorded by/);
    const read = await admin("GET", `/postmortems/${pm.id}`);
    expect(read.body.actions.map((a: { title: string; status: string }) => [a.title, a.status])).toEqual([
      ["Sign off the funding caps", "open"],
      ["Brief CS on the delay", "done"],
    ]);
    expect(read.body.postmortem.actions).toEqual({ total: 2, open: 1 });
  });

  it("go draft → in review → published, published by a lead who is not the owner; a published one is final", async () => {
    const created = await admin("POST", "/postmortems", {
      title: "Canary latency spike",
      incident_at: "2026-11-20T08:00:00Z",
      severity: "SEV2",
      owner: OPS_LEAD,
      releases: ["pa"],
      summary: "**p99** rose",
      timeline: [{ at: "2026-11-20T08:06:00Z", text: "alert" }],
      causes: ["old kernel"],
    });
    expect(created.status).toBe(201);
    const id = created.body.postmortem.id;
    const before = events();
    expect((await admin("POST", `/postmortems/${id}/publish`)).status).toBe(409);
    expect(events()).toBe(before);
    expect((await as.opsLead("PATCH", `/postmortems/${id}`, { title: "x" })).status).toBe(403);
    expect((await admin("POST", `/postmortems/${id}/status`, { status: "in_review" })).body.postmortem.status).toBe("in_review");
    expect((await as.member("POST", `/postmortems/${id}/publish`)).status).toBe(403);
    expect((await as.riskLead2("POST", `/postmortems/${id}/publish`)).status).toBe(200);
    expect((await admin("GET", `/postmortems/${id}`)).body.postmortem).toMatchObject({ status: "published", published_by: "token:risk-lead" });
    expect((await admin("PATCH", `/postmortems/${id}`, { title: "rewritten" })).status).toBe(409);
    const list = await admin("GET", "/postmortems?release=pa&status=published");
    expect(list.body.postmortems.map((p: { id: number }) => p.id)).toEqual([id]);
    expect((await admin("GET", "/postmortems?severity=SEV9")).status).toBe(422);
  });

  it("refuse a bad post-mortem with every problem named, writing nothing", async () => {
    const before = events();
    const res = await admin("POST", "/postmortems", {
      title: "",
      incident_at: "yesterday",
      severity: "SEV5",
      owner: "ghost@example.com",
      releases: ["Bad Id"],
    });
    expect(res.status).toBe(422);
    expect(res.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["incident_at", "releases[0]", "severity", "title"]);
    expect(
      (await admin("POST", "/postmortems", { title: "t", incident_at: "2026-11-20T08:00:00Z", severity: "SEV2", owner: "ghost@example.com" })).status,
    ).toBe(422);
    expect(events()).toBe(before);
  });
});

describe("follow-ups in", () => {
  it("imports incident.io's follow-ups JSON: statuses and priorities mapped, unknown owners reported back and kept, a second import skipped", async () => {
    const body = {
      follow_ups: [
        {
          id: "01HX1",
          title: "Add per-shard alert",
          status: "outstanding",
          priority: { id: "p", name: "High", rank: 2 },
          assignee: { email: OPS_LEAD, name: "Omar" },
        },
        { id: "01HX2", title: "Write the runbook", status: "completed", priority: { name: "Low" }, assignee: { email: OPS_LEAD } },
        { id: "01HX3", title: "Rotate the keys", status: "not_doing", priority: null, assignee: null },
        { id: "01HX4", title: "Ask the vendor", status: "outstanding", priority: { name: "Urgent" }, assignee: { email: "vendor@else.example" } },
        { id: "01HX5", title: "Patch the gateway", status: "completed", priority: { name: "Urgent" }, assignee: { email: OPS_LEAD } },
      ],
    };
    const res = await admin("POST", "/actions/import?release=pa&function=ops", body);
    expect(res.status).toBe(201);
    expect(
      res.body.created.map((a: { title: string; priority: string; status: string; owner: string | null }) => [a.title, a.priority, a.status, a.owner]),
    ).toEqual([
      ["Add per-shard alert", "P1", "open", OPS_LEAD],
      ["Write the runbook", "P3", "done", OPS_LEAD],
      ["Rotate the keys", "P2", "wont_do", null],
      ["Ask the vendor", "P0", "open", null],
      ["Patch the gateway", "P0", "open", OPS_LEAD],
    ]);
    expect(res.body.unknown_owners).toEqual([{ index: 3, owner: "vendor@else.example", title: "Ask the vendor" }]);
    // A P0 closed at the source with no evidence link does not arrive closed: the rules of SPEC 11 hold for imports too.
    expect(res.body.reopened).toEqual([{ index: 4, reason: "closed at the source, imported open: no evidence link" }]);
    const again = await admin("POST", "/actions/import?release=pa&function=ops", body);
    expect(again.body.created).toEqual([]);
    expect(again.body.skipped).toHaveLength(5);
  });

  it("imports closed rows closed only as the importer may close them, and settles the release once", async () => {
    await admin("POST", "/releases", perp("imp"));
    const csv = [
      "title,owner,priority,status,reason,evidence_link",
      "Drop the legacy feed,,P0,wont_do,superseded,",
      "Fixed already,,P2,done,,https://ci.example.com/9",
    ].join("\n");
    const before = events();
    const res = await fetch(`${server.url}/api/v1/actions/import?release=imp&function=ops`, {
      method: "POST",
      headers: {
        authorization: "Bearer " + (await admin("POST", "/tokens", { name: "ops-importer", role: "lead", functions: ["ops"] })).body.token,
        "content-type": "text/csv",
      },
      body: csv,
    });
    const json = await res.json();
    expect(json.created.map((a: { title: string; status: string }) => [a.title, a.status])).toEqual([
      ["Drop the legacy feed", "open"],
      ["Fixed already", "done"],
    ]);
    expect(json.reopened).toEqual([{ line: 2, reason: "closed at the source, imported open: you may not close a P0 action as won't do" }]);
    // Three events (two created, one closed); the last one carries the release's actions item.
    const log = (await admin("GET", `/releases/imp/events?after=${(await admin("GET", "/releases/imp/events?limit=1000")).body.events.length - 3}`)).body
      .events;
    expect(events()).toBe(before + 3);
    expect(log.map((e: { type: string }) => e.type)).toEqual(["action.created", "action.created", "action.closed"]);
    expect(log.map((e: { board: { items: unknown[] } }) => e.board.items.length)).toEqual([0, 0, 1]);
    expect((await itemOf("imp", "follow-up.postmortem-actions")).status).toBe("red");
  });

  it("imports a CSV, naming bad lines and writing nothing when any is bad", async () => {
    const csv = ["title,owner,priority,due", "Fix the cancel path,omar@example.com,P1,2027-01-10", "Call the auditor,stranger@example.com,p2,"].join("\n");
    const res = await fetch(`${server.url}/api/v1/actions/import?release=pa&function=ops`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "text/csv" },
      body: csv,
    });
    const json = await res.json();
    expect(res.status).toBe(201);
    expect(json.created.map((a: { title: string; due: string }) => [a.title, a.due.length])).toEqual([
      ["Fix the cancel path", 10],
      ["Call the auditor", 10],
    ]);
    expect(json.unknown_owners).toEqual([{ line: 3, owner: "stranger@example.com", title: "Call the auditor" }]);

    const before = actionRows();
    const bad = await fetch(`${server.url}/api/v1/actions/import?release=pa`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "text/csv" },
      body: "title,priority,due\nok,P1,2027-01-01\n,P7,2027-02-30\n",
    });
    expect(bad.status).toBe(422);
    const problems = (await bad.json()).error.details as { line: number; message: string }[];
    expect(problems.every((p) => p.line === 3)).toBe(true);
    expect(problems.map((p) => p.message.split(":")[0]).sort()).toEqual(["due", "priority", "title"]);
    expect(actionRows()).toBe(before);
  });
});
