import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, readDatabase, startServer, type RunningServer } from "./support/server";

/**
 * The drills log (SPEC 12.5) against the real server: the API records a
 * drill, its evidence and its findings' actions in one transaction and
 * refuses a bad one whole; the log pages; and in Chromium an ops lead
 * records a drill with a finding on the drills page and reads it back —
 * timings against targets, validity against launch, the finding's action.
 */
let server: RunningServer;
let call: ReturnType<typeof api>;
let browser: Browser;
let omar: Person;
let vic: Person;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TODAY = day(0);
// Twenty days out: a 30-day drill done today holds through launch, the 14-day failover drill lapses six days before.
const LAUNCH = day(20);
const count = (table: string) => readDatabase(server.dbPath, (db) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n);
const drill = (over: Record<string, unknown> = {}) => ({
  item: "drills.circuit-breaker",
  kind: "circuit-breaker",
  performed_on: TODAY,
  result: "pass",
  detect_s: 2,
  mitigate_s: 80,
  participants: ["Omar Haddad", "risk-desk@example.com"],
  ...over,
});

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  call = api(server.url);
  const made = await call("POST", "/releases", {
    id: "dr",
    name: "Perp V2 drills",
    template: "perp-futures-v2",
    start_date: "2026-11-02",
    launch_date: LAUNCH,
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  omar = await addPerson(server, { email: "omar@example.com", name: "Omar Haddad", role: "lead", functions: ["ops"] });
  vic = await addPerson(server, { email: "vic@example.com", name: "Vic Viewer", role: "viewer" });
  await addPerson(server, { email: "dev@example.com", name: "Dev Patel", role: "lead", functions: ["rd"] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the drills API", () => {
  it("records a drill: 201 with the drill, its item re-evaluated and the seq; its findings are action items on the release and the item", async () => {
    const res = await call(
      "POST",
      "/releases/dr/drills",
      drill({
        item: "drills.rollback",
        kind: "rollback",
        detect_s: 60,
        mitigate_s: 600,
        findings: [{ title: "Rollback script asks for a TTY", priority: "P2", owner: "dev@example.com" }],
      }),
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.item).toMatchObject({
      id: "drills.rollback",
      status: "green",
      evidence: { performed_on: TODAY, result: "pass", detect_s: 60, mitigate_s: 600 },
    });
    const [finding] = res.body.drill.findings;
    expect(finding).toMatchObject({ title: "Rollback script asks for a TTY", priority: "P2", owner: "dev@example.com", function: "rd", status: "open" });
    const action = await call("GET", `/actions/${finding.action}`);
    expect(action.body.action).toMatchObject({ releases: ["dr"], item: "drills.rollback", owner: "dev@example.com" });
    const events = (await call("GET", `/releases/dr/events?after=${res.body.seq - 1}`)).body.events.map((e: { type: string }) => e.type);
    expect(events).toEqual(["drill.recorded", "evidence.reported", "action.created"]);
  });

  it("counts timings over target as failed, and a pass that lapses before launch as amber", async () => {
    const slow = await call(
      "POST",
      "/releases/dr/drills",
      drill({ item: "drills.emergency-cancel", kind: "emergency-order-cancellation", detect_s: 20, mitigate_s: 41 }),
    );
    expect(slow.body.item).toMatchObject({ status: "red", reason: `drill on ${TODAY} counts as failed: mitigated in 41 s > target 30 s (+11 s)` });
    const lapsing = await call("POST", "/releases/dr/drills", drill({ item: "stability.failover", kind: "failover", detect_s: 3, mitigate_s: 20 }));
    expect(lapsing.body.item).toMatchObject({ status: "amber", reason: `passed on ${TODAY}, valid until ${day(14)}: expires before launch ${LAUNCH}` });
  });

  it("refuses a bad drill whole with 422 naming each problem: no drill, no evidence, no action, no event", async () => {
    const before = { events: eventCount(server.dbPath), drills: count("drills"), actions: count("action_items") };
    const refused = async (body: unknown) => {
      const res = await call("POST", "/releases/dr/drills", body);
      expect(res.status, JSON.stringify(res.body)).toBe(422);
      return res.body.error.details as { path: string; message: string }[];
    };
    expect(await refused(drill({ kind: "fire-drill", participants: [], detect_s: -1 }))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "kind" }),
        expect.objectContaining({ path: "participants", message: "name at least one participant" }),
        expect.objectContaining({ path: "detect_s" }),
      ]),
    );
    expect(
      await refused(
        drill({
          findings: [
            { title: "Fine", priority: "P2", owner: "dev@example.com" },
            { title: "Nobody", priority: "P1", owner: "ghost@example.com" },
          ],
        }),
      ),
    ).toEqual([{ path: "findings[1].owner", message: "no user with email ghost@example.com" }]);
    expect(await refused(drill({ findings: [{ title: "No priority", owner: "dev@example.com" }] }))).toEqual([
      expect.objectContaining({ path: "findings[0].priority" }),
    ]);
    expect(await refused(drill({ item: "gtm.campaign-calendar" }))).toEqual([
      { path: "item", message: '"gtm.campaign-calendar" is a check item, not a drill' },
    ]);
    expect(await refused(drill({ performed_on: day(5) }))).toEqual([{ path: "performed_on", message: "must not be in the future" }]);
    expect(await refused(drill({ participants: ["Omar", "omar"] }))).toEqual([{ path: "participants[1]", message: '"omar" is named twice' }]);
    expect({ events: eventCount(server.dbPath), drills: count("drills"), actions: count("action_items") }).toEqual(before);
    expect((await call("POST", "/releases/nope/drills", drill())).status).toBe(404);
  });

  it("pages the log newest first (next_before) or oldest first (after, next_after), filters by item, and refuses a limit over the cap", async () => {
    expect(
      (await call("POST", "/releases", { id: "pg", name: "Paging", template: "perp-futures-v2", start_date: "2026-11-02", launch_date: LAUNCH })).status,
    ).toBe(201);
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call("POST", "/releases/pg/drills", drill({ performed_on: day(-5 + i), item: i % 2 ? "drills.rollback" : "drills.circuit-breaker" }));
      expect(res.status).toBe(201);
      ids.push(res.body.drill.id);
    }
    const first = await call("GET", "/releases/pg/drills?limit=2");
    expect(first.body.drills.map((d: { id: number }) => d.id)).toEqual([ids[4], ids[3]]);
    const second = await call("GET", `/releases/pg/drills?limit=2&before=${first.body.next_before}`);
    expect(second.body.drills.map((d: { id: number }) => d.id)).toEqual([ids[2], ids[1]]);
    const last = await call("GET", `/releases/pg/drills?limit=2&before=${second.body.next_before}`);
    expect(last.body).toEqual({ drills: [expect.objectContaining({ id: ids[0] })] });
    const forward = await call("GET", "/releases/pg/drills?after=0&limit=3");
    expect(forward.body.drills.map((d: { id: number }) => d.id)).toEqual(ids.slice(0, 3));
    expect((await call("GET", `/releases/pg/drills?after=${forward.body.next_after}&limit=3`)).body.drills.map((d: { id: number }) => d.id)).toEqual(
      ids.slice(3),
    );
    expect((await call("GET", "/releases/pg/drills?item=drills.rollback")).body.drills.map((d: { id: number }) => d.id)).toEqual([ids[3], ids[1]]);
    expect((await call("GET", "/releases/pg/drills?limit=5000")).status).toBe(422);
    expect((await call("GET", "/releases/nope/drills")).status).toBe(404);
  });
});

