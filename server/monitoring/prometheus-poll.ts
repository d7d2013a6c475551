import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { items, itemSources, releases } from "../../db/schema";
import { AppError } from "../../app/shared/errors";
import type { MetricConfig } from "../../app/shared/kinds";
import { parseDuration, type Clock } from "../../app/shared/time";
import { PROMETHEUS } from "../auth/actor";
import type { Logger } from "../logger";
import type { Readiness } from "../readiness/service";

/**
 * `metric` items polled from Prometheus (SPEC 13, ADR 022). Every interval
 * the poller runs each item's PromQL query against `GET /api/v1/query`
 * (outside any transaction, with a timeout, never two runs at once), then
 * reports each value that changed as evidence by `system:prometheus`, one
 * ledger write each, through the readiness rules. A query that fails — the
 * server unreachable, an HTTP error, `status: "error"`, no series, several
 * series, a value that is not a finite number — is stored on the item
 * (`item_sources`) and never turned into a value: the evidence stays as it was.
 */

/** The one number a query answered with, or why there is none. */
export type QueryOutcome = { ok: true; value: number } | { ok: false; error: string };

const sample = z.tuple([z.number(), z.string()]);
const queryAnswer = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("success"),
    data: z.discriminatedUnion("resultType", [
      z.object({ resultType: z.literal("scalar"), result: sample }),
      z.object({ resultType: z.literal("vector"), result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: sample })) }),
      z.object({ resultType: z.literal("matrix"), result: z.array(z.unknown()) }),
      z.object({ resultType: z.literal("string"), result: z.unknown() }),
    ]),
  }),
  z.object({ status: z.literal("error"), errorType: z.string().optional(), error: z.string().optional() }),
]);

const ERROR_MAX = 500;
const seriesName = (labels: Record<string, string>) =>
  `${labels.__name__ ?? ""}{${Object.entries(labels)
    .filter(([k]) => k !== "__name__")
    .map(([k, v]) => `${k}="${v}"`)
    .join(",")}}`;

/** Read Prometheus's answer to an instant query: exactly one finite number, or the reason why not. */
export function readAnswer(httpStatus: number, body: unknown): QueryOutcome {
  const parsed = queryAnswer.safeParse(body);
  if (!parsed.success) return { ok: false, error: `HTTP ${httpStatus}: not a Prometheus query answer` };
  const answer = parsed.data;
  if (answer.status === "error") return { ok: false, error: `Prometheus: ${answer.errorType ?? "error"}: ${answer.error ?? "no message"}`.slice(0, ERROR_MAX) };
  if (httpStatus >= 400) return { ok: false, error: `HTTP ${httpStatus}` };
  const { data } = answer;
  let raw: string;
  if (data.resultType === "scalar") raw = data.result[1];
  else if (data.resultType === "vector") {
    if (data.result.length === 0) return { ok: false, error: "the query returned no series" };
    if (data.result.length > 1) {
      const names = data.result.slice(0, 3).map((r) => seriesName(r.metric));
      return {
        ok: false,
        error: `the query returned ${data.result.length} series (${names.join(", ")}${data.result.length > 3 ? ", …" : ""}); it must return one`,
      };
    }
    raw = data.result[0]!.value[1];
  } else return { ok: false, error: `the query returned a ${data.resultType}, not a scalar or a one-series vector` };
  const value = Number(raw);
  if (!Number.isFinite(value)) return { ok: false, error: `the query returned ${raw}, not a finite number` };
  return { ok: true, value };
}

