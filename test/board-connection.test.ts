import { io, type Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BoardConnection } from "../app/lib/board-connection";
import type { BoardState } from "../app/lib/board-state";
import type { GreenlightEvent } from "../app/shared/events";
import { PROTOCOL_VERSION, type ClientToServerEvents, type JoinReply, type ServerToClientEvents } from "../app/shared/protocol";
import { api, cliInBackground, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

/** The board client (app/lib/board-connection.ts) against a real server, in Node. */
let server: RunningServer;
let call: ReturnType<typeof api>;
const connections: BoardConnection[] = [];
const release = (id: string) => ({ id, name: id, template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" });

beforeAll(async () => {
  server = await startServer();
  call = api(server.url);
});
afterEach(() => {
  for (const c of connections.splice(0)) c.stop();
});
afterAll(async () => {
  await server?.stop();
});

function open(releaseId: string) {
  const states: BoardState[] = [];
  const connection = new BoardConnection({
    release: releaseId,
    url: server.url,
    token: TEST_TOKEN,
    onChange: (state) => states.push(state),
    socketOptions: { transports: ["websocket"] },
  });
  connections.push(connection);
  connection.start();
  return { connection, states };
}

async function until(check: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What the server holds, as item id → status. */
async function serverStatuses(releaseId: string) {
  const { body } = await call("GET", `/releases/${releaseId}/items`);
  return Object.fromEntries(body.items.map((i: { id: string; status: string }) => [i.id, i.status]));
}
const clientStatuses = (state: BoardState) => Object.fromEntries(state.board!.sections.flatMap((s) => s.items).map((i) => [i.id, i.status]));

describe("the board connection", () => {
  it("starts from a snapshot, then applies concurrent writes in seq order and agrees with the server", async () => {
    await call("POST", "/releases", release("bc1"));
    const { connection } = open("bc1");
    await until(() => connection.state.connection === "live");
    expect(connection.state.board!.release.id).toBe("bc1");
    const start = connection.state.seq;
    const items = ["comms.announcement", "comms.cs-macros", "due-diligence.legal-opinion", "due-diligence.contract-audit"];
    await Promise.all(items.flatMap((item) => [true, false, true].map((done) => call("POST", `/releases/bc1/items/${item}/evidence`, { done }))));
    await until(() => connection.state.seq === start + 12);
    expect(clientStatuses(connection.state)).toEqual(await serverStatuses("bc1"));
    expect(connection.state.ticker[0]!.seq).toBe(start + 12);
  });

  it("catches up with since after a disconnect: writes made meanwhile all arrive, none twice", async () => {
    await call("POST", "/releases", release("bc2"));
    const { connection, states } = open("bc2");
    await until(() => connection.state.connection === "live");
    const before = connection.state.seq;
    connection.lost(); // the network went away
    await until(() => connection.state.connection !== "live");
    expect(connection.state.connection).toBe("disconnected");
    await call("POST", "/releases/bc2/items/comms.announcement/evidence", { done: true });
    await call("POST", "/releases/bc2/items/liquidity.opening-depth/evidence", { value: 50_000 });
    await until(() => connection.state.connection === "live" && connection.state.seq === before + 2, 10_000);
    expect(states.some((s) => s.connection === "catching-up")).toBe(true);
    expect(clientStatuses(connection.state)).toEqual(await serverStatuses("bc2"));
    expect(connection.state.ticker.map((t) => t.seq).slice(0, 2)).toEqual([before + 2, before + 1]);
  });

  it("ignores a duplicate and a late event; on a gap it rejoins with since and stays true to the server", async () => {
    await call("POST", "/releases", release("bc3"));
    const watcher: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, { auth: { token: TEST_TOKEN }, transports: ["websocket"] });
    const seen: GreenlightEvent[] = [];
    watcher.on("board:event", (e) => seen.push(e));
    await new Promise((resolve) => watcher.emit("board:join", { release: "bc3" }, resolve));
    const { connection, states } = open("bc3");
    await until(() => connection.state.connection === "live");
    const start = connection.state.seq;
    await call("POST", "/releases/bc3/items/comms.announcement/evidence", { done: true });
    await call("POST", "/releases/bc3/items/comms.announcement/evidence", { done: false });
    await until(() => connection.state.seq === start + 2 && seen.length === 2);
    const settled = connection.state;

    connection.receive(seen[1]!); // a duplicate
    connection.receive(seen[0]!); // late: older than what is shown
    expect(connection.state).toBe(settled);
    expect(clientStatuses(connection.state)["comms.announcement"]).toBe("red");

    // An event from beyond the next seq means one was missed: the client rejoins with since.
    const fromTheFuture = { ...seen[0]!, seq: start + 5, board: { ...seen[0]!.board, gate: { open: true, blocking: 0 } } };
    const changes = states.length;
    connection.receive(fromTheFuture);
    await until(() => states.length > changes && connection.state.connection === "live");
    expect(states.slice(changes).map((s) => s.connection)).toContain("catching-up");
    expect(connection.state.seq).toBe(start + 2);
    expect(connection.state.board!.gate.open).toBe(false);
    watcher.disconnect();
  });

  it("names each function's leads live: a lead invited here or added by the CLI appears on the open board, a disabled one leaves it, a board that was away learns it on rejoining", async () => {
    await call("POST", "/releases", release("bc4"));
    const { connection } = open("bc4");
    await until(() => connection.state.connection === "live");
    const leadsOf = (fn: string) => connection.state.board!.owner_names?.[fn];
    expect(leadsOf("legal")).toEqual([]);

    const invited = await call("POST", "/users", { email: "lex@example.com", name: "Lex Legal", role: "lead", functions: ["legal"] });
    expect(invited.status).toBe(201);
    await until(() => leadsOf("legal")?.includes("Lex Legal") === true);
    // Another process (the CLI) adds one: the server hears of its commit.
    const added = await cliInBackground(["user", "add", "--email", "wu@example.com", "--name", "Wu Wallet", "--role", "lead", "--functions", "wallet,legal"], {
      DATABASE_URL: `file:${server.dbPath}`,
    });
    expect(added.status, added.stderr).toBe(0);
    await until(() => leadsOf("wallet")?.includes("Wu Wallet") === true);
    expect(leadsOf("legal")).toEqual(["Lex Legal", "Wu Wallet"]);

    // Away while a lead is disabled: a board that rejoins with its seq gets the events (none) and who is left;
    // one that joins afresh gets a snapshot that says so (not the one cached before the change).
    const seq = connection.state.seq;
    connection.stop();
    expect((await call("DELETE", `/users/${invited.body.user.id}`)).status).toBe(204);
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(server.url, { auth: { token: TEST_TOKEN }, transports: ["websocket"] });
    const reply = await new Promise<JoinReply>((resolve) => socket.emit("board:join", { release: "bc4", since: seq, protocol: PROTOCOL_VERSION }, resolve));
    socket.disconnect();
    expect(reply).toMatchObject({ ok: true, seq, events: [], owner_names: { legal: ["Wu Wallet"] } });
    const { connection: back } = open("bc4");
    await until(() => back.state.connection === "live");
    expect(back.state.board!.owner_names).toMatchObject({ legal: ["Wu Wallet"], wallet: ["Wu Wallet"], cs: [] });
  });

  it("is refused, and says it is not live, without credentials", async () => {
    const states: BoardState[] = [];
    const connection = new BoardConnection({
      release: "bc1",
      url: server.url,
      onChange: (s) => states.push(s),
      socketOptions: { transports: ["websocket"], reconnection: false },
    });
    connections.push(connection);
    connection.start();
    await until(() => states.length > 0);
    expect(connection.state.connection).toBe("disconnected");
  });
});

describe("a board older than the server", () => {
  it("is told client_too_old, stops, says disconnected and reloads itself", async () => {
    const strict = await startServer({ env: { GREENLIGHT_MIN_PROTOCOL: String(PROTOCOL_VERSION) } });
    try {
      await api(strict.url)("POST", "/releases", release("old"));
      let reloads = 0;
      const states: BoardState[] = [];
      const connection = new BoardConnection({
        release: "old",
        url: strict.url,
        token: TEST_TOKEN,
        protocol: PROTOCOL_VERSION - 1,
        onChange: (state) => states.push(state),
        onTooOld: () => (reloads += 1),
        socketOptions: { transports: ["websocket"] },
      });
      connections.push(connection);
      connection.start();
      await until(() => reloads === 1);
      expect(connection.state.connection).toBe("disconnected");
      expect(connection.state.board).toBeNull();
    } finally {
      await strict.stop();
    }
  });
});
