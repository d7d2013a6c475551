import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";
import { api, startServer, type RunningServer } from "./support/server";

/**
 * Every page in 简体中文, in Chromium: a signed-in admin who chose zh-CN opens
 * each page of the demo release; its Chinese heading is there and none of its
 * English UI words are (a string left out of the catalogue fails here), with
 * no console error (a server/browser mismatch would log one). Each area adds
 * its own `describe` at the end of the file.
 */
let server: RunningServer;
let browser: Browser;
let admin: Person;
const SCREEN = { width: 1440, height: 900 };

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
  admin = await chinesePerson({ email: "zh.admin@example.com", name: "Wang Fang", role: "admin" });
});

/** Choose 简体中文 through the header's switch, as a person (their session cookie) or a visitor (none) would; the answer sets the `lng` cookie. */
async function chooseChinese(on: RunningServer, cookie?: string): Promise<Response> {
  const res = await fetch(`${on.url}/language`, {
    method: "POST",
    body: new URLSearchParams({ locale: "zh-CN", to: "/" }),
    headers: { origin: on.url, ...(cookie ? { cookie } : {}) },
    redirect: "manual",
  });
  expect(res.status).toBe(302);
  return res;
}

/** A person who chose 简体中文, through the language switch as they would. */
async function chinesePerson(spec: Parameters<typeof addPerson>[1], on: RunningServer = server): Promise<Person> {
  const person = await addPerson(on, spec);
  await chooseChinese(on, person.cookie);
  return person;
}

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A 1440×900 page signed in as the Chinese-reading admin. */
async function zhPage() {
  const session = await openPage(browser, SCREEN);
  await signInBrowser(session.context, server, admin);
  return session;
}

/** English words as whole words, case-sensitive: data (task names, people) may hold other English. */
const englishIn = (text: string, words: string[]) =>
  words.filter((word) => new RegExp(`(^|[^A-Za-z])${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^A-Za-z]|$)`).test(text));

/** The page's visible text has its Chinese heading and none of the English words. */
async function expectChinese(page: Page, heading: string, english: string[]) {
  expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
  const text = await page.evaluate(() => document.body.innerText);
  expect(text).toContain(heading);
  expect(englishIn(text, english)).toEqual([]);
  return text;
}

