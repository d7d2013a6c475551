import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { z } from "zod";
import { actorForToken } from "../auth/permissions";
import type { TokenPrincipal } from "../auth/tokens";
import { AppError, INTERNAL_ERROR, invalid } from "../errors";
import type { Logger } from "../logger";
import type { Readiness } from "../readiness/service";

import { BODY_LIMIT_BYTES } from "../security";

/** HTTP API v1 (SPEC 7, a contract). Handlers parse, authorise, call one service, answer. */
export interface ApiDeps {
  readiness: Readiness;
  authenticate: (token: string) => TokenPrincipal | null;
  logger: Logger;
}

type Authed = Request & { principal: TokenPrincipal };

const eventsQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export function apiRouter({ readiness, authenticate, logger }: ApiDeps) {
  const router = express.Router();

  // Who is asking comes first: nobody unauthenticated gets a body parsed.
  router.use((req, _res, next) => {
    const header = req.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) return next(new AppError(401, "unauthorized", "missing bearer token (Authorization: Bearer <token>)"));
    const principal = authenticate(match[1]!);
    if (!principal) return next(new AppError(401, "unauthorized", "invalid or revoked token"));
    (req as Authed).principal = principal;
    next();
  });
  router.use(refuseOversized);
  router.use(requireJsonBody);
  router.use(express.json({ limit: BODY_LIMIT_BYTES, strict: false }));

  const actor = (req: Request) => actorForToken((req as Authed).principal);

  router.get("/releases", (_req, res) => {
    res.json({ releases: readiness.listReleases() });
  });

  router.post("/releases", (req, res) => {
    const { release, seq } = readiness.createRelease(req.body, actor(req));
    res.status(201).json({ release, seq });
  });

  router.get("/releases/:release", (req, res) => {
    res.json({ release: readiness.getRelease(req.params.release!) });
  });

  router.get("/releases/:release/items", (req, res) => {
    res.json({ items: readiness.listItems(req.params.release!) });
  });

  router.get("/releases/:release/items/:item", (req, res) => {
    res.json({ item: readiness.getItem(req.params.release!, req.params.item!) });
  });

  router.post("/releases/:release/items/:item/evidence", (req, res) => {
    const result = readiness.reportEvidence(req.params.release!, req.params.item!, req.body, actor(req));
    res.json(result);
  });

  router.get("/releases/:release/events", (req, res) => {
    const query = eventsQuery.safeParse(req.query);
    if (!query.success) throw invalid("bad query", query.error.issues);
    const events = readiness.listEvents(req.params.release!, query.data.after, query.data.limit);
    res.json({ events });
  });

  router.use((req, _res, next) => next(new AppError(404, "not_found", `no route ${req.method} ${req.baseUrl}${req.path}`)));
  router.use(apiErrors(logger));
  return router;
}

/** Refuse by Content-Length before reading a byte; the JSON parser's limit covers chunked bodies. */
const refuseOversized: RequestHandler = (req, _res, next) => {
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > BODY_LIMIT_BYTES) return next(new AppError(413, "payload_too_large", "request body is larger than 1 MB"));
  next();
};

const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  if (hasBody && !req.is("application/json")) {
    return next(new AppError(415, "unsupported_media_type", "send the body as application/json"));
  }
  next();
};

function apiErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res: Response, _next) => {
    if (error instanceof AppError) return res.status(error.status).json(error.toBody());
    const type = (error as { type?: string }).type;
    if (type === "entity.parse.failed") {
      return res.status(400).json(new AppError(400, "bad_json", "the body is not valid JSON").toBody());
    }
    if (type === "entity.too.large") {
      return res.status(413).json(new AppError(413, "payload_too_large", "request body is larger than 1 MB").toBody());
    }
    if (type === "encoding.unsupported" || type === "charset.unsupported") {
      return res.status(415).json(new AppError(415, "unsupported_media_type", (error as Error).message).toBody());
    }
    // Express and body-parser mark client faults (a bad %-escape in the path, an aborted body) with a 4xx status.
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return res.status(status).json({ error: { code: "bad_request", message: (error as Error).message || "bad request" } });
    }
    logger.error({ err: error, method: req.method, url: req.originalUrl }, "API request failed");
    res.status(500).json(INTERNAL_ERROR);
  };
}
