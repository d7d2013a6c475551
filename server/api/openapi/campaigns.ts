import { campaignCreateSchema, campaignPatchSchema } from "../../../app/shared/campaigns";
import type { ApiSpec } from "./spec";

export const tag = {
  name: "Campaigns",
  description:
    "Campaigns around the launch (trading competitions, airdrops, fee promotions), dated or offset from launch (`T-2`), each at risk while a required task is projected to finish after it starts or a required item is not green (SPEC 13, ADR 024). Writes: admin.",
};

const CAMPAIGN =
  "id, name, kind, starts and ends as given, start_date and end_date resolved against the launch, start_offset and end_offset, requires { tasks, items }, requirements with their status, at_risk, risk_reasons, owner, version";

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/campaigns",
    summary: "List the release's campaigns with their risk",
    answer: { fields: { campaigns: CAMPAIGN } },
  });
  api.route({
    method: "post",
    path: "/releases/:release/campaigns",
    summary: "Add a campaign",
    status: 201,
    idempotent: true,
    body: {
      json: campaignCreateSchema,
      example: {
        id: "trading-competition",
        name: "Perp V2 trading competition",
        kind: "trading_competition",
        starts: "T-2",
        ends: "T+14",
        requires: { tasks: ["mm-integration-test"], items: ["mm.mm-kestrel"] },
      },
    },
    answer: { fields: { campaign: CAMPAIGN, seq: "the event's sequence number" } },
    errors: [403, 409],
  });
  api.route({
    method: "get",
    path: "/releases/:release/campaigns/:campaign",
    summary: "Read a campaign with its risk",
    answer: { fields: { campaign: CAMPAIGN } },
  });
  api.route({
    method: "patch",
    path: "/releases/:release/campaigns/:campaign",
    summary: "Change a campaign (with `if_version`, 409 when someone changed it first)",
    body: { json: campaignPatchSchema, example: { starts: "T-1", if_version: 1 } },
    answer: { fields: { campaign: CAMPAIGN, seq: "the event's sequence number, null when nothing changed" } },
    errors: [403, 409],
  });
  api.route({
    method: "delete",
    path: "/releases/:release/campaigns/:campaign",
    summary: "Remove a campaign",
    answer: { fields: { deleted: "the campaign's id", seq: "the event's sequence number" } },
    errors: [403],
  });
}
