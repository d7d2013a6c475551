import { newBoardLinkSchema, newTokenSchema, newUserSchema } from "../../../app/shared/auth-schemas";
import type { ApiSpec } from "./spec";

export const tag = { name: "Access", description: "API tokens, users and read-only board links (SPEC 7, ADR 003); admin only." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/board-links",
    summary: "List the release's board links",
    answer: { fields: { board_links: "id, label, locale, created, last used" } },
    errors: [403],
  });
  api.route({
    method: "post",
    path: "/releases/:release/board-links",
    summary: "Create a read-only board link (for a TV)",
    status: 201,
    idempotent: true,
    body: { json: newBoardLinkSchema, required: false },
    answer: {
      fields: { id: "the link's id", url: "the board's URL (shown once)", token: "the link's token (shown once)", seq: "the event's sequence number" },
    },
    errors: [403, 409],
  });
  api.route({
    method: "delete",
    path: "/releases/:release/board-links/:id",
    summary: "Revoke a board link",
    status: 204,
    answer: { empty: true },
    errors: [403],
  });
  api.route({
    method: "get",
    path: "/tokens",
    summary: "List API tokens",
    answer: { fields: { tokens: "id, name, role, created, last used (never the secret)" } },
    errors: [403],
  });
  api.route({
    method: "post",
    path: "/tokens",
    summary: "Create an API token (the secret is shown once)",
    status: 201,
    idempotent: true,
    body: { json: newTokenSchema },
    answer: { fields: { id: "the token's id", token: "the secret, shown once" } },
    errors: [403, 409],
  });
  api.route({ method: "delete", path: "/tokens/:id", summary: "Revoke an API token", status: 204, answer: { empty: true }, errors: [403] });
  api.route({ method: "get", path: "/users", summary: "List users", answer: { fields: { users: "id, email, name, role, locale, disabled" } }, errors: [403] });
  api.route({
    method: "post",
    path: "/users",
    summary: "Invite a user (a one-time set-password link)",
    status: 201,
    idempotent: true,
    body: { json: newUserSchema },
    answer: { fields: { user: "the user", invite_url: "the set-password link", expires_at: "when the link expires" } },
    errors: [403, 409],
  });
  api.route({ method: "delete", path: "/users/:id", summary: "Disable a user", status: 204, answer: { empty: true }, errors: [403] });
}
