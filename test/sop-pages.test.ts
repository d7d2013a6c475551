import { writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SopView } from "../app/shared/sops";
import { addDays } from "../app/shared/time";
import { tempDir } from "./support/db";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, startServer, type RunningServer } from "./support/server";

/**
 * The SOP registry's pages against the real server, in Chromium: a CS lead
 * registers an SOP and drafts its first revision (Markdown with hostile
 * parts, rendered without live script or `javascript:` links); the author may
 * not approve it and reads why, a second CS lead approves; the lead
 * acknowledges for a release's roster in bulk, a member for themselves with
 * one button; a viewer sees no forms and is refused; every refusal shows
 * next to its form and writes nothing. The SOPs and the release are the
 * test's own: a template whose `sop` item follows the SOP it registers.
 */
let server: RunningServer;
let browser: Browser;
let call: ReturnType<typeof api>;
let cara: Person;
let chen: Person;
let mia: Person;
let viewer: Person;

const KEY = "vip-callbacks";
const BODY = [
  "# Call-back rules",
  "",
  "<script>alert(1)</script>",
  "",
  "[x](javascript:alert(1)) and [y](JAVASCRIPT:alert(2))",
  "",
  "- Call a VIP back within **1 hour**",
].join("\n");
const ROSTER = [
  { email: "mia@example.com", name: "Mia Member", team: "shift-a" },
  { email: "wang.fang@example.com", name: "王芳", team: "shift-a" },
  { email: "li.li@example.com", name: "李丽", team: "shift-b" },
  { email: "zhao.lei@example.com", name: "赵磊", team: "shift-b" },
];

beforeAll(async () => {
  const checklists = tempDir();
  writeFileSync(
    join(checklists, "vip-desk.yaml"),
    [
      "template: vip-desk",
      "name: VIP desk",
      "functions: [cs]",
      "sections:",
      "  - key: cs",
      "    name: Customer service",
      "    owner: cs",
      "    items:",
      `      - {key: sop-vip, title: VIP call-backs SOP, kind: sop, sop: ${KEY}}`,
    ].join("\n"),
  );
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_CHECKLISTS: checklists } }), launchBrowser()]);
  call = api(server.url);
  cara = await addPerson(server, { email: "cara@example.com", name: "Cara CS", role: "lead", functions: ["cs"] });
  chen = await addPerson(server, { email: "chen@example.com", name: "Chen CS", role: "lead", functions: ["cs"] });
  mia = await addPerson(server, { email: "mia@example.com", name: "Mia Member", role: "member" });
  viewer = await addPerson(server, { email: "vic@example.com", name: "Vic Viewer", role: "viewer" });
  const release = await call("POST", "/releases", {
    id: "vip",
    name: "VIP desk launch",
    template: "vip-desk",
    start_date: "2026-11-02",
    launch_date: "2027-01-15",
  });
  expect(release.status).toBe(201);
  expect((await call("PUT", "/releases/vip/roster", { people: ROSTER })).status).toBe(200);
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

const sop = async (key = KEY) => (await call("GET", `/sops/${key}`)).body.sop as SopView;
const acknowledgers = async (version: number) =>
  ((await call("GET", `/sops/${KEY}/revisions/${version}/acknowledgements`)).body.acknowledgements as { email: string; recorded_by: string }[]).map(
    (a) => a.email,
  );
const item = async () => (await call("GET", "/releases/vip/items/cs.sop-vip")).body.item as { status: string; reason: string };

/** The SOP page in Chromium as `who`, failing on any dialog (a script that ran) or console error. */
async function tab(who: Person, viewport = { width: 1280, height: 800 }) {
  const session = await openPage(browser, viewport);
  await signInBrowser(session.context, server, who);
  session.page.setDefaultTimeout(8000);
  const dialogs: string[] = [];
  session.page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return { ...session, dialogs };
}

