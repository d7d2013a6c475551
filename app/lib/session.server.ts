import { redirect, type AppLoadContext } from "@remix-run/node";
import { clearedSessionCookie, sessionCookie } from "../../server/auth/sessions";

/** Start a session for a person and go on to `to`, with a fresh session id. */
export function signedInRedirect(context: AppLoadContext, userId: number, to: string) {
  const { secret, expires } = context.access.sessions.start(userId);
  return redirect(to, { headers: { "Set-Cookie": sessionCookie(secret, { secure: context.secure, expires }) } });
}

export function signedOutRedirect(context: AppLoadContext, to = "/login") {
  return redirect(to, { headers: { "Set-Cookie": clearedSessionCookie(context.secure) } });
}