describe("the drills page", () => {
  it("an ops lead records a drill with a finding; the page shows timings against targets, the lapse before launch, and the finding's action", async () => {
    const tab = await openPage(browser, { width: 1440, height: 1000 });
    try {
      // On record (through the API): a failover drill that lapses before launch, an emergency cancellation too slow to mitigate.
      expect((await call("POST", "/releases/dr/drills", drill({ item: "stability.failover", kind: "failover", detect_s: 3, mitigate_s: 20 }))).status).toBe(
        201,
      );
      const slow = drill({ item: "drills.emergency-cancel", kind: "emergency-order-cancellation", detect_s: 20, mitigate_s: 41 });
      expect((await call("POST", "/releases/dr/drills", slow)).status).toBe(201);
      await signInBrowser(tab.context, server, omar);
      const { page } = tab;
      await visit(page, `${server.url}/releases/dr`);
      await page.getByRole("link", { name: "Drills", exact: true }).click();
      await page.waitForURL(`${server.url}/releases/dr/drills`);
      await page.waitForSelector('[data-drill-item="stability.failover"]');
      // The failover drill lapses before launch: amber, counted in days.
      const failover = page.locator('[data-drill-item="stability.failover"]');
      expect(await failover.getAttribute("data-status")).toBe("amber");
      expect(await failover.locator("[data-lapses]").textContent()).toContain("expires 6 days before launch");
      const cancel = page.locator('[data-drill-item="drills.emergency-cancel"]');
      expect(await cancel.locator('[data-timing="mitigate"]').getAttribute("data-over-target")).toBe("true");
      expect(await cancel.locator('[data-timing="mitigate"]').textContent()).toContain("11 s over target");

      await page.locator('[data-record-for="drills.emergency-suspension"]').click();
      await page.waitForURL(/item=drills.emergency-suspension/);
      const form = page.locator("[data-record-form]");
      await expect.poll(() => form.locator('select[name="item"]').inputValue()).toBe("drills.emergency-suspension");
      await form.locator('select[name="kind"]').selectOption("emergency-suspension");
      await form.locator('input[name="detect_s"]').fill("45");
      await form.locator('input[name="mitigate_s"]').fill("240");
      await form.locator('textarea[name="participants"]').fill("Omar Haddad\nDev Patel\nCS duty manager");
      await form.locator('input[name="findings[0].title"]').fill("Status page wording not pre-approved");
      await form.locator('select[name="findings[0].priority"]').selectOption("P1");
      await form.locator('input[name="findings[0].owner"]').fill("dev@example.com");
      await form.locator("[data-add-finding]").click();
      expect(await form.locator("[data-finding-row]").count()).toBe(3);
      await form.getByRole("button", { name: "Record the drill" }).click();
      await page.waitForSelector("[data-recorded]");
      expect(await page.locator("[data-recorded]").textContent()).toContain("the item is now Green");

      const suspension = page.locator('[data-drill-item="drills.emergency-suspension"]');
      // The cards follow with the page's revalidation, a moment after the action's answer on a loaded machine.
      await expect.poll(() => suspension.getAttribute("data-status")).toBe("green");
      expect(await suspension.locator("[data-participants]").textContent()).toBe("Omar Haddad, Dev Patel, CS duty manager");
      expect(await suspension.locator('[data-timing="detect"]').getAttribute("data-over-target")).toBe("false");
      expect(await suspension.locator("[data-valid-until]").textContent()).toContain("valid on launch day");
      const finding = suspension.locator("[data-finding]");
      expect(await finding.textContent()).toContain("P1 Status page wording not pre-approved — dev@example.com");
      const actionId = await finding.getAttribute("data-finding");
      expect(await finding.locator("a").getAttribute("href")).toBe(`/actions/${actionId}`);
      expect(await page.locator("[data-drill-row]").first().textContent()).toContain("Emergency suspension");
      // A pass over its targets reads as what it counts as, on the card and in the log.
      expect(await cancel.locator("[data-result]").textContent()).toBe("✖ Too slow: counts as failed");
      expect((await call("GET", `/actions/${actionId}`)).body.action).toMatchObject({ priority: "P1", item: "drills.emergency-suspension", releases: ["dr"] });
      await screenshot(page, "drills-page", true);

      // A half-filled finding row is refused on its own field, and nothing is written.
      const before = eventCount(server.dbPath);
      await form.locator('textarea[name="participants"]').fill("Omar Haddad");
      await form.locator('input[name="findings[1].title"]').fill("Someone should own this");
      tab.expectConsoleError(/status of 400/);
      await form.getByRole("button", { name: "Record the drill" }).click();
      await page.waitForSelector('#finding-1-owner-error[role="alert"]');
      expect(await page.locator("#finding-1-owner-error").textContent()).toBe("name who owns it (an email)");
      expect(eventCount(server.dbPath)).toBe(before);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("a viewer reads the drills without a form", async () => {
    const res = await fetch(`${server.url}/releases/dr/drills`, { headers: { cookie: vic.cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("data-read-only");
    expect(html).not.toContain("data-record-form");
  });

  it("fits a 390 px phone, forms and all", async () => {
    const tab = await openPage(browser, { width: 390, height: 844 });
    try {
      await signInBrowser(tab.context, server, omar);
      await visit(tab.page, `${server.url}/releases/dr/drills`);
      const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(tab.page, "drills-phone", true);
      await screenshot(tab.page, "drills-phone-top");
      await tab.page.locator('[data-finding-row="0"]').scrollIntoViewIfNeeded();
      await screenshot(tab.page, "drills-phone-form");
      // Every control of the form is thumb-sized.
      const small = await tab.page.$$eval(
        "[data-record-form] input:not([type=radio]):not([type=hidden]), [data-record-form] select, [data-record-form] button",
        (controls) => controls.filter((c) => c.getBoundingClientRect().height < 40).map((c) => c.outerHTML.slice(0, 80)),
      );
      expect(small).toEqual([]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
