import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addDays, isoDate } from "../shared/time";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { replyWithError } from "../lib/form-errors";
import { releaseFormSchema, toCreateRelease, WEEKDAYS } from "../lib/release-form";
import { parseForm, readForm } from "../lib/forms";
import { formKey, once } from "../lib/idempotency.server";

export const meta: MetaFunction = () => [{ title: "New release · Greenlight" }];

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
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { template: templates[0]?.id, start_date: today, launch_date: launch, workdays: ["1", "2", "3", "4", "5"] },
    onValidate: ({ formData }) => parseForm(formData, releaseFormSchema),
  });
  return (
    <Page crumbs={[{ to: "/releases/new", label: "New release" }]}>
      <h1 className="text-3xl font-bold">New release</h1>
      <p className="text-slate-600">The template's items are copied into the release: later template edits do not change it.</p>
      <Form method="post" {...getFormProps(form)} className="mt-6 grid max-w-3xl gap-5 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <IdempotencyKey value={formKey} />
        <div className="grid gap-5 sm:grid-cols-2">
          <Field id={fields.name.id} label="Name" error={fields.name.errors}>
            <input {...getInputProps(fields.name, { type: "text" })} placeholder="Perpetual Futures V2" className={inputClass} />
          </Field>
          <Field id={fields.id.id} label="Id" error={fields.id.errors} hint="Used in URLs and the API, e.g. perp-v2">
            <input {...getInputProps(fields.id, { type: "text" })} placeholder="perp-v2" className={inputClass} />
          </Field>
        </div>
        <Field id={fields.template.id} label="Checklist template" error={fields.template.errors}>
          <select {...getSelectProps(fields.template)} className={inputClass}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} — {t.items} items
              </option>
            ))}
          </select>
        </Field>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field id={fields.start_date.id} label="Start date" error={fields.start_date.errors}>
            <input {...getInputProps(fields.start_date, { type: "date" })} className={inputClass} />
          </Field>
          <Field id={fields.launch_date.id} label="Launch date" error={fields.launch_date.errors} hint="The date the release must go live.">
            <input {...getInputProps(fields.launch_date, { type: "date" })} className={inputClass} />
          </Field>
        </div>
        <fieldset>
          <legend className="text-sm font-semibold text-slate-800">Working days</legend>
          <div className="mt-2 flex flex-wrap gap-2">
            {getCollectionProps(fields.workdays, { type: "checkbox", options: ["1", "2", "3", "4", "5", "6", "7"] }).map((props) => (
              <label
                key={props.key}
                className="flex items-center gap-2 rounded-md px-3 py-1.5 ring-1 ring-slate-300 has-[:checked]:bg-slate-900 has-[:checked]:text-white"
              >
                <input {...props} key={props.key} className="accent-slate-900" />
                {WEEKDAYS[Number(props.value) - 1]}
              </label>
            ))}
          </div>
          {fields.workdays.errors ? (
            <p role="alert" className="mt-1 text-sm font-medium text-red-700">
              {fields.workdays.errors.join(" ")}
            </p>
          ) : null}
        </fieldset>
        <Field id={fields.holidays.id} label="Holidays" error={fields.holidays.errors} hint="Dates (YYYY-MM-DD), separated by spaces, commas or lines.">
          <textarea {...getTextareaProps(fields.holidays)} rows={2} className={inputClass} placeholder="2026-12-25 2027-01-01" />
        </Field>
        <div>
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? "Creating…" : "Create release"}
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
