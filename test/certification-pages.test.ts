import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";

/**
 * The market-maker certification matrix (SPEC 12.4) in Chromium, on the demo
 * release: the PMO opens it from the release page and reads every partner's
 * suites with status in colour, symbol and word, the date, the evidence link
 * and the version; a harness's JUnit for a new version resets that row; on a
 * phone each partner is a card that fits the screen.
 */
let server: RunningServer;
let browser: Browser;
let pmo: Person;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "viewer" });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function signedIn(viewport?: { width: number; height: number }) {
  const session = await openPage(browser, viewport);
  await signInBrowser(session.context, server, pmo);
  session.page.setDefaultTimeout(8000);
  return session;
}

describe("the certification matrix", () => {
  it("shows partners × suites with status, date, evidence link and version, reached from the release page", async () => {
    const tab = await signedIn();
    try {
      const { page } = tab;
      await visit(page, `${server.url}/releases/perp-v2`);
      await page.getByRole("link", { name: "Certification", exact: true }).click();
      await page.waitForURL(/\/releases\/perp-v2\/certification$/);
      await page.waitForSelector("[data-certification-matrix]");
      expect(await page.locator("h1").textContent()).toBe("Market-maker certification");
      expect(await page.locator("[data-certified]").textContent()).toBe("1 of 3 market makers certified");
      const headers = await page.locator("[data-certification-matrix] thead th").allTextContents();
      expect(headers).toEqual([
        "Market maker",
        "connectivity",
        "auth",
        "order-entry",
        "cancel-and-mass-cancel",
        "cancel-on-disconnect",
        "market-data",
        "rate-limits",
        "mm-protection",
        "soak",
        "quoting-obligations",
      ]);
      const row = (item: string) => page.locator(`[data-partner="${item}"]`);
      expect(await row("mm.mm-alpha").getAttribute("data-status")).toBe("green");
      expect(await row("mm.mm-kestrel").getAttribute("data-status")).toBe("amber");
      expect(await row("mm.mm-northbridge").getAttribute("data-status")).toBe("red");
      // Kestrel re-certifies 3.2.0: four suites passed again, the rest not reported for this version.
      expect(await row("mm.mm-kestrel").locator("[data-version]").getAttribute("data-version")).toBe("3.2.0");
      expect(await row("mm.mm-kestrel").textContent()).toContain("4/10 passed");
      const kestrel = (suite: string) => row("mm.mm-kestrel").locator(`[data-suite="${suite}"]`);
      expect(await kestrel("auth").getAttribute("data-result")).toBe("passed");
      expect(await kestrel("auth").textContent()).toMatch(/✔passed\d{4}-\d{2}-\d{2}12 testsevidence ↗/);
      expect(await kestrel("auth").locator("a").getAttribute("href")).toBe("https://jenkins.kestrel.example/job/perp-cert/97/");
      expect(await kestrel("soak").textContent()).toMatch(/○pendingnot reported$/);
      const northbridge = row("mm.mm-northbridge").locator('[data-suite="cancel-on-disconnect"]');
      expect(await northbridge.getAttribute("data-result")).toBe("failed");
      expect(await northbridge.textContent()).toContain("✖failed");
      expect(await northbridge.textContent()).toContain("12 tests, 2 failed");
      await screenshot(page, "certification-matrix", true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("a harness's JUnit for a new version resets the partner's row; the item's history names the version", async () => {
    const xml = `<testsuites><testsuite name="com.alpha.cert.ConnectivityTest"><testcase name="logon"/></testsuite></testsuites>`;
    const posted = await api(server.url)(
      "POST",
      "/releases/perp-v2/items/mm.mm-alpha/junit?version=2.8.0&link=https://ci.alpha-liquidity.example/venue-cert/runs/420",
      xml,
      {
        "content-type": "application/xml",
      },
    );
    expect(posted.status).toBe(200);
    const tab = await signedIn();
    try {
      const { page } = tab;
      await visit(page, `${server.url}/releases/perp-v2/certification`);
      const alpha = page.locator('[data-partner="mm.mm-alpha"]');
      expect(await alpha.getAttribute("data-status")).toBe("amber");
      expect(await alpha.locator("[data-version]").getAttribute("data-version")).toBe("2.8.0");
      expect(await alpha.locator('[data-suite="auth"]').getAttribute("data-result")).toBe("pending");
      expect(await alpha.locator('[data-suite="connectivity"] a').getAttribute("href")).toBe("https://ci.alpha-liquidity.example/venue-cert/runs/420");
      expect(await page.locator("[data-certified]").textContent()).toBe("0 of 3 market makers certified");
      await visit(page, `${server.url}/releases/perp-v2/items/mm.mm-alpha`);
      const body = await page.locator("main").textContent();
      expect(body).toContain("version 2.8.0: connectivity: passed");
      expect(body).toContain("version 2.8.0: 1/10 stages passed; waiting: auth");
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("on a 390 px phone each partner is a card, one suite a line, nothing wider than the screen", async () => {
    const tab = await signedIn({ width: 390, height: 844 });
    try {
      const { page } = tab;
      await visit(page, `${server.url}/releases/perp-v2/certification`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      const box = await page.locator('[data-partner="mm.mm-northbridge"] [data-suite="cancel-on-disconnect"]').boundingBox();
      expect(box!.width).toBeGreaterThan(300);
      expect(await page.locator('[data-partner="mm.mm-northbridge"] [data-suite="cancel-on-disconnect"]').textContent()).toMatch(
        /^cancel-on-disconnect✖failed/,
      );
      await screenshot(page, "certification-matrix-phone", true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
