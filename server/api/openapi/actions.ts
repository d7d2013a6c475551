import { actionCloseSchema, actionCreateSchema, actionListQuery, actionPatchSchema } from "../../../app/shared/actions";
import { incidentIoFollowUps } from "../../../app/shared/actions-exchange";
import { digestQuery, followUpListQuery, importQuery, legacyDone } from "../schemas";
import type { ApiSpec } from "./spec";

export const tag = { name: "Actions", description: "Action items: follow-ups of decisions, post-mortems and drills (SPEC 11)." };

const action = { action: "the action: id, title, owner, function, priority, due, status, releases, links", seq: "the event's sequence number" };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/actions",
    summary: "A release's follow-ups (the shape from before action items)",
    query: followUpListQuery,
    answer: { fields: { actions: "follow-ups with decision_id, owner, done_at, done_by" } },
  });
  api.route({
    method: "post",
    path: "/releases/:release/actions/:id/done",
    summary: "Close a release's follow-up as done",
    body: { json: legacyDone, required: false },
    answer: { fields: action },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/actions",
    summary: "List action items (JSON, or CSV with ?format=csv or Accept: text/csv)",
    query: actionListQuery,
    answer: { fields: { actions: "the matching actions" }, description: "JSON; text/csv when asked" },
  });
  api.route({
    method: "post",
    path: "/actions",
    summary: "Create an action item",
    status: 201,
    idempotent: true,
    body: { json: actionCreateSchema },
    answer: { fields: action },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/actions/digest",
    summary: "Open, overdue and due-soon actions per owner",
    query: digestQuery,
    answer: { fields: { owners: "per owner: overdue, due this week, open" } },
  });
  api.route({
    method: "post",
    path: "/actions/import",
    summary: "Import follow-ups from incident.io JSON or CSV",
    status: 201,
    idempotent: true,
    query: importQuery,
    body: {
      json: incidentIoFollowUps,
      other: { "text/csv": "Follow-ups as CSV: title,description,owner,priority,due…; a bad file is a 422 naming every bad line" },
    },
    answer: { fields: { actions: "the created actions", seq: "the event's sequence number" } },
    errors: [403, 409],
  });
  api.route({ method: "get", path: "/actions/:id", summary: "Read an action item", answer: { fields: { action: action.action } } });
  api.route({
    method: "patch",
    path: "/actions/:id",
    summary: "Change an action item",
    body: { json: actionPatchSchema },
    answer: { fields: action },
    errors: [403, 409],
  });
  api.route({
    method: "post",
    path: "/actions/:id/close",
    summary: "Close an action item (done with evidence, or won't do with a reason)",
    body: { json: actionCloseSchema },
    answer: { fields: action },
    errors: [403, 409],
  });
}
