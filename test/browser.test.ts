import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { api, startServer, type RunningServer } from "./support/server";
import { launchBrowser, openPage, screenshot } from "./support/browser";

let server: RunningServer;
let browser: Browser;
let session: Awaited<ReturnType<typeof openPage>>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
});

afterEach(async () => {
  const errors = session?.errors ?? [];
  await session?.close();
  expect(errors, "unexpected console errors").toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("readiness in the browser", () => {
  it("reports evidence through the form and sees the item turn green", async () => {
    session = await openPage(browser);
    const { page } = session;
    await page.goto(`${server.url}/releases/perp-v2`);
    const row = page.locator('[data-item="qa.pen-test"]');
    await expect.poll(() => row.getAttribute("data-status")).toBe("red");
    expect(await page.locator("[data-gate]").getAttribute("data-gate")).toBe("closed");
    await screenshot(page, "readiness-page", true);

    await row.getByRole("link").click();
    await page.waitForURL(/\/items\/qa\.pen-test$/);
    await page.getByLabel("✔ Done").check();
    await page.getByLabel("Note").fill("Retest by SecOps: finding closed");
    await page.getByLabel("Evidence link").fill("https://jira.example.com/SEC-812");
    await page.getByRole("button", { name: "Report evidence" }).click();

    const card = page.locator('[data-item="qa.pen-test"]');
    await expect.poll(() => card.getAttribute("data-status")).toBe("green");
    await expect.poll(() => page.locator("[data-reason]").textContent()).toBe("done");
    await expect.poll(() => page.locator("[data-evidence-seq]").count()).toBe(2);
    expect(await page.locator("[data-evidence-seq]").first().textContent()).toContain("Retest by SecOps");
    await screenshot(page, "item-page");

    await page.goto(`${server.url}/releases/perp-v2`);
    expect(await page.locator('[data-item="qa.pen-test"]').getAttribute("data-status")).toBe("green");
    // The server holds it too: the page showed what the API answers.
    const items = await api(server.url)("GET", "/releases/perp-v2/items");
    expect(items.body.items.find((i: { id: string }) => i.id === "qa.pen-test")).toMatchObject({ status: "green", version: 2 });
  });

  it("shows a readable error for bad input and writes nothing", async () => {
    session = await openPage(browser);
    const { page } = session;
    const before = (await api(server.url)("GET", "/releases/perp-v2")).body.release.seq;
    await page.goto(`${server.url}/releases/perp-v2/items/cs.assessment-pass-rate`);
    await page.getByLabel("Passed").fill("215");
    await page.getByLabel("Total").fill("214");
    await page.getByRole("button", { name: "Report evidence" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("passed must not exceed total");
    await page.getByLabel("Passed").fill("");
    await page.getByRole("button", { name: "Report evidence" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("required");
    await screenshot(page, "item-form-error");
    expect((await api(server.url)("GET", "/releases/perp-v2")).body.release.seq).toBe(before);
  });

  it("reports MM stages one at a time; the item merges them", async () => {
    session = await openPage(browser);
    const { page } = session;
    await page.goto(`${server.url}/releases/perp-v2/items/mm.mm-kestrel`);
    for (const stage of ["market-data", "rate-limits", "soak"]) {
      await page.locator(`select[name="stages.${stage}"]`).selectOption("passed");
    }
    await page.getByRole("button", { name: "Report evidence" }).click();
    await expect.poll(() => page.locator('[data-item="mm.mm-kestrel"]').getAttribute("data-status")).toBe("green");
    expect(await page.locator("[data-reason]").textContent()).toBe("all 7 stages passed");
  });

  it("creates a release from a template through the form", async () => {
    session = await openPage(browser);
    const { page } = session;
    await page.goto(`${server.url}/releases/new`);
    await page.getByLabel("Name", { exact: true }).fill("DOGE2 listing");
    await page.getByLabel("Id", { exact: true }).fill("Bad Id!");
    await page.getByLabel("Id", { exact: true }).blur();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("lowercase letters");
    await page.getByLabel("Id", { exact: true }).fill("doge2-listing");
    await page.getByLabel("Checklist template").selectOption("new-coin-listing");
    await page.getByLabel("Holidays").fill("2026-12-25, 2027-01-01");
    await page.getByRole("button", { name: "Create release" }).click();
    // Client-side navigation changes the URL before the new page renders: wait for the page.
    await expect.poll(() => page.locator("h1").textContent()).toBe("DOGE2 listing");
    expect(page.url()).toMatch(/\/releases\/doge2-listing$/);
    expect(await page.locator("[data-item]").count()).toBe(8);
    const created = await api(server.url)("GET", "/releases/doge2-listing");
    expect(created.body.release.calendar).toEqual({ workdays: [1, 2, 3, 4, 5], holidays: ["2026-12-25", "2027-01-01"] });

    await page.goto(`${server.url}/releases/new`);
    await page.getByLabel("Name", { exact: true }).fill("Again");
    await page.getByLabel("Id", { exact: true }).fill("doge2-listing");
    await page.getByRole("button", { name: "Create release" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain('a release with id "doge2-listing" exists');
  });

  it("answers an unknown release with a 404 page", async () => {
    session = await openPage(browser);
    const res = await session.page.goto(`${server.url}/releases/no-such-release`);
    expect(res?.status()).toBe(404);
    expect(await session.page.locator("h1").textContent()).toBe("Not found");
    // The 404 document itself is logged by Chromium as a failed resource: expected here.
    session.errors.splice(0);
  });
});
