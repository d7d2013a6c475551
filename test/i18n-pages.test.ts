import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";

/**
 * Every page in 简体中文, in Chromium: a person whose language is zh-CN sees
 * the page's Chinese heading and none of its English UI words (data, such as
 * release names and item titles, stays as written). One `describe` per area.
 */
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A person who chose 简体中文, through the language switch as they would. */
async function chinesePerson(spec: Parameters<typeof addPerson>[1]): Promise<Person> {
  const person = await addPerson(server, spec);
  const res = await fetch(`${server.url}/language`, {
    method: "POST",
    body: new URLSearchParams({ locale: "zh-CN", to: "/" }),
    headers: { cookie: person.cookie, origin: server.url },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return person;
}

/** The page's visible text: it holds `heading` and none of `english`. */
async function expectChinese(page: Page, heading: string, english: string[]) {
  expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).toContain(heading);
  expect(english.filter((word) => text.includes(word))).toEqual([]);
  return text;
}

describe("readiness", () => {
  let pmo: Person;

  beforeAll(async () => {
    pmo = await chinesePerson({ email: "zhang.wei@example.com", name: "Zhang Wei", role: "admin" });
    // The sign-in reminder on the release list: an action of theirs due soon.
    const action = await api(server.url)("POST", "/actions", {
      title: "Confirm the insurance fund top-up",
      owner: pmo.email,
      priority: "P0",
      releases: ["perp-v2"],
    });
    expect(action.status).toBe(201);
  });

  async function zhPage(viewport?: { width: number; height: number }) {
    const session = await openPage(browser, viewport);
    await signInBrowser(session.context, server, pmo);
    return session;
  }

  it("the release list", async () => {
    const { page, errors, close } = await zhPage();
    await visit(page, `${server.url}/`);
    const text = await expectChinese(page, "只有当全部就绪检查项都为绿色时，发布闸门才会打开。", [
      "Releases",
      "New release",
      "GATE OPEN",
      "CLOSED",
      "blocking",
      "template ",
      "days to launch",
      "due by",
      "My actions",
    ]);
    expect(text).toContain("+ 新建发布");
    expect(text).toMatch(/项须在 \d{4}年\d{1,2}月\d{1,2}日 前完成/);
    expect(await page.title()).toBe("发布 · Greenlight");
    await screenshot(page, "i18n-zh-readiness-list");
    expect(errors).toEqual([]);
    await close();
  });

  it("the new-release form, with its messages", async () => {
    const { page, errors, close } = await zhPage();
    await visit(page, `${server.url}/releases/new`);
    await expectChinese(page, "新建发布", [
      "New release",
      "Checklist template",
      "Start date",
      "Launch date",
      "Working days",
      "Holidays",
      "Create release",
      "Mon",
      "Used in URLs",
    ]);
    await page.getByLabel("ID", { exact: true }).fill("Bad Id!");
    await page.getByLabel("ID", { exact: true }).blur();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("只能使用小写字母");
    await screenshot(page, "i18n-zh-readiness-new");
    expect(errors).toEqual([]);
    await close();
  });

  for (const [size, viewport] of [
    ["desktop", { width: 1440, height: 900 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    it(`the readiness checklist of perp-v2 (${size})`, async () => {
      const { page, errors, close } = await zhPage(viewport);
      await visit(page, `${server.url}/releases/perp-v2`);
      const text = await expectChinese(page, "阻塞闸门的项", [
        "Keeping the gate closed",
        "My items",
        "Red only",
        "Plan and critical path",
        "Go/No-Go board",
        "Audit trail",
        "Board links",
        "open action",
        "manage",
        "no owner yet",
        "no lead",
        "assigned to",
        "days to launch",
        " ago",
        "GATE",
        "template ",
      ]);
      for (const words of ["我的检查项", "只看红色", "计划与关键路径", "未关闭的行动项"]) expect(text).toContain(words);
      // Kind names in Chinese, status values still English in data-*.
      expect(text).toContain("通过率");
      expect(await page.locator("tr[data-status=red]").count()).toBeGreaterThan(0);
      if (size === "phone") {
        expect(await page.locator("td[data-label]").first().getAttribute("data-label")).toBe("负责职能");
        await page.getByRole("link", { name: "只看红色" }).click();
        await expect.poll(() => page.locator('[data-view="red"]').getAttribute("data-view-on")).toBe("true");
        expect(await page.locator("tr[data-status]:not([data-status=red])").count()).toBe(0);
      }
      expect(await page.title()).toBe("Perpetual Futures V2 · 就绪清单 · Greenlight");
      await screenshot(page, `i18n-zh-readiness-checklist${size === "phone" ? "-phone" : ""}`);
      expect(errors).toEqual([]);
      await close();
    });
  }

  it("an item page: the evidence form, its error in Chinese, and the history", async () => {
    const session = await zhPage();
    const { page, close } = session;
    const before = (await api(server.url)("GET", "/releases/perp-v2")).body.release.seq;
    await visit(page, `${server.url}/releases/perp-v2/items/cs.assessment-pass-rate`);
    await expectChinese(page, "上报证据", [
      "Report evidence",
      "Standard",
      "Latest evidence",
      "History",
      "Evidence link",
      "Note",
      "Assigned to",
      "nobody",
      "Assign",
      "Passed",
      "Total",
      " owner ",
    ]);
    // A bad value: more passed than in total. The schema's English message reads in Chinese.
    await page.getByLabel("通过数").fill("215");
    await page.getByLabel("总数").fill("214");
    await page.getByRole("button", { name: "上报证据" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toBe("通过数不能大于总数");
    await page.getByLabel("通过数").fill("");
    await page.getByRole("button", { name: "上报证据" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).not.toContain("required");
    await screenshot(page, "i18n-zh-readiness-item-error");
    expect((await api(server.url)("GET", "/releases/perp-v2")).body.release.seq).toBe(before);

    // A good report: the item turns green; the history in Chinese, with the date as Chinese readers write it.
    const reports = await page.locator("[data-evidence-seq]").count();
    await page.getByLabel("通过数").fill("214");
    await page.getByLabel("总数").fill("214");
    await page.getByRole("button", { name: "上报证据" }).click();
    await expect.poll(() => page.locator("[data-evidence-seq]").count()).toBe(reports + 1);
    await expect.poll(() => page.locator('[data-item="cs.assessment-pass-rate"]').getAttribute("data-status")).toBe("green");
    const text = await expectChinese(page, "历史", ["When", "Who", "Result", "No evidence reported yet"]);
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d UTC/);
    await screenshot(page, "i18n-zh-readiness-item");
    expect(session.errors).toEqual([]);
    await close();
  });
});
