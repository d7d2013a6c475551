import { z } from "zod";
import { emailSchema } from "../shared/auth-schemas";
import { resultsCsvQuery, rosterPersonSchema } from "../shared/roster-exchange";

/**
 * The roster page's forms (`/releases/:r/roster`), one discriminated union on
 * `intent`, built on the API's own schemas (app/shared/roster-exchange.ts):
 * `replace` the roster from a CSV, record LMS `results` from a gradebook
 * export, `upsert` one person, `remove` one. A CSV comes as a file or pasted
 * text (`csv`); the action reads the file itself.
 */
const query = resultsCsvQuery.shape;

export const rosterFormSchema = z
  .discriminatedUnion("intent", [
    z.object({ intent: z.literal("replace"), csv: z.string().optional() }),
    z.object({
      intent: z.literal("results"),
      assessment: z.string({ error: "choose the assessment" }).min(1).max(60),
      column: z.string({ error: "enter the grade column's header, as the export names it" }).trim().min(1).max(200),
      pass: query.pass,
      max: query.max,
      at_column: z.string().trim().max(200).optional(),
      csv: z.string().optional(),
    }),
    z.object({ intent: z.literal("upsert"), ...rosterPersonSchema.shape }),
    z.object({ intent: z.literal("remove"), id: emailSchema }),
  ])
  .superRefine((v, ctx) => {
    if (v.intent === "results" && v.pass > v.max) ctx.addIssue({ code: "custom", path: ["pass"], message: "the pass mark is above the maximum grade" });
  });

export type RosterForm = z.output<typeof rosterFormSchema>;
