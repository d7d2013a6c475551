import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { AppError, INTERNAL_ERROR, invalid } from "../errors";
import type { GreenlightEvent } from "../events";
import type { Logger } from "../logger";
import type { Readiness } from "../readiness/service";
import type { TokenPrincipal } from "../auth/tokens";
import { isSameOrigin } from "../security";
import { joinSchema, roomOf, type ClientToServerEvents, type JoinReply, type ServerToClientEvents } from "./protocol";

/** Catching up by events beyond this many is slower than a snapshot. */
const MAX_CATCH_UP_EVENTS = 500;

interface SocketData {
  principal: TokenPrincipal;
  release?: string;
}

export interface RealtimeDeps {
  readiness: Readiness;
  authenticate: (token: string) => TokenPrincipal | null;
  logger: Logger;
}

/**
 * Socket.IO on the app's own port. Sockets carry events, never writes:
 * writes go through HTTP and `publish` broadcasts after their commit.
 */
export function attachRealtime(httpServer: HttpServer, { readiness, authenticate, logger }: RealtimeDeps) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers)),
  });

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const principal = typeof token === "string" ? authenticate(token) : null;
    if (!principal) return next(new Error("unauthorized"));
    socket.data.principal = principal;
    next();
  });

  io.on("connection", (socket) => {
    socket.on("board:join", (request, ack) => {
      if (typeof ack !== "function") return;
      ack(join(request));

      function join(raw: unknown): JoinReply {
        try {
          const parsed = joinSchema.safeParse(raw);
          if (!parsed.success) throw invalid("board:join needs { release, since? }", parsed.error.issues);
          const { release, since } = parsed.data;
          // Read and join in the same tick: no event can slip between them.
          const board = readiness.board(release);
          let reply: JoinReply = { ok: true, seq: board.seq, snapshot: board };
          if (since !== undefined && since <= board.seq && board.seq - since <= MAX_CATCH_UP_EVENTS) {
            reply = { ok: true, seq: board.seq, events: readiness.listEvents(release, since, MAX_CATCH_UP_EVENTS) };
          }
          if (socket.data.release && socket.data.release !== release) void socket.leave(roomOf(socket.data.release));
          socket.data.release = release;
          void socket.join(roomOf(release));
          return reply;
        } catch (error) {
          if (error instanceof AppError) return { ok: false, error: error.toBody().error };
          logger.error({ err: error }, "board:join failed");
          return { ok: false, error: INTERNAL_ERROR.error };
        }
      }
    });
  });

  return {
    io,
    publish(event: GreenlightEvent) {
      io.to(roomOf(event.release)).emit("board:event", event);
    },
  };
}

export type Realtime = ReturnType<typeof attachRealtime>;
