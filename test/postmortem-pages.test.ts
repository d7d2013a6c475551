import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, startServer, type RunningServer } from "./support/server";

/**
 * The post-mortem pages against the real server (production build): create
 * from the form and from a No-Go decision, the summary's Markdown rendered
 * without live script or `javascript:` links, review and publication by
 * someone other than the owner, actions added by a function's lead, and a
 * viewer refused on every intent.
 */
let server: RunningServer;
let browser: Browser;
let call: ReturnType<typeof api>;
let pmo: Person;
let risk: Person;
let ops: Person;
let viewer: Person;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  call = api(server.url);
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
  risk = await addPerson(server, { email: "rita@example.com", name: "Rita Risk", role: "lead", functions: ["risk"] });
  ops = await addPerson(server, { email: "omar@example.com", name: "Omar Ops", role: "lead", functions: ["ops"] });
  viewer = await addPerson(server, { email: "vic@example.com", name: "Vic Viewer", role: "viewer" });
  const release = await call("POST", "/releases", {
    id: "perp",
    name: "Perp Futures V2",
    template: "perp-futures-v2",
    start_date: "2026-11-02",
    launch_date: "2026-12-01",
  });
  expect(release.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function get(path: string, who: Person) {
  const res = await fetch(`${server.url}${path}`, { headers: { cookie: who.cookie }, redirect: "manual" });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
}

/** A form post as the person's browser sends it, from the app's own origin. */
async function post(path: string, who: Person, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) body.append(k, value);
  const res = await fetch(`${server.url}${path}`, { method: "POST", body, headers: { cookie: who.cookie, origin: server.url }, redirect: "manual" });
  return { status: res.status, html: await res.text(), location: res.headers.get("location") };
}

/** Text as React writes it into HTML. */
const html = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
const postmortems = async () => (await call("GET", "/postmortems")).body.postmortems as { id: number }[];
const read = async (id: number) =>
  (await call("GET", `/postmortems/${id}`)).body as { postmortem: Record<string, unknown>; actions: Record<string, unknown>[] };

const form = {
  title: "Funding rate spike paused trading",
  incident_at: "2026-11-20T14:05:00.000Z",
  severity: "SEV2",
  owner: "rita@example.com",
  releases: "perp",
  incident_ref: "https://incidents.example/INC-2041",
  summary: "Funding **spiked** to the cap.",
  causes: "Cap too low for the volatility\nAlert routed to an old channel",
  timeline: "2026-11-20 14:05Z | Funding hits the cap\n2026-11-20 14:40Z | Trading resumes\n2026-11-20 15:10+01:00 | Ops paged",
};

describe("the create form", () => {
  let created: number;

  it("creates a post-mortem and goes to its page", async () => {
    const res = await post("/postmortems/new", risk, form);
    expect(res.status).toBe(302);
    const id = Number(/^\/postmortems\/(\d+)$/.exec(res.location ?? "")?.[1]);
    expect(id).toBeGreaterThan(0);
    created = id;
    const { postmortem } = await read(id);
    expect(postmortem).toMatchObject({
      title: form.title,
      incident_at: form.incident_at,
      severity: "SEV2",
      owner: "rita@example.com",
      owner_name: "Rita Risk",
      status: "draft",
      releases: ["perp"],
      incident_ref: form.incident_ref,
      causes: ["Cap too low for the volatility", "Alert routed to an old channel"],
      // In time order, whatever the offset it was written with.
      timeline: [
        { at: "2026-11-20T14:05:00Z", text: "Funding hits the cap" },
        { at: "2026-11-20T15:10:00+01:00", text: "Ops paged" },
        { at: "2026-11-20T14:40:00Z", text: "Trading resumes" },
      ],
      decision: null,
    });
    const page = await get(`/postmortems/${id}`, viewer);
    expect(page.status).toBe(200);
    expect(page.html).toContain("Funding <strong>spiked</strong> to the cap.");
    expect(page.html).toContain('href="https://incidents.example/INC-2041"');
    expect(page.html).toContain('href="/releases/perp"');
    expect(page.html).toContain("2026-11-20 14:10 UTC");
  });

  it("answers bad input with 400 and the message at the field, and creates nothing", async () => {
    const before = (await postmortems()).length;
    const events = eventCount(server.dbPath);
    const untitled = await post("/postmortems/new", risk, { ...form, title: "" });
    expect(untitled.status).toBe(400);
    expect(untitled.html).toMatch(/role="alert"[^>]*>enter a title/);
    const badLine = await post("/postmortems/new", risk, { ...form, timeline: "2026-11-20 14:05Z | ok\nsometime | vague" });
    expect(badLine.status).toBe(400);
    expect(badLine.html).toMatch(/role="alert"[^>]*>line 2: write/);
    // Valid in form, refused by the service: the owner must be a user.
    const stranger = await post("/postmortems/new", risk, { ...form, owner: "nobody@example.com" });
    expect(stranger.status).toBe(422);
    expect(stranger.html).toMatch(/role="alert"[^>]*>no user with email nobody@example.com/);
    expect((await postmortems()).length).toBe(before);
    expect(eventCount(server.dbPath)).toBe(events);
  });

  it("is only for admins and leads", async () => {
    expect((await get("/postmortems/new", viewer)).status).toBe(403);
    const before = (await postmortems()).length;
    expect((await post("/postmortems/new", viewer, form)).status).toBe(403);
    expect((await postmortems()).length).toBe(before);
    const list = await get("/postmortems", viewer);
    expect(list.html).toContain(form.title);
    expect(list.html).not.toContain("+ New post-mortem");
    expect((await get("/postmortems", risk)).html).toContain("+ New post-mortem");
  });

  it("lists post-mortems, filtered by the query string", async () => {
    const sev2 = await get("/postmortems?severity=SEV2&status=&release=perp&owner=", viewer);
    expect(sev2.status).toBe(200);
    expect(sev2.html).toContain(`href="/postmortems/${created}"`);
    const sev1 = await get("/postmortems?severity=SEV1", viewer);
    expect(sev1.html).not.toContain(`href="/postmortems/${created}"`);
    expect(sev1.html).toContain("No post-mortem matches these filters.");
    expect((await get("/postmortems?severity=SEV9", viewer)).status).toBe(400);
  });
});

