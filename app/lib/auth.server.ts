import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { actorFor, can, refusal, type Action } from "../../server/auth/permissions";
import type { Principal } from "../../server/auth/principal";

export type SignedIn = Extract<Principal, { kind: "user" }>;

/** The signed-in person, or a redirect to sign in and come back. */
export function requireUser(context: AppLoadContext, request: Request): SignedIn {
  if (context.principal?.kind === "user") return context.principal;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

/** The signed-in person if they may do `action`; otherwise a 403 page that says why. */
export function requireAllowed(context: AppLoadContext, request: Request, action: Action): SignedIn {
  const user = requireUser(context, request);
  if (!can(user, action)) throw data(refusal(action), { status: 403 });
  return user;
}

export { actorFor, can };
