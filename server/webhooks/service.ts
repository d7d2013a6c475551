import { createHmac, randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import { and, asc, desc, eq, gt, isNull, lt, lte, sql } from "drizzle-orm";
import { IMMEDIATE, type Db } from "../../db/client";
import { events, releases, webhookCursors, webhookDeliveries, webhooks } from "../../db/schema";
import { AppError, invalid, notFound } from "../../app/shared/errors";
import type { GreenlightEvent } from "../../app/shared/events";
import type { Clock } from "../../app/shared/time";
import { webhookCreateSchema, webhookListQuery, type DeliveryStatus, type WebhookFormat, type WebhookInput } from "../../app/shared/webhooks";
import type { Actor } from "../auth/actor";
import { recordAccess } from "../auth/access-log";
import { assertCan } from "../auth/permissions";
import { newSecret } from "../auth/secrets";
import type { Sealer } from "../chain";
import type { Logger } from "../logger";
import { publicEvent, slackMessage } from "./body";
import { nextAttempt } from "./schedule";
import { checkTarget, guardedLookup, isPublicAddress, RefusedAddress } from "./ssrf";

/**
 * Webhooks out (SPEC 13, ADR 025). Three parts, none on a write's path:
 * - subscriptions, instance-level rows written in a plain transaction and
 *   logged in the access log (as API tokens are);
 * - the dispatcher, which tails each release's event log after a durable
 *   cursor in bounded batches and queues a delivery per matching
 *   subscription (woken after each commit and on a timer);
 * - the worker, which sends due deliveries (bounded, a few at a time),
 *   signed, with a timeout, to the address it checked, and schedules retries.
 */
export interface WebhooksDeps {
  db: Db;
  clock: Clock;
  sealer: Sealer;
  logger: Logger;
  allowPrivate: boolean;
  retryBaseMs: number;
  timeoutMs: number;
  /** PUBLIC_URL, for the links in Slack messages; undefined: none. */
  publicUrl?: string;
  /** Deliveries in flight at once. */
  concurrency?: number;
  random?: () => number;
}

/** Events read per dispatcher batch, and delivery rows per insert statement. */
export const DISPATCH_BATCH = 500;
/** The worker's idle poll: a delivery another process queued (or a clock that jumped) waits no longer than this. */
const IDLE_POLL_MS = 5_000;
const STARTED = "*";
const RESPONSE_KEEP_BYTES = 200;

export const USER_AGENT = "Greenlight-Webhook/1";

export function signature(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

type WebhookRow = typeof webhooks.$inferSelect;
type DeliveryRow = typeof webhookDeliveries.$inferSelect;

export interface WebhookView {
  id: number;
  url: string;
  events: string[];
  release: string | null;
  format: WebhookFormat;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  state: "active" | "revoked";
  last_delivery: { delivery: string; status: DeliveryStatus; status_code: number | null; error: string | null; at: string | null; event_type: string } | null;
}

export interface DeliveryView {
  id: string;
  release: string;
  seq: number;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  created_at: string;
  delivered_at: string | null;
}

function deliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.deliveryId,
    release: row.releaseId,
    seq: row.seq,
    event_type: row.eventType,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: row.status === "pending" ? row.nextAttemptAt : null,
    last_attempt_at: row.lastAttemptAt,
    last_status_code: row.lastStatusCode,
    last_error: row.lastError,
    last_duration_ms: row.lastDurationMs,
    created_at: row.createdAt,
    delivered_at: row.deliveredAt,
  };
}

/** `X-Greenlight-Delivery`: 128 random bits, time-ordered prefix (ULID-like) so ids sort by creation. */
function newDeliveryId(now: Date): string {
  return `${now.getTime().toString(36).padStart(9, "0")}${randomBytes(10).toString("hex")}`;
}

/** A subscription's hostname only: a URL's path may itself be a credential (Slack's incoming webhooks). */
const origin = (url: string) => new URL(url).origin;

