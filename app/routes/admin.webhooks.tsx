import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { RevokeCell } from "../components/row-action";
import { SecretOnce } from "../components/secret-once";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { useFormat } from "../lib/format";
import { metaT } from "../lib/i18n";
import { formKey, once } from "../lib/idempotency.server";
import { WEBHOOK_FORMATS, webhooksFormSchema, type DeliveryStatus } from "../shared/webhooks";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("webhooks.title")} · ${t("common.product")}` }];
};

const positive = (raw: string | null) => (raw && /^\d{1,12}$/.test(raw) ? Number(raw) : undefined);

export function loader({ context, request }: LoaderFunctionArgs) {
  const admin = requireAllowed(context, request, { type: "webhooks.manage" });
  const actor = actorFor(admin);
  const url = new URL(request.url);
  const { webhooks } = context.webhooks.list({ limit: 200 }, actor);
  const selected = positive(url.searchParams.get("webhook"));
  const shown = webhooks.find((w) => w.id === selected) ?? null;
  const log = shown ? context.webhooks.deliveries(shown.id, { limit: 50, before: positive(url.searchParams.get("before")) }, actor) : null;
  const releases = context.readiness.listReleases().map((r) => r.id);
  return { webhooks, shown, log, releases, formKey: formKey() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const admin = requireAllowed(context, request, { type: "webhooks.manage" });
  const submission = parseForm(await readForm(request), webhooksFormSchema);
  if (submission.status !== "success") return { result: submission.reply(), secret: null, redelivered: null };
  const actor = actorFor(admin);
  try {
    const value = submission.value;
    if (value.intent === "create") {
      const { intent: _intent, release, ...rest } = value;
      const spec = await context.webhooks.check({ ...rest, release: release ?? null }, actor);
      // Sent twice, created once: a retry shows the first webhook's secret again.
      const made = once(context, request, admin, submission.payload, () => context.webhooks.insert(spec, actor));
      return { result: submission.reply({ resetForm: true }), secret: { id: made.webhook.id, value: made.secret }, redelivered: null };
    }
    if (value.intent === "revoke") {
      context.webhooks.revoke(value.id, actor);
      return { result: submission.reply(), secret: null, redelivered: null };
    }
    context.webhooks.redeliver(value.id, value.delivery, actor);
    return { result: submission.reply(), secret: null, redelivered: value.delivery };
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error);
    return data({ result, secret: null, redelivered: null }, { status });
  }
}

const STATUS_CLASS: Record<DeliveryStatus, string> = {
  pending: "bg-amber-100 text-amber-900 ring-amber-300",
  delivered: "bg-emerald-100 text-emerald-900 ring-emerald-300",
  failed: "bg-red-100 text-red-900 ring-red-300",
};

function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-block whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-bold ring-1 ${STATUS_CLASS[status]}`} data-delivery-status={status}>
      {t(`webhooks.statuses.${status}`)}
    </span>
  );
}

