import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";

/**
 * A risk lead on a 390×844 phone, and the PMO on theirs: every page they can
 * reach fits the screen's width (nothing scrolls sideways), the controls are
 * sized for a thumb, and "My items" and "Red only" show what they say.
 */
let server: RunningServer;
let browser: Browser;
let call: ReturnType<typeof api>;
let pmo: Person;
let lead: Person;
const links: Record<string, string> = {};

const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
  call = api(server.url);
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
  lead = await addPerson(server, { email: "rita@example.com", name: "Rita Risk", role: "lead", functions: ["risk"] });
  // Something on every page: a meeting with votes, a No-Go decision, an action of the lead's, a board link, a token, an open invitation.
  expect((await call("POST", "/releases/perp-v2/meetings", { scheduled_at: "2026-11-30T09:00:00Z" })).status).toBe(201);
  expect(
    (await call("POST", "/releases/perp-v2/decisions", { decision: "no_go", summary: "Red items remain: the pen test and the insurance fund." })).status,
  ).toBe(201);
  links.decision = `/decisions/${(await call("GET", "/releases/perp-v2/decisions")).body.decisions[0].id}`;
  const action = await call("POST", "/actions", {
    title: "Re-run the liquidation engine soak with the approved maintenance margin table",
    owner: lead.email,
    priority: "P1",
    releases: ["perp-v2"],
  });
  expect(action.status).toBe(201);
  links.action = `/actions/${action.body.action.id}`;
  links.postmortem = `/postmortems/${(await call("GET", "/postmortems")).body.postmortems[0].id}`;
  links.boardLink = new URL((await call("POST", "/releases/perp-v2/board-links", { name: "War room TV" })).body.url).pathname;
  expect((await call("POST", "/tokens", { name: "grafana-latency", role: "lead", functions: ["mm"] })).status).toBe(201);
  // An SOP with a current revision and a draft, and a release whose roster acknowledges it (the SOP pages).
  expect((await call("POST", "/sops", { key: "phone-desk", title: "Phone desk escalations", owner: "cs", review_days: 90 })).status).toBe(201);
  const approver = (await call("POST", "/tokens", { name: "sop-approver", role: "admin" })).body.token as string;
  expect(
    (await call("POST", "/sops/phone-desk/revisions", { summary: "First issue", body: "# Escalate\n\n- Page the duty lead within **5 minutes**" })).status,
  ).toBe(201);
  expect((await api(server.url, approver)("POST", "/sops/phone-desk/revisions/1/approve")).status).toBe(200);
  expect((await call("POST", "/sops/phone-desk/revisions", { summary: "Night shift contacts", link: "https://wiki.example.com/sop/phone-desk" })).status).toBe(
    201,
  );
  expect(
    (
      await call("POST", "/releases", {
        id: "phone-roster",
        name: "Phone roster",
        template: "new-coin-listing",
        start_date: "2026-11-02",
        launch_date: "2027-01-15",
      })
    ).status,
  ).toBe(201);
  const people = [
    { email: "wang.fang@example.com", name: "王芳", team: "customer-service-shift-a" },
    { email: "li.li@example.com", name: "李丽", team: "customer-service-shift-b" },
  ];
  expect((await call("PUT", "/releases/phone-roster/roster", { people })).status).toBe(200);
  expect((await call("POST", "/sops/phone-desk/acknowledgements", { emails: ["li.li@example.com"] })).status).toBe(200);
  links.sop = "/sops/phone-desk";
  links.invite = new URL(
    (await call("POST", "/users", { email: "nia@example.com", name: "Nia New", role: "lead", functions: ["qa"] })).body.invite_url,
  ).pathname;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A phone, signed in as `who` (or nobody), that records console errors. */
async function phone(who: Person | null) {
  const context = await browser.newContext(PHONE);
  if (who) await signInBrowser(context, server, who);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, context, errors };
}

/**
 * What does not fit a phone, each element named so a failure says what to fix:
 * - `page`: the outermost elements sticking out past the window's edge, rightmost first
 *   (what makes the page scroll sideways);
 * - `scrollers`: boxes whose content is wider than they are, scrolled or clipped
 *   inside them (a table squeezed into a card), but for those marked
 *   `data-scrolls-sideways` (the Gantt chart: its width is its content) and fields;
 * - `controls`: buttons and fields under 44 px tall, and fields with text under 16 px.
 */
