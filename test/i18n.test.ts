import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, type Person } from "./support/people";
import { api, readDatabase, startServer, type RunningServer } from "./support/server";

/** SPEC 2's language choice: the person's, then the board link's, then the browser's; over real HTTP. */
let server: RunningServer;
let lead: Person;

beforeAll(async () => {
  server = await startServer({ env: { GREENLIGHT_DEMO: "1" } });
  lead = await addPerson(server, { email: "risk.lead@example.com", role: "lead", functions: ["risk"] });
});

afterAll(async () => {
  await server?.stop();
});

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers, redirect: "manual" });
  const html = await res.text();
  return { res, html, lang: /<html lang="([^"]+)"/.exec(html)?.[1] };
}

const choose = (locale: string, headers: Record<string, string>) =>
  fetch(`${server.url}/language`, {
    method: "POST",
    body: new URLSearchParams({ locale, to: "/releases/perp-v2" }),
    headers: { origin: server.url, ...headers },
    redirect: "manual",
  });

describe("the language of a page", () => {
  it("follows the browser's Accept-Language when no one chose", async () => {
    const zh = await page("/login", { "accept-language": "zh-CN,zh;q=0.9,en;q=0.8" });
    expect(zh.lang).toBe("zh-CN");
    expect(zh.html).toContain("简体中文");
    const en = await page("/login", { "accept-language": "en-GB,en;q=0.9" });
    expect(en.lang).toBe("en");
    // A language we do not speak, or none: English.
    expect((await page("/login", { "accept-language": "fr-FR" })).lang).toBe("en");
    expect((await page("/login")).lang).toBe("en");
  });

  it("is the signed-in person's choice, kept on their account whatever the browser says", async () => {
    const res = await choose("zh-CN", { cookie: lead.cookie });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/releases/perp-v2");
    const stored = readDatabase(server.dbPath, (db) => db.prepare("select locale from users where email = ?").get(lead.email)) as { locale: string };
    expect(stored.locale).toBe("zh-CN");
    const readiness = await page("/releases/perp-v2", { cookie: lead.cookie, "accept-language": "en" });
    expect(readiness.lang).toBe("zh-CN");
    expect(readiness.html).toContain("退出登录");
    expect(readiness.html).not.toContain(">Sign out<");
    await choose("en", { cookie: lead.cookie });
    expect((await page("/releases/perp-v2", { cookie: lead.cookie, "accept-language": "zh-CN" })).lang).toBe("en");
  });

  it("is kept in a cookie for someone not signed in", async () => {
    const res = await choose("zh-CN", {});
    const cookie = res.headers.get("set-cookie")!.split(";")[0]!;
    expect((await page("/login", { cookie, "accept-language": "en" })).lang).toBe("zh-CN");
  });

  it("refuses a language it does not speak and changes nothing", async () => {
    const res = await choose("fr", { cookie: lead.cookie });
    expect(res.status).toBe(400);
    expect(res.headers.get("set-cookie")).toBeNull();
    const stored = readDatabase(server.dbPath, (db) => db.prepare("select locale from users where email = ?").get(lead.email)) as { locale: string };
    expect(stored.locale).toBe("en");
  });

  it("only sends the switch back to a page of this site", async () => {
    const res = await fetch(`${server.url}/language`, {
      method: "POST",
      body: new URLSearchParams({ locale: "en", to: "//evil.example/x" }),
      headers: { origin: server.url },
      redirect: "manual",
    });
    expect(res.headers.get("location")).toBe("/");
  });

  it("on a board link is the link's, for a TV no one signs in on", async () => {
    const made = await api(server.url)("POST", "/releases/perp-v2/board-links", { name: "War room", locale: "zh-CN" });
    expect(made.status).toBe(201);
    const { token } = made.body as { token: string };
    expect((await page(`/b/${token}`, { "accept-language": "en-US" })).lang).toBe("zh-CN");
    const plain = (await api(server.url)("POST", "/releases/perp-v2/board-links", { name: "Lobby" })).body as { token: string };
    expect((await page(`/b/${plain.token}`, { "accept-language": "zh-CN" })).lang).toBe("zh-CN");
    expect((await page(`/b/${plain.token}`, { "accept-language": "en" })).lang).toBe("en");
    const bad = await api(server.url)("POST", "/releases/perp-v2/board-links", { name: "Bad", locale: "klingon" });
    expect(bad.status).toBe(422);
    const links = (await api(server.url)("GET", "/releases/perp-v2/board-links")).body as { board_links: { name: string; locale: string | null }[] };
    expect(links.board_links.map((l) => [l.name, l.locale])).toEqual([
      ["Lobby", null],
      ["War room", "zh-CN"],
    ]);
  });
});
