import { data, type AppLoadContext } from "@remix-run/node";
import type { TFunction } from "i18next";
import { AppError } from "../shared/errors";

/** Read a decision, or a 404 page in the reader's language (`t`). */
export function readDecision(context: AppLoadContext, raw: string | undefined, t: TFunction) {
  const id = Number(raw);
  try {
    if (!Number.isInteger(id) || id < 1) throw new AppError(404, "not_found", "no such decision");
    return context.goNoGo.getDecision(id);
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw data(t("meeting.record.notFound"), { status: 404 });
    throw error;
  }
}
