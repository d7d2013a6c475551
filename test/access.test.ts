import Database from "better-sqlite3";
import { io, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClientToServerEvents, JoinReply, ServerToClientEvents } from "../app/shared/protocol";
import { openDatabase } from "../db/client";
import { createAccess } from "../server/auth/access";
import { SYSTEM } from "../server/auth/actor";
import { createServices } from "../server/services";
import { addPerson, PASSWORD, type Person } from "./support/people";
import { api, cli, cliInBackground, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: RunningServer;
let call: ReturnType<typeof api>;
const sockets: Client[] = [];
const release = (id: string, template = "new-coin-listing") => ({ id, name: id, template, start_date: "2026-11-02", launch_date: "2026-12-01" });

beforeAll(async () => {
  server = await startServer();
  call = api(server.url);
  await call("POST", "/releases", release("alpha"));
  await call("POST", "/releases", release("beta"));
});

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

function connect(options: { token?: string; cookie?: string; origin?: string } = {}): Client {
  const socket: Client = io(server.url, {
    auth: options.token ? { token: options.token } : {},
    transports: ["websocket"],
    extraHeaders: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.origin ? { origin: options.origin } : {}) },
    reconnection: false,
  });
  sockets.push(socket);
  return socket;
}
const connected = (socket: Client) =>
  new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
const disconnected = (socket: Client) => new Promise<number>((resolve) => socket.once("disconnect", () => resolve(Date.now())));
const join = (socket: Client, request: { release: string; since?: number }) => new Promise<JoinReply>((resolve) => socket.emit("board:join", request, resolve));

async function login(email: string, password: string, cookie?: string, target: RunningServer = server) {
  const res = await fetch(`${target.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: target.url, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ email, password, redirectTo: "/" }),
  });
  const secret = /gl_session=([^;]+)/.exec(res.headers.get("set-cookie") ?? "")?.[1] ?? null;
  return { status: res.status, secret, text: res.status === 302 ? "" : await res.text() };
}

describe("sessions", () => {
  it("a socket signed in with the session cookie is disconnected within a second of logout", async () => {
    const person = await addPerson(server, { email: "logout@example.com", role: "viewer" });
    const socket = connect({ cookie: person.cookie });
    await connected(socket);
    expect(await join(socket, { release: "alpha" })).toMatchObject({ ok: true });
    const gone = disconnected(socket);
    const loggedOutAt = Date.now();
    const res = await fetch(`${server.url}/logout`, { method: "POST", redirect: "manual", headers: { origin: server.url, cookie: person.cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get("set-cookie")).toMatch(/gl_session=;/);
    expect((await gone) - loggedOutAt).toBeLessThan(1000);
    // The session is over on the server too: the old cookie no longer opens anything.
    const after = await fetch(`${server.url}/releases/alpha`, { redirect: "manual", headers: { cookie: person.cookie } });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/login/);
    await expect(connected(connect({ cookie: person.cookie }))).rejects.toThrow(/unauthorized/);
  });

  it("signing in issues a new session id, never the one the browser brought", async () => {
    await addPerson(server, { email: "fixation@example.com", role: "viewer" });
    const planted = "gl_session=gls_planted-by-an-attacker";
    const first = await login("fixation@example.com", PASSWORD, planted);
    expect(first.status).toBe(302);
    expect(first.secret).toMatch(/^gls_/);
    expect(first.secret).not.toBe("gls_planted-by-an-attacker");
    const second = await login("fixation@example.com", PASSWORD, `gl_session=${first.secret}`);
    expect(second.secret).not.toBe(first.secret);
  });

  it("a wrong password and an unknown account get the same answer", async () => {
    await addPerson(server, { email: "known@example.com", role: "viewer" });
    const wrong = await login("known@example.com", "not the password at all");
    const unknown = await login("nobody@example.com", "not the password at all");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const message = (text: string) => /Email or password is wrong\./.exec(text)?.[0];
    expect(message(wrong.text)).toBe("Email or password is wrong.");
    expect(message(unknown.text)).toBe(message(wrong.text));
  });

  it("refuses with 429 after repeated failures, even with the right password", async () => {
    await addPerson(server, { email: "target@example.com", role: "viewer" });
    for (let i = 0; i < 5; i++) expect((await login("target@example.com", `guess ${i} guess guess`)).status).toBe(401);
    const locked = await login("target@example.com", PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.secret).toBeNull();
    expect(locked.text).toContain("Too many failed sign-ins");
  });

  it("counts guesses made in parallel: the throttle cannot be raced", async () => {
    await addPerson(server, { email: "raced@example.com", role: "viewer" });
    const guesses = await Promise.all(Array.from({ length: 12 }, (_, i) => login("raced@example.com", `parallel guess number ${i}`)));
    const statuses = guesses.map((g) => g.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it("limits failures per address across accounts", async () => {
    const fresh = await startServer();
    try {
      await addPerson(fresh, { email: "someone@example.com", role: "viewer" });
      for (let a = 0; a < 6; a++) {
        for (let i = 0; i < 5; i++) expect((await login(`nobody${a}@example.com`, "wrong wrong wrong", undefined, fresh)).status).toBe(401);
      }
      expect((await login("someone-else@example.com", "wrong wrong wrong", undefined, fresh)).status).toBe(429);
    } finally {
      await fresh.stop();
    }
  });

  it("disabling a person ends their sessions and disconnects their sockets", async () => {
    const person = await addPerson(server, { email: "leaver@example.com", role: "viewer" });
    const socket = connect({ cookie: person.cookie });
    await connected(socket);
    const gone = disconnected(socket);
    expect((await call("DELETE", `/users/${person.id}`)).status).toBe(204);
    await gone;
    expect((await login("leaver@example.com", PASSWORD)).status).toBe(401);
  });

  it("sets Secure on the cookie behind an HTTPS proxy only when TRUST_PROXY is set", async () => {
    const plain = await login("fixation@example.com", PASSWORD);
    expect(plain.secret).not.toBeNull();
    const viaProxy = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: server.url, "x-forwarded-proto": "https" },
      body: new URLSearchParams({ email: "fixation@example.com", password: PASSWORD }),
    });
    expect(viaProxy.headers.get("set-cookie")).toMatch(/HttpOnly/i);
    expect(viaProxy.headers.get("set-cookie")).toMatch(/SameSite=Lax/i);
    expect(viaProxy.headers.get("set-cookie")).not.toMatch(/Secure/i);

    const proxied = await startServer({ env: { TRUST_PROXY: "1" } });
    try {
      const admin = await addPerson(proxied, { email: "p@example.com", role: "admin" });
      expect(admin.cookie).toBeTruthy();
      const res = await fetch(`${proxied.url}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: proxied.url, "x-forwarded-proto": "https" },
        body: new URLSearchParams({ email: "p@example.com", password: PASSWORD }),
      });
      expect(res.status).toBe(302);
      expect(res.headers.get("set-cookie")).toMatch(/; Secure/i);
    } finally {
      await proxied.stop();
    }
  });
});

