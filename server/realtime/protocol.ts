import { z } from "zod";
import type { GreenlightEvent } from "../events";
import type { Board } from "../readiness/board";

/** The realtime protocol (SPEC 5, a contract), typed once for server and client. */
export const joinSchema = z
  .object({
    release: z.string().min(1).max(64),
    since: z.number().int().nonnegative().optional(),
  })
  .strict();

export type JoinRequest = z.infer<typeof joinSchema>;

export type JoinReply =
  | { ok: true; seq: number; events: GreenlightEvent[] }
  | { ok: true; seq: number; snapshot: Board }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

export interface ServerToClientEvents {
  "board:event": (event: GreenlightEvent) => void;
}

export interface ClientToServerEvents {
  "board:join": (request: JoinRequest, ack: (reply: JoinReply) => void) => void;
}

export const roomOf = (release: string) => `release:${release}`;
