import { type OpenAPIRegistry, type ZodContentObject, type ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import { z, type ZodObject, type ZodType } from "zod";

/**
 * How a module describes its API routes for the OpenAPI document (ADR 026).
 * Each module's file in this folder exports `registerOpenApi(api)` and calls
 * `api.route({...})` once per route, with the SAME zod schemas the router
 * parses with; server/api/openapi/index.ts lists the modules.
 */

export type Method = "get" | "post" | "put" | "patch" | "delete";
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429;

/** A success answer: a zod schema, or a description of the object's top-level fields when no schema exists. */
export type Answer =
  | { schema: ZodType; description?: string }
  | { fields: Record<string, string>; description?: string }
  | { media: string; description: string }
  | { empty: true; description?: string };

export interface RouteSpec {
  method: Method;
  /** The path as Express writes it under /api/v1: `/releases/:release/items/:item`. */
  path: string;
  summary: string;
  description?: string;
  /** `bearer` (the default): Authorization: Bearer <API token>; `none`: anyone; `calendar`: `?token=` or bearer. */
  auth?: "bearer" | "none" | "calendar";
  query?: ZodObject | z.ZodPipe;
  /** The JSON body's schema, and/or other media types the route reads (`text/csv`, `application/xml`) with a description. */
  body?: { json?: ZodType; other?: Record<string, string>; description?: string; example?: unknown; required?: boolean };
  /** 200 unless said; 201 for creations. */
  status?: 200 | 201 | 204;
  answer: Answer;
  /** Errors beyond those implied (401/429 for bearer auth, 404 for path params, 400/413/415/422 for a body, 422 for a query). */
  errors?: ErrorStatus[];
  /** Accepts an `Idempotency-Key` header (creations). */
  idempotent?: boolean;
}

export interface ApiSpec {
  route(spec: RouteSpec): void;
}

/** The tags, in the order the reference page shows them; a module registers under one. */
export interface Tagged {
  tag: { name: string; description: string };
  registerOpenApi(api: ApiSpec): void;
}

/** The one error shape (SPEC 7). */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "a stable machine-readable code, e.g. `validation_failed`, `not_found`, `forbidden`" }),
      message: z.string().meta({ description: "what went wrong, for a person" }),
      details: z.unknown().optional().meta({ description: "for 422s, a list of `{ path, message }` (CSV problems also name the line)" }),
    }),
  })
  .meta({ id: "Error", description: "Every error the API answers (SPEC 7): `{ error: { code, message, details? } }`." });

const ERROR_TEXT: Record<ErrorStatus, string> = {
  400: "The body is not JSON, or nests too deep",
  401: "Missing, invalid or revoked token",
  403: "The token's role may not do this",
  404: "No such release, item or id",
  409: "Conflicts with the current state (already closed, version moved, idempotency key reused…)",
  413: "The body is larger than the limit (1 MB; 5 MB for a JUnit report)",
  415: "The body's media type is not one this route reads",
  422: "The input is not valid: `details` names every problem",
  429: "More requests per second than this token may make (see Retry-After)",
};

const PARAM_TEXT: Record<string, { schema: ZodType; description: string }> = {
  release: { schema: z.string(), description: "The release id (a slug), e.g. `perp-futures-v2`" },
  item: { schema: z.string(), description: "A readiness item id" },
  task: { schema: z.string(), description: "A WBS task id" },
  id: { schema: z.number().int().positive(), description: "A numeric id" },
  email: { schema: z.string(), description: "A person's email" },
  assessment: { schema: z.string(), description: "An assessment item id" },
  key: { schema: z.string(), description: "A SOP key" },
  version: { schema: z.number().int().positive(), description: "A SOP revision's version" },
  campaign: { schema: z.string(), description: "A campaign's id (a slug)" },
  delivery: { schema: z.string(), description: "A webhook delivery's id (the `X-Greenlight-Delivery` header)" },
};

/** `/releases/:release/items/:item` → `/releases/{release}/items/{item}` */
export const openApiPath = (express: string) => express.replace(/:(\w+)/g, "{$1}");

/** The names of an Express path's parameters. */
const paramNames = (express: string) => [...express.matchAll(/:(\w+)/g)].map((m) => m[1]!);

export function createApiSpec(registry: OpenAPIRegistry, tag: string): ApiSpec {
  return {
    route(spec) {
      const auth = spec.auth ?? "bearer";
      const names = paramNames(spec.path);
      const errors = new Set<ErrorStatus>(spec.errors ?? []);
      if (auth !== "none") errors.add(401);
      if (auth === "bearer") errors.add(429);
      if (names.length > 0) errors.add(404);
      if (spec.query) errors.add(422);
      if (spec.body) for (const status of [400, 413, 415, 422] as const) errors.add(status);

      const params = names.length
        ? z.object(
            Object.fromEntries(
              names.map((name) => {
                const known = PARAM_TEXT[name];
                if (!known) throw new Error(`openapi: no description for the path parameter :${name} (add it to PARAM_TEXT)`);
                return [name, known.schema.meta({ description: known.description })];
              }),
            ),
          )
        : undefined;

      let body: ZodRequestBody | undefined;
      if (spec.body) {
        const content: ZodContentObject = {};
        if (spec.body.json)
          content["application/json"] = { schema: spec.body.json, ...(spec.body.example === undefined ? {} : { example: spec.body.example }) };
        for (const [media, description] of Object.entries(spec.body.other ?? {})) content[media] = { schema: { type: "string", description } };
        body = { content, required: spec.body.required ?? true, ...(spec.body.description ? { description: spec.body.description } : {}) };
      }

      const status = spec.status ?? 200;
      const answer = spec.answer;
      const success =
        "schema" in answer
          ? { description: answer.description ?? "OK", content: { "application/json": { schema: answer.schema } } }
          : "fields" in answer
            ? {
                description: answer.description ?? "OK",
                content: {
                  "application/json": {
                    schema: {
                      type: "object" as const,
                      properties: Object.fromEntries(Object.entries(answer.fields).map(([field, description]) => [field, { description }])),
                    },
                  },
                },
              }
            : "media" in answer
              ? { description: answer.description, content: { [answer.media]: { schema: { type: "string" as const } } } }
              : { description: answer.description ?? "Done; no body" };

      const headers = spec.idempotent
        ? z.object({
            "Idempotency-Key": z.string().optional().meta({
              description: "Send the same key to retry safely: the first answer is replayed (Idempotent-Replayed: true) and nothing is written twice",
            }),
          })
        : undefined;

      const query = spec.query;
      registry.registerPath({
        method: spec.method,
        path: openApiPath(spec.path),
        tags: [tag],
        summary: spec.summary,
        ...(spec.description ? { description: spec.description } : {}),
        security: auth === "bearer" ? [{ bearer: [] }] : auth === "calendar" ? [{ bearer: [] }, { calendarToken: [] }] : [],
        request: { ...(params ? { params } : {}), ...(query ? { query } : {}), ...(body ? { body } : {}), ...(headers ? { headers } : {}) },
        responses: {
          [status]: success,
          ...Object.fromEntries(
            [...errors].sort().map((code) => [code, { description: ERROR_TEXT[code], content: { "application/json": { schema: errorBody } } }]),
          ),
        },
      });
    },
  };
}
