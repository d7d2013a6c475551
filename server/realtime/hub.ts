import type { Server as HttpServer } from "node:http";
import { setImmediate as nextTurn } from "node:timers/promises";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { Server, type Socket } from "socket.io";
import type { Access } from "../auth/access";
import { can, refusal } from "../auth/permissions";
import { accessRooms, type Principal } from "../auth/principal";
import { sessionSecretFrom } from "../auth/sessions";
import { AppError, INTERNAL_ERROR, invalid } from "../../app/shared/errors";
import type { GreenlightEvent } from "../events";
import type { Logger } from "../logger";
import type { Projection } from "../board/projection";
import type { Board } from "../../app/shared/board";
import { isoDate } from "../../app/shared/time";
import type { Readiness } from "../readiness/service";
import { isSameOrigin } from "../security";
import { createBroadcaster } from "./broadcaster";
import {
  CLIENT_TOO_OLD,
  joinSchema,
  MIN_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  PRESENCE_NAMES,
  roomOf,
  type ClientToServerEvents,
  type JoinReply,
  type Presence,
  type ServerToClientEvents,
} from "../../app/shared/protocol";

/** Catching up by events beyond this many is slower than a snapshot. */
const MAX_CATCH_UP_EVENTS = 500;
/** Events sent with a snapshot for the board's ticker. */
const RECENT_EVENTS = 12;
/** Joins allowed per connection per window. */
const JOINS_PER_WINDOW = 10;
const JOIN_WINDOW_S = 10;
/** Presence is broadcast at most this often per release: 2,000 boards joining must not cost 2,000² messages. */
const PRESENCE_INTERVAL_MS = 1000;
/** Credentials looked up per turn of the event loop when open sockets are checked again. */
const RECHECKS_PER_TURN = 100;
/** Sockets a broadcast writes between looks at the clock (each group encodes the packet once). */
const BROADCAST_GROUP = 100;

interface SocketData {
  principal: Principal;
  /** What the socket authenticated with, to check again later. */
  credentials: { token: unknown; cookieSecret: string | null };
  release?: string;
}

type BoardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
  readiness: Readiness;
  projection: Projection;
  access: () => Access;
  logger: Logger;
  allowedOrigins: readonly string[];
  /** How often open sockets' credentials are checked again. */
  recheckMs: number;
  /**
   * The longest a broadcast writes to sockets in one turn of the event loop,
   * so 2,000 boards do not stall API requests for one long tick, while a few
   * hundred still get the event in one go.
   */
  broadcastSliceMs: number;
  /** The oldest board protocol served. */
  minProtocol?: number;
}

/**
 * Socket.IO on the app's own port. Sockets carry events, never writes:
 * writes go through HTTP and `publish` broadcasts after their commit. Each
 * socket joins rooms for its access (session, user, token, board link) so
 * ending that access disconnects it.
 */
