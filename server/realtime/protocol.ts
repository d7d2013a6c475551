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
  /** `recent`: the latest events before the snapshot, newest first, for the ticker (an extension). */
  | { ok: true; seq: number; snapshot: Board; recent?: GreenlightEvent[] }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Who is watching a release's board (an extension of SPEC 5). */
export interface Presence {
  release: string;
  /** Signed-in people, by name (at most PRESENCE_NAMES of them). */
  people: string[];
  /** Board-link screens, by name. */
  screens: string[];
  /** Every connected, joined socket, including API clients. */
  total: number;
}

export const PRESENCE_NAMES = 24;

export interface ServerToClientEvents {
  "board:event": (event: GreenlightEvent) => void;
  "board:presence": (presence: Presence) => void;
}

export interface ClientToServerEvents {
  "board:join": (request: JoinRequest, ack: (reply: JoinReply) => void) => void;
  /** A liveness check: the server acknowledges at once (the board shows "disconnected" within 2 s of silence). */
  "board:ping": (ack: () => void) => void;
}

export const roomOf = (release: string) => `release:${release}`;
