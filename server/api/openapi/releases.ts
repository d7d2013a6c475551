import { phaseSchema } from "../../../app/shared/gonogo";
import { rescheduleSchema } from "../../../app/shared/campaigns";
import { createReleaseSchema } from "../../../app/shared/releases";
import { retentionSchema } from "../../../app/shared/retention";
import { eventsQuery } from "../schemas";
import type { ApiSpec } from "./spec";

export const tag = { name: "Releases", description: "Releases, their phase, their event log and its retention (SPEC 7)." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases",
    summary: "List releases",
    answer: { fields: { releases: "every release: id, name, target date, phase, gate and counts by status" } },
  });
  api.route({
    method: "post",
    path: "/releases",
    summary: "Create a release from a checklist template",
    status: 201,
    idempotent: true,
    body: {
      json: createReleaseSchema,
      example: { id: "abc-listing", name: "ABC listing", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" },
    },
    answer: { fields: { release: "the release as listed", seq: "the event's sequence number" } },
    errors: [403, 409],
  });
  api.route({ method: "get", path: "/releases/:release", summary: "Read a release", answer: { fields: { release: "the release with its gate" } } });
  api.route({
    method: "patch",
    path: "/releases/:release",
    summary: "Move the launch date (admin)",
    description:
      "One `release.rescheduled` event re-evaluates what depends on the launch date (task, roster and drill items; the schedule's slack); campaigns given as offsets move with it (ADR 024).",
    body: { json: rescheduleSchema, example: { launch_date: "2026-12-23" } },
    answer: {
      fields: {
        release: "the release with its gate",
        from: "the launch date before",
        to: "the launch date now",
        seq: "the event's sequence number, null when unchanged",
      },
    },
    errors: [403],
  });
  api.route({
    method: "put",
    path: "/releases/:release/phase",
    summary: "Move the release to a phase (prep, go/no-go, launched…)",
    body: { json: phaseSchema },
    answer: { fields: { phase: "the new phase", seq: "the event's sequence number" } },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/releases/:release/events",
    summary: "Page through the release's hash-chained event log",
    description: "Events after `after`, oldest first. Past retention's compacted ranges, `compacted_through` says up to where repeated readings were removed.",
    query: eventsQuery,
    answer: {
      fields: { events: "typed events: seq, type, at, actor, item, data, hash", compacted_through: "present when `after` lies inside a compacted range" },
    },
  });
  api.route({
    method: "get",
    path: "/releases/:release/retention",
    summary: "Read how long repeated readings are kept",
    answer: { fields: { compact_after_days: "days, or null to keep every reading", compacted_through: "the last seq compacted" } },
    errors: [403],
  });
  api.route({
    method: "put",
    path: "/releases/:release/retention",
    summary: "Set how long repeated readings are kept (admin)",
    body: { json: retentionSchema },
    answer: { fields: { compact_after_days: "the new setting", seq: "the event's sequence number, null when unchanged" } },
    errors: [403],
  });
}
