import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { buttonClass } from "./layout";

/**
 * A secret or link shown exactly once, in a box that is easy to select, with
 * a Copy button (and, for a link such as a board link, an Open button).
 */
export function SecretOnce({ label, value, open = false }: { label: string; value: string; open?: boolean }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const input = useRef<HTMLInputElement>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("yes");
    } catch {
      // No clipboard permission (plain HTTP on a meeting-room network): select it for Ctrl+C instead.
      input.current?.select();
      setCopied("no");
    }
  }
  return (
    <div role="status" className="rounded-xl bg-emerald-50 p-4 ring-1 ring-emerald-300">
      <div className="font-semibold text-emerald-900">{label}</div>
      <div className="mt-1 text-sm text-emerald-800">{t("admin.secret.once")}</div>
      <input
        readOnly
        value={value}
        data-secret
        ref={input}
        onFocus={(e) => e.currentTarget.select()}
        className="mt-2 w-full rounded-md border border-emerald-300 bg-white px-3 py-2 font-mono text-sm"
      />
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass} onClick={() => void copy()} data-copy>
          {t("admin.secret.copy")}
        </button>
        {open ? (
          <a href={value} target="_blank" rel="noopener noreferrer" className={buttonClass} data-open>
            {t("admin.secret.open")}
          </a>
        ) : null}
        <span aria-live="polite" className="text-sm font-medium text-emerald-900" data-copied={copied ?? undefined}>
          {copied === "yes" ? t("admin.secret.copied") : copied === "no" ? t("admin.secret.selected") : ""}
        </span>
      </div>
    </div>
  );
}
