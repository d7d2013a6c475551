import type { IncomingHttpHeaders } from "node:http";
import type { RequestHandler } from "express";

/**
 * Request checks shared by the pages and the socket handshake. Browsers send
 * `Origin` (and `Sec-Fetch-Site`) on cross-site requests; programs usually send
 * neither, and authenticate with a token instead of an ambient cookie.
 */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export function isSameOrigin(headers: IncomingHttpHeaders, allowedOrigins: readonly string[] = []): boolean {
  const origin = headers.origin;
  if (origin && allowedOrigins.includes(origin)) return true;
  const site = headers["sec-fetch-site"];
  if (site !== undefined && site !== "same-origin" && site !== "none") return false;
  if (!origin) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Page form posts: same origin only (CSRF), and no body over 1 MB. */
export const pageWriteGuard: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  if (!isSameOrigin(req.headers)) {
    res.status(403).type("text/plain").send("Cross-site form submissions are refused.");
    return;
  }
  if (Number(req.headers["content-length"] ?? 0) > BODY_LIMIT_BYTES) {
    res.status(413).type("text/plain").send("The form is larger than 1 MB.");
    return;
  }
  next();
};
