import { z } from "zod";
import { emailSchema } from "../shared/auth-schemas";
import { evidenceSchema, reportExtras, type ItemDefinition } from "../shared/kinds";

/**
 * The report-evidence form for one item, shared by the browser and the
 * action. It only adapts form controls (radio buttons, selects) to the
 * kind's evidence schema; the service validates the result again.
 */
export function evidenceFormSchema(item: ItemDefinition) {
  const extras = { ...reportExtras, if_version: z.number().int().nonnegative() };
  if (item.kind === "check") {
    return z.object({
      done: z.enum(["yes", "no"], { error: "choose done or not done" }).transform((v) => v === "yes"),
      ...extras,
    });
  }
  if (item.kind === "param" && typeof item.config.approved === "boolean") {
    return z.object({
      deployed: z.enum(["true", "false"], { error: "choose the deployed value" }).transform((v) => v === "true"),
      ...extras,
    });
  }
  return (
    evidenceSchema(item, extras, { strict: false }) ??
    z.object({}).refine(() => false, "this item's status is computed, not reported")
  );
}

/** Assigning an item to a person, by email; empty clears it. */
export const assignFormSchema = z.object({
  intent: z.literal("assign"),
  assignee: emailSchema.optional(),
});
