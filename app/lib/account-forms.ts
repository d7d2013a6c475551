import { z } from "zod";
import { emailSchema } from "../../server/auth/roles";

/** The sign-in, first-admin and set-password forms, shared by browser and server. */
export const loginFormSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "enter your password" }).max(200),
  redirectTo: z.string().optional(),
});

const newPassword = z
  .object({
    password: z.string({ error: "enter a password" }).min(12, "use at least 12 characters").max(200, "use at most 200 characters"),
    confirm: z.string({ error: "repeat the password" }),
  })
  .refine((v) => v.password === v.confirm, { message: "the passwords do not match", path: ["confirm"] });

export const setPasswordFormSchema = newPassword;

export const setupFormSchema = z
  .object({
    email: emailSchema,
    name: z.string({ error: "enter your name" }).trim().min(1).max(120),
    password: z.string({ error: "enter a password" }).min(12, "use at least 12 characters").max(200),
    confirm: z.string({ error: "repeat the password" }),
  })
  .refine((v) => v.password === v.confirm, { message: "the passwords do not match", path: ["confirm"] });

/** Only same-site paths: never redirect a signed-in user to another site. */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  return to && to.startsWith("/") && !to.startsWith("//") && !to.startsWith("/\\\\") ? to : fallback;
}