export default function Webhooks() {
  const { webhooks, shown, log, releases, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const [form, fields] = useForm({
    id: "create-webhook",
    lastResult: actionData?.result,
    defaultValue: { format: "json", release: "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, webhooksFormSchema),
  });
  return (
    <Page wide crumbs={[{ to: "/admin/webhooks", label: t("webhooks.title") }]}>
      <h1 className="text-3xl font-bold">{t("webhooks.title")}</h1>
      <p className="max-w-4xl text-slate-600">
        <Trans i18nKey="webhooks.intro" components={{ code: <code /> }} />
      </p>
      <div className="mt-6 grid gap-6 xl:grid-cols-[1fr_24rem]">
        <div className="grid content-start gap-6">
          <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
            {webhooks.length === 0 ? <p className="p-4 text-slate-600">{t("webhooks.none")}</p> : null}
            <table hidden={webhooks.length === 0} className="table-cards w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th className="px-4 py-2">{t("webhooks.target")}</th>
                  <th className="py-2 pr-4">{t("webhooks.events")}</th>
                  <th className="py-2 pr-4">{t("webhooks.state")}</th>
                  <th className="py-2 pr-4">{t("webhooks.lastDelivery")}</th>
                  <th className="py-2 pr-4" />
                </tr>
              </thead>
              <tbody>
                {webhooks.map((hook) => (
                  <tr key={hook.id} className={`border-t border-slate-100 align-top ${shown?.id === hook.id ? "bg-sky-50" : ""}`} data-webhook-row={hook.id}>
                    <td className="px-4 py-3">
                      <div className="break-all font-mono text-xs font-semibold">{hook.url}</div>
                      <div className="text-slate-500">{t("webhooks.created", { id: hook.id, at: fmt.instant(hook.created_at), by: hook.created_by })}</div>
                      <div className="text-slate-500">
                        {hook.release ?? t("webhooks.anyRelease")} · {t(`webhooks.formats.${hook.format}`)}
                      </div>
                    </td>
                    <td className="py-3 pr-4" data-label={t("webhooks.events")}>
                      <span className="break-words font-mono text-xs">{hook.events.join(", ")}</span>
                    </td>
                    <td className="py-3 pr-4" data-label={t("webhooks.state")}>
                      <span className={`font-semibold ${hook.state === "active" ? "text-emerald-800" : "text-red-700"}`}>
                        {t(`webhooks.states.${hook.state}`)}
                      </span>
                    </td>
                    <td className="py-3 pr-4" data-label={t("webhooks.lastDelivery")}>
                      {hook.last_delivery ? (
                        <div className="grid gap-1">
                          <DeliveryStatusBadge status={hook.last_delivery.status} />
                          <span className="text-slate-600">
                            {hook.last_delivery.status_code ?? "—"}
                            {hook.last_delivery.at ? ` · ${fmt.instant(hook.last_delivery.at)}` : ""}
                          </span>
                        </div>
                      ) : (
                        <span className="text-slate-500">{t("webhooks.neverDelivered")}</span>
                      )}
                    </td>
                    <td className="py-3 pr-4 text-right">
                      <div className="flex flex-wrap justify-end gap-2">
                        <Link
                          to={`/admin/webhooks?webhook=${hook.id}`}
                          className="rounded-md px-2 py-1 font-semibold ring-1 ring-slate-300 hover:bg-slate-100"
                          data-show-log={hook.id}
                        >
                          {t("webhooks.showLog")}
                        </Link>
                        <RevokeCell id={hook.id} revokedAt={hook.revoked_at} />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {shown && log ? (
            <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" data-delivery-log={shown.id}>
              <h2 className="break-all px-4 pt-4 text-lg font-bold">{t("webhooks.logOf", { url: shown.url })}</h2>
              {actionData?.redelivered ? (
                <p role="status" className="mx-4 mt-2 rounded-md bg-sky-50 p-2 text-sm text-sky-900 ring-1 ring-sky-200">
                  {t("webhooks.redelivered")}
                </p>
              ) : null}
              {log.deliveries.length === 0 ? <p className="p-4 text-slate-600">{t("webhooks.logEmpty")}</p> : null}
              <table hidden={log.deliveries.length === 0} className="table-cards mt-2 w-full text-left text-sm">
                <thead className="bg-slate-50 text-slate-600">
                  <tr>
                    <th className="px-4 py-2">{t("webhooks.when")}</th>
                    <th className="py-2 pr-4">{t("webhooks.event")}</th>
                    <th className="py-2 pr-4">{t("webhooks.status")}</th>
                    <th className="py-2 pr-4">{t("webhooks.code")}</th>
                    <th className="py-2 pr-4">{t("webhooks.attempts")}</th>
                    <th className="py-2 pr-4">{t("webhooks.nextAttempt")}</th>
                    <th className="py-2 pr-4">{t("webhooks.error")}</th>
                    <th className="py-2 pr-4" />
                  </tr>
                </thead>
                <tbody>
                  {log.deliveries.map((d) => (
                    <tr key={d.id} className="border-t border-slate-100 align-top" data-delivery={d.id}>
                      <td className="px-4 py-3 whitespace-nowrap">{fmt.instant(d.created_at)}</td>
                      <td className="py-3 pr-4" data-label={t("webhooks.event")}>
                        <span className="font-mono text-xs">{d.event_type}</span>
                        <div className="text-slate-500">
                          {d.release} #{d.seq}
                        </div>
                      </td>
                      <td className="py-3 pr-4" data-label={t("webhooks.status")}>
                        <DeliveryStatusBadge status={d.status} />
                      </td>
                      <td className="py-3 pr-4" data-label={t("webhooks.code")}>
                        {d.last_status_code ?? "—"}
                        {d.last_duration_ms !== null ? <span className="text-slate-500"> · {d.last_duration_ms} ms</span> : null}
                      </td>
                      <td className="py-3 pr-4" data-label={t("webhooks.attempts")}>
                        {d.attempts}
                      </td>
                      <td className="py-3 pr-4" data-label={t("webhooks.nextAttempt")}>
                        {d.next_attempt_at ? fmt.instant(d.next_attempt_at) : "—"}
                      </td>
                      <td className="max-w-xs break-words py-3 pr-4 text-red-800" data-label={t("webhooks.error")}>
                        {d.last_error ?? ""}
                      </td>
                      <td className="py-3 pr-4 text-right">
                        {shown.state === "active" ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="redeliver" />
                            <input type="hidden" name="id" value={shown.id} />
                            <input type="hidden" name="delivery" value={d.id} />
                            <button className="rounded-md px-2 py-1 font-semibold ring-1 ring-slate-300 hover:bg-slate-100" data-redeliver={d.id}>
                              {t("webhooks.redeliver")}
                            </button>
                          </Form>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {log.next_before ? (
                <div className="p-4">
                  <Link to={`/admin/webhooks?webhook=${shown.id}&before=${log.next_before}`} className="font-semibold text-sky-800 underline">
                    {t("webhooks.older")}
                  </Link>
                </div>
              ) : null}
            </section>
          ) : null}
        </div>
        <aside className="grid content-start gap-4">
          {actionData?.secret ? <SecretOnce name="webhook" label={t("webhooks.secret", { id: actionData.secret.id })} value={actionData.secret.value} /> : null}
          <Form method="post" {...getFormProps(form)} className="grid gap-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 className="text-lg font-bold">{t("webhooks.newTitle")}</h2>
            <input type="hidden" name="intent" value="create" />
            <IdempotencyKey value={formKey} />
            <Field id={fields.url.id} label={t("webhooks.url")} error={fields.url.errors} hint={t("webhooks.urlHint")}>
              <input {...getInputProps(fields.url, { type: "text" })} className={inputClass} placeholder="https://hooks.slack.com/services/…" />
            </Field>
            <Field id={fields.events.id} label={t("webhooks.events")} error={fields.events.errors} hint={t("webhooks.eventsHint")}>
              <input {...getInputProps(fields.events, { type: "text" })} className={inputClass} />
            </Field>
            <Field id={fields.release.id} label={t("webhooks.release")} error={fields.release.errors} hint={t("webhooks.releaseHint")}>
              <select {...getSelectProps(fields.release)} className={inputClass}>
                <option value="">{t("webhooks.anyRelease")}</option>
                {releases.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={fields.format.id} label={t("webhooks.format")} error={fields.format.errors}>
              <select {...getSelectProps(fields.format)} className={inputClass}>
                {WEBHOOK_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {t(`webhooks.formats.${f}`)}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit" className={buttonClass}>
              {t("webhooks.create")}
            </button>
            <FormError errors={form.errors} />
          </Form>
        </aside>
      </div>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
