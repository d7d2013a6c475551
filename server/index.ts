import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type Request, type Response } from "express";
import helmet from "helmet";
import { databasePath, migrateDatabase, notReady, openDatabase, type Db } from "../db/client";
import { seedDemo, seedDemoDrills, seedDemoParams, seedDemoPlan, seedDemoPostmortem, seedDemoSupport, seedDemoCampaigns } from "./demo/seed";
import { apiRouter } from "./api/router";
import { createAudit, type Audit } from "./audit";
import { createAccess, type Access } from "./auth/access";
import { sealUnsealedAccessHead } from "./auth/access-log";
import type { Principal } from "./auth/principal";
import { sessionSecretFrom } from "./auth/sessions";
import type { Config } from "./config";
import type { Logger } from "./logger";
import { startSweeper } from "./readiness/sweeper";
import { createPrometheusPoller } from "./monitoring/prometheus-poll";
import { createMetrics } from "./metrics";
import { loadTemplates } from "./readiness/template";
import { startDailyReplan } from "./schedule/daily";
import { startPlanWorker } from "./schedule/planner";
import { createServices, type Services } from "./services";
import { attachRealtime, type Realtime } from "./realtime/hub";
import { watchCommitsElsewhere } from "./realtime/elsewhere";
import { pageWriteGuard, safeEqual } from "./security";
import { createPrometheus } from "./prometheus";
import { can, refusal } from "./auth/permissions";
import { AppError } from "../app/shared/errors";
import { acquireInstanceLock, type InstanceLock } from "./instance-lock";
import { loadChainKey, sealUnsealedHeads, startChainWatch } from "./chain";
import { auditCsvExport } from "./audit-export";
import { startRetention } from "./retention";
import { createSetupGate, type SetupGate } from "./auth/setup";
import { systemClock, type Clock } from "../app/shared/time";
import { createWebhooks, type Webhooks } from "./webhooks/service";

const SERVER_BUILD = fileURLToPath(new URL("../build/server/index.js", import.meta.url));
const CLIENT_BUILD = fileURLToPath(new URL("../build/client", import.meta.url));

