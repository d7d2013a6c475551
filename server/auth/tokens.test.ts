import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { testDatabase } from "../../test/support/db";
import { createSealer } from "../chain";
import { SYSTEM } from "./actor";
import { createTokens } from "./tokens";

/**
 * Revoking a token from the CLI while the server writes: the revocation's
 * transaction must hold the write lock from its start. A deferred one reads
 * the token, then fails at once with SQLITE_BUSY when another connection
 * committed in between (the red team's "database is locked", with the token
 * still valid). Here the other connection commits exactly in that gap.
 */
describe("revoking a token beside another writer", () => {
  it("takes the write lock first, so a commit from elsewhere cannot slip between its read and its write", () => {
    const { db, path } = testDatabase();
    const other = new Database(path);
    other.pragma("busy_timeout = 0");
    const sealer = createSealer(Buffer.alloc(32, 7));
    const { id } = createTokens(db, () => new Date(), sealer).create({ name: "victim", role: "viewer" }, SYSTEM);
    let otherWrote: boolean | null = null;
    // The revocation reads the token, asks the time, then writes: the other connection tries to commit right then.
    const tokens = createTokens(
      db,
      () => {
        try {
          other.prepare("insert into access_events (at, actor, action, subject) values ('x', 'server', 'token.created', 'elsewhere')").run();
          otherWrote = true;
        } catch {
          otherWrote = false;
        }
        return new Date();
      },
      sealer,
    );
    tokens.revoke(id, SYSTEM);
    // The other writer waited its turn (here: gave up at once) instead of invalidating the revocation.
    expect(otherWrote).toBe(false);
    expect(tokens.list().find((t) => t.id === id)!.revoked_at).not.toBeNull();
    other.close();
  });
});
