import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { NewBoardLink } from "../../app/shared/auth-schemas";
import type { Db } from "../../db/client";
import { boardLinks } from "../../db/schema";
import { notFound } from "../../app/shared/errors";
import { localeOrNull } from "../../app/shared/locale";
import type { Ledger } from "../ledger";
import type { Actor } from "./actor";
import type { Clock } from "../../app/shared/time";
import { assertCan } from "./permissions";
import type { Principal } from "./principal";
import { hashSecret, newSecret } from "./secrets";

/**
 * Read-only links for shared screens: one release, no login. Creating and
 * revoking one are events in that release's log.
 */
const LAST_USED_RESOLUTION_MS = 60_000;

export function createBoardLinks(db: Db, clock: Clock, ledger: Ledger) {
  const byHash = db
    .select()
    .from(boardLinks)
    .where(and(eq(boardLinks.tokenHash, sql.placeholder("hash")), isNull(boardLinks.revokedAt)))
    .prepare();

  return {
    create(release: string, link: NewBoardLink, actor: Actor): { id: number; token: string; seq: number } {
      assertCan(actor, { type: "board-links.manage" });
      const token = newSecret("glb");
      const { result, seq } = ledger.record(release, actor, "board_link.created", ({ tx, at }) => {
        const row = tx
          .insert(boardLinks)
          .values({ releaseId: release, name: link.name, locale: link.locale, tokenHash: hashSecret(token), createdAt: at, createdBy: actor.label })
          .returning({ id: boardLinks.id })
          .get();
        return { result: row.id, data: { board_link: row.id, name: link.name, locale: link.locale } };
      });
      return { id: result, token, seq };
    },

    list(release: string) {
      return db
        .select({
          id: boardLinks.id,
          name: boardLinks.name,
          locale: boardLinks.locale,
          created_at: boardLinks.createdAt,
          created_by: boardLinks.createdBy,
          last_used_at: boardLinks.lastUsedAt,
          revoked_at: boardLinks.revokedAt,
        })
        .from(boardLinks)
        .where(eq(boardLinks.releaseId, release))
        .orderBy(desc(boardLinks.id))
        .all();
    },

    revoke(release: string, id: number, actor: Actor): void {
      assertCan(actor, { type: "board-links.manage" });
      const row = db
        .select()
        .from(boardLinks)
        .where(and(eq(boardLinks.id, id), eq(boardLinks.releaseId, release)))
        .get();
      if (!row) throw notFound(`board link ${id}`);
      if (row.revokedAt) return;
      ledger.record(release, actor, "board_link.revoked", ({ tx, at }) => {
        tx.update(boardLinks).set({ revokedAt: at }).where(eq(boardLinks.id, id)).run();
        return { result: undefined, data: { board_link: id, name: row.name } };
      });
    },

    authenticate(token: string): Extract<Principal, { kind: "board" }> | null {
      const row = byHash.get({ hash: hashSecret(token) });
      if (!row) return null;
      const now = clock();
      if (!row.lastUsedAt || now.getTime() - Date.parse(row.lastUsedAt) > LAST_USED_RESOLUTION_MS) {
        db.update(boardLinks).set({ lastUsedAt: now.toISOString() }).where(eq(boardLinks.id, row.id)).run();
      }
      return { kind: "board", id: row.id, name: row.name, release: row.releaseId, locale: localeOrNull(row.locale) };
    },
  };
}

export type BoardLinks = ReturnType<typeof createBoardLinks>;
