import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, eventCount, startServer, type RunningServer } from "./support/server";

/**
 * The risk parameters page against the real server, in Chromium (SPEC 12.3):
 * the config service's push shows a parameter deployed differently from its
 * approved value, red with how long it has drifted; a risk lead proposes
 * (a step beyond max_step refused beside its field, nothing written), may not
 * approve their own proposal, a second risk lead approves once, the PMO
 * approves the second time, and the parameter turns green live on the
 * proposer's open page; a new wrong push turns another red there; a viewer
 * sees no forms; and the page fits a phone.
 */
let server: RunningServer;
let browser: Browser;
let call: ReturnType<typeof api>;
let config: ReturnType<typeof api>;
let ana: Person;
let bo: Person;
let pat: Person;
let vic: Person;

const TIER2 = "risk.max-leverage-tier-2";
const TIER3 = "risk.max-leverage-tier-3";
const row = (item: string) => `[data-param="${item}"]`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  call = api(server.url);
  expect(
    (await call("POST", "/releases", { id: "pp", name: "Perp V2 risk", template: "perp-futures-v2", start_date: "2026-11-02", launch_date: "2027-01-15" }))
      .status,
  ).toBe(201);
  ana = await addPerson(server, { email: "ana@example.com", name: "Ana Risk", role: "lead", functions: ["risk"] });
  bo = await addPerson(server, { email: "bo@example.com", name: "Bo Risk", role: "lead", functions: ["risk"] });
  pat = await addPerson(server, { email: "pat@example.com", name: "Pat PMO", role: "admin" });
  vic = await addPerson(server, { email: "vic@example.com", name: "Vic Viewer", role: "viewer" });
  config = api(server.url, (await call("POST", "/tokens", { name: "exchange-config", role: "lead", functions: ["risk"] })).body.token as string);
  // Everything deployed as approved, but tier 2 runs 80x against 100x approved.
  const items = (await call("GET", "/releases/pp/items")).body.items as { id: string; kind: string; config: { approved: unknown } }[];
  const values = Object.fromEntries(items.filter((i) => i.kind === "param").map((i) => [i.id, i.config.approved]));
  const pushed = await config("POST", "/releases/pp/params/deployed", { values: { ...values, [TIER2]: 80 } });
  expect(pushed.status).toBe(200);
  expect(pushed.body.changed).toHaveLength(Object.keys(values).length);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the risk parameters page", () => {
  it("proposal, two approvals by two people, the parameter turning green live on the proposer's page", async () => {
    const a = await openPage(browser);
    const b = await openPage(browser);
    const p = await openPage(browser);
    try {
      await signInBrowser(a.context, server, ana);
      await signInBrowser(b.context, server, bo);
      await signInBrowser(p.context, server, pat);
      for (const tab of [a, b, p]) tab.page.setDefaultTimeout(8000);

      // The release page links to it.
      await visit(a.page, `${server.url}/releases/pp`);
      await a.page.click('a[href="/releases/pp/params"]');
      await a.page.waitForSelector("h1:has-text('Risk parameters')");
      await a.page.waitForSelector("html[data-hydrated]");
      expect(await a.page.getAttribute(row(TIER2), "data-drift")).toBe("true");
      expect(await a.page.getAttribute(row(TIER2), "data-status")).toBe("red");
      expect(await a.page.textContent(`${row(TIER2)} [data-state]`)).toMatch(/Drift\s*drifting for \d+ s/);
      expect(await a.page.getAttribute(row(TIER3), "data-drift")).toBe("false");
      expect(await a.page.textContent(`${row(TIER3)} [data-state]`)).toContain("Matches");
      expect(await a.page.textContent("[data-params-summary]")).toContain("1 parameter deployed differently from its approved value");
      await screenshot(a.page, "params-drift", true);

      // A step beyond max_step is refused beside its field, and nothing is written.
      a.expectConsoleError(/422/);
      const before = eventCount(server.dbPath);
      await a.page.fill(`[data-value-field="risk.max-leverage-tier-1"]`, "60");
      await a.page.fill("#rationale", "Halve tier 1");
      await a.page.click("[data-form=propose] button[type=submit]");
      await a.page.waitForSelector('[data-field-error="risk.max-leverage-tier-1"]');
      expect(await a.page.textContent('[data-field-error="risk.max-leverage-tier-1"]')).toContain("125 x → 60 x is a step of 65, more than max_step 25");
      expect(await a.page.textContent("[data-params-error]")).toContain("Nothing was recorded");
      expect(eventCount(server.dbPath)).toBe(before);

      // The valid proposal: tier 2 to what runs, with a rationale.
      await a.page.fill(`[data-value-field="risk.max-leverage-tier-1"]`, "");
      await a.page.fill(`[data-value-field="${TIER2}"]`, "80");
      await a.page.fill("#rationale", "Risk committee 2026-12-01: launch tier 2 at 80x until the insurance fund reaches target.");
      await a.page.click("[data-form=propose] button[type=submit]");
      await a.page.waitForSelector("[data-pending-proposal]");
      const id = Number(await a.page.getAttribute("[data-pending-proposal]", "data-pending-proposal"));
      expect(await a.page.textContent(`${row(TIER2)} [data-proposed="${id}"]`)).toContain("80 x");
      // The proposer may withdraw it, never approve it.
      expect(await a.page.$(`[data-approve="${id}"]`)).toBeNull();
      expect(await a.page.$(`[data-withdraw="${id}"]`)).not.toBeNull();
      expect(await a.page.textContent(`[data-pending-proposal="${id}"]`)).toContain("You proposed it");

      // Bo approves once: one of two.
      await visit(b.page, `${server.url}/releases/pp/params`);
      await b.page.click(`[data-approve="${id}"] button`);
      await b.page.waitForSelector(`[data-pending-proposal="${id}"][data-approvals="1"]`);
      expect(await b.page.textContent(`[data-pending-proposal="${id}"] [data-approvals-so-far]`)).toContain("1 of 2 approvals: Bo Risk");
      expect(await b.page.$(`[data-approve="${id}"]`)).toBeNull();
      expect(await b.page.textContent(`[data-pending-proposal="${id}"]`)).toContain("You approved it");
      // Ana's open page follows, still red.
      await a.page.waitForSelector(`[data-pending-proposal="${id}"][data-approvals="1"]`);
      expect(await a.page.getAttribute(row(TIER2), "data-status")).toBe("red");
      await screenshot(b.page, "params-one-approval", true);

      // Pat (the PMO) approves the second time: tier 2 turns green on Ana's page without a reload.
      await visit(p.page, `${server.url}/releases/pp/params`);
      await p.page.click(`[data-approve="${id}"] button`);
      await p.page.waitForSelector("[data-params-done]");
      expect(await p.page.textContent("[data-params-done]")).toContain(`Proposal #${id} approved`);
      await a.page.waitForSelector(`${row(TIER2)}[data-status="green"][data-drift="false"]`);
      expect(await a.page.getAttribute(`${row(TIER2)} [data-approved]`, "data-approved")).toBe("80");
      expect(await a.page.textContent(`${row(TIER2)} [data-state]`)).toContain("Matches");
      expect(await a.page.textContent(`${row(TIER2)}`)).toContain(`proposal #${id}, approved by Bo Risk, Pat PMO`);
      expect(await a.page.$("[data-pending-proposal]")).toBeNull();
      expect(await a.page.getAttribute(`[data-history="${id}"]`, "data-history-status")).toBe("approved");
      expect(await a.page.textContent("[data-params-summary]")).toContain("Every deployed parameter matches its approved value");
      await screenshot(a.page, "params-approved", true);

      // The config service deploys tier 3 wrong: red and drifting on the open page.
      expect((await config("POST", "/releases/pp/params/deployed", { values: { [TIER3]: 40 } })).body.changed).toEqual([TIER3]);
      await a.page.waitForSelector(`${row(TIER3)}[data-status="red"][data-drift="true"]`);
      expect(await a.page.textContent(`${row(TIER3)} [data-state]`)).toMatch(/drifting for/);

      for (const tab of [a, b, p]) expect(tab.errors).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close(), p.close()]);
    }
  });

  it("a viewer reads it all and sees no form; a posted approval is refused and writes nothing", async () => {
    const id = (await config("POST", "/releases/pp/params/proposals", { values: { [TIER3]: 40 }, rationale: "Match what runs" })).body.proposal.id as number;
    const v = await openPage(browser);
    try {
      await signInBrowser(v.context, server, vic);
      await visit(v.page, `${server.url}/releases/pp/params`);
      await v.page.waitForSelector(`[data-pending-proposal="${id}"]`);
      expect(await v.page.$("[data-form=propose]")).toBeNull();
      expect(await v.page.$(`[data-approve="${id}"]`)).toBeNull();
      expect(await v.page.$(`[data-reject="${id}"]`)).toBeNull();
      expect(v.errors).toEqual([]);
    } finally {
      await v.close();
    }
    const before = eventCount(server.dbPath);
    const res = await fetch(`${server.url}/releases/pp/params`, {
      method: "POST",
      headers: { origin: server.url, cookie: vic.cookie },
      body: new URLSearchParams({ intent: "approve", id: String(id) }),
    });
    expect(res.status).toBe(403);
    expect(eventCount(server.dbPath)).toBe(before);
  });

  it("fits a phone: no sideways scroll, the drift and the approve button in reach", async () => {
    const phone = await openPage(browser, { width: 390, height: 844 });
    try {
      await signInBrowser(phone.context, server, bo);
      await visit(phone.page, `${server.url}/releases/pp/params`);
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      const button = await phone.page.$("[data-approve] button");
      expect((await button!.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      await phone.page.locator(row(TIER3)).scrollIntoViewIfNeeded();
      await screenshot(phone.page, "params-phone");
      await screenshot(phone.page, "params-phone-full", true);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
