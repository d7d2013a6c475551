import { drillListQuery, drillRecordSchema } from "../../../app/shared/drills";
import type { ApiSpec } from "./spec";

export const tag = { name: "Drills", description: "The drills log: rehearsals, failovers and their findings (SPEC 12.5)." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/drills",
    summary: "List drills (paged, newest first)",
    query: drillListQuery,
    answer: {
      fields: { drills: "drills: item, at, outcome, duration, findings", next_before: "the id to page back from", next_after: "the id to page forward from" },
    },
  });
  api.route({
    method: "post",
    path: "/releases/:release/drills",
    summary: "Record a drill (its item turns green or red; findings become actions)",
    status: 201,
    idempotent: true,
    body: { json: drillRecordSchema },
    answer: { fields: { drill: "the drill", item: "the drill item", actions: "actions created from findings", seq: "the event's sequence number" } },
    errors: [403, 409],
  });
}
