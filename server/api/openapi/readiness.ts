import { z } from "zod";
import { evidenceBody } from "../../readiness/service";
import { assigneeBody, sourceErrorSchema } from "../schemas";
import type { ApiSpec } from "./spec";

export const tag = { name: "Readiness", description: "Readiness items and the evidence that turns them green, amber or red (SPEC 3)." };

/** An item as the API answers it: its fields are the kind's (SPEC 3); `source_error` is the API's own (ADR 022). */
const item = z.looseObject({
  id: z.string(),
  kind: z.string(),
  status: z.enum(["green", "amber", "red", "unknown"]).or(z.string()),
  version: z.number().int(),
  source_error: sourceErrorSchema.meta({
    description: "a polled `metric` item's last failed Prometheus query; null when the last query succeeded or the item is not polled",
  }),
});

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/items",
    summary: "List the release's readiness items",
    answer: { schema: z.object({ items: z.array(item) }) },
  });
  api.route({ method: "get", path: "/releases/:release/items/:item", summary: "Read one readiness item", answer: { schema: z.object({ item }) } });
  api.route({
    method: "post",
    path: "/releases/:release/items/:item/evidence",
    summary: "Report evidence for an item",
    description:
      "The body is the item kind's evidence (e.g. `{ value: 99.95 }` for a metric, `{ done: true }` for a check; `note` and `link` may ride along); `if_version` refuses the write (409) when the item has moved on.",
    body: { json: evidenceBody, example: { done: true, link: "https://ci.example.com/run/1", note: "announcement published" } },
    answer: { schema: z.object({ item, seq: z.number().int() }) },
    errors: [403, 409],
  });
  api.route({
    method: "put",
    path: "/releases/:release/items/:item/assignee",
    summary: "Assign an item to a person (or null)",
    body: { json: assigneeBody },
    answer: { schema: z.object({ item, seq: z.number().int() }) },
    errors: [403],
  });
}
