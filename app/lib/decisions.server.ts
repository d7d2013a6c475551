import { data, type AppLoadContext } from "@remix-run/node";
import { AppError } from "../shared/errors";

/** Read a decision, or a 404 page. */
export function readDecision(context: AppLoadContext, raw: string | undefined) {
  const id = Number(raw);
  try {
    if (!Number.isInteger(id) || id < 1) throw new AppError(404, "not_found", "no such decision");
    return context.goNoGo.getDecision(id);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw data("No such decision.", { status: 404 });
    throw error;
  }
}
