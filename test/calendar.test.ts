import ical, { type VEvent } from "node-ical";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, readDatabase, startServer, TEST_TOKEN, type RunningServer } from "./support/server";
import type { Browser } from "playwright-core";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser, type Person } from "./support/people";

/**
 * The iCalendar feed (SPEC 13, ADR 023) against the real server, read back
 * with node-ical (an independent parser): the launch, a Go/No-Go meeting, a
 * drill's expiry and open actions' due dates, with stable UIDs and a
 * SEQUENCE that rises when an event changes; tokens as calendar apps send
 * them (`?token=`), refused when bad, revoked or for another release.
 */
let server: RunningServer;
let call: ReturnType<typeof api>;
let viewerToken: string;
let boardToken: string;
let otherBoardToken: string;
let browser: Browser;
let pmo: Person;

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const TODAY = day(0);
const LAUNCH = day(20);
const MEETING_AT = `${day(3)}T09:30:00.000Z`;

async function feed(release: string, token: string | null, headers: Record<string, string> = {}) {
  const query = token === null ? "" : `?token=${encodeURIComponent(token)}`;
  const res = await fetch(`${server.url}/api/v1/releases/${release}/calendar.ics${query}`, { headers });
  return { status: res.status, type: res.headers.get("content-type"), text: await res.text() };
}

async function events(release = "cal", token = viewerToken): Promise<Map<string, VEvent & { sequence?: number }>> {
  const res = await feed(release, token);
  expect(res.status, res.text).toBe(200);
  const parsed = ical.sync.parseICS(res.text);
  return new Map(
    Object.values(parsed)
      .filter((c): c is VEvent => c?.type === "VEVENT")
      .map((e) => [e.uid, e as VEvent & { sequence?: number }]),
  );
}