describe("plan", () => {
  const base = "/releases/perp-v2/plan";
  /** On every plan page: the layout's heading, tabs and slack summary. */
  const layout = [
    "Plan and critical path",
    "Gantt",
    "Tasks",
    "Today",
    "Import CSV",
    "Export CSV",
    "Projected finish",
    "Planned finish",
    "working days",
    "holidays",
  ];

  it("the Gantt: heading, tabs, counts, legend, names column and month axis", async () => {
    const { page, errors, close } = await zhPage();
    await visit(page, `${server.url}${base}`);
    await page.waitForSelector("[data-gantt]");
    expect(await page.title()).toContain("计划");
    const text = await expectChinese(page, "计划与关键路径", [
      ...layout,
      "Task · owner",
      "dependencies",
      "open tasks on the critical path",
      "as projected today",
      "Critical path (projected)",
      "Has float",
      "Done",
      "Planned (baseline)",
      "Weekend",
      "Holiday",
      "Milestone",
      "crit",
      "late",
    ]);
    for (const words of ["甘特图", "今日任务", "导入 CSV", "预计完成", "计划完成", "关键路径（预计）", "任务 · 负责职能"]) expect(text).toContain(words);
    // The chart's own words: the month axis and the bars' and days' tooltips.
    const axis = await page.locator("[data-gantt] svg text").allTextContents();
    expect(axis.some((label) => /^\d{4}年\d{1,2}月$/.test(label))).toBe(true);
    expect(englishIn(axis.join(" "), ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])).toEqual([]);
    const tips = (await page.locator("[data-gantt] title").allTextContents()).join("\n");
    expect(tips).toMatch(/预计 \d{4}年/);
    expect(englishIn(tips, ["projected", "planned", "float", "weekend", "holiday"])).toEqual([]);
    expect(await page.locator("[data-gantt] svg[role=img]").getAttribute("aria-label")).toMatch(/^甘特图，共 \d+ 项任务$/);
    await screenshot(page, "i18n-zh-plan-gantt");
    expect(errors).toEqual([]);
    await close();
  });

  it("the tasks table: filters, columns, statuses, phone labels and the row's controls", async () => {
    const { page, errors, close } = await zhPage();
    await visit(page, `${server.url}${base}/tasks`);
    await page.waitForSelector("tr[data-task-row]");
    const text = await expectChinese(page, "计划与关键路径", [
      ...layout,
      "Function",
      "Person",
      "Show",
      "everyone",
      "all tasks",
      "Task",
      "Days",
      "Progress",
      "Status",
      "Planned",
      "Float",
      "Save",
      "todo",
      "in progress",
      "done",
      "blocked",
      "crit",
      "late",
    ]);
    for (const words of ["职能", "执行人", "工期(天)", "浮动", "保存", "进行中"]) expect(text).toContain(words);
    const labels = await page.locator("tr[data-task-row] td[data-label]").evaluateAll((cells) => [...new Set(cells.map((c) => c.getAttribute("data-label")))]);
    expect(labels).toEqual(["职能", "执行人", "工期(天)", "进度", "状态", "计划", "预计完成", "浮动"]);
    const aria = await page.locator("tr[data-task-row] [aria-label]").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("aria-label")).join("\n"));
    expect(aria).toContain("的工期（工作日）");
    expect(englishIn(aria, ["Function of", "Person on", "Duration of", "Progress of", "Status of"])).toEqual([]);
    await screenshot(page, "i18n-zh-plan-tasks");
    // A refused save says why in Chinese: the schema's English message, translated.
    const row = page.locator('tr[data-task-row="mm-integration-test"]');
    await row.locator('input[name="progress"]').evaluate((input: HTMLInputElement) => input.removeAttribute("max"));
    await row.locator('input[name="progress"]').fill("150");
    await row.locator('button[type="submit"]').click();
    await expect.poll(() => page.locator('td[role="alert"]').textContent()).toContain("不能大于 100");
    await page.locator('td[role="alert"]').evaluate((cell) => cell.scrollIntoView({ block: "center" }));
    await screenshot(page, "i18n-zh-plan-tasks-error");
    expect(errors).toEqual([]);
    await close();
  });

  it("the stand-up view: its sentence, cards, tags and people", async () => {
    const { page, errors, close } = await zhPage();
    await visit(page, `${server.url}${base}/today`);
    await page.waitForSelector("[data-today-task]");
    const text = await expectChinese(page, "站会", [
      ...layout,
      "Stand-up for",
      "tasks in hand today",
      "late",
      "today",
      "blocked",
      "critical",
      "some on the critical path",
      "due",
      "projected",
      "planned",
      "until",
      "Unassigned",
    ]);
    expect(text).toMatch(/今日 \d+ · 延误 \d+/);
    await screenshot(page, "i18n-zh-plan-today");
    expect(errors).toEqual([]);
    await close();
  });

  it("the WBS import: the form, then the problems by line, then the preview", async () => {
    const session = await zhPage();
    const { page, close } = session;
    session.expectConsoleError(/status of 422/);
    await visit(page, `${server.url}${base}/import`);
    const english = [
      "Import a WBS from CSV",
      "Replaces the whole plan",
      "Nothing is written",
      "Columns",
      "optionally",
      "CSV file",
      "or paste it",
      "Preview changes",
    ];
    await expectChinese(page, "从 CSV 导入工作分解结构(WBS)", [...layout, ...english]);
    await screenshot(page, "i18n-zh-plan-import");

    // Problems: the parser's messages by line, in Chinese.
    const header = "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status";
    await page.fill('textarea[name="csv"]', [header, "a,Alpha,,rd,five,,,,", "b,Beta,,rd,2,ghost,,,"].join("\n"));
    await page.click(`button:has-text("预览变更")`);
    await page.waitForSelector("[data-import-problems]");
    expect(await page.locator("[data-import-problems] li").allTextContents()).toEqual([
      "第 2 行：duration 列：工期须为整数个工作日",
      "第 3 行：前置任务 “ghost” 不在此文件中",
    ]);
    await expectChinese(page, "未导入任何内容：2 个问题", [
      ...english,
      "Nothing was imported",
      "problems",
      "Line",
      "is not a task in this file",
      "whole number",
    ]);
    await screenshot(page, "i18n-zh-plan-import-problems");

    // Preview: the demo's own plan with one task longer and one more.
    const csv = await (await fetch(`${server.url}${base}.csv`, { headers: { cookie: admin.cookie } })).text();
    const lines = csv
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split(/\r?\n/);
    const edited = lines.map((line) =>
      line.startsWith("mm-integration-test,") ? line.replace(/,mm,(\d+),/, (_, d: string) => `,mm,${Number(d) + 2},`) : line,
    );
    expect(edited).not.toEqual(lines);
    const columns = lines[0]!.split(",");
    const extra = columns.map((c) => ({ id: "zh-check", name: "新增检查", owner: "qa", duration: "1" })[c] ?? "").join(",");
    await page.fill('textarea[name="csv"]', [...edited, extra].join("\n"));
    await page.click(`button:has-text("预览变更")`);
    await page.waitForSelector("[data-import-preview]");
    expect(await page.locator("[data-added]").getAttribute("data-added")).toBe("1");
    expect(await page.locator("[data-changed]").getAttribute("data-changed")).toBe("1");
    const text = await expectChinese(page, "预览：85 项任务", [
      ...english,
      "Preview:",
      "added",
      "removed",
      "changed",
      "unchanged",
      "dependencies",
      "projected finish",
      "Apply",
      "replace the plan",
    ]);
    expect(text).toContain("应用：用这 85 项任务替换计划");
    expect(text).toContain("工期 ");
    expect(text).toContain("新增检查（1 天，qa）");
    await screenshot(page, "i18n-zh-plan-import-preview");
    expect(session.errors).toEqual([]);
    await close();
  });

  it("arrive whole: no NUL byte where a Chinese character crosses the renderer's buffer boundary", async () => {
    for (const path of [base, `${base}/tasks`, `${base}/today`, `${base}/import`]) {
      const res = await fetch(`${server.url}${path}`, { headers: { cookie: admin.cookie } });
      const html = Buffer.from(await res.arrayBuffer());
      expect(res.status).toBe(200);
      expect(html.length).toBeGreaterThan(20_000);
      expect({ path, nul: html.indexOf(0) }).toEqual({ path, nul: -1 });
    }
  });

  it("a release without a plan, and the actions' burn-down chart", async () => {
    const made = await api(server.url)("POST", "/releases", {
      id: "zh-empty",
      name: "Empty plan",
      template: "new-coin-listing",
      start_date: "2026-11-02",
      launch_date: "2026-12-01",
    });
    expect(made.status).toBe(201);
    const { page, errors, close } = await zhPage();
    await visit(page, `${server.url}/releases/zh-empty/plan`);
    await page.waitForSelector("[data-empty-plan]");
    await expectChinese(page, "此发布还没有计划。", [...layout, "This release has no plan yet", "Import a WBS from CSV", "or PUT one to"]);
    expect(await page.locator("[data-empty-plan] a").textContent()).toBe("从 CSV 导入工作分解结构(WBS)");
    await screenshot(page, "i18n-zh-plan-empty");

    await visit(page, `${server.url}/releases/perp-v2/actions`);
    const chart = page.locator("svg[data-burndown]");
    const words = (await chart.locator("text").allTextContents()).join("\n");
    expect(words).toContain("未关闭行动项");
    expect(words).toMatch(/今天 \d{1,2}月\d{1,2}日/);
    expect(englishIn(words, ["open actions", "open", "today", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])).toEqual([]);
    expect(await chart.locator("title").first().textContent()).toMatch(/^perp-v2 每日未关闭行动项，\d{4}年/);
    await chart.screenshot({ path: "test-results/i18n-zh-plan-burndown.png" });
    expect(errors).toEqual([]);
    await close();
  });
});

