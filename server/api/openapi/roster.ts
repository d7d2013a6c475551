import { resultsBody, resultsCsvQuery, rosterBody, rosterPersonSchema } from "../../../app/shared/roster-exchange";
import type { ApiSpec } from "./spec";

export const tag = { name: "Roster", description: "The training roster and LMS assessment results (SPEC 12.1)." };

const roster = { roster: "people with their team, language and each assessment's latest attempt", seq: "the event's sequence number" };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/roster",
    summary: "Read the roster and who passed what",
    answer: { fields: { people: roster.roster, assessments: "the release's assessment items" } },
  });
  api.route({
    method: "put",
    path: "/releases/:release/roster",
    summary: "Replace the roster (JSON or CSV)",
    body: { json: rosterBody, other: { "text/csv": "The roster as CSV: email,name,team[,language]; a bad file is a 422 naming every bad line" } },
    answer: { fields: roster },
    errors: [403],
  });
  api.route({
    method: "put",
    path: "/releases/:release/roster/:email",
    summary: "Add or change one person (the email comes from the path)",
    body: { json: rosterPersonSchema.omit({ email: true }) },
    answer: { fields: roster },
    errors: [403],
  });
  api.route({
    method: "delete",
    path: "/releases/:release/roster/:email",
    summary: "Remove a person from the roster",
    answer: { fields: roster },
    errors: [403],
  });
  api.route({
    method: "post",
    path: "/releases/:release/assessments/:assessment/results",
    summary: "Record assessment results (JSON, or an LMS export as CSV)",
    description: "For text/csv, the query says which column holds the grade and the pass mark (`?column=…&pass=…`).",
    query: resultsCsvQuery,
    body: {
      json: resultsBody,
      other: { "text/csv": "An LMS export as CSV (email column plus the grade column named by ?column=); a bad file is a 422 naming every bad line" },
    },
    answer: { fields: { ...roster, skipped: "CSV rows skipped (not on the roster), with why" } },
    errors: [403],
  });
}
