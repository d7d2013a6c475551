import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { checklistsWithFixtures } from "./support/fixtures";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, startServer, type RunningServer } from "./support/server";
import { audit } from "./support/tv";

/**
 * The training roster page (SPEC 12.1) and the roster/sop item pages against
 * the real server, in Chromium: a CS lead replaces the roster from a CSV and
 * imports a Moodle gradebook export through the page, reads each person's
 * standing and filters it in the URL; a malformed CSV lists every bad line
 * and changes nothing; a viewer reads without forms; one person is added
 * and removed; the item pages name whom they wait for. The release comes
 * from the tests' own template (test/fixtures/checklists/cs-training.yaml).
 */
let server: RunningServer;
let call: ReturnType<typeof api>;
let browser: Browser;
let cody: Person;
let vic: Person;

const FIXTURES = join(import.meta.dirname, "fixtures");
const ROSTER_CSV = join(FIXTURES, "roster.csv");
const GRADES = readFileSync(join(FIXTURES, "moodle-grades.csv"), "utf8");
const COLUMN = "Quiz: Perpetuals V2 assessment (Real)";
const ROSTER = "/releases/cst/roster";

const text = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

async function page(who: Person, path: string) {
  const res = await fetch(`${server.url}${path}`, { redirect: "manual", headers: { cookie: who.cookie } });
  return { status: res.status, html: await res.text() };
}

async function post(who: Person, path: string, form: Record<string, string>) {
  const res = await fetch(`${server.url}${path}`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.url, cookie: who.cookie },
    body: new URLSearchParams(form),
  });
  return { status: res.status, html: await res.text() };
}

