import type { Role } from "../../app/shared/auth-schemas";
import type { Locale } from "../../app/shared/locale";

/**
 * Who is asking: a signed-in person, an API token, or a board link (a
 * read-only screen for one release). Every permission check takes one.
 */
export type Principal =
  | { kind: "user"; id: number; name: string; email: string; role: Role; functions: string[]; sessionHash: string; locale: Locale | null }
  /** `createdBy`: the actor label of whoever made the token (null for the bootstrap token from the environment). */
  | { kind: "token"; id: number; name: string; role: Role; functions: string[]; createdBy?: string | null }
  | { kind: "board"; id: number; name: string; release: string; locale: Locale | null };

/** The actor recorded on events: a person by email, a token by name. */
export function actorLabel(principal: Principal): string {
  switch (principal.kind) {
    case "user":
      return `user:${principal.email}`;
    case "token":
      return `token:${principal.name}`;
    case "board":
      return `board:${principal.name}`;
  }
}

/**
 * Who answers for what a principal does, where the rule is "another person"
 * (a second approver, not the author): a person by email, and a token as the
 * person who made it, so an admin's own token is never their second pair of
 * eyes. A token made by the environment or by another token answers for
 * itself.
 */
export function accountable(principal: Principal): string {
  if (principal.kind === "token" && principal.createdBy?.startsWith("user:")) return principal.createdBy;
  return actorLabel(principal);
}

/** The Socket.IO rooms a principal's sockets join, so ending access can disconnect them. */
export function accessRooms(principal: Principal): string[] {
  switch (principal.kind) {
    case "user":
      return [`session:${principal.sessionHash}`, `user:${principal.id}`];
    case "token":
      return [`token:${principal.id}`];
    case "board":
      return [`board:${principal.id}`];
  }
}
