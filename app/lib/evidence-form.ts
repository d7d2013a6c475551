import { z } from "zod";
import { emailSchema } from "../shared/auth-schemas";
import { evidenceFields, evidenceSchema, reportExtras, type ItemDefinition } from "../shared/kinds";

/**
 * The report-evidence form for one item, shared by the browser and the
 * action: the kind's evidence schema, with its choice fields (radio buttons)
 * read as what their options mean. The service validates the result again.
 */
export function evidenceFormSchema(item: ItemDefinition) {
  const extras = { ...reportExtras, if_version: z.number().int().nonnegative() };
  const choices = Object.fromEntries(
    evidenceFields(item).flatMap((field) => {
      if (field.type !== "choice") return [];
      const meaning = new Map(field.options.map((o) => [o.value, o.means]));
      const values = field.options.map((o) => o.value) as [string, ...string[]];
      return [[field.name, z.enum(values, { error: field.error }).transform((v) => meaning.get(v))]];
    }),
  );
  return evidenceSchema(item, { ...extras, ...choices }, { strict: false }) ?? z.object({}).refine(() => false, "this item's status is computed, not reported");
}

/** Assigning an item to a person, by email; empty clears it. */
export const assignFormSchema = z.object({
  intent: z.literal("assign"),
  assignee: emailSchema.optional(),
});