describe("an SOP's life on its pages", () => {
  it("a CS lead registers an SOP from the list page and lands on its page", async () => {
    const t = await tab(cara);
    try {
      await visit(t.page, `${server.url}/sops`);
      expect(await t.page.textContent("main")).toContain("No SOPs yet.");
      // Sent empty: the browser says what is missing, and nothing is sent.
      await t.page.click('button:has-text("Register the SOP")');
      await t.page.waitForSelector('#register-key-error[role="alert"]');
      await t.page.fill('input[name="key"]', KEY);
      await t.page.fill('input[name="title"]', "VIP call-backs");
      await t.page.fill('input[name="review_days"]', "30");
      // One function: it is theirs, chosen already.
      expect(await t.page.inputValue('select[name="owner"]')).toBe("cs");
      await t.page.click('button:has-text("Register the SOP")');
      await t.page.waitForURL(`${server.url}/sops/${KEY}`);
      // The URL changes as the navigation starts; the SOP's page is there when its heading is.
      await t.page.waitForSelector('h1:text-is("VIP call-backs")');
      expect(await t.page.textContent("main")).toContain("No approved revision yet");
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
    expect(await sop()).toMatchObject({ key: KEY, title: "VIP call-backs", owner: "cs", review_days: 30, current: null, draft: null });
  });

  it("refuses a taken key and bad input next to the form, writing nothing", async () => {
    const events = eventCount(server.dbPath);
    const taken = await post("/sops", chen, { key: KEY, title: "Again", owner: "cs", review_days: "30" });
    expect(taken.status).toBe(409);
    expect(taken.html).toMatch(new RegExp(`id="register-key-error" role="alert"[^>]*>an SOP with key &quot;${KEY}&quot; exists`));
    const bad = await post("/sops", chen, { key: "Not A Slug", title: "", owner: "cs", review_days: "0" });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/role="alert"[^>]*>use lowercase letters, digits and dashes/);
    expect(bad.html).toMatch(/role="alert"[^>]*>enter a title/);
    expect(bad.html).toMatch(/role="alert"[^>]*>at least 1 day/);
    const otherFunction = await post("/sops", chen, { key: "risk-sop", title: "Risk's", owner: "risk", review_days: "30" });
    expect(otherFunction.status).toBe(403);
    expect(otherFunction.html).toMatch(/role="alert"[^>]*>Only an admin or a lead of risk may change this SOP\./);
    expect((await post("/sops", viewer, { key: "viewer-sop", title: "Viewer's", owner: "cs", review_days: "30" })).status).toBe(403);
    expect((await get("/sops", viewer)).html).not.toContain("Register the SOP");
    expect((await call("GET", "/sops")).body.sops).toHaveLength(1);
    expect(eventCount(server.dbPath)).toBe(events);
  });

  it("the lead drafts a revision in Markdown: the heading renders, the script neither runs nor links", async () => {
    const t = await tab(cara);
    try {
      await visit(t.page, `${server.url}/sops/${KEY}`);
      // Neither a link nor a text: the form says so, and nothing is written.
      await t.page.fill('input[name="summary"]', "First issue");
      await t.page.click('button:has-text("Draft the revision")');
      await t.page.waitForSelector('#revise-body-error[role="alert"]');
      expect(await t.page.textContent("#revise-body-error")).toBe("give a link to the SOP or its text");
      await t.page.fill('textarea[name="body"]', BODY);
      await t.page.fill('input[name="link"]', "https://wiki.example.com/sop/vip");
      await t.page.click('button:has-text("Draft the revision")');
      await t.page.waitForSelector("[data-draft-revision='1']");
      const draft = t.page.locator("[data-draft-revision='1']");
      expect(await draft.locator("h1").textContent()).toBe("Call-back rules");
      expect(await draft.locator("li").textContent()).toBe("Call a VIP back within 1 hour");
      expect(await draft.locator("script").count()).toBe(0);
      // The hostile parts are words; the javascript: links lead nowhere.
      expect(await draft.textContent()).toContain("<script>alert(1)</script>");
      const hrefs = await draft.locator("[data-sop-body] a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
      expect(hrefs).toHaveLength(2);
      expect(hrefs.every((h) => !h || !/javascript:/i.test(h))).toBe(true);
      expect(await draft.locator("[data-sop-link]").getAttribute("href")).toBe("https://wiki.example.com/sop/vip");
      // The author does not approve their own revision, and reads why.
      expect(await t.page.locator('button:has-text("Approve v1")').count()).toBe(0);
      expect(await t.page.textContent("[data-approve-hint]")).toBe("You wrote this revision: another admin or lead of its owner function approves it.");
      // While the draft waits, there is no form for another.
      expect(await t.page.locator('button:has-text("Draft the revision")').count()).toBe(0);
      expect(t.dialogs).toEqual([]);
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
    const html = (await get(`/sops/${KEY}`, viewer)).html;
    expect(html).not.toMatch(/<script>alert/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).toContain("<h1>Call-back rules</h1>");
    expect(await sop()).toMatchObject({ current: null, draft: 1, revisions: [{ version: 1, summary: "First issue", author: "user:cara@example.com" }] });
  });

  it("the author's approval is refused with the reason at the form, and a second draft too; nothing is written", async () => {
    const events = eventCount(server.dbPath);
    const own = await post(`/sops/${KEY}`, cara, { intent: "approve", version: "1" });
    expect(own.status).toBe(403);
    expect(own.html).toMatch(/data-approve.*role="alert"[^>]*>A revision is approved by an admin or a lead of cs who did not write it\./s);
    const again = await post(`/sops/${KEY}`, cara, { intent: "revise", summary: "Second", body: "text" });
    expect(again.status).toBe(409);
    expect(again.html).toMatch(/role="alert"[^>]*>V1 of SOP &quot;vip-callbacks&quot; is waiting for approval: approve it before drafting another\./);
    const empty = await post(`/sops/${KEY}`, cara, { intent: "revise", summary: "" });
    expect(empty.status).toBe(400);
    expect(empty.html).toMatch(/role="alert"[^>]*>say what changed/);
    const nobody = await post(`/sops/${KEY}`, cara, { intent: "acknowledge", release: "vip" });
    expect(nobody.status).toBe(400);
    expect((await sop()).current).toBe(null);
    expect(eventCount(server.dbPath)).toBe(events);
  });

  it("a second CS lead approves: v1 is current, and the release's sop item waits for acknowledgements", async () => {
    const t = await tab(chen);
    try {
      await visit(t.page, `${server.url}/sops/${KEY}`);
      await t.page.click('button:has-text("Approve v1")');
      await t.page.waitForSelector("[data-current-revision='1']");
      expect(await t.page.textContent("#current")).toBe("Current revision: v1");
      expect(await t.page.locator("[data-current-revision] h1").textContent()).toBe("Call-back rules");
      expect(await t.page.locator("[data-draft-revision]").count()).toBe(0);
      expect(await t.page.textContent("[data-revision='1'] [data-approved-by]")).toContain("Chen CS");
      expect(await t.page.textContent("[data-revision='1'] [data-author]")).toBe("Cara CS");
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
    expect(await sop()).toMatchObject({ current: 1, draft: null, revisions: [{ version: 1, approved_by: "user:chen@example.com" }] });
    expect(await item()).toMatchObject({ status: "red" });
  });

  it("the lead acknowledges for the release's roster in bulk: select all, one left out", async () => {
    const t = await tab(cara);
    try {
      await visit(t.page, `${server.url}/sops/${KEY}`);
      const bulk = t.page.locator("[data-bulk]");
      expect(await bulk.locator('select[name="release"]').inputValue()).toBe("vip");
      expect(await bulk.locator('input[name="emails"]').count()).toBe(4);
      await bulk.locator("[data-select-all]").check();
      expect(await bulk.locator('input[name="emails"]:checked').count()).toBe(4);
      await bulk.locator('input[name="emails"][value="mia@example.com"]').uncheck();
      await bulk.locator('button:has-text("Acknowledge v1 for them")').click();
      await t.page.waitForSelector('[data-bulk] [role="status"]');
      expect(await bulk.locator('[role="status"]').textContent()).toBe("✔ v1 acknowledged for 3 people.");
      // Only Mia is left to tick; the release's table says who has and who has not.
      expect(await bulk.locator('input[name="emails"]').evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value))).toEqual(["mia@example.com"]);
      const marks = await t.page
        .locator("[data-following='vip'] tr[data-person]")
        .evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-person"), r.getAttribute("data-acknowledged"), r.lastElementChild!.textContent]));
      expect(marks).toEqual([
        ["mia@example.com", "false", "✗ not yet"],
        ["wang.fang@example.com", "true", "✓ acknowledged"],
        ["li.li@example.com", "true", "✓ acknowledged"],
        ["zhao.lei@example.com", "true", "✓ acknowledged"],
      ]);
      await screenshot(t.page, "sop-page-lead", true);
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
    expect((await acknowledgers(1)).sort()).toEqual(["li.li@example.com", "wang.fang@example.com", "zhao.lei@example.com"]);
    expect((await item()).status).toBe("red");
  });

  it("a member acknowledges for themselves with one button, and the item turns green", async () => {
    const t = await tab(mia);
    try {
      await visit(t.page, `${server.url}/sops/${KEY}`);
      // No forms of a manager's.
      expect(await t.page.locator("[data-bulk]").count()).toBe(0);
      expect(await t.page.locator('button:has-text("Record the review")').count()).toBe(0);
      await t.page.click('button:has-text("I have read v1")');
      await t.page.waitForSelector("[data-acknowledged-self]");
      expect(await t.page.textContent("[data-acknowledged-self]")).toMatch(/^✔ You acknowledged v1 on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
      expect(await t.page.getAttribute("[data-following='vip'] tr[data-person='mia@example.com']", "data-acknowledged")).toBe("true");
      // Who acknowledged v1, and who recorded it.
      const rows = await t.page
        .locator("[data-acknowledgements='1'] tr[data-acknowledgement]")
        .evaluateAll((trs) => trs.map((r) => [r.getAttribute("data-acknowledgement"), r.lastElementChild!.textContent]));
      expect(rows).toEqual([
        ["li.li@example.com", "Cara CS"],
        ["mia@example.com", "themselves"],
        ["wang.fang@example.com", "Cara CS"],
        ["zhao.lei@example.com", "Cara CS"],
      ]);
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
    expect(await item()).toMatchObject({ status: "green" });
    // A member acknowledges for nobody else.
    const events = eventCount(server.dbPath);
    const forOthers = await post(`/sops/${KEY}`, mia, { intent: "acknowledge", emails: ["someone@example.com"] });
    expect(forOthers.status).toBe(403);
    expect(forOthers.html).toMatch(/role="alert"[^>]*>You may acknowledge an SOP for yourself; for others, an admin or a lead of cs\./);
    expect(eventCount(server.dbPath)).toBe(events);
  });

  it("a viewer reads the page without a form, and every intent is refused", async () => {
    const page = await get(`/sops/${KEY}`, viewer);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('name="intent"');
    expect(page.html).toContain("Call-back rules");
    const events = eventCount(server.dbPath);
    const intents: Record<string, string>[] = [
      { intent: "revise", summary: "Viewer's", body: "text" },
      { intent: "approve", version: "1" },
      { intent: "review", note: "" },
      { intent: "acknowledge", emails: "mia@example.com" },
      { intent: "acknowledge-self" },
    ];
    for (const body of intents) {
      expect((await post(`/sops/${KEY}`, viewer, body)).status, body.intent).toBe(403);
    }
    expect(eventCount(server.dbPath)).toBe(events);
  });

  it("the lead records the periodic review, and drafts v2 while v1 stays in force", async () => {
    const reviewed = await post(`/sops/${KEY}`, cara, { intent: "review", note: "Checked against the new VIP tiers" });
    expect(reviewed.status).toBe(200);
    expect(reviewed.html).toContain("Review recorded.");
    const v2 = await post(`/sops/${KEY}`, cara, { intent: "revise", summary: "Compensation cap", link: "https://wiki.example.com/sop/vip-2" });
    expect(v2.status).toBe(200);
    expect(v2.html).toContain("Waiting for approval: v2");
    expect(await sop()).toMatchObject({ current: 1, draft: 2 });
    // Selecting a revision shows who acknowledged it: nobody has v2.
    const page = await get(`/sops/${KEY}?v=2`, chen);
    expect(page.html).toContain("Who acknowledged v2");
    expect(page.html).toContain("Nobody yet.");
    expect(page.html).toContain("Approve v2");
  });
});

describe("the list", () => {
  it("shows each SOP's owner and leads, versions, review due from review_days, and acknowledgements", async () => {
    const view = await sop();
    expect(view.review_due).toBe(addDays(view.last_reviewed_at!.slice(0, 10), 30));
    const t = await tab(viewer);
    try {
      await visit(t.page, `${server.url}/sops`);
      const row = t.page.locator(`tr[data-sop='${KEY}']`);
      expect(await row.getAttribute("data-overdue")).toBe(null);
      expect(await row.locator("[data-review-due]").getAttribute("data-review-due")).toBe(view.review_due);
      expect(await row.locator("[data-review-due]").textContent()).toBe(view.review_due);
      expect(await row.locator("[data-current]").textContent()).toBe("v1");
      expect(await row.locator("[data-draft]").textContent()).toBe("v2 waiting for approval");
      expect(await row.locator("[data-acknowledged]").textContent()).toBe("4 people");
      expect(await row.locator("[data-leads]").textContent()).toBe("Cara CS, Chen CS");
      await screenshot(t.page, "sops-list", true);
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it("marks an overdue review by colour, symbol and word", async () => {
    // The server's clock cannot be moved: age an approved SOP's approval in the file, as if a year had passed.
    const old = "old-desk";
    expect((await call("POST", "/sops", { key: old, title: "Old desk rules", owner: "cs", review_days: 90 })).status).toBe(201);
    expect((await post(`/sops/${old}`, cara, { intent: "revise", summary: "v1", body: "Old." })).status).toBe(200);
    expect((await post(`/sops/${old}`, chen, { intent: "approve", version: "1" })).status).toBe(200);
    const db = new Database(server.dbPath);
    try {
      db.prepare("update sop_revisions set approved_at = ? where sop_key = ?").run("2025-06-01T09:00:00.000Z", old);
    } finally {
      db.close();
    }
    expect(await sop(old)).toMatchObject({ review_due: "2025-08-30", review_overdue: true });
    const t = await tab(viewer);
    try {
      await visit(t.page, `${server.url}/sops`);
      const due = t.page.locator(`tr[data-sop='${old}'] [data-review-overdue]`);
      expect(await due.textContent()).toBe("✖ Overdue since 2025-08-30");
      expect(await due.evaluate((el) => el.className)).toContain("text-red-800");
      await visit(t.page, `${server.url}/sops/${old}`);
      expect(await t.page.textContent("[data-review-overdue]")).toBe("✖ Overdue since 2025-08-30");
      await t.page.setViewportSize({ width: 390, height: 844 });
      await visit(t.page, `${server.url}/sops`);
      await screenshot(t.page, "sops-list-phone", true);
      expect(t.errors).toEqual([]);
    } finally {
      await t.close();
    }
  });
});

describe("screens", () => {
  it("the SOP page on a phone and on a laptop, as the second lead sees it", async () => {
    const phone = await tab(chen, { width: 390, height: 844 });
    try {
      await visit(phone.page, `${server.url}/sops/${KEY}`);
      await screenshot(phone.page, "sop-page-phone", true);
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
    const laptop = await tab(chen);
    try {
      await visit(laptop.page, `${server.url}/sops/${KEY}`);
      await screenshot(laptop.page, "sop-page-approver");
      expect(laptop.errors).toEqual([]);
    } finally {
      await laptop.close();
    }
  });
});
