import { createInstance, type InitOptions, type TFunction } from "i18next";
import { en } from "../locales/en";
import { zhCN } from "../locales/zh-CN";
import { DEFAULT_LOCALE, LOCALES, localeOrNull, type Locale } from "../shared/locale";

/** One configuration for the server's per-request instances and the browser's. Both languages are bundled: they are small, and a board switching language must not wait for a download. */
export const resources = { en: { translation: en }, "zh-CN": { translation: zhCN } } as const;

export const i18nOptions = {
  supportedLngs: [...LOCALES],
  fallbackLng: DEFAULT_LOCALE,
  defaultNS: "translation",
  resources,
  // React escapes; i18next must not escape a second time.
  interpolation: { escapeValue: false },
  // Resources are in memory: initialise synchronously, so the first render is translated.
  initImmediate: false,
} satisfies InitOptions;

const translators = new Map<Locale, TFunction>();

/** Translations in one language outside React: page titles (`meta`), server-made text (the Markdown record), tests. */
export function translator(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    const instance = createInstance();
    void instance.init({ ...i18nOptions, lng: locale });
    t = instance.t;
    translators.set(locale, t);
  }
  return t;
}

/** For a route's `meta`, which cannot use hooks: translations in the language the root loader chose. */
export function metaT(matches: readonly { id: string; data: unknown }[]): TFunction {
  const root = matches.find((m) => m.id === "root")?.data as { locale?: string } | undefined;
  return translator(localeOrNull(root?.locale) ?? DEFAULT_LOCALE);
}

/**
 * English sentences the server and the schemas write, as patterns: every
 * area's `formErrors` (each page's messages sit with its words) and the
 * `reasons` area (status reasons, standards, evidence in words). `must be at
 * least {{minimum}}` matches "must be at least 3" and keeps the 3.
 */
const MESSAGE_PATTERNS = Object.entries(en).flatMap(([area, words]) => {
  // The `reasons` area is all sentences the server writes; elsewhere, each area's `formErrors`.
  const catalogue = area === "reasons" ? leaves(words, "reasons.") : leaves((words as { formErrors?: object }).formErrors ?? {}, `${area}.formErrors.`);
  return catalogue.map(([key, text]) => {
    const names = [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
    const source = text
      .split(/\{\{\w+\}\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
      .join("(.+?)");
    return { key, names, pattern: new RegExp(`^${source}$`) };
  });
});

/** Every leaf of a message tree as [dotted key, text]. */
export function leaves(tree: object, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]): [string, string][] =>
    typeof value === "string" ? [[prefix + key, value]] : leaves(value as object, `${prefix}${key}.`),
  );
}

/** A sentence the server or a schema wrote in English, in the page's language (as written when it is not in the catalogue). */
export function translateMessage(message: string, t: TFunction): string {
  for (const { key, names, pattern } of MESSAGE_PATTERNS) {
    const match = pattern.exec(message);
    // The key is one of the catalogue's, built from the English tree itself.
    if (match) return t(key as "common.formErrors.required", Object.fromEntries(names.map((name, i) => [name, match[i + 1]])));
  }
  return message;
}
