import { parentPort } from "node:worker_threads";
import { AppError } from "../../app/shared/errors";
import { checkPlan, previewPlan } from "./check";
import type { PlannerReply, PlannerRequest } from "./planner";

/** The planner's worker thread: one job at a time, in the order sent, each answered with its result or its refusal. */
const port = parentPort!;
const reply = (message: PlannerReply) => port.postMessage(message);

port.on("message", (request: PlannerRequest) => {
  try {
    reply({ id: request.id, ok: true, result: request.kind === "check" ? checkPlan(request.job) : previewPlan(request.job) });
  } catch (error) {
    if (error instanceof AppError) {
      reply({ id: request.id, ok: false, refused: { status: error.status, code: error.code, message: error.message, details: error.details } });
    } else {
      reply({ id: request.id, ok: false, failed: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
});
reply({ ready: true });
