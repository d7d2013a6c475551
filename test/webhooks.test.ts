import { createHmac } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./support/db";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser } from "./support/people";
import { api, readDatabase, startServer, type RunningServer } from "./support/server";

/**
 * Webhooks out (SPEC 13, ADR 025) against the real server and a real HTTP
 * receiver on 127.0.0.1 (so GREENLIGHT_WEBHOOK_ALLOW_PRIVATE=1): signed
 * deliveries, retries that survive a restart, the SSRF guard, a slow receiver
 * that never slows a write, and the Slack format.
 */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  at: number;
  answeredAt?: number;
}

/** A receiver whose answer per path the test decides. */
function receiver() {
  const received: Received[] = [];
  const behaviour = new Map<string, (r: Received) => Promise<number>>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: Received = { path: req.url ?? "", headers: req.headers, raw: Buffer.concat(chunks), at: Date.now() };
      received.push(r);
      const answer = behaviour.get(r.path) ?? (async () => 200);
      void answer(r).then((code) => {
        r.answeredAt = Date.now();
        if (!res.destroyed) res.writeHead(code, { "content-type": "text/plain" }).end(code === 200 ? "ok" : "nope");
      });
    });
  });
  return {
    received,
    behaviour,
    of: (path: string) => received.filter((r) => r.path === path),
    listen: () => new Promise<string>((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until<T>(what: string, get: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A one-item template: the gate opens when its one check is done, and closes when it is not. */
function checklists(): string {
  const dir = tempDir("greenlight-hooks-checklists-");
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "hook-gate.yaml"),
    [
      "template: hook-gate",
      "name: Webhook gate (test)",
      "description: One check item.",
      "functions: [qa]",
      "sections:",
      "  - key: qa",
      "    name: QA",
      "    owner: qa",
      "    items:",
      "      - key: smoke",
      "        title: Smoke test passed",
      "        kind: check",
      "",
    ].join("\n"),
  );
  return dir;
}

const ENV = { GREENLIGHT_WEBHOOK_ALLOW_PRIVATE: "1", GREENLIGHT_WEBHOOK_RETRY_BASE_MS: "300" };
const sign = (secret: string, raw: Buffer) => `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`;

let server: RunningServer;
let admin: ReturnType<typeof api>;
let hooks: ReturnType<typeof receiver>;
let target: string;
let dir: string;

const report = (release: string, done: boolean) => admin("POST", `/releases/${release}/items/qa.smoke/evidence`, { done });
const makeRelease = async (id: string) => {
  const made = await admin("POST", "/releases", { id, name: id, template: "hook-gate", start_date: "2026-11-02", launch_date: "2026-12-20" });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
};

beforeAll(async () => {
  dir = checklists();
  hooks = receiver();
  target = await hooks.listen();
  server = await startServer({ env: { ...ENV, GREENLIGHT_CHECKLISTS: dir } });
  admin = api(server.url);
});

afterAll(async () => {
  await server?.stop();
  await hooks?.close();
});

describe("webhooks out", () => {
  it("signs each delivery with the subscription's secret (HMAC-SHA256 of the exact body), shown once and never read back", async () => {
    await makeRelease("sig");
    const made = await admin("POST", "/webhooks", { url: `${target}/sig`, events: ["evidence.reported"], release: "sig" });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const secret = made.body.secret as string;
    expect(secret).toMatch(/^glwh_/);
    expect(made.body.webhook).toMatchObject({ url: `${target}/sig`, events: ["evidence.reported"], release: "sig", format: "json", state: "active" });
    const listed = await admin("GET", "/webhooks");
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);

    expect((await report("sig", true)).status).toBe(200);
    const [got] = await until("the signed delivery", () => hooks.of("/sig").length > 0 && hooks.of("/sig"));
    expect(got!.headers["content-type"]).toBe("application/json");
    expect(got!.headers["user-agent"]).toBe("Greenlight-Webhook/1");
    expect(got!.headers["x-greenlight-event"]).toBe("evidence.reported");
    expect(got!.headers["x-greenlight-signature"]).toBe(sign(secret, got!.raw));
    expect(got!.headers["x-greenlight-signature"]).not.toBe(sign("another secret", got!.raw));
    const body = JSON.parse(got!.raw.toString("utf8"));
    // The event as the API's events endpoint shows it (without the board delta).
    const [logged] = (await admin("GET", `/releases/sig/events?after=${body.seq - 1}&limit=1`)).body.events;
    const { board: _board, ...shown } = logged;
    expect(body).toEqual({ release: "sig", ...shown });
    expect(body).toMatchObject({ release: "sig", type: "evidence.reported", data: { item: "qa.smoke", to: { status: "green" } } });

    const log = await until("the delivery logged as delivered", async () => {
      const res = await admin("GET", `/webhooks/${made.body.webhook.id}/deliveries`);
      return res.body.deliveries[0]?.status === "delivered" && res.body.deliveries;
    });
    expect(log[0]).toMatchObject({
      id: got!.headers["x-greenlight-delivery"],
      status: "delivered",
      attempts: 1,
      last_status_code: 200,
      event_type: "evidence.reported",
    });
    expect(server.logs.join("\n")).not.toContain(secret);
  });

  it("retries a failing receiver with backoff, and after a restart on the same database delivers once more, once", async () => {
    await makeRelease("flaky");
    let failing = true;
    hooks.behaviour.set("/flaky", async () => (failing ? 500 : 200));
    const made = await admin("POST", "/webhooks", { url: `${target}/flaky`, events: ["*"], release: "flaky" });
    expect(made.status).toBe(201);
    expect((await report("flaky", true)).status).toBe(200);
    await until("three failed attempts", () => hooks.of("/flaky").length >= 3, 20_000);
    await server.stop();
    const failures = hooks.of("/flaky").length;
    expect(failures).toBeGreaterThanOrEqual(3);
    const ids = new Set(hooks.of("/flaky").map((r) => r.headers["x-greenlight-delivery"]));
    expect(ids.size).toBe(1);
    const queued = readDatabase(server.dbPath, (db) =>
      db.prepare("select status, attempts, last_status_code from webhook_deliveries where webhook_id = ?").all(made.body.webhook.id),
    );
    expect(queued).toEqual([{ status: "pending", attempts: expect.any(Number), last_status_code: 500 }]);

    failing = false;
    server = await startServer({ dbPath: server.dbPath, env: { ...ENV, GREENLIGHT_CHECKLISTS: dir } });
    admin = api(server.url);
    const log = await until(
      "delivered after the restart",
      async () => {
        const res = await admin("GET", `/webhooks/${made.body.webhook.id}/deliveries`);
        return res.body.deliveries[0]?.status === "delivered" && res.body.deliveries;
      },
      20_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    const after = hooks.of("/flaky").slice(failures);
    expect(after.length).toBe(1);
    expect(after[0]!.answeredAt).toBeDefined();
    expect(after[0]!.headers["x-greenlight-delivery"]).toBe([...ids][0]);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ status: "delivered", last_status_code: 200, id: [...ids][0] });
    expect(log[0].attempts).toBeGreaterThanOrEqual(4);
  });

  it("a slow receiver does not slow an evidence write: the write returns while the receiver still holds the delivery", async () => {
    await makeRelease("slow");
    // Without a subscriber.
    let t = Date.now();
    expect((await report("slow", true)).status).toBe(200);
    const alone = Date.now() - t;
    // The receiver holds every delivery for 5 s.
    hooks.behaviour.set("/slow", () => new Promise<number>((resolve) => setTimeout(() => resolve(200), 5_000)));
    const made = await admin("POST", "/webhooks", { url: `${target}/slow`, events: ["evidence.reported"], release: "slow" });
    expect(made.status).toBe(201);
    expect((await report("slow", false)).status).toBe(200);
    const [holding] = await until("the receiver holding a delivery", () => hooks.of("/slow").length > 0 && hooks.of("/slow"));
    // While it holds it: another write, timed.
    t = Date.now();
    expect((await report("slow", true)).status).toBe(200);
    const withSlow = Date.now() - t;
    expect(holding!.answeredAt).toBeUndefined();
    expect(withSlow).toBeLessThan(1000);
    expect(alone).toBeLessThan(1000);
    await until("the slow receiver answering", () => holding!.answeredAt !== undefined, 10_000);
  });

  it("posts Slack messages: the gate opening and closing, with the item that turned red", async () => {
    await makeRelease("chat");
    const made = await admin("POST", "/webhooks", { url: `${target}/slack`, events: ["evidence.reported"], release: "chat", format: "slack" });
    expect(made.status).toBe(201);
    expect((await report("chat", true)).status).toBe(200);
    const [opened] = await until("the gate-opened message", () => hooks.of("/slack").length >= 1 && hooks.of("/slack")).catch((e: Error) => {
      throw new Error(`${e.message}\n${server.logs.slice(-30).join("\n")}`);
    });
    const open = JSON.parse(opened!.raw.toString("utf8"));
    expect(open.text).toContain("Gate opened on chat");
    expect(open.blocks.map((b: { type: string }) => b.type)).toEqual(["section", "context"]);
    expect((await report("chat", false)).status).toBe(200);
    const closed = await until("the gate-closed message", () => hooks.of("/slack").length >= 2 && hooks.of("/slack")[1]);
    const body = JSON.parse(closed.raw.toString("utf8"));
    expect(body.text).toMatch(/Gate closed on chat \(1 item blocking\)\. qa\.smoke turned red: not done/);
    expect(body.blocks[0].text.type).toBe("mrkdwn");
    expect(body.blocks[1].elements[0].text).toContain("Release *chat*");
  });

  it("revoking stops pending deliveries; redelivering a delivered one sends it again with the same id", async () => {
    await makeRelease("rev");
    hooks.behaviour.set("/down", async () => 503);
    const down = await admin("POST", "/webhooks", { url: `${target}/down`, events: ["evidence.reported"], release: "rev" });
    const ok = await admin("POST", "/webhooks", { url: `${target}/up`, events: ["evidence.reported"], release: "rev" });
    expect((await report("rev", true)).status).toBe(200);
    await until("a failed attempt", () => hooks.of("/down").length > 0);
    expect((await admin("DELETE", `/webhooks/${down.body.webhook.id}`)).status).toBe(204);
    const stopped = (await admin("GET", `/webhooks/${down.body.webhook.id}/deliveries`)).body.deliveries;
    expect(stopped[0]).toMatchObject({ status: "failed", last_error: "webhook revoked" });
    const listed = (await admin("GET", "/webhooks")).body.webhooks.find((w: { id: number }) => w.id === down.body.webhook.id);
    expect(listed.state).toBe("revoked");

    const delivered = await until("the other delivered", async () => {
      const res = await admin("GET", `/webhooks/${ok.body.webhook.id}/deliveries`);
      return res.body.deliveries[0]?.status === "delivered" && res.body.deliveries[0];
    });
    const again = await admin("POST", `/webhooks/${ok.body.webhook.id}/deliveries/${delivered.id}/redeliver`);
    expect(again.status).toBe(200);
    await until("the redelivery", () => hooks.of("/up").length >= 2);
    expect(hooks.of("/up").map((r) => r.headers["x-greenlight-delivery"])).toEqual([delivered.id, delivered.id]);
    expect((await admin("POST", `/webhooks/${down.body.webhook.id}/deliveries/${stopped[0].id}/redeliver`)).status).toBe(409);
    expect((await admin("POST", `/webhooks/${ok.body.webhook.id}/deliveries/nope/redeliver`)).status).toBe(404);
  });
});

