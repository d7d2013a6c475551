import { z } from "zod";
import { isoDateSchema } from "./kinds";

/** Input for creating a release (API and form share it). */
export const calendarSchema = z
  .object({
    workdays: z
      .array(z.number().int().min(1).max(7))
      .min(1, "at least one working day")
      .refine((d) => new Set(d).size === d.length, "working days must be unique")
      .default([1, 2, 3, 4, 5]),
    holidays: z.array(isoDateSchema).default([]),
  })
  .strict();

export type Calendar = z.output<typeof calendarSchema>;

/** The fields of a release, shared by the API schema and the create-release form. */
export const releaseFields = {
  id: z
    .string()
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes, starting with a letter or digit"),
  name: z.string().trim().min(1, "name is required").max(120),
  template: z.string().min(1, "choose a template"),
  start_date: isoDateSchema,
  launch_date: isoDateSchema,
};

export const launchNotBeforeStart: [(r: { start_date: string; launch_date: string }) => boolean, { message: string; path: PropertyKey[] }] = [
  (r) => r.launch_date >= r.start_date,
  { message: "launch date must not be before the start date", path: ["launch_date"] },
];

export const createReleaseSchema = z
  .strictObject({ ...releaseFields, calendar: calendarSchema.default({ workdays: [1, 2, 3, 4, 5], holidays: [] }) })
  .refine(...launchNotBeforeStart);

export type CreateReleaseInput = z.output<typeof createReleaseSchema>;
