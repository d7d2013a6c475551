import express, { type Request } from "express";

/** A JUnit report may carry captured output (soak runs): 5 MB, where JSON bodies get 1 MB. */
export const JUNIT_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

const JUNIT_PATH = /^\/releases\/[^/]+\/items\/[^/]+\/junit\/?$/;

/** The one API route that takes XML (`POST /releases/:r/items/:item/junit`), by the path under /api/v1. */
export function isJunitRoute(req: Request): boolean {
  return req.method === "POST" && JUNIT_PATH.test(req.path);
}

/** The report as text, for that route only (the API's other bodies are JSON or CSV). */
export const junitBody = express.text({ type: ["application/xml", "text/xml"], limit: JUNIT_BODY_LIMIT_BYTES });
