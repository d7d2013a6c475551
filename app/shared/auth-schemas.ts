import { z } from "zod";
import { localeSchema } from "./locale";
import { slug } from "./kinds";

/**
 * People and tokens as data: roles (SPEC 9) and the schemas that check them.
 * Pure, so the browser's forms share them with the server.
 */
export const ROLES = ["admin", "lead", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const emailSchema = z
  .string({ error: "enter an email address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "enter a valid email address" }).max(200));

export const passwordSchema = z.string({ error: "enter a password" }).min(12, "use at least 12 characters").max(200, "use at most 200 characters");

const role = z.enum(ROLES, { error: "choose a role" });
const functions = z.array(slug).default([]);

export const newUserSchema = z
  .object({
    email: emailSchema,
    name: z.string({ error: "enter a name" }).trim().min(1, "enter a name").max(120),
    role,
    functions,
  })
  .strict();

export const newTokenSchema = z
  .object({
    name: z.string({ error: "name the token" }).trim().min(1, "name the token").max(80),
    role,
    functions,
  })
  .strict();

/** A board link for a shared screen (API and the links page). */
export const newBoardLinkSchema = z
  .object({
    name: z.string().trim().min(1, "name the screen").max(80).default("Shared screen"),
    /** The language the screen shows; null or absent: the TV browser's own. */
    locale: localeSchema.nullable().default(null),
  })
  .strict();
export type NewBoardLink = z.output<typeof newBoardLinkSchema>;
