import type { InitOptions } from "i18next";
import { en } from "../locales/en";
import { zhCN } from "../locales/zh-CN";
import { DEFAULT_LOCALE, LOCALES } from "../shared/locale";

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