const rosterEmails = async () => ((await call("GET", "/releases/cst/roster")).body.people as { email: string }[]).map((p) => p.email);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_CHECKLISTS: checklistsWithFixtures() } }), launchBrowser()]);
  call = api(server.url);
  const made = await call("POST", "/releases", { id: "cst", name: "Perp v2 CS", template: "cs-training", start_date: "2026-11-02", launch_date: "2026-12-20" });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  cody = await addPerson(server, { email: "cody@example.com", name: "Cody CS", role: "lead", functions: ["cs"] });
  vic = await addPerson(server, { email: "vic@example.com", name: "Vic Viewer", role: "viewer" });
  // The SOP the release's sop item follows: written by the admin's token, approved by a lead of cs.
  expect((await call("POST", "/sops", { key: "emergency-suspension", title: "Emergency trading suspension", owner: "cs", review_days: 90 })).status).toBe(201);
  expect((await call("POST", "/sops/emergency-suspension/revisions", { summary: "First issue", link: "https://wiki.example.com/sop/suspension" })).status).toBe(
    201,
  );
  const csToken = (await call("POST", "/tokens", { name: "cs-approver", role: "lead", functions: ["cs"] })).body.token as string;
  const approved = await api(server.url, csToken)("POST", "/sops/emergency-suspension/revisions/1/approve");
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a CS lead keeps the roster through the page", () => {
  it("replaces the roster from roster.csv (a file)", async () => {
    const session = await openPage(browser, { width: 1280, height: 800 });
    await signInBrowser(session.context, server, cody);
    const { page: tab } = session;
    await visit(tab, `${server.url}${ROSTER}`);
    expect(await tab.textContent("[data-roster-empty]")).toContain("Nobody is on the roster yet.");
    await tab.setInputFiles("[data-csv-file=replace]", ROSTER_CSV);
    await tab.click("[data-form=replace] button[type=submit]");
    await tab.waitForSelector('[data-replaced="9"]');
    expect(await tab.textContent("[data-replaced]")).toContain("The roster has 9 people: 9 added, 0 removed, 0 changed.");
    // The table follows with the page's revalidation (on a loaded machine, a moment after the action's answer).
    await expect.poll(() => tab.locator("tr[data-person]").count()).toBe(9);
    expect((await rosterEmails()).slice(0, 2)).toEqual(["wang.fang@example.com", "chen.wei@example.com"]);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it("imports the Moodle export (pass 8 of 10): recorded and passed counts, the unknown email and the skipped line; then the standing", async () => {
    const session = await openPage(browser, { width: 1280, height: 800 });
    await signInBrowser(session.context, server, cody);
    const { page: tab } = session;
    await visit(tab, `${server.url}${ROSTER}`);
    await tab.selectOption("#results-assessment", "perp-v2");
    await tab.fill("#results-column", COLUMN);
    await tab.fill("#results-pass", "8");
    await tab.fill("#results-max", "10");
    await tab.fill("#results-at", "Last downloaded from this course");
    // One line more than the export: someone not on the roster (line 10).
    const csv = `${GRADES.trimEnd()}\nSam,Stranger,CS-0999,Greenlight,"CS Dublin",sam.stranger@example.com,9.50,9.50,1796117400\n`;
    await tab.fill("[data-csv-text=results]", csv);
    await tab.click("[data-form=results] button[type=submit]");
    await tab.waitForSelector("[data-results-recorded]");
    expect(await tab.getAttribute("[data-results-recorded]", "data-results-recorded")).toBe("7");
    expect(await tab.getAttribute("[data-results-recorded]", "data-results-passed")).toBe("6");
    expect(text(await tab.innerHTML("[data-results-unknown]"))).toContain("Line 10: sam.stranger@example.com");
    expect(text(await tab.innerHTML("[data-results-skipped]"))).toContain("Line 4: maria.santos@example.com");

    // The standing, by colour, symbol and word.
    const cell = (email: string) => tab.locator(`tr[data-person="${email}"] td[data-assessment="perp-v2"]`);
    // The table follows with the page's revalidation, a moment after the action's answer on a loaded machine.
    await expect.poll(() => cell("wang.fang@example.com").getAttribute("data-standing")).toBe("valid");
    expect(await cell("wang.fang@example.com").innerText()).toMatch(/✓\s*valid on launch\s*best 90 · 1 attempt/);
    expect(await cell("chen.wei@example.com").getAttribute("data-standing")).toBe("not_passed");
    expect(await cell("chen.wei@example.com").innerText()).toMatch(/✗\s*not passed\s*best 75 · 1 attempt/);
    expect(await cell("maria.santos@example.com").getAttribute("data-standing")).toBe("none");
    expect(await cell("maria.santos@example.com").innerText()).toMatch(/—\s*no attempt/);
    const summary = await tab.innerText("[data-roster-summary]");
    expect(summary).toContain("6 of 9 hold a pass valid on launch 2026-12-20");
    expect(summary).toContain("v1 acknowledged by 0 of 9");
    await screenshot(tab, "roster-page", true);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it("filters in the URL: not passed, expiring before launch, not acknowledged, a team", async () => {
    // 赵敏 passed a year before launch: her pass lapses on 2026-12-01. 王芳 acknowledged the SOP.
    expect(
      (
        await call("POST", "/releases/cst/assessments/perp-v2/results", {
          results: [{ email: "zhao.min@example.com", score: 95, passed: true, at: "2025-12-01T09:00:00Z" }],
        })
      ).status,
    ).toBe(200);
    expect((await call("POST", "/sops/emergency-suspension/acknowledgements", { emails: ["wang.fang@example.com"] })).status).toBe(200);

    const session = await openPage(browser, { width: 1280, height: 800 });
    await signInBrowser(session.context, server, cody);
    const { page: tab } = session;
    await visit(tab, `${server.url}${ROSTER}`);
    await tab.click("[data-filter=not_passed]");
    await tab.waitForURL(/\?not_passed=1$/);
    await tab.waitForSelector('[data-filter=not_passed][data-filter-on="true"]');
    const shown = () => tab.$$eval("tr[data-person]", (rows) => rows.map((r) => r.getAttribute("data-person")));
    expect(await shown()).toEqual(["chen.wei@example.com", "maria.santos@example.com"]);
    await screenshot(tab, "roster-page-not-passed");

    await visit(tab, `${server.url}${ROSTER}?expiring=1`);
    expect(await shown()).toEqual(["zhao.min@example.com"]);
    expect(await tab.innerText('tr[data-person="zhao.min@example.com"] td[data-assessment]')).toMatch(/⚠\s*pass expires 2026-12-01, before launch/);

    await visit(tab, `${server.url}${ROSTER}?not_acknowledged=1&team=CS+Shanghai`);
    expect(await shown()).toEqual(["chen.wei@example.com", "li.li@example.com", "zhao.min@example.com"]);
    expect(await tab.innerText('tr[data-person="chen.wei@example.com"] td[data-sop]')).toMatch(/✗\s*v1 not acknowledged/);
    expect(await tab.textContent("[data-shown]")).toContain("(3 of 9 shown)");
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it("a malformed CSV lists every bad line and changes nothing", async () => {
    const before = eventCount(server.dbPath);
    const roster = await rosterEmails();
    const session = await openPage(browser, { width: 1280, height: 800 });
    session.expectConsoleError(/422/);
    await signInBrowser(session.context, server, cody);
    const { page: tab } = session;
    await visit(tab, `${server.url}${ROSTER}`);
    await tab.fill(
      "[data-csv-text=replace]",
      "email,name,team\nwang.fang@example.com,王芳,CS Shanghai\nnot-an-email,Bad Email,CS Lisbon\nok@example.com,,CS Dublin\nwang.fang@example.com,王芳 again,CS Shanghai\n",
    );
    await tab.click("[data-form=replace] button[type=submit]");
    await tab.waitForSelector("[data-csv-problems]");
    const problems = await tab.innerText("[data-csv-problems]");
    expect(problems).toContain("3 problems: nothing was changed");
    expect(await tab.$$eval("[data-problem-line]", (li) => li.map((l) => l.getAttribute("data-problem-line")))).toEqual(["3", "4", "5"]);
    expect(problems).toMatch(/Line 3: email/);
    expect(problems).toMatch(/Line 5: email wang.fang@example.com is already on line 2/);
    expect(eventCount(server.dbPath)).toBe(before);
    expect(await rosterEmails()).toEqual(roster);
    await screenshot(tab, "roster-page-bad-csv");
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it("adds a person and removes one", async () => {
    const session = await openPage(browser, { width: 1280, height: 800 });
    await signInBrowser(session.context, server, cody);
    const { page: tab } = session;
    await visit(tab, `${server.url}${ROSTER}`);
    await tab.fill("#person-email", "Nadia.Kim@example.com");
    await tab.fill("#person-name", "Nadia Kim");
    await tab.fill("#person-team", "CS Seoul");
    await tab.fill("#person-language", "en");
    await tab.click("[data-form=upsert] button[type=submit]");
    await tab.waitForSelector('tr[data-person="nadia.kim@example.com"]');
    expect(await tab.innerText('tr[data-person="nadia.kim@example.com"]')).toContain("CS Seoul");
    expect((await rosterEmails()).at(-1)).toBe("nadia.kim@example.com");

    // Edit: the row's link fills the form; the email already on the roster changes that person.
    await tab.click('tr[data-person="nadia.kim@example.com"] a:has-text("Edit")');
    await tab.waitForURL(/edit=nadia\.kim/);
    await tab.waitForFunction(() => (document.querySelector("#person-name") as HTMLInputElement | null)?.value === "Nadia Kim");
    await tab.fill("#person-team", "CS Busan");
    await tab.click("[data-form=upsert] button[type=submit]");
    await tab.waitForFunction(() => document.querySelector('tr[data-person="nadia.kim@example.com"]')?.textContent?.includes("CS Busan"));

    await tab.click('tr[data-person="nadia.kim@example.com"] button:has-text("Remove")');
    await tab.waitForSelector('tr[data-person="nadia.kim@example.com"]', { state: "detached" });
    expect(await rosterEmails()).not.toContain("nadia.kim@example.com");
    expect(await rosterEmails()).toHaveLength(9);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it("a bad person is refused on its field, nothing written", async () => {
    const before = eventCount(server.dbPath);
    const res = await post(cody, ROSTER, { intent: "upsert", email: "nobody", name: "", team: "CS" });
    expect(res.status).toBe(400);
    expect(text(res.html)).toContain("enter a valid email address");
    const gone = await post(cody, ROSTER, { intent: "remove", id: "ghost@example.com" });
    expect(gone.status).toBe(404);
    expect(eventCount(server.dbPath)).toBe(before);
  });
});

describe("a viewer", () => {
  it("reads the roster with no forms, and a post is refused with nothing written", async () => {
    const res = await page(vic, ROSTER);
    expect(res.status).toBe(200);
    expect(res.html).toContain("data-read-only");
    expect(res.html).not.toContain("data-roster-manage");
    expect(res.html).not.toMatch(/name="intent"/);
    expect(text(res.html)).toContain("王芳");
    const before = eventCount(server.dbPath);
    const refused = await post(vic, ROSTER, { intent: "remove", id: "wang.fang@example.com" });
    expect(refused.status).toBe(403);
    expect(eventCount(server.dbPath)).toBe(before);
    expect(await rosterEmails()).toContain("wang.fang@example.com");
  });
});

describe("the item pages", () => {
  it("the roster item lists who holds no pass valid on launch, with team and why", async () => {
    const session = await openPage(browser, { width: 1280, height: 800 });
    await signInBrowser(session.context, server, vic);
    const { page: tab } = session;
    await visit(tab, `${server.url}/releases/cst/items/cs.agents-passed`);
    expect(await tab.getAttribute("[data-waiting-for]", "data-waiting-for")).toBe("3");
    const rows = await tab.$$eval("[data-missing]", (trs) => trs.map((tr) => (tr as HTMLElement).innerText.replace(/\s+/g, " ").trim()));
    expect(rows).toEqual(["陈伟 CS Shanghai ✗ not passed", "Maria Santos CS Lisbon — no attempt", "赵敏 CS Shanghai ⚠ pass expires 2026-12-01, before launch"]);
    expect(await tab.getAttribute('[data-waiting-for] a:has-text("training roster")', "href")).toBe(ROSTER);
    await screenshot(tab, "roster-item-page");
    await tab.setViewportSize({ width: 390, height: 844 });
    await screenshot(tab, "roster-item-page-phone", true);
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it("the sop item lists who has not acknowledged the current revision, with a link to the SOP", async () => {
    const res = await page(vic, "/releases/cst/items/cs.sop-suspension");
    expect(res.html).toContain('data-waiting-for="8"');
    expect(text(res.html)).toContain("8 people have not acknowledged v1");
    expect(res.html).not.toContain('data-missing="wang.fang@example.com"');
    expect(res.html).toContain('data-missing="chen.wei@example.com"');
    expect(res.html).toContain('href="/sops/emergency-suspension"');
  });
});

describe("on a phone", () => {
  it("the roster reads as cards at 390×844, nothing wider than the screen", async () => {
    const session = await openPage(browser, { width: 390, height: 844 });
    await signInBrowser(session.context, server, cody);
    const { page: tab } = session;
    await visit(tab, `${server.url}${ROSTER}`);
    const overflow = await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await screenshot(tab, "roster-page-phone");
    await tab.locator('tr[data-person="chen.wei@example.com"]').scrollIntoViewIfNeeded();
    await screenshot(tab, "roster-page-phone-rows");
    await screenshot(tab, "roster-page-phone-full", true);
    expect(session.errors).toEqual([]);
    await session.close();
  });
});

describe("on the TV board", () => {
  it("a red roster item names its five people and +N in two readable lines, and the board still fits one screen", async () => {
    expect(
      (await call("POST", "/releases", { id: "cstv", name: "Perp v2 CS (TV)", template: "cs-training", start_date: "2026-11-02", launch_date: "2026-12-20" }))
        .status,
    ).toBe(201);
    const teams = ["CS Shanghai", "CS Lisbon", "CS Dublin", "CS Singapore"];
    const people = ["王芳", "陈伟", "Maria Santos", "李丽", "James O'Brien", "Ahmed Khan", "Yuki Tanaka", "赵敏"].map((name, i) => ({
      email: `agent${i}@example.com`,
      name,
      team: teams[i % teams.length]!,
    }));
    expect((await call("PUT", "/releases/cstv/roster", { people })).status).toBe(200);
    const link = (await call("POST", "/releases/cstv/board-links", { name: "CS TV" })).body.url as string;
    const session = await openPage(browser, { width: 1920, height: 1080 });
    const { page: tab } = session;
    await visit(tab, link);
    await tab.waitForSelector('[data-connection="live"]');
    const reason = tab.locator('[data-item="cs.agents-passed"] [data-reason-lines]');
    expect(await reason.innerText()).toContain(
      "not passed: 王芳 (CS Shanghai), 陈伟 (CS Lisbon), Maria Santos (CS Dublin), 李丽 (CS Singapore), James O'Brien (CS Shanghai) +3",
    );
    // Shown whole: nothing of it cut by the two lines.
    await screenshot(tab, "roster-board-1920");
    expect(await reason.evaluate((e) => e.scrollHeight <= e.clientHeight)).toBe(true);
    const a = await audit(tab);
    expect(a.scroll).toEqual(a.viewport);
    expect(a.outside).toEqual([]);
    expect(a.clipped).toEqual([]);
    expect(a.small).toEqual([]);
    expect(session.errors).toEqual([]);
    await session.close();
  });
});
