import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_WBS, demoDates } from "../server/demo/seed";
import { isoDate } from "../app/shared/time";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, startServer, type RunningServer } from "./support/server";

/**
 * The plan pages in Chromium: a CSV imported through the page (errors by line
 * first, then a preview, then applied), the Gantt with its critical path, the
 * tasks table edited in place, the stand-up view, and the board's schedule
 * tile moving live when a critical task's duration changes.
 */
let server: RunningServer;
let browser: Browser;
let pmo: Person;
let mmLead: Person;
let call: ReturnType<typeof api>;
const TV = { width: 1920, height: 1080 };
const DESK = { width: 1600, height: 1000 };
const dates = demoDates(isoDate(new Date()));

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  call = api(server.url);
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
  mmLead = await addPerson(server, { email: "mm-lead@example.com", name: "Mo MM", role: "lead", functions: ["mm"] });
  // The demo plan's dates: its statuses are written for today.
  const { start, launch, holidays } = dates;
  const created = await call("POST", "/releases", {
    id: "perp",
    name: "Perpetual Futures V2",
    template: "perp-futures-v2",
    start_date: start,
    launch_date: launch,
    calendar: { workdays: [1, 2, 3, 4, 5], holidays },
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Wait until the Gantt has drawn the rows its scroll position shows (it draws only those, and a margin). */
const drawnInView = (page: Page) =>
  page.waitForFunction(() => {
    const chart = document.querySelector<HTMLElement>("[data-gantt]")!;
    const [from, to] = chart.dataset.ganttView!.split("-").map(Number) as [number, number];
    const rows = Number(chart.dataset.gantt);
    const top = Math.max(0, chart.scrollTop - 46);
    return from <= Math.floor(top / 30) && to >= Math.min(rows, Math.ceil((top + chart.clientHeight) / 30));
  });

const tile = (page: Page) => page.locator('section[aria-label="Schedule"]');

describe("the plan pages", () => {
  it("import a CSV through a preview, show the Gantt's critical path, and move the board's schedule tile when a critical task changes", async () => {
    const desk = await openPage(browser, DESK);
    await signInBrowser(desk.context, server, pmo);
    desk.expectConsoleError(/status of 422/);
    const { page } = desk;

    // No plan yet: the Gantt says so and points to the import.
    await visit(page, `${server.url}/releases/perp/plan`);
    await page.waitForSelector("[data-empty-plan]");

    // A bad file: every problem by line, nothing written.
    await visit(page, `${server.url}/releases/perp/plan/import`);
    const before = eventCount(server.dbPath);
    await page.fill(
      'textarea[name="csv"]',
      ["id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status", "a,Alpha,,rd,five,,,,", "b,Beta,,rd,2,ghost,,,"].join("\n"),
    );
    await page.click('button:has-text("Preview changes")');
    await page.waitForSelector("[data-import-problems]");
    const problems = await page.locator("[data-import-problems] li").allTextContents();
    expect(problems).toEqual(["Line 2: duration: duration is a whole number of working days", 'Line 3: predecessor "ghost" is not a task in this file']);
    expect(eventCount(server.dbPath)).toBe(before);

    // The real file: a preview of what changes, then applied.
    await page.fill('textarea[name="csv"]', "");
    await page.setInputFiles('input[name="file"]', fileURLToPath(DEMO_WBS));
    await page.click('button:has-text("Preview changes")');
    await page.waitForSelector("[data-import-preview]");
    expect(await page.locator("[data-added]").getAttribute("data-added")).toBe("84");
    expect(eventCount(server.dbPath)).toBe(before);
    await screenshot(page, "plan-import-preview");
    await page.click('button:has-text("Apply")');
    await page.waitForURL(/\/plan\?imported=84$/);
    expect(eventCount(server.dbPath)).toBe(before + 1);

    // The Gantt: every task, the critical path through the MM integration tests, today and launch lines.
    await page.waitForSelector('[data-gantt="84"]');
    // The chart draws the rows in view: collect what it draws, top to bottom.
    const critical = new Set<string | null>();
    for (const at of ["top", "middle", "bottom"]) {
      await page.evaluate((where) => {
        const chart = document.querySelector("[data-gantt]")!;
        chart.scrollTop = where === "top" ? 0 : where === "middle" ? chart.scrollHeight / 2 - chart.clientHeight / 2 : chart.scrollHeight;
      }, at);
      await drawnInView(page);
      for (const id of await page.locator('g[data-critical="true"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-task")))) critical.add(id);
    }
    await page.evaluate(() => (document.querySelector("[data-gantt]")!.scrollTop = 0));
    expect(critical.has("mm-integration-test")).toBe(true);
    expect(critical.has("full-release")).toBe(true);
    expect(critical.has("qa-pen-fix")).toBe(false);
    expect(await page.locator('path[data-link="risk-slippage>mm-integration-test"]').count()).toBe(1);
    expect(await page.locator("line[data-launch]").getAttribute("data-launch")).toBe(dates.launch);
    expect(await page.locator('rect[data-off-day="holiday"]').count()).toBeGreaterThan(0);
    await screenshot(page, "plan-gantt");

    // The stand-up view: the MM integration tests are late, with their person.
    await visit(page, `${server.url}/releases/perp/plan/today`);
    const late = page.locator('[data-function="mm"] [data-today-task="mm-integration-test"]');
    expect(await late.getAttribute("data-late")).toBe("true");
    expect(await page.locator('[data-function="mm"]').textContent()).toContain("Daniel Okafor");
    await screenshot(page, "plan-today");

    // The TV board shows the schedule tile.
    const tv = await openPage(browser, TV);
    const link = await call("POST", "/releases/perp/board-links", { name: "War room TV" });
    await visit(tv.page, link.body.url);
    await tv.page.waitForSelector('[data-connection="live"]');
    const slackBefore = Number(await tile(tv.page).getAttribute("data-schedule-slack"));
    const finishBefore = await tile(tv.page).getAttribute("data-projected-finish");
    expect(await tile(tv.page).locator('[data-task="mm-integration-test"]').textContent()).toContain("Daniel Okafor");

    // The MM lead edits only MM tasks in the table, filtered to their function…
    const lead = await openPage(browser, DESK);
    await signInBrowser(lead.context, server, mmLead);
    await visit(lead.page, `${server.url}/releases/perp/plan/tasks?owner=mm`);
    const rows = await lead.page
      .locator("tr[data-task-row]")
      .evaluateAll((nodes) => nodes.filter((n) => !n.classList.contains("opacity-50")).map((n) => n.getAttribute("data-task-row")));
    expect(rows.length).toBeGreaterThan(2);
    const owners = await call("GET", "/releases/perp/wbs");
    const mmTasks = new Set(owners.body.tasks.filter((t: { owner: string }) => t.owner === "mm").map((t: { id: string }) => t.id));
    expect(rows.every((id) => mmTasks.has(id))).toBe(true);

    // …and lengthens the critical MM integration tests by 4 days: 3 more working days left at 30% done.
    const row = lead.page.locator('tr[data-task-row="mm-integration-test"]');
    expect(await row.getAttribute("data-critical")).toBe("true");
    await row.locator('input[name="duration"]').fill("12");
    await row.locator('button:has-text("Save")').click();
    await expect.poll(() => lead.page.locator('tr[data-task-row="mm-integration-test"] input[name="duration"]').inputValue()).toBe("12");

    // The board's tile moves, live.
    await expect.poll(() => tile(tv.page).getAttribute("data-schedule-slack")).toBe(String(slackBefore - 3));
    expect(await tile(tv.page).getAttribute("data-projected-finish")).not.toBe(finishBefore);
    expect(await tile(tv.page).getAttribute("data-schedule-status")).toBe("red");
    await screenshot(tv.page, "board-schedule-tile");

    // A lead cannot edit another function's task: no form, and the server refuses a forged post.
    await visit(lead.page, `${server.url}/releases/perp/plan/tasks?owner=risk`);
    expect(await lead.page.locator('tr[data-task-row] button:has-text("Save")').count()).toBe(0);
    await visit(page, `${server.url}/releases/perp/plan/tasks`);
    await screenshot(page, "plan-tasks");

    for (const p of [desk, tv, lead]) expect(p.errors).toEqual([]);
    await Promise.all([desk.close(), tv.close(), lead.close()]);
  });

  it("refuse bad input on the page actions with a readable reason, writing nothing", async () => {
    const post = (path: string, body: Record<string, string>) =>
      fetch(`${server.url}/releases/perp/plan/${path}`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: server.url, cookie: pmo.cookie },
        body: new URLSearchParams(body),
      });
    const before = eventCount(server.dbPath);
    const row = { intent: "update", task: "mm-integration-test", duration: "12", progress: "150", status: "in_progress", owner: "mm", assignee: "" };
    const tooMuch = await post("tasks", row);
    expect(tooMuch.status).toBe(200);
    expect(JSON.stringify(await tooMuch.text())).toContain("must be at most 100");
    expect((await post("tasks", { ...row, progress: "30", status: "sideways" })).status).toBe(200);
    const unknown = await post("tasks", { ...row, task: "ghost", progress: "30" });
    expect(await unknown.text()).toContain("No task");
    const cycle = await post("import", {
      intent: "apply",
      csv: "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status\na,A,,rd,1,b,,,\nb,B,,rd,1,a,,,",
    });
    expect(cycle.status).toBe(422);
    expect(await cycle.text()).toContain("the dependencies form a cycle: a → b → a");
    const empty = await post("import", { intent: "preview", csv: " " });
    expect(empty.status).toBe(422);
    expect(eventCount(server.dbPath)).toBe(before);
  });

  it("draws a long plan's Gantt a screenful at a time, and the rest as it scrolls", async () => {
    await call("POST", "/releases", { id: "long", name: "Long plan", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2027-06-30" });
    const tasks = Array.from({ length: 400 }, (_, i) => ({ id: `t${i}`, name: `Task ${i}`, owner: "listing", duration: 1 + (i % 3) }));
    const dependencies = tasks.slice(1).map((t, i) => ({ from: `t${i}`, to: t.id }));
    expect((await call("PUT", "/releases/long/wbs", { tasks, dependencies })).status).toBe(200);
    const desk = await openPage(browser, DESK);
    await signInBrowser(desk.context, server, pmo);
    await visit(desk.page, `${server.url}/releases/long/plan`);
    expect(await desk.page.locator("[data-gantt]").getAttribute("data-gantt")).toBe("400");
    const drawn = await desk.page.locator("g[data-task]").count();
    expect(drawn).toBeGreaterThan(20);
    expect(drawn).toBeLessThan(150);
    expect(await desk.page.locator('g[data-task="t399"]').count()).toBe(0);
    await desk.page.evaluate(() => {
      const chart = document.querySelector("[data-gantt]")!;
      chart.scrollTop = chart.scrollHeight;
    });
    await desk.page.waitForSelector('g[data-task="t399"][data-critical="true"]');
    expect(await desk.page.locator('path[data-link="t398>t399"]').count()).toBe(1);
    expect(desk.errors).toEqual([]);
    await desk.close();
  });
});
