import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { Form, useNavigation } from "@remix-run/react";
import { STAGE_RESULTS, type ItemDefinition } from "../shared/kinds";
import { evidenceFormSchema } from "../lib/evidence-form";
import { FormError } from "./auth-card";
import { buttonClass, Field, inputClass } from "./layout";
import { parseForm } from "../lib/forms";

interface Props {
  /** `current`: the stages reported so far, for a stages item. */
  item: ItemDefinition & { version: number; current?: Record<string, string> };
  lastResult: SubmissionResult<string[]> | undefined;
}

const choice = "flex cursor-pointer items-center gap-2 rounded-md px-4 py-2 font-semibold ring-1 ring-slate-300 has-[:checked]:bg-slate-900 has-[:checked]:text-white";

/** One form per kind; the schema comes from the item's own configuration. */
export function EvidenceForm({ item, lastResult }: Props) {
  const busy = useNavigation().state === "submitting";
  const [form, fields] = useForm({
    id: `evidence-${item.version}`,
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, evidenceFormSchema(item)),
  });
  const f = fields as Record<string, (typeof fields)[keyof typeof fields]>;
  const unit = "unit" in item.config ? item.config.unit : undefined;

  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-4">
      <input type="hidden" name="if_version" value={item.version} />

      {item.kind === "check" ? (
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Status</legend>
          <div className="mt-2 flex gap-3">
            <label className={choice}>
              <input type="radio" name="done" value="yes" className="accent-emerald-600" /> ✔ Done
            </label>
            <label className={choice}>
              <input type="radio" name="done" value="no" className="accent-red-600" /> ✖ Not done
            </label>
          </div>
          <Errors errors={f.done?.errors} />
        </fieldset>
      ) : null}

      {item.kind === "metric" ? (
        <Field id={f.value!.id} label={`Measured value${unit ? ` (${unit})` : ""}`} error={f.value?.errors}>
          <input {...getInputProps(f.value!, { type: "number" })} step="any" className={inputClass} />
        </Field>
      ) : null}

      {item.kind === "ratio" ? (
        <div className="grid grid-cols-2 gap-4">
          <Field id={f.passed!.id} label="Passed" error={f.passed?.errors}>
            <input {...getInputProps(f.passed!, { type: "number" })} min={0} step={1} className={inputClass} />
          </Field>
          <Field id={f.total!.id} label="Total" error={f.total?.errors}>
            <input {...getInputProps(f.total!, { type: "number" })} min={1} step={1} className={inputClass} />
          </Field>
        </div>
      ) : null}

      {item.kind === "param" ? (
        typeof item.config.approved === "boolean" ? (
          <fieldset>
            <legend className="text-sm font-semibold text-slate-800">Deployed value</legend>
            <div className="mt-2 flex gap-3">
              <label className={choice}>
                <input type="radio" name="deployed" value="true" /> true
              </label>
              <label className={choice}>
                <input type="radio" name="deployed" value="false" /> false
              </label>
            </div>
            <Errors errors={f.deployed?.errors} />
          </fieldset>
        ) : (
          <Field id={f.deployed!.id} label={`Deployed value${unit ? ` (${unit})` : ""}`} error={f.deployed?.errors}>
            <input
              {...getInputProps(f.deployed!, { type: typeof item.config.approved === "number" ? "number" : "text" })}
              step="any"
              className={inputClass}
            />
          </Field>
        )
      ) : null}

      {item.kind === "stages" ? (
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Stages (leave “unchanged” to keep what was reported)</legend>
          <div className="mt-2 grid gap-2">
            {item.config.stages.map((stage) => (
              <label key={stage} className="flex items-center justify-between gap-3 rounded-md px-3 py-1.5 ring-1 ring-slate-200">
                <span className="font-medium">
                  <StageMark result={item.current?.[stage]} /> {stage}
                </span>
                <select name={`stages.${stage}`} defaultValue="" className="rounded-md border border-slate-300 px-2 py-1">
                  <option value="">unchanged</option>
                  {STAGE_RESULTS.map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          <Errors errors={f.stages?.errors} />
        </fieldset>
      ) : null}

      {item.kind === "drill" ? (
        <div className="grid grid-cols-2 gap-4">
          <Field id={f.performed_on!.id} label="Performed on" error={f.performed_on?.errors}>
            <input {...getInputProps(f.performed_on!, { type: "date" })} className={inputClass} />
          </Field>
          <fieldset>
            <legend className="text-sm font-semibold text-slate-800">Result</legend>
            <div className="mt-1 flex gap-3">
              <label className={choice}>
                <input type="radio" name="result" value="pass" /> ✔ Pass
              </label>
              <label className={choice}>
                <input type="radio" name="result" value="fail" /> ✖ Fail
              </label>
            </div>
            <Errors errors={f.result?.errors} />
          </fieldset>
        </div>
      ) : null}

      <Field id={f.note!.id} label="Note" error={f.note?.errors}>
        <input {...getInputProps(f.note!, { type: "text" })} placeholder="What was measured, where, by whom" className={inputClass} />
      </Field>
      <Field id={f.link!.id} label="Evidence link" error={f.link?.errors}>
        <input {...getInputProps(f.link!, { type: "url" })} placeholder="https://grafana.example.com/…" className={inputClass} />
      </Field>
      <div>
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Reporting…" : "Report evidence"}
        </button>
      </div>
      <FormError errors={form.errors} />
    </Form>
  );
}

const STAGE_MARK: Record<string, { symbol: string; className: string; label: string }> = {
  passed: { symbol: "✔", className: "text-emerald-700", label: "passed" },
  failed: { symbol: "✖", className: "text-red-700", label: "failed" },
  pending: { symbol: "○", className: "text-slate-500", label: "pending" },
};

export function StageMark({ result }: { result: string | undefined }) {
  const mark = STAGE_MARK[result ?? "pending"] ?? STAGE_MARK.pending!;
  return (
    <span className={`inline-block w-4 font-bold ${mark.className}`} title={mark.label} aria-label={mark.label}>
      {mark.symbol}
    </span>
  );
}

function Errors({ errors }: { errors: string[] | undefined }) {
  return errors?.length ? (
    <p role="alert" className="mt-1 text-sm font-medium text-red-700">
      {errors.join(" ")}
    </p>
  ) : null;
}
