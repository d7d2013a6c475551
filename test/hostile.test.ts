import { request } from "node:http";
import { translator } from "../app/lib/i18n";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordToMarkdown, type DecisionRecord } from "../app/shared/decision-record";
import { addPerson } from "./support/people";
import { api, cli, cliInBackground, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

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

/**
 * `/healthz` asked again and again (10 ms apart) while `work` runs: the
 * slowest answer is the longest the server's event loop was held.
 */
async function watched<T>(work: () => Promise<T>): Promise<{ result: T; slowest: number; answers: number }> {
  let running = true;
  const times: number[] = [];
  const watch = (async () => {
    while (running) {
      const started = Date.now();
      const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      expect(res.status).toBe(200);
      times.push(Date.now() - started);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  try {
    const result = await work();
    running = false;
    // The answer in flight when the work ended counts too: it is the one a freeze holds up.
    await watch;
    return { result, slowest: Math.max(...times), answers: times.length };
  } finally {
    running = false;
  }
}

/**
 * 30,000 tasks, 29,999 dependencies, about 0.7 MB of CSV: a chain of 300
 * one-day tasks is the critical path; each other task hangs off one of the
 * chain's first 250 and has float.
 */
const SPINE = 300;
const BIG_PLAN = [
  "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status",
  ...Array.from({ length: SPINE }, (_, i) => `s${i},Spine ${i},,rd,1,${i ? `s${i - 1}` : ""},,,`),
  ...Array.from({ length: 30_000 - SPINE }, (_, i) => `f${i},F,,qa,1,s${i % 250},,,`),
].join("\n");

describe("a 30,000-task WBS import", () => {
  it("over the API is parsed and scheduled off the event loop: /healthz answers within 500 ms throughout, and the plan is written whole", async () => {
    await admin("POST", "/releases", { id: "big", name: "Big plan", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2027-12-31" });
    const before = eventCount(server.dbPath);
    const {
      result: put,
      slowest,
      answers,
    } = await watched(() =>
      fetch(`${server.url}/api/v1/releases/big/wbs`, {
        method: "PUT",
        headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "text/csv" },
        body: BIG_PLAN,
      }).then(async (res) => ({ status: res.status, body: await res.json() })),
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ tasks: 30_000, dependencies: 29_999 });
    // Before issue 14 the server answered nothing for 1–5 s while it parsed, scheduled and wrote.
    expect(slowest).toBeLessThan(500);
    expect(answers).toBeGreaterThan(5);
    expect(eventCount(server.dbPath)).toBe(before + 1);

    const { body } = await admin("GET", "/releases/big/schedule");
    expect(body.tasks).toHaveLength(30_000);
    expect(body.critical_path).toEqual(Array.from({ length: SPINE }, (_, i) => `s${i}`));
    // 300 working days from Monday 2 November 2026, the last one Friday 24 December 2027.
    expect(body.finish).toBe("2027-12-24");
  });

  it("through the import page, preview then apply, holds the event loop no longer", async () => {
    await admin("POST", "/releases", { id: "big-page", name: "Big plan", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2027-12-31" });
    const pmo = await addPerson(server, { email: "big-pmo@example.com", role: "admin" });
    const post = (intent: string) => {
      const form = new FormData();
      form.set("intent", intent);
      form.set("csv", BIG_PLAN);
      return fetch(`${server.url}/releases/big-page/plan/import`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: server.url, cookie: pmo.cookie },
        body: form,
      });
    };
    const preview = await watched(async () => {
      const res = await post("preview");
      return { status: res.status, text: await res.text() };
    });
    expect(preview.result.status).toBe(200);
    expect(/data-added="(\d+)"/.exec(preview.result.text)?.[1]).toBe("30000");
    expect(preview.slowest).toBeLessThan(500);
    const before = eventCount(server.dbPath);
    const apply = await watched(() => post("apply"));
    expect(apply.result.status).toBe(302);
    expect(apply.result.headers.get("location")).toBe("/releases/big-page/plan?imported=30000");
    expect(apply.slowest).toBeLessThan(500);
    expect(eventCount(server.dbPath)).toBe(before + 1);
  });

  it("still refuses a bad row with its line, and a body over 1 MB, writing nothing", async () => {
    const before = eventCount(server.dbPath);
    const put = (body: string) =>
      fetch(`${server.url}/api/v1/releases/big/wbs`, { method: "PUT", headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "text/csv" }, body });
    const bad = await put(BIG_PLAN.replace("\nf29699,F,,qa,1,", "\nf29699,F,,qa,x,"));
    expect(bad.status).toBe(422);
    expect((await bad.json()).error).toMatchObject({
      code: "invalid_csv",
      details: [{ line: 30_001, message: "duration: duration is a whole number of working days" }],
    });
    const tooBig = await put(`${BIG_PLAN}\n${"x".repeat(400_000)}`);
    expect(tooBig.status).toBe(413);
    expect(eventCount(server.dbPath)).toBe(before);
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
    const title = recordToMarkdown(record, { id: 1, hash: "h" }, translator("en")).split("\n")[0]!;
    expect(title).toBe("# NO-GO: \\# &lt;img src=x onerror=alert\\(1\\)\\> \\[click\\]\\(javascript:alert\\(1\\)\\)");
  });
});
