import type { TFunction } from "i18next";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { DEFAULT_LOCALE, localeOrNull, type Locale } from "../shared/locale";
import { daysBetween, formatInstant, isoDate } from "../shared/time";

/**
 * Dates, ages and numbers as a reader of one language writes them. Times are
 * UTC everywhere and say so: a room spread over time zones reads one clock.
 * English keeps the unambiguous ISO shape (`2026-11-21 08:04 UTC`); Chinese
 * writes `2026年11月21日 08:04 UTC`.
 */
export interface Format {
  locale: Locale;
  /** An instant (ISO timestamp), to the minute, in UTC. */
  instant(at: string): string;
  /** A calendar day (`YYYY-MM-DD`). */
  day(date: string): string;
  number(n: number): string;
  /** A short age: 45s, 12m, 5h, 3d (秒, 分钟, 小时, 天). */
  age(ms: number): string;
  /** How long ago an instant was, or a dash. */
  ago(at: string | null, now: Date): string;
  /** "12 days to launch", "launch day", "2 days past launch". */
  daysToLaunch(launchDate: string, now: Date): string;
}

const DAY_FORMATS: Partial<Record<Locale, Intl.DateTimeFormat>> = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", { timeZone: "UTC", year: "numeric", month: "long", day: "numeric" }),
};

export function formatFor(locale: Locale, t: TFunction): Format {
  const numbers = new Intl.NumberFormat(locale === "en" ? "en-US" : locale, { maximumFractionDigits: 6 });
  const days = DAY_FORMATS[locale];
  const day = (date: string) => (days ? days.format(new Date(`${date}T00:00:00Z`)) : date);
  const age = (ms: number) => {
    const s = Math.max(0, Math.floor(ms / 1000));
    if (s < 60) return t("common.age.seconds", { count: s });
    const m = Math.floor(s / 60);
    if (m < 60) return t("common.age.minutes", { count: m });
    const h = Math.floor(m / 60);
    if (h < 48) return t("common.age.hours", { count: h });
    return t("common.age.days", { count: Math.floor(h / 24) });
  };
  return {
    locale,
    instant: (at) => (days ? `${day(at.slice(0, 10))} ${at.slice(11, 16)} UTC` : formatInstant(at)),
    day,
    number: (n) => numbers.format(n),
    age,
    ago: (at, now) => (at ? t("common.dates.ago", { age: age(now.getTime() - Date.parse(at)) }) : t("common.none")),
    daysToLaunch: (launchDate, now) => {
      const count = daysBetween(isoDate(now), launchDate);
      if (count === 0) return t("common.dates.launchDay");
      return count < 0 ? t("common.dates.daysPastLaunch", { count: -count }) : t("common.dates.daysToLaunch", { count });
    },
  };
}

/** The page's formats, in the page's language. */
export function useFormat(): Format {
  const { t, i18n } = useTranslation();
  const locale = localeOrNull(i18n.language) ?? DEFAULT_LOCALE;
  return useMemo(() => formatFor(locale, t), [locale, t]);
}
