import { pino } from "pino";

export type Logger = pino.Logger;

/** JSON logs; secrets in headers never reach them. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    redact: ["req.headers.authorization", "req.headers.cookie", "token"],
  });
}
