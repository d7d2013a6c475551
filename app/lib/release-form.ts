import { z } from "zod";
import { isoDateSchema } from "../shared/kinds";
import { calendarSchema, launchNotBeforeStart, releaseFields } from "../shared/releases";

/** The create-release form, one schema for the browser and the action: the API's release fields, with the calendar as form controls (checkboxes, a text area). */
export const releaseFormSchema = z
  .object({
    ...releaseFields,
    workdays: calendarSchema.shape.workdays.unwrap(),
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
  .refine(...launchNotBeforeStart);

export type ReleaseForm = z.output<typeof releaseFormSchema>;

export function toCreateRelease(form: ReleaseForm) {
  const { workdays, holidays, ...rest } = form;
  return { ...rest, calendar: { workdays: [...workdays].sort(), holidays } };
}