/** The English words of a page still in its visible text (whole words, case kept). */
async function englishLeft(page: Page, words: string[]): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  return words.filter((word) => new RegExp(`(^|\\W)${word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(\\W|$)`).test(text));
}

describe("admin", () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: Person;
  /** `lng=zh-CN`, as the sign-in page's switch leaves it for someone not signed in. */
  let lngCookie: { name: string; value: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer({ env: { GREENLIGHT_DEMO: "1" } }), launchBrowser()]);
    admin = await chinesePerson({ email: "pmo.zh@example.com", name: "Wang PMO", role: "admin" }, server);
    const cookie = await chooseChinese(server);
    const [name, value] = cookie.headers.get("set-cookie")!.split(";")[0]!.split("=") as [string, string];
    lngCookie = { name, value };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A browser page: signed in as the Chinese-reading admin, or (`visitor`) not signed in with the `lng=zh-CN` cookie. */
  async function chinesePage(url: string, who: "admin" | "visitor" = "admin") {
    const session = await openPage(browser);
    if (who === "admin") await signInBrowser(session.context, server, admin);
    else await session.context.addCookies([{ ...lngCookie, url }]);
    await visit(session.page, url);
    expect(await session.page.getAttribute("html", "lang")).toBe("zh-CN");
    return session;
  }

  async function done(session: Awaited<ReturnType<typeof openPage>>, name: string) {
    await screenshot(session.page, `i18n-zh-admin-${name}`);
    const errors = session.errors;
    await session.close();
    expect(errors, `unexpected console errors: ${errors.join(" | ")}`).toEqual([]);
  }

  it("sign-in, in Chinese from the cookie; a wrong password is refused in Chinese", async () => {
    const session = await chinesePage(`${server.url}/login`, "visitor");
    const { page } = session;
    session.expectConsoleError(/status of 401/);
    expect(await page.locator("h1").textContent()).toBe("登录");
    expect(await page.title()).toBe("登录 · Greenlight");
    expect(await englishLeft(page, ["Sign in", "Email", "Password", "Release readiness"])).toEqual([]);
    await page.getByLabel("邮箱").fill(admin.email);
    await page.getByLabel("密码").fill("not the password at all");
    await page.getByRole("button", { name: "登录" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toBe("邮箱或密码错误。");
    await done(session, "login");
  });

  it("the first admin's setup, in Chinese from Accept-Language; a mismatch said in Chinese", async () => {
    const empty = await startServer({ env: { GREENLIGHT_BOOTSTRAP_TOKEN: "" } });
    try {
      const html = await (await fetch(`${empty.url}/setup`, { headers: { "accept-language": "zh-CN,zh;q=0.9" } })).text();
      expect(html).toContain('<html lang="zh-CN"');
      expect(html).toContain("创建首个管理员");
      const session = await openPage(browser);
      const { page } = session;
      await session.context.addCookies([{ ...lngCookie, url: empty.url }]);
      await visit(page, `${empty.url}/setup`);
      expect(await page.locator("h1").textContent()).toBe("创建首个管理员");
      expect(
        await englishLeft(page, [
          "Create the first admin",
          "Nobody has an account",
          "Setup code",
          "Your name",
          "Email",
          "Password",
          "Repeat the password",
          "At least 12 characters",
          "Create admin and sign in",
        ]),
      ).toEqual([]);
      // Empty: the browser's check, in Chinese.
      await page.getByRole("button", { name: "创建管理员并登录" }).click();
      await expect.poll(() => page.locator(`[id$="-code-error"]`).textContent()).toBe("请输入服务器日志中的初始化码");
      expect(await page.locator(`[id$="-name-error"]`).textContent()).toBe("请输入你的姓名");
      await page.getByLabel("初始化码").fill("AAAAA-AAAAA");
      await page.getByLabel("你的姓名").fill("王 PMO");
      await page.getByLabel("邮箱").fill("wang@example.com");
      await page.getByLabel("密码", { exact: true }).fill("correct horse battery staple");
      await page.getByLabel("再次输入密码").fill("correct horse battery stapler");
      await page.getByRole("button", { name: "创建管理员并登录" }).click();
      await expect.poll(() => page.locator(`[id$="-confirm-error"]`).textContent()).toBe("两次输入的密码不一致");
      // A wrong code: the server's refusal, in Chinese.
      session.expectConsoleError(/status of 403/);
      await page.getByLabel("再次输入密码").fill("correct horse battery staple");
      await page.getByRole("button", { name: "创建管理员并登录" }).click();
      await expect.poll(() => page.locator(`[id$="-code-error"]`).textContent()).toBe("初始化码不正确：服务器启动时已将其打印在日志中");
      await done(session, "setup");
    } finally {
      await empty.stop();
    }
  });

  it("an invitation's set-password page, and its invalid link, in Chinese", async () => {
    const invited = await api(server.url)("POST", "/users", { name: "李娜", email: "li.na@example.com", role: "member", functions: [] });
    expect(invited.status).toBe(201);
    const session = await chinesePage(invited.body.invite_url, "visitor");
    const { page } = session;
    expect(await page.locator("h1").textContent()).toBe("欢迎，李娜");
    expect(await page.locator("main").textContent()).toContain("为 li.na@example.com 设置密码。此链接仅可使用一次。");
    expect(
      await englishLeft(page, ["Welcome", "Choose a password", "This link works once", "Password", "Repeat the password", "Set password and sign in"]),
    ).toEqual([]);
    await page.getByLabel("密码", { exact: true }).fill("short");
    await page.getByLabel("再次输入密码").fill("short");
    await page.getByRole("button", { name: "设置密码并登录" }).click();
    await expect.poll(() => page.getByRole("alert").first().textContent()).toBe("至少 12 个字符");
    await done(session, "invite");

    const gone = await fetch(`${server.url}/invite/gli_not-a-real-token`, { headers: { cookie: `${lngCookie.name}=${lngCookie.value}` } });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain("此链接无效、已使用或已过期。请联系管理员获取新链接。");
  });

  it("users: the list, the invite form, and its errors (the form's and the server's) in Chinese", async () => {
    const session = await chinesePage(`${server.url}/admin/users`);
    const { page } = session;
    expect(await page.locator("h1").textContent()).toBe("用户");
    const english = [
      "Users",
      "Invite people",
      "Person",
      "Role",
      "State",
      "active",
      "invited",
      "New link",
      "Disable",
      "Invite someone",
      "Name",
      "Email",
      "Invite",
    ];
    expect(await englishLeft(page, [...english, "Functions (for a lead)", "Recent changes to people and tokens", "user invited", "reads only"])).toEqual([]);
    expect(await page.locator('[data-user-row="li.na@example.com"]').textContent()).toContain("○ 已邀请");
    expect(await page.locator("[data-access-log]").textContent()).toContain("邀请用户");
    // Empty: the browser's check speaks Chinese.
    await page.getByRole("button", { name: "邀请", exact: true }).click();
    await expect.poll(() => page.locator(`[id$="-name-error"]`).textContent()).toBe("请输入名称");
    expect(await page.locator(`[id$="-email-error"]`).textContent()).toBe("请输入邮箱地址");
    // Someone already there: the server's refusal, in Chinese.
    session.expectConsoleError(/status of 409/);
    await page.getByLabel("姓名").fill("Li Na again");
    await page.getByLabel("邮箱").fill("li.na@example.com");
    await page.getByRole("button", { name: "邀请", exact: true }).click();
    await expect.poll(() => page.locator(`[id$="-email-error"]`).textContent()).toBe("邮箱为 li.na@example.com 的用户已存在");
    await done(session, "users");
  });

  it("API tokens: created and revoked in Chinese, the secret shown once", async () => {
    const session = await chinesePage(`${server.url}/admin/tokens`);
    const { page } = session;
    expect(await page.locator("h1").textContent()).toBe("API 令牌");
    await page.getByLabel("名称").fill("grafana-latency");
    await page.getByRole("button", { name: "创建令牌" }).click();
    await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("令牌「grafana-latency」");
    expect(await page.locator('[role="status"]').textContent()).toContain("请立即复制：它不会再次显示。");
    const row = page.locator('[data-token-row="grafana-latency"]');
    expect(await row.textContent()).toContain("从未");
    expect(
      await englishLeft(page, [
        "API tokens",
        "For monitoring",
        "Stored hashed",
        "Token",
        "Role",
        "Last used",
        "created",
        "never",
        "Revoke",
        "New token",
        "Name",
        "Create token",
        "Copy it now",
        "Copy",
      ]),
    ).toEqual([]);
    await row.getByRole("button", { name: "撤销" }).click();
    await expect.poll(() => row.textContent()).toContain("✖ 已撤销");
    await done(session, "tokens");
  });

  it("webhooks: subscribed in Chinese, the secret shown once, the list and the empty delivery log", async () => {
    const session = await chinesePage(`${server.url}/admin/webhooks`);
    const { page } = session;
    expect(await page.locator("h1").textContent()).toBe("Webhook");
    await page.getByLabel("URL").fill("https://93.184.215.14:9/greenlight");
    await page.getByLabel("事件").fill("decision.recorded");
    await page.getByRole("button", { name: "创建 Webhook" }).click();
    await expect.poll(() => page.locator('[role="status"]').textContent()).toContain("的签名密钥");
    expect(await page.locator('[role="status"]').textContent()).toContain("请立即复制：它不会再次显示。");
    const row = page.locator("[data-webhook-row]").first();
    expect(await row.textContent()).toContain("● 启用");
    expect(await row.textContent()).toContain("尚无投递");
    await row.getByRole("link", { name: "投递日志" }).click();
    await page.waitForSelector("[data-delivery-log]");
    expect(await page.locator("[data-delivery-log]").textContent()).toContain("尚无投递：订阅的事件发生时会出现在这里。");
    const english = [
      "Webhooks",
      "Target",
      "Events",
      "State",
      "Last delivery",
      "Active",
      "No delivery yet",
      "Delivery log",
      "New webhook",
      "Release",
      "Every release",
    ];
    expect(await englishLeft(page, [...english, "Format", "Create webhook", "Queued", "Response", "Attempts", "Next attempt", "Redeliver", "Copy"])).toEqual(
      [],
    );
    await row.getByRole("button", { name: "撤销" }).click();
    await expect.poll(() => row.textContent()).toContain("✖ 已撤销");
    await done(session, "webhooks");
  });

  it("board links: a link made for 简体中文 shows its board in Chinese, whatever the TV's browser says", async () => {
    const session = await chinesePage(`${server.url}/releases/perp-v2/links`);
    const { page } = session;
    expect(await page.locator("h1").textContent()).toBe("看板链接");
    expect(await page.locator("select[name=locale] option").allTextContents()).toEqual(["跟随电视浏览器", "English", "简体中文"]);
    await page.getByLabel("屏幕名称").fill("作战室电视");
    await page.locator("select[name=locale]").selectOption("zh-CN");
    await page.getByRole("button", { name: "创建链接" }).click();
    const secret = page.locator('[data-secret-once="board-link"] [data-secret]');
    await expect.poll(() => secret.count()).toBe(1);
    const url = await secret.inputValue();
    const row = page.locator('[data-link-row="作战室电视"]');
    await expect.poll(() => row.locator("[data-link-locale]").getAttribute("data-link-locale")).toBe("zh-CN");
    expect(await row.textContent()).toContain("简体中文");
    // The form is ready for the next screen: the language back to the TV's own.
    expect(await page.locator("select[name=locale]").evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent)).toBe("跟随电视浏览器");
    expect(
      await englishLeft(page, [
        "Board links",
        "Read-only links",
        "Screen",
        "Language",
        "Last used",
        "created",
        "never",
        "Revoke",
        "New board link",
        "Screen name",
        "Create link",
        "Copy it now",
        "Copy",
        "Open",
      ]),
    ).toEqual([]);
    await done(session, "links");

    // The TV: nobody signed in, an English browser.
    const tv = await openPage(browser);
    await tv.context.setExtraHTTPHeaders({ "accept-language": "en-US,en;q=0.9" });
    await visit(tv.page, url);
    expect(await tv.page.getAttribute("html", "lang")).toBe("zh-CN");
    await expect.poll(() => tv.page.evaluate(() => document.body.innerText)).toContain("闸门");
    const errors = tv.errors;
    await tv.close();
    expect(errors).toEqual([]);
  });

  it("the audit trail: filters, headings, chain status and retention in Chinese; a bad retention refused in Chinese", async () => {
    const session = await chinesePage(`${server.url}/releases/perp-v2/audit`);
    const { page } = session;
    expect(await page.locator("h1").textContent()).toBe("审计日志");
    expect(await page.locator("[data-chain]").textContent()).toMatch(/^✔ 哈希链已验证至 seq \d+/);
    expect(await page.locator("[data-retention]").textContent()).toContain("保留每一条读数。");
    expect(await page.locator("[data-csv-link]").textContent()).toBe("下载 CSV");
    expect(await page.title()).toBe("Perpetual Futures V2 · 审计日志 · Greenlight");
    const english = ["Audit trail", "Every change to", "Download CSV", "Hash chain", "Retention", "Every reading is kept", "Save", "Filter", "Clear"];
    expect(
      await englishLeft(page, [...english, "Who", "anyone", "any type", "any item", "From (UTC)", "To (UTC)", "Seq", "Time (UTC)", "Change", "Older events"]),
    ).toEqual([]);
    // Past the browser's own check, as a hand-made request would be: the server's rule, in Chinese.
    await page.locator("[data-retention] form").evaluate((form: HTMLFormElement) => (form.noValidate = true));
    await page.getByLabel("重复读数压缩期限（天）").fill("0");
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator("#compact_after_days-error").textContent()).toBe("至少 1 天");
    await done(session, "audit");
  });
});

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
    await visit(page, `${server.url}/releases/perp-v2/items/gtm.announcement-locales`);
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
    await expect.poll(() => page.locator('[data-item="gtm.announcement-locales"]').getAttribute("data-status")).toBe("green");
    const text = await expectChinese(page, "历史", ["When", "Who", "Result", "No evidence reported yet"]);
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d UTC/);
    await screenshot(page, "i18n-zh-readiness-item");
    expect(session.errors).toEqual([]);
    await close();
  });
});

