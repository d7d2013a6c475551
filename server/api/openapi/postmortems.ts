import { postmortemCreateSchema, postmortemListQuery, postmortemPatchSchema, postmortemStatusSchema } from "../../../app/shared/actions";
import type { ApiSpec } from "./spec";

export const tag = { name: "Post-mortems", description: "Incident post-mortems and their follow-ups (SPEC 11)." };

const postmortem = { postmortem: "the post-mortem: id, title, incident_at, severity, summary, timeline, status, releases" };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/postmortems",
    summary: "List post-mortems",
    query: postmortemListQuery,
    answer: { fields: { postmortems: "the matching post-mortems" } },
  });
  api.route({
    method: "post",
    path: "/postmortems",
    summary: "Create a post-mortem",
    status: 201,
    idempotent: true,
    body: { json: postmortemCreateSchema },
    answer: { fields: { ...postmortem, seq: "the event's sequence number" } },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/postmortems/:id",
    summary: "Read a post-mortem and its actions",
    answer: { fields: { ...postmortem, actions: "its action items" } },
  });
  api.route({
    method: "patch",
    path: "/postmortems/:id",
    summary: "Change a draft post-mortem",
    body: { json: postmortemPatchSchema },
    answer: { fields: postmortem },
    errors: [403, 409],
  });
  api.route({
    method: "post",
    path: "/postmortems/:id/status",
    summary: "Move a post-mortem to a status",
    body: { json: postmortemStatusSchema },
    answer: { fields: postmortem },
    errors: [403, 409],
  });
  api.route({ method: "post", path: "/postmortems/:id/publish", summary: "Publish a post-mortem (final)", answer: { fields: postmortem }, errors: [403, 409] });
}
