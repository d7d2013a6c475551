import type { TFunction } from "i18next";
import { withUnit, type ParamValue } from "../shared/kinds";

/** A parameter's value as people read it: `80 x`, `0.5%`, `8h`, `true`. */
export function shown(value: ParamValue, unit: string | null): string {
  return typeof value === "number" ? withUnit(value, unit ?? undefined) : String(value);
}

/** How long a drift has lasted, to the minute: `3 h 12 min`, `2 d 4 h`, `45 s` (in the page's language). */
export function lasted(seconds: number, t: TFunction): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts =
    d > 0
      ? [t("params.duration.days", { count: d }), h ? t("params.duration.hours", { count: h }) : ""]
      : h > 0
        ? [t("params.duration.hours", { count: h }), m ? t("params.duration.minutes", { count: m }) : ""]
        : m > 0
          ? [t("params.duration.minutes", { count: m })]
          : [t("params.duration.seconds", { count: s })];
  return parts.filter(Boolean).join(" ");
}
