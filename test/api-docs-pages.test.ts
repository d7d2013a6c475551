import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { startServer, type RunningServer } from "./support/server";

/** The API reference page (ADR 026): the document, read by a person, signed in or not. */
let server: RunningServer;
let browser: Browser;
let doc: { paths: Record<string, Record<string, { summary: string }>> };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  doc = (await (await fetch(`${server.url}/api/v1/openapi.json`)).json()) as typeof doc;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("/docs/api", () => {
  it("shows every operation of the document, grouped by tag, each with its method, path, summary and auth, without signing in", async () => {
    const { page, errors, close } = await openPage(browser);
    try {
      expect((await visit(page, `${server.url}/docs/api`))?.status()).toBe(200);
      const shown = await page.locator("[data-operation]").evaluateAll((els) => els.map((el) => el.getAttribute("data-operation")));
      const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
      expect(shown.sort()).toEqual(documented.sort());
      expect(await page.locator("[data-tag]").evaluateAll((els) => els.map((el) => el.getAttribute("data-tag")))).toEqual(
        expect.arrayContaining(["Releases", "Readiness", "Monitoring", "Calendar", "Drills", "Risk parameters", "Certification"]),
      );
      // The evidence route opened: its summary, parameters, body example and answers, from the document.
      const evidence = page.locator('[data-operation="POST /releases/{release}/items/{item}/evidence"]');
      await evidence.locator("summary").click();
      const text = await evidence.innerText();
      expect(text).toContain(doc.paths["/releases/{release}/items/{item}/evidence"]!.post!.summary);
      expect(text).toContain("Bearer token");
      expect(text).toContain('"done": true');
      for (const status of ["200", "401", "403", "404", "409", "413", "422", "429"])
        expect(await evidence.locator(`[data-status="${status}"]`).count()).toBe(1);
      // The calendar feed says how its token travels; the document itself needs none.
      expect(await page.locator('[data-operation="GET /releases/{release}/calendar.ics"] [data-auth]').getAttribute("data-auth")).toBe("calendar");
      expect(await page.locator('[data-operation="GET /openapi.json"] [data-auth]').getAttribute("data-auth")).toBe("none");
      // The WBS import reads CSV as well as JSON; the JUnit route XML.
      const wbs = page.locator('[data-operation="PUT /releases/{release}/wbs"]');
      await wbs.locator("summary").click();
      expect(await wbs.innerText()).toContain("text/csv");
      // The download link is the document.
      expect(await page.getAttribute("[data-download]", "href")).toBe("/api/v1/openapi.json");
      await page.locator('[data-operation="GET /releases/{release}/items"] summary').click();
      await screenshot(page, "api-docs", true);
      await page.locator('[data-tag="Readiness"]').scrollIntoViewIfNeeded();
      await screenshot(page, "api-docs-readiness");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });

  it("reads on a 390 px phone: nothing scrolls sideways", async () => {
    const { page, errors, close } = await openPage(browser, { width: 390, height: 844 });
    try {
      await visit(page, `${server.url}/docs/api#tag-Readiness`);
      await page.locator('[data-operation="POST /releases/{release}/items/{item}/evidence"] summary').click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.locator('[data-operation="POST /releases/{release}/items/{item}/evidence"]').scrollIntoViewIfNeeded();
      await screenshot(page, "api-docs-phone");
      expect(errors).toEqual([]);
    } finally {
      await close();
    }
  });
});
