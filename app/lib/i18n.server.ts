import { createCookie, type AppLoadContext } from "@remix-run/node";
import { createInstance, type i18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LOCALE, LOCALES, localeOrNull, type Locale } from "../shared/locale";
import { i18nOptions } from "./i18n";

/** The choice of someone not signed in (the login page's switcher); a signed-in person's is on their account. */
export const languageCookie = createCookie("lng", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 365 * 24 * 3600 });

const detector = new RemixI18Next({
  detection: { supportedLanguages: [...LOCALES], fallbackLanguage: DEFAULT_LOCALE, cookie: languageCookie, order: ["cookie", "header"] },
});

/**
 * The language of a response: the signed-in person's choice, else the board
 * link's (a TV has no one signed in), else the cookie, else the browser's
 * `Accept-Language`, else English.
 */
export async function localeOf(request: Request, context: AppLoadContext, boardLocale: Locale | null = null): Promise<Locale> {
  const p = context.principal;
  const chosen = (p?.kind === "user" ? p.locale : null) ?? boardLocale;
  return chosen ?? localeOrNull(await detector.getLocale(request)) ?? DEFAULT_LOCALE;
}

/** A ready instance in one language: the server renders each response with its own. */
export function i18nFor(locale: Locale): i18n {
  const instance = createInstance().use(initReactI18next);
  void instance.init({ ...i18nOptions, lng: locale });
  return instance;
}
