import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, SCREENSHOTS, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";
import { NEW_COIN_GREEN_BUT_LAST } from "./support/fixtures";

/**
 * A whole Go/No-Go meeting in Chromium with three screens: the PMO presenting
 * from the board, a lead voting from a laptop, and the meeting-room TV on a
 * board link following the presenter. It ends in a GO and a printed record.
 */
let server: RunningServer;
let browser: Browser;
let pmo: Person;
let lead: Person;
let call: ReturnType<typeof api>;

const TV = { width: 1920, height: 1080 };
const LAPTOP = { width: 1440, height: 900 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  call = api(server.url);
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
  lead = await addPerson(server, { email: "lee@example.com", name: "Lee Lead", role: "lead", functions: ["listing", "wallet"] });
  expect(
    (await call("POST", "/releases", { id: "sol", name: "SOL listing", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" }))
      .status,
  ).toBe(201);
  for (const [item, body] of NEW_COIN_GREEN_BUT_LAST) expect((await call("POST", `/releases/sol/items/${item}/evidence`, body)).status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const currentAgenda = (page: Page) => page.locator('[data-agenda][aria-current="step"]').getAttribute("data-agenda");
const voteOf = (page: Page, fn: string) => page.locator(`section[aria-label="Votes"] [data-vote="${fn}"]`).first();

describe("a Go/No-Go meeting", () => {
  it("is scheduled, presented to a following TV, voted from a laptop, refused while red, and ends in a GO with a record", async () => {
    // The PMO schedules the meeting: listing and wallet must vote.
    const desk = await openPage(browser, LAPTOP);
    desk.expectConsoleError(/status of 409/);
    await signInBrowser(desk.context, server, pmo);
    await visit(desk.page, `${server.url}/releases/sol/meeting`);
    await desk.page.fill('input[name="scheduled_at_local"]', "2026-11-30T09:00");
    for (const fn of ["legal", "mm", "cs", "marketing"]) await desk.page.uncheck(`input[name="required_functions"][value="${fn}"]`);
    await desk.page.click('button:has-text("Schedule the meeting")');
    await desk.page.waitForSelector('[data-meeting="scheduled"]');
    await desk.page.click('button:has-text("Start the meeting and present")');
    await desk.page.waitForSelector('[data-meeting="live"]');

    // The presenter opens the board; the TV on its board link follows.
    const presenter = await openPage(browser, TV);
    await signInBrowser(presenter.context, server, pmo);
    await visit(presenter.page, `${server.url}/releases/sol/board`);
    await presenter.page.waitForSelector('[data-presenting="true"]');
    const link = await call("POST", "/releases/sol/board-links", { name: "War room TV" });
    const tv = await openPage(browser, TV);
    await visit(tv.page, link.body.url);
    await tv.page.waitForSelector("[data-meeting-live]");
    expect(await currentAgenda(tv.page)).toBe("due-diligence");
    expect(await tv.page.locator("[data-item]:visible").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("data-item")!.split(".")[0]))).toEqual([
      "due-diligence",
      "due-diligence",
      "due-diligence",
    ]);

    // The presenter moves on with the keyboard; the TV follows. A note appears on the TV.
    await presenter.page.keyboard.press("n");
    await expect.poll(() => currentAgenda(tv.page)).toBe("wallet");
    await visit(desk.page, `${server.url}/releases/sol/meeting`);
    await desk.page.fill('textarea[name="text"]', "Cold storage drill passed on 2026-11-18.");
    await desk.page.click('button:has-text("Save notes")');
    await expect.poll(() => tv.page.locator('[data-notes="wallet"]').textContent()).toContain("Cold storage drill passed");

    // The TV steps away to another section and jumps back.
    await tv.page.click('[data-agenda="comms"]');
    expect(await tv.page.locator("[data-meeting-live]").getAttribute("data-following")).toBe("away");
    await tv.page.click("[data-jump-back]");
    expect(await tv.page.locator("[data-meeting-live]").getAttribute("data-following")).toBe("presenter");
    for (const next of ["liquidity", "comms"]) {
      await presenter.page.keyboard.press("n");
      await expect.poll(() => currentAgenda(tv.page)).toBe(next);
    }
    // Two quick presses move two sections, one after the other, and nothing is aborted.
    await presenter.page.keyboard.press("p");
    await presenter.page.keyboard.press("p");
    await expect.poll(() => currentAgenda(tv.page)).toBe("wallet");
    await presenter.page.keyboard.press("n");
    await presenter.page.keyboard.press("n");
    await expect.poll(() => currentAgenda(tv.page)).toBe("comms");

    // The lead votes Go for both functions from a laptop.
    const laptop = await openPage(browser, LAPTOP);
    await signInBrowser(laptop.context, server, lead);
    await visit(laptop.page, `${server.url}/releases/sol/meeting`);
    for (const fn of ["listing", "wallet"]) {
      const row = laptop.page.locator(`li[data-vote="${fn}"]`);
      await row.locator('input[value="go"]').check();
      await row.locator('input[name="comment"]').fill(`${fn}: evidence reviewed`);
      await row.locator('button:has-text("Vote")').click();
      await expect.poll(() => voteOf(tv.page, fn).getAttribute("data-vote-value")).toBe("go");
    }
    expect(await laptop.page.locator('section[aria-label="Decision"]').count()).toBe(0);

    // The PMO tries GO while the CS macros are still pending: refused, naming why.
    await visit(desk.page, `${server.url}/releases/sol/meeting`);
    await desk.page.check('input[name="decision"][value="go"]');
    await desk.page.fill('textarea[name="summary"]', "Everything green, listing and wallet Go");
    await desk.page.click('button:has-text("Record the decision")');
    await desk.page.waitForSelector("[data-decision-refused]");
    expect(await desk.page.locator("[data-decision-refused]").textContent()).toContain("The gate is closed: 1 item is not green");

    // The last item turns green: the gate opens, and the votes cast before go stale on every screen.
    expect((await call("POST", "/releases/sol/items/comms.cs-macros/evidence", { done: true })).status).toBe(200);
    await expect.poll(() => tv.page.locator("[data-gate]").getAttribute("data-gate")).toBe("open");
    await expect.poll(() => voteOf(tv.page, "listing").getAttribute("data-fresh")).toBe("false");
    await screenshot(presenter.page, "meeting-presenter");

    // The lead confirms; the PMO records GO.
    for (const fn of ["listing", "wallet"]) {
      const row = laptop.page.locator(`li[data-vote="${fn}"]`);
      await expect.poll(() => row.getAttribute("data-fresh")).toBe("false");
      await row.locator('input[value="go"]').check();
      await row.locator('button:has-text("Confirm again")').click();
      await expect.poll(() => voteOf(tv.page, fn).getAttribute("data-fresh")).toBe("true");
    }
    await visit(desk.page, `${server.url}/releases/sol/meeting`);
    await desk.page.check('input[name="decision"][value="go"]');
    await desk.page.fill('textarea[name="summary"]', "Everything green, listing and wallet Go");
    await desk.page.click('button:has-text("Record the decision")');
    await desk.page.click('a:has-text("Open the decision record")');
    await desk.page.waitForSelector('[data-decision="go"]');
    await expect.poll(() => tv.page.locator("[data-decided]").getAttribute("data-decided")).toBe("go");
    expect(await desk.page.locator("[data-verified]").getAttribute("data-verified")).toBe("true");
    expect(await desk.page.locator("[data-record-item]").count()).toBe(8);
    expect(await desk.page.locator("article").textContent()).toContain("Cold storage drill passed on 2026-11-18.");
    expect(await desk.page.locator("article").textContent()).toContain("War room TV");

    // The printed record: no screen chrome, every table.
    await desk.page.emulateMedia({ media: "print" });
    expect(await desk.page.locator("header").first().isVisible()).toBe(false);
    await screenshot(desk.page, "decision-record-print", true);
    await desk.page.pdf({ path: join(SCREENSHOTS, "decision-record.pdf"), format: "A4" });

    for (const p of [desk, presenter, tv, laptop]) expect(p.errors).toEqual([]);
    await Promise.all([desk.close(), presenter.close(), tv.close(), laptop.close()]);
  });
});
