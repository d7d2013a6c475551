import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { buttonClass } from "./layout";

/**
 * A new board link's calendar address (ADR 023), shown once beside the link:
 * easy to select, a Copy button, and a `webcal:` link that opens the
 * subscription in the computer's calendar application.
 */
export function CalendarUrl({ value }: { value: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      input.current?.select();
      setCopied("no");
    }
  }
  return (
    <div role="status" className="rounded-xl bg-sky-50 p-4 ring-1 ring-sky-300" data-calendar-url>
      <div className="font-semibold text-sky-950">{t("calendar.secret")}</div>
      <div className="mt-1 text-sm text-sky-900">{t("admin.secret.once")}</div>
      <input
        readOnly
        value={value}
        ref={input}
        aria-label={t("calendar.secret")}
        data-calendar-address
        onFocus={(e) => e.currentTarget.select()}
        className="mt-2 w-full rounded-md border border-sky-300 bg-white px-3 py-2 font-mono text-sm"
      />
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass} onClick={() => void copy()} data-calendar-copy>
          {t("admin.secret.copy")}
        </button>
        <a href={value.replace(/^https?:/, "webcal:")} className={buttonClass} data-calendar-webcal>
          {t("calendar.open")}
        </a>
        <span aria-live="polite" className="text-sm font-medium text-sky-950">
          {copied === "yes" ? t("admin.secret.copied") : copied === "no" ? t("admin.secret.selected") : ""}
        </span>
      </div>
    </div>
  );
}