async function misfits(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const name = (el: Element) => {
      const r = el.getBoundingClientRect();
      const data = [...el.attributes].filter((a) => a.name.startsWith("data-") || a.name === "id" || a.name === "name").map((a) => `[${a.name}="${a.value}"]`);
      const cls = el.getAttribute("class")?.split(/\s+/).slice(0, 6).join(".") ?? "";
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 50);
      return `<${el.tagName.toLowerCase()}${data.join("")}${cls ? `.${cls}` : ""}> x ${Math.round(r.left)}..${Math.round(r.right)} (${Math.round(r.width)} px) "${text}"`;
    };
    const all = [...document.body.querySelectorAll("*")];
    const insideScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
      return false;
    };
    const sticking = all.filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5) && !insideScroller(el);
    });
    // The outermost of them, each with the innermost ones inside it (what holds it wide).
    const innermost = sticking.filter((el) => !sticking.some((other) => other !== el && el.contains(other)));
    const page = sticking
      .filter((el) => !sticking.includes(el.parentElement!))
      .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
      .map((el) => {
        const inside = innermost.filter((leaf) => leaf !== el && el.contains(leaf)).slice(0, 3);
        return [name(el), ...inside.map((leaf) => `  held by ${name(leaf)}`)].join("\n    ");
      });
    const scrollers = all
      .filter((el) => {
        const style = getComputedStyle(el);
        return (
          style.overflowX !== "visible" &&
          el.scrollWidth > el.clientWidth + 1 &&
          el.clientWidth > 2 &&
          style.textOverflow !== "ellipsis" &&
          !el.closest("[data-scrolls-sideways]") &&
          !["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)
        );
      })
      .map((el) => `${el.scrollWidth} px of content in ${el.clientWidth}: ${name(el)}`);
    const controls = [...document.body.querySelectorAll("button, select, textarea, input:not([type=hidden], [type=checkbox], [type=radio])")]
      .filter((el) => (el as HTMLElement).offsetParent !== null)
      .flatMap((el) => {
        const height = el.getBoundingClientRect().height;
        const font = parseFloat(getComputedStyle(el).fontSize);
        const short = el.tagName !== "TEXTAREA" && height < 44;
        const tiny = el.tagName !== "BUTTON" && font < 16;
        return short || tiny ? [`${Math.round(height)} px tall, ${font} px text: ${name(el)}`] : [];
      });
    return { scrollWidth: document.documentElement.scrollWidth, width, page, scrollers, controls };
  });
}

/** Every page a lead reaches from the app (app/routes), with something on it. */
const leadPages = () => [
  "/",
  "/releases/perp-v2",
  "/releases/perp-v2?mine=1&red=1",
  "/releases/perp-v2/items/risk.adl-enabled",
  "/releases/perp-v2/items/mm.mm-kestrel",
  "/releases/perp-v2/items/follow-up.postmortem-actions",
  "/releases/perp-v2/board",
  "/releases/perp-v2/meeting",
  "/releases/perp-v2/plan",
  "/releases/perp-v2/plan/tasks",
  "/releases/perp-v2/plan/today",
  "/releases/perp-v2/decisions",
  links.decision!,
  "/releases/perp-v2/actions",
  "/releases/perp-v2/audit",
  "/releases/perp-v2/roster",
  "/actions",
  "/actions?closed=1",
  links.action!,
  "/postmortems",
  "/postmortems/new",
  links.postmortem!,
  "/sops",
  links.sop!,
  "/releases/perp-v2/params",
  "/releases/perp-v2/certification",
  "/releases/perp-v2/drills",
  "/docs/api",
  "/releases/perp-v2/calendar",
];

/** And an admin's besides. */
const adminPages = () => [
  ...leadPages(),
  "/releases/perp-v2/plan/import",
  "/releases/perp-v2/links",
  "/releases/new",
  "/admin/users",
  "/admin/tokens",
  "/admin/webhooks",
];

/** Signed out: the sign-in page, an invitation, a board link on someone's phone. */
const signedOutPages = () => ["/login", links.invite!, links.boardLink!];

