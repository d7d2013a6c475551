import { data } from "@remix-run/node";
import { AppError } from "../shared/errors";

/** Run a service read; a missing release or item becomes the route's 404. */
export function orNotFound<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw data(error.message, { status: 404 });
    throw error;
  }
}
