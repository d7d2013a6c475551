import { z } from "zod";

/** The languages the UI, the board and the Markdown record speak (SPEC 2: per user, per board link, else the browser's). */
export const LOCALES = ["en", "zh-CN"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export const localeSchema = z.enum(LOCALES, { error: `choose one of ${LOCALES.join(", ")}` });

/** Each language named in itself, as a switcher shows it. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", "zh-CN": "简体中文" };

/** A stored choice read back: anything not (or no longer) supported counts as no choice. */
export function localeOrNull(value: string | null | undefined): Locale | null {
  return localeSchema.safeParse(value).data ?? null;
}
