import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { startServer, type RunningServer } from "./support/server";

/**
 * People, not just functions (issue 15): the demo release read in Chromium.
 * Its named owners (Arjun Rao leads rd, Sofia Lind qa, Mei Chen ops) are
 * invited people nobody signs in as, and so are the risk leads of its
 * parameter sign-off (Priya Nair, Tomás Silva); mm has no lead; a lead
 * invited here appears on the open pages and the TV as they arrive.
 */
let server: RunningServer;
let browser: Browser;
let admin: Person;
let session: Awaited<ReturnType<typeof openPage>> | undefined;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
  admin = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
});

async function signedIn(person: Person, viewport?: { width: number; height: number }) {
  session = await openPage(browser, viewport);
  await signInBrowser(session.context, server, person);
  return session;
}

afterEach(async () => {
  const errors = session?.errors ?? [];
  await session?.close();
  session = undefined;
  expect(errors, `unexpected console errors: ${errors.join(" | ")}`).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("named owners on the readiness pages", () => {
  it("the readiness page names each function's leads beside it, in the checklist and the blockers, and a lead invited meanwhile appears live", async () => {
    const { page } = await signedIn(admin);
    await visit(page, `${server.url}/releases/perp-v2`);
    const owner = (item: string) => page.locator(`[data-item="${item}"] td`).nth(2);
    expect(await owner("stability.p99-order-latency").textContent()).toBe("rdArjun Rao");
    expect(await owner("stability.api-error-rate").textContent()).toBe("opsMei Chen");
    expect(await owner("risk.max-leverage-tier-1").textContent()).toBe("riskPriya Nair, Tomás Silva");
    expect(await owner("mm.mm-kestrel").textContent()).toBe("mmno lead");
    const riskBlockers = page.locator('[data-blocker-owner="risk"] h3');
    expect(await riskBlockers.textContent()).toMatch(/^risk · Priya Nair, Tomás Silva · \d+$/);
    expect(await page.locator("#section-stability").textContent()).toBe("System stability · rd · Arjun Rao");

    // The PMO invites a risk lead: the open page names her without a reload.
    await addPerson(server, { email: "wang.fang@example.com", name: "Wang Fang", role: "lead", functions: ["risk"] });
    await expect.poll(() => riskBlockers.textContent()).toMatch(/^risk · Priya Nair, Tomás Silva, Wang Fang · \d+$/);
    expect(await owner("risk.max-leverage-tier-1").textContent()).toBe("riskPriya Nair, Tomás Silva, Wang Fang");
    await screenshot(page, "owners-readiness", true);

    await visit(page, `${server.url}/releases/perp-v2/items/stability.p99-order-latency`);
    expect(await page.locator("[data-owner]").textContent()).toBe("rd · Arjun Rao");
  });

  it("the TV board names the lead of a function once one exists", async () => {
    const { page } = await signedIn(admin, { width: 1920, height: 1080 });
    await visit(page, `${server.url}/releases/perp-v2/board`);
    const row = page.locator('[data-item="mm.mm-alpha"]');
    await expect.poll(() => page.locator("[data-gate]").getAttribute("data-gate")).toBe("closed");
    expect(await row.textContent()).not.toContain("·");
    expect(await page.locator('[data-item="stability.p99-order-latency"]').textContent()).toContain("rd · Arjun Rao");

    await addPerson(server, { email: "li.lei@example.com", name: "Li Lei", role: "lead", functions: ["mm"] });
    await expect.poll(() => row.textContent()).toContain("mm · Li Lei");
    await screenshot(page, "owners-tv-board");
  });
});

describe("named owners of actions", () => {
  it("the actions list names each action's owner, with the email on hover", async () => {
    const { page } = await signedIn(admin);
    await visit(page, `${server.url}/releases/perp-v2/actions`);
    const owners = page.locator("[data-action] [data-owner]");
    await expect.poll(() => owners.count()).toBeGreaterThan(0);
    const arjun = owners.filter({ hasText: "Arjun Rao" }).first();
    expect(await arjun.textContent()).toBe("Arjun Rao");
    expect(await arjun.getAttribute("title")).toBe("arjun.rao@perp.example");
    await screenshot(page, "owners-actions", true);

    const csv = await fetch(`${server.url}/releases/perp-v2/actions.csv`, { headers: { cookie: admin.cookie } });
    const [header, ...rows] = (await csv.text())
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(header!.endsWith(",description,owner_name")).toBe(true);
    expect(rows.some((r) => r.includes("arjun.rao@perp.example") && r.endsWith(",Arjun Rao"))).toBe(true);
  });
});

describe("named people in the Go/No-Go meeting", () => {
  it("the meeting page names who votes for each function, who scheduled and presents it and who voted; the GO refusal and the record name the owners", async () => {
    const wang = await addPerson(server, { email: "wang.votes@example.com", name: "Wang Vote", role: "lead", functions: ["risk"] });
    const desk = await signedIn(admin);
    desk.expectConsoleError(/status of 409/);
    const { page } = desk;
    await visit(page, `${server.url}/releases/perp-v2/meeting`);
    const choice = (fn: string) => page.locator(`label:has(input[name="required_functions"][value="${fn}"])`);
    expect(await choice("rd").textContent()).toBe(" rd · Arjun Rao");
    expect(await choice("pmo").textContent()).toBe(" pmo · no lead");
    await page.fill('input[name="scheduled_at_local"]', "2026-11-30T09:00");
    await page.click('button:has-text("Schedule the meeting")');
    await page.waitForSelector('[data-meeting="scheduled"]');
    expect(await page.locator('[data-meeting="scheduled"]').textContent()).toContain("scheduled by Pat PMO");
    await page.click('button:has-text("Start the meeting and present")');
    await page.waitForSelector('[data-meeting="live"]');
    expect(await page.locator('[data-meeting="live"]').textContent()).toContain("Presenting: Pat PMO");
    const voteRow = (fn: string) => page.locator(`section[aria-label="Votes"] [data-vote="${fn}"]`);
    expect(await voteRow("rd").textContent()).toContain("rdArjun Rao");

    // A risk lead votes from their laptop; the desk names them.
    const laptop = await openPage(browser);
    try {
      await signInBrowser(laptop.context, server, wang);
      await visit(laptop.page, `${server.url}/releases/perp-v2/meeting`);
      const mine = laptop.page.locator('section[aria-label="Votes"] [data-vote="risk"]');
      await mine.getByLabel("No-Go").check();
      await mine.getByRole("button", { name: "Vote" }).click();
      await expect.poll(() => mine.getAttribute("data-vote-value")).toBe("no_go");
      expect(laptop.errors).toEqual([]);
    } finally {
      await laptop.close();
    }
    await expect.poll(() => voteRow("risk").locator("[data-voter]").textContent()).toBe("Wang Vote");
    expect(await voteRow("risk").locator("[data-voter]").getAttribute("title")).toBe("user:wang.votes@example.com");
    expect(await voteRow("risk").locator("[data-leads]").textContent()).toMatch(/\bWang Vote$/);

    // GO is refused, naming who answers for each group of blockers.
    const decide = page.locator('section[aria-label="Decision"]');
    await decide.getByLabel("GO", { exact: true }).check();
    await decide.getByLabel("Summary").fill("Try");
    await decide.getByRole("button", { name: "Record the decision" }).click();
    await expect.poll(() => decide.locator("[data-decision-refused]").textContent()).toMatch(/risk · Priya Nair, Tomás Silva, (Wang Fang, )?Wang Vote: /);
    await screenshot(page, "owners-meeting", true);

    // NO-GO: the record names the decider, the voter and each function's leads as they were.
    await decide.getByLabel("NO-GO", { exact: true }).check();
    await decide.getByLabel("Summary").fill("Risk parameters are not signed off");
    await decide.getByRole("button", { name: "Record the decision" }).click();
    await page.getByRole("link", { name: "Open the decision record" }).click();
    await page.waitForSelector("[data-decision]");
    const record = page.locator("[data-decision]");
    expect(await record.locator("header").textContent()).toContain("by Pat PMO");
    expect(await record.locator('[data-record-item="stability.p99-order-latency"]').textContent()).toContain("stability.p99-order-latency · rd · Arjun Rao");
    expect(await record.locator("table").first().textContent()).toContain("Wang Vote");
    const markdown = await (await fetch(`${page.url()}.md`, { headers: { cookie: admin.cookie } })).text();
    expect(markdown).toContain("by Pat PMO &lt;pmo@example.com\\>");
    expect(markdown).toMatch(/\| risk · Priya Nair, Tomás Silva, (Wang Fang, )?Wang Vote \| No-Go \| {2}\| Wang Vote &lt;wang\.votes@example\.com\\> \|/);
  });
});
