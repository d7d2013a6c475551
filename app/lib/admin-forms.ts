import { z } from "zod";
import { emailSchema, ROLES } from "../../server/auth/roles";
import { slug } from "../../server/readiness/kinds";

/** The admin pages' forms; each page's intents are one discriminated union. */
const role = z.enum(ROLES, { error: "choose a role" });
const functions = z.array(slug).default([]);
const id = z.number().int().positive();

export const usersFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    email: emailSchema,
    name: z.string({ error: "enter a name" }).trim().min(1).max(120),
    role,
    functions,
  }),
  z.object({ intent: z.literal("disable"), id }),
  z.object({ intent: z.literal("reinvite"), id }),
]);

export const tokensFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string({ error: "name the token" }).trim().min(1).max(80), role, functions }),
  z.object({ intent: z.literal("revoke"), id }),
]);

export const boardLinksFormSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string({ error: "name the screen" }).trim().min(1).max(80) }),
  z.object({ intent: z.literal("revoke"), id }),
]);
