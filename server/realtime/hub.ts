import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { Access } from "../auth/access";
import { can, refusal } from "../auth/permissions";
import { accessRooms, type Principal } from "../auth/principal";
import { sessionSecretFrom } from "../auth/sessions";
import { AppError, INTERNAL_ERROR, invalid } from "../errors";
import type { GreenlightEvent } from "../events";
import type { Logger } from "../logger";
import type { Readiness } from "../readiness/service";
import { isSameOrigin } from "../security";
import { joinSchema, roomOf, type ClientToServerEvents, type JoinReply, type ServerToClientEvents } from "./protocol";

/** Catching up by events beyond this many is slower than a snapshot. */
const MAX_CATCH_UP_EVENTS = 500;

interface SocketData {
  principal: Principal;
  release?: string;
}

export interface RealtimeDeps {
  readiness: Readiness;
  access: () => Access;
  logger: Logger;
  allowedOrigins: readonly string[];
}

/**
 * Socket.IO on the app's own port. Sockets carry events, never writes:
 * writes go through HTTP and `publish` broadcasts after their commit. Each
 * socket joins rooms for its access (session, user, token, board link) so
 * ending that access disconnects it.
 */
export function attachRealtime(httpServer: HttpServer, { readiness, access, logger, allowedOrigins }: RealtimeDeps) {
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    allowRequest: (req, callback) => callback(null, isSameOrigin(req.headers, allowedOrigins)),
  });

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const principal = access().forSocket(token, sessionSecretFrom(socket.request.headers.cookie));
    if (!principal) return next(new Error("unauthorized"));
    socket.data.principal = principal;
    next();
  });

  io.on("connection", (socket) => {
    for (const room of accessRooms(socket.data.principal)) void socket.join(room);

    socket.on("board:join", (request, ack) => {
      if (typeof ack !== "function") return;
      ack(join(request));

      function join(raw: unknown): JoinReply {
        try {
          const parsed = joinSchema.safeParse(raw);
          if (!parsed.success) throw invalid("board:join needs { release, since? }", parsed.error.issues);
          const { release, since } = parsed.data;
          const action = { type: "release.read", release } as const;
          if (!can(socket.data.principal, action)) throw new AppError(403, "forbidden", refusal(action));
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
    disconnect(room: string) {
      io.in(room).disconnectSockets(true);
    },
  };
}

export type Realtime = ReturnType<typeof attachRealtime>;
