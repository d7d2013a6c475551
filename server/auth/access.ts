import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../../db/client";
import type { Ledger } from "../ledger";
import type { Actor } from "./actor";
import type { Clock } from "../../app/shared/time";
import { recentAccess } from "./access-log";
import { createBoardLinks } from "./board-links";
import type { Principal } from "./principal";
import { createSessions } from "./sessions";
import { createTokens } from "./tokens";
import { createUsers, type UserRow } from "./users";

/**
 * People and access, composed: users, sessions, API tokens and board links,
 * the login throttle, and the rule that ending access (logout, disabling a
 * person, revoking a token or link) also disconnects that access's sockets.
 */
export interface AccessDeps {
  db: Db;
  clock: Clock;
  ledger: Ledger;
  /** Disconnect every socket in a room (`session:…`, `user:…`, `token:…`, `board:…`). */
  disconnect: (room: string) => void;
  /** A person was added or disabled (after the commit): boards name the leads who answer for each function. */
  peopleChanged?: () => void;
}

/** Failed sign-ins allowed per 15 minutes, per account and per address. */
export const LOGIN_LIMITS = { perAccount: 5, perAddress: 30, windowSeconds: 15 * 60 };

export type LoginResult =
  | { ok: true; user: UserRow; session: { secret: string; hash: string; expires: Date } }
  | { ok: false; status: 401 | 429; message: string; retryAfterSeconds?: number };

export function createAccess({ db, clock, ledger, disconnect, peopleChanged }: AccessDeps) {
  const users = createUsers(db, clock, ledger.sealer, peopleChanged);
  const sessions = createSessions(db, clock);
  const tokens = createTokens(db, clock, ledger.sealer);
  const boardLinks = createBoardLinks(db, clock, ledger);
  const failuresByAccount = new RateLimiterMemory({ points: LOGIN_LIMITS.perAccount, duration: LOGIN_LIMITS.windowSeconds });
  const failuresByAddress = new RateLimiterMemory({ points: LOGIN_LIMITS.perAddress, duration: LOGIN_LIMITS.windowSeconds });

  return {
    users,
    sessions,
    tokens,
    boardLinks,

    /**
     * Sign in. A wrong password and an unknown account get the same answer,
     * in the same time; repeated failures are refused with 429 before any check.
     */
    async login(email: string, password: string, address: string): Promise<LoginResult> {
      const account = email.trim().toLowerCase();
      // Take the attempt's point before the (slow) password check, so parallel
      // guesses cannot all slip in under the limit; a success gives it back.
      try {
        await failuresByAccount.consume(account);
        await failuresByAddress.consume(address);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const retry = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        return { ok: false, status: 429, message: `Too many failed sign-ins. Try again in ${Math.ceil(retry / 60)} minutes.`, retryAfterSeconds: retry };
      }
      const user = await users.verifyLogin(account, password);
      if (!user) return { ok: false, status: 401, message: "Email or password is wrong." };
      await failuresByAccount.delete(account);
      await failuresByAddress.reward(address, 1);
      return { ok: true, user, session: sessions.start(user.id) };
    },

    logout(principal: Principal): void {
      if (principal.kind !== "user") return;
      sessions.end(principal.sessionHash);
      disconnect(`session:${principal.sessionHash}`);
    },

    disableUser(id: number, actor: Actor): void {
      users.disable(id, actor);
      disconnect(`user:${id}`);
    },

    revokeToken(id: number, actor: Actor): void {
      tokens.revoke(id, actor);
      disconnect(`token:${id}`);
    },

    revokeBoardLink(release: string, id: number, actor: Actor): void {
      boardLinks.revoke(release, id, actor);
      disconnect(`board:${id}`);
    },

    /** The latest changes to people and tokens, newest first. */
    recentChanges: (limit = 20) => recentAccess(db, limit),

    /** A socket's credentials: an API token or a board-link token in `auth`, else the session cookie. Checked at the handshake and again periodically. */
    forSocket(token: unknown, cookieSecret: string | null): Principal | null {
      if (typeof token === "string" && token) return tokens.authenticate(token) ?? boardLinks.authenticate(token);
      return cookieSecret ? sessions.resolve(cookieSecret) : null;
    },
  };
}

export type Access = ReturnType<typeof createAccess>;
