import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, readDatabase, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * Issue 15, "nothing recorded twice", against the real server: a create
 * retried with the same Idempotency-Key (or a page form sent twice) is
 * written once and answered with the first answer; the same key on another
 * request is refused; keys belong to whoever sent them.
 */
let server: RunningServer;
let admin: ReturnType<typeof api>;
let leadToken: string;
let pmo: Person;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;
const release = (id: string) => ({ id, name: id.toUpperCase(), template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" });
const rows = (table: string) => readDatabase(server.dbPath, (db) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
/** Every trail entry: release events and the access log (people, tokens, actions linked to no release). */
const trail = () => eventCount(server.dbPath) + rows("access_events");

type Answer = Record<string, unknown> & { id?: number; error?: { code: string; message: string } };
/** POST as a client with keys sends it: the status, the JSON body and whether it was a replay. */
const poster =
  (token = TEST_TOKEN) =>
  async (path: string, body: unknown, key?: string) => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(key === undefined ? {} : { "idempotency-key": key }) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer, replayed: res.headers.get("idempotent-replayed") };
  };

beforeAll(async () => {
  server = await startServer();
  admin = api(server.url);
  pmo = await addPerson(server, { email: "pmo@example.com", role: "admin" });
  await addPerson(server, { email: "owner@example.com", role: "member" });
  expect((await admin("POST", "/releases", release("idem"))).status).toBe(201);
  leadToken = (await admin("POST", "/tokens", { name: "listing-lead", role: "lead", functions: ["listing"] })).body.token;
});

afterAll(async () => {
  await server?.stop();
});

const send = poster();

/** Every POST of the API that creates something, with a body for a fresh one and the table it adds to. */
const CREATES: { path: string; table: string; body: () => unknown; token?: () => string }[] = [
  { path: "/releases", table: "releases", body: () => release(fresh("r")) },
  { path: "/releases/idem/meetings", table: "meetings", body: () => ({ scheduled_at: "2026-11-30T09:00:00Z", required_functions: ["listing"] }) },
  { path: "/releases/idem/votes", table: "votes", body: () => ({ function: "listing", vote: "go", comment: fresh("vote") }), token: () => leadToken },
  {
    path: "/releases/idem/decisions",
    table: "decisions",
    body: () => ({ decision: "no_go", summary: fresh("Not yet"), actions: [{ title: "Re-run the drill", owner: "listing", due: "2030-11-27" }] }),
  },
  { path: "/actions", table: "action_items", body: () => ({ title: fresh("Fix"), owner: "owner@example.com", function: "listing", releases: ["idem"] }) },
  {
    path: "/actions/import?release=idem&function=listing",
    table: "action_items",
    body: () => ({ follow_ups: [{ id: fresh("inc"), title: "Imported", status: "outstanding" }] }),
  },
  {
    path: "/postmortems",
    table: "postmortems",
    body: () => ({ title: fresh("pm"), incident_at: "2026-11-20T08:00:00Z", severity: "SEV3", owner: "owner@example.com", releases: ["idem"] }),
  },
  { path: "/releases/idem/board-links", table: "board_links", body: () => ({ name: fresh("TV") }) },
  { path: "/tokens", table: "api_tokens", body: () => ({ name: fresh("ci"), role: "viewer" }) },
  { path: "/users", table: "users", body: () => ({ email: `${fresh("u")}@example.com`, name: "U", role: "viewer" }) },
];

describe("the API's Idempotency-Key", () => {
  for (const create of CREATES) {
    it(`POST ${create.path}: a retry with the same key gets the first answer, and the database holds one`, async () => {
      const call = poster(create.token?.());
      const body = create.body();
      const key = randomUUID();
      const [tableBefore, trailBefore] = [rows(create.table), trail()];
      const first = await call(create.path, body, key);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(first.replayed).toBeNull();
      const [tableAfter, trailAfter] = [rows(create.table), trail()];
      expect(tableAfter).toBe(tableBefore + 1);
      expect(trailAfter).toBeGreaterThan(trailBefore);

      const retry = await call(create.path, body, key);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.replayed).toBe("true");
      expect([rows(create.table), trail()]).toEqual([tableAfter, trailAfter]);

      // A new key is a new request: without a key, or with another, it runs again.
      const again = await call(create.path, create.body(), randomUUID());
      expect(again.status).toBe(201);
      expect(rows(create.table)).toBe(tableAfter + 1);
    });
  }

  it("seals one decision for two concurrent requests with the same key; both get its answer", async () => {
    const before = rows("decisions");
    const events = eventCount(server.dbPath);
    const key = randomUUID();
    const body = { decision: "no_go", summary: "Not yet: wallet drill pending" };
    const [a, b] = await Promise.all([send("/releases/idem/decisions", body, key), send("/releases/idem/decisions", body, key)]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body).toEqual(b.body);
    expect([a.replayed, b.replayed]).toContain("true");
    expect([a.replayed, b.replayed]).toContain(null);
    expect(rows("decisions")).toBe(before + 1);
    expect(eventCount(server.dbPath)).toBe(events + 1);
  });

  it("refuses the same key with another body or on another endpoint (422, the error shape) and writes nothing", async () => {
    const key = randomUUID();
    const first = await send("/releases/idem/decisions", { decision: "no_go", summary: "First" }, key);
    expect(first.status).toBe(201);
    const events = trail();
    const otherBody = await send("/releases/idem/decisions", { decision: "no_go", summary: "Second" }, key);
    expect(otherBody.status).toBe(422);
    expect(otherBody.body).toEqual({
      error: {
        code: "idempotency_key_reused",
        message: "this idempotency key was already used for another request (another path or body): send a new key with a new request",
      },
    });
    const otherPath = await send("/releases/idem/board-links", { name: "TV" }, key);
    expect(otherPath.status).toBe(422);
    expect(otherPath.body.error?.code).toBe("idempotency_key_reused");
    expect(trail()).toBe(events);
  });

  it("keeps keys per principal: another token's same key creates its own", async () => {
    const key = randomUUID();
    const other = poster((await admin("POST", "/tokens", { name: fresh("admin2"), role: "admin" })).body.token);
    const body = { name: "Lobby" };
    const mine = await send("/releases/idem/board-links", body, key);
    const theirs = await other("/releases/idem/board-links", body, key);
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.replayed).toBeNull();
    // Each still replays its own.
    expect((await other("/releases/idem/board-links", body, key)).body).toEqual(theirs.body);
    expect((await send("/releases/idem/board-links", body, key)).body).toEqual(mine.body);
  });

  it("keeps nothing for a refused request: the same key, sent again corrected, runs", async () => {
    const key = randomUUID();
    const body = { decision: "no_go", summary: "Not yet", actions: [{ title: "Re-run the drill", owner: "nobody", due: "2030-11-27" }] };
    const refused = await send("/releases/idem/decisions", body, key);
    expect(refused.status).toBe(422);
    expect(refused.body.error?.code).toBe("validation_failed");
    const corrected = { ...body, actions: [{ ...body.actions[0], owner: "listing" }] };
    const done = await send("/releases/idem/decisions", corrected, key);
    expect(done.status).toBe(201);
    expect(await send("/releases/idem/decisions", corrected, key)).toEqual({ ...done, replayed: "true" });
  });

  it("refuses a malformed key with a 400 before writing", async () => {
    const events = trail();
    const res = await send("/releases/idem/board-links", { name: "TV" }, "x".repeat(256));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: "invalid_idempotency_key", message: "the idempotency key is not valid: it is longer than 255 characters" });
    expect(trail()).toBe(events);
  });
});