export interface Greenlight {
  db: Db;
  services: Services;
  readiness: Services["readiness"];
  access: Access;
  realtime: Realtime;
  httpServer: HttpServer;
  /** Listen; log where, record it for the CLI's links, and say where to create the first admin while nobody has an account. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** On an empty database: the bootstrap admin token, and the demo release if asked for. */
function prepareDatabase(
  { readiness, wbs, actions, postmortems, roster, sops, params, sealer, drills, campaigns }: Services,
  access: Access,
  config: Config,
  logger: Logger,
  db: Db,
): void {
  // A database from before sealing: its heads are sealed now (trust on first use), and said so.
  const sealed = sealUnsealedHeads(db, sealer);
  if (sealed.length) logger.warn({ releases: sealed }, "sealed the chain heads of a database from before sealing");
  const accessHead = sealUnsealedAccessHead(db, sealer);
  if (accessHead !== null) logger.warn({ entry: accessHead }, "sealed the access log's head of a database from before it was sealed");
  if (config.bootstrapToken && !access.tokens.any()) {
    access.tokens.create({ name: "bootstrap", role: "admin" }, { label: "environment", can: () => true }, config.bootstrapToken);
    logger.info("created the bootstrap admin token");
  }
  if (config.demo && readiness.listReleases().length === 0) {
    seedDemo(readiness, systemClock);
    seedDemoPlan(wbs);
    seedDemoPostmortem({ actions, postmortems, access }, systemClock);
    seedDemoSupport({ roster, sops, access }, systemClock);
    seedDemoParams({ params, access });
    seedDemoDrills({ drills }, systemClock);
    seedDemoCampaigns({ campaigns });
    logger.info("seeded the demo release perp-v2");
  }
  // Releases made before action items (or whose template's rule changed) catch up, each change an event.
  const recomputed = actions.reconcile();
  if (recomputed) logger.info({ items: recomputed }, "re-evaluated actions items against today's action items");
}

/** What every loader and action gets (app/load-context.ts declares its type). */
function loadContext(
  deps: Pick<
    Services,
    | "readiness"
    | "wbs"
    | "goNoGo"
    | "projection"
    | "actions"
    | "postmortems"
    | "retention"
    | "idempotency"
    | "roster"
    | "sops"
    | "params"
    | "drills"
    | "sources"
    | "campaigns"
  > & {
    webhooks: Webhooks;
    setup: SetupGate;
    access: Access;
    audit: Audit;
    clock: Clock;
    baseUrl: (req: Request) => string;
  },
  req: Request,
  res: Response,
) {
  const secret = sessionSecretFrom(req.headers.cookie);
  const principal: Principal | null = secret ? deps.access.sessions.resolve(secret) : null;
  const { baseUrl, ...services } = deps;
  return {
    ...services,
    /** Where links to this app (invitations, board links) point: PUBLIC_URL, else this request's origin. */
    baseUrl: baseUrl(req),
    principal,
    secure: req.secure,
    address: req.ip ?? "unknown",
    cspNonce: res.locals.cspNonce as string,
  };
}

export type GreenlightContext = ReturnType<typeof loadContext>;

/**
 * The server: Express with the API and the Remix handler, Socket.IO on the
 * same http.Server (one port), and the time sweeper. It composes; each policy
 * lives in its own module.
 */
export async function createGreenlight(config: Config, logger: Logger, clock: Clock = systemClock): Promise<Greenlight> {
  const file = databasePath(config.databaseUrl);
  const lock: InstanceLock = file === ":memory:" ? { advertise() {}, release() {} } : acquireInstanceLock(file);
  const db = openDatabase(config.databaseUrl);
  migrateDatabase(db);
  const templates = loadTemplates(config.checklistsDir);
  const planner = await startPlanWorker();

  const app = express();
  app.disable("x-powered-by");
  // One proxy hop: X-Forwarded-For's leftmost entries are the client's to choose.
  app.set("trust proxy", config.trustProxy ? 1 : false);
  const httpServer = createServer(app);
  const services = createServices({
    db,
    clock,
    templates,
    chainKey: loadChainKey(config.keyFile),
    onListenerError: (error, event) => logger.error({ err: error, release: event?.release, seq: event?.seq }, "a ledger listener failed after a commit"),
    // The hub below, once it listens: the decision record's attendees.
    presenceOf: (release) => realtime.attendeesOf(release),
    planner,
  });
  const { readiness, wbs, goNoGo, projection, ledger, actions, postmortems } = services;
  const realtime = attachRealtime(httpServer, {
    readiness,
    projection,
    access: () => access,
    logger,
    allowedOrigins: config.allowedOrigins,
    recheckMs: config.socketRecheckMs,
    broadcastSliceMs: config.broadcastSliceMs,
    minProtocol: config.minProtocol,
  });
  const access = createAccess({ db, clock, ledger, disconnect: (room) => realtime.disconnect(room), peopleChanged: () => realtime.peopleChanged() });
  const audit = createAudit(db, services.sealer);
  // Access ended by another process (`greenlight token revoke`) reaches the open sockets within a poll, not at the next periodic recheck;
  // so does a lead it added (`greenlight user add`), to the boards that name their function's leads.
  const elsewhere = watchCommitsElsewhere(db, {
    onCommit: () => {
      realtime.recheck();
      realtime.peopleChanged();
    },
    onError: (error) => logger.error({ err: error }, "looking for commits by another process failed"),
  });
  ledger.subscribe({ event: (event) => realtime.publish(event) });
  prepareDatabase(services, access, config, logger, db);
  const setup = createSetupGate({ nobodyYet: () => access.users.count() === 0, bootstrapToken: config.bootstrapToken !== undefined });
  const sweeper = startSweeper([readiness, actions, services.sops], { clock, maxIntervalMs: config.sweepMs, logger });
  ledger.subscribe({ deadline: (at) => sweeper.consider(at) });
  // `metric` items with a PromQL source (ADR 022): polled only when PROMETHEUS_URL is set.
  const poller = config.prometheusUrl
    ? createPrometheusPoller({ db, readiness, clock, logger, url: config.prometheusUrl, intervalMs: config.prometheusIntervalMs })
    : null;
  poller?.start();
  const daily = startDailyReplan(wbs, { clock, logger });
  const chainWatch = startChainWatch(db, services.sealer, {
    everyMs: 1000,
    onBroken: (release, check) => logger.error({ release, seq: check.seq, problem: check.problem }, "the release's hash chain does not verify"),
  });
  const retention = startRetention(services.retention, { everyMs: config.retentionMs, logger });
  // Webhooks out (ADR 025): the dispatcher tails the event log after commits (and on a timer, for other processes' writes).
  const webhooks = createWebhooks({ db, clock, sealer: services.sealer, logger, ...config.webhooks, publicUrl: config.publicUrl });
  ledger.subscribe({ event: () => webhooks.wake() });
  webhooks.start();

  const baseUrl = (req: Request) => config.publicUrl ?? `${req.protocol}://${req.get("host")}`;
  const metrics = createMetrics(() => realtime.io.engine.clientsCount);
  const prometheus = createPrometheus({ db, sockets: () => realtime.io.engine.clientsCount });
  app.use(prometheus.count);
  app.use(compression());
  app.get("/readyz", (_req, res) => {
    const problem = notReady(db);
    res.status(problem ? 503 : 200).json(problem ? { ok: false, problem } : { ok: true });
  });
  // Prometheus scrapes with the configured scrape token, or an admin's API token.
  app.get("/metrics", (req, res, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const scrape = token !== undefined && config.metricsToken !== undefined && safeEqual(token, config.metricsToken);
    const principal = token && !scrape ? access.tokens.authenticate(token) : null;
    if (!scrape && !principal) return void res.status(401).json(new AppError(401, "unauthorized", "send the scrape token or an admin token").toBody());
    if (!scrape && !can(principal, { type: "metrics.read" }))
      return void res.status(403).json(new AppError(403, "forbidden", refusal({ type: "metrics.read" })).toBody());
    prometheus.registry.metrics().then((text) => res.type(prometheus.registry.contentType).send(text), next);
  });
  app.use(
    "/api/v1",
    apiRouter({
      readiness,
      actions,
      postmortems,
      access,
      logger,
      rate: config.apiRate,
      baseUrl,
      metrics,
      wbs,
      goNoGo,
      retention: services.retention,
      idempotency: services.idempotency,
      roster: services.roster,
      sops: services.sops,
      params: services.params,
      drills: services.drills,
      certification: services.certification,
      calendar: services.calendar,
      alertmanager: services.alertmanager,
      sources: services.sources,
      webhooks,
      campaigns: services.campaigns,
    }),
  );
  app.get("/healthz", (_req, res) => void res.json({ ok: true }));

  // Pages (not the JSON API, which sets its own few headers): a fresh CSP nonce and helmet's headers.
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      // Vite's dev server injects inline scripts; production gets the strict, nonce-based policy.
      contentSecurityPolicy: config.dev
        ? false
        : {
            directives: {
              "script-src": ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
              "style-src": ["'self'", "'unsafe-inline'"],
              "connect-src": ["'self'"],
              "upgrade-insecure-requests": null,
            },
          },
      // The app may be served over plain HTTP on a meeting-room network.
      strictTransportSecurity: config.trustProxy,
      // helmet's `no-referrer` makes Chromium send `Origin: null` with a form posted before the page's script runs,
      // and Remix (and our guard) refuse that as cross-site: a double click on a slow page failed. Same-origin
      // requests carry the referrer; no other site gets it.
      referrerPolicy: { policy: "same-origin" },
    }),
  );

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (config.dev) {
    const vite = await import("vite");
    const devServer = await vite.createServer({ server: { middlewareMode: true, hmr: { server: httpServer } } });
    app.use(devServer.middlewares);
    build = () => devServer.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  } else {
    if (!existsSync(SERVER_BUILD)) throw new Error(`no build at ${SERVER_BUILD}: run npm run build`);
    app.use("/assets", express.static(`${CLIENT_BUILD}/assets`, { immutable: true, maxAge: "1y" }));
    app.use(express.static(CLIENT_BUILD, { maxAge: "1h" }));
    build = (await import(pathToFileURL(SERVER_BUILD).href)) as ServerBuild;
  }
  app.use(pageWriteGuard);
  app.get("/releases/:release/audit.csv", auditCsvExport({ audit, access }));
  app.all(
    "*",
    createRequestHandler({
      build,
      getLoadContext: (req, res) =>
        loadContext(
          {
            readiness,
            projection,
            access,
            audit,
            wbs,
            goNoGo,
            actions,
            postmortems,
            retention: services.retention,
            idempotency: services.idempotency,
            roster: services.roster,
            sops: services.sops,
            params: services.params,
            drills: services.drills,
            sources: services.sources,
            webhooks,
            campaigns: services.campaigns,
            setup,
            clock,
            baseUrl,
          },
          req,
          res,
        ),
      mode: config.dev ? "development" : "production",
    }),
  );

  return {
    db,
    services,
    readiness,
    access,
    realtime,
    httpServer,
    listen: async () => {
      await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, resolve);
      });
      const { port } = httpServer.address() as AddressInfo;
      const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
      const url = `http://${host}:${port}`;
      // Where people reach it: the CLI's links (greenlight user add) and the first admin's way in.
      const address = config.publicUrl ?? url;
      lock.advertise(address);
      // Before the listening line: whoever waits for that line (a script, the tests' startServer) has the code too.
      const code = setup.announcement();
      if (code) logger.warn({ setup_code: code }, `Open ${address}/setup to create the first admin, with the setup code ${code}`);
      logger.info({ url }, `Greenlight listening on ${url}`);
      return url;
    },
    close: async () => {
      sweeper.stop();
      await poller?.stop();
      daily.stop();
      chainWatch.stop();
      retention.stop();
      await webhooks.stop();
      elsewhere.stop();
      metrics.stop();
      realtime.stop();
      await new Promise<void>((resolve) => realtime.io.close(() => resolve()));
      await planner.close();
      db.$client.close();
      lock.release();
    },
  };
}
