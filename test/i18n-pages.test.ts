import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";

/**
 * Every page in 简体中文 for a signed-in person who chose it, in Chromium: the
 * Chinese heading is there, the page's English words are not (a string left
 * untranslated fails here), nothing logs an error. One `describe` per area.
 */
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer({ env: { GREENLIGHT_DEMO: "1" } });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A person whose language is Chinese, chosen as the switcher does. */
async function chinesePerson(email: string, role: "admin" | "lead" | "member" | "viewer", functions: string[] = []): Promise<Person> {
  const person = await addPerson(server, { email, role, functions });
  const res = await fetch(`${server.url}/language`, {
    method: "POST",
    body: new URLSearchParams({ locale: "zh-CN", to: "/" }),
    headers: { origin: server.url, cookie: person.cookie },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return person;
}

/** The page's visible text has the heading and none of the English words. */
async function expectChinese(page: Page, heading: string, english: string[]) {
  const text = await page.evaluate(() => document.body.innerText);
  expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
  expect(text).toContain(heading);
  for (const word of english) expect(text, `"${word}" is left in English`).not.toContain(word);
}

describe("actions", () => {
  let admin: Person;
  let actionId: number;
  let postmortemId: number;

  beforeAll(async () => {
    admin = await chinesePerson("zhou.admin@example.com", "admin");
    const call = api(server.url);
    const made = await call("POST", "/actions", {
      title: "Rehearse the funding-rate cap change",
      owner: admin.email,
      priority: "P1",
      releases: ["perp-v2"],
      function: "risk",
    });
    expect(made.status).toBe(201);
    actionId = made.body.action.id as number;
    const postmortems = (await call("GET", "/postmortems")).body.postmortems as { id: number }[];
    expect(postmortems.length).toBeGreaterThan(0);
    postmortemId = postmortems[0]!.id;
  });

  const pages = [
    {
      name: "my-actions",
      path: () => "/actions",
      heading: "我的行动项",
      english: [
        "My actions",
        "My open actions",
        "Include closed actions",
        "Waiting for my verification",
        "due ",
        "Submit for verification",
        "Won't do",
        "In progress",
      ],
    },
    {
      name: "action",
      path: () => `/actions/${actionId}`,
      heading: "提交验证",
      english: ["Priority", "Owner", "Function", "Due", "Releases", "Protects item", "Created", "Description", "Close as", "Save changes", "Evidence", " by "],
    },
    {
      name: "postmortems",
      path: () => "/postmortems",
      heading: "复盘",
      english: [
        "Post-mortems",
        "New post-mortem",
        "Severity",
        "Status",
        "Filter",
        "Any",
        "Incident",
        "Releases",
        "Owner",
        "Actions open",
        "In review",
        "Draft",
        "Published",
      ],
    },
    {
      name: "postmortem-new",
      path: () => "/postmortems/new",
      heading: "新建复盘",
      english: [
        "New post-mortem",
        "Title",
        "Incident time",
        "Severity",
        "Releases it concerns",
        "Incident reference",
        "Summary",
        "Causes",
        "Timeline",
        "One event",
        "Create the post-mortem",
      ],
    },
    {
      name: "postmortem",
      path: () => `/postmortems/${postmortemId}`,
      heading: "根因",
      english: [
        "Post-mortem #",
        "Owner",
        "Incident",
        "Summary",
        "Timeline",
        "Causes",
        "Add an action",
        "open of",
        "Edit the post-mortem",
        "due ",
        "Start",
        "Done",
      ],
    },
    {
      name: "release-actions",
      path: () => "/releases/perp-v2/actions",
      heading: "行动项",
      english: [
        "Actions",
        "Export CSV",
        "My actions",
        "Open, by function",
        "Burn-down",
        "Closed actions",
        "Function",
        "Overdue",
        " open",
        " closed",
        "today",
        "No actions",
      ],
    },
  ];

  for (const p of pages) {
    it(`renders ${p.name} in Chinese`, async () => {
      const tab = await openPage(browser, { width: 1440, height: 900 });
      try {
        await signInBrowser(tab.context, server, admin);
        const res = await visit(tab.page, `${server.url}${p.path()}`);
        expect(res?.status()).toBe(200);
        await expectChinese(tab.page, p.heading, p.english);
        await screenshot(tab.page, `i18n-zh-actions-${p.name}`);
        expect(tab.errors).toEqual([]);
      } finally {
        await tab.close();
      }
    }, 60_000);
  }

  it("says in Chinese what is missing when a post-mortem has no title", async () => {
    const tab = await openPage(browser, { width: 1440, height: 900 });
    try {
      await signInBrowser(tab.context, server, admin);
      await visit(tab.page, `${server.url}/postmortems/new`);
      await tab.page.click('main form[method="post"] button[type="submit"]');
      const field = tab.page.locator('input[name="title"]');
      await expect.poll(() => field.getAttribute("aria-invalid")).toBe("true");
      const text = await tab.page.evaluate(() => document.body.innerText);
      expect(text).toContain("请输入标题");
      expect(text).not.toContain("enter a title");
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 60_000);

  it("says in Chinese, from the server, that an action's title cannot be emptied", async () => {
    // Posted without script: the server's refusal, on the action's page.
    const res = await fetch(`${server.url}/actions/${actionId}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "update", title: "" }),
      headers: { origin: server.url, cookie: admin.cookie },
      redirect: "manual",
    });
    const html = await res.text();
    expect(res.status).toBe(422);
    // What the page shows (the hydration data keeps the schema's English message, translated as it renders).
    const refusal = /data-action-error="true">([^<]*(?:<!-- -->[^<]*)*)</.exec(html)?.[1]?.replaceAll("<!-- -->", "");
    expect(refusal).toBe("✖ 标题: 请输入标题");
  });
});