/** node-ical keeps `URL;VALUE=URI` as { params, val }. */
const urlOf = (url: unknown) => (typeof url === "string" ? url : (url as { val: string }).val);
const isoDay = (d: Date) => `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
/** node-ical gives an all-day date as local midnight; its calendar date is what the feed said. */
const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  call = api(server.url);
  for (const [id, name] of [
    ["cal", "Perp V2 calendar"],
    ["other", "Another launch"],
  ]) {
    const made = await call("POST", "/releases", { id, name, template: "perp-futures-v2", start_date: "2026-11-02", launch_date: LAUNCH });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  }
  pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
  await addPerson(server, { email: "omar@example.com", name: "Omar Haddad", role: "lead", functions: ["ops"] });
  const token = await call("POST", "/tokens", { name: "calendar", role: "viewer", functions: [] });
  expect(token.status, JSON.stringify(token.body)).toBe(201);
  viewerToken = token.body.token;
  const link = await call("POST", "/releases/cal/board-links", { name: "PMO calendar" });
  expect(link.status, JSON.stringify(link.body)).toBe(201);
  boardToken = link.body.token;
  otherBoardToken = (await call("POST", "/releases/other/board-links", { name: "Other TV" })).body.token;

  const meeting = await call("POST", "/releases/cal/meetings", { scheduled_at: MEETING_AT, total_minutes: 45 });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  const drill = await call("POST", "/releases/cal/drills", {
    item: "drills.circuit-breaker",
    kind: "circuit-breaker",
    performed_on: TODAY,
    result: "pass",
    detect_s: 2,
    mitigate_s: 80,
    participants: ["Omar Haddad"],
  });
  expect(drill.status, JSON.stringify(drill.body)).toBe(201);
  for (const [title, priority, due] of [
    ["Raise the insurance fund alert threshold", "P1", day(5)],
    ["Document the ADL ranking", "P2", day(9)],
  ]) {
    const made = await call("POST", "/actions", { title, owner: "omar@example.com", priority, due, releases: ["cal"] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  }
  // Linked to the other release only: never in this feed.
  await call("POST", "/actions", { title: "Other release only", owner: "omar@example.com", priority: "P1", due: day(4), releases: ["other"] });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the calendar feed", () => {
  it("is RFC 5545 text/calendar with a name, a refresh interval and the release's events, read back by an independent parser", async () => {
    const res = await feed("cal", viewerToken);
    expect(res.status).toBe(200);
    expect(res.type).toBe("text/calendar; charset=utf-8");
    expect(res.text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(res.text).toContain("X-WR-CALNAME:Greenlight: Perp V2 calendar");
    expect(res.text).toContain("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    expect(res.text).toContain("X-PUBLISHED-TTL:PT1H");
    // Lines are folded at 75 octets (RFC 5545 3.1).
    for (const line of res.text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const byUid = await events();
    const actions = (await call("GET", "/actions?release=cal")).body.actions as { id: number; title: string; due: string }[];
    const p1 = actions.find((a) => a.title.startsWith("Raise"))!;
    const p2 = actions.find((a) => a.title.startsWith("Document"))!;
    const meetingId = (await call("GET", "/releases/cal/meetings/current")).body.meeting.id as number;
    expect([...byUid.keys()].sort()).toEqual(
      [
        "launch.cal@greenlight",
        `meeting.${meetingId}@greenlight`,
        "drill-expiry.cal.drills.circuit-breaker@greenlight",
        `action.${p1.id}@greenlight`,
        `action.${p2.id}@greenlight`,
      ].sort(),
    );

    const launch = byUid.get("launch.cal@greenlight")!;
    expect(launch.summary).toBe("Launch: Perp V2 calendar");
    expect(launch.datetype).toBe("date");
    expect(localDay(launch.start)).toBe(LAUNCH);
    expect(urlOf(launch.url)).toBe(`${server.url}/releases/cal`);

    const meeting = byUid.get(`meeting.${meetingId}@greenlight`)!;
    expect(meeting.summary).toBe("Go/No-Go meeting: Perp V2 calendar");
    expect(meeting.datetype).toBe("date-time");
    expect(meeting.start.toISOString()).toBe(MEETING_AT);
    expect(meeting.end!.getTime() - meeting.start.getTime()).toBe(45 * 60_000);

    // The circuit-breaker drill is valid 30 days: it stops counting on day 31.
    const expiry = byUid.get("drill-expiry.cal.drills.circuit-breaker@greenlight")!;
    expect(expiry.summary).toBe("Drill expires: Circuit breaker — price-band halt and resume");
    expect(localDay(expiry.start)).toBe(day(31));
    expect(expiry.description).toContain(`valid until ${day(30)}`);

    const action = byUid.get(`action.${p1.id}@greenlight`)!;
    expect(action.summary).toBe("P1 due: Raise the insurance fund alert threshold (Omar Haddad)");
    expect(localDay(action.start)).toBe(day(5));
    expect(urlOf(action.url)).toBe(`${server.url}/actions/${p1.id}`);
    for (const e of byUid.values()) {
      expect(e.sequence).toBe(0);
      expect(e.dtstamp).toBeInstanceOf(Date);
      expect(e.lastmodified).toBeInstanceOf(Date);
      expect(isoDay(e.dtstamp!)).toBe(TODAY);
    }
  });

  it("keeps UIDs and SEQUENCE when nothing changed, and raises SEQUENCE for the event that did: an action's due date moved, a meeting rescheduled", async () => {
    const before = await events();
    expect([...(await events()).entries()].map(([uid, e]) => [uid, e.sequence])).toEqual([...before.entries()].map(([uid, e]) => [uid, e.sequence]));

    const actions = (await call("GET", "/actions?release=cal")).body.actions as { id: number; title: string }[];
    const p1 = actions.find((a) => a.title.startsWith("Raise"))!;
    const p2 = actions.find((a) => a.title.startsWith("Document"))!;
    const moved = await call("PATCH", `/actions/${p1.id}`, { due: day(7) });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const oldMeeting = [...before.keys()].find((uid) => uid.startsWith("meeting."))!;
    const again = await call("POST", "/releases/cal/meetings", { scheduled_at: `${day(4)}T14:00:00.000Z`, total_minutes: 30 });
    expect(again.status, JSON.stringify(again.body)).toBe(201);

    const after = await events();
    const action = after.get(`action.${p1.id}@greenlight`)!;
    expect(localDay(action.start)).toBe(day(7));
    expect(action.sequence).toBe(1);
    expect(after.get(`action.${p2.id}@greenlight`)!.sequence).toBe(0);
    expect(after.get("launch.cal@greenlight")!.sequence).toBe(0);
    // The replaced meeting keeps its UID, cancelled, with a higher sequence; the new one is its own event.
    const replaced = after.get(oldMeeting)!;
    expect(replaced.status).toBe("CANCELLED");
    expect(replaced.sequence).toBe(1);
    const newMeeting = after.get(`meeting.${again.body.meeting.id}@greenlight`)!;
    expect(newMeeting.start.toISOString()).toBe(`${day(4)}T14:00:00.000Z`);
    expect(newMeeting.sequence).toBe(0);

    // A closed action leaves the feed.
    const closed = await call("POST", `/actions/${p2.id}/close`, { status: "wont_do", reason: "covered by the runbook" });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect((await events()).has(`action.${p2.id}@greenlight`)).toBe(false);
    // The sequence memory is one row per UID served, never an event in the release's log.
    const rows = readDatabase(server.dbPath, (db) => db.prepare("select count(*) as n from calendar_entries where release_id = 'cal'").get() as { n: number });
    expect(rows.n).toBe(6);
  });

  it("reads with a board link of the release, and with the Authorization header", async () => {
    const viaLink = await events("cal", boardToken);
    expect(viaLink.has("launch.cal@greenlight")).toBe(true);
    const viaHeader = await feed("cal", null, { authorization: `Bearer ${TEST_TOKEN}` });
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.text).toContain("UID:launch.cal@greenlight");
  });

  it("refuses a missing, bad or revoked token (401), a board link of another release (403) and an unknown release (404), in the API's error shape", async () => {
    const missing = await feed("cal", null);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.text)).toMatchObject({ error: { code: "unauthorized" } });
    expect((await feed("cal", "glt_not-a-real-token")).status).toBe(401);
    const other = await feed("cal", otherBoardToken);
    expect(other.status).toBe(403);
    expect(JSON.parse(other.text)).toMatchObject({ error: { code: "forbidden" } });
    expect(other.text).not.toContain("BEGIN:VCALENDAR");
    expect((await feed("nope", viewerToken)).status).toBe(404);

    const links = (await call("GET", "/releases/cal/board-links")).body.board_links as { id: number; name: string }[];
    const link = links.find((l) => l.name === "PMO calendar")!;
    expect((await call("DELETE", `/releases/cal/board-links/${link.id}`)).status).toBe(204);
    expect((await feed("cal", boardToken)).status).toBe(401);
  });

  it("is subscribed to from the release page: an admin follows the link, creates a read-only link and gets its calendar address once", async () => {
    const session = await openPage(browser);
    const { page, context } = session;
    await signInBrowser(context, server, pmo);
    await visit(page, `${server.url}/releases/cal`);
    await page.locator("[data-calendar-link]").click();
    await page.waitForURL(/\/releases\/cal\/links#calendar$/);
    expect(await page.locator("[data-calendar-help]").textContent()).toContain("Subscribe to the calendar");
    await page.getByLabel("Screen name").fill("Pat's calendar");
    await page.getByRole("button", { name: "Create link" }).click();
    const address = page.locator('[data-secret-once="calendar"] [data-secret]');
    await expect.poll(() => address.count()).toBe(1);
    const url = await address.inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/api/v1/releases/cal/calendar\\.ics\\?token=glb_`));
    expect(await page.locator('[data-secret-once="calendar"] [data-open]').getAttribute("href")).toBe(url.replace(/^http:/, "webcal:"));
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const parsed = ical.sync.parseICS(await res.text());
    expect(Object.values(parsed).some((c) => c?.type === "VEVENT" && c.uid === "launch.cal@greenlight")).toBe(true);
    await screenshot(page, "calendar-subscribe");
    expect(session.errors).toEqual([]);
    await session.close();
  });

  it("speaks Chinese to an admin who chose 简体中文: the release page's link, the help and the calendar address box", async () => {
    const zh = await addPerson(server, { email: "wang@example.com", name: "Wang Fang", role: "admin" });
    const chose = await fetch(`${server.url}/language`, {
      method: "POST",
      body: new URLSearchParams({ locale: "zh-CN", to: "/" }),
      headers: { origin: server.url, cookie: zh.cookie },
      redirect: "manual",
    });
    expect(chose.status).toBe(302);
    const session = await openPage(browser, { width: 390, height: 844 });
    const { page, context } = session;
    await signInBrowser(context, server, zh);
    await visit(page, `${server.url}/releases/cal`);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    expect(await page.locator("[data-calendar-link]").textContent()).toBe("订阅日历");
    await visit(page, `${server.url}/releases/cal/links`);
    await page.getByLabel("屏幕名称").fill("王芳的日历");
    await page.getByRole("button", { name: "创建链接" }).click();
    await expect.poll(() => page.locator('[data-secret-once="calendar"] [data-secret]').count()).toBe(1);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain("日历订阅地址");
    expect(text).toContain("在日历应用中打开");
    for (const english of ["Subscribe to the calendar", "Calendar feed", "Open in my calendar application", "Add calendar from URL", "Copy"]) {
      expect(text).not.toContain(english);
    }
    // A phone: nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "calendar-subscribe-zh-phone", true);
    expect(session.errors).toEqual([]);
    await session.close();
  });
});
