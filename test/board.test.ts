import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";
import { NEW_COIN_GREEN_BUT_LAST } from "./support/fixtures";

/** The live Go/No-Go board in Chromium: two screens, live writes, a screen losing its network. */
let server: RunningServer;
let browser: Browser;
let pmo: Person;
let call: ReturnType<typeof api>;

const TV = { width: 1920, height: 1080 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  call = api(server.url);
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
  const created = await call("POST", "/releases", {
    id: "sol",
    name: "SOL listing",
    template: "new-coin-listing",
    start_date: "2026-11-02",
    launch_date: "2026-12-01",
  });
  expect(created.status).toBe(201);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const gate = (page: Page) => page.locator("[data-gate]").getAttribute("data-gate");
const statusOf = (page: Page, item: string) => page.locator(`[data-item="${item}"]`).getAttribute("data-status");
const send = (item: string, body: unknown) => call("POST", `/releases/sol/items/${item}/evidence`, body);

describe("the live board", () => {
  it("shows every change on every screen; a screen that loses its network says so, never shows the gate open, and catches up", async () => {
    const desk = await openPage(browser, TV);
    await signInBrowser(desk.context, server, pmo);
    await visit(desk.page, `${server.url}/releases/sol/board`);
    const link = await call("POST", "/releases/sol/board-links", { name: "War room TV" });
    const tv = await openPage(browser, TV);
    await visit(tv.page, link.body.url);
    for (const page of [desk.page, tv.page]) await expect.poll(() => gate(page)).toBe("closed");
    await expect.poll(() => tv.page.locator("[data-watching]").getAttribute("data-watching"), { timeout: 5000 }).toBe("2");
    expect(await tv.page.locator("[data-watching]").textContent()).toContain("Pat PMO");

    // A change appears on both screens.
    await send("comms.cs-macros", { done: false });
    for (const page of [desk.page, tv.page]) await expect.poll(() => statusOf(page, "comms.cs-macros")).toBe("red");
    expect(await tv.page.locator("[data-ticker] li").first().textContent()).toContain("pending → red");
    await screenshot(tv.page, "board-gate-closed");

    // The last item turning green opens the gate on both.
    for (const [item, body] of NEW_COIN_GREEN_BUT_LAST) await send(item, body);
    await send("comms.cs-macros", { done: true });
    for (const page of [desk.page, tv.page]) await expect.poll(() => gate(page)).toBe("open");
    expect(await tv.page.locator("[data-gate]").textContent()).toContain("GATE OPEN");
    await screenshot(tv.page, "board-gate-open");

    // The TV loses its network: within 2 s it says so and the gate is unknown, never open.
    const lostAt = Date.now();
    await tv.context.setOffline(true);
    await tv.page.waitForSelector('[data-gate="unknown"]', { timeout: 2000 });
    expect(Date.now() - lostAt).toBeLessThan(2000);
    expect(await tv.page.locator("[data-disconnected]").textContent()).toMatch(/Disconnected — last update \d\d:\d\d:\d\d/);
    await screenshot(tv.page, "board-disconnected");

    // Meanwhile the release moves on, including a change that closes the gate.
    await send("wallet.deposit-confirmations", { deployed: 12 });
    await send("liquidity.opening-depth", { value: 90_000 });
    await send("comms.announcement", { done: false });
    await expect.poll(() => gate(desk.page)).toBe("closed");
    expect(await gate(tv.page)).toBe("unknown");

    // Back online: every write made while offline shows, and the gate is closed again.
    await tv.context.setOffline(false);
    await expect.poll(() => gate(tv.page), { timeout: 15_000 }).toBe("closed");
    expect(await statusOf(tv.page, "wallet.deposit-confirmations")).toBe("red");
    expect(await statusOf(tv.page, "liquidity.opening-depth")).toBe("red");
    expect(await statusOf(tv.page, "comms.announcement")).toBe("red");
    expect(await tv.page.locator("[data-gate]").textContent()).toContain("3 blocking");
    expect(await tv.page.locator('[data-connection="live"]').count()).toBe(1);

    desk.expectConsoleError(/./); // none expected, but the offline TV may log failed reconnects
    tv.expectConsoleError(/ERR_INTERNET_DISCONNECTED|WebSocket connection|Failed to load resource/);
    expect(tv.errors).toEqual([]);
    expect(desk.errors).toEqual([]);
    await Promise.all([desk.close(), tv.close()]);
  });

  it("keeps the readiness page live with the same client code: a change shows without a reload", async () => {
    const desk = await openPage(browser);
    await signInBrowser(desk.context, server, pmo);
    await visit(desk.page, `${server.url}/releases/sol`);
    await expect.poll(() => desk.page.locator('[data-connection="live"]').count()).toBe(1);
    const navigations: string[] = [];
    desk.page.on("framenavigated", (frame) => navigations.push(frame.url()));
    await send("liquidity.opening-depth", { value: 260_000 });
    await expect.poll(() => statusOf(desk.page, "liquidity.opening-depth")).toBe("green");
    await send("liquidity.opening-depth", { value: 20_000 });
    await expect.poll(() => statusOf(desk.page, "liquidity.opening-depth")).toBe("red");
    expect(navigations).toEqual([]);
    expect(desk.errors).toEqual([]);
    await desk.close();
  });

  it("pages through long checklists with the keyboard; red and amber come first", async () => {
    const tv = await openPage(browser, { width: 1920, height: 1080 });
    await signInBrowser(tv.context, server, pmo);
    await call("POST", "/releases", { id: "perp", name: "Perp", template: "perp-futures-v2", start_date: "2026-11-02", launch_date: "2026-12-01" });
    await call("POST", "/releases/perp/items/risk.slippage-coefficient/evidence", { deployed: 0.2 });
    await visit(tv.page, `${server.url}/releases/perp/board`);
    await expect.poll(() => gate(tv.page)).toBe("closed");
    const first = await tv.page.locator("[data-item]").first().getAttribute("data-item");
    expect(first).toBe("risk.slippage-coefficient");
    const pages = await tv.page.locator("[data-page]").getAttribute("data-page");
    expect(pages).toMatch(/^1\/[2-9]$/);
    await tv.page.keyboard.press("PageDown");
    expect(await tv.page.locator("[data-page]").getAttribute("data-page")).toMatch(/^2\//);
    // Off this page, but still in it: monitors read every item's status whatever page shows.
    expect(await tv.page.locator('[data-item="risk.slippage-coefficient"]').isHidden()).toBe(true);
    expect(await tv.page.locator('[data-item="risk.slippage-coefficient"]').getAttribute("data-status")).toBe("red");
    await tv.page.keyboard.press("ArrowLeft");
    expect(await tv.page.locator("[data-page]").getAttribute("data-page")).toMatch(/^1\//);
    expect(tv.errors).toEqual([]);
    await tv.close();
  });
});
