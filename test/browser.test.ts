import type { Browser } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, PASSWORD, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";

let server: RunningServer;
let browser: Browser;
let admin: Person;
let session: Awaited<ReturnType<typeof openPage>>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
  admin = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
});

/** A page signed in as the admin. */
async function adminPage() {
  session = await openPage(browser);
  await signInBrowser(session.context, server, admin);
  return session;
}

afterEach(async () => {
  const errors = session?.errors ?? [];
  await session?.close();
  expect(errors, `unexpected console errors: ${errors.join(" | ")}`).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("readiness in the browser", () => {
  it("reports evidence through the form and sees the item turn green", async () => {
    const { page } = await adminPage();
    await visit(page, `${server.url}/releases/perp-v2`);
    const row = page.locator('[data-item="qa.pen-test"]');
    await expect.poll(() => row.getAttribute("data-status")).toBe("red");
    await expect.poll(() => page.locator("[data-gate]").getAttribute("data-gate")).toBe("closed");
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

    await visit(page, `${server.url}/releases/perp-v2`);
    expect(await page.locator('[data-item="qa.pen-test"]').getAttribute("data-status")).toBe("green");
    // The server holds it too: the page showed what the API answers.
    const items = await api(server.url)("GET", "/releases/perp-v2/items");
    expect(items.body.items.find((i: { id: string }) => i.id === "qa.pen-test")).toMatchObject({ status: "green", version: 2 });
  });

  it("shows a readable error for bad input and writes nothing", async () => {
    const { page } = await adminPage();
    const before = (await api(server.url)("GET", "/releases/perp-v2")).body.release.seq;
    await visit(page, `${server.url}/releases/perp-v2/items/gtm.announcement-locales`);
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
    const { page } = await adminPage();
    await visit(page, `${server.url}/releases/perp-v2/items/mm.mm-kestrel`);
    for (const stage of ["cancel-and-mass-cancel", "cancel-on-disconnect", "rate-limits", "mm-protection", "soak", "quoting-obligations"]) {
      await page.locator(`select[name="stages.${stage}"]`).selectOption("passed");
    }
    await page.getByRole("button", { name: "Report evidence" }).click();
    await expect.poll(() => page.locator('[data-item="mm.mm-kestrel"]').getAttribute("data-status")).toBe("green");
    expect(await page.locator("[data-reason]").textContent()).toBe("version 3.2.0: all 10 stages passed");
  });

  it("creates a release from a template through the form", async () => {
    const { page } = await adminPage();
    await visit(page, `${server.url}/releases/new`);
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

    session.expectConsoleError(/status of 409/);
    await visit(page, `${server.url}/releases/new`);
    await page.getByLabel("Name", { exact: true }).fill("Again");
    await page.getByLabel("Id", { exact: true }).fill("doge2-listing");
    await page.getByRole("button", { name: "Create release" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain('a release with id "doge2-listing" exists');
  });

  it("answers an unknown release with a 404 page", async () => {
    await adminPage();
    session.expectConsoleError(/status of 404/);
    const res = await visit(session.page, `${server.url}/releases/no-such-release`);
    expect(res?.status()).toBe(404);
    expect(await session.page.locator("h1").textContent()).toBe("Not found");
  });
});

describe("retention on the audit page", () => {
  it("an admin sets how long repeated readings are kept; a bad number gets a readable error and writes nothing", async () => {
    const { page } = await adminPage();
    await visit(page, `${server.url}/releases/perp-v2/audit`);
    const panel = page.locator("[data-retention]");
    expect(await panel.getAttribute("data-retention")).toBe("all");
    expect(await panel.textContent()).toContain("Every reading is kept.");
    const before = (await api(server.url)("GET", "/releases/perp-v2")).body.release.seq;
    // Past the browser's own check (min, step), as a hand-made request would be: the server's rule answers.
    await page.locator("[data-retention] form").evaluate((form: HTMLFormElement) => (form.noValidate = true));
    const days = page.getByLabel("Compact repeated readings after (days)");
    await days.fill("0");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.locator("#compact_after_days-error").textContent()).toContain("at least 1 day");
    expect((await api(server.url)("GET", "/releases/perp-v2")).body.release.seq).toBe(before);

    await days.fill("30");
    await page.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => panel.getAttribute("data-retention")).toBe("30");
    expect(await panel.textContent()).toContain("compacted after 30 days");
    await screenshot(page, "audit-retention");
    expect((await api(server.url)("GET", "/releases/perp-v2/retention")).body.compact_after_days).toBe(30);
    // The change is in the trail it governs.
    await visit(page, `${server.url}/releases/perp-v2/audit?type=release.retention`);
    expect(await page.locator("[data-audit-seq]").first().textContent()).toContain("keep every reading → compact repeated readings after 30 days");
  });
});

describe("board links in the browser", () => {
  it("shows a new board link once, with Copy (to the clipboard) and Open (a new tab)", async () => {
    const { page, context } = await adminPage();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
    await visit(page, `${server.url}/releases/perp-v2/links`);
    await page.getByLabel("Screen name").fill("Copy test TV");
    await page.getByRole("button", { name: "Create link" }).click();
    const box = page.locator('[data-secret-once="board-link"]');
    const secret = box.locator("[data-secret]");
    await expect.poll(() => secret.count()).toBe(1);
    const url = await secret.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/b/`));
    expect(await box.locator("[data-open]").getAttribute("href")).toBe(url);
    expect(await box.locator("[data-open]").getAttribute("target")).toBe("_blank");
    await box.locator("[data-copy]").click();
    await expect.poll(() => box.locator("[data-copied]").textContent()).toBe("✔ Copied");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    await screenshot(page, "board-link-created");
  });
});

describe("the meeting desk in the browser", () => {
  it("warns beside the votes when nobody can cast one: the demo's owners are made up, and no real lead exists yet", async () => {
    const { page } = await adminPage();
    await visit(page, `${server.url}/releases/perp-v2/meeting`);
    const warning = page.locator("[data-unvoiced]");
    await expect.poll(() => warning.getAttribute("data-unvoiced")).toContain("risk");
    expect(await warning.textContent()).toContain("Nobody can vote for");
    expect(await warning.getByRole("link", { name: "Invite a lead" }).getAttribute("href")).toBe("/admin/users");
    await screenshot(page, "meeting-desk-unvoiced");
  });
});

describe("people and access in the browser", () => {
  it("signs in; invites a lead who sets a password, reports on an owned item and is refused on another function's", async () => {
    session = await openPage(browser);
    const { page } = session;
    session.expectConsoleError(/status of 401/);
    await visit(page, `${server.url}/releases/perp-v2`);
    expect(page.url()).toMatch(/\/login\?redirectTo=/);
    await page.getByLabel("Email").fill("pmo@example.com");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toBe("Email or password is wrong.");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Perpetual Futures V2");

    await visit(page, `${server.url}/admin/users`);
    await page.getByLabel("Name", { exact: true }).fill("Rita Risk");
    await page.getByLabel("Email").fill("rita@example.com");
    await page.getByLabel("Role").selectOption("lead");
    await page.locator('input[name="functions"][value="risk"]').check();
    await page.getByRole("button", { name: "Invite" }).click();
    const link = page.locator("[data-secret]");
    await expect.poll(() => link.inputValue()).toMatch(/\/invite\/gli_/);
    // The form is ready for the next person: cleared, role back to its default.
    expect(await page.getByLabel("Name", { exact: true }).inputValue()).toBe("");
    expect(await page.getByLabel("Role").inputValue()).toBe("viewer");
    // The log comes with the page's revalidation, which may land just after the link: wait for it.
    await expect
      .poll(() => page.locator("[data-access-log] li").first().textContent())
      .toMatch(/user:pmo@example\.com.*user invited.*rita@example\.com as lead \(risk\)/);
    await screenshot(page, "admin-users");
    const inviteUrl = await link.inputValue();
    await session.close();

    // The lead, in their own browser.
    session = await openPage(browser);
    const lead = session.page;
    await visit(lead, inviteUrl);
    await expect.poll(() => lead.locator("h1").textContent()).toBe("Welcome, Rita Risk");
    await lead.getByLabel("Password", { exact: true }).fill("short");
    await lead.getByLabel("Repeat the password").fill("short");
    await lead.getByRole("button", { name: "Set password and sign in" }).click();
    await expect.poll(() => lead.getByRole("alert").first().textContent()).toContain("at least 12 characters");
    await lead.getByLabel("Password", { exact: true }).fill("rita's long secret 42");
    await lead.getByLabel("Repeat the password").fill("rita's long secret 42");
    await lead.getByRole("button", { name: "Set password and sign in" }).click();
    await expect.poll(() => lead.locator("[data-user]").getAttribute("data-user")).toBe("rita@example.com");

    await visit(lead, `${server.url}/releases/perp-v2/items/risk.slippage-coefficient`);
    await lead.getByLabel("Deployed value").fill("0.12");
    await lead.getByRole("button", { name: "Report evidence" }).click();
    await expect.poll(() => lead.locator('[data-item="risk.slippage-coefficient"]').getAttribute("data-status")).toBe("green");
    // Who reported it, by name (the actor label on hover).
    expect(await lead.locator("[data-evidence-seq]").first().textContent()).toContain("Rita Risk");
    expect(await lead.locator("[data-evidence-seq] td[title]").first().getAttribute("title")).toBe("user:rita@example.com");

    await visit(lead, `${server.url}/releases/perp-v2/items/gtm.campaign-calendar`);
    expect(await lead.locator("[data-read-only]").textContent()).toContain("owned by marketing");
    expect(await lead.getByRole("button", { name: "Report evidence" }).count()).toBe(0);
    await screenshot(session.page, "lead-read-only-item");
    // The server refuses even a hand-made post, with a readable message.
    session.expectConsoleError(/status of 403/);
    const refused = await lead.evaluate(async () => {
      const body = new URLSearchParams({ done: "yes", if_version: "0" });
      const res = await fetch(location.pathname, { method: "POST", body });
      return { status: res.status, text: await res.text() };
    });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain("You may not report evidence on this item: it is owned by marketing, and it is not assigned to you.");
  });
});

describe("the first run", () => {
  it("an empty database offers creating the first admin to whoever has the setup code from the server's log, signs them in, and then the setup page is gone", async () => {
    const empty = await startServer({ env: { GREENLIGHT_BOOTSTRAP_TOKEN: "" } });
    try {
      // The code is logged just after the address the server is ready at: on a busy machine, a moment later.
      const setupCode = () => empty.logs.map((line) => /"setup_code":"([A-Z0-9-]+)"/.exec(line)?.[1]).find(Boolean);
      await expect.poll(setupCode).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
      const code = setupCode()!;
      session = await openPage(browser);
      const { page } = session;
      await visit(page, `${empty.url}/`);
      expect(new URL(page.url()).pathname).toBe("/setup");
      expect(await page.locator("h1").textContent()).toBe("Create the first admin");
      // A visitor without the code gets nothing.
      const guess = await fetch(`${empty.url}/setup`, {
        method: "POST",
        headers: { origin: empty.url },
        body: new URLSearchParams({
          code: "AAAAA-AAAAA",
          name: "Mallory",
          email: "m@example.com",
          password: "correct horse battery staple",
          confirm: "correct horse battery staple",
        }),
      });
      expect(guess.status).toBe(403);
      await page.getByLabel("Setup code").fill(code.toLowerCase());
      await page.getByLabel("Your name").fill("Pat PMO");
      await page.getByLabel("Email").fill("pat@example.com");
      await page.getByLabel("Password", { exact: true }).fill("correct horse battery staple");
      await page.getByLabel("Repeat the password").fill("correct horse battery stapler");
      await page.getByRole("button", { name: "Create admin and sign in" }).click();
      await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("the passwords do not match");
      await page.getByLabel("Repeat the password").fill("correct horse battery staple");
      await page.getByRole("button", { name: "Create admin and sign in" }).click();
      await expect.poll(() => page.locator("[data-user]").getAttribute("data-user")).toBe("pat@example.com");
      expect(await page.locator("h1").textContent()).toBe("Releases");
      await visit(page, `${empty.url}/setup`);
      expect(new URL(page.url()).pathname).toBe("/");
    } finally {
      await empty.stop();
    }
  });

  it("with a bootstrap token configured there is no setup page at all, even on an empty database", async () => {
    // The shared server was started with GREENLIGHT_BOOTSTRAP_TOKEN; a fresh one on an empty file is the case of the red team's finding.
    const bootstrapped = await startServer();
    try {
      const res = await fetch(`${bootstrapped.url}/setup`, { redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/login");
      const post = await fetch(`${bootstrapped.url}/setup`, {
        method: "POST",
        headers: { origin: bootstrapped.url },
        redirect: "manual",
        body: new URLSearchParams({
          code: "AAAAA-AAAAA",
          name: "Mallory",
          email: "m@example.com",
          password: "correct horse battery staple",
          confirm: "correct horse battery staple",
        }),
      });
      expect(post.status).toBe(302);
      expect(bootstrapped.logs.some((line) => line.includes("setup_code"))).toBe(false);
      expect((await api(bootstrapped.url)("GET", "/users")).body.users).toEqual([]);
    } finally {
      await bootstrapped.stop();
    }
  });
});
