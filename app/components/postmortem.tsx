import { getCollectionProps, getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { SEVERITIES, type PostmortemStatus, type Severity } from "../shared/actions";
import { useFormat } from "../lib/format";
import { Field, inputClass } from "./layout";

/** Shown by colour and symbol and word, never by colour alone (SPEC 10). */
const SEVERITY_LOOK: Record<Severity, { symbol: string; word: string; badge: string }> = {
  SEV1: { symbol: "▲▲▲", word: "SEV1", badge: "bg-red-700 text-white" },
  SEV2: { symbol: "▲▲", word: "SEV2", badge: "bg-orange-600 text-white" },
  SEV3: { symbol: "▲", word: "SEV3", badge: "bg-amber-300 text-amber-950" },
  SEV4: { symbol: "△", word: "SEV4", badge: "bg-slate-200 text-slate-800 ring-1 ring-slate-400" },
};

/** The word: `actions.postmortemStatus`. */
const POSTMORTEM_LOOK: Record<PostmortemStatus, { symbol: string; badge: string }> = {
  draft: { symbol: "✎", badge: "bg-slate-200 text-slate-800 ring-1 ring-slate-400" },
  in_review: { symbol: "◔", badge: "bg-sky-700 text-white" },
  published: { symbol: "✔", badge: "bg-emerald-700 text-white" },
};

const chip = "inline-flex items-center gap-1.5 whitespace-nowrap rounded-md px-2 py-0.5 text-sm font-semibold";

export function SeverityBadge({ severity }: { severity: Severity }) {
  const look = SEVERITY_LOOK[severity];
  return (
    <span className={`${chip} ${look.badge}`} data-severity={severity}>
      <span aria-hidden="true">{look.symbol}</span>
      {look.word}
    </span>
  );
}

export function PostmortemStatusBadge({ status }: { status: PostmortemStatus }) {
  const { t } = useTranslation();
  const look = POSTMORTEM_LOOK[status];
  return (
    <span className={`${chip} ${look.badge}`} data-postmortem-status={status}>
      <span aria-hidden="true">{look.symbol}</span>
      {t(`actions.postmortemStatus.${status}`)}
    </span>
  );
}

/** An instant in UTC as the page's reader reads it, whatever offset it was written with. */
export function useFormatAt(): (at: string) => string {
  const fmt = useFormat();
  return (at) => fmt.instant(new Date(at).toISOString());
}

/** `YYYY-MM-DDTHH:MM` in the browser's zone, for a datetime-local control. */
function localValue(iso: string): string {
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/**
 * A datetime-local control (the browser's zone) posting the UTC instant in a
 * hidden field, as the meeting page's schedule does. The local value is filled
 * after hydration: the server does not know the browser's zone.
 */
function InstantField({ field, label }: { field: FieldMetadata<string>; label: string }) {
  const { t } = useTranslation();
  const formatAt = useFormatAt();
  const initial = typeof field.initialValue === "string" ? field.initialValue : "";
  const [utc, setUtc] = useState(initial);
  const local = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (local.current && initial && !Number.isNaN(Date.parse(initial))) local.current.value = localValue(initial);
  }, [initial]);
  return (
    <Field
      id={`${field.id}-local`}
      label={label}
      error={field.errors}
      hint={utc && !Number.isNaN(Date.parse(utc)) ? `= ${formatAt(utc)}` : t("actions.postmortemForm.localTime")}
    >
      <input type="hidden" name={field.name} value={utc} />
      <input
        ref={local}
        id={`${field.id}-local`}
        type="datetime-local"
        name={`${field.name}_local`}
        className={inputClass}
        aria-invalid={field.errors?.length ? true : undefined}
        onChange={(e) => setUtc(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : "")}
      />
    </Field>
  );
}

/** The controls PostmortemContentFields shows errors at. */
export const CONTENT_FIELDS = ["title", "incident_at", "severity", "summary", "causes", "timeline", "releases", "incident_ref"];

/**
 * The form's own errors and those the server put where no control shows them
 * (an entry of a list like `releases[0]`, a hidden field): nothing said is lost.
 */