describe("the webhooks page", () => {
  it("an admin subscribes (the secret shown once), reads the delivery log and redelivers a failed delivery, in Chromium", async () => {
    await makeRelease("page");
    let answer = 500;
    hooks.behaviour.set("/page", async () => answer);
    const pmo = await addPerson(server, { email: "pmo@example.com", name: "Pat PMO", role: "admin" });
    const browser = await launchBrowser();
    const tab = await openPage(browser);
    try {
      await signInBrowser(tab.context, server, pmo);
      tab.page.setDefaultTimeout(10_000);
      await visit(tab.page, `${server.url}/admin/users`);
      await tab.page.click('a[href="/admin/webhooks"]');
      await tab.page.waitForSelector("h1:has-text('Webhooks')");
      await tab.page.waitForSelector("html[data-hydrated]");
      await tab.page.fill("#create-webhook-url", `${target}/page`);
      await tab.page.fill("#create-webhook-events", "evidence.reported, decision.recorded");
      await tab.page.selectOption("#create-webhook-release", "page");
      await tab.page.click("#create-webhook button[type=submit]");
      const secret = await tab.page.waitForSelector("[data-secret]");
      expect(await secret.inputValue()).toMatch(/^glwh_/);
      const id = (await admin("GET", "/webhooks")).body.webhooks.find((w: { url: string }) => w.url === `${target}/page`).id as number;

      // The receiver fails: the log shows the failed attempt, pending, with its response code and next attempt.
      expect((await report("page", false)).status).toBe(200);
      await until("the failure logged", async () => (await admin("GET", `/webhooks/${id}/deliveries`)).body.deliveries[0]?.last_status_code === 500);
      answer = 200;
      await visit(tab.page, `${server.url}/admin/webhooks?webhook=${id}`);
      const delivery = (await admin("GET", `/webhooks/${id}/deliveries`)).body.deliveries[0];
      const row = `[data-delivery="${delivery.id}"]`;
      await tab.page.waitForSelector(row);
      expect(await tab.page.textContent(row)).toContain("evidence.reported");
      // The retry (300 ms base in this test) delivers it; then "Redeliver" sends it once more, with the same id.
      await until("delivered by a retry", async () => (await admin("GET", `/webhooks/${id}/deliveries`)).body.deliveries[0]?.status === "delivered");
      await visit(tab.page, `${server.url}/admin/webhooks?webhook=${id}`);
      const before = hooks.of("/page").length;
      await tab.page.click(`[data-redeliver="${delivery.id}"]`);
      await tab.page.waitForSelector("text=Queued again");
      await until("the redelivery", () => hooks.of("/page").length === before + 1);
      await until("delivered again", async () => (await admin("GET", `/webhooks/${id}/deliveries`)).body.deliveries[0]?.status === "delivered");
      await new Promise((r) => setTimeout(r, 500));
      expect(hooks.of("/page").length).toBe(before + 1);
      await visit(tab.page, `${server.url}/admin/webhooks?webhook=${id}`);
      expect(await tab.page.getAttribute(`${row} [data-delivery-status]`, "data-delivery-status")).toBe("delivered");
      expect(await tab.page.textContent(`${row} [data-delivery-status]`)).toContain("✔ Delivered");
      expect(await tab.page.textContent(`[data-webhook-row="${id}"]`)).toContain("✔ Delivered");
      expect(hooks.of("/page").every((r) => r.headers["x-greenlight-delivery"] === delivery.id)).toBe(true);
      await screenshot(tab.page, "webhooks-page", true);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.close();
      await browser.close();
    }
  });
});

