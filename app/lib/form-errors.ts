import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";
import { AppError } from "../shared/errors";

/**
 * Turn a service refusal into a Conform reply with the refusal's status:
 * validation details land on their fields, everything else on the form.
 * Unknown errors are rethrown.
 */
export function replyWithError(
  reply: (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>,
  error: unknown,
  fieldFor: (code: string) => string | undefined = () => undefined,
) {
  const { result, status } = errorReply(reply, error, fieldFor);
  return data(result, { status });
}

/** The reply and its status, for routes that return more than the reply. */
export function errorReply(
  reply: (options: { formErrors?: string[]; fieldErrors?: Record<string, string[]> }) => SubmissionResult<string[]>,
  error: unknown,
  fieldFor: (code: string) => string | undefined = () => undefined,
) {
  if (!(error instanceof AppError)) throw error;
  const fieldErrors: Record<string, string[]> = {};
  const details = Array.isArray(error.details) ? (error.details as { path?: string; message?: string }[]) : [];
  for (const { path, message } of details) {
    if (path && message) (fieldErrors[path] ??= []).push(message);
  }
  const field = fieldFor(error.code);
  if (field) (fieldErrors[field] ??= []).push(error.message);
  const formErrors = details.length || field ? [] : [capitalise(error.message)];
  return { result: reply({ formErrors, fieldErrors }), status: error.status };
}

function capitalise(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1) + (/[.!?]$/.test(message) ? "" : ".");
}