export function attachRealtime(
  httpServer: HttpServer,
  { readiness, projection, access, logger, allowedOrigins, recheckMs, broadcastSliceMs, minProtocol = MIN_PROTOCOL_VERSION }: RealtimeDeps,
) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    // A board must say "disconnected" within 2 s of losing the server: the server pings
    // every second, and a client that hears nothing for 1.8 s closes the connection.
    pingInterval: 1000,
    pingTimeout: 800,
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers, allowedOrigins)),
  });

  io.use((socket, next) => {
    const credentials = {
      token: (socket.handshake.auth as { token?: unknown } | undefined)?.token,
      cookieSecret: sessionSecretFrom(socket.request.headers.cookie),
    };
    const principal = access().forSocket(credentials.token, credentials.cookieSecret);
    if (!principal) return next(new Error("unauthorized"));
    socket.data.principal = principal;
    socket.data.credentials = credentials;
    next();
  });

  // Ending access in this process disconnects at once (rooms); this catches the rest:
  // a revocation by the CLI, a session that expired, a person disabled elsewhere
  // (`recheck`, as soon as another process commits; and every `recheckMs`).
  // Each distinct credential is looked up once per pass, a hundred per turn of the event
  // loop: 2,000 TVs on one board link cost one lookup, not a 2,000-lookup stall.
  let rechecking = false;
  let again = false;
  const recheckAll = async () => {
    // A pass under way may have looked a credential up before the commit that asks for this one: one more pass after it.
    if (rechecking) {
      again = true;
      return;
    }
    rechecking = true;
    try {
      const byCredential = new Map<string, BoardSocket[]>();
      for (const socket of io.of("/").sockets.values()) {
        const { token, cookieSecret } = socket.data.credentials;
        // forSocket's precedence: a token when one was given, else the session cookie.
        const key = typeof token === "string" && token ? `token:${token}` : `cookie:${cookieSecret ?? ""}`;
        const same = byCredential.get(key);
        if (same) same.push(socket);
        else byCredential.set(key, [socket]);
      }
      let looked = 0;
      for (const sockets of byCredential.values()) {
        if (++looked % RECHECKS_PER_TURN === 0) await nextTurn();
        const { token, cookieSecret } = sockets[0]!.data.credentials;
        if (!access().forSocket(token, cookieSecret)) for (const socket of sockets) socket.disconnect(true);
      }
    } catch (error) {
      logger.error({ err: error }, "socket recheck failed");
    } finally {
      rechecking = false;
      if (again) {
        again = false;
        void recheckAll();
      }
    }
  };
  const recheck = setInterval(() => void recheckAll(), recheckMs);
  recheck.unref();

  /** Who watches which release: socket id → (release, name, kind). */
  const watchers = new Map<string, { release: string; name: string; kind: Principal["kind"]; label?: string }>();
  const pendingPresence = new Map<string, NodeJS.Timeout>();
  const presenceOf = (release: string): Presence => {
    const people = new Set<string>();
    const screens = new Set<string>();
    let total = 0;
    for (const watcher of watchers.values()) {
      if (watcher.release !== release) continue;
      total += 1;
      if (watcher.kind === "user") people.add(watcher.name);
      if (watcher.kind === "board") screens.add(watcher.name);
    }
    return { release, people: [...people].sort().slice(0, PRESENCE_NAMES), screens: [...screens].sort().slice(0, PRESENCE_NAMES), total };
  };
  const announce = (release: string) => {
    if (pendingPresence.has(release)) return;
    pendingPresence.set(
      release,
      setTimeout(() => {
        pendingPresence.delete(release);
        io.to(roomOf(release)).emit("board:presence", presenceOf(release));
      }, PRESENCE_INTERVAL_MS).unref(),
    );
  };

  io.on("connection", (socket) => {
    for (const room of accessRooms(socket.data.principal)) void socket.join(room);
    socket.on("board:ping", (ack) => {
      if (typeof ack === "function") ack();
    });
    socket.on("disconnect", () => {
      const watcher = watchers.get(socket.id);
      watchers.delete(socket.id);
      if (watcher) announce(watcher.release);
    });

    socket.on("board:join", (request, ack) => {
      if (typeof ack !== "function") return;
      // A board joins once, and again after each reconnect; a loop of joins gets a refusal, not the server's time.
      joinLimiter.consume(socket.id).then(
        () => ack(join(request)),
        () =>
          ack({
            ok: false,
            error: new AppError(429, "rate_limited", `more than ${JOINS_PER_WINDOW} joins in ${JOIN_WINDOW_S} s on one connection`).toBody().error,
          }),
      );

      function join(raw: unknown): JoinReply {
        try {
          const parsed = joinSchema.safeParse(raw);
          if (!parsed.success) throw invalid("board:join needs { release, since?, protocol? }", parsed.error.issues);
          const { release, since, protocol } = parsed.data;
          if (protocol < minProtocol) {
            throw new AppError(426, CLIENT_TOO_OLD, `this board speaks protocol ${protocol}; the server needs ${minProtocol} or later: reload the page`, {
              protocol: PROTOCOL_VERSION,
            });
          }
          const action = { type: "release.read", release } as const;
          if (!can(socket.data.principal, action)) throw new AppError(403, "forbidden", refusal(action));
          // Read and join in the same tick: no event can slip between them.
          const { board, recent } = snapshotOf(release);
          let reply: JoinReply = { ok: true, seq: board.seq, snapshot: board, recent };
          if (since !== undefined && since <= board.seq && board.seq - since <= MAX_CATCH_UP_EVENTS) {
            const events = readiness.listEvents(release, since, MAX_CATCH_UP_EVENTS);
            // Every event since then, or (retention compacted some of them: SPEC 5, "still in the log") the snapshot.
            if (events.length === board.seq - since) reply = { ok: true, seq: board.seq, events, owner_names: board.owner_names };
          }
          if (socket.data.release && socket.data.release !== release) {
            void socket.leave(roomOf(socket.data.release));
            announce(socket.data.release);
          }
          socket.data.release = release;
          void socket.join(roomOf(release));
          const { principal } = socket.data;
          watchers.set(socket.id, { release, name: principal.name, kind: principal.kind, label: principal.kind === "user" ? principal.email : undefined });
          announce(release);
          return reply;
        } catch (error) {
          if (error instanceof AppError) return { ok: false, error: error.toBody().error };
          logger.error({ err: error }, "board:join failed");
          return { ok: false, error: INTERNAL_ERROR.error };
        }
      }
    });
  });

  /**
   * One snapshot per release, seq and day, shared by every board that joins
   * then (a room of TVs reconnecting after a blip costs one read). The day is
   * in the key: the schedule tile and overdue actions move with the date alone.
   */
  const snapshots = new Map<string, { key: string; board: Board; recent: GreenlightEvent[] }>();
  const joinLimiter = new RateLimiterMemory({ points: JOINS_PER_WINDOW, duration: JOIN_WINDOW_S });
  function snapshotOf(release: string) {
    const key = `${readiness.headSeq(release)}:${isoDate(new Date())}`;
    const cached = snapshots.get(release);
    if (cached?.key === key) return cached;
    const fresh = { key, board: projection.snapshot(release), recent: readiness.recentEvents(release, RECENT_EVENTS) };
    snapshots.set(release, fresh);
    ownersSaid.set(release, JSON.stringify(fresh.board.owner_names));
    return fresh;
  }

  /**
   * Who answers for each function is not in the log (people change outside
   * it, ADR 016): the `owner_names` each release's boards were last given,
   * to tell them again only when their leads changed.
   */
  const ownersSaid = new Map<string, string>();
  function peopleChanged() {
    const watched = new Set([...watchers.values()].map((w) => w.release));
    for (const release of new Set([...watched, ...snapshots.keys()])) {
      try {
        const owner_names = projection.ownerNames(release);
        const said = JSON.stringify(owner_names);
        if (ownersSaid.get(release) === said) continue;
        ownersSaid.set(release, said);
        // The next board to join gets a snapshot with the new names.
        snapshots.delete(release);
        if (watched.has(release)) io.to(roomOf(release)).emit("board:owners", { release, owner_names });
      } catch (error) {
        logger.error({ err: error, release }, "telling boards of changed leads failed");
      }
    }
  }

  const broadcaster = createBroadcaster<GreenlightEvent>({
    audience: (release) => [...(io.of("/").adapter.rooms.get(roomOf(release)) ?? [])],
    write: (ids, event) => io.to(ids).emit("board:event", event),
    sliceMs: broadcastSliceMs,
    groupSize: BROADCAST_GROUP,
    onError: (error, event) => logger.error({ err: error, seq: event.seq }, "broadcast failed"),
  });

  return {
    io,
    /** Called after the commit: send the event to every socket in its release's room, in commit order. */
    publish: broadcaster.publish,
    /**
     * Everyone watching a release now, for the decision record's attendees:
     * not truncated like the presence broadcast, people as "Name <email>".
     */
    attendeesOf(release: string): { people: string[]; screens: string[] } {
      const people = new Set<string>();
      const screens = new Set<string>();
      for (const watcher of watchers.values()) {
        if (watcher.release !== release) continue;
        if (watcher.kind === "user") people.add(watcher.label ? `${watcher.name} <${watcher.label}>` : watcher.name);
        if (watcher.kind === "board") screens.add(watcher.name);
      }
      return { people: [...people].sort(), screens: [...screens].sort() };
    },
    disconnect(room: string) {
      io.in(room).disconnectSockets(true);
    },
    /** Check every open socket's credentials again now (another process changed access: the CLI revoked a token). */
    recheck() {
      void recheckAll();
    },
    /** People changed (a lead invited or disabled, here or by the CLI): boards whose functions' leads changed are told. */
    peopleChanged,
    stop() {
      clearInterval(recheck);
      for (const timer of pendingPresence.values()) clearTimeout(timer);
    },
  };
}

export type Realtime = ReturnType<typeof attachRealtime>;
