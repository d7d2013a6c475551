import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";
import { NEW_COIN_GREEN_BUT_LAST } from "./support/fixtures";
import { audit, blockingOnScreen, itemsInPage, type BoardAudit } from "./support/tv";

/**
 * The board on the meeting-room TV (issue 15): at 1920×1080 and at 1280×720,
 * with and without a meeting in progress, on the demo release, measured in
 * Chromium. Nothing the board shows is outside the viewport or cut by a box,
 * the page never scrolls, every status chip and every text holds 4.5:1
 * contrast, no text is under 20 px, every item keeps its element whatever
 * page is showing, and what keeps the gate closed is on screen.
 */
let server: RunningServer;
let browser: Browser;
let pmo: Person;
let call: ReturnType<typeof api>;
let boardLink: string;

const TV = { width: 1920, height: 1080 };
const SMALL_TV = { width: 1280, height: 720 };
const SIZES = [TV, SMALL_TV];
const DEMO = "perp-v2";
/** The statuses of the chips audited so far: every colour must have been measured. */
const chipsSeen = new Set<string>();

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
  call = api(server.url);
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
  boardLink = (await call("POST", `/releases/${DEMO}/board-links`, { name: "War room TV" })).body.url;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

type Item = { id: string; status: string };
const itemsOf = async (release: string): Promise<Item[]> => (await call("GET", `/releases/${release}/items`)).body.items;
const gate = (page: Page) => page.locator("[data-gate]").getAttribute("data-gate");
const size = ({ width, height }: { width: number; height: number }) => `${width}x${height}`;

/** Everything a TV across the room needs: it fits, it is readable, and it is whole. */
function expectReadable(a: BoardAudit, where: string) {
  expect(a.scroll, `${where}: the page scrolls`).toEqual(a.viewport);
  // The message names what sticks out: vitest's diff abbreviates nested arrays.
  expect(a.outside, `${where}: outside the viewport: ${JSON.stringify(a.outside)}`).toEqual([]);
  expect(a.clipped, `${where}: cut off`).toEqual([]);
  expect(a.small, `${where}: text under 20 px`).toEqual([]);
  expect(
    a.chips.filter((c) => c.ratio < 4.5),
    `${where}: status chips under 4.5:1`,
  ).toEqual([]);
  expect(a.lowContrast, `${where}: text under 4.5:1`).toEqual([]);
  expect(a.texts, `${where}: the audit read the board`).toBeGreaterThan(20);
}

/** Every item of the release has its element with its status, shown or not (SPEC 5: monitors read the whole board). */
async function expectEveryItem(page: Page, release: string) {
  const expected = (await itemsOf(release)).map((i) => ({ id: i.id, status: i.status })).sort((a, b) => a.id.localeCompare(b.id));
  const inPage = (await itemsInPage(page)).map(({ id, status }) => ({ id, status })).sort((a, b) => a.id.localeCompare(b.id));
  expect(inPage).toEqual(expected);
}

/** Each blocking item is on screen (a row or a name at the gate) or counted in the gate's "+N more". */
async function expectBlockingAccountedFor(page: Page, release: string) {
  const blocking = (await itemsOf(release)).filter((i) => i.status !== "green").map((i) => i.id);
  const { seen, more } = await blockingOnScreen(page);
  expect(seen.every((id) => blocking.includes(id))).toBe(true);
  expect(seen.length + more).toBe(blocking.length);
  return { seen, more };
}

/** Through every page of the list (the keyboard's PageDown): each page fits, and no item leaves the page. */
async function everyPage(page: Page, release: string, where: string) {
  const pages = Number((await page.locator("[data-page]").getAttribute("data-page"))!.split("/")[1]);
  for (let n = 1; n <= pages; n += 1) {
    expect(await page.locator("[data-page]").getAttribute("data-page")).toBe(`${n}/${pages}`);
    const seen = await audit(page);
    for (const chip of seen.chips) chipsSeen.add(chip.status);
    expectReadable(seen, `${where}, page ${n}/${pages}`);
    await expectEveryItem(page, release);
    await page.keyboard.press("PageDown");
  }
  return pages;
}

async function openBoard(viewport: typeof TV, as: "link" | "pmo", release = DEMO, url = boardLink) {
  const screen = await openPage(browser, viewport);
  if (as === "pmo") await signInBrowser(screen.context, server, pmo);
  await visit(screen.page, as === "pmo" ? `${server.url}/releases/${release}/board` : url);
  await screen.page.waitForSelector('[data-connection="live"]');
  return screen;
}