describe("the SSRF guard at delivery time", () => {
  it("a subscription to a private address made while allowed is not delivered once the flag is off: refused at connection, the receiver never reached", async () => {
    const allowed = await startServer({ env: { ...ENV, GREENLIGHT_CHECKLISTS: dir } });
    let call = api(allowed.url);
    expect(
      (await call("POST", "/releases", { id: "ssrf", name: "ssrf", template: "hook-gate", start_date: "2026-11-02", launch_date: "2026-12-20" })).status,
    ).toBe(201);
    const made = await call("POST", "/webhooks", { url: `${target}/ssrf`, events: ["evidence.reported"], release: "ssrf" });
    expect(made.status).toBe(201);
    await allowed.stop();
    const strict = await startServer({ dbPath: allowed.dbPath, env: { GREENLIGHT_CHECKLISTS: dir } });
    try {
      call = api(strict.url);
      expect((await call("POST", "/releases/ssrf/items/qa.smoke/evidence", { done: true })).status).toBe(200);
      const [d] = await until("the refused attempt", async () => {
        const res = await call("GET", `/webhooks/${made.body.webhook.id}/deliveries`);
        return res.body.deliveries[0]?.attempts >= 1 && res.body.deliveries;
      });
      expect(d.status).toBe("pending");
      expect(d.last_status_code).toBeNull();
      expect(d.last_error).toMatch(/^refused: private address \(127\.0\.0\.1 is 127\.0\.0\.1\)/);
      expect(hooks.of("/ssrf")).toEqual([]);
    } finally {
      await strict.stop();
    }
  });
});

