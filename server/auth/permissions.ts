import type { Actor } from "../readiness/service";
import type { TokenPrincipal } from "./tokens";

/**
 * SPEC 9, the one permission check: who may do what. Until accounts land,
 * pages act as the anonymous web actor; the API acts as its token.
 */
export function actorForToken(principal: TokenPrincipal): Actor {
  return {
    label: `token:${principal.name}`,
    mayAdminister: principal.role === "admin",
    mayReport: (owner) =>
      principal.role === "admin" || (principal.role === "lead" && principal.functions.includes(owner)),
  };
}

/** The pages' actor until sign-in exists (issue: people and access). */
export const WEB_ACTOR: Actor = { label: "web", mayAdminister: true, mayReport: () => true };
