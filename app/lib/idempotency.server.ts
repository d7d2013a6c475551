import { randomUUID } from "node:crypto";
import type { AppLoadContext } from "@remix-run/node";
import { AppError } from "../shared/errors";
import { IDEMPOTENCY_FIELD } from "../shared/idempotency";
import type { SignedIn } from "./auth.server";

/**
 * Page forms that create something carry a key made for each render of the
 * page (`formKey()` in the loader, the form's hidden `IdempotencyKey`): a
 * double click or a browser's retry sends the same key again, and `once` gives
 * it the first result instead of writing twice (server/idempotency.ts). After
 * a success the loader runs again, so the next submission has a new key.
 */
export const formKey = (): string => randomUUID();

/** `run` once per form key; a form without one (a script posting by hand) simply runs. */
export function once<R>(context: AppLoadContext, request: Request, user: SignedIn, payload: unknown, run: () => R): R {
  const { [IDEMPOTENCY_FIELD]: key, ...body } = (payload ?? {}) as Record<string, unknown>;
  const url = new URL(request.url);
  const keyed = key === undefined ? null : { principal: user, key, method: request.method, url: url.pathname + url.search, body };
  try {
    return context.idempotency.once(keyed, run).result;
  } catch (error) {
    // Said as a person sees it: the page they sent is stale (a browser back to a form already sent, then changed).
    if (error instanceof AppError && error.code === "idempotency_key_reused") {
      throw new AppError(422, error.code, "this form was sent already, with other values: reload the page to send a new one");
    }
    throw error;
  }
}
