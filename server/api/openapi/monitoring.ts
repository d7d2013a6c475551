import { alertmanagerPayload } from "../../../app/shared/alertmanager";
import type { ApiSpec } from "./spec";

export const tag = { name: "Monitoring", description: "Evidence in from monitoring: the Alertmanager webhook (SPEC 13, ADR 022)." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "post",
    path: "/releases/:release/alertmanager",
    summary: "Alertmanager webhook (version 4): check items red while firing, green when resolved",
    description: "Each alert's `greenlight_item` label names the check item it speaks for; alerts without one are listed as ignored.",
    body: { json: alertmanagerPayload },
    answer: {
      fields: {
        release: "the release",
        changed: "items changed: item, done, status, seq",
        unchanged: "items already as the payload says",
        ignored: "alerts naming no item or an unknown one, with why",
      },
    },
    errors: [403],
  });
}
