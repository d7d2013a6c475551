import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, startServer, type RunningServer } from "./support/server";

let server: RunningServer;
let call: ReturnType<typeof api>;
type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { example?: unknown; schema: { required?: string[] } }> } }>>;
};
let doc: Doc;

const example = (path: string, method: string) => doc.paths[path]![method]!.requestBody!.content["application/json"]!.example as Record<string, unknown>;

beforeAll(async () => {
  server = await startServer();
  call = api(server.url);
  const res = await fetch(`${server.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
});

afterAll(async () => {
  await server?.stop();
});

describe("GET /api/v1/openapi.json", () => {
  it("is served to anyone, without a token, as JSON", async () => {
    const res = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/releases/{release}/alertmanager");
    // Everything else still wants a token.
    expect((await fetch(`${server.url}/api/v1/releases`)).status).toBe(401);
  });
});

describe("the documented bodies are the ones the router takes", () => {
  it("the documented example of a release is created; without a field the document requires, refused", async () => {
    const release = example("/releases", "post");
    const required = doc.paths["/releases"]!.post!.requestBody!.content["application/json"]!.schema.required!;
    for (const field of required) {
      const { [field]: _dropped, ...without } = release;
      const res = await call("POST", "/releases", without);
      expect([res.status, field]).toEqual([422, field]);
    }
    // A field the document does not list (additionalProperties: false) is refused too.
    expect((await call("POST", "/releases", { ...release, colour: "green" })).status).toBe(422);
    expect((await call("POST", "/releases", release)).status).toBe(201);
  });

  it("the documented evidence example is recorded; a body that is not an object, as documented, is a 422", async () => {
    const body = example("/releases/{release}/items/{item}/evidence", "post");
    const ok = await call("POST", "/releases/abc-listing/items/comms.announcement/evidence", body);
    expect(ok.status).toBe(200);
    expect(ok.body.item.status).toBe("green");
    const bad = await call("POST", "/releases/abc-listing/items/comms.announcement/evidence", [body]);
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("validation_failed");
  });

  it("items carry source_error as documented", async () => {
    const res = await call("GET", "/releases/abc-listing/items");
    expect(res.body.items[0]).toHaveProperty("source_error", null);
  });
});
