import type { z } from "zod";
/**
 * The one error shape (SPEC 7): `{ error: { code, message, details? } }`.
 * Domain code throws AppError; the API and pages turn it into a response.
 */
const BRAND = Symbol.for("greenlight.AppError");

export class AppError extends Error {
  readonly [BRAND] = true;

  /**
   * The Remix bundle and the server hold separate copies of this module, so
   * identity is a registered symbol, not the class object.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 426 | 429,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }

  toBody() {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/** What a client sees of an unexpected failure: nothing about its cause. */
export const INTERNAL_ERROR = { error: { code: "internal", message: "internal error" } } as const;

export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);

/** `["sections", 2, "items", 0, "target"]` → `sections[2].items[0].target` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === "number") return `${out}[${part}]`;
    return out ? `${out}.${String(part)}` : String(part);
  }, "");
}

/** zod issues → `[{ path: "a.b[0]", message }]` for `details`. */
export function issueDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export function invalid(message: string, issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  return new AppError(422, "validation_failed", message, issueDetails(issues));
}

/** Parse input at the edge with a service's schema: the parsed value, or a 422 listing every problem. */
export function parseOr422<T extends z.ZodType>(schema: T, input: unknown, message: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalid(message, parsed.error.issues);
  return parsed.data;
}