describe("the TV board fits the screen", () => {
  it("without a meeting, at 1920×1080 and 1280×720, on a board link and signed in: whole, readable, every item in the page, the ticker filled", async () => {
    for (const viewport of SIZES) {
      for (const as of ["link", "pmo"] as const) {
        const where = `${size(viewport)} ${as}`;
        const screen = await openBoard(viewport, as);
        const { page } = screen;
        expect(await gate(page)).toBe("closed");
        const first = await audit(page);
        expectReadable(first, where);
        for (const chip of first.chips) chipsSeen.add(chip.status);
        await expectEveryItem(page, DEMO);
        const { seen } = await expectBlockingAccountedFor(page, DEMO);
        expect(seen.length).toBeGreaterThanOrEqual(viewport === TV ? 8 : 5);
        // The ticker shows the events before the page loaded, newest first: the board link made just now.
        const ticker = page.locator("[data-ticker] li:visible");
        expect(await ticker.count()).toBeGreaterThanOrEqual(2);
        expect(await ticker.first().textContent()).toContain("screen “War room TV” added");
        // Tiles the first board lost below the fold are on screen.
        for (const tile of ["Schedule", "Actions", "Latest changes"])
          expect(await page.locator(`[aria-label="${tile}"]`).isVisible(), `${where}: ${tile}`).toBe(true);
        // The demo's trading competition is at risk: its name and start stay on both screens; on the big one, the room
        // a whole tile gave up comes back to its reason (app/lib/use-fit.ts).
        const campaign = page.locator('[data-campaigns-tile] [data-tile-first="perp-v2-trading-competition"]');
        expect(await campaign.textContent()).toContain("T-2");
        if (viewport === TV) expect(await page.locator("[data-campaigns-tile] [data-tile-reason]").first().isVisible(), where).toBe(true);
        await screenshot(page, `tv-${size(viewport)}-${as}`);
        if (as === "link") expect(await everyPage(page, DEMO, where)).toBeGreaterThan(1);
        expect(screen.errors).toEqual([]);
        await screen.close();
      }
    }
  });

  it("with a meeting in progress, notes and votes, for the presenter and the TV that follows, on every section's every page", async () => {
    const meeting = (await call("POST", `/releases/${DEMO}/meetings`, { scheduled_at: new Date().toISOString() })).body.meeting;
    expect((await call("POST", `/meetings/${meeting.id}/start`)).status).toBe(200);
    const note = [
      "Tokyo edge moves to the new kernel on Thursday; md-push p99 is measured again after the move, on the 5% canary.",
      "Failover drill passed on the 5th (RTO 41 s). The MM certification of Northbridge is blocked on their auth stage; Kestrel is due Friday.",
      "Risk asks for the slippage coefficient to be redeployed at 0.12 before any vote. Ops confirms the insurance fund's second tranche lands Monday.",
    ].join("\n");
    for (const section of meeting.agenda as string[]) expect((await call("PUT", `/meetings/${meeting.id}/notes`, { section, text: note })).status).toBe(200);
    for (const [fn, vote] of [
      ["risk", "no_go"],
      ["qa", "no_go"],
      ["ops", "go"],
    ] as const) {
      const token = (await call("POST", "/tokens", { name: `lead-${fn}`, role: "lead", functions: [fn] })).body.token as string;
      expect((await api(server.url, token)("POST", `/releases/${DEMO}/votes`, { function: fn, vote, comment: `${fn} has looked` })).status).toBe(201);
    }

    for (const viewport of SIZES) {
      const presenter = await openBoard(viewport, "pmo");
      if ((await presenter.page.locator('[data-presenting="true"]').count()) === 0) await presenter.page.click('button:has-text("Take over presenting")');
      await presenter.page.waitForSelector('[data-presenting="true"]');
      const tv = await openBoard(viewport, "link");
      for (const [index, section] of (meeting.agenda as string[]).entries()) {
        if (index > 0) await presenter.page.keyboard.press("n");
        for (const { page } of [presenter, tv]) {
          await expect.poll(() => page.locator('[data-agenda][aria-current="step"]').getAttribute("data-agenda")).toBe(section);
          await page.waitForSelector(`[data-notes="${section}"]`);
          const where = `${size(viewport)} ${page === tv.page ? "TV" : "presenter"}, meeting at ${section}`;
          await everyPage(page, DEMO, where);
          await expectBlockingAccountedFor(page, DEMO);
          const votes = page.locator('[aria-label="Votes"] [data-vote]:visible');
          expect(await votes.count(), where).toBe(8);
        }
        if (index === 1) {
          await screenshot(presenter.page, `tv-${size(viewport)}-meeting-presenter`);
          await screenshot(tv.page, `tv-${size(viewport)}-meeting-tv`);
        }
      }
      for (const p of [presenter, tv]) expect(p.errors).toEqual([]);
      await Promise.all([presenter.close(), tv.close()]);
      // Back to the first section for the next size.
      expect((await call("POST", `/meetings/${meeting.id}/take-over`)).status).toBe(200);
      expect((await call("POST", `/meetings/${meeting.id}/move`, { index: 0 })).status).toBe(200);
    }
    expect((await call("POST", `/meetings/${meeting.id}/end`)).status).toBe(200);
    // Every colour of status chip was on screen and measured at AA contrast.
    expect([...chipsSeen].sort()).toEqual(["amber", "green", "pending", "red"]);
    // Every section's every page at two sizes on two screens: over 30 s on a loaded 2-core machine.
  }, 90_000);
});

