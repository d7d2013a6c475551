import { timingSafeEqual } from "node:crypto";
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

/** Page form posts: same origin only (CSRF), a declared length, and no body over 1 MB. */
export const pageWriteGuard: RequestHandler = (req, res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  if (!isSameOrigin(req.headers)) {
    res.status(403).type("text/plain").send("Cross-site form submissions are refused.");
    return;
  }
  // Browsers send a form with its length; a body without one (chunked) could be any size, so it is refused before a byte is read.
  // With a length, Node reads exactly that many bytes: the check below holds for the whole body.
  const length = req.headers["content-length"];
  if (length === undefined && req.headers["transfer-encoding"] !== undefined) {
    // Closed after the answer: the rest of the body is not read.
    res.status(411).set("Connection", "close").type("text/plain").send("Send the form with a Content-Length (as browsers do).");
    return;
  }
  if (Number(length ?? 0) > BODY_LIMIT_BYTES) {
    res.status(413).set("Connection", "close").type("text/plain").send("The form is larger than 1 MB.");
    return;
  }
  next();
};

/** Deeper JSON than any Greenlight body needs: refused before anything walks it (a recursive walk would overflow the stack). */
export const MAX_JSON_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than `max` (arrays and objects), found without recursion. */
export function nestsDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth >= max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Compare secrets in time that does not depend on where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