export function createWebhooks(deps: WebhooksDeps) {
  const { db, clock, sealer, logger, allowPrivate, retryBaseMs, timeoutMs } = deps;
  const concurrency = deps.concurrency ?? 4;
  const random = deps.random ?? Math.random;

  const view = (row: WebhookRow): WebhookView => {
    const last = db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, row.id)).orderBy(desc(webhookDeliveries.id)).limit(1).get();
    return {
      id: row.id,
      url: row.url,
      events: row.events,
      release: row.releaseId,
      format: row.format,
      created_by: row.createdBy,
      created_at: row.createdAt,
      revoked_at: row.revokedAt,
      state: row.revokedAt ? "revoked" : "active",
      last_delivery: last
        ? {
            delivery: last.deliveryId,
            status: last.status,
            status_code: last.lastStatusCode,
            error: last.lastError,
            at: last.lastAttemptAt,
            event_type: last.eventType,
          }
        : null,
    };
  };

  const requireWebhook = (id: number): WebhookRow => {
    const row = db.select().from(webhooks).where(eq(webhooks.id, id)).get();
    if (!row) throw notFound(`webhook ${id}`);
    return row;
  };

  // ---------------------------------------------------------------- subscriptions

  /** Validate a subscription and check its target's addresses (DNS): the spec to `insert`, or a 422. */
  async function check(input: unknown, actor: Actor): Promise<WebhookInput> {
    assertCan(actor, { type: "webhooks.manage" });
    const parsed = webhookCreateSchema.safeParse(input);
    if (!parsed.success) throw invalid("the webhook is not valid; nothing was created", parsed.error.issues);
    const spec = parsed.data;
    if (spec.release && !db.select({ id: releases.id }).from(releases).where(eq(releases.id, spec.release)).get()) {
      throw invalid("the webhook is not valid; nothing was created", [{ path: ["release"], message: `no release "${spec.release}"` }]);
    }
    try {
      await checkTarget(new URL(spec.url), allowPrivate);
    } catch (error) {
      if (error instanceof RefusedAddress) {
        throw invalid("refused: private address", [
          { path: ["url"], message: `${error.message}; set GREENLIGHT_WEBHOOK_ALLOW_PRIVATE=1 to allow private and loopback receivers` },
        ]);
      }
      throw invalid("the webhook's host does not resolve; nothing was created", [{ path: ["url"], message: `cannot resolve ${new URL(spec.url).hostname}` }]);
    }
    return spec;
  }

  /** Store a checked subscription; its secret is returned this once. */
  function insert(spec: WebhookInput, actor: Actor): { webhook: WebhookView; secret: string } {
    assertCan(actor, { type: "webhooks.manage" });
    const secret = newSecret("glwh");
    const row = db.transaction(() => {
      const now = clock().toISOString();
      const inserted = db
        .insert(webhooks)
        .values({ url: spec.url, events: spec.events, releaseId: spec.release ?? null, format: spec.format, secret, createdBy: actor.label, createdAt: now })
        .returning()
        .get();
      recordAccess(db, sealer, now, actor.label, "webhook.created", `webhook#${inserted.id} ${origin(spec.url)} ${spec.events.join(",")}`);
      return inserted;
    }, IMMEDIATE);
    logger.info(
      { webhook: row.id, target: origin(row.url), events: row.events, release: row.releaseId, format: row.format, by: actor.label },
      "webhook created",
    );
    wake();
    return { webhook: view(row), secret };
  }

  async function create(input: unknown, actor: Actor): Promise<{ webhook: WebhookView; secret: string }> {
    return insert(await check(input, actor), actor);
  }

  function list(query: unknown, actor: Actor): { webhooks: WebhookView[]; next_before?: number } {
    assertCan(actor, { type: "webhooks.manage" });
    const q = webhookListQuery.safeParse(query ?? {});
    if (!q.success) throw invalid("bad query: ?limit= (1–200) and ?before=<id> are understood", q.error.issues);
    const rows = db
      .select()
      .from(webhooks)
      .where(q.data.before ? lt(webhooks.id, q.data.before) : undefined)
      .orderBy(desc(webhooks.id))
      .limit(q.data.limit + 1)
      .all();
    const page = rows.slice(0, q.data.limit);
    return { webhooks: page.map(view), ...(rows.length > q.data.limit ? { next_before: page.at(-1)!.id } : {}) };
  }

  /** Revoke: no new deliveries, and the pending ones stop (marked failed). Twice is a no-op. */
  function revoke(id: number, actor: Actor): void {
    assertCan(actor, { type: "webhooks.manage" });
    db.transaction(() => {
      const row = requireWebhook(id);
      if (row.revokedAt) return;
      const now = clock().toISOString();
      db.update(webhooks).set({ revokedAt: now }).where(eq(webhooks.id, id)).run();
      db.update(webhookDeliveries)
        .set({ status: "failed", nextAttemptAt: null, lastError: "webhook revoked" })
        // `+webhook_id`: through the pending deliveries (the due index), not the webhook's whole delivery history.
        .where(and(sql`+${webhookDeliveries.webhookId} = ${id}`, eq(webhookDeliveries.status, "pending")))
        .run();
      recordAccess(db, sealer, now, actor.label, "webhook.revoked", `webhook#${id} ${origin(row.url)}`);
    }, IMMEDIATE);
    logger.info({ webhook: id, by: actor.label }, "webhook revoked");
  }

  function deliveries(id: number, query: unknown, actor: Actor): { deliveries: DeliveryView[]; next_before?: number } {
    assertCan(actor, { type: "webhooks.manage" });
    requireWebhook(id);
    const q = webhookListQuery.safeParse(query ?? {});
    if (!q.success) throw invalid("bad query: ?limit= (1–200) and ?before=<cursor> are understood", q.error.issues);
    const rows = db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.webhookId, id), q.data.before ? lt(webhookDeliveries.id, q.data.before) : undefined))
      .orderBy(desc(webhookDeliveries.id))
      .limit(q.data.limit + 1)
      .all();
    const page = rows.slice(0, q.data.limit);
    return { deliveries: page.map(deliveryView), ...(rows.length > q.data.limit ? { next_before: page.at(-1)!.id } : {}) };
  }

  /** Send a delivery again now: pending, due now, with a new day of retries. Logged. */
  function redeliver(id: number, delivery: string, actor: Actor): DeliveryView {
    assertCan(actor, { type: "webhooks.manage" });
    const row = db.transaction(() => {
      const hook = requireWebhook(id);
      if (hook.revokedAt) throw new AppError(409, "revoked", `webhook ${id} is revoked; subscribe again to deliver to it`);
      const found = db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.deliveryId, delivery)))
        .get();
      if (!found) throw notFound(`delivery ${delivery} of webhook ${id}`);
      const now = clock().toISOString();
      const updated = db
        .update(webhookDeliveries)
        .set({ status: "pending", nextAttemptAt: now, firstAttemptAt: null, deliveredAt: null })
        .where(eq(webhookDeliveries.id, found.id))
        .returning()
        .get();
      recordAccess(db, sealer, now, actor.label, "webhook.redelivered", `webhook#${id} delivery ${delivery} (${found.releaseId}#${found.seq})`);
      return updated;
    }, IMMEDIATE);
    logger.info({ webhook: id, delivery, by: actor.label }, "webhook delivery queued again");
    schedule(0);
    return deliveryView(row);
  }

  // ---------------------------------------------------------------- the dispatcher

  const cursorOf = db
    .select({ seq: webhookCursors.seq })
    .from(webhookCursors)
    .where(eq(webhookCursors.releaseId, sql.placeholder("release")))
    .prepare();
  const headOf = db
    .select({ seq: events.seq })
    .from(events)
    .where(eq(events.releaseId, sql.placeholder("release")))
    .orderBy(desc(events.seq))
    .limit(1)
    .prepare();
  const eventsAfter = db
    .select()
    .from(events)
    .where(and(eq(events.releaseId, sql.placeholder("release")), gt(events.seq, sql.placeholder("after"))))
    .orderBy(asc(events.seq))
    .limit(sql.placeholder("limit"))
    .prepare();
  const setCursor = (release: string, seq: number) =>
    db.insert(webhookCursors).values({ releaseId: release, seq }).onConflictDoUpdate({ target: webhookCursors.releaseId, set: { seq } }).run();

  /**
   * One bounded pass: at most DISPATCH_BATCH events, across releases, in one
   * transaction with the cursors they advance. Returns how many were read.
   * On the first run ever the cursors start at each release's head (history
   * is not replayed); with no active subscription they follow the heads.
   */
  function dispatchOnce(): number {
    return db.transaction(() => {
      const releaseIds = db
        .select({ id: releases.id })
        .from(releases)
        .all()
        .map((r) => r.id);
      const started = cursorOf.get({ release: STARTED }) !== undefined;
      const active = db.select().from(webhooks).where(isNull(webhooks.revokedAt)).all();
      if (!started || active.length === 0) {
        // Idle: follow the heads, writing only what moved (a timer tick with nothing new writes nothing).
        for (const release of releaseIds) {
          const head = headOf.get({ release })?.seq ?? 0;
          if (cursorOf.get({ release })?.seq !== head) setCursor(release, head);
        }
        if (!started) setCursor(STARTED, 0);
        return 0;
      }
      const now = clock();
      let budget = DISPATCH_BATCH;
      const rows: (typeof webhookDeliveries.$inferInsert)[] = [];
      for (const release of releaseIds) {
        if (budget <= 0) break;
        const after = cursorOf.get({ release })?.seq ?? 0;
        const batch = eventsAfter.all({ release, after, limit: budget });
        if (!batch.length) continue;
        budget -= batch.length;
        for (const event of batch) {
          for (const hook of active) {
            if (hook.releaseId !== null && hook.releaseId !== release) continue;
            if (!hook.events.includes("*") && !hook.events.includes(event.type)) continue;
            // A subscription hears of what happens after it was made.
            if (event.at < hook.createdAt) continue;
            rows.push({
              deliveryId: newDeliveryId(now),
              webhookId: hook.id,
              releaseId: release,
              seq: event.seq,
              eventType: event.type,
              status: "pending",
              nextAttemptAt: now.toISOString(),
              createdAt: now.toISOString(),
            });
          }
        }
        setCursor(release, batch.at(-1)!.seq);
      }
      for (let i = 0; i < rows.length; i += DISPATCH_BATCH) {
        db.insert(webhookDeliveries)
          .values(rows.slice(i, i + DISPATCH_BATCH))
          .onConflictDoNothing()
          .run();
      }
      if (rows.length) schedule(0);
      return DISPATCH_BATCH - budget;
    }, IMMEDIATE);
  }

  // ---------------------------------------------------------------- the worker

  const inFlight = new Map<number, Promise<void>>();
  const stopping = new AbortController();
  let stopped = false;
  let workTimer: NodeJS.Timeout | null = null;
  let workAt = Infinity;

  /** Run the worker in `ms` (the earliest of what is asked). */
  function schedule(ms: number) {
    if (stopped) return;
    const at = Date.now() + ms;
    if (workTimer && at >= workAt) return;
    if (workTimer) clearTimeout(workTimer);
    workAt = at;
    workTimer = setTimeout(() => {
      workTimer = null;
      workAt = Infinity;
      work();
    }, ms);
    workTimer.unref?.();
  }

  function work() {
    if (stopped) return;
    try {
      const free = concurrency - inFlight.size;
      const now = clock().toISOString();
      if (free > 0) {
        const due = db
          .select()
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.status, "pending"), lte(webhookDeliveries.nextAttemptAt, now)))
          .orderBy(asc(webhookDeliveries.nextAttemptAt))
          .limit(free + inFlight.size)
          .all()
          .filter((row) => !inFlight.has(row.id))
          .slice(0, free);
        for (const row of due) {
          const run = attempt(row)
            .catch((error: unknown) => {
              // A bug, not the receiver: logged, and the delivery waits its backoff rather than spinning.
              logger.error({ err: error, delivery: row.deliveryId }, "a webhook delivery failed unexpectedly");
              const now = clock();
              const next = nextAttempt({
                attempts: row.attempts + 1,
                firstAttemptAt: row.firstAttemptAt ? new Date(row.firstAttemptAt) : now,
                now,
                baseMs: retryBaseMs,
                random,
              });
              db.update(webhookDeliveries)
                .set({
                  status: next ? "pending" : "failed",
                  attempts: row.attempts + 1,
                  firstAttemptAt: row.firstAttemptAt ?? now.toISOString(),
                  lastAttemptAt: now.toISOString(),
                  nextAttemptAt: next?.toISOString() ?? null,
                  lastError: "internal error preparing the delivery",
                })
                .where(eq(webhookDeliveries.id, row.id))
                .run();
            })
            .finally(() => {
              inFlight.delete(row.id);
              schedule(0);
            });
          inFlight.set(row.id, run);
        }
      }
      // The next due delivery, or the idle poll.
      const next = db
        .select({ at: webhookDeliveries.nextAttemptAt })
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.status, "pending"), gt(webhookDeliveries.nextAttemptAt, now)))
        .orderBy(asc(webhookDeliveries.nextAttemptAt))
        .limit(1)
        .get();
      const wait = next?.at ? Math.max(0, Date.parse(next.at) - clock().getTime()) : IDLE_POLL_MS;
      schedule(Math.min(wait, IDLE_POLL_MS));
    } catch (error) {
      logger.error({ err: error }, "the webhook worker failed; it tries again shortly");
      schedule(IDLE_POLL_MS);
    }
  }

  /** The body of a delivery: the event, or the Slack message about it. Null: the event is no longer in the log. */
  function bodyOf(hook: WebhookRow, row: DeliveryRow): { body: Buffer; type: string } | null {
    const event = db
      .select()
      .from(events)
      .where(and(eq(events.releaseId, row.releaseId), eq(events.seq, row.seq)))
      .get();
    if (!event) return null;
    const shown = publicEvent({ ...event, release: event.releaseId } as unknown as GreenlightEvent);
    if (hook.format === "json") return { body: Buffer.from(JSON.stringify(shown)), type: event.type };
    const before = db
      .select({ board: events.board })
      .from(events)
      .where(and(eq(events.releaseId, row.releaseId), eq(events.seq, row.seq - 1)))
      .get();
    const message = slackMessage(shown, {
      gateBefore: before ? before.board.gate.open : null,
      gateAfter: event.board.gate,
      baseUrl: deps.publicUrl ?? null,
    });
    return { body: Buffer.from(JSON.stringify(message)), type: event.type };
  }

  async function attempt(row: DeliveryRow): Promise<void> {
    const hook = db.select().from(webhooks).where(eq(webhooks.id, row.webhookId)).get();
    if (!hook || hook.revokedAt) {
      db.update(webhookDeliveries).set({ status: "failed", nextAttemptAt: null, lastError: "webhook revoked" }).where(eq(webhookDeliveries.id, row.id)).run();
      return;
    }
    const payload = bodyOf(hook, row);
    if (!payload) {
      db.update(webhookDeliveries)
        .set({ status: "failed", nextAttemptAt: null, lastError: "the event is no longer in the log (compacted)" })
        .where(eq(webhookDeliveries.id, row.id))
        .run();
      return;
    }
    const started = clock();
    const outcome = await post(hook, row, payload);
    if (stopped && outcome.aborted) return; // Shutting down: the attempt did not count; the next start sends it.
    const ended = clock();
    const first = row.firstAttemptAt ? new Date(row.firstAttemptAt) : started;
    const attempts = row.attempts + 1;
    const ok = outcome.code !== null && outcome.code >= 200 && outcome.code < 300;
    const next = ok ? null : nextAttempt({ attempts, firstAttemptAt: first, now: ended, baseMs: retryBaseMs, random });
    const status: DeliveryStatus = ok ? "delivered" : next ? "pending" : "failed";
    db.update(webhookDeliveries)
      .set({
        status,
        attempts,
        firstAttemptAt: first.toISOString(),
        lastAttemptAt: started.toISOString(),
        nextAttemptAt: next?.toISOString() ?? null,
        lastStatusCode: outcome.code,
        lastError: ok ? null : outcome.error,
        lastDurationMs: ended.getTime() - started.getTime(),
        deliveredAt: ok ? ended.toISOString() : null,
      })
      .where(and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.status, "pending")))
      .run();
    const fields = {
      webhook: hook.id,
      delivery: row.deliveryId,
      release: row.releaseId,
      seq: row.seq,
      target: origin(hook.url),
      attempt: attempts,
      code: outcome.code,
    };
    if (ok) logger.info(fields, "webhook delivered");
    else if (next) logger.warn({ ...fields, error: outcome.error, next_attempt_at: next.toISOString() }, "webhook delivery failed; will retry");
    else logger.error({ ...fields, error: outcome.error }, "webhook delivery failed for a day; gave up");
  }

  /** One POST: the status code, or why there is none. Never throws. */
  function post(
    hook: WebhookRow,
    row: DeliveryRow,
    payload: { body: Buffer; type: string },
  ): Promise<{ code: number | null; error: string | null; aborted: boolean }> {
    return new Promise((resolve) => {
      const url = new URL(hook.url);
      const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), stopping.signal]);
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      let settled = false;
      const done = (code: number | null, error: string | null) => {
        if (settled) return;
        settled = true;
        resolve({ code, error, aborted: signal.aborted });
      };
      // An IP literal never reaches `lookup` (the socket connects to it directly): judged here.
      const literal = url.hostname.replace(/^\[|\]$/g, "");
      if (!allowPrivate && isIP(literal) && !isPublicAddress(literal)) return done(null, new RefusedAddress(url.hostname, literal).message);
      try {
        const req = send(
          url,
          {
            method: "POST",
            signal,
            lookup: guardedLookup(allowPrivate),
            headers: {
              "Content-Type": "application/json",
              "Content-Length": payload.body.length,
              "User-Agent": USER_AGENT,
              "X-Greenlight-Event": payload.type,
              "X-Greenlight-Delivery": row.deliveryId,
              "X-Greenlight-Signature": signature(hook.secret, payload.body),
            },
          },
          (res: IncomingMessage) => {
            const code = res.statusCode ?? null;
            let kept = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => {
              if (kept.length < RESPONSE_KEEP_BYTES) kept += chunk.slice(0, RESPONSE_KEEP_BYTES - kept.length);
            });
            res.on("end", () => done(code, code !== null && code >= 200 && code < 300 ? null : `HTTP ${code}${kept ? `: ${kept.trim()}` : ""}`));
            res.on("error", (error) => done(code, error.message));
          },
        );
        req.on("error", (error: Error) => {
          const cause = signal.aborted
            ? stopping.signal.aborted
              ? "the server stopped"
              : `no answer within ${timeoutMs} ms`
            : error instanceof RefusedAddress
              ? error.message
              : error.message;
          done(null, cause);
        });
        req.end(payload.body);
      } catch (error) {
        done(null, (error as Error).message);
      }
    });
  }

  // ---------------------------------------------------------------- running

  let dispatchQueued = false;
  let dispatchTimer: NodeJS.Timeout | null = null;

  /** Read new events soon (after the current turn), batch after batch, yielding between batches. */
  function wake() {
    if (stopped || dispatchQueued) return;
    dispatchQueued = true;
    setImmediate(drain);
  }

  function drain() {
    dispatchQueued = false;
    if (stopped) return;
    try {
      if (dispatchOnce() >= DISPATCH_BATCH) wake();
    } catch (error) {
      logger.error({ err: error }, "the webhook dispatcher failed; it tries again shortly");
    }
  }

  return {
    check,
    insert,
    create,
    list,
    revoke,
    deliveries,
    redeliver,
    /** For tests: one dispatcher pass. */
    dispatchOnce,
    /** After each commit (the ledger's listener): new events to read. */
    wake,
    /** Start the timers: the dispatcher every `everyMs` (commits by other processes), the worker at once. */
    start(everyMs = 1_000) {
      wake();
      dispatchTimer = setInterval(wake, everyMs);
      dispatchTimer.unref?.();
      schedule(0);
    },
    /** Stop: abort what is in flight (those attempts do not count) and wait for it. */
    async stop() {
      stopped = true;
      if (dispatchTimer) clearInterval(dispatchTimer);
      if (workTimer) clearTimeout(workTimer);
      stopping.abort();
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}

export type Webhooks = ReturnType<typeof createWebhooks>;
