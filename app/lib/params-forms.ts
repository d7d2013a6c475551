import { z } from "zod";
import type { ParamType, ParamValue } from "../shared/kinds";
import { proposalSchema, rejectSchema, withdrawSchema } from "../shared/params";

/**
 * The risk parameters page's forms, one `intent` each, on the API's schemas
 * (app/shared/params.ts): propose values (one field per parameter, named
 * `value:<item>`, blank for "unchanged"), approve, reject with a reason,
 * withdraw one's own. Pure: the browser could validate with it too.
 */
const id = z.coerce.number().int().positive();

export const paramsPageSchema = z.discriminatedUnion("intent", [
  proposalSchema.safeExtend({ intent: z.literal("propose") }),
  z.strictObject({ intent: z.literal("approve"), id }),
  rejectSchema.safeExtend({ intent: z.literal("reject"), id }),
  withdrawSchema.safeExtend({ intent: z.literal("withdraw"), id }),
]);
export type ParamsPageInput = z.infer<typeof paramsPageSchema>;

export const VALUE_FIELD = "value:";

/**
 * A posted form as the schema reads it: the `value:<item>` fields gathered
 * into `values`, each as its parameter's type (a number that is not one stays
 * text, for the service to name), blank ones left out.
 */
export function paramsFormInput(form: FormData, types: ReadonlyMap<string, ParamType>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  const values: Record<string, ParamValue> = {};
  for (const [name, raw] of form.entries()) {
    if (typeof raw !== "string") continue;
    if (!name.startsWith(VALUE_FIELD)) {
      input[name] = raw;
      continue;
    }
    const item = name.slice(VALUE_FIELD.length);
    const text = raw.trim();
    if (!text) continue;
    const type = types.get(item);
    if (type === "number") {
      const n = Number(text);
      values[item] = Number.isFinite(n) ? n : text;
    } else if (type === "boolean") {
      values[item] = text === "true" ? true : text === "false" ? false : text;
    } else {
      values[item] = text;
    }
  }
  if (input.intent === "propose") input.values = values;
  return input;
}
