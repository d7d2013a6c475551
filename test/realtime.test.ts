import { writeFileSync } from "node:fs";
import { join as joinPath } from "node:path";
import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { GreenlightEvent } from "../app/shared/events";
import {
  CLIENT_TOO_OLD,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type JoinReply,
  type JoinRequest,
  type ServerToClientEvents,
} from "../app/shared/protocol";
import { tempDir } from "./support/db";
import { api, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

let server: RunningServer;
let call: ReturnType<typeof api>;
const sockets: Client[] = [];

beforeAll(async () => {
  server = await startServer();
  call = api(server.url);
  const created = await call("POST", "/releases", {
    id: "rt",
    name: "Realtime",
    template: "new-coin-listing",
    start_date: "2026-11-02",
    launch_date: "2026-12-01",
  });
  expect(created.status).toBe(201);
});

afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});

afterAll(async () => {
  await server?.stop();
});

function connect(auth: Record<string, unknown> = { token: TEST_TOKEN }, url = server.url): Client {
  const socket: Client = io(url, { auth, transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  return socket;
}

const connected = (socket: Client) =>
  new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });

const join = (socket: Client, request: JoinRequest) => new Promise<JoinReply>((resolve) => socket.emit("board:join", request, resolve));

function collect(socket: Client): GreenlightEvent[] {
  const events: GreenlightEvent[] = [];
  socket.on("board:event", (e) => events.push(e));
  return events;
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("socket authentication", () => {
  it("refuses a socket with no credentials or a wrong token", async () => {
    await expect(connected(connect({}))).rejects.toThrow(/unauthorized/);
    await expect(connected(connect({ token: "nope" }))).rejects.toThrow(/unauthorized/);
  });

  it("refuses a handshake from another origin", async () => {
    const socket: Client = io(server.url, {
      auth: { token: TEST_TOKEN },
      transports: ["polling"],
      extraHeaders: { origin: "https://evil.example" },
      reconnection: false,
    });
    sockets.push(socket);
    await expect(connected(socket)).rejects.toThrow();
  });
});

describe("board:join", () => {
  it("answers a snapshot without since, and the missing events with since", async () => {
    const socket = connect();
    await connected(socket);
    const snapshot = await join(socket, { release: "rt" });
    expect(snapshot).toMatchObject({ ok: true, snapshot: { release: { id: "rt" }, gate: { open: false, blocking: 8 } } });
    if (!snapshot.ok || !("snapshot" in snapshot)) throw new Error("expected a snapshot");
    expect(snapshot.snapshot.seq).toBe(snapshot.seq);
    expect(snapshot.snapshot.sections.flatMap((s) => s.items)).toHaveLength(8);

    await call("POST", "/releases/rt/items/comms.announcement/evidence", { done: true });
    await call("POST", "/releases/rt/items/comms.cs-macros/evidence", { done: false });
    const catchUp = await join(socket, { release: "rt", since: snapshot.seq });
    expect(catchUp).toMatchObject({ ok: true, seq: snapshot.seq + 2 });
    if (!catchUp.ok || !("events" in catchUp)) throw new Error("expected events");
    expect(catchUp.events.map((e) => e.seq)).toEqual([snapshot.seq + 1, snapshot.seq + 2]);
  });

  it("answers a snapshot when since is ahead of the log", async () => {
    const socket = connect();
    await connected(socket);
    expect(await join(socket, { release: "rt", since: 10_000 })).toMatchObject({ ok: true, snapshot: expect.any(Object) });
  });

  it("refuses a bad payload and an unknown release", async () => {
    const socket = connect();
    await connected(socket);
    expect(await join(socket, { release: "nope" })).toEqual({ ok: false, error: { code: "not_found", message: 'release "nope" not found' } });
    expect(await join(socket, { release: "rt", since: -1 })).toMatchObject({ ok: false, error: { code: "validation_failed" } });
    expect(await join(socket, "rt" as never)).toMatchObject({ ok: false, error: { code: "validation_failed" } });
  });
});

describe("board:event", () => {
  it("delivers every committed change in seq order to every joined client, with the derived board", async () => {
    const a = connect();
    const b = connect();
    await Promise.all([connected(a), connected(b)]);
    const [ja, jb] = await Promise.all([join(a, { release: "rt" }), join(b, { release: "rt" })]);
    const start = (ja as { seq: number }).seq;
    expect((jb as { seq: number }).seq).toBe(start);
    const ea = collect(a);
    const eb = collect(b);

    const writes = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call("POST", "/releases/rt/items/liquidity.opening-depth/evidence", { value: 100_000 + i })),
    );
    expect(writes.every((w) => w.status === 200)).toBe(true);
    await until(() => ea.length === 20 && eb.length === 20);
    const expected = Array.from({ length: 20 }, (_, i) => start + 1 + i);
    expect(ea.map((e) => e.seq)).toEqual(expected);
    expect(eb.map((e) => e.seq)).toEqual(expected);
    expect(ea.map((e) => e.seq).sort((x, y) => x - y)).toEqual(writes.map((w) => w.body.seq).sort((x, y) => x - y));
    expect(ea[0]).toMatchObject({
      release: "rt",
      type: "evidence.reported",
      actor: "token:bootstrap",
      board: {
        items: [expect.objectContaining({ id: "liquidity.opening-depth", status: expect.any(String), reason: expect.any(String) })],
        sections: expect.objectContaining({ liquidity: expect.objectContaining({ total: 1 }) }),
        gate: { open: false, blocking: expect.any(Number) },
      },
    });
    // Only what changed: the touched section's counts, not every section's.
    expect(Object.keys(ea[0]!.board.sections)).toEqual(["liquidity"]);
  });

  it("keeps commit order when a broadcast takes several turns of the event loop (300 boards, concurrent writes)", async () => {
    // A zero slice: every group of 100 sockets waits for its own turn, as thousands of boards would.
    const sliced = await startServer({ env: { GREENLIGHT_BROADCAST_SLICE_MS: "0" } });
    try {
      const slicedCall = api(sliced.url);
      expect(
        (await slicedCall("POST", "/releases", { id: "many", name: "Many", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" }))
          .status,
      ).toBe(201);
      const boards = Array.from({ length: 300 }, () => {
        const socket: Client = io(sliced.url, { auth: { token: TEST_TOKEN }, transports: ["websocket"], reconnection: false, forceNew: true });
        sockets.push(socket);
        return socket;
      });
      await Promise.all(boards.map(connected));
      const joined = await Promise.all(boards.map((socket) => join(socket, { release: "many" })));
      const start = (joined[0] as { seq: number }).seq;
      const received = boards.map(collect);

      const writes = await Promise.all(
        Array.from({ length: 8 }, (_, i) => slicedCall("POST", "/releases/many/items/liquidity.opening-depth/evidence", { value: 200_000 + i })),
      );
      expect(writes.map((w) => w.status)).toEqual(Array(8).fill(200));
      await until(() => received.every((events) => events.length === 8), 15_000);
      const expected = Array.from({ length: 8 }, (_, i) => start + 1 + i);
      for (const events of received) expect(events.map((e) => e.seq)).toEqual(expected);
    } finally {
      await sliced.stop();
    }
  });

  it("does not deliver events of a release the client has not joined", async () => {
    await call("POST", "/releases", { id: "rt-other", name: "Other", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" });
    const socket = connect();
    await connected(socket);
    await join(socket, { release: "rt" });
    const events = collect(socket);
    await call("POST", "/releases/rt-other/items/comms.announcement/evidence", { done: true });
    await call("POST", "/releases/rt/items/comms.announcement/evidence", { done: true });
    await until(() => events.length >= 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(events.map((e) => e.release)).toEqual(["rt"]);
  });
});

describe("time-driven changes", () => {
  it("the server finds evidence going stale on its own, at the deadline, and broadcasts it", async () => {
    const checklists = tempDir();
    writeFileSync(
      joinPath(checklists, "fast.yaml"),
      "template: fast\nname: Fast\nfunctions: [ops]\nsections:\n  - key: s\n    name: S\n    owner: ops\n    items:\n      - {key: heartbeat, title: Heartbeat, kind: check, max_age: 2s}\n",
    );
    // The safety sweep is a minute away: only the deadline scheduling can make this pass.
    const fast = await startServer({ env: { GREENLIGHT_CHECKLISTS: checklists, GREENLIGHT_SWEEP_MS: "60000" } });
    try {
      const call = api(fast.url);
      await call("POST", "/releases", { id: "hb", name: "Heartbeat", template: "fast", start_date: "2026-11-02", launch_date: "2026-12-01" });
      const socket = connect({ token: TEST_TOKEN }, fast.url);
      await connected(socket);
      await join(socket, { release: "hb" });
      const events = collect(socket);
      const reported = await call("POST", "/releases/hb/items/s.heartbeat/evidence", { done: true });
      const reportedAt = Date.now();
      expect((await call("GET", "/releases/hb")).body.release.gate).toEqual({ open: true, blocking: 0 });

      await until(() => events.some((e) => e.type === "item.status_changed"), 6000);
      const changed = events.find((e) => e.type === "item.status_changed")!;
      expect(Date.now() - reportedAt).toBeGreaterThanOrEqual(1900);
      expect(changed).toMatchObject({
        seq: reported.body.seq + 1,
        actor: "system",
        data: { item: "s.heartbeat", cause: "time", to: { status: "amber" } },
        board: { gate: { open: false, blocking: 1 } },
      });
      expect((await call("GET", "/releases/hb")).body.release.gate).toEqual({ open: false, blocking: 1 });
    } finally {
      await fast.stop();
    }
  });
});

describe("the protocol version", () => {
  it("serves a board that sends no protocol (version 1) or the current one, and tells one older than the server's minimum client_too_old", async () => {
    const socket = connect();
    await connected(socket);
    expect(await join(socket, { release: "rt" })).toMatchObject({ ok: true });
    expect(await join(socket, { release: "rt", protocol: PROTOCOL_VERSION })).toMatchObject({ ok: true });

    const strict = await startServer({ env: { GREENLIGHT_MIN_PROTOCOL: String(PROTOCOL_VERSION) } });
    try {
      await api(strict.url)("POST", "/releases", {
        id: "rt",
        name: "Realtime",
        template: "new-coin-listing",
        start_date: "2026-11-02",
        launch_date: "2026-12-01",
      });
      const old = connect({ token: TEST_TOKEN }, strict.url);
      await connected(old);
      const refused = await join(old, { release: "rt" });
      expect(refused).toMatchObject({ ok: false, error: { code: CLIENT_TOO_OLD, details: { protocol: PROTOCOL_VERSION } } });
      expect(refused.ok === false && refused.error.message).toMatch(/reload/);
      const events = collect(old);
      await api(strict.url)("POST", "/releases/rt/items/due-diligence.legal-opinion/evidence", { done: true });
      await new Promise((r) => setTimeout(r, 200));
      expect(events).toEqual([]); // a refused board joined no room
      expect(await join(old, { release: "rt", protocol: PROTOCOL_VERSION })).toMatchObject({ ok: true });
    } finally {
      await strict.stop();
    }
  });
});
