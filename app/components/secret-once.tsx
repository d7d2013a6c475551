import { useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { buttonClass } from "./layout";

const TONES = {
  // A secret (token, invitation, board link): the green "done, copy it now" box.
  emerald: { box: "bg-emerald-50 ring-emerald-300", title: "text-emerald-900", hint: "text-emerald-800", input: "border-emerald-300" },
  // A calendar address beside a board link (ADR 023): told apart from the link at a glance.
  sky: { box: "bg-sky-50 ring-sky-300", title: "text-sky-950", hint: "text-sky-900", input: "border-sky-300" },
} as const;

/**
 * A secret or link shown exactly once, in a box that is easy to select, with
 * a Copy button and, for a link, an Open button (a board link in a new tab, a
 * calendar address as `webcal:` in the calendar application). `name` tells
 * the boxes apart when a page shows two (`[data-secret-once="calendar"]`).
 */
export function SecretOnce({
  name,
  label,
  value,
  open,
  tone = "emerald",
}: {
  name: string;
  label: string;
  value: string;
  open?: { href: string; label: string; newTab: boolean };
  tone?: keyof typeof TONES;
}) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<"yes" | "no" | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const colours = TONES[tone];
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
    <div role="status" className={`rounded-xl p-4 ring-1 ${colours.box}`} data-secret-once={name}>
      <div className={`font-semibold ${colours.title}`}>{label}</div>
      <div className={`mt-1 text-sm ${colours.hint}`}>{t("admin.secret.once")}</div>
      <input
        readOnly
        value={value}
        aria-label={label}
        data-secret
        ref={input}
        onFocus={(e) => e.currentTarget.select()}
        className={`mt-2 w-full rounded-md border bg-white px-3 py-2 font-mono text-sm ${colours.input}`}
      />
      <div className="mt-2 flex flex-wrap items-center gap-2">
        <button type="button" className={buttonClass} onClick={() => void copy()} data-copy>
          {t("admin.secret.copy")}
        </button>
        {open ? (
          <a href={open.href} className={buttonClass} data-open {...(open.newTab ? { target: "_blank", rel: "noopener noreferrer" } : {})}>
            {open.label}
          </a>
        ) : null}
        <span aria-live="polite" className={`text-sm font-medium ${colours.title}`} data-copied={copied ?? undefined}>
          {copied === "yes" ? t("admin.secret.copied") : copied === "no" ? t("admin.secret.selected") : ""}
        </span>
      </div>
    </div>
  );
}
