import type { ApiSpec } from "./spec";

export const tag = { name: "Reference", description: "This document." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/openapi.json",
    summary: "This OpenAPI 3.1 document",
    description: "Documentation, readable without a token (ADR 026); generated from the zod schemas the API validates with.",
    auth: "none",
    answer: { media: "application/json", description: "The OpenAPI 3.1 document" },
  });
}
