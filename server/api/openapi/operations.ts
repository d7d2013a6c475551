import { metricsQuery } from "../schemas";
import type { ApiSpec } from "./spec";

export const tag = { name: "Operations", description: "The server's own metrics (SPEC 14)." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/metrics",
    summary: "Server metrics: request latencies, event rates, memory",
    query: metricsQuery,
    answer: { fields: { requests: "latency percentiles per route", events: "events appended", memory: "heap and RSS" } },
    errors: [403],
  });
  api.route({ method: "post", path: "/metrics/reset", summary: "Reset the metrics' counters", status: 204, answer: { empty: true }, errors: [403] });
}