describe("board links", () => {
  it("show one release, read-only, with no login; revoking one closes its page and its sockets", async () => {
    const created = await call("POST", "/releases/alpha/board-links", { name: "War room TV" });
    expect(created.status).toBe(201);
    expect(created.body.url).toBe(`${server.url}/b/${created.body.token}`);
    const page = await fetch(created.body.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html.replaceAll("<!-- -->", "")).toContain("Screen: War room TV");
    expect(html).toContain(`data-gate=`);
    expect(html).not.toContain("Report evidence");

    const socket = connect({ token: created.body.token });
    await connected(socket);
    expect(await join(socket, { release: "alpha" })).toMatchObject({ ok: true });
    expect(await join(socket, { release: "beta" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    // A board link is not an API token.
    expect((await api(server.url, created.body.token)("GET", "/releases")).status).toBe(401);

    const listed = await call("GET", "/releases/alpha/board-links");
    expect(listed.body.board_links[0]).toMatchObject({ name: "War room TV", last_used_at: expect.any(String), revoked_at: null });

    const gone = disconnected(socket);
    expect((await call("DELETE", `/releases/alpha/board-links/${created.body.id}`)).status).toBe(204);
    await gone;
    expect((await fetch(created.body.url)).status).toBe(404);
    const events = await call("GET", "/releases/alpha/events?after=0&limit=1000");
    expect(events.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["board_link.created", "board_link.revoked"]));
  });
});

describe("API tokens", () => {
  it("are created once, listed without secrets, and refused at once when revoked", async () => {
    const created = await call("POST", "/tokens", { name: "grafana", role: "lead", functions: ["mm"] });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^glt_/);
    const grafana = api(server.url, created.body.token);
    expect((await grafana("GET", "/releases")).status).toBe(200);
    const listed = await call("GET", "/tokens");
    const row = listed.body.tokens.find((t: { id: number }) => t.id === created.body.id);
    expect(row).toMatchObject({ name: "grafana", role: "lead", functions: ["mm"], last_used_at: expect.any(String), revoked_at: null });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    const socket = connect({ token: created.body.token });
    await connected(socket);
    const gone = disconnected(socket);
    expect((await call("DELETE", `/tokens/${created.body.id}`)).status).toBe(204);
    await gone;
    expect((await grafana("GET", "/releases")).status).toBe(401);
  });

  it("the CLI lists and revokes tokens and adds people with a set-password link", () => {
    const env = { DATABASE_URL: `file:${server.dbPath}`, PUBLIC_URL: "https://greenlight.example.com" };
    const made = cli(["token", "create", "--name", "ci-bot", "--role", "viewer"], env);
    const id = /token (\d+)/.exec(made.stdout)![1]!;
    expect(cli(["token", "list"], env).stdout).toMatch(new RegExp(`\\s${id}\\s+ci-bot\\s+viewer.*last used never`));
    expect(cli(["token", "revoke", id], env).stdout).toContain(`token ${id} revoked`);
    expect(cli(["token", "list"], env).stdout).toMatch(new RegExp(`\\s${id}\\s+ci-bot.*revoked`));
    const added = cli(["user", "add", "--email", "Ops@Example.com", "--name", "Olu Ops", "--admin"], env);
    expect(added.status).toBe(0);
    expect(added.stdout).toMatch(/added Olu Ops <ops@example.com> as admin/);
    expect(added.stdout).toMatch(/https:\/\/greenlight\.example\.com\/invite\/gli_/);
    const again = cli(["user", "add", "--email", "ops@example.com", "--name", "Olu"], env);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("a user with email ops@example.com exists");
  });
});

describe("credentials ended elsewhere", () => {
  /** Resolves with the times the sockets disconnected, or null if one is still open after `ms`. */
  const goneWithin = (ms: number, gone: Promise<number[]>) => Promise.race([gone, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);

  it("a token revoked with the CLI (another process) loses its open sockets within a second, long before the periodic check; other credentials keep theirs", async () => {
    // The periodic recheck is a minute away: only the look for commits by another process can end these sockets in time.
    const checking = await startServer({ env: { GREENLIGHT_SOCKET_RECHECK_MS: "60000" } });
    try {
      const created = await api(checking.url)("POST", "/tokens", { name: "soon-revoked", role: "viewer" });
      const open = (token: string) => {
        const socket: Client = io(checking.url, { auth: { token }, transports: ["websocket"], reconnection: false, forceNew: true });
        sockets.push(socket);
        return socket;
      };
      // Three screens on the revoked token (checked once per pass), one on a token that stays.
      const revokedSockets = [open(created.body.token), open(created.body.token), open(created.body.token)];
      const staying = open(TEST_TOKEN);
      await Promise.all([...revokedSockets, staying].map(connected));
      const gone = Promise.all(revokedSockets.map(disconnected));
      const revoked = await cliInBackground(["token", "revoke", String(created.body.id)], { DATABASE_URL: `file:${checking.dbPath}` });
      expect(revoked.status).toBe(0);
      // The CLI has committed and exited: from here, a poll (250 ms) and a recheck pass.
      const revokedAt = Date.now();
      const times = await goneWithin(1500, gone);
      expect(times, "the revoked token's sockets were still open 1.5 s after the CLI committed").not.toBeNull();
      expect(Math.max(...times!) - revokedAt).toBeLessThan(1000);
      await new Promise((r) => setTimeout(r, 500));
      expect(staying.connected).toBe(true);
    } finally {
      await checking.stop();
    }
  });

  it("a person disabled by another process loses their open sockets within a second", async () => {
    const checking = await startServer({ env: { GREENLIGHT_SOCKET_RECHECK_MS: "60000" } });
    try {
      const person = await addPerson(checking, { email: "leaver@example.com", role: "viewer" });
      const socket: Client = io(checking.url, { transports: ["websocket"], extraHeaders: { cookie: person.cookie }, reconnection: false, forceNew: true });
      sockets.push(socket);
      await connected(socket);
      const gone = disconnected(socket).then((at) => [at]);
      // The same code the server runs, in this process, on its own connection to the server's file.
      const db = openDatabase(`file:${checking.dbPath}`);
      const { ledger } = createServices({ db, clock: () => new Date(), templates: new Map() });
      createAccess({ db, clock: () => new Date(), ledger, disconnect: () => undefined }).disableUser(person.id, SYSTEM);
      db.$client.close();
      const disabledAt = Date.now();
      const times = await goneWithin(1500, gone);
      expect(times, "the disabled person's socket was still open 1.5 s after the commit").not.toBeNull();
      expect(times![0]! - disabledAt).toBeLessThan(1000);
    } finally {
      await checking.stop();
    }
  });
});

describe("hardening", () => {
  it("accepts sockets from ALLOWED_ORIGINS besides its own, and refuses other origins", async () => {
    const allowing = await startServer({ env: { ALLOWED_ORIGINS: "https://tv.example.com" } });
    try {
      const open = (origin: string) => {
        const socket: Client = io(allowing.url, { auth: { token: TEST_TOKEN }, transports: ["polling"], extraHeaders: { origin }, reconnection: false });
        sockets.push(socket);
        return connected(socket);
      };
      await expect(open("https://tv.example.com")).resolves.toBeUndefined();
      await expect(open("https://evil.example.com")).rejects.toThrow();
    } finally {
      await allowing.stop();
    }
  });

  it("throttles the API per token with 429 and Retry-After when GREENLIGHT_API_RATE is set", async () => {
    const limited = await startServer({ env: { GREENLIGHT_API_RATE: "5" } });
    try {
      const results = await Promise.all(Array.from({ length: 12 }, () => api(limited.url)("GET", "/releases")));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
      expect(results.find((r) => r.status === 429)!.body.error.code).toBe("rate_limited");
    } finally {
      await limited.stop();
    }
  });

  it("serves pages with a nonce-based CSP that every inline script carries", async () => {
    const res = await fetch(`${server.url}/login`);
    const csp = res.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("script-src 'self' 'nonce-");
    expect(csp).toContain("object-src 'none'");
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    expect((await fetch(`${server.url}/login`)).headers.get("content-security-policy")).not.toContain(nonce!);
  });

  it("on an internal failure, shows no stack trace, no SQL and no secret, and logs no secret", async () => {
    const broken = await startServer();
    try {
      const person = await addPerson(broken, { email: "witness@example.com", role: "admin" });
      await api(broken.url)("POST", "/releases", release("doomed"));
      await login("witness@example.com", PASSWORD, undefined, broken);
      await login("witness@example.com", "a wrong password here", undefined, broken);
      // Break the database under the running server, as a disk or a bad migration might.
      const db = new Database(broken.dbPath);
      db.pragma("foreign_keys = OFF");
      db.exec("DROP TABLE sections; DROP TABLE items;");
      db.close();

      const page = await fetch(`${broken.url}/releases/doomed`, { headers: { cookie: person.cookie } });
      expect(page.status).toBe(500);
      const html = await page.text();
      expect(html).toContain("Something went wrong");
      expect(html).not.toMatch(/\bat \S+ \(|SqliteError|no such table|SELECT/i);

      const apiError = await api(broken.url)("GET", "/releases/doomed/items");
      expect(apiError.status).toBe(500);
      expect(apiError.body).toEqual({ error: { code: "internal", message: "internal error" } });

      const logs = broken.logs.join("\n");
      expect(logs).toMatch(/no such table/); // the operator does learn what broke
      for (const secret of [PASSWORD, "a wrong password here", TEST_TOKEN, person.sessionSecret]) expect(logs).not.toContain(secret);
    } finally {
      await broken.stop();
    }
  });

  it("never writes passwords or tokens to the logs", async () => {
    const person: Person = await addPerson(server, { email: "secretive@example.com", role: "viewer" });
    await login("secretive@example.com", PASSWORD);
    await login("secretive@example.com", "a wrong password here");
    const created = await call("POST", "/tokens", { name: "logged?", role: "viewer" });
    await api(server.url, created.body.token)("GET", "/releases/nope");
    const logs = server.logs.join("\n");
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, "a wrong password here", created.body.token, TEST_TOKEN, person.sessionSecret]) {
      expect(logs).not.toContain(secret);
    }
  });
});
