import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, startServer, type RunningServer } from "./support/server";

/**
 * The action-item pages (SPEC 11) against the real server: My actions with
 * the reminder digest, the owner of a P1 handing it over and a lead of its
 * function closing it, refusals shown and nothing written, a release's
 * actions with the burn-down, the CSV export, the home page's banner, and
 * the same flow in Chromium with screenshots.
 */
let server: RunningServer;
let call: ReturnType<typeof api>;
let browser: Browser;
const people = {} as Record<"ana" | "owen" | "lee" | "cody" | "vic" | "pat" | "nobody", Person>;

const DAY = 86_400_000;
/** A date `days` from today (UTC, as the server counts). */
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const release = (id: string, name: string) => ({ id, name, template: "perp-futures-v2", start_date: "2026-11-02", launch_date: "2026-12-01" });

async function newAction(spec: { title: string; owner: string; priority: string; releases?: string[]; due?: string }): Promise<number> {
  const res = await call("POST", "/actions", { releases: ["act"], ...spec });
  if (res.status !== 201) throw new Error(`action refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.action.id as number;
}

const read = async (id: number) => (await call("GET", `/actions/${id}`)).body.action;

/** Post a page form as a person, as a browser without script would. */
async function post(who: Person, path: string, form: Record<string, string>) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.url, cookie: who.cookie },
    body: new URLSearchParams(form),
  });
  return { status: res.status, html: await res.text() };
}

async function page(who: Person | null, path: string) {
  const res = await fetch(`${server.url}${path}`, { redirect: "manual", headers: who ? { cookie: who.cookie } : {} });
  return { status: res.status, html: await res.text(), type: res.headers.get("content-type"), location: res.headers.get("location") };
}

/** The ids of the action rows on a page, in order. */
const rows = (html: string) => [...html.matchAll(/data-action="(\d+)"/g)].map((m) => Number(m[1]));
/** Text without tags or React's comment markers. */
const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ");

/** Move an action's history back: created (and closed) days ago, as the burn-down reads it. */
function backdate(id: number, created: number, closed?: number) {
  const db = new Database(server.dbPath);
  try {
    db.prepare("update action_items set created_at = ? where id = ?").run(new Date(Date.now() - created * DAY).toISOString(), id);
    if (closed !== undefined) db.prepare("update action_items set closed_at = ? where id = ?").run(new Date(Date.now() - closed * DAY).toISOString(), id);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  call = api(server.url);
  expect((await call("POST", "/releases", release("act", "Perp v2 (actions)"))).status).toBe(201);
  people.ana = await addPerson(server, { email: "ana@example.com", name: "Ana Risk", role: "member", functions: ["risk"] });
  people.owen = await addPerson(server, { email: "owen@example.com", name: "Owen Owner", role: "member", functions: ["risk"] });
  people.lee = await addPerson(server, { email: "lee@example.com", name: "Lee Lead", role: "lead", functions: ["risk"] });
  people.cody = await addPerson(server, { email: "cody@example.com", name: "Cody CS", role: "lead", functions: ["cs"] });
  people.vic = await addPerson(server, { email: "vic@example.com", name: "Vic Viewer", role: "viewer" });
  people.pat = await addPerson(server, { email: "pat@example.com", name: "Pat PMO", role: "admin", functions: ["pmo"] });
  people.nobody = await addPerson(server, { email: "nobody@example.com", name: "No Actions", role: "member", functions: ["ops"] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("My actions", () => {
  let later: number, overdue: number, today: number, tomorrow: number, lees: number;

  beforeAll(async () => {
    later = await newAction({ title: "Rotate the oracle keys", owner: "ana@example.com", priority: "P2", due: day(30) });
    overdue = await newAction({ title: "Fix the margin rounding", owner: "ana@example.com", priority: "P1", due: day(-3) });
    tomorrow = await newAction({ title: "Document the liquidation ladder", owner: "ana@example.com", priority: "P3", due: day(1) });
    today = await newAction({ title: "Re-run the insurance fund drill", owner: "ana@example.com", priority: "P2", due: day(0) });
    lees = await newAction({ title: "Lee's own follow-up", owner: "lee@example.com", priority: "P2", due: day(-1) });
  });

  it("lists only my actions, overdue first, then by due date, with my digest on top", async () => {
    const res = await page(people.ana, "/actions");
    expect(res.status).toBe(200);
    expect(rows(res.html)).toEqual([overdue, today, tomorrow, later]);
    expect(rows(res.html)).not.toContain(lees);
    expect(res.html).toMatch(/data-digest="true" data-digest-overdue="1" data-digest-due-soon="2"/);
    expect(text(res.html)).toContain("✖ OVERDUE");
    // A member verifies nothing: no second section.
    expect(res.html).not.toContain("data-verify");
  });

  it("the home page's banner counts what is overdue and what falls due within two working days", async () => {
    const home = await page(people.ana, "/");
    expect(home.html).toMatch(/data-digest="true" data-digest-overdue="1" data-digest-due-soon="2"/);
    expect(text(home.html)).toMatch(/✖ 1 overdue, ▲ 2 due by \d{4}-\d{2}-\d{2} — My actions/);
    expect((await page(people.lee, "/")).html).toMatch(/data-digest-overdue="1" data-digest-due-soon="0"/);
    expect((await page(people.nobody, "/")).html).not.toContain("data-digest");
  });

  it("closed actions show only when asked for", async () => {
    expect((await post(people.ana, `/actions/${later}`, { intent: "close", status: "done", note: "Rotated" })).status).toBe(200);
    expect(rows((await page(people.ana, "/actions")).html)).not.toContain(later);
    expect(rows((await page(people.ana, "/actions?closed=1")).html)).toContain(later);
  });
});

describe("a P1 from its owner to its verifier", () => {
  let id: number;
  const evidence = "https://grafana.example.com/d/leverage-cap?from=now-1h";

  beforeAll(async () => {
    id = await newAction({ title: "Cap tier-1 leverage at 50x", owner: "owen@example.com", priority: "P1", due: day(4) });
  });

  it("its owner cannot close it as done: the page says why and it stays open", async () => {
    const before = eventCount(server.dbPath);
    const res = await post(people.owen, `/actions/${id}`, { intent: "close", status: "done", evidence_link: evidence });
    expect(res.status).toBe(403);
    expect(text(res.html)).toContain("A P1 action is closed as done by someone other than its owner: an admin or a lead of risk.");
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await read(id)).status).toBe("open");
    // Nor does the page offer it: the owner sees the hand-over, not "Done".
    const mine = await page(people.owen, "/actions");
    expect(mine.html).toContain('data-control="submit"');
    expect(mine.html).not.toContain('data-control="done"');
  });

  it("its owner submits the evidence for verification; a lead of another function may not close it", async () => {
    const missing = await post(people.owen, `/actions/${id}`, { intent: "submit", evidence_link: "" });
    expect(missing.status).toBe(400);
    expect(text(missing.html)).toContain("paste the link to the evidence");
    expect((await post(people.owen, `/actions/${id}`, { intent: "submit", evidence_link: evidence })).status).toBe(200);
    expect(await read(id)).toMatchObject({ status: "in_progress", evidence_link: evidence });

    const cs = await post(people.cody, `/actions/${id}`, { intent: "close", status: "done" });
    expect(cs.status).toBe(403);
    expect((await read(id)).status).toBe("in_progress");
    // The lead of risk finds it waiting; the lead of cs does not.
    const queue = (await page(people.lee, "/actions")).html.split('data-verify="true"')[1] ?? "";
    expect(rows(queue)).toEqual([id]);
    expect(rows((await page(people.cody, "/actions")).html.split('data-verify="true"')[1] ?? "")).toEqual([]);
  });

  it("a lead of its function closes it as done from its page, the owner's link as the evidence", async () => {
    const detail = await page(people.lee, `/actions/${id}`);
    expect(detail.html).toContain('data-control="done"');
    expect(detail.html).toContain(evidence.replace(/&/g, "&amp;"));
    expect((await post(people.lee, `/actions/${id}`, { intent: "close", status: "done", note: "Checked the dashboard" })).status).toBe(200);
    expect(await read(id)).toMatchObject({ status: "done", evidence_link: evidence, reason: "Checked the dashboard", closed_by: "user:lee@example.com" });
    // Closed is closed: a change now is refused with the reason, nothing written.
    const before = eventCount(server.dbPath);
    const late = await post(people.owen, `/actions/${id}`, { intent: "update", title: "Changed after closing" });
    expect(late.status).toBe(409);
    expect(text(late.html)).toMatch(/Action \d+ was closed \(done\)/);
    expect(eventCount(server.dbPath)).toBe(before);
    const shown = text((await page(people.owen, `/actions/${id}`)).html);
    expect(shown).toContain("✔ Done");
    expect(shown).toMatch(/Closed \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC by lee@example.com/);
  });
});

describe("refusals", () => {
  it("won't do without a reason is a readable 400 and writes nothing", async () => {
    const id = await newAction({ title: "Drop the legacy endpoint", owner: "ana@example.com", priority: "P2", due: day(10) });
    const before = eventCount(server.dbPath);
    const res = await post(people.pat, `/actions/${id}`, { intent: "close", status: "wont_do", reason: "" });
    expect(res.status).toBe(400);
    expect(text(res.html)).toContain("say why it will not be done");
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await read(id)).status).toBe("open");
  });

  it("a P1 is dropped only by an admin, and an owner may not raise their own bar", async () => {
    const id = await newAction({ title: "Add a circuit breaker", owner: "ana@example.com", priority: "P1", due: day(10) });
    const lead = await post(people.lee, `/actions/${id}`, { intent: "close", status: "wont_do", reason: "Out of scope" });
    expect(lead.status).toBe(403);
    expect(text(lead.html)).toContain("Only an admin may close a P1 action as won't do.");
    const owner = await post(people.ana, `/actions/${id}`, { intent: "update", priority: "P3", due: day(60) });
    expect(owner.status).toBe(403);
    expect(await read(id)).toMatchObject({ status: "open", priority: "P1", due: day(10) });
    // The lead manages it: priority and due date, the unchanged title not part of the change.
    expect((await post(people.lee, `/actions/${id}`, { intent: "update", title: "Add a circuit breaker", priority: "P0", due: day(2) })).status).toBe(200);
    expect(await read(id)).toMatchObject({ priority: "P0", due: day(2), title: "Add a circuit breaker" });
    const admin = await post(people.pat, `/actions/${id}`, { intent: "close", status: "wont_do", reason: "Covered by the exchange-wide breaker" });
    expect(admin.status).toBe(200);
    expect(await read(id)).toMatchObject({ status: "wont_do", reason: "Covered by the exchange-wide breaker" });
  });

  it("an empty title is refused on its field, an empty description clears it", async () => {
    const id = await newAction({ title: "Write the runbook", owner: "ana@example.com", priority: "P3" });
    const empty = await post(people.ana, `/actions/${id}`, { intent: "update", title: "", description: "" });
    expect(empty.status).toBe(422);
    expect(text(empty.html)).toContain("Title: enter a title");
    expect((await post(people.ana, `/actions/${id}`, { intent: "update", description: "Steps for on-call" })).status).toBe(200);
    expect((await post(people.ana, `/actions/${id}`, { intent: "update", description: "", status: "in_progress" })).status).toBe(200);
    expect(await read(id)).toMatchObject({ description: "", status: "in_progress", title: "Write the runbook" });
  });

  it("a viewer gets 403 on every intent, and nothing is written", async () => {
    const id = await newAction({ title: "Viewer cannot touch this", owner: "ana@example.com", priority: "P2", due: day(10) });
    const before = eventCount(server.dbPath);
    const forms: Record<string, string>[] = [
      { intent: "update", status: "in_progress" },
      { intent: "update", title: "Renamed by a viewer" },
      { intent: "submit", evidence_link: "https://example.com/evidence" },
      { intent: "close", status: "done" },
      { intent: "close", status: "wont_do", reason: "Because" },
    ];
    for (const form of forms) {
      const res = await post(people.vic, `/actions/${id}`, form);
      expect(res.status, JSON.stringify(form)).toBe(403);
      expect(text(res.html)).toMatch(/Only an admin|may close|may change/);
    }
    expect(eventCount(server.dbPath)).toBe(before);
    expect(await read(id)).toMatchObject({ status: "open", title: "Viewer cannot touch this" });
    // Signed out: sent to sign in.
    const anonymous = await fetch(`${server.url}/actions/${id}`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: server.url },
      body: "intent=update",
    });
    expect(anonymous.status).toBe(302);
  });
});

describe("a release's actions", () => {
  it("groups open actions by function, then priority, overdue first, with counts and a burn-down of each day", async () => {
    expect((await call("POST", "/releases", release("burn", "Burn-down release"))).status).toBe(201);
    const on = { releases: ["burn"] };
    const risk2 = await newAction({ ...on, title: "Risk P2 later", owner: "ana@example.com", priority: "P2", due: day(20) });
    const risk1 = await newAction({ ...on, title: "Risk P1", owner: "ana@example.com", priority: "P1", due: day(5) });
    const risk2late = await newAction({ ...on, title: "Risk P2 overdue", owner: "owen@example.com", priority: "P2", due: day(-2) });
    const cs0 = await newAction({ ...on, title: "CS P0", owner: "cody@example.com", priority: "P0", due: day(1) });
    const gone = await newAction({ ...on, title: "Closed two days ago", owner: "ana@example.com", priority: "P3", due: day(5) });
    expect((await call("POST", `/actions/${gone}/close`, { status: "done" })).status).toBe(200);
    // History: two actions from four days ago, one of them closed two days ago; the rest from today.
    backdate(risk2, 4);
    backdate(gone, 4, 2);

    const res = await page(people.lee, "/releases/burn/actions");
    expect(res.status).toBe(200);
    // The template's order of functions: risk before cs; P0 before P1 before P2, overdue first inside a priority.
    expect([...res.html.matchAll(/data-function-group="([a-z-]+)"/g)].map((m) => m[1])).toEqual(["risk", "cs"]);
    const [open, closed] = res.html.split("data-closed-section");
    const [risk, cs] = open!.split("data-function-group=").slice(1);
    expect(rows(risk!)).toEqual([risk1, risk2late, risk2]);
    expect(rows(cs!)).toEqual([cs0]);
    expect(res.html).toMatch(/data-counts-row="risk".*?data-count="P1">1<.*?data-count="P2">2</s);
    expect(res.html).toMatch(/data-counts-row="risk".*?data-count="overdue">✖ 1</s);

    const svg = /<svg[^>]*data-burndown="burn"[^>]*>[\s\S]*?<\/svg>/.exec(res.html)?.[0] ?? "";
    expect(svg).toContain('data-points="5"');
    expect(svg).toMatch(/<title id="burndown-burn-title">Open actions of burn per day/);
    const points = [...svg.matchAll(/data-point="([\d-]+)" data-open="(\d+)"/g)].map((m) => [m[1], Number(m[2])]);
    expect(points).toEqual([
      [day(-4), 2],
      [day(-3), 2],
      [day(-2), 1],
      [day(-1), 1],
      [day(0), 4],
    ]);
    // The closed one sits folded below.
    expect(rows(closed ?? "")).toEqual([gone]);
  });

  it("a release with no actions says there is nothing to burn down", async () => {
    expect((await call("POST", "/releases", release("quiet", "Quiet release"))).status).toBe(201);
    const res = await page(people.vic, "/releases/quiet/actions");
    expect(res.status).toBe(200);
    expect(res.html).toContain('data-burndown="empty"');
  });

  it("exports CSV to signed-in readers, formula cells escaped", async () => {
    const id = await newAction({ title: '=HYPERLINK("https://evil.example")', owner: "ana@example.com", priority: "P3" });
    const csv = await page(people.vic, "/releases/act/actions.csv");
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const line = csv.html.split("\n").find((l) => l.startsWith(`${id},`));
    expect(line).toBeDefined();
    expect(line!.split(",")[1]).toMatch(/^"?'=HYPERLINK/);
    expect(csv.html.split("\n")[0]).toMatch(/^id,title,owner,function,priority,due,status/);
    const anonymous = await page(null, "/releases/act/actions.csv");
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toMatch(/^\/login/);
    expect((await page(people.vic, "/releases/nope/actions.csv")).status).toBe(404);
  });
});

describe("in Chromium", () => {
  it("the owner hands a P0 over from My actions, the lead verifies it from theirs; screenshots at 1440 and 390", async () => {
    const id = await newAction({ title: "Block new positions when the index feed stalls", owner: "owen@example.com", priority: "P0", due: day(1) });
    const owner = await openPage(browser);
    await signInBrowser(owner.context, server, people.owen);
    await visit(owner.page, `${server.url}/actions`);
    const row = owner.page.locator(`[data-action="${id}"]`);
    expect(await row.locator('[data-control="done"]').count()).toBe(0);
    await row.locator('input[name="evidence_link"]').fill("https://ci.example.com/runs/8841");
    await row.locator('[data-control="submit"]').click();
    await owner.page.waitForSelector(`[data-action="${id}"][data-status="in_progress"]`);
    expect(owner.page.url()).toBe(`${server.url}/actions`);
    await screenshot(owner.page, "actions-mine-1440", true);
    await owner.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(owner.page, "actions-mine-390", true);
    expect(owner.errors).toEqual([]);
    await owner.close();

    const lead = await openPage(browser);
    await signInBrowser(lead.context, server, people.lee);
    await visit(lead.page, `${server.url}/actions`);
    const queued = lead.page.locator(`[data-verify] [data-action="${id}"]`);
    await screenshot(lead.page, "actions-verify-1440", true);
    await queued.locator('[data-control="done"]').click();
    await lead.page.waitForSelector(`[data-verify] [data-action="${id}"]`, { state: "detached" });
    expect(await read(id)).toMatchObject({ status: "done", evidence_link: "https://ci.example.com/runs/8841" });

    // Two weeks of history for the picture: the release's actions created over the last fortnight, the closed ones closed since.
    const all = (await call("GET", "/actions?release=act")).body.actions as { id: number; status: string }[];
    all.forEach((a, i) => {
      const created = 14 - (i % 12);
      backdate(a.id, created, a.status === "done" || a.status === "wont_do" ? Math.max(0, created - 2 - (i % 5)) : undefined);
    });
    await visit(lead.page, `${server.url}/releases/act/actions`);
    await lead.page.waitForSelector("svg[data-burndown]");
    expect(await lead.page.locator("svg[data-burndown] [data-point]").count()).toBe(15);
    await screenshot(lead.page, "actions-release-1440", true);
    await lead.page.setViewportSize({ width: 390, height: 844 });
    await screenshot(lead.page, "actions-release-390", true);
    expect(lead.errors).toEqual([]);
    await lead.close();
  });

  it("a refusal in a row is shown in the row, and the list stays", async () => {
    const id = await newAction({ title: "Review the ADL queue", owner: "ana@example.com", priority: "P1", due: day(3) });
    const lead = await openPage(browser);
    lead.expectConsoleError(/status of 422/);
    await signInBrowser(lead.context, server, people.lee);
    await visit(lead.page, `${server.url}/releases/act/actions`);
    // No evidence yet: the box is required, so the browser itself stops an empty post; a lead forcing one through hears why.
    const row = lead.page.locator(`[data-action="${id}"]`);
    await row.locator('input[name="evidence_link"]').evaluate((input) => input.removeAttribute("required"));
    await row.locator('[data-control="done"]').click();
    await lead.page.waitForSelector(`[data-action="${id}"] [data-action-error]`);
    expect(await row.locator("[data-action-error]").textContent()).toContain("Evidence link: required for P0 and P1");
    expect(lead.page.url()).toBe(`${server.url}/releases/act/actions`);
    expect((await read(id)).status).toBe("open");
    // Its own page: the lead's forms (close as done with the evidence, edit with owner, priority, due and function), no "won't do" for a P1.
    await visit(lead.page, `${server.url}/actions/${id}`);
    expect(await lead.page.locator('[data-control="done"], [data-control="update"]').count()).toBe(2);
    expect(await lead.page.locator('[data-control="wont-do"], select[name="owner"]').count()).toBe(1);
    await screenshot(lead.page, "action-detail-1440", true);
    expect(lead.errors).toEqual([]);
    await lead.close();
  });
});
