import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { RoleFields } from "../components/role-fields";
import { RowAction } from "../components/row-action";
import { SecretOnce } from "../components/secret-once";
import { usersFormSchema } from "../lib/admin-forms";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { useFormat } from "../lib/format";
import { knownFunctions } from "../lib/functions.server";
import { metaT } from "../lib/i18n";
import { formKey, once } from "../lib/idempotency.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("admin.users.title")} · ${t("common.product")}` }];
};

export function loader({ context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "users.manage" });
  return { users: context.access.users.list(), functions: knownFunctions(context), changes: context.access.recentChanges(15), formKey: formKey() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const admin = requireAllowed(context, request, { type: "users.manage" });
  const submission = parseForm(await readForm(request), usersFormSchema);
  if (submission.status !== "success") return { result: submission.reply(), link: null };
  try {
    const { access } = context;
    switch (submission.value.intent) {
      case "invite": {
        const { intent: _intent, ...person } = submission.value;
        // Sent twice, invited once: a retry shows the first link again.
        const { name, token } = once(context, request, admin, submission.payload, () => {
          const { user, token } = access.users.invite(person, actorFor(admin));
          return { name: user.name, token };
        });
        return {
          result: submission.reply({ resetForm: true }),
          link: { name, url: `${context.baseUrl}/invite/${token}` },
        };
      }
      case "reinvite": {
        const { token } = access.users.reinvite(submission.value.id, actorFor(admin));
        return { result: submission.reply(), link: { name: null, url: `${context.baseUrl}/invite/${token}` } };
      }
      case "disable":
        access.disableUser(submission.value.id, actorFor(admin));
        return { result: submission.reply(), link: null };
    }
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error, (code) => (code === "user_exists" ? "email" : undefined));
    return data({ result, link: null }, { status });
  }
}

export default function Users() {
  const { users, functions, changes, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const [form, fields] = useForm({
    id: "invite",
    lastResult: actionData?.result,
    // Known to Conform, so a reset after success returns to it rather than to nothing.
    defaultValue: { role: "viewer" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, usersFormSchema),
  });
  return (
    <Page crumbs={[{ to: "/admin/users", label: t("admin.users.title") }]}>
      <h1 className="text-3xl font-bold">{t("admin.users.title")}</h1>
      <p className="text-slate-600">{t("admin.users.intro")}</p>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_24rem]">
        <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="table-cards w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2">{t("admin.users.person")}</th>
                <th className="py-2 pr-4">{t("admin.users.role")}</th>
                <th className="py-2 pr-4">{t("admin.users.state")}</th>
                <th className="py-2 pr-4" />
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-t border-slate-100 align-top" data-user-row={u.email}>
                  <td className="px-4 py-3">
                    <div className="font-semibold">{u.name}</div>
                    <div className="text-slate-500">{u.email}</div>
                  </td>
                  <td className="py-3 pr-4">
                    <span className="font-semibold uppercase">{t(`common.role.${u.role}`)}</span>
                    {u.functions.length ? <div className="text-slate-500">{u.functions.join(", ")}</div> : null}
                  </td>
                  <td className="py-3 pr-4">
                    {u.disabled_at ? (
                      <span className="font-semibold text-red-700">{t("admin.users.disabled", { at: fmt.instant(u.disabled_at) })}</span>
                    ) : u.active ? (
                      <span className="font-semibold text-emerald-700">{t("admin.users.active")}</span>
                    ) : (
                      <span className="font-semibold text-amber-700">{t("admin.users.invited")}</span>
                    )}
                  </td>
                  <td className="py-3 pr-4 text-right">
                    {u.disabled_at ? null : (
                      <div className="flex justify-end gap-2">
                        {u.active ? null : <RowAction intent="reinvite" id={u.id} label={t("admin.users.newLink")} />}
                        <RowAction intent="disable" id={u.id} label={t("admin.users.disable")} danger />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="grid content-start gap-4 lg:row-span-2">
          {actionData?.link ? (
            <SecretOnce
              name="invitation"
              label={actionData.link.name === null ? t("admin.users.newLinkLabel") : t("admin.users.linkFor", { name: actionData.link.name })}
              value={actionData.link.url}
            />
          ) : null}
          <Form method="post" {...getFormProps(form)} className="grid gap-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 className="text-lg font-bold">{t("admin.users.inviteTitle")}</h2>
            <input type="hidden" name="intent" value="invite" />
            <IdempotencyKey value={formKey} />
            <Field id={fields.name.id} label={t("admin.users.name")} error={fields.name.errors}>
              <input {...getInputProps(fields.name, { type: "text" })} className={inputClass} />
            </Field>
            <Field id={fields.email.id} label={t("admin.users.email")} error={fields.email.errors}>
              <input {...getInputProps(fields.email, { type: "email" })} className={inputClass} />
            </Field>
            <RoleFields functions={functions} errors={{ role: fields.role.errors }} />
            <button type="submit" className={buttonClass}>
              {t("admin.users.invite")}
            </button>
            <FormError errors={form.errors} />
          </Form>
        </aside>
        <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-labelledby="changes">
          <h2 id="changes" className="border-b border-slate-200 bg-slate-50 px-4 py-2 font-bold">
            {t("admin.users.changes")}
          </h2>
          <ul className="divide-y divide-slate-100 text-sm" data-access-log>
            {changes.map((c) => (
              <li key={c.id} className="flex flex-wrap gap-x-3 px-4 py-2">
                <span className="text-slate-500">{fmt.instant(c.at)}</span>
                <span className="font-semibold">{c.actor}</span>
                <span>{changeWords(c.action, t)}</span>
                <span className="text-slate-700">{c.subject}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </Page>
  );
}

/** An access-log action as the list words it; one the catalogue does not know yet, as its stored name made readable. */
function changeWords(action: string, t: TFunction): string {
  // The stored names (`user.invited`) are the catalogue's keys under admin.users.change.
  return t(`admin.users.change.${action}` as "admin.users.change.user.invited", { defaultValue: action.replace(".", " ").replace("_", " ") });
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
