import { decisionSchema, meetingSchema, noteSchema, voteSchema } from "../../../app/shared/gonogo";
import { decisionQuery, moveSchema } from "../schemas";
import type { ApiSpec } from "./spec";

export const tag = { name: "Go/No-Go", description: "Votes, the meeting and the sealed decision record (SPEC 9)." };

const meeting = { meeting: "the meeting: agenda, current index, presenter, notes", seq: "the event's sequence number" };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/votes",
    summary: "The required functions and each one's latest vote",
    answer: { fields: { required_functions: "functions that must vote", votes: "the latest vote per function" } },
  });
  api.route({
    method: "post",
    path: "/releases/:release/votes",
    summary: "Cast a function's vote",
    status: 201,
    idempotent: true,
    body: { json: voteSchema },
    answer: { fields: { vote: "the vote", seq: "the event's sequence number" } },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/releases/:release/decisions",
    summary: "List the release's decisions",
    answer: { fields: { decisions: "decisions, newest first" } },
  });
  api.route({
    method: "post",
    path: "/releases/:release/decisions",
    summary: "Record the GO / NO-GO decision (sealed, hash-chained)",
    description: "GO is refused (409) unless the gate is open and every required function voted GO; the 409's code names the first reason.",
    status: 201,
    idempotent: true,
    body: { json: decisionSchema },
    answer: { fields: { id: "the decision's id", seq: "the event's sequence number", hash: "the sealed record's hash" } },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/decisions/:id",
    summary: "Read a decision with its sealed record (JSON, or Markdown with ?format=md)",
    query: decisionQuery,
    answer: { fields: { decision: "the decision", record: "the sealed record exactly as hashed" }, description: "JSON; text/markdown with ?format=md" },
    errors: [403],
  });
  api.route({
    method: "get",
    path: "/releases/:release/meetings/current",
    summary: "The current go/no-go meeting, or null",
    answer: { fields: { meeting: "the meeting or null" } },
  });
  api.route({
    method: "post",
    path: "/releases/:release/meetings",
    summary: "Schedule a go/no-go meeting",
    status: 201,
    idempotent: true,
    body: { json: meetingSchema },
    answer: { fields: { ...meeting, warnings: "clashes worth a look (e.g. after the launch date)" } },
    errors: [403, 409],
  });
  api.route({ method: "get", path: "/meetings/:id", summary: "Read a meeting", answer: { fields: { meeting: meeting.meeting } }, errors: [403] });
  api.route({ method: "post", path: "/meetings/:id/start", summary: "Start the meeting (you present)", answer: { fields: meeting }, errors: [403, 409] });
  api.route({
    method: "post",
    path: "/meetings/:id/move",
    summary: "Move the meeting to an agenda entry",
    body: { json: moveSchema },
    answer: { fields: meeting },
    errors: [403, 409],
  });
  api.route({ method: "post", path: "/meetings/:id/take-over", summary: "Take over presenting", answer: { fields: meeting }, errors: [403, 409] });
  api.route({
    method: "put",
    path: "/meetings/:id/notes",
    summary: "Set the meeting's notes for an entry",
    body: { json: noteSchema },
    answer: { fields: meeting },
    errors: [403, 409],
  });
  api.route({ method: "post", path: "/meetings/:id/end", summary: "End the meeting", answer: { fields: meeting }, errors: [403, 409] });
}
