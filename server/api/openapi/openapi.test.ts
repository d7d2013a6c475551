import { Validator } from "@seriousme/openapi-schema-validator";
import type { Router } from "express";
import { describe, expect, it } from "vitest";
import { apiRouter, type ApiDeps } from "../router";
import { openApiDocument } from ".";
import { openApiPath } from "./spec";

/** Every route the API router registers, as `METHOD /path` in OpenAPI's spelling: walked at runtime, never listed by hand. */
function routerRoutes(router: Router): string[] {
  const routes: string[] = [];
  for (const layer of router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
    if (!layer.route) continue;
    for (const [method, on] of Object.entries(layer.route.methods))
      if (on && method !== "_all") routes.push(`${method.toUpperCase()} ${openApiPath(layer.route.path)}`);
  }
  return routes.sort();
}

const documented = () =>
  Object.entries(openApiDocument().paths ?? {})
    .flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();

// The router only wires its handlers when built; nothing is called until a request comes.
const router = apiRouter({ rate: 0 } as unknown as ApiDeps);

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document (a maintained validator says so)", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(openApiDocument()) as unknown as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("lists every route the router has, and no route it has not", () => {
    const inRouter = routerRoutes(router);
    const inDoc = documented();
    expect(inRouter.length).toBeGreaterThan(70);
    expect({ missingFromDocument: inRouter.filter((r) => !inDoc.includes(r)), notInRouter: inDoc.filter((r) => !inRouter.includes(r)) }).toEqual({
      missingFromDocument: [],
      notInRouter: [],
    });
  });

  it("a route the router gains without its spec is named by the coverage check", () => {
    const grown = apiRouter({ rate: 0 } as unknown as ApiDeps);
    grown.get("/releases/:release/forecast", () => undefined);
    expect(routerRoutes(grown).filter((r) => !documented().includes(r))).toEqual(["GET /releases/{release}/forecast"]);
  });

  it("describes auth: bearer everywhere, ?token= for calendar.ics, nothing for the document itself", () => {
    const doc = openApiDocument();
    expect(doc.components?.securitySchemes).toMatchObject({
      bearer: { type: "http", scheme: "bearer" },
      calendarToken: { type: "apiKey", in: "query", name: "token" },
    });
    expect(doc.paths?.["/openapi.json"]?.get?.security).toEqual([]);
    const ics = doc.paths?.["/releases/{release}/calendar.ics"]?.get;
    expect(ics?.security).toEqual([{ bearer: [] }, { calendarToken: [] }]);
    expect(ics?.parameters).toContainEqual(expect.objectContaining({ name: "token", in: "query" }));
    expect(doc.paths?.["/releases/{release}/items"]?.get?.security).toEqual([{ bearer: [] }]);
  });

  it("answers errors in the one shape, per route as each can fail", () => {
    const doc = openApiDocument();
    expect(doc.components?.schemas?.Error).toMatchObject({ type: "object", required: ["error"] });
    const evidence = doc.paths?.["/releases/{release}/items/{item}/evidence"]?.post;
    expect(Object.keys(evidence?.responses ?? {}).sort()).toEqual(["200", "400", "401", "403", "404", "409", "413", "415", "422", "429"]);
    expect(evidence?.responses?.["422"]).toMatchObject({ content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
    expect(Object.keys(doc.paths?.["/releases"]?.get?.responses ?? {}).sort()).toEqual(["200", "401", "429"]);
  });

  it("describes the CSV and XML bodies as such, and the items' source_error", () => {
    const doc = openApiDocument();
    expect(Object.keys(doc.paths?.["/releases/{release}/wbs"]?.put?.requestBody ?? {})).toContain("content");
    const content = (path: string, method: "put" | "post") => Object.keys((doc.paths?.[path]?.[method]?.requestBody as { content: object }).content);
    expect(content("/releases/{release}/wbs", "put")).toEqual(["application/json", "text/csv"]);
    expect(content("/releases/{release}/items/{item}/junit", "post")).toEqual(["application/xml"]);
    const items = JSON.stringify(doc.paths?.["/releases/{release}/items"]?.get?.responses?.["200"]);
    expect(items).toContain('"source_error"');
  });

  it("documents bodies as strictly as the router parses them", () => {
    const body = (path: string, method: "post" | "put") =>
      (doc.paths?.[path]?.[method]?.requestBody as { content: Record<string, { schema: Record<string, unknown> }> }).content["application/json"]!.schema;
    const doc = openApiDocument();
    // The router refuses unknown fields and missing ones (test/openapi.test.ts proves it over HTTP): so does the document.
    expect(body("/releases", "post")).toMatchObject({ additionalProperties: false, required: expect.arrayContaining(["id", "name", "template"]) });
    expect(body("/releases/{release}/items/{item}/assignee", "put")).toMatchObject({ additionalProperties: false, required: ["assignee"] });
    expect(body("/releases/{release}/items/{item}/evidence", "post")).toMatchObject({ type: "object" });
  });
});
