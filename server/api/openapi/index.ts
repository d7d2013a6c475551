import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import * as access from "./access";
import * as actions from "./actions";
import * as calendar from "./calendar";
import * as campaigns from "./campaigns";
import * as certification from "./certification";
import * as drills from "./drills";
import * as gonogo from "./gonogo";
import * as monitoring from "./monitoring";
import * as operations from "./operations";
import * as params from "./params";
import * as plan from "./plan";
import * as postmortems from "./postmortems";
import * as reference from "./reference";
import * as readiness from "./readiness";
import * as releases from "./releases";
import * as roster from "./roster";
import * as sops from "./sops";
import { createApiSpec, type Tagged } from "./spec";
import * as webhooks from "./webhooks";

/**
 * The modules whose routes the document describes, in the order the reference page shows them.
 * A new module: a file here exporting `tag` and `registerOpenApi(api)`, and one line in this list (ADR 026).
 */
export const MODULES: Tagged[] = [
  releases,
  readiness,
  plan,
  gonogo,
  actions,
  postmortems,
  roster,
  sops,
  params,
  drills,
  certification,
  monitoring,
  campaigns,
  calendar,
  access,
  webhooks,
  operations,
  reference,
];

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

let built: OpenApiDocument | null = null;

/** The OpenAPI 3.1 document of API v1 (SPEC 13), built once from the modules' registrations. */
export function openApiDocument(): OpenApiDocument {
  if (built) return built;
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "An API token (Admin → API tokens): `Authorization: Bearer glt_…`. Its role (viewer, contributor, lead, admin) decides what it may do.",
  });
  registry.registerComponent("securitySchemes", "calendarToken", {
    type: "apiKey",
    in: "query",
    name: "token",
    description: "For calendar.ics only: an API token or a board link's token in the URL, since calendar applications cannot send headers.",
  });
  for (const module of MODULES) module.registerOpenApi(createApiSpec(registry, module.tag.name));
  built = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Greenlight API",
      version: "1",
      description:
        "Release readiness, the go/no-go gate and what feeds them. Every error is `{ error: { code, message, details? } }`; a 422's `details` names each problem's path (and a CSV's line). Creations accept an `Idempotency-Key` header.",
    },
    servers: [{ url: "/api/v1" }],
    tags: MODULES.map((module) => module.tag),
    security: [{ bearer: [] }],
  });
  return built;
}
