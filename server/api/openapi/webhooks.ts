import { webhookCreateSchema, webhookListQuery } from "../../../app/shared/webhooks";
import type { ApiSpec } from "./spec";

export const tag = {
  name: "Webhooks",
  description: "Webhooks out: signed deliveries of events, retried for a day, with a delivery log (SPEC 13, ADR 025); admin only.",
};

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/webhooks",
    summary: "List webhook subscriptions (paged, newest first; never the secret)",
    query: webhookListQuery,
    answer: {
      fields: {
        webhooks: "id, url, events, release, format, created_by, created_at, revoked_at, state, last_delivery",
        next_before: "the id to page back from",
      },
    },
    errors: [403],
  });
  api.route({
    method: "post",
    path: "/webhooks",
    summary: "Subscribe a URL to event types (the signing secret is shown once)",
    status: 201,
    idempotent: true,
    body: { json: webhookCreateSchema },
    answer: { fields: { webhook: "the subscription", secret: "the HMAC-SHA256 signing secret (shown once)" } },
    errors: [403],
  });
  api.route({
    method: "delete",
    path: "/webhooks/:id",
    summary: "Revoke a webhook (its pending deliveries stop)",
    status: 204,
    answer: { empty: true },
    errors: [403],
  });
  api.route({
    method: "get",
    path: "/webhooks/:id/deliveries",
    summary: "A webhook's delivery log (paged, newest first)",
    query: webhookListQuery,
    answer: {
      fields: {
        deliveries: "id, release, seq, event_type, status, attempts, next_attempt_at, last_status_code, last_error, last_duration_ms, created_at, delivered_at",
        next_before: "the cursor to page back from",
      },
    },
    errors: [403],
  });
  api.route({
    method: "post",
    path: "/webhooks/:id/deliveries/:delivery/redeliver",
    summary: "Send a delivery again now (a new day of retries)",
    answer: { fields: { delivery: "the delivery, pending" } },
    errors: [403, 409],
  });
}