describe("page forms sent twice", () => {
  /** The page as the admin's browser gets it: the hidden key of one of its forms. */
  async function formKey(path: string, form?: string): Promise<string> {
    const html = await (await fetch(`${server.url}${path}`, { headers: { cookie: pmo.cookie } })).text();
    const keys = [...html.matchAll(/name="idempotency_key" value="([^"]+)"/g)].map((m) => m[1]!);
    const key = keys.find((k) => (form ? k.endsWith(`.${form}`) : true));
    if (!key) throw new Error(`no idempotency key on ${path}`);
    return key;
  }
  const post = (path: string, body: Record<string, string>) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: server.url, cookie: pmo.cookie },
      body: new URLSearchParams(body),
    });

  it("seal one decision for a double submit of one render of the meeting page, both answers naming it", async () => {
    const key = await formKey("/releases/idem/meeting", "decide");
    const before = rows("decisions");
    const events = eventCount(server.dbPath);
    const form = { intent: "decide", decision: "no_go", summary: "Double-clicked NO-GO", idempotency_key: key };
    const answers = await Promise.all([post("/releases/idem/meeting", form), post("/releases/idem/meeting", form)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(rows("decisions")).toBe(before + 1);
    expect(eventCount(server.dbPath)).toBe(events + 1);
    const id = readDatabase(server.dbPath, (db) => (db.prepare("select max(id) as id from decisions").get() as { id: number }).id);
    for (const html of await Promise.all(answers.map((a) => a.text()))) expect(html).toContain(`href="/decisions/${id}"`);

    // The next render has a new key: a second decision is a new one.
    const next = await formKey("/releases/idem/meeting", "decide");
    expect(next).not.toBe(key);
    expect((await post("/releases/idem/meeting", { ...form, idempotency_key: next })).status).toBe(200);
    expect(rows("decisions")).toBe(before + 2);
    // The old key with other words: refused on the form, nothing written.
    const reused = await post("/releases/idem/meeting", { ...form, summary: "Something else" });
    expect(reused.status).toBe(422);
    expect(await reused.text()).toContain("This form was sent already, with other values: reload the page to send a new one.");
    expect(rows("decisions")).toBe(before + 2);
  });

  it("create one release, post-mortem, board link, token and invitation each for a form sent twice", async () => {
    const cases: { path: string; table: string; body: Record<string, string> }[] = [
      { path: "/releases/new", table: "releases", body: { ...release(fresh("pr")), workdays: "1" } },
      {
        path: "/postmortems/new",
        table: "postmortems",
        body: { title: fresh("pm"), incident_at: "2026-11-20T08:00:00.000Z", severity: "SEV3", owner: "owner@example.com" },
      },
      { path: "/releases/idem/links", table: "board_links", body: { intent: "create", name: fresh("TV") } },
      { path: "/admin/tokens", table: "api_tokens", body: { intent: "create", name: fresh("pt"), role: "viewer" } },
      { path: "/admin/users", table: "users", body: { intent: "invite", email: `${fresh("q")}@example.com`, name: "Q", role: "viewer" } },
    ];
    for (const { path, table, body } of cases) {
      const form = { ...body, idempotency_key: await formKey(path) };
      const before = rows(table);
      const [a, b] = await Promise.all([post(path, form), post(path, form)]);
      expect([a.status, b.status], path).toEqual(path.endsWith("/new") ? [302, 302] : [200, 200]);
      expect(a.headers.get("location"), path).toBe(b.headers.get("location"));
      expect(rows(table), path).toBe(before + 1);
      if (a.status === 200) {
        // A secret shown once is the same secret on the retry: the first one's.
        const secrets = await Promise.all([a, b].map(async (r) => /value="([^"]+)"/.exec(/<input[^>]*data-secret[^>]*>/.exec(await r.text())?.[0] ?? "")?.[1]));
        expect(secrets[0], path).toBeTruthy();
        expect(secrets[1], path).toBe(secrets[0]);
      }
    }
  });

  it("add one action to a post-mortem for a form sent twice", async () => {
    const pm = await admin("POST", "/postmortems", {
      title: "Drill",
      incident_at: "2026-11-20T08:00:00Z",
      severity: "SEV3",
      owner: "owner@example.com",
      releases: ["idem"],
    });
    const path = `/postmortems/${pm.body.postmortem.id}`;
    const form = {
      intent: "add-action",
      title: "Rehearse",
      owner: "owner@example.com",
      function: "listing",
      priority: "P2",
      idempotency_key: await formKey(path),
    };
    const before = rows("action_items");
    const answers = await Promise.all([post(path, form), post(path, form)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(rows("action_items")).toBe(before + 1);
  });
});

describe("in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const voteOf = (page: Page, fn: string) => page.locator(`section[aria-label="Votes"] [data-vote="${fn}"]`).first();
  const decisionsOf = (release: string) =>
    readDatabase(server.dbPath, (db) => (db.prepare("select count(*) as n from decisions where release_id = ?").get(release) as { n: number }).n);

  /** A release whose meeting needs listing's vote, with the lead's Go; its TV on a board link, and the PMO's meeting page. */
  async function meetingWithVote() {
    const id = fresh("b");
    expect((await admin("POST", "/releases", release(id))).status).toBe(201);
    expect((await admin("POST", `/releases/${id}/meetings`, { scheduled_at: "2026-11-30T09:00:00Z", required_functions: ["listing"] })).status).toBe(201);
    expect((await poster(leadToken)(`/releases/${id}/votes`, { function: "listing", vote: "go", comment: "evidence reviewed" })).status).toBe(201);
    const tv = await openPage(browser, { width: 1920, height: 1080 });
    await visit(tv.page, (await send(`/releases/${id}/board-links`, { name: "War room TV" })).body.url as string);
    const desk = await openPage(browser);
    await signInBrowser(desk.context, server, pmo);
    await visit(desk.page, `${server.url}/releases/${id}/meeting`);
    await expect.poll(() => voteOf(tv.page, "listing").getAttribute("data-vote-value")).toBe("go");
    expect(await voteOf(desk.page, "listing").getAttribute("data-vote-value")).toBe("go");
    await desk.page.check('input[name="decision"][value="no_go"]');
    await desk.page.fill('textarea[name="summary"]', "Not yet: the wallet drill is pending");
    return { id, tv, desk };
  }

  it("seals one decision for a double click; the form is reset; the votes it consumed clear on every screen", async () => {
    const { id, tv, desk } = await meetingWithVote();
    await desk.page.dblclick('button:has-text("Record the decision")');
    await desk.page.waitForSelector('a:has-text("Open the decision record")');
    expect(decisionsOf(id)).toBe(1);
    // Ready for the next decision: conform reset the form.
    expect(await desk.page.inputValue('textarea[name="summary"]')).toBe("");
    expect(await desk.page.isChecked('input[name="decision"][value="no_go"]')).toBe(false);
    // The decision consumed the votes: every screen shows none, live.
    await expect.poll(() => voteOf(tv.page, "listing").getAttribute("data-vote-value")).toBe("none");
    await expect.poll(() => voteOf(desk.page, "listing").getAttribute("data-vote-value")).toBe("none");
    for (const p of [desk, tv]) expect(p.errors).toEqual([]);
    await Promise.all([desk.close(), tv.close()]);
  });

  it("records a decision posted before the page's script runs (a double click on a slow page), once", async () => {
    // Helmet's `no-referrer` made Chromium post such a form with `Origin: null`, which Remix refuses as cross-site.
    const id = fresh("b");
    expect((await admin("POST", "/releases", release(id))).status).toBe(201);
    const context = await browser.newContext({ javaScriptEnabled: false });
    await signInBrowser(context, server, pmo);
    const page = await context.newPage();
    await page.goto(`${server.url}/releases/${id}/meeting`);
    await page.check('input[name="decision"][value="no_go"]');
    await page.fill('textarea[name="summary"]', "Not yet");
    await page.dblclick('button:has-text("Record the decision")');
    await page.waitForSelector('a:has-text("Open the decision record")');
    expect(decisionsOf(id)).toBe(1);
    await context.close();
  });

  it("seals one decision when the browser sends the form twice (a retry on a dropped connection)", async () => {
    const { id, tv, desk } = await meetingWithVote();
    // The network sends the POST twice, as a browser retrying it would; the page sees the second answer.
    await desk.page.route(`**/releases/${id}/meeting*`, async (route) => {
      if (route.request().method() !== "POST") return route.fallback();
      const [, second] = await Promise.all([route.fetch(), route.fetch()]);
      await route.fulfill({ response: second });
    });
    await desk.page.click('button:has-text("Record the decision")');
    await desk.page.waitForSelector('a:has-text("Open the decision record")');
    expect(decisionsOf(id)).toBe(1);
    const decided = await desk.page.locator('a:has-text("Open the decision record")').getAttribute("href");
    expect(decided).toBe(
      `/decisions/${readDatabase(server.dbPath, (db) => (db.prepare("select id from decisions where release_id = ?").get(id) as { id: number }).id)}`,
    );
    for (const p of [desk, tv]) expect(p.errors).toEqual([]);
    await Promise.all([desk.close(), tv.close()]);
  });

  it("shows a new board link once and resets its form; an empty name is refused on its field", async () => {
    const desk = await openPage(browser);
    await signInBrowser(desk.context, server, pmo);
    await visit(desk.page, `${server.url}/releases/idem/links`);
    const before = rows("board_links");
    await desk.page.click('button:has-text("Create link")');
    await expect.poll(() => desk.page.locator("#create-link-name-error").textContent()).toBe("name the screen");
    await desk.page.fill("#create-link-name", "Trading floor TV");
    await desk.page.click('button:has-text("Create link")');
    await expect.poll(() => desk.page.locator('[data-secret-once="board-link"] [data-secret]').inputValue()).toMatch(/\/b\/glb_/);
    expect(await desk.page.inputValue("#create-link-name")).toBe("");
    // The list comes back with the page's revalidation, which may land a moment after the secret.
    await expect.poll(() => desk.page.locator('[data-link-row="Trading floor TV"]').count()).toBe(1);
    expect(rows("board_links")).toBe(before + 1);
    expect(desk.errors).toEqual([]);
    await desk.close();
  });
});
