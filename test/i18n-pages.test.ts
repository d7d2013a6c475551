import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";

/**
 * Every translated page rendered in Chinese in Chromium, for a signed-in
 * person who chose 简体中文: the Chinese heading is there, none of the page's
 * English UI words are (a string left untranslated fails), no console error.
 * One `describe` per area.
 */
let server: RunningServer;
let browser: Browser;
let admin: Person;
let call: ReturnType<typeof api>;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
  call = api(server.url);
  admin = await addPerson(server, { email: "zhou.pmo@example.com", name: "Zhou PMO", role: "admin" });
  const chosen = await fetch(`${server.url}/language`, {
    method: "POST",
    body: new URLSearchParams({ locale: "zh-CN", to: "/" }),
    headers: { origin: server.url, cookie: admin.cookie },
    redirect: "manual",
  });
  expect(chosen.status).toBe(302);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Open a page as the Chinese-reading admin at 1440×900; the caller checks it and closes it. */
async function inChinese(path: string) {
  const opened = await openPage(browser, { width: 1440, height: 900 });
  await signInBrowser(opened.context, server, admin);
  await visit(opened.page, `${server.url}${path}`);
  expect(await opened.page.getAttribute("html", "lang")).toBe("zh-CN");
  return opened;
}

const visibleText = (page: Page) => page.evaluate(() => document.body.innerText);

/** The English UI words of a page must all be gone in Chinese. */
function expectNoEnglish(text: string, words: string[]) {
  expect(words.filter((word) => text.includes(word))).toEqual([]);
}

describe("meeting", () => {
  let decisionId: number;

  beforeAll(async () => {
    const { meeting } = (await call("POST", "/releases/perp-v2/meetings", { scheduled_at: "2026-12-01T09:00:00Z", required_functions: ["rd", "qa", "risk"] }))
      .body as { meeting: { id: number } };
    expect((await call("POST", `/meetings/${meeting.id}/start`)).status).toBe(200);
    const rd = api(server.url, (await call("POST", "/tokens", { name: "rd-lead", role: "lead", functions: ["rd"] })).body.token as string);
    expect((await rd("POST", "/releases/perp-v2/votes", { function: "rd", vote: "no_go", comment: "Canary p99 still high" })).status).toBe(201);
    const decided = await call("POST", "/releases/perp-v2/decisions", {
      decision: "no_go",
      summary: "Hold until the canary latency is fixed",
      actions: [{ title: "Re-run the canary", owner: "rd", due: "2026-12-05" }],
    });
    expect(decided.status).toBe(201);
    decisionId = decided.body.id as number;
    // After the decision, a new vote for the next one: the desk shows a cast vote.
    expect((await rd("POST", "/releases/perp-v2/votes", { function: "rd", vote: "go", comment: "Fixed" })).status).toBe(201);
  });

  it("the meeting desk is in Chinese: schedule, agenda, notes, votes, the decision form", async () => {
    const { page, errors, close } = await inChinese("/releases/perp-v2/meeting");
    expect(await page.locator("[data-meeting]").getAttribute("data-meeting", { timeout: 5000 })).toBe("live");
    const text = await visibleText(page);
    expect(await page.locator("h1").textContent()).toBe("放行决策会议");
    for (const words of ["记录决定", "投票", "主持人：", "必须投票", "保存备注", "接手主持", "结束会议", "未关闭的后续行动项", "决策记录", "摘要"]) {
      expect(text).toContain(words);
    }
    expect(await page.locator('textarea[name="summary"]').getAttribute("placeholder")).toBe("决定了什么，依据哪些证据");
    expectNoEnglish(text, [
      "Go/No-Go",
      "Meeting",
      "Votes",
      "Record the decision",
      "Summary",
      "Follow-up actions",
      "Presenting",
      "now on",
      "min in",
      "must vote",
      "scheduled by",
      "Take over presenting",
      "End the meeting",
      "Notes on",
      "Save notes",
      "A vote goes stale",
      "Nobody can vote",
      "Change vote",
      "No vote",
      "fresh Go votes",
      "Gate open",
      "Gate closed",
      "Mark done",
      "all actions",
      "None yet",
      "Decisions",
      "Launch ",
      "phase",
      "due ",
    ]);
    await screenshot(page, "i18n-zh-meeting-desk");
    expect(errors).toEqual([]);
    await close();
  });

  it("a refused decision says why in Chinese", async () => {
    const { page, errors, close, expectConsoleError } = await inChinese("/releases/perp-v2/meeting");
    expectConsoleError(/status of 409/);
    await page.check('input[name="decision"][value="go"]');
    await page.fill('textarea[name="summary"]', "放行");
    await page.click('button[type="submit"]:has-text("记录决定")');
    // The page's language says why: the gate's blockers (their titles are data) and the missing votes.
    const refused = page.locator("[data-decision-refused]");
    await refused.waitFor();
    const why = (await refused.textContent()) ?? "";
    expect(why).toContain("闸门关闭");
    expect(why).toContain("缺少 qa, risk 的 GO 票");
    expect(why).not.toMatch(/the gate is closed|no Go vote/i);
    expect(errors).toEqual([]);
    await close();
  });

  it("the decisions list and a decision record are in Chinese, and the Markdown download too", async () => {
    const list = await inChinese("/releases/perp-v2/decisions");
    expect(await list.page.locator("h1").textContent()).toBe("决策记录");
    const listed = await visibleText(list.page);
    expect(listed).toContain("NO-GO（不放行）");
    expectNoEnglish(listed, ["Decisions", " by ", "No decision"]);
    await screenshot(list.page, "i18n-zh-meeting-decisions");
    expect(list.errors).toEqual([]);
    await list.close();

    const record = await inChinese(`/decisions/${decisionId}`);
    const text = await visibleText(record.page);
    for (const words of [`放行决策记录 #${decisionId}`, "✖ NO-GO（不放行）", "哈希校验通过", "导出为 Markdown", "投票", "参会者", "后续行动项", "检查项（"]) {
      expect(text).toContain(words);
    }
    expectNoEnglish(text, [
      "decision record",
      "Release perp-v2",
      " · launch ",
      "decided ",
      "Gate at decision",
      "state at event",
      "sha256 of the canonical record",
      "verified against",
      "Export as Markdown",
      "Print / save as PDF",
      "Start a post-mortem",
      "Votes",
      "Function",
      "Comment",
      "Reported by",
      "Evidence",
      "Follow-up actions",
      "Items (",
      "Attendees",
      "People:",
      "Screens:",
      "presented by",
      "Notes",
      "All decisions",
      "✖ No-Go",
      "(stale)",
      ", due ",
    ]);
    expect(await record.page.locator("td[data-label]").first().getAttribute("data-label")).toMatch(/[\u4e00-\u9fff]/);
    await screenshot(record.page, "i18n-zh-meeting-record");
    await screenshot(record.page, "i18n-zh-meeting-record-full", true);
    expect(record.errors).toEqual([]);
    await record.close();

    const markdown = await fetch(`${server.url}/decisions/${decisionId}.md`, { headers: { cookie: admin.cookie } });
    expect(markdown.status).toBe(200);
    const md = await markdown.text();
    expect(md).toContain("## 投票");
    expect(md).toContain("## 参会者");
    expect(md).not.toContain("## Votes");

    const missing = await fetch(`${server.url}/decisions/99999`, { headers: { cookie: admin.cookie } });
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("没有这条决策记录。");
  });
});
