import { data, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { safeRedirect } from "../lib/account-forms";
import { readForm } from "../lib/forms";
import { languageCookie } from "../lib/i18n.server";
import { localeSchema } from "../shared/locale";

const choiceSchema = z.object({
  locale: localeSchema,
  // Back to the page the switch was on; only a path on this site (never `//elsewhere`).
  to: z
    .string()
    .optional()
    .transform((to) => safeRedirect(to)),
});

/** The header's language switch: kept on a signed-in person's account, and in a cookie for the sign-in pages. */
export async function action({ context, request }: ActionFunctionArgs) {
  const parsed = choiceSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) throw data("Choose a language: en or zh-CN.", { status: 400 });
  const { locale, to } = parsed.data;
  const p = context.principal;
  if (p?.kind === "user") context.access.users.setLocale(p.id, locale);
  return redirect(to, { headers: { "Set-Cookie": await languageCookie.serialize(locale, { secure: context.secure }) } });
}

export function loader() {
  return redirect("/");
}
