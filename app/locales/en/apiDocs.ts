/** The API reference page (SPEC 13, ADR 026): its chrome. The operations' own texts come from the OpenAPI document, in English. */
const apiDocs = {
  meta: "API reference",
  nav: "API",
  title: "API reference",
  intro:
    "Every endpoint of the HTTP API v1, read from its OpenAPI 3.1 document. Tools (code generators, Postman, Backstage) fetch the document without a token; every call sends Authorization: Bearer <API token>, created under API tokens. The operations are described in English, as the API is.",
  download: "Download openapi.json",
  errors: "Every error answers { error: { code, message, details? } }; a 422 lists each problem's path (and a CSV's line).",
  contents: "Sections",
  operations_one: "{{count}} operation",
  operations_other: "{{count}} operations",
  auth: { bearer: "Bearer token", none: "No token needed", calendar: "?token= or bearer token" },
  parameters: "Parameters",
  body: "Request body",
  responses: "Responses",
  required: "required",
  optional: "optional",
  in: { path: "path", query: "query", header: "header" },
  example: "Example",
  noBody: "no body",
};

export default apiDocs;
