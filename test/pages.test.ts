import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, type Person } from "./support/people";
import { api, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

let server: RunningServer;
let admin: Person;

beforeAll(async () => {
  server = await startServer();
  admin = await addPerson(server, { email: "pmo@example.com", role: "admin" });
});

afterAll(async () => {
  await server?.stop();
});

const releaseForm = (id: string) =>
  new URLSearchParams({ id, name: "Form", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01", workdays: "1" });

/** A form post as the signed-in admin's browser would send it (plus the headers a test sets). */
async function postPage(path: string, body: BodyInit, headers: Record<string, string>) {
  return fetch(`${server.url}${path}`, { method: "POST", body, headers: { cookie: admin.cookie, ...headers }, redirect: "manual" });
}

describe("page form posts", () => {
  it("are accepted from the app's own origin", async () => {
    const res = await postPage("/releases/new", releaseForm("same-origin"), { origin: server.url, "sec-fetch-site": "same-origin" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/releases/same-origin");
    expect((await api(server.url)("GET", "/releases/same-origin")).status).toBe(200);
  });

  it("are refused from another site (CSRF), leaving nothing behind", async () => {
    const before = eventCount(server.dbPath);
    const byOrigin = await postPage("/releases/new", releaseForm("csrf-1"), { origin: "https://evil.example" });
    expect(byOrigin.status).toBe(403);
    const byFetchSite = await postPage("/releases/new", releaseForm("csrf-2"), { "sec-fetch-site": "cross-site" });
    expect(byFetchSite.status).toBe(403);
    const evidence = await postPage("/releases/same-origin/items/comms.announcement", new URLSearchParams({ done: "yes", if_version: "0" }), {
      origin: "https://evil.example",
    });
    expect(evidence.status).toBe(403);
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await api(server.url)("GET", "/releases/csrf-1")).status).toBe(404);
  });

  it("answer a body that is not a form with 400, and a body over 1 MB with 413", async () => {
    const before = eventCount(server.dbPath);
    const json = await postPage("/releases/new", JSON.stringify({ id: "x" }), { "content-type": "application/json" });
    expect(json.status).toBe(400);
    const huge = await postPage("/releases/new", `name=${"x".repeat(1024 * 1024)}`, { "content-type": "application/x-www-form-urlencoded" });
    expect(huge.status).toBe(413);
    expect(eventCount(server.dbPath)).toBe(before);
  });
});

describe("API edge cases", () => {
  it("answers a malformed path escape with 400 in the error shape, not 500", async () => {
    const res = await fetch(`${server.url}/api/v1/releases/%E0%A4%A`, { headers: { authorization: `Bearer ${TEST_TOKEN}` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: "bad_request", message: expect.any(String) } });
  });

  it("checks the token before reading the body", async () => {
    const res = await fetch(`${server.url}/api/v1/releases`, { method: "POST", body: "not json at all", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(401);
  });

  it("refuses a chunked body over 1 MB (no Content-Length) with 413", async () => {
    const chunk = new TextEncoder().encode(`{"done": true, "note": "${"x".repeat(64 * 1024)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 1.5 * 1024 * 1024) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const before = eventCount(server.dbPath);
    const res = await fetch(`${server.url}/api/v1/releases/same-origin/items/comms.announcement/evidence`, {
      method: "POST",
      body,
      duplex: "half",
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
    } as RequestInit);
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(eventCount(server.dbPath)).toBe(before);
  });
});

describe("the item page's two forms", () => {
  it("shows a refused assignment under the assign form, not the evidence form, and changes nothing", async () => {
    expect(
      (
        await api(server.url)("POST", "/releases", {
          id: "assign-err",
          name: "Assign",
          template: "new-coin-listing",
          start_date: "2026-11-02",
          launch_date: "2026-12-01",
        })
      ).status,
    ).toBe(201);
    const before = eventCount(server.dbPath);
    const res = await postPage("/releases/assign-err/items/comms.announcement", new URLSearchParams({ intent: "assign", assignee: "ghost@example.com" }), {
      origin: server.url,
    });
    expect(res.status).toBe(422);
    const html = await res.text();
    const assignError = /data-assign-error[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? "";
    expect(assignError).toContain("no user with email ghost@example.com");
    // The evidence form above it is not blamed: the page says it once (the rest is the hydration data's copy).
    const shown = html.replace(/<script[\s\S]*?<\/script>/g, "");
    expect(shown.split("no user with email").length - 1).toBe(1);
    expect(eventCount(server.dbPath)).toBe(before);
  });
});
