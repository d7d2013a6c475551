import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { RoleFields } from "../components/role-fields";
import { RevokeCell } from "../components/row-action";
import { SecretOnce } from "../components/secret-once";
import { tokensFormSchema } from "../lib/admin-forms";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { useFormat } from "../lib/format";
import { knownFunctions } from "../lib/functions.server";
import { metaT } from "../lib/i18n";
import type { Role } from "../shared/auth-schemas";
import { formKey, once } from "../lib/idempotency.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("admin.tokens.title")} · ${t("common.product")}` }];
};

export function loader({ context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "tokens.manage" });
  return { tokens: context.access.tokens.list(), functions: knownFunctions(context), formKey: formKey() };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const admin = requireAllowed(context, request, { type: "tokens.manage" });
  const submission = parseForm(await readForm(request), tokensFormSchema);
  if (submission.status !== "success") return { result: submission.reply(), secret: null };
  try {
    if (submission.value.intent === "create") {
      const { intent: _intent, ...spec } = submission.value;
      // Sent twice, created once: a retry shows the first token's secret again.
      const token = once(context, request, admin, submission.payload, () => context.access.tokens.create(spec, actorFor(admin)).token);
      return { result: submission.reply({ resetForm: true }), secret: { name: spec.name, value: token } };
    }
    context.access.revokeToken(submission.value.id, actorFor(admin));
    return { result: submission.reply(), secret: null };
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error);
    return data({ result, secret: null }, { status });
  }
}

export default function Tokens() {
  const { tokens, functions, formKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const [form, fields] = useForm({
    id: "create-token",
    lastResult: actionData?.result,
    // Known to Conform, so a reset after success returns to it rather than to nothing.
    defaultValue: { role: "viewer" },
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, tokensFormSchema),
  });
  return (
    <Page crumbs={[{ to: "/admin/tokens", label: t("admin.tokens.title") }]}>
      <h1 className="text-3xl font-bold">{t("admin.tokens.title")}</h1>
      <p className="text-slate-600">
        <Trans i18nKey="admin.tokens.intro" components={{ code: <code /> }} />
      </p>
      <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_24rem]">
        <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="table-cards w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-4 py-2">{t("admin.tokens.token")}</th>
                <th className="py-2 pr-4">{t("admin.tokens.role")}</th>
                <th className="py-2 pr-4">{t("admin.tokens.lastUsed")}</th>
                <th className="py-2 pr-4" />
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => (
                <tr key={token.id} className="border-t border-slate-100 align-top" data-token-row={token.name}>
                  <td className="px-4 py-3">
                    <div className="font-semibold">{token.name}</div>
                    <div className="text-slate-500">
                      {token.created_by
                        ? t("admin.tokens.createdBy", { id: token.id, at: fmt.instant(token.created_at), by: token.created_by })
                        : t("admin.tokens.created", { id: token.id, at: fmt.instant(token.created_at) })}
                    </div>
                  </td>
                  <td className="py-3 pr-4">
                    <span className="font-semibold uppercase">{t(`common.role.${token.role as Role}`)}</span>
                    {token.functions.length ? <div className="text-slate-500">{token.functions.join(", ")}</div> : null}
                  </td>
                  <td className="py-3 pr-4" data-label={t("admin.tokens.lastUsed")}>
                    {token.last_used_at ? fmt.instant(token.last_used_at) : t("common.never")}
                  </td>
                  <td className="py-3 pr-4 text-right">
                    <RevokeCell id={token.id} revokedAt={token.revoked_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <aside className="grid content-start gap-4">
          {actionData?.secret ? (
            <SecretOnce name="token" label={t("admin.tokens.secret", { name: actionData.secret.name })} value={actionData.secret.value} />
          ) : null}
          <Form method="post" {...getFormProps(form)} className="grid gap-4 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 className="text-lg font-bold">{t("admin.tokens.newTitle")}</h2>
            <input type="hidden" name="intent" value="create" />
            <IdempotencyKey value={formKey} />
            <Field id={fields.name.id} label={t("admin.tokens.name")} error={fields.name.errors} hint={t("admin.tokens.nameHint")}>
              <input {...getInputProps(fields.name, { type: "text" })} className={inputClass} />
            </Field>
            <RoleFields functions={functions} errors={{ role: fields.role.errors }} />
            <button type="submit" className={buttonClass}>
              {t("admin.tokens.create")}
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
