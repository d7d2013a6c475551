import { z } from "zod";
import { MIN_PROTOCOL_VERSION, PROTOCOL_VERSION } from "../app/shared/protocol";

/**
 * The environment (SPEC 8), parsed once at start-up. A bad value stops the
 * process with a message naming the variable.
 */
const unset = (v: unknown) => (v === "" ? undefined : v);

/**
 * How long one broadcast may hold the event loop (ms). Measured at 2,000 boards
 * (bench/RESULTS.md, ADR 004): 8 ms kept the event-loop p99 near 27 ms but its
 * extra turns cost the fan-out 1.2–1.3× the bare server; 12 ms, near 36 ms and
 * 1.03–1.15×; 16 ms, 47 ms, too close to the 50 ms target.
 */
export const DEFAULT_BROADCAST_SLICE_MS = 12;

const envSchema = z.object({
  NODE_ENV: z.preprocess(unset, z.enum(["development", "production", "test"]).default("production")),
  PORT: z.preprocess(unset, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(unset, z.string().default("0.0.0.0")),
  DATABASE_URL: z.preprocess(unset, z.string().default("file:./data/greenlight.db")),
  GREENLIGHT_BOOTSTRAP_TOKEN: z.preprocess(unset, z.string().min(16, "must be at least 16 characters").max(200).optional()),
  GREENLIGHT_DEMO: z.preprocess(unset, z.enum(["0", "1"], { error: 'expected "0" or "1"' }).default("1")),
  GREENLIGHT_API_RATE: z.preprocess(unset, z.coerce.number().min(0).default(1000)),
  GREENLIGHT_CHECKLISTS: z.preprocess(unset, z.string().default("checklists")),
  /** The key that seals the chain heads: a file outside the data directory (default ~/.config/greenlight/chain.key, created on first start). */
  GREENLIGHT_KEY_FILE: z.preprocess(unset, z.string().min(1).optional()),
  /** A token Prometheus scrapes `/metrics` with (an admin's API token works too). */
  GREENLIGHT_METRICS_TOKEN: z.preprocess(unset, z.string().min(16, "must be at least 16 characters").max(200).optional()),
  GREENLIGHT_SWEEP_MS: z.preprocess(unset, z.coerce.number().int().min(100).default(15_000)),
  GREENLIGHT_SOCKET_RECHECK_MS: z.preprocess(unset, z.coerce.number().int().min(100).default(10_000)),
  /** How often retention looks for old repeated readings to compact (releases that set a retention only). */
  GREENLIGHT_RETENTION_MS: z.preprocess(unset, z.coerce.number().int().min(100).default(60_000)),
  GREENLIGHT_BROADCAST_SLICE_MS: z.preprocess(unset, z.coerce.number().int().min(0).max(1000).default(DEFAULT_BROADCAST_SLICE_MS)),
  GREENLIGHT_MIN_PROTOCOL: z.preprocess(
    unset,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(PROTOCOL_VERSION, `must not be above ${PROTOCOL_VERSION}, the protocol this build's boards speak`)
      .default(MIN_PROTOCOL_VERSION),
  ),
  LOG_LEVEL: z.preprocess(unset, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
  ALLOWED_ORIGINS: z.preprocess(
    unset,
    z
      .string()
      .default("")
      .transform((v) =>
        v
          .split(",")
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/, error: "expected comma-separated origins like https://tv.example.com" }))),
  ),
  TRUST_PROXY: z.preprocess(unset, z.enum(["0", "1"], { error: 'expected "0" or "1"' }).default("0")),
  PUBLIC_URL: z.preprocess(unset, z.url({ protocol: /^https?$/ }).optional()),
  /** Where `metric` items with a `source: { prometheus }` are polled from (ADR 022); unset: no polling. */
  PROMETHEUS_URL: z.preprocess(unset, z.url({ protocol: /^https?$/, error: "expected an http(s) URL like http://prometheus:9090" }).optional()),
  PROMETHEUS_INTERVAL_S: z.preprocess(unset, z.coerce.number().min(1).max(86_400).default(60)),
  /** Webhooks out (ADR 025): "1" lets subscriptions target private and loopback addresses (tests, on-premises receivers). */
  GREENLIGHT_WEBHOOK_ALLOW_PRIVATE: z.preprocess(unset, z.enum(["0", "1"], { error: 'expected "0" or "1"' }).default("0")),
  /** The first retry's delay ceiling (doubling each attempt, capped at 2 h). */
  GREENLIGHT_WEBHOOK_RETRY_BASE_MS: z.preprocess(unset, z.coerce.number().int().min(1).max(3_600_000).default(30_000)),
  /** One delivery's whole request, connect to last byte. */
  GREENLIGHT_WEBHOOK_TIMEOUT_MS: z.preprocess(unset, z.coerce.number().int().min(100).max(120_000).default(10_000)),
});