/** Visits each page on the phone and says what of it does not fit, page by page. */
async function whatDoesNotFit(page: Page, base: string, paths: string[]): Promise<string> {
  const failures: string[] = [];
  for (const path of paths) {
    const res = await visit(page, `${base}${path}`);
    expect(res?.status(), path).toBe(200);
    // A live page is measured live (its connecting states are measured as they come).
    if (await page.locator("[data-connection]").count()) await page.waitForSelector('[data-connection="live"]');
    const found = await misfits(page);
    if (found.scrollWidth > found.width || found.page.length) {
      failures.push(`${path} scrolls sideways (${found.scrollWidth} px wide in ${found.width}); sticking out:\n    ${found.page.join("\n    ")}`);
    }
    if (found.scrollers.length) failures.push(`${path} scrolls or clips inside:\n    ${found.scrollers.join("\n    ")}`);
    if (found.controls.length) failures.push(`${path} has controls too small for a thumb:\n    ${found.controls.join("\n    ")}`);
  }
  return failures.join("\n");
}

describe("on a 390×844 phone", () => {
  for (const [who, pages] of [
    ["a lead", leadPages],
    ["an admin", adminPages],
    ["nobody signed in", signedOutPages],
  ] as const) {
    it(`no page ${who} reaches scrolls sideways, squeezes a table or has a control too small for a thumb`, async () => {
      const { page, context, errors } = await phone(who === "a lead" ? lead : who === "an admin" ? pmo : null);
      const failures = await whatDoesNotFit(page, server.url, pages());
      await context.close();
      expect(failures, "what does not fit a phone").toBe("");
      expect(errors).toEqual([]);
    });
  }

  it("nor does the setup page of an empty database", async () => {
    const empty = await startServer({ env: { GREENLIGHT_BOOTSTRAP_TOKEN: "" } });
    try {
      const context = await browser.newContext(PHONE);
      const failures = await whatDoesNotFit(await context.newPage(), empty.url, ["/setup"]);
      await context.close();
      expect(failures, "what does not fit a phone").toBe("");
    } finally {
      await empty.stop();
    }
  });
});

describe("a lead's views of the readiness page", () => {
  it("'My items' shows only their function's items and those assigned to them, 'Red only' only red ones, live", async () => {
    // A QA item assigned to the risk lead is theirs too.
    expect((await call("PUT", "/releases/perp-v2/items/qa.pen-test/assignee", { assignee: lead.email })).status).toBe(200);
    const { page, context, errors } = await phone(lead);
    await visit(page, `${server.url}/releases/perp-v2`);
    const items = async () => (await call("GET", "/releases/perp-v2/items")).body.items as { id: string; owner: string; status: string }[];
    const mine = (i: { id: string; owner: string }) => i.owner === "risk" || i.id === "qa.pen-test";
    const listed = () => page.locator("tr[data-item]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-item")!).sort());
    const blockers = () => page.locator("[data-blocker]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-blocker")!).sort());
    const ids = (list: { id: string }[]) => list.map((i) => i.id).sort();
    const all = await items();
    expect(await listed()).toEqual(ids(all));
    await screenshot(page, "phone-readiness");

    await page.locator('[data-view="mine"]').tap();
    await page.waitForURL(/\?mine=1$/);
    const expectedMine = all.filter(mine);
    expect(expectedMine.length).toBeGreaterThan(10);
    await expect.poll(listed).toEqual(ids(expectedMine));
    expect(await blockers()).toEqual(ids(expectedMine.filter((i) => i.status !== "green")));
    // The gate is still the whole release's.
    expect(await page.locator("[data-gate]").textContent()).toContain(`${all.filter((i) => i.status !== "green").length} blocking`);
    expect(await page.locator('[data-view="mine"]').getAttribute("aria-current")).toBe("true");

    await page.locator('[data-view="red"]').tap();
    await page.waitForURL(/\?mine=1&red=1$/);
    const myRed = all.filter((i) => mine(i) && i.status === "red");
    expect(myRed.map((i) => i.id)).toEqual(expect.arrayContaining(["qa.pen-test", "risk.slippage-coefficient"]));
    await expect.poll(listed).toEqual(ids(myRed));
    expect(await page.locator("tr[data-item]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")))).toEqual(myRed.map(() => "red"));

    // An item of theirs turning red joins the view as it happens; another function's does not.
    expect((await call("POST", "/releases/perp-v2/items/risk.max-leverage-tier-1/evidence", { deployed: 150 })).status).toBe(200);
    expect((await call("POST", "/releases/perp-v2/items/gtm.campaign-calendar/evidence", { done: false })).status).toBe(200);
    await expect.poll(listed).toEqual(ids([...myRed, { id: "risk.max-leverage-tier-1" }]));

    // "Red only" alone: every function's red items.
    await page.locator('[data-view="mine"]').tap();
    await page.waitForURL(/\?red=1$/);
    const red = (await items()).filter((i) => i.status === "red");
    expect(red.some((i) => !mine(i))).toBe(true);
    await expect.poll(listed).toEqual(ids(red));
    await screenshot(page, "phone-readiness-red-only");

    // Both off: everything again.
    await page.locator('[data-view="red"]').tap();
    await expect.poll(listed).toEqual(ids(all));
    await context.close();
    expect(errors).toEqual([]);
  });
});