/** One instant query against Prometheus, with a timeout. Never throws. */
export async function queryPrometheus(baseUrl: string, query: string, timeoutMs: number, at: Date): Promise<QueryOutcome> {
  const url = `${baseUrl}/api/v1/query?${new URLSearchParams({ query, time: (at.getTime() / 1000).toFixed(3) })}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, error: `Prometheus did not answer within ${timeoutMs / 1000} s` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { ok: false, error: `Prometheus unreachable at ${baseUrl}: ${cause?.code ?? cause?.message ?? (error as Error).message}`.slice(0, ERROR_MAX) };
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    return { ok: false, error: `HTTP ${res.status}: the answer is not JSON` };
  }
  return readAnswer(res.status, body);
}

export interface SourceState {
  /** The query, as the template sets it. */
  query: string;
  checked_at: string;
  ok_at: string | null;
  /** The last query's failure; null while queries answer. */
  error: string | null;
  error_at: string | null;
}

export function createSourceReads(db: Db) {
  const ofRelease = db
    .select()
    .from(itemSources)
    .where(eq(itemSources.releaseId, sql.placeholder("release")))
    .prepare();
  return {
    /** The polled items' last outcomes in a release, by item id. */
    ofRelease(release: string): Map<string, Omit<SourceState, "query">> {
      return new Map(
        ofRelease.all({ release }).map((r) => [r.itemId, { checked_at: r.checkedAt, ok_at: r.okAt, error: r.error, error_at: r.errorAt }] as const),
      );
    },
  };
}

export interface PollerDeps {
  db: Db;
  readiness: Readiness;
  clock: Clock;
  logger: Logger;
  url: string;
  intervalMs: number;
  /** One query's limit (default: 10 s, or the interval if shorter). */
  timeoutMs?: number;
}

export function createPrometheusPoller({ db, readiness, clock, logger, url, intervalMs, timeoutMs = Math.min(10_000, intervalMs) }: PollerDeps) {
  const record = (release: string, item: string, at: string, outcome: QueryOutcome) => {
    const state = outcome.ok ? { checkedAt: at, okAt: at, error: null, errorAt: null } : { checkedAt: at, error: outcome.error, errorAt: at };
    db.insert(itemSources)
      .values({ releaseId: release, itemId: item, okAt: null, ...state })
      .onConflictDoUpdate({ target: [itemSources.releaseId, itemSources.itemId], set: state })
      .run();
  };

  /**
   * One pass: every polled item's query, then one write per changed value.
   * Only releases still heading for launch (open, or GO and not yet
   * released) are polled: a released or rolled-back release's readiness is a
   * record, and a reading taken afterwards would rewrite it.
   */
  async function poll(): Promise<{ reported: number; failed: number }> {
    const sources = db
      .select({ releaseId: items.releaseId, id: items.id, config: items.config, evidence: items.evidence, evidenceAt: items.evidenceAt, maxAge: items.maxAge })
      .from(items)
      .innerJoin(releases, eq(releases.id, items.releaseId))
      .where(and(eq(items.kind, "metric"), inArray(releases.phase, ["open", "go"])))
      .all()
      .flatMap((row) => {
        const query = (row.config as MetricConfig).source?.prometheus;
        return query ? [{ ...row, query }] : [];
      });
    if (!sources.length) return { reported: 0, failed: 0 };
    const now = clock();
    // Outside any transaction: a slow Prometheus never holds the write lock. A few queries at a time.
    const outcomes: QueryOutcome[] = [];
    for (let i = 0; i < sources.length; i += 4) {
      outcomes.push(...(await Promise.all(sources.slice(i, i + 4).map((s) => queryPrometheus(url, s.query, timeoutMs, now)))));
    }
    let reported = 0;
    let failed = 0;
    const at = clock().toISOString();
    sources.forEach((source, i) => {
      let outcome = outcomes[i]!;
      if (outcome.ok) {
        // Re-read: evidence may have arrived while the queries ran.
        let current: ReturnType<Readiness["getItem"]>;
        try {
          current = readiness.getItem(source.releaseId, source.id);
        } catch {
          return;
        }
        const value = (current.evidence as { value?: unknown } | null)?.value;
        const maxAgeMs = source.maxAge ? parseDuration(source.maxAge) : null;
        // An unchanged value is not written again, unless the item would go stale without a fresh reading.
        const refresh = maxAgeMs !== null && current.evidence_at !== null && clock().getTime() - Date.parse(current.evidence_at) > maxAgeMs / 2;
        if (value !== outcome.value || refresh) {
          try {
            readiness.reportEvidence(source.releaseId, source.id, { value: outcome.value }, PROMETHEUS);
            reported++;
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            outcome = { ok: false, error: `the value ${outcome.value} was refused: ${error.message}`.slice(0, ERROR_MAX) };
          }
        }
      }
      if (!outcome.ok) failed++;
      record(source.releaseId, source.id, at, outcome);
    });
    return { reported, failed };
  }

  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let stopped = false;
  /** Runs one pass unless one is running (then answers that one). */
  const runOnce = () => {
    running ??= poll()
      .catch((error: unknown) => logger.error({ err: error }, "Prometheus poll failed"))
      .finally(() => {
        running = null;
      });
    return running;
  };
  // The next pass is timed from the end of the last: runs never overlap.
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void runOnce().then(schedule), intervalMs);
    timer.unref();
  };

  return {
    poll,
    runOnce,
    start() {
      stopped = false;
      void runOnce().then(schedule);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type PrometheusPoller = ReturnType<typeof createPrometheusPoller>;