describe("the summary", () => {
  it("is Markdown rendered safely: no live script, no javascript: link", async () => {
    const res = await call("POST", "/postmortems", {
      ...form,
      title: "Hostile summary",
      releases: ["perp"],
      causes: [],
      timeline: [],
      summary: "<script>alert(1)</script>\n\n[x](javascript:alert(1)) and [y](JAVASCRIPT:alert(2))\n\n<img src=x onerror=alert(3)>\n\n- **kept** as Markdown",
    });
    expect(res.status).toBe(201);
    const page = await get(`/postmortems/${res.body.postmortem.id}`, viewer);
    expect(page.status).toBe(200);
    expect(page.html).not.toMatch(/<script>alert/i);
    expect(page.html).not.toMatch(/href="javascript:/i);
    expect(page.html).not.toMatch(/<img[^>]*onerror/i);
    // The rest is rendered, as Markdown; the hostile parts are left as words.
    expect(page.html).toContain("<li><strong>kept</strong> as Markdown</li>");
    expect(page.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
});

describe("a post-mortem from a No-Go decision", () => {
  it("is prefilled from the record, and takes the decision's follow-up actions", async () => {
    const decision = await call("POST", "/releases/perp/decisions", {
      decision: "no_go",
      summary: "Hold: risk limits not signed off",
      actions: [{ title: "Sign off the position limits", owner: "risk", due: "2026-12-04", priority: "P1" }],
    });
    expect(decision.status).toBe(201);
    const id = decision.body.id as number;
    const { record } = (await call("GET", `/decisions/${id}`)).body;
    const blocking = record.items.filter((i: { status: string }) => i.status !== "green") as { title: string }[];
    expect(blocking.length).toBeGreaterThan(0);

    const prefilled = await get(`/postmortems/new?decision=${id}`, risk);
    expect(prefilled.status).toBe(200);
    expect(prefilled.html).toContain("NO-GO: Perp Futures V2");
    expect(prefilled.html).toContain(`### Blocking items (${blocking.length})`);
    expect(prefilled.html).toContain(html(blocking[0]!.title));
    expect(prefilled.html).toContain(`name="from_decision" value="${id}"`);
    expect((await get(`/postmortems/new?decision=99999`, risk)).status).toBe(404);

    // Submitted as the browser sends the prefilled form.
    const tab = await openPage(browser);
    try {
      await signInBrowser(tab.context, server, risk);
      await visit(tab.page, `${server.url}/postmortems/new?decision=${id}`);
      await tab.page.click('button:has-text("Create the post-mortem")');
      await tab.page.waitForURL(/\/postmortems\/\d+$/);
      await hydrated(tab.page);
      const pmId = Number(/\/postmortems\/(\d+)$/.exec(tab.page.url())![1]);
      const { postmortem, actions } = await read(pmId);
      expect(postmortem).toMatchObject({ title: "NO-GO: Perp Futures V2", decision: id, releases: ["perp"], owner: "rita@example.com", severity: "SEV3" });
      expect(postmortem.causes).toHaveLength(blocking.length);
      expect(actions).toEqual([
        expect.objectContaining({ title: "Sign off the position limits", function: "risk", owner: null, priority: "P1", decision: id }),
      ]);
      await tab.page.waitForSelector(`a[href="/decisions/${id}"]:has-text("from decision ${id}")`);
      expect(await tab.page.locator('[aria-label="Actions"]').textContent()).toContain("risk (no owner yet)");
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }

    // The decision page offers it to those who may create post-mortems.
    expect((await get(`/decisions/${id}`, pmo)).html).toContain(`href="/postmortems/new?decision=${id}"`);
    expect((await get(`/decisions/${id}`, viewer)).html).not.toContain("/postmortems/new?decision=");
  });
});

describe("review, publication and actions", () => {
  let id: number;
  const create = async (who: Person, owner: string) => {
    const res = await post("/postmortems/new", who, { ...form, title: `Review ${owner}`, owner });
    expect(res.status).toBe(302);
    return Number(res.location!.split("/").pop());
  };

  beforeAll(async () => {
    id = await create(risk, risk.email);
  });

  it("the owner edits and submits for review, but may not publish; another lead publishes", async () => {
    const edit = await post(`/postmortems/${id}`, risk, { intent: "edit", ...form, title: "Funding cap too low", severity: "SEV1", releases: [] });
    expect(edit.status).toBe(200);
    expect((await read(id)).postmortem).toMatchObject({ title: "Funding cap too low", severity: "SEV1", releases: [] });

    const early = await post(`/postmortems/${id}`, ops, { intent: "status", status: "published" });
    expect(early.status).toBe(409);
    expect(early.html).toContain("submit it for review first");
    expect((await post(`/postmortems/${id}`, risk, { intent: "status", status: "in_review" })).status).toBe(200);
    const ownPage = await get(`/postmortems/${id}`, risk);
    expect(ownPage.html).not.toContain("✔ Publish");
    expect(ownPage.html).toContain("Back to draft");

    const byOwner = await post(`/postmortems/${id}`, risk, { intent: "status", status: "published" });
    expect(byOwner.status).toBe(403);
    expect(byOwner.html).toMatch(/role="alert"[^>]*>A post-mortem is published by an admin or a lead who is not its owner/);
    expect((await read(id)).postmortem.status).toBe("in_review");

    expect((await get(`/postmortems/${id}`, ops)).html).toContain("✔ Publish");
    const byOther = await post(`/postmortems/${id}`, ops, { intent: "status", status: "published" });
    expect(byOther.status).toBe(200);
    expect((await read(id)).postmortem).toMatchObject({ status: "published", published_by: "user:omar@example.com" });

    const late = await post(`/postmortems/${id}`, pmo, { intent: "edit", ...form });
    expect(late.status).toBe(409);
    expect((await read(id)).postmortem.title).toBe("Funding cap too low");
  });

  it("a lead adds actions for their own function, linked to the post-mortem and its releases", async () => {
    const pm = await create(pmo, ops.email);
    const action = { intent: "add-action", title: "Raise the funding cap alert", owner: ops.email, function: "ops", priority: "P1" };
    const added = await post(`/postmortems/${pm}`, ops, action);
    expect(added.status).toBe(200);
    expect(added.html).toMatch(/Action \d+ added, due \d{4}-\d{2}-\d{2}/);
    const { actions } = await read(pm);
    expect(actions).toEqual([
      expect.objectContaining({ title: action.title, owner: ops.email, function: "ops", priority: "P1", postmortem: pm, releases: ["perp"] }),
    ]);
    const forRisk = await post(`/postmortems/${pm}`, ops, { ...action, function: "risk" });
    expect(forRisk.status).toBe(403);
    expect(forRisk.html).toMatch(/role="alert"[^>]*>Only an admin or a lead of risk may create actions for risk/);
    const badDue = await post(`/postmortems/${pm}`, ops, { ...action, due: "2026-02-30" });
    expect(badDue.status).toBe(400);
    expect((await read(pm)).actions).toHaveLength(1);

    const page = await get(`/postmortems/${pm}`, viewer);
    expect(page.html).toContain(`href="/actions/${actions[0]!.id}"`);
    expect(page.html).toContain("Omar Ops");
  });

  it("a viewer gets 403 on every intent, and nothing changes", async () => {
    const pm = await create(pmo, risk.email);
    const before = await read(pm);
    const events = eventCount(server.dbPath);
    const page = await get(`/postmortems/${pm}`, viewer);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('name="intent"');
    const intents: Record<string, string>[] = [
      { intent: "edit", ...form, title: "Changed by a viewer" },
      { intent: "edit", ...form, title: `Review ${risk.email}` },
      { intent: "status", status: "in_review" },
      { intent: "add-action", title: "Viewer's action", owner: risk.email, function: "risk", priority: "P2" },
    ];
    for (const body of intents) {
      const res = await post(`/postmortems/${pm}`, viewer, body);
      expect(res.status, body.intent).toBe(403);
    }
    expect(await read(pm)).toEqual(before);
    expect(eventCount(server.dbPath)).toBe(events);
  });
});

describe("screens", () => {
  it("the list and a post-mortem page, as a PMO sees them", async () => {
    const tab = await openPage(browser);
    try {
      await signInBrowser(tab.context, server, pmo);
      await visit(tab.page, `${server.url}/postmortems`);
      await screenshot(tab.page, "postmortems-list", true);
      const first = (await postmortems()).find((p) => (p as { decision?: number }).decision) as { id: number; decision: number };
      await visit(tab.page, `${server.url}/postmortems/${first.id}`);
      await screenshot(tab.page, "postmortem-page", true);
      await tab.page.click("text=+ Add an action");
      await tab.page.click('button:has-text("Add the action")');
      await tab.page.waitForSelector('[aria-label="Add an action"] [role="alert"]');
      await screenshot(tab.page, "postmortem-add-action-refused");
      await visit(tab.page, `${server.url}/postmortems/new?decision=${first.decision}`);
      await screenshot(tab.page, "postmortem-new-from-decision", true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
