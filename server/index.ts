import { existsSync } from "node:fs";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { migrateDatabase, openDatabase, type Db } from "../db/client";
import { seedDemo } from "../db/seed";
import { apiRouter } from "./api/router";
import { createToken, createTokenAuth, hasAnyToken } from "./auth/tokens";
import type { Config } from "./config";
import type { Logger } from "./logger";
import { loadTemplates } from "./readiness/template";
import { createReadiness, type Readiness } from "./readiness/service";
import { startSweeper } from "./readiness/sweeper";
import { pageWriteGuard } from "./security";
import { attachRealtime, type Realtime } from "./realtime/hub";
import { systemClock, type Clock } from "./time";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const SERVER_BUILD = fileURLToPath(new URL("../build/server/index.js", import.meta.url));
const CLIENT_BUILD = fileURLToPath(new URL("../build/client", import.meta.url));

export interface Greenlight {
  db: Db;
  readiness: Readiness;
  realtime: Realtime;
  httpServer: HttpServer;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Prepare the database: migrate, then on an empty database create the
 * bootstrap admin token and seed the demo release as the config asks.
 */
function prepareDatabase(db: Db, readiness: Readiness, config: Config, clock: Clock, logger: Logger): void {
  if (config.bootstrapToken && !hasAnyToken(db)) {
    createToken(db, { name: "bootstrap", role: "admin" }, clock, config.bootstrapToken);
    logger.info("created the bootstrap admin token");
  }
  if (config.demo && readiness.listReleases().length === 0) {
    seedDemo(readiness, clock);
    logger.info("seeded the demo release perp-v2");
  }
}

/**
 * The server: Express with the API and the Remix handler, Socket.IO on the
 * same http.Server (one port), and the time sweeper. It composes; each policy
 * lives in its own module.
 */
export async function createGreenlight(config: Config, logger: Logger, clock: Clock = systemClock): Promise<Greenlight> {
  const db = openDatabase(config.databaseUrl);
  migrateDatabase(db);
  const templates = loadTemplates(config.checklistsDir);
  const authenticate = createTokenAuth(db, clock);

  const app = express();
  app.disable("x-powered-by");
  const httpServer = createServer(app);
  let realtime: Realtime | undefined;
  let sweeper: ReturnType<typeof startSweeper> | undefined;
  const readiness = createReadiness({
    db,
    clock,
    templates,
    publish: (event) => realtime?.publish(event),
    onDeadline: (at) => sweeper?.consider(at),
  });
  realtime = attachRealtime(httpServer, { readiness, authenticate, logger });
  prepareDatabase(db, readiness, config, clock, logger);
  sweeper = startSweeper(readiness, { clock, maxIntervalMs: config.sweepMs, logger });

  app.use("/api/v1", apiRouter({ readiness, authenticate, logger }));
  app.get("/healthz", (_req, res) => void res.json({ ok: true }));

  const getLoadContext = () => ({ readiness, clock });
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
  app.all("*", createRequestHandler({ build, getLoadContext, mode: config.dev ? "development" : "production" }));

  return {
    db,
    readiness,
    realtime,
    httpServer,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(config.port, config.host, () => {
          const { port } = httpServer.address() as AddressInfo;
          const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
          resolve(`http://${host}:${port}`);
        });
      }),
    close: async () => {
      sweeper.stop();
      await new Promise<void>((resolve) => realtime!.io.close(() => resolve()));
      db.$client.close();
    },
  };
}

declare module "@remix-run/node" {
  interface AppLoadContext {
    readiness: Readiness;
    clock: Clock;
  }
}