export interface Config {
  dev: boolean;
  port: number;
  host: string;
  databaseUrl: string;
  bootstrapToken: string | undefined;
  demo: boolean;
  apiRate: number;
  checklistsDir: string;
  /** Undefined: the default key file (server/chain.ts). */
  keyFile: string | undefined;
  metricsToken: string | undefined;
  sweepMs: number;
  /** How often open sockets' credentials are checked again (revoked elsewhere, expired). */
  socketRecheckMs: number;
  retentionMs: number;
  /** The longest a broadcast writes to sockets before letting other work in (0: one group of sockets per turn). */
  broadcastSliceMs: number;
  /** The oldest board protocol served; older boards are told `client_too_old` and reload. */
  minProtocol: number;
  logLevel: z.output<typeof envSchema>["LOG_LEVEL"];
  /** Origins besides the app's own that may open sockets. */
  allowedOrigins: string[];
  /** Behind a proxy: honour X-Forwarded-Proto/For. */
  trustProxy: boolean;
  /** The app's public base URL for links made outside a request (the CLI). */
  publicUrl: string | undefined;
  /** Prometheus's base URL for `metric` items' sources; undefined: not polled. */
  prometheusUrl: string | undefined;
  prometheusIntervalMs: number;
  /** Webhooks out (ADR 025). */
  webhooks: { allowPrivate: boolean; retryBaseMs: number; timeoutMs: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    dev: e.NODE_ENV === "development",
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    bootstrapToken: e.GREENLIGHT_BOOTSTRAP_TOKEN,
    demo: e.GREENLIGHT_DEMO === "1",
    apiRate: e.GREENLIGHT_API_RATE,
    checklistsDir: e.GREENLIGHT_CHECKLISTS,
    keyFile: e.GREENLIGHT_KEY_FILE,
    metricsToken: e.GREENLIGHT_METRICS_TOKEN,
    sweepMs: e.GREENLIGHT_SWEEP_MS,
    socketRecheckMs: e.GREENLIGHT_SOCKET_RECHECK_MS,
    retentionMs: e.GREENLIGHT_RETENTION_MS,
    broadcastSliceMs: e.GREENLIGHT_BROADCAST_SLICE_MS,
    minProtocol: e.GREENLIGHT_MIN_PROTOCOL,
    logLevel: e.LOG_LEVEL,
    allowedOrigins: e.ALLOWED_ORIGINS.map((o) => new URL(o).origin),
    trustProxy: e.TRUST_PROXY === "1",
    publicUrl: e.PUBLIC_URL?.replace(/\/$/, ""),
    prometheusUrl: e.PROMETHEUS_URL?.replace(/\/$/, ""),
    prometheusIntervalMs: e.PROMETHEUS_INTERVAL_S * 1000,
    webhooks: {
      allowPrivate: e.GREENLIGHT_WEBHOOK_ALLOW_PRIVATE === "1",
      retryBaseMs: e.GREENLIGHT_WEBHOOK_RETRY_BASE_MS,
      timeoutMs: e.GREENLIGHT_WEBHOOK_TIMEOUT_MS,
    },
  };
}
