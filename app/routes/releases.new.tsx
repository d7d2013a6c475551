import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { addDays, isoDate } from "../shared/time";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { replyWithError } from "../lib/form-errors";
import { metaT, translateMessage } from "../lib/i18n";
import { releaseFormSchema, toCreateRelease } from "../lib/release-form";
import { parseForm, readForm } from "../lib/forms";
import { formKey, once } from "../lib/idempotency.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("readiness.new.title")} · ${t("common.product")}` }];
};

export function loader({ context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "release.create" });
  const today = isoDate(context.clock());
  const templates = [...context.readiness.templates.values()].map((t) => ({
    id: t.id,
    name: t.name,
    description: t.description,
    items: t.sections.reduce((n, s) => n + s.items.length, 0),
    sections: t.sections.map((s) => s.name),
  }));
  return { templates, today, launch: addDays(today, 30), formKey: formKey() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.create" });
  const submission = parseForm(await readForm(request), releaseFormSchema);
  if (submission.status !== "success") return submission.reply();
  try {
    const id = once(
      context,
      request,
      user,
      submission.payload,
      () => context.readiness.createRelease(toCreateRelease(submission.value), actorFor(user)).release.id,
    );
    return redirect(`/releases/${id}`);
  } catch (error) {
    return replyWithError(submission.reply, error, (code) => (code === "release_exists" ? "id" : undefined));
  }
}

export default function NewRelease() {
  const { templates, today, launch, formKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { template: templates[0]?.id, start_date: today, launch_date: launch, workdays: ["1", "2", "3", "4", "5"] },
    onValidate: ({ formData }) => parseForm(formData, releaseFormSchema),
  });
  return (
    <Page crumbs={[{ to: "/releases/new", label: t("readiness.new.title") }]}>
      <h1 className="text-3xl font-bold">{t("readiness.new.title")}</h1>
      <p className="text-slate-600">{t("readiness.new.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 grid max-w-3xl gap-5 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <IdempotencyKey value={formKey} />
        <div className="grid gap-5 sm:grid-cols-2">
          <Field id={fields.name.id} label={t("readiness.new.name")} error={fields.name.errors}>
            <input {...getInputProps(fields.name, { type: "text" })} placeholder={t("readiness.new.namePlaceholder")} className={inputClass} />
          </Field>
          <Field id={fields.id.id} label={t("readiness.new.id")} error={fields.id.errors} hint={t("readiness.new.idHint")}>
            <input {...getInputProps(fields.id, { type: "text" })} placeholder="perp-v2" className={inputClass} />
          </Field>
        </div>
        <Field id={fields.template.id} label={t("readiness.new.template")} error={fields.template.errors}>
          <select {...getSelectProps(fields.template)} className={inputClass}>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {t("readiness.new.templateOption", { name: template.name, count: template.items })}
              </option>
            ))}
          </select>
        </Field>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field id={fields.start_date.id} label={t("readiness.new.startDate")} error={fields.start_date.errors}>
            <input {...getInputProps(fields.start_date, { type: "date" })} className={inputClass} />
          </Field>
          <Field id={fields.launch_date.id} label={t("readiness.new.launchDate")} error={fields.launch_date.errors} hint={t("readiness.new.launchHint")}>
            <input {...getInputProps(fields.launch_date, { type: "date" })} className={inputClass} />
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">{t("readiness.new.workdays")}</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {getCollectionProps(fields.workdays, { type: "checkbox", options: ["1", "2", "3", "4", "5", "6", "7"] }).map((props) => (
              <label
                key={props.key}
                className="flex items-center gap-2 rounded-md px-3 py-1.5 ring-1 ring-slate-300 has-[:checked]:bg-slate-900 has-[:checked]:text-white"
              >
                <input {...props} key={props.key} className="accent-slate-900" />
                {t(`readiness.new.weekday.${props.value as "1"}`)}
              </label>
            ))}
          </div>
          {fields.workdays.errors ? (
            <p role="alert" className="mt-1 text-sm font-medium text-red-700">
              {fields.workdays.errors.map((message) => translateMessage(message, t)).join(" ")}
            </p>
          ) : null}
        </fieldset>
        <Field id={fields.holidays.id} label={t("readiness.new.holidays")} error={fields.holidays.errors} hint={t("readiness.new.holidaysHint")}>
          <textarea {...getTextareaProps(fields.holidays)} rows={2} className={inputClass} placeholder="2026-12-25 2027-01-01" />
        </Field>
        <div>
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? t("readiness.new.busy") : t("readiness.new.submit")}
          </button>
        </div>
        <FormError errors={form.errors} />
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