/** The API as the bootstrap admin token, for the meeting's setup. */
let call: ReturnType<typeof api>;
beforeAll(() => {
  call = api(server.url);
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

describe("actions", () => {
  let admin: Person;
  let actionId: number;
  let postmortemId: number;

  beforeAll(async () => {
    admin = await chinesePerson({ email: "zhou.admin@example.com", role: "admin" });
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

describe("roster", () => {
  beforeAll(async () => {
    const people = [
      { email: "wang.fang@example.com", name: "王芳", team: "CS Shanghai", language: "zh-CN" },
      { email: "maria.santos@example.com", name: "Maria Santos", team: "CS Lisbon" },
    ];
    expect((await api(server.url)("PUT", "/releases/perp-v2/roster", { people })).status).toBe(200);
  });

  it("renders the training roster in Chinese: summary, filters, people and the keeper's forms", async () => {
    const tab = await zhPage();
    try {
      const res = await visit(tab.page, `${server.url}/releases/perp-v2/roster`);
      expect(res?.status()).toBe(200);
      const text = await expectChinese(tab.page, "培训名册", [
        "Training roster",
        "People",
        "Not passed",
        "Expiring before launch",
        "Not acknowledged",
        "Team",
        "All teams",
        "Name",
        "Language",
        "Change",
        "Edit",
        "Remove",
        "Keep the roster",
        "Replace the roster",
        "Import LMS results",
        "Add a person",
        "CSV file",
        "or paste its text",
        "Add to the roster",
        "must hold a pass",
      ]);
      // "Email" stays English only as the column Moodle writes (“Email address”); the form's label is Chinese.
      expect(englishIn(text.replaceAll("“Email address”", ""), ["Email"])).toEqual([]);
      expect(text).toContain("“Email address”");
      expect(text).toContain("王芳");
      expect(text).toContain("维护名册");
      await screenshot(tab.page, "i18n-zh-roster");
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("names the roster in the release's links and the SOPs in the header", async () => {
    const tab = await zhPage();
    try {
      await visit(tab.page, `${server.url}/releases/perp-v2`);
      expect(await tab.page.textContent('a[href="/releases/perp-v2/roster"]')).toBe("培训名册");
      expect(await tab.page.textContent('header a[href="/sops"]')).toBe("SOP");
    } finally {
      await tab.close();
    }
  });
});

describe("sops", () => {
  let approver: string;

  beforeAll(async () => {
    const call = api(server.url);
    approver = (await call("POST", "/tokens", { name: "zh-sop-approver", role: "admin" })).body.token as string;
    expect((await call("POST", "/sops", { key: "zh-desk", title: "贵宾回电规范", owner: "cs", review_days: 90 })).status).toBe(201);
    expect((await call("POST", "/sops/zh-desk/revisions", { summary: "首次发布", body: "# 回电\n\n- 一小时内回电" })).status).toBe(201);
    expect((await api(server.url, approver)("POST", "/sops/zh-desk/revisions/1/approve")).status).toBe(200);
    expect((await call("POST", "/sops/zh-desk/revisions", { summary: "补偿上限", link: "https://wiki.example.com/sop/zh-desk" })).status).toBe(201);
    expect(
      (
        await call("POST", "/releases", {
          id: "zh-roster",
          name: "客服名单",
          template: "new-coin-listing",
          start_date: "2026-11-02",
          launch_date: "2027-01-15",
        })
      ).status,
    ).toBe(201);
    const people = [
      { email: "wang.fang@example.com", name: "王芳", team: "一组" },
      { email: "li.li@example.com", name: "李丽", team: "二组" },
    ];
    expect((await call("PUT", "/releases/zh-roster/roster", { people })).status).toBe(200);
    expect((await call("POST", "/sops/zh-desk/acknowledgements", { emails: ["li.li@example.com"] })).status).toBe(200);
  });

  const pages = [
    {
      name: "list",
      path: "/sops",
      heading: "SOP 登记册",
      english: [
        "SOPs",
        "Owner",
        "Current version",
        "Draft",
        "Last reviewed",
        "Review due",
        "Acknowledged",
        "Register an SOP",
        "waiting for approval",
        "people",
        "Key",
        "Review every",
      ],
    },
    {
      name: "sop",
      path: "/sops/zh-desk",
      heading: "现行版本：v1",
      english: [
        "Current revision",
        "What changed",
        "Open the SOP",
        "Waiting for approval",
        "Approve",
        "Revisions",
        "Version",
        "Author",
        "Written",
        "Approved",
        "Who acknowledged",
        "Recorded by",
        "Acknowledgements by release",
        "No release follows",
        "Acknowledge",
        "Select all",
        "Show its people",
        "Record the periodic review",
        "Note",
        "I have read",
        "days",
      ],
    },
  ];

  for (const p of pages) {
    it(`renders the SOP ${p.name} page in Chinese`, async () => {
      const tab = await zhPage();
      try {
        const res = await visit(tab.page, `${server.url}${p.path}`);
        expect(res?.status()).toBe(200);
        await expectChinese(tab.page, p.heading, p.english);
        await screenshot(tab.page, `i18n-zh-sops-${p.name}`, true);
        expect(tab.errors).toEqual([]);
      } finally {
        await tab.close();
      }
    }, 60_000);
  }

  it("says in Chinese why a second draft is refused, and why a registration's key is taken", async () => {
    const post = async (path: string, body: Record<string, string>) => {
      const res = await fetch(`${server.url}${path}`, {
        method: "POST",
        body: new URLSearchParams(body),
        headers: { origin: server.url, cookie: admin.cookie },
        redirect: "manual",
      });
      return { status: res.status, html: await res.text() };
    };
    const again = await post("/sops/zh-desk", { intent: "revise", summary: "再一版", body: "正文" });
    expect(again.status).toBe(409);
    expect(again.html).toContain("SOP“zh-desk”的 v2 正在等待批准：请先批准它，再起草新版本。");
    const taken = await post("/sops", { key: "zh-desk", title: "重复", owner: "cs", review_days: "90" });
    expect(taken.status).toBe(409);
    expect(taken.html).toContain("键名为“zh-desk”的 SOP 已存在");
  });
});

describe("risk parameters", () => {
  it("renders the risk parameters page in Chinese: side by side, the drift and its age, the waiting proposal, the form, the history", async () => {
    const tab = await zhPage();
    try {
      await visit(tab.page, `${server.url}/releases/perp-v2`);
      expect(await tab.page.textContent('a[href="/releases/perp-v2/params"]')).toBe("风险参数");
      const res = await visit(tab.page, `${server.url}/releases/perp-v2/params`);
      expect(res?.status()).toBe(200);
      const text = await expectChinese(tab.page, "风险参数", [
        "Risk parameters",
        "Approved",
        "Proposed",
        "Deployed",
        "State",
        "Drift",
        "drifting for",
        "Matches",
        "Awaiting approval",
        "Approve",
        "Reject",
        "Withdraw",
        "Propose new values",
        "Propose",
        "Rationale",
        "Sign-off history",
        "from the checklist template",
        "unchanged",
        "per sign-off",
        "approvals",
        "reported",
      ]);
      for (const words of ["批准值 · 提议值 · 部署值", "已偏离", "待批准", "已获 1/2 批准", "提议新取值", "签批记录"]) expect(text).toContain(words);
      await screenshot(tab.page, "i18n-zh-params", true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 60_000);

  it("says in Chinese why a step beyond max_step is refused, beside its field", async () => {
    const res = await fetch(`${server.url}/releases/perp-v2/params`, {
      method: "POST",
      body: new URLSearchParams({ intent: "propose", "value:risk.max-leverage-tier-1": "60", rationale: "减半" }),
      headers: { origin: server.url, cookie: admin.cookie },
      redirect: "manual",
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("125 x → 60 x 变动 65，超过最大步长 25");
    expect(html).toContain("未记录任何内容：请更正下方标出的取值");
  });
});

describe("market-maker certification", () => {
  it("renders the certification matrix in Chinese and names it in the release's links", async () => {
    const tab = await zhPage();
    try {
      const res = await visit(tab.page, `${server.url}/releases/perp-v2/certification`);
      expect(res?.status()).toBe(200);
      const text = await expectChinese(tab.page, "做市商认证", [
        "Market-maker certification",
        "Market maker",
        "Version",
        "passed",
        "failed",
        "pending",
        "not reported",
        "evidence",
        "tests",
        "certified",
        "stages passed",
        "waiting",
      ]);
      expect(text).toContain("3 个做市商中 1 个已通过认证");
      expect(text).toContain("版本 3.2.0：4/10 个阶段已通过");
      await screenshot(tab.page, "i18n-zh-certification", true);
      expect(tab.errors).toEqual([]);
      await visit(tab.page, `${server.url}/releases/perp-v2`);
      expect(await tab.page.textContent('a[href="/releases/perp-v2/certification"]')).toBe("做市商认证");
    } finally {
      await tab.close();
    }
  });
});

describe("drills", () => {
  it("renders the drills page in Chinese: the demo's drills, their timings, validity and findings, the form and the log", async () => {
    const tab = await zhPage();
    try {
      const res = await visit(tab.page, `${server.url}/releases/perp-v2/drills`);
      expect(res?.status()).toBe(200);
      const text = await expectChinese(tab.page, "历次演练", [
        "Drills",
        "Last drill",
        "Detected in",
        "Mitigated in",
        "target",
        "over target",
        "Valid until",
        "expires",
        "before launch",
        "Participants",
        "Findings",
        "Record a drill",
        "Record the drill",
        "Performed on",
        "Time to detect",
        "Time to mitigate",
        "Owner",
        "Priority",
        "Past drills",
        "Passed",
        "Failed",
        "Too slow",
        // Kinds are words of ours (item titles are the template's data, in English).
        "Rollback",
        "no evidence reported yet",
        "Green when",
      ]);
      // The demo's stories: the failover drill lapses before launch, emergency cancellation was too slow, its findings are actions.
      expect(text).toContain("天过期");
      expect(text).toContain("超出目标 11 秒");
      expect(text).toContain("Cancel-all on shard 3 takes 41 s");
      expect(await tab.page.textContent('[data-drill-item="stability.failover"] [data-reason]')).toMatch(/将在上线日 .* 之前过期/);
      await screenshot(tab.page, "i18n-zh-drills", true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});

describe("API reference", () => {
  it("the page's chrome in Chinese; the operations' texts stay the document's English", async () => {
    const tab = await zhPage();
    try {
      await visit(tab.page, `${server.url}/docs/api`);
      expect(await tab.page.title()).toContain("API 参考");
      const evidence = tab.page.locator('[data-operation="POST /releases/{release}/items/{item}/evidence"]');
      await evidence.locator("summary").click();
      const text = await expectChinese(tab.page, "API 参考", [
        "API reference",
        "Download openapi.json",
        "Bearer token",
        "No token needed",
        "Parameters",
        "Request body",
        "Responses",
        "Example",
        "operations",
      ]);
      for (const words of ["下载 openapi.json", "无需令牌", "参数", "请求体", "响应", "示例", "个接口"]) expect(text).toContain(words);
      // Within the opened operation, the fields' words are ours too (its texts are the document's, in English).
      const opened = await evidence.innerText();
      expect(opened).toContain("必填");
      expect(englishIn(opened, ["required", "optional", "path"])).toEqual([]);
      expect(opened).toContain("Report evidence for an item");
      await screenshot(tab.page, "i18n-zh-api-docs");
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});

describe("the launch calendar", () => {
  it("renders the campaigns page in Chinese: the demo's trading competition at risk with its reasons, the forms", async () => {
    const tab = await zhPage();
    try {
      const res = await visit(tab.page, `${server.url}/releases/perp-v2/calendar`);
      expect(res?.status()).toBe(200);
      const text = await expectChinese(tab.page, "上线活动日历", [
        "Launch calendar",
        "Week of",
        "Launch day",
        "Trading competition",
        "Fee promotion",
        "At risk",
        "On track",
        "Requires",
        "projected finish",
        "Add a campaign",
        "Launch date",
        "Move the launch",
        "Edit",
        "which is",
      ]);
      expect(text).toContain("有风险");
      expect(text).toMatch(/依赖的检查项 mm\.mm-kestrel 为/);
      expect(await tab.page.getAttribute('[data-campaign="perp-v2-trading-competition"] [data-at-risk]', "data-at-risk")).toBe("true");
      await screenshot(tab.page, "i18n-zh-calendar", true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
    }
  });
});
