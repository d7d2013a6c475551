import { request } from "node:http";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordToMarkdown, type DecisionRecord } from "../app/shared/decision-record";
import { api, cli, cliInBackground, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/**
 * The red team's findings of issue 14, each against a real server: hostile
 * input gets a fast 4xx, and the server keeps answering everyone else.
 */
let server: RunningServer;
let admin: ReturnType<typeof api>;

beforeAll(async () => {
  server = await startServer();
  admin = api(server.url);
  await admin("POST", "/releases", {
    id: "sunthu",
    name: "Sun–Thu",
    template: "new-coin-listing",
    start_date: "2026-11-01",
    launch_date: "2026-12-31",
    calendar: { workdays: [7, 1, 2, 3, 4], holidays: [] },
  });
});

afterAll(async () => {
  await server?.stop();
});

/** `/healthz` answers within `ms` (the event loop was not held). */
async function healthy(ms = 1000) {
  const started = Date.now();
  const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(ms) });
  expect(res.status).toBe(200);
  return Date.now() - started;
}

describe("dates outside 2000–2200", () => {
  it("are refused at once: a viewer's schedule as of 9999-12-31 on a Sun–Thu calendar, a WBS constraint, a release, a due date", async () => {
    const viewer = api(server.url, (await admin("POST", "/tokens", { name: "far-viewer", role: "viewer" })).body.token);
    const started = Date.now();
    const far = await viewer("GET", "/releases/sunthu/schedule?as_of=9999-12-31");
    expect(far.status).toBe(422);
    expect(far.body.error.details).toEqual([{ path: "as_of", message: "dates run from 2000-01-01 to 2200-12-31" }]);
    expect(Date.now() - started).toBeLessThan(2000);
    const wbs = await admin("PUT", "/releases/sunthu/wbs", {
      tasks: [{ id: "a", name: "A", duration: 1, start_no_earlier_than: "9999-12-31" }],
      dependencies: [],
    });
    expect(wbs.status).toBe(422);
    expect(
      (await admin("POST", "/releases", { id: "y1999", name: "Y", template: "new-coin-listing", start_date: "1999-12-31", launch_date: "2026-12-31" })).status,
    ).toBe(422);
    expect((await admin("POST", "/releases/sunthu/meetings", { scheduled_at: "9999-12-31T23:00:00Z" })).status).toBe(422);
    await healthy();
  });
});

describe("deeply nested JSON", () => {
  it("from any token is a 400, not a 500", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    const res = await fetch(`${server.url}/api/v1/releases/sunthu/items/comms.announcement/evidence`, {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "application/json" },
      body: `{"done": ${deep}}`,
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe("too_deep");
    const nested = await admin("POST", "/actions/import", JSON.parse(`${'{"a":'.repeat(40)}1${"}".repeat(40)}`));
    expect(nested.status).toBe(400);
    await healthy();
  });
});

describe("page bodies", () => {
  it("an anonymous chunked form body is refused before it is read (411), and a declared one over 1 MB with 413", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.url}/login`);
      const req = request({
        host: url.hostname,
        port: url.port,
        path: "/login",
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: server.url },
      });
      req.on("response", (res) => {
        resolve(res.statusCode ?? 0);
        res.resume();
      });
      req.on("error", reject);
      // Chunked: no Content-Length. Two megabytes offered; the answer comes before they are sent.
      req.write(`email=${"a".repeat(64 * 1024)}`);
      const more = () => {
        for (let i = 0; i < 32; i++) if (!req.write("a".repeat(64 * 1024))) return;
        req.end();
      };
      more();
    });
    expect(status).toBe(411);
    const big = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: `email=${"a".repeat(1024 * 1024 + 10)}`,
    });
    expect(big.status).toBe(413);
    await healthy();
  });
});

describe("board:join in a loop", () => {
  it("is refused past ten a connection in ten seconds, and the server keeps answering", async () => {
    const link = await admin("POST", "/releases/sunthu/board-links", { name: "Looping TV" });
    const socket: Socket = io(server.url, { auth: { token: link.body.token }, transports: ["websocket"], reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const replies = await Promise.all(
        Array.from(
          { length: 200 },
          () => new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => socket.emit("board:join", { release: "sunthu", protocol: 2 }, resolve)),
        ),
      );
      expect(replies.filter((r) => r.ok)).toHaveLength(10);
      expect(replies.filter((r) => !r.ok).every((r) => r.error?.code === "rate_limited")).toBe(true);
      expect(await healthy()).toBeLessThan(1000);
    } finally {
      socket.disconnect();
    }
  });
});

describe("one server per database", () => {
  it("a second server on the same file refuses to start, naming the first; the first goes on", async () => {
    await expect(startServer({ dbPath: server.dbPath })).rejects.toThrow(/another Greenlight server \(pid \d+ on .*\) serves .*: one server per database/);
    await healthy();
    expect((await admin("GET", "/releases/sunthu")).status).toBe(200);
  });
});

describe("the CLI beside a loaded server", () => {
  it("revokes a token under 200 writes a second, and the token stops working at once", async () => {
    const created = await admin("POST", "/tokens", { name: "to-revoke", role: "viewer" });
    const victim = api(server.url, created.body.token);
    expect((await victim("GET", "/releases")).status).toBe(200);
    let writing = true;
    const load = (async () => {
      let n = 0;
      while (writing) {
        const batch = Array.from({ length: 10 }, () => admin("POST", "/releases/sunthu/items/due-diligence.lsp-score/evidence", { value: 50 + (n++ % 40) }));
        await Promise.all(batch);
        await new Promise((r) => setTimeout(r, 50));
      }
      return n;
    })();
    try {
      await new Promise((r) => setTimeout(r, 300));
      const revoked = await cliInBackground(["token", "revoke", String(created.body.id)], { DATABASE_URL: `file:${server.dbPath}` });
      expect(revoked.stderr).toBe("");
      expect(revoked.status).toBe(0);
      expect(revoked.stdout).toContain(`token ${created.body.id} revoked`);
    } finally {
      writing = false;
    }
    expect(await load).toBeGreaterThan(20);
    expect((await victim("GET", "/releases")).status).toBe(401);
  });

  it("prints a readable error, not a stack", () => {
    const res = cli(["decision", "verify", "12345"], { DATABASE_URL: `file:${server.dbPath}` });
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toBe("decision 12345 not found");
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("exports", () => {
  it("the Markdown decision record escapes the release name in its title", () => {
    const record = {
      release: { id: "x", name: "# <img src=x onerror=alert(1)> [click](javascript:alert(1))", launch_date: "2026-12-01" },
      decision: "no_go",
      summary: "s",
      actions: [],
      decided_by: "a",
      decided_at: "2026-11-30T00:00:00Z",
      seq: 1,
      gate: { open: false, blocking: 1 },
      items: [],
      required_functions: [],
      votes: [],
      attendees: { people: [], screens: [] },
      meeting: null,
      notes: [],
      schedule: null,
    } as unknown as DecisionRecord;
    const title = recordToMarkdown(record, { id: 1, hash: "h" }).split("\n")[0]!;
    expect(title).toBe("# NO-GO: \\# &lt;img src=x onerror=alert\\(1\\)\\> \\[click\\]\\(javascript:alert\\(1\\)\\)");
  });
});
