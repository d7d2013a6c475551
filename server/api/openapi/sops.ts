import { sopAcknowledgeSchema, sopCreateSchema, sopListQuery, sopReviewSchema, sopRevisionSchema } from "../../../app/shared/sops";
import type { ApiSpec } from "./spec";

export const tag = { name: "SOPs", description: "The SOP registry: revisions, approval, reviews and acknowledgements (SPEC 12.2)." };

const sop = { sop: "the SOP: key, title, owner, current revision, review due", seq: "the event's sequence number" };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/sops",
    summary: "List SOPs (paged by key)",
    query: sopListQuery,
    answer: { fields: { sops: "SOPs in key order", next_after: "the key to page from; absent on the last page" } },
  });
  api.route({
    method: "post",
    path: "/sops",
    summary: "Register a SOP",
    status: 201,
    idempotent: true,
    body: { json: sopCreateSchema },
    answer: { fields: sop },
    errors: [403, 409],
  });
  api.route({ method: "get", path: "/sops/:key", summary: "Read a SOP", answer: { fields: { sop: sop.sop } } });
  api.route({
    method: "post",
    path: "/sops/:key/revisions",
    summary: "Propose a new revision",
    status: 201,
    idempotent: true,
    body: { json: sopRevisionSchema },
    answer: { fields: { ...sop, version: "the new revision's version" } },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/sops/:key/revisions/:version/acknowledgements",
    summary: "Who acknowledged a revision",
    answer: { fields: { acknowledgements: "email and when" } },
  });
  api.route({
    method: "post",
    path: "/sops/:key/revisions/:version/approve",
    summary: "Approve a revision (it becomes current)",
    answer: { fields: sop },
    errors: [403, 409],
  });
  api.route({
    method: "post",
    path: "/sops/:key/review",
    summary: "Record a periodic review",
    body: { json: sopReviewSchema, required: false },
    answer: { fields: sop },
    errors: [403, 409],
  });
  api.route({
    method: "post",
    path: "/sops/:key/acknowledgements",
    summary: "Record that people read the current revision",
    body: { json: sopAcknowledgeSchema },
    answer: { fields: { acknowledged: "the emails recorded", seq: "the event's sequence number" } },
    errors: [403, 409],
  });
}
