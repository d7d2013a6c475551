import { deployedSchema, paramsQuery, proposalSchema, rejectSchema, withdrawSchema } from "../../../app/shared/params";
import type { ApiSpec } from "./spec";

export const tag = { name: "Risk parameters", description: "Risk parameter proposals, four-eyes sign-off and the deployed push (SPEC 12.3)." };

const proposal = { proposal: "the proposal: values, rationale, status, approvals", seq: "the event's sequence number" };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/params",
    summary: "The parameters: approved, deployed, drift and proposals (paged)",
    query: paramsQuery,
    answer: { fields: { params: "each parameter item: approved, deployed, drift", proposals: "proposals, newest first", next_before: "the id to page from" } },
  });
  api.route({
    method: "get",
    path: "/releases/:release/params/proposals/:id",
    summary: "Read a proposal",
    answer: { fields: { proposal: proposal.proposal } },
  });
  api.route({
    method: "post",
    path: "/releases/:release/params/proposals",
    summary: "Propose parameter values",
    status: 201,
    idempotent: true,
    body: { json: proposalSchema },
    answer: { fields: proposal },
    errors: [403, 409],
  });
  api.route({
    method: "post",
    path: "/releases/:release/params/proposals/:id/approve",
    summary: "Approve a proposal (a second person makes it approved)",
    answer: { fields: { ...proposal, approved: "whether this approval completed the sign-off" } },
    errors: [403, 409],
  });
  api.route({
    method: "post",
    path: "/releases/:release/params/proposals/:id/reject",
    summary: "Reject a proposal",
    body: { json: rejectSchema },
    answer: { fields: proposal },
    errors: [403, 409],
  });
  api.route({
    method: "post",
    path: "/releases/:release/params/proposals/:id/withdraw",
    summary: "Withdraw your proposal",
    body: { json: withdrawSchema, required: false },
    answer: { fields: proposal },
    errors: [403, 409],
  });
  api.route({
    method: "post",
    path: "/releases/:release/params/deployed",
    summary: "Push the values deployed in production (drift turns items red)",
    body: { json: deployedSchema },
    answer: {
      fields: {
        changed: "items whose deployed value changed",
        unchanged: "items already at that value",
        unknown: "names that are no parameter item",
        seq: "the event's sequence number",
      },
    },
    errors: [403],
  });
}
