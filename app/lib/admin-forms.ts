import { z } from "zod";
import { newBoardLinkSchema, newTokenSchema, newUserSchema } from "../shared/auth-schemas";
import { localeSchema } from "../shared/locale";

/** The admin pages' forms: the API's schemas plus an intent; each page's intents are one discriminated union. */
const id = z.number().int().positive();

export const usersFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), ...newUserSchema.shape }),
  z.object({ intent: z.literal("disable"), id }),
  z.object({ intent: z.literal("reinvite"), id }),
]);

export const tokensFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), ...newTokenSchema.shape }),
  z.object({ intent: z.literal("revoke"), id }),
]);

export const boardLinksFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    name: z.string({ error: "name the screen" }).pipe(newBoardLinkSchema.shape.name.unwrap()),
    // Empty: the TV's browser decides.
    locale: localeSchema.optional(),
  }),
  z.object({ intent: z.literal("revoke"), id }),
]);
