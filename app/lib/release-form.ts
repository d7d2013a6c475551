import { z } from "zod";
import { isoDateSchema } from "../../server/readiness/kinds";

/** The create-release form: one schema for the browser and the action. */
export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export const releaseFormSchema = z
  .object({
    id: z
      .string({ error: "id is required" })
      .max(64)
      .regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes, starting with a letter or digit"),
    name: z.string({ error: "name is required" }).trim().min(1).max(120),
    template: z.string({ error: "choose a template" }),
    start_date: isoDateSchema,
    launch_date: isoDateSchema,
    workdays: z.array(z.number().int().min(1).max(7), { error: "choose at least one working day" }).min(1, "choose at least one working day"),
    holidays: z
      .string()
      .optional()
      .transform((text, ctx) => {
        const dates = (text ?? "").split(/[\s,]+/).filter(Boolean);
        const bad = dates.filter((d) => !isoDateSchema.safeParse(d).success);
        if (bad.length) {
          ctx.addIssue({ code: "custom", message: `not a date (YYYY-MM-DD): ${bad.join(", ")}` });
          return z.NEVER;
        }
        return [...new Set(dates)].sort();
      }),
  })
  .refine((r) => r.launch_date >= r.start_date, { message: "launch date must not be before the start date", path: ["launch_date"] });

export type ReleaseForm = z.output<typeof releaseFormSchema>;

export function toCreateRelease(form: ReleaseForm) {
  const { workdays, holidays, ...rest } = form;
  return { ...rest, calendar: { workdays: [...workdays].sort(), holidays } };
}
