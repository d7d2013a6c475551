import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import canonicalize from "canonicalize";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { AppError } from "../app/shared/errors";
import { idempotencyKeySchema } from "../app/shared/idempotency";
import type { Clock } from "../app/shared/time";
import type { Principal } from "./auth/principal";
import type { Ledger } from "./ledger";

/**
 * Nothing created twice (issue 15). A creating request may carry a key (the
 * API's `Idempotency-Key` header, a page form's hidden field): the first
 * request with a key runs and its answer is kept, in the same transaction as
 * what it created; the same key from the same principal within a day gets
 * that answer again and writes nothing more; the same key on another request
 * is refused. Requests are serialised by the write lock (and run
 * synchronously once their body is read), so a concurrent duplicate finds the
 * first one's answer rather than running beside it.
 * Compare Stripe's idempotent requests and the IETF draft
 * (https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/).
 */

/** How long a key's answer is kept. */
export const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/** Expired keys deleted by each keyed write: a bounded cost that still drains far faster than keys arrive. */
export const CLEANUP_BATCH = 100;

/** A request sent with a key. */
export interface KeyedRequest {
  principal: Principal;
  key: unknown;
  method: string;
  /** Path and query: the same key on another endpoint is another request. */
  url: string;
  body: unknown;
}

export function createIdempotency({ db, ledger, clock, chainKey }: { db: Db; ledger: Ledger; clock: Clock; chainKey: Buffer }) {
  const box = answerBox(chainKey);
  const ph = sql.placeholder;
  const find = db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.principal, ph("principal")), eq(idempotencyKeys.key, ph("key"))))
    .prepare();

  return {
    /**
     * `run` once per key: its result, or the first result kept for this
     * principal's key (`replayed`). Without a request (no key sent) `run`
     * simply runs. A refusal (a thrown error) keeps nothing, so a retry runs
     * again. `run`'s result must survive JSON.
     */
    once<R>(request: KeyedRequest | null, run: () => R): { result: R; replayed: boolean } {
      if (!request) return { result: run(), replayed: false };
      const parsed = idempotencyKeySchema.safeParse(request.key);
      if (!parsed.success) throw new AppError(400, "invalid_idempotency_key", `the idempotency key is not valid: ${parsed.error.issues[0]!.message}`);
      const key = parsed.data;
      const principal = `${request.principal.kind}:${request.principal.id}`;
      const fingerprint = createHash("sha256")
        .update(`${request.method.toUpperCase()} ${request.url}\n${canonicalize(request.body ?? null)}`)
        .digest("hex");
      return ledger.atomically((tx) => {
        const now = clock();
        const at = now.toISOString();
        const kept = find.get({ principal, key });
        if (kept && kept.expiresAt > at) {
          if (kept.fingerprint !== fingerprint) {
            throw new AppError(
              422,
              "idempotency_key_reused",
              "this idempotency key was already used for another request (another path or body): send a new key with a new request",
            );
          }
          return { result: (JSON.parse(box.open(kept.response, principal, key)) as { value: R }).value, replayed: true };
        }
        const result = run();
        const row = {
          fingerprint,
          response: box.seal(JSON.stringify({ value: result }), principal, key),
          createdAt: at,
          expiresAt: new Date(now.getTime() + KEY_LIFETIME_MS).toISOString(),
        };
        tx.insert(idempotencyKeys)
          .values({ principal, key, ...row })
          .onConflictDoUpdate({ target: [idempotencyKeys.principal, idempotencyKeys.key], set: row })
          .run();
        tx.run(
          sql`delete from ${idempotencyKeys} where rowid in (select rowid from ${idempotencyKeys} where ${idempotencyKeys.expiresAt} <= ${at} limit ${CLEANUP_BATCH})`,
        );
        return { result, replayed: false };
      });
    },
  };
}

export type Idempotency = ReturnType<typeof createIdempotency>;

/**
 * Answers are kept encrypted (AES-256-GCM, a key derived from the chain key,
 * which the database does not hold): a new API token's or board link's secret
 * is in one, and a copy of the database must not give it away. The principal
 * and key are authenticated with it, so an answer moved to another row does
 * not open.
 */
function answerBox(chainKey: Buffer) {
  const key = Buffer.from(hkdfSync("sha256", chainKey, Buffer.alloc(0), "greenlight idempotent answers", 32));
  const aad = (principal: string, idempotencyKey: string) => Buffer.from(`${principal}\n${idempotencyKey}`);
  return {
    seal(text: string, principal: string, idempotencyKey: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad(principal, idempotencyKey));
      const data = Buffer.concat([cipher.update(text, "utf8"), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]).toString("base64");
    },
    open(sealed: string, principal: string, idempotencyKey: string): string {
      const bytes = Buffer.from(sealed, "base64");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12)).setAAD(aad(principal, idempotencyKey)).setAuthTag(bytes.subarray(12, 28));
        return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
      } catch {
        // Another chain key (a database restored without its key) or an edited row: the request ran, its answer is lost.
        throw new AppError(409, "idempotency_answer_unreadable", "this idempotency key was used already, and its first answer cannot be read: send a new key");
      }
    },
  };
}
