import { z } from "zod";
import { sopAcknowledgeSchema, sopReviewSchema, sopRevisionSchema } from "../shared/sops";

/**
 * The SOP page's forms, one `intent` each, on the API's schemas
 * (app/shared/sops.ts): draft a revision, approve the waiting draft, record
 * the periodic review, acknowledge the current revision (ticked roster
 * people, or oneself). Pure: the browser validates with it too.
 */
const version = z.coerce.number().int().positive();

export const sopPageSchema = z.discriminatedUnion("intent", [
  sopRevisionSchema.safeExtend({ intent: z.literal("revise") }),
  z.strictObject({ intent: z.literal("approve"), version }),
  // An empty note arrives as no field at all.
  z.strictObject({ intent: z.literal("review"), note: sopReviewSchema.shape.note.optional() }),
  z.strictObject({
    intent: z.literal("acknowledge"),
    // No box ticked: no field at all.
    emails: z.preprocess((v) => v ?? [], sopAcknowledgeSchema.shape.emails),
    release: z.string().max(200).optional(),
  }),
  // One's own acknowledgement: "I have read vN".
  z.strictObject({ intent: z.literal("acknowledge-self") }),
]);
export type SopPageInput = z.infer<typeof sopPageSchema>;