describe("thumb-sized controls", () => {
  /** The element's box in CSS px. */
  const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

  it("the evidence form: its choices and its submit button are 44 px tall and as wide as the phone allows; its fields have 16 px text", async () => {
    const { page, context, errors } = await phone(lead);
    await visit(page, `${server.url}/releases/perp-v2/items/risk.adl-enabled`);
    const form = await box(page, 'form:has(button:has-text("Report evidence"))');
    const submit = await box(page, 'button:has-text("Report evidence")');
    expect(submit.height).toBeGreaterThanOrEqual(44);
    expect(submit.width).toBe(form.width);
    for (const choice of ["true", "false"]) expect((await box(page, `label:has(input[type=radio][value="${choice}"])`)).height).toBeGreaterThanOrEqual(44);
    for (const field of ["note", "link"]) {
      const input = page.locator(`form input[name="${field}"]`);
      expect((await input.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      expect(await input.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    }
    // The form comes before the history on a phone.
    expect(form.y).toBeLessThan((await box(page, 'h2:has-text("History")')).y);
    await screenshot(page, "phone-item-evidence-form");

    // It works by thumb: tap a choice, tap submit.
    await page.locator('label:has(input[value="false"])').tap();
    await page.locator('button:has-text("Report evidence")').tap();
    await expect.poll(() => page.locator("[data-item]").first().getAttribute("data-status")).toBe("red");
    await context.close();
    expect(errors).toEqual([]);
  });

  it("the vote: Go, No-Go and the vote button are 44 px tall, the button as wide as the row; a tap casts it", async () => {
    const { page, context, errors } = await phone(lead);
    await visit(page, `${server.url}/releases/perp-v2/meeting`);
    const row = '[data-vote="risk"]';
    const form = await box(page, `${row} form`);
    for (const choice of ["go", "no_go"]) expect((await box(page, `${row} label:has(input[value="${choice}"])`)).height).toBeGreaterThanOrEqual(44);
    const button = await box(page, `${row} button[type=submit]`);
    expect(button.height).toBeGreaterThanOrEqual(44);
    expect(button.width).toBe(form.width);
    const comment = page.locator(`${row} input[name="comment"]`);
    expect(await comment.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(16);
    await page.locator(row).scrollIntoViewIfNeeded();
    await screenshot(page, "phone-meeting-vote");

    await page.locator(`${row} label:has(input[value="no_go"])`).tap();
    await comment.fill("Slippage coefficient is off the approved value");
    await page.locator(`${row} button[type=submit]`).tap();
    await expect.poll(() => page.locator(row).getAttribute("data-vote-value")).toBe("no_go");
    await context.close();
    expect(errors).toEqual([]);
  });

  it("the actions list: the evidence box and its button each take the row's width", async () => {
    const { page, context, errors } = await phone(lead);
    await visit(page, `${server.url}/actions`);
    const row = page.locator(`[data-action="${links.action!.split("/").pop()}"]`);
    const input = (await row.locator('input[name="evidence_link"]').boundingBox())!;
    const submit = (await row.locator('[data-control="submit"]').boundingBox())!;
    expect(input.height).toBeGreaterThanOrEqual(44);
    expect(submit.height).toBeGreaterThanOrEqual(44);
    expect(input.width).toBeGreaterThan(250);
    expect(submit.width).toBeCloseTo(input.width, 0);
    await screenshot(page, "phone-my-actions");
    await visit(page, `${server.url}/releases/perp-v2/actions`);
    await screenshot(page, "phone-release-actions");
    await context.close();
    expect(errors).toEqual([]);
  });
});
