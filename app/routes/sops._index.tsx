import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { leadsByFunction } from "../shared/owners";
import { sopCreateSchema, type SopView } from "../shared/sops";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { Leads } from "../components/leads";
import { ReviewDue } from "../components/sop";
import { actorFor, can, requireUser } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { useFormat } from "../lib/format";
import { parseForm, readForm } from "../lib/forms";
import { knownFunctions } from "../lib/functions.server";
import { metaT } from "../lib/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("sops.list.meta") }];

/**
 * The SOP registry (SPEC 12.2): every SOP with its owner function and its
 * leads, the current version and a draft waiting for approval, when it was
 * last reviewed and when its review is due, and how many acknowledged the
 * current version; admins and leads register new SOPs for their functions.
 */
export function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const sops = context.sops.list();
  const functions = user.role === "admin" ? knownFunctions(context) : user.role === "lead" ? user.functions : [];
  return {
    sops,
    leads: leadsByFunction(context.access.users.list(), [...new Set(sops.map((s) => s.owner))]),
    registerFor: functions.filter((fn) => can(user, { type: "sop.manage", owner: fn })),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const submission = parseForm(await readForm(request), sopCreateSchema);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const { sop } = context.sops.create(submission.value, actorFor(user));
    return redirect(`/sops/${sop.key}`);
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error, (code) => (code === "conflict" ? "key" : undefined));
    return data(result, { status });
  }
}

export default function Sops() {
  const { sops, leads, registerFor } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page crumbs={[{ to: "/sops", label: t("sops.list.title") }]}>
      <h1 className="text-3xl font-bold">{t("sops.list.title")}</h1>
      <p className="max-w-3xl text-slate-600">{t("sops.list.intro")}</p>
      {sops.length === 0 ? (
        <div className="mt-6 rounded-xl border-2 border-dashed border-slate-300 p-10 text-center text-slate-600">{t("sops.list.none")}</div>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="table-cards w-full text-left">
            <thead className="border-b border-slate-300 text-sm text-slate-600">
              <tr>
                <th className="px-4 py-2">{t("sops.list.sop")}</th>
                <th className="px-4 py-2">{t("sops.fields.owner")}</th>
                <th className="px-4 py-2">{t("sops.fields.current")}</th>
                <th className="px-4 py-2">{t("sops.fields.draft")}</th>
                <th className="px-4 py-2">{t("sops.fields.lastReviewed")}</th>
                <th className="px-4 py-2">{t("sops.fields.reviewDue")}</th>
                <th className="px-4 py-2 text-right">{t("sops.fields.acknowledged")}</th>
              </tr>
            </thead>
            <tbody>
              {sops.map((sop) => (
                <SopRow key={sop.key} sop={sop} leads={leads[sop.owner]} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {registerFor.length ? <RegisterForm functions={registerFor} /> : null}
    </Page>
  );
}

function SopRow({ sop, leads }: { sop: SopView; leads: string[] | undefined }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const current = sop.revisions.find((r) => r.version === sop.current);
  return (
    <tr className="border-b border-slate-100 align-top last:border-0" data-sop={sop.key} data-overdue={sop.review_overdue || undefined}>
      <td className="px-4 py-3">
        <Link to={`/sops/${sop.key}`} className="font-semibold underline decoration-slate-300 hover:decoration-slate-900">
          {sop.title}
        </Link>
        <div className="text-xs text-slate-500">{sop.key}</div>
      </td>
      <td className="px-4 py-3 text-sm" data-label={t("sops.fields.owner")}>
        <span className="font-semibold uppercase">{sop.owner}</span>
        <Leads names={leads} block />
      </td>
      <td className="px-4 py-3 text-sm" data-label={t("sops.fields.current")} data-current={sop.current ?? ""}>
        {sop.current ? <span className="font-semibold">v{sop.current}</span> : <span className="text-slate-500">{t("sops.noneApproved")}</span>}
      </td>
      <td className="px-4 py-3 text-sm" data-label={t("sops.fields.draft")} data-draft={sop.draft ?? ""}>
        {sop.draft ? <span className="font-semibold text-amber-800">{t("sops.list.draftWaiting", { version: sop.draft })}</span> : "—"}
      </td>
      <td className="whitespace-nowrap px-4 py-3 text-sm tabular-nums" data-label={t("sops.fields.lastReviewed")}>
        {sop.last_reviewed_at ? fmt.day(sop.last_reviewed_at.slice(0, 10)) : "—"}
      </td>
      <td className="px-4 py-3 text-sm tabular-nums" data-label={t("sops.fields.reviewDue")} data-review-due={sop.review_due ?? ""}>
        <ReviewDue due={sop.review_due} overdue={sop.review_overdue} />
      </td>
      <td className="px-4 py-3 text-right text-sm tabular-nums" data-label={t("sops.fields.acknowledged")} data-acknowledged={current?.acknowledgements ?? ""}>
        {current ? t("sops.list.people", { count: current.acknowledgements }) : "—"}
      </td>
    </tr>
  );
}

function RegisterForm({ functions }: { functions: string[] }) {
  const reply = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "register",
    lastResult: reply,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { owner: functions.length === 1 ? functions[0] : undefined, review_days: "90" },
    onValidate: ({ formData }) => parseForm(formData, sopCreateSchema),
  });
  return (
    <section className="mt-8 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby="register-title">
      <h2 id="register-title" className="text-lg font-bold">
        {t("sops.register.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("sops.register.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-x-4 gap-y-1 md:grid-cols-6">
        <div className="md:col-span-2">
          <Field id={fields.key.id} label={t("sops.register.key")} error={fields.key.errors} hint={t("sops.register.keyHint")}>
            <input {...getInputProps(fields.key, { type: "text" })} className={inputClass} placeholder="vip-complaints" autoCapitalize="none" />
          </Field>
        </div>
        <div className="md:col-span-4">
          <Field id={fields.title.id} label={t("sops.register.titleField")} error={fields.title.errors}>
            <input {...getInputProps(fields.title, { type: "text" })} className={inputClass} />
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field id={fields.owner.id} label={t("sops.fields.owner")} error={fields.owner.errors}>
            <select {...getSelectProps(fields.owner)} className={inputClass}>
              {functions.length > 1 ? <option value="">{t("sops.register.choose")}</option> : null}
              {functions.map((fn) => (
                <option key={fn} value={fn}>
                  {fn.toUpperCase()}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field id={fields.review_days.id} label={t("sops.register.reviewDays")} error={fields.review_days.errors} hint={t("sops.register.reviewDaysHint")}>
            <input {...getInputProps(fields.review_days, { type: "number" })} min={1} max={3650} className={inputClass} />
          </Field>
        </div>
        <div className="flex items-start pt-6 md:col-span-2">
          <button type="submit" className={buttonClass} disabled={busy}>
            {t("sops.register.submit")}
          </button>
        </div>
        <div className="md:col-span-6">
          <FormError errors={form.errors} />
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
