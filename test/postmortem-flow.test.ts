import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { greenAllButActions, greenLaunchDate } from "./support/fixtures";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * The three users of issue 13 in Chromium, end to end: the PMO records a
 * No-Go with follow-ups and starts the post-mortem from it; the owner closes
 * one from "My actions" with evidence and hands the P1 over; a lead verifies
 * it; the TV's actions tile and gate follow live, with no reload.
 */
let server: RunningServer;
let browser: Browser;
const people = {} as Record<"pmo" | "owen" | "lee", Person>;
const call = () => api(server.url);

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  people.pmo = await addPerson(server, { email: "pmo@example.com", name: "Pia PMO", role: "admin" });
  people.owen = await addPerson(server, { email: "owen@example.com", name: "Owen Owner", role: "member", functions: ["ops"] });
  people.lee = await addPerson(server, { email: "lee@example.com", name: "Lee Lead", role: "lead", functions: ["ops"] });
  await call()("POST", "/releases", { id: "flow", name: "Perp Flow", template: "perp-futures-v2", start_date: "2026-11-02", launch_date: greenLaunchDate() });
  await greenAllButActions(server.url, TEST_TOKEN, "flow");
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("post-mortem follow-ups, from a No-Go to an open gate", () => {
  it("the PMO records a No-Go with actions and starts the post-mortem from it; the owner closes and hands over; a lead verifies; the TV follows live", async () => {
    const link = await call()("POST", "/releases/flow/board-links", { name: "War room TV" });
    const tv = await openPage(browser, { width: 1920, height: 1080 });
    await visit(tv.page, link.body.url);
    await tv.page.waitForSelector('[data-gate="open"]');
    expect(await tv.page.locator("[aria-label=Actions]").getAttribute("data-actions-open")).toBe("0");

    // The PMO: a No-Go with two follow-ups for Owen, the first a P1.
    const desk = await openPage(browser);
    await signInBrowser(desk.context, server, people.pmo);
    await visit(desk.page, `${server.url}/releases/flow/meeting`);
    await desk.page.check('input[name="decision"][value="no_go"]');
    await desk.page.fill('textarea[name="summary"]', "Canary latency regressed; per-shard alerting first");
    await desk.page.fill(
      'textarea[name="actions"]',
      [`Per-shard p99 order-entry alert | owen@example.com | ${inDays(10)} | P1`, `Canary rollback runbook | owen@example.com | ${inDays(20)}`].join("\n"),
    );
    await desk.page.click('button:has-text("Record the decision")');
    await desk.page.click('a:has-text("Open the decision record")');
    await desk.page.waitForSelector('[data-decision="no_go"]');

    // The TV, untouched: the gate closes on the P1 and the tile names its owner and due date.
    await tv.page.waitForSelector('[data-gate="closed"]');
    const tile = tv.page.locator("[aria-label=Actions]");
    await expect.poll(() => tile.getAttribute("data-actions-open")).toBe("1");
    expect(await tile.textContent()).toContain("Per-shard p99 order-entry alert");
    expect(await tile.textContent()).toContain(`Owen Owner · due ${inDays(10)}`);
    expect(await tv.page.locator('[data-item="follow-up.postmortem-actions"]').getAttribute("data-status")).toBe("red");
    await screenshot(tv.page, "board-actions-tile");

    // The post-mortem, prefilled from the decision.
    await desk.page.click('a:has-text("Start a post-mortem from this decision")');
    await desk.page.waitForURL(/\/postmortems\/new\?decision=\d+/);
    expect(await desk.page.inputValue('input[name="title"]')).toBe("NO-GO: Perp Flow");
    expect(await desk.page.inputValue('textarea[name="summary"]')).toContain("Canary latency regressed");
    await desk.page.selectOption('select[name="owner"]', "lee@example.com");
    await desk.page.click('button:has-text("Create the post-mortem")');
    await desk.page.waitForURL(/\/postmortems\/\d+$/);
    const actions = desk.page.locator('[aria-label="Actions"] [data-action]');
    await expect.poll(() => actions.count()).toBe(2);
    expect(await desk.page.locator('[aria-label="Actions"]').textContent()).toContain("Owen Owner");
    await screenshot(desk.page, "postmortem-page", true);

    const listed = (await call()("GET", "/actions?release=flow")).body.actions as { id: number; priority: string; postmortem: number | null }[];
    const p1 = listed.find((a) => a.priority === "P1")!;
    const p2 = listed.find((a) => a.priority === "P2")!;
    expect(p1.postmortem).not.toBeNull();

    // Owen, from "My actions": the P2 done with its evidence; the P1 handed over with its evidence (he may not close it himself).
    const owner = await openPage(browser);
    await signInBrowser(owner.context, server, people.owen);
    await visit(owner.page, `${server.url}/actions`);
    const p2Row = owner.page.locator(`[data-action="${p2.id}"]`).first();
    await p2Row.locator('input[name="evidence_link"]').fill("https://kb.example.com/runbooks/canary-rollback");
    await p2Row.locator('[data-control="done"]').click();
    await expect.poll(async () => (await call()("GET", `/actions/${p2.id}`)).body.action.status).toBe("done");
    const p1Row = owner.page.locator(`[data-action="${p1.id}"]`).first();
    expect(await p1Row.locator('[data-control="done"]').count()).toBe(0);
    await p1Row.locator('input[name="evidence_link"]').fill("https://grafana.example.com/d/orders?viewPanel=per-shard");
    await p1Row.locator('[data-control="submit"]').click();
    await owner.page.waitForSelector(`[data-action="${p1.id}"][data-status="in_progress"]`);
    await screenshot(owner.page, "my-actions", true);
    // Handed over is not closed: the TV still holds the gate.
    expect(await tv.page.locator("[data-gate]").getAttribute("data-gate")).toBe("closed");

    // Lee verifies it from his queue; the TV's gate opens and its tile empties, live.
    const lead = await openPage(browser);
    await signInBrowser(lead.context, server, people.lee);
    await visit(lead.page, `${server.url}/actions`);
    const queued = lead.page.locator(`[data-verify] [data-action="${p1.id}"]`);
    await queued.locator('[data-control="done"]').click();
    await tv.page.waitForSelector('[data-gate="open"]');
    await expect.poll(() => tile.getAttribute("data-actions-open")).toBe("0");
    // The board lists what is not green; the item itself is green on the server.
    expect((await call()("GET", "/releases/flow/items/follow-up.postmortem-actions")).body.item.status).toBe("green");
    expect((await call()("GET", `/actions/${p1.id}`)).body.action).toMatchObject({
      status: "done",
      evidence_link: "https://grafana.example.com/d/orders?viewPanel=per-shard",
      closed_by: "user:lee@example.com",
    });
    await screenshot(tv.page, "board-actions-closed");

    for (const tab of [tv, desk, owner, lead]) expect(tab.errors).toEqual([]);
  }, 90_000);
});
