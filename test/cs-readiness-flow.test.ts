import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { checklistsWithFixtures } from "./support/fixtures";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";

/**
 * Issue 16's whole story in Chromium: a TV shows the release's board through
 * a board link while a CS lead, on their own screen, puts the launch shifts
 * on the roster, imports the LMS export, and the TV names who has not
 * passed; a pass imported later turns the roster item green on the TV with
 * no reload; then the lead records the agents' acknowledgements of the SOP
 * and its item turns green live too.
 */
let server: RunningServer;
let browser: Browser;
let cody: Person;
let call: ReturnType<typeof api>;

const RELEASE = "csflow";
const ROSTER = ["email,name,team", "wang.fang@example.com,王芳,shift-a", "chen.wei@example.com,Chen Wei,shift-b", "li.li@example.com,李丽,vip-desk"].join("\n");
const COLUMN = "Quiz: Perpetuals V2 assessment (Real)";
const header = `"First name","Last name","Email address","${COLUMN}"`;
const FIRST_EXPORT = ["\uFEFF" + header, "芳,王,wang.fang@example.com,9.00", "Wei,Chen,chen.wei@example.com,6.50", "丽,李,li.li@example.com,8.50"].join("\n");
const RETAKE = [header, "Wei,Chen,chen.wei@example.com,8.00"].join("\n");

const tile = (tv: Page, item: string) => tv.locator(`[data-item="${item}"]`);
const waitForStatus = (tv: Page, item: string, status: string) => tv.waitForSelector(`[data-item="${item}"][data-status="${status}"]`, { timeout: 15_000 });

async function importResults(page: Page, csv: string) {
  await visit(page, `${server.url}/releases/${RELEASE}/roster`);
  await page.selectOption("#results-assessment", "perp-v2");
  await page.fill("#results-column", COLUMN);
  await page.fill("#results-pass", "8");
  await page.fill("#results-max", "10");
  await page.fill("[data-csv-text=results]", csv);
  await page.click("[data-form=results] button[type=submit]");
  await page.waitForSelector("[data-results-recorded]");
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_CHECKLISTS: checklistsWithFixtures() } }), launchBrowser()]);
  call = api(server.url);
  const made = await call("POST", "/releases", {
    id: RELEASE,
    name: "Perp v2 CS",
    template: "cs-training",
    start_date: "2026-11-02",
    launch_date: "2027-01-20",
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  cody = await addPerson(server, { email: "cody@example.com", name: "Cody CS", role: "lead", functions: ["cs"] });
  // The SOP the release follows: drafted by the admin's token, approved by someone else (a CS lead's token).
  expect((await call("POST", "/sops", { key: "emergency-suspension", title: "Emergency trading suspension", owner: "cs", review_days: 90 })).status).toBe(201);
  expect((await call("POST", "/sops/emergency-suspension/revisions", { summary: "First issue", body: "# Suspend\n\nHalt new orders first." })).status).toBe(
    201,
  );
  const csToken = (await call("POST", "/tokens", { name: "cs-approver", role: "lead", functions: ["cs"] })).body.token as string;
  expect((await api(server.url, csToken)("POST", "/sops/emergency-suspension/revisions/1/approve")).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the CS section answers who has not passed and who has not read the SOP, live", () => {
  it("a CS lead imports the roster and the LMS export, records acknowledgements, and the TV follows without a reload", async () => {
    const link = (await call("POST", `/releases/${RELEASE}/board-links`, { name: "CS war room" })).body.url as string;
    const tv = await openPage(browser, { width: 1920, height: 1080 });
    const lead = await openPage(browser, { width: 1280, height: 800 });
    try {
      await visit(tv.page, link);
      await waitForStatus(tv.page, "cs.agents-passed", "pending");
      await signInBrowser(lead.context, server, cody);

      // The launch shifts on the roster, from pasted CSV.
      await visit(lead.page, `${server.url}/releases/${RELEASE}/roster`);
      await lead.page.fill("[data-csv-text=replace]", ROSTER);
      await lead.page.click("[data-form=replace] button[type=submit]");
      await lead.page.waitForSelector('[data-replaced="3"]');
      await waitForStatus(tv.page, "cs.agents-passed", "red");

      // The LMS export: Chen Wei scored 6.5 of 10, under the pass mark of 8. The TV names him and his shift.
      await importResults(lead.page, FIRST_EXPORT);
      await tv.page.waitForFunction(() => document.querySelector('[data-item="cs.agents-passed"]')?.textContent?.includes("2/3 passed"), null, {
        timeout: 15_000,
      });
      const red = await tile(tv.page, "cs.agents-passed").textContent();
      expect(red).toContain("not passed: Chen Wei (shift-b)");
      expect(red).not.toContain("王芳");
      expect(await tile(tv.page, "cs.sop-suspension").textContent()).toContain("not acknowledged: 王芳 (shift-a), Chen Wei (shift-b), 李丽 (vip-desk)");
      await screenshot(tv.page, "cs-flow-tv-red");

      // He retakes it and passes: green on the TV, no reload.
      await importResults(lead.page, RETAKE);
      await waitForStatus(tv.page, "cs.agents-passed", "green");
      expect(await tile(tv.page, "cs.agents-passed").textContent()).toContain("3/3 passed");

      // The agents read the SOP; the lead records it for all of them at once.
      await visit(lead.page, `${server.url}/sops/emergency-suspension?release=${RELEASE}`);
      const bulk = lead.page.locator("[data-bulk]");
      await bulk.locator("[data-select-all]").check();
      expect(await bulk.locator('input[name="emails"]:checked').count()).toBe(3);
      await bulk.locator('button[type="submit"]:has-text("v1")').click();
      await lead.page.waitForSelector('[data-bulk] [role="status"]');
      await waitForStatus(tv.page, "cs.sop-suspension", "green");
      expect(await tile(tv.page, "cs.sop-suspension").textContent()).toContain("v1 acknowledged by 3/3");
      await screenshot(tv.page, "cs-flow-tv-green");
      expect(tv.errors).toEqual([]);
      expect(lead.errors).toEqual([]);
    } finally {
      await tv.close();
      await lead.close();
    }
  });
});
