import { z } from "zod";

/** Roles (SPEC 9) and the fields people are named by. Pure: shared with forms in the browser. */
export const ROLES = ["admin", "lead", "member", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const emailSchema = z
  .string({ error: "enter an email address" })
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: "enter a valid email address" }).max(200));
