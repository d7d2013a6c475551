import { z } from "zod";
import type { GreenlightEvent } from "./events";
import type { Board } from "./board";
import type { OwnerNames } from "./owners";

/** The realtime protocol (SPEC 5, a contract), typed once for server and client. */

/**
 * The protocol this code speaks. Version 2: the server's deltas carry the
 * votes whenever their freshness changes and the whole Go/No-Go state on
 * every Go/No-Go change, and a client applies them without deriving a rule.
 * Version 1 (no `protocol` sent: SPEC 5 as first written, and boards loaded
 * before version 2 was deployed) still works with these deltas, so it is
 * still served. A board older than the server's minimum (a TV left open
 * across a deploy that raised it) is refused with `client_too_old` and
 * reloads itself.
 */
export const PROTOCOL_VERSION = 2;
/** The oldest client version served by default (GREENLIGHT_MIN_PROTOCOL may raise it). */
export const MIN_PROTOCOL_VERSION = 1;
export const CLIENT_TOO_OLD = "client_too_old";

export const joinSchema = z
  .object({
    release: z.string().min(1).max(64),
    since: z.number().int().nonnegative().optional(),
    /** Absent means 1 (SPEC 5). */
    protocol: z.number().int().positive().default(1),
  })
  .strict();

export type JoinRequest = z.input<typeof joinSchema>;

export type JoinReply =
  /** `owner_names`: who answers for each function now (an extension: leads change outside the log, ADR 016). */
  | { ok: true; seq: number; events: GreenlightEvent[]; owner_names?: OwnerNames }
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

/** The leads of a release's functions changed (a lead invited or disabled): the board's `owner_names` (an extension of SPEC 5, ADR 016). */
export interface OwnersChange {
  release: string;
  owner_names: OwnerNames;
}

export interface ServerToClientEvents {
  "board:event": (event: GreenlightEvent) => void;
  "board:presence": (presence: Presence) => void;
  "board:owners": (change: OwnersChange) => void;
}

export interface ClientToServerEvents {
  "board:join": (request: JoinRequest, ack: (reply: JoinReply) => void) => void;
  /** A liveness check: the server acknowledges at once (the board shows "disconnected" within 2 s of silence). */
  "board:ping": (ack: () => void) => void;
}

export const roomOf = (release: string) => `release:${release}`;