export function unplacedErrors(form: { errors?: string[]; allErrors: Record<string, string[]> }, shown: string[]): string[] {
  const elsewhere = Object.entries(form.allErrors).filter(([name]) => name !== "" && !shown.includes(name));
  return [...(form.errors ?? []), ...elsewhere.flatMap(([, errors]) => errors)];
}

export interface ContentFields {
  title: FieldMetadata<string>;
  incident_at: FieldMetadata<string>;
  severity: FieldMetadata<string>;
  summary: FieldMetadata<string>;
  causes: FieldMetadata<string>;
  timeline: FieldMetadata<string>;
  releases: FieldMetadata<string[]>;
  incident_ref: FieldMetadata<string>;
}

/** What a post-mortem says, for the create and edit forms. */
export function PostmortemContentFields({ fields, releases }: { fields: ContentFields; releases: { id: string; name: string }[] }) {
  const { t } = useTranslation();
  return (
    <>
      <Field id={fields.title.id} label={t("actions.postmortemForm.title")} error={fields.title.errors}>
        <input {...getInputProps(fields.title, { type: "text" })} className={inputClass} placeholder={t("actions.postmortemForm.titlePlaceholder")} />
      </Field>
      <div className="grid gap-5 sm:grid-cols-2">
        <InstantField field={fields.incident_at} label={t("actions.postmortemForm.incidentAt")} />
        <Field id={fields.severity.id} label={t("actions.postmortemForm.severity")} error={fields.severity.errors}>
          <select {...getSelectProps(fields.severity)} className={inputClass}>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <fieldset>
        <legend className="text-sm font-semibold text-slate-800">{t("actions.postmortemForm.releases")}</legend>
        {releases.length ? (
          <div className="mt-2 flex flex-wrap gap-2">
            {getCollectionProps(fields.releases, { type: "checkbox", options: releases.map((r) => r.id) }).map((props) => (
              <label
                key={props.key}
                className="flex items-center gap-2 rounded-md px-3 py-1.5 text-sm ring-1 ring-slate-300 has-[:checked]:bg-slate-900 has-[:checked]:text-white"
              >
                <input {...props} key={props.key} className="accent-slate-900" />
                {releases.find((r) => r.id === props.value)?.name ?? props.value}
              </label>
            ))}
          </div>
        ) : (
          <p className="mt-1 text-sm text-slate-600">{t("actions.postmortemForm.noReleases")}</p>
        )}
        <p role={fields.releases.errors?.length ? "alert" : undefined} className="mt-1 min-h-5 text-sm font-medium text-red-700">
          {fields.releases.errors?.join(" ")}
        </p>
      </fieldset>
      <Field
        id={fields.incident_ref.id}
        label={t("actions.postmortemForm.incidentRef")}
        error={fields.incident_ref.errors}
        hint={t("actions.postmortemForm.incidentRefHint")}
      >
        <input {...getInputProps(fields.incident_ref, { type: "text" })} className={inputClass} placeholder="INC-2041" />
      </Field>
      <Field id={fields.summary.id} label={t("actions.postmortemForm.summary")} error={fields.summary.errors} hint={t("actions.postmortemForm.summaryHint")}>
        <textarea {...getTextareaProps(fields.summary)} rows={8} className={`${inputClass} font-mono text-sm`} />
      </Field>
      <Field id={fields.causes.id} label={t("actions.postmortemForm.causes")} error={fields.causes.errors} hint={t("actions.postmortemForm.causesHint")}>
        <textarea {...getTextareaProps(fields.causes)} rows={4} className={inputClass} />
      </Field>
      <Field
        id={fields.timeline.id}
        label={t("actions.postmortemForm.timeline")}
        error={fields.timeline.errors}
        hint={t("actions.postmortemForm.timelineHint")}
      >
        <textarea
          {...getTextareaProps(fields.timeline)}
          rows={6}
          className={`${inputClass} font-mono text-sm`}
          placeholder={t("actions.postmortemForm.timelinePlaceholder")}
        />
      </Field>
    </>
  );
}
