import { parseWithZod } from "@conform-to/zod/v4";
import type { z } from "zod";

/** Messages a person understands, for the cases zod words for programmers. */
const formErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === "invalid_type") {
    if (issue.input === undefined || issue.input === "") return "required";
    if (issue.expected === "number" || issue.expected === "int") return "enter a number";
  }
  if (issue.code === "too_small" && issue.origin === "number") return `must be at least ${issue.minimum}`;
  if (issue.code === "too_big" && issue.origin === "number") return `must be at most ${issue.maximum}`;
  if (issue.code === "invalid_value") return "choose one of the options";
  return undefined;
};

/** The one way a form is parsed, in the browser (onValidate) and in the action. */
export function parseForm<Schema extends z.ZodType>(formData: FormData, schema: Schema) {
  return parseWithZod(formData, { schema, error: formErrorMap });
}

/**
 * The posted form, or a 400 page when the body is not a form at all. A plain
 * Response, not `data()`: this module runs in the browser too (parseForm), and
 * @remix-run/node has no place in the client's bundle.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response("The request body is not a form.", { status: 400 });
  }
}
