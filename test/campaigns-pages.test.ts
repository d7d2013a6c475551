import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, startServer, type RunningServer } from "./support/server";

/**
 * The launch calendar in Chromium, on the demo release (SPEC 13, ADR 024):
 * the PMO reaches it from the release page and reads the trading competition
 * at risk with its reasons beside a fee week on track; a campaign whose end
 * comes before its start is refused on its field with nothing written; a
 * good one appears, at risk because the item it needs is not green; the plan's
 * Gantt flags every campaign's start, at-risk ones in the launch line's red;
 * moving the launch moves the offset campaigns.
 */
let server: RunningServer;
let browser: Browser;
let pmo: Person;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const campaigns = async () => (await api(server.url)("GET", "/releases/perp-v2/campaigns")).body.campaigns as { id: string; start_date: string }[];

describe("the launch calendar", () => {
  it("shows campaigns against the plan and readiness, refuses a bad one on its field, adds a good one, flags them on the Gantt and follows the launch", async () => {
    const tab = await openPage(browser);
    await signInBrowser(tab.context, server, pmo);
    const { page } = tab;
    page.setDefaultTimeout(8000);
    try {
      await visit(page, `${server.url}/releases/perp-v2`);
      await page.getByRole("link", { name: "Calendar", exact: true }).click();
      await page.waitForURL(/\/releases\/perp-v2\/calendar$/);
      await expect.poll(() => page.locator("h1").textContent()).toBe("Launch calendar");

      const competition = page.locator('[data-campaign="perp-v2-trading-competition"]');
      expect(await competition.locator("[data-at-risk]").getAttribute("data-at-risk")).toBe("true");
      expect(await competition.locator("[data-at-risk]").textContent()).toMatch(/At risk/);
      const reasons = await competition.locator("ul.list-disc li").allTextContents();
      expect(
        reasons.some((r) => /mm\.mm-kestrel.*amber/i.test(r)),
        reasons.join(" | "),
      ).toBe(true);
      const fees = page.locator("[data-campaign]").filter({ hasText: "Zero maker fees week" });
      expect(await fees.locator("[data-at-risk]").getAttribute("data-at-risk")).toBe("false");
      await screenshot(page, "calendar-page");

      // Ends before it starts: refused on the field (the 422 the browser logs is expected), nothing written.
      tab.expectConsoleError(/status of 422/);
      const before = eventCount(server.dbPath);
      const form = page.locator('[data-campaign-form="new"]');
      await form.getByLabel("ID", { exact: true }).fill("airdrop-1");
      await form.getByLabel("Name", { exact: true }).fill("Launch airdrop");
      await form.getByLabel("Kind").selectOption("airdrop");
      await form.getByLabel("Starts").fill("T+5");
      await form.getByLabel("Ends").fill("T+1");
      await form.getByLabel("Required items").fill("mm.mm-kestrel");
      await form.getByRole("button").click();
      await expect
        .poll(() => page.locator('[data-campaign-form="new"] [id$="-error"]').allTextContents())
        .toContainEqual(expect.stringMatching(/before|after/));
      expect(eventCount(server.dbPath)).toBe(before);
      expect((await campaigns()).map((c) => c.id)).not.toContain("airdrop-1");

      await form.getByLabel("Ends").fill("T+9");
      await form.getByRole("button").click();
      const airdrop = page.locator('[data-campaign="airdrop-1"]');
      await expect.poll(() => airdrop.count()).toBe(1);
      expect(await airdrop.locator("[data-at-risk]").getAttribute("data-at-risk")).toBe("true");

      // The Gantt flags each campaign's start: at risk in the launch line's red, on track in violet.
      await visit(page, `${server.url}/releases/perp-v2/plan`);
      const flags = page.locator("[data-campaign-flag]");
      await expect.poll(() => flags.count()).toBe(3);
      expect(await page.locator('[data-campaign-flag="airdrop-1"] path').getAttribute("fill")).toBe("#9f1239");
      const feeId = (await campaigns()).find((c) => c.id !== "airdrop-1" && c.id !== "perp-v2-trading-competition")!.id;
      expect(await page.locator(`[data-campaign-flag="${feeId}"] path`).getAttribute("fill")).toBe("#7c3aed");
      const starts = await page.locator("[data-campaign-start]").evaluateAll((lines) => lines.map((l) => l.getAttribute("data-campaign-start")));
      expect(starts.sort()).toEqual((await campaigns()).map((c) => c.start_date).sort());
      await screenshot(page, "plan-gantt-campaigns");

      // The launch moves a week: the offset campaigns move with it.
      const was = (await campaigns()).find((c) => c.id === "airdrop-1")!.start_date;
      await visit(page, `${server.url}/releases/perp-v2/calendar`);
      const launch = await page.locator("#launch_date").inputValue();
      const later = new Date(Date.parse(`${launch}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      await page.locator("#launch_date").fill(later);
      await page.getByRole("button", { name: "Move the launch" }).click();
      await expect.poll(() => page.locator('[role="status"]').first().textContent()).toContain(later);
      const moved = new Date(Date.parse(`${was}T00:00:00Z`) + 7 * 86_400_000).toISOString().slice(0, 10);
      expect((await campaigns()).find((c) => c.id === "airdrop-1")!.start_date).toBe(moved);
      await expect.poll(() => page.locator('[data-campaign="airdrop-1"]').textContent()).toContain(moved);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
