import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { RevokeCell } from "../components/row-action";
import { SecretOnce } from "../components/secret-once";
import { boardLinksFormSchema } from "../lib/admin-forms";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { useFormat } from "../lib/format";
import { orNotFound } from "../lib/http.server";
import { metaT } from "../lib/i18n";
import { formKey, once } from "../lib/idempotency.server";
import { LANGUAGE_NAMES, LOCALES, localeOrNull } from "../shared/locale";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("admin.links.title")} · ${t("common.product")}` }];
};

export function loader({ context, request, params }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "board-links.manage" });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  return { release: { id: release.id, name: release.name }, links: context.access.boardLinks.list(release.id), formKey: formKey() };
}

export async function action({ context, request, params }: ActionFunctionArgs) {
  const admin = requireAllowed(context, request, { type: "board-links.manage" });
  const submission = parseForm(await readForm(request), boardLinksFormSchema);
  if (submission.status !== "success") return { result: submission.reply(), url: null, calendarUrl: null };
  try {
    if (submission.value.intent === "create") {
      const { name, locale = null } = submission.value;
      // Sent twice, created once: a retry shows the first link again.
      const token = once(
        context,
        request,
        admin,
        submission.payload,
        () => context.access.boardLinks.create(params.release!, { name, locale }, actorFor(admin)).token,
      );
      // The same read-only token reads the release's iCalendar feed (ADR 023): one link to revoke for both.
      const calendarUrl = `${context.baseUrl}/api/v1/releases/${encodeURIComponent(params.release!)}/calendar.ics?token=${encodeURIComponent(token)}`;
      return { result: submission.reply({ resetForm: true }), url: `${context.baseUrl}/b/${token}`, calendarUrl };
    }
    context.access.revokeBoardLink(params.release!, submission.value.id, actorFor(admin));
    return { result: submission.reply(), url: null, calendarUrl: null };
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error);
    return data({ result, url: null, calendarUrl: null }, { status });
  }
}

export default function BoardLinks() {
  const { release, links, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const languageOf = (stored: string | null) => {
    const locale = localeOrNull(stored);
    return locale ? LANGUAGE_NAMES[locale] : t("admin.links.followBrowser");
  };
  // Conform resets the form after a link is created (the action's `resetForm`).
  const [form, fields] = useForm({
    id: "create-link",
    lastResult: actionData?.result,
    // Known to Conform, so a reset after success returns to "the TV's browser" rather than to nothing.
    defaultValue: { locale: "" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, boardLinksFormSchema),
  });
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/links`, label: t("admin.links.title") },
      ]}
    >
      <h1 className="text-3xl font-bold">{t("admin.links.title")}</h1>
      <p className="text-slate-600">{t("admin.links.intro")}</p>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_24rem]">
        <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          {links.length === 0 ? (
            <p className="p-5 text-slate-600">{t("admin.links.empty")}</p>
          ) : (
            <table className="table-cards w-full text-left text-sm">
              <thead className="bg-slate-50 text-slate-600">
                <tr>
                  <th className="px-4 py-2">{t("admin.links.screen")}</th>
                  <th className="py-2 pr-4">{t("admin.links.language")}</th>
                  <th className="py-2 pr-4">{t("admin.links.lastUsed")}</th>
                  <th className="py-2 pr-4" />
                </tr>
              </thead>
              <tbody>
                {links.map((l) => (
                  <tr key={l.id} className="border-t border-slate-100 align-top" data-link-row={l.name}>
                    <td className="px-4 py-3">
                      <div className="font-semibold">{l.name}</div>
                      <div className="text-slate-500">{t("admin.links.created", { at: fmt.instant(l.created_at), by: l.created_by })}</div>
                    </td>
                    <td className="py-3 pr-4" data-label={t("admin.links.language")} data-link-locale={l.locale ?? ""}>
                      {languageOf(l.locale)}
                    </td>
                    <td className="py-3 pr-4" data-label={t("admin.links.lastUsed")}>
                      {l.last_used_at ? fmt.instant(l.last_used_at) : t("common.never")}
                    </td>
                    <td className="py-3 pr-4 text-right">
                      <RevokeCell id={l.id} revokedAt={l.revoked_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <aside className="grid content-start gap-4">
          {actionData?.url ? (
            <SecretOnce
              name="board-link"
              label={t("admin.links.secret")}
              value={actionData.url}
              open={{ href: actionData.url, label: t("admin.secret.open"), newTab: true }}
            />
          ) : null}
          {actionData?.calendarUrl ? (
            <SecretOnce
              name="calendar"
              tone="sky"
              label={t("calendar.secret")}
              value={actionData.calendarUrl}
              open={{ href: actionData.calendarUrl.replace(/^https?:/, "webcal:"), label: t("calendar.open"), newTab: false }}
            />
          ) : null}
          <Form method="post" {...getFormProps(form)} className="grid gap-3 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 className="text-lg font-bold">{t("admin.links.newTitle")}</h2>
            <input type="hidden" name="intent" value="create" />
            <IdempotencyKey value={formKey} />
            <Field id={fields.name.id} label={t("admin.links.name")} error={fields.name.errors}>
              <input {...getInputProps(fields.name, { type: "text" })} placeholder={t("admin.links.placeholder")} className={inputClass} />
            </Field>
            <Field id={fields.locale.id} label={t("admin.links.language")} error={fields.locale.errors}>
              <select {...getSelectProps(fields.locale)} className={inputClass}>
                <option value="">{t("admin.links.followBrowser")}</option>
                {LOCALES.map((locale) => (
                  <option key={locale} value={locale} lang={locale}>
                    {LANGUAGE_NAMES[locale]}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit" className={buttonClass}>
              {t("admin.links.create")}
            </button>
            <FormError errors={form.errors} />
          </Form>
          <section id="calendar" className="grid gap-2 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-calendar-help>
            <h2 className="text-lg font-bold">{t("calendar.title")}</h2>
            <p className="text-sm text-slate-700">{t("calendar.intro", { release: release.name })}</p>
            <p className="text-sm text-slate-600">{t("calendar.how")}</p>
          </section>
        </aside>
      </div>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
