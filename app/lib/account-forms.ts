import { z } from "zod";
import { emailSchema, passwordSchema } from "../shared/auth-schemas";

/** The sign-in, first-admin and set-password forms, shared by browser and server. */
export const loginFormSchema = z.object({
  email: emailSchema,
  password: z.string({ error: "enter your password" }).max(200),
  redirectTo: z.string().optional(),
});

const samePassword = [
  (v: { password: string; confirm: string }) => v.password === v.confirm,
  { message: "the passwords do not match", path: ["confirm"] },
] as const;

export const setPasswordFormSchema = z
  .object({ password: passwordSchema, confirm: z.string({ error: "repeat the password" }) })
  .refine(samePassword[0], { ...samePassword[1], path: [...samePassword[1].path] });

export const setupFormSchema = z
  .object({
    code: z.string({ error: "enter the setup code from the server's log" }).trim().min(1).max(40),
    email: emailSchema,
    name: z.string({ error: "enter your name" }).trim().min(1).max(120),
    password: passwordSchema,
    confirm: z.string({ error: "repeat the password" }),
  })
  .refine(samePassword[0], { ...samePassword[1], path: [...samePassword[1].path] });

/** A backslash (read as `/` by browsers), or a control character (dropped by browsers, refused in headers). */
const unsafeInPath = (c: string) => c === "\\" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

/**
 * Only a path on this site: never another site (`//evil`, `/\evil`, a tab or
 * newline that browsers drop), and never a value a header cannot carry.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || [...to].some(unsafeInPath)) return fallback;
  const base = "http://greenlight.invalid";
  try {
    const url = new URL(to, base);
    return url.origin === base ? `${url.pathname}${url.search}${url.hash}` : fallback;
  } catch {
    return fallback;
  }
}
