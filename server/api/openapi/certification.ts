import { junitQuery } from "../../../app/shared/certification";
import type { ApiSpec } from "./spec";

export const tag = { name: "Certification", description: "Market-maker certification: JUnit XML from a partner's harness, and the matrix (SPEC 12.4)." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "post",
    path: "/releases/:release/items/:item/junit",
    summary: "Report a JUnit XML run for a certification item",
    query: junitQuery,
    body: { other: { "application/xml": "A JUnit XML report (also text/xml), up to 5 MB; suites map to the item's stages by name" } },
    answer: {
      fields: {
        item: "the item with its new status",
        seq: "the event's sequence number",
        stages: "each stage's result",
        tests: "test counts per stage",
        unmatched: "suites that named no stage",
      },
    },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/releases/:release/certification",
    summary: "The certification matrix: partners × stages",
    answer: { fields: { suites: "the suites (columns)", partners: "each partner's item: status, reason, passed/failed/total and a cell per suite" } },
  });
}
