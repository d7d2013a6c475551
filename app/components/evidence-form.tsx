import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { assertNever, evidenceFields, STAGE_RESULTS, type EvidenceField, type ItemDefinition, type StageResult } from "../shared/kinds";
import { evidenceFormSchema } from "../lib/evidence-form";
import { FormError } from "./auth-card";
import { buttonClass, Field, inputClass } from "./layout";
import { parseForm } from "../lib/forms";
import { translateMessage } from "../lib/i18n";

interface Props {
  /** `current`: the stages reported so far, for a stages item. */
  item: ItemDefinition & { version: number; current?: Record<string, string> };
  lastResult: SubmissionResult<string[]> | undefined;
}

/** A thumb-sized choice on a phone: the row shared between the options, 44 px tall. */
const choice =
  "flex min-h-11 flex-1 cursor-pointer items-center justify-center gap-2 rounded-md px-4 py-2 font-semibold ring-1 ring-slate-300 has-[:checked]:bg-slate-900 has-[:checked]:text-white sm:min-h-0 sm:flex-none";

/** One form per kind; the schema comes from the item's own configuration. */
export function EvidenceForm({ item, lastResult }: Props) {
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: `evidence-${item.version}`,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, evidenceFormSchema(item)),
  });
  const f = fields as Record<string, Meta>;

  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-4">
      <input type="hidden" name="if_version" value={item.version} />

      {evidenceFields(item).map((field) => (
        <EvidenceControl key={field.name} field={field} meta={f[field.name]} current={item.current} />
      ))}

      <Field id={f.note!.id} label={t("readiness.evidence.note")} error={f.note?.errors}>
        <input {...getInputProps(f.note!, { type: "text" })} placeholder={t("readiness.evidence.notePlaceholder")} className={inputClass} />
      </Field>
      <Field id={f.link!.id} label={t("readiness.evidence.link")} error={f.link?.errors}>
        <input {...getInputProps(f.link!, { type: "url" })} placeholder="https://grafana.example.com/…" className={inputClass} />
      </Field>
      <div>
        <button type="submit" className={`${buttonClass} w-full sm:w-auto`} disabled={busy}>
          {busy ? t("readiness.evidence.busy") : t("readiness.evidence.submit")}
        </button>
      </div>
      <FormError errors={form.errors} />
    </Form>
  );
}

type Meta = Parameters<typeof getInputProps>[0];

/** A kind's field label in the page's language (the kinds write English: app/shared/kinds), by the field's name; an unknown field keeps its own. */
function fieldLabel(field: EvidenceField, t: TFunction): string {
  const unit = field.type === "number" ? field.unit : undefined;
  switch (field.name) {
    case "value":
    case "deployed":
      return unit ? t(`readiness.evidence.field.${field.name}Unit`, { unit }) : t(`readiness.evidence.field.${field.name}`);
    case "passed":
    case "total":
    case "done":
    case "performed_on":
    case "detect_s":
    case "mitigate_s":
    case "result":
    case "stages":
    case "version":
      return t(`readiness.evidence.field.${field.name}`);
    default:
      return field.label;
  }
}

/** A choice's option in the page's language, by field name and value; an unknown one keeps its own label. */
function optionLabel(field: string, option: { value: string; label: string }, t: TFunction): string {
  const key = `readiness.evidence.option.${field}.${option.value}`;
  return t(key as "readiness.evidence.option.done.yes", { defaultValue: option.label });
}

/** One control of the form, as the kind describes it (app/shared/kinds). */
function EvidenceControl({ field, meta, current }: { field: EvidenceField; meta: Meta | undefined; current: Record<string, string> | undefined }) {
  const { t } = useTranslation();
  const errors = meta?.errors;
  const label = fieldLabel(field, t);
  switch (field.type) {
    case "number":
      return (
        <Field id={meta!.id} label={label} error={errors}>
          <input {...getInputProps(meta!, { type: "number" })} step={field.integer ? 1 : "any"} min={field.min} className={inputClass} />
        </Field>
      );
    case "text":
      return (
        <Field id={meta!.id} label={label} error={errors}>
          <input {...getInputProps(meta!, { type: "text" })} className={inputClass} />
        </Field>
      );
    case "date":
      return (
        <Field id={meta!.id} label={label} error={errors}>
          <input {...getInputProps(meta!, { type: "date" })} className={inputClass} />
        </Field>
      );
    case "choice":
      return (
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">{label}</legend>
          <div className="mt-2 flex gap-3">
            {field.options.map((option) => (
              <label key={option.value} className={choice}>
                <input type="radio" name={field.name} value={option.value} /> {optionLabel(field.name, option, t)}
              </label>
            ))}
          </div>
          <Errors errors={errors} />
        </fieldset>
      );
    case "stages":
      return (
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">{label}</legend>
          <div className="mt-2 grid gap-2">
            {field.stages.map((stage) => (
              <label key={stage} className="flex items-center justify-between gap-3 rounded-md px-3 py-1.5 ring-1 ring-slate-200">
                <span className="font-medium">
                  <StageMark result={current?.[stage]} /> {stage}
                </span>
                <select name={`${field.name}.${stage}`} defaultValue="" className="rounded-md border border-slate-300 px-2 py-1">
                  <option value="">{t("readiness.evidence.unchanged")}</option>
                  {STAGE_RESULTS.map((r) => (
                    <option key={r} value={r}>
                      {t(`readiness.evidence.stage.${r}`)}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <Errors errors={errors} />
        </fieldset>
      );
    default:
      return assertNever(field);
  }
}

const STAGE_MARK: Record<StageResult, { symbol: string; className: string }> = {
  passed: { symbol: "✔", className: "text-emerald-700" },
  failed: { symbol: "✖", className: "text-red-700" },
  pending: { symbol: "○", className: "text-slate-500" },
};

export function StageMark({ result }: { result: string | undefined }) {
  const { t } = useTranslation();
  const known = result && result in STAGE_MARK ? (result as StageResult) : "pending";
  const mark = STAGE_MARK[known];
  const label = t(`readiness.evidence.stage.${known}`);
  return (
    <span className={`inline-block w-4 font-bold ${mark.className}`} title={label} aria-label={label}>
      {mark.symbol}
    </span>
  );
}

function Errors({ errors }: { errors: string[] | undefined }) {
  const { t } = useTranslation();
  return errors?.length ? (
    <p role="alert" className="mt-1 text-sm font-medium text-red-700">
      {errors.map((message) => translateMessage(message, t)).join(" ")}
    </p>
  ) : null;
}