describe("webhooks out without GREENLIGHT_WEBHOOK_ALLOW_PRIVATE", () => {
  let strict: RunningServer;
  beforeAll(async () => {
    strict = await startServer();
  });
  afterAll(async () => {
    await strict?.stop();
  });

  it("refuses private, loopback, link-local, CGNAT and IPv4-mapped targets with a 422, and writes nothing", async () => {
    const call = api(strict.url);
    for (const url of [
      "http://127.0.0.1:9/hook",
      "http://localhost:9/hook",
      "http://10.1.2.3/hook",
      "http://192.168.0.10/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://100.64.0.1/hook",
      "http://[::1]/hook",
      "http://[::ffff:127.0.0.1]/hook",
      "http://[fd00:ec2::254]/hook",
      "http://[fe80::1]/hook",
    ]) {
      const res = await call("POST", "/webhooks", { url, events: ["*"] });
      expect(res.status, url).toBe(422);
      expect(res.body.error.message, url).toBe("refused: private address");
      expect(res.body.error.details[0].path, url).toBe("url");
    }
    const unknown = await call("POST", "/webhooks", { url: "https://93.184.215.14/hook", events: ["gate.opened", "evidence.reported"] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0]).toMatchObject({ path: "events[0]" });
    expect(unknown.body.error.details[0].message).toContain("decision.recorded");
    expect((await call("POST", "/webhooks", { url: "ftp://93.184.215.14/hook", events: ["*"] })).status).toBe(422);
    expect((await call("POST", "/webhooks", { url: "https://93.184.215.14/hook", events: ["*"], release: "nope" })).status).toBe(422);
    expect((await call("GET", "/webhooks")).body.webhooks).toEqual([]);
    expect(readDatabase(strict.dbPath, (db) => db.prepare("select count(*) as n from webhooks").get())).toEqual({ n: 0 });
    // A public address is accepted.
    const ok = await call("POST", "/webhooks", { url: "https://93.184.215.14:9/hook", events: ["decision.recorded"] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });
});
