/**
 * The API reference page's picture of the OpenAPI document (ADR 026): per tag, each
 * operation's method, path, summary, auth, parameters, body fields and answers, read
 * from the document itself, so the page cannot say anything the document does not.
 */

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; type?: string | string[]; properties?: Record<string, Json>; required?: string[] };

export type Auth = "bearer" | "none" | "calendar";

export interface FieldView {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

export interface OperationView {
  id: string;
  method: string;
  path: string;
  summary: string;
  description: string;
  auth: Auth;
  params: (FieldView & { in: string })[];
  bodies: { media: string; fields: FieldView[]; description: string; example: string | null }[];
  responses: { status: string; description: string; media: string | null; fields: FieldView[] }[];
}

export interface TagView {
  name: string;
  description: string;
  operations: OperationView[];
}

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** A JSON schema in a few words: `string`, `integer ≥ 1`, `"a" | "b"`, `array of string`, `object`. */
export function typeOf(schema: Schema | undefined, depth = 0): string {
  if (!schema) return "any";
  if (schema.$ref) return schema.$ref.split("/").pop()!;
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(" | ");
  if ("const" in schema) return JSON.stringify(schema.const);
  const options = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (options && depth < 3) return [...new Set(options.map((o) => typeOf(o, depth + 1)))].join(" | ");
  if (Array.isArray(schema.allOf) && depth < 3) return (schema.allOf as Schema[]).map((o) => typeOf(o, depth + 1)).join(" & ");
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const shown = types.map((type) => {
    if (type === "array") return `array of ${typeOf(schema.items as Schema | undefined, depth + 1)}`;
    if (type === "string" && typeof schema.format === "string") return `string (${schema.format})`;
    return type;
  });
  const bounds: string[] = [];
  if (typeof schema.minimum === "number") bounds.push(`≥ ${schema.minimum}`);
  if (typeof schema.exclusiveMinimum === "number") bounds.push(`> ${schema.exclusiveMinimum}`);
  if (typeof schema.maximum === "number") bounds.push(`≤ ${schema.maximum}`);
  if (typeof schema.maxLength === "number") bounds.push(`≤ ${schema.maxLength} chars`);
  const text = shown.length ? shown.join(" | ") : schema.properties ? "object" : "any";
  return bounds.length ? `${text} ${bounds.join(", ")}` : text;
}

const str = (value: unknown) => (typeof value === "string" ? value : "");

/** An object schema's top-level fields; none for a schema that is not an object of named fields. */
function fieldsOf(schema: Schema | undefined): FieldView[] {
  if (!schema?.properties) return [];
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, field]) => ({
    name,
    type: typeOf(field as Schema),
    required: required.has(name),
    description: str(field.description),
  }));
}

function authOf(security: unknown): Auth {
  if (!Array.isArray(security)) return "bearer";
  if (security.length === 0) return "none";
  return security.some((s: Json) => "calendarToken" in s) ? "calendar" : "bearer";
}

export function openApiView(doc: { tags?: { name: string; description?: string }[]; paths?: Record<string, unknown> }): TagView[] {
  const tags = new Map<string, TagView>((doc.tags ?? []).map((t) => [t.name, { name: t.name, description: t.description ?? "", operations: [] }]));
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Json | undefined>)[method];
      if (!op) continue;
      const tag = (op.tags as string[] | undefined)?.[0] ?? "Other";
      if (!tags.has(tag)) tags.set(tag, { name: tag, description: "", operations: [] });
      const content = ((op.requestBody as Json | undefined)?.content ?? {}) as Record<string, { schema?: Schema; example?: unknown }>;
      tags.get(tag)!.operations.push({
        id: `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-").replace(/-$/, ""),
        method: method.toUpperCase(),
        path,
        summary: str(op.summary),
        description: str(op.description),
        auth: authOf(op.security),
        params: ((op.parameters ?? []) as Json[]).map((p) => ({
          name: str(p.name),
          in: str(p.in),
          type: typeOf(p.schema as Schema),
          required: p.required === true,
          description: str(p.description) || str((p.schema as Json | undefined)?.description),
        })),
        bodies: Object.entries(content).map(([media, { schema, example }]) => ({
          media,
          fields: fieldsOf(schema),
          description: schema?.properties ? "" : str(schema?.description) || typeOf(schema),
          example: example === undefined ? null : JSON.stringify(example, null, 2),
        })),
        responses: Object.entries((op.responses ?? {}) as Record<string, Json>).map(([status, response]) => {
          const [media, body] = Object.entries((response.content ?? {}) as Record<string, { schema?: Schema }>)[0] ?? [null, undefined];
          return { status, description: str(response.description), media, fields: status.startsWith("2") ? fieldsOf(body?.schema) : [] };
        }),
      });
    }
  }
  return [...tags.values()].filter((tag) => tag.operations.length > 0);
}