describe("what keeps the gate closed is on screen", () => {
  it("names the one blocking item to the presenter in another section; after GO the alarm names the item that caused it", async () => {
    expect(
      (await call("POST", "/releases", { id: "sol", name: "SOL listing", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" }))
        .status,
    ).toBe(201);
    for (const [item, body] of NEW_COIN_GREEN_BUT_LAST) expect((await call("POST", `/releases/sol/items/${item}/evidence`, body)).status).toBe(200);
    const meeting = (await call("POST", "/releases/sol/meetings", { scheduled_at: new Date().toISOString(), required_functions: ["listing"] })).body.meeting;
    expect((await call("POST", `/meetings/${meeting.id}/start`)).status).toBe(200);

    for (const viewport of SIZES) {
      const presenter = await openBoard(viewport, "pmo", "sol");
      if ((await presenter.page.locator('[data-presenting="true"]').count()) === 0) await presenter.page.click('button:has-text("Take over presenting")');
      await presenter.page.waitForSelector('[data-presenting="true"]');
      const { page } = presenter;
      // The presenter is on due diligence; the CS macros (comms) are what blocks, and the gate says so by name.
      expect(await page.locator('[data-agenda][aria-current="step"]').getAttribute("data-agenda")).toBe("due-diligence");
      expect(await page.locator("[data-gate]").textContent()).toContain("1 blocking");
      expect(await page.locator('[data-item="comms.cs-macros"]').isHidden()).toBe(true);
      expect(await blockingOnScreen(page)).toEqual({ seen: ["comms.cs-macros"], more: 0 });
      expect(await page.locator('[data-gate] [data-blocking="comms.cs-macros"]').textContent()).toMatch(/○\s*Pending.*CS macros/i);
      expectReadable(await audit(page), `${size(viewport)} presenter, 1 blocking elsewhere`);
      await expectEveryItem(page, "sol");
      await screenshot(page, `tv-${size(viewport)}-one-blocking`);
      expect(presenter.errors).toEqual([]);
      await presenter.close();
    }

    // GO: the last item turns green, listing votes Go, the decision is recorded; then an item leaves green.
    expect((await call("POST", "/releases/sol/items/comms.cs-macros/evidence", { done: true })).status).toBe(200);
    const listing = (await call("POST", "/tokens", { name: "lead-listing", role: "lead", functions: ["listing"] })).body.token as string;
    expect((await api(server.url, listing)("POST", "/releases/sol/votes", { function: "listing", vote: "go" })).status).toBe(201);
    expect((await call("POST", "/releases/sol/decisions", { decision: "go", summary: "All green, listing Go" })).status).toBe(201);
    const link = (await call("POST", "/releases/sol/board-links", { name: "Ops TV" })).body.url;
    const tvs = await Promise.all(SIZES.map((viewport) => openBoard(viewport, "link", "sol", link)));
    for (const { page } of tvs) expect(await gate(page)).toBe("open");
    expect((await call("POST", "/releases/sol/items/wallet.deposit-confirmations/evidence", { deployed: 12 })).status).toBe(200);
    for (const [index, { page }] of tvs.entries()) {
      const alarm = page.locator('[data-alarm="after-go"]');
      await alarm.waitFor();
      expect(await alarm.textContent()).toContain("GATE CLOSED AFTER GO");
      expect(await alarm.locator('[data-blocking="wallet.deposit-confirmations"]').isVisible()).toBe(true);
      expect(await alarm.locator('[data-blocking="wallet.deposit-confirmations"]').textContent()).toMatch(/✖\s*Red.*Deposit confirmations/i);
      expect(await blockingOnScreen(page)).toEqual({ seen: ["wallet.deposit-confirmations"], more: 0 });
      expectReadable(await audit(page), `${size(SIZES[index]!)} alarm after GO`);
      await screenshot(page, `tv-${size(SIZES[index]!)}-alarm-after-go`);
    }
    for (const screen of tvs) expect(screen.errors).toEqual([]);
    await Promise.all(tvs.map((s) => s.close()));
  });
});

describe("the TV board in Chinese", () => {
  it("a board link made for a Chinese room speaks 简体中文 whatever the TV's browser says, and still fits both screens, every page", async () => {
    const link = (await call("POST", `/releases/${DEMO}/board-links`, { name: "北京作战室", locale: "zh-CN" })).body.url as string;
    for (const viewport of SIZES) {
      const where = `${size(viewport)} zh-CN`;
      const screen = await openBoard(viewport, "link", DEMO, link);
      const { page } = screen;
      expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
      const text = await page.locator("[data-board]").innerText();
      for (const words of ["闸门关闭", "项阻塞", "最新变化", "行动项", "预计完成", "距上线"]) expect(text, `${where}: ${words}`).toContain(words);
      // The board's own words are all translated (item titles, reasons and names are data and stay as written).
      for (const english of ["GATE CLOSED", "blocking", "Latest changes", "Schedule", "Votes", "worst first", "Page 1 of", "Auto paging", "to launch", "ago"])
        expect(text, `${where}: "${english}" left in English`).not.toContain(english);
      expect(await page.locator("[data-ticker] li").first().innerText()).toContain("新增屏幕“北京作战室”");
      // The screenshot first: when the board does not fit, it shows how.
      await screenshot(page, `i18n-zh-tv-${size(viewport)}`);
      expectReadable(await audit(page), where);
      await expectBlockingAccountedFor(page, DEMO);
      await everyPage(page, DEMO, where);
      expect(screen.errors).toEqual([]);
      await screen.close();
    }
  });
});

describe("the market-maker certification tile", () => {
  it("one line per partner, worst first, with passed/total and version, audited as readable; it follows a JUnit report live", async () => {
    // A release of its own, with no meeting: once a meeting has votes, the votes tile takes this tile's place on the TV,
    // and a report here leaves the demo's ticker to the other tests. Its partners as in the demo.
    const release = "tv-cert";
    expect(
      (
        await call("POST", "/releases", {
          id: release,
          name: "TV certification",
          template: "perp-futures-v2",
          start_date: "2026-11-02",
          launch_date: "2027-01-15",
        })
      ).status,
    ).toBe(201);
    const suites = [
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
    ];
    const report = async (item: string, version: string, passed: string[], failed: string[] = []) => {
      const stages = Object.fromEntries([...passed.map((s) => [s, "passed"]), ...failed.map((s) => [s, "failed"])]);
      expect((await call("POST", `/releases/${release}/items/${item}/evidence`, { stages, version })).status).toBe(200);
    };
    await report("mm.mm-alpha", "2.7.0", suites);
    await report("mm.mm-kestrel", "3.2.0", suites.slice(0, 3).concat("market-data"));
    await report("mm.mm-northbridge", "5.1", suites.slice(0, 4).concat("market-data"), ["cancel-on-disconnect"]);
    const screen = await openBoard(TV, "pmo", release);
    try {
      const { page } = screen;
      const tile = page.locator("[data-certification-tile]");
      expect(await tile.isVisible()).toBe(true);
      expect(await tile.getAttribute("data-certified")).toBe("1");
      const rows = tile.locator("[data-tile-partner]:visible");
      expect(await rows.count()).toBeGreaterThanOrEqual(2);
      expect(await rows.first().getAttribute("data-tile-partner")).toBe("mm.mm-northbridge");
      expect(await rows.first().innerText()).toMatch(/Northbridge Capital[\s\S]*5\/10[\s\S]*v5\.1/);
      expectReadable(await audit(page), "1920x1080 certification tile");
      // Northbridge's harness reruns its failed suite on 5.1: the row turns amber, 6/10, without a reload.
      const rerun = await call(
        "POST",
        `/releases/${release}/items/mm.mm-northbridge/junit?version=5.1`,
        `<testsuite name="cancel-on-disconnect"><testcase name="cancels within 500 ms"/></testsuite>`,
        {
          "content-type": "application/xml",
        },
      );
      expect(rerun.status).toBe(200);
      const northbridge = tile.locator('[data-tile-partner="mm.mm-northbridge"]');
      await expect.poll(() => northbridge.getAttribute("data-status")).toBe("amber");
      expect(await northbridge.innerText()).toContain("6/10");
      await screenshot(page, "tv-1920x1080-certification");
      expectReadable(await audit(page), "1920x1080 certification tile after a report");
      expect(screen.errors).toEqual([]);
    } finally {
      await screen.close();
    }
  });
});
