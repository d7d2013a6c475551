import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass } from "../components/layout";
import { loginFormSchema, safeRedirect } from "../lib/account-forms";
import { metaT } from "../lib/i18n";
import { parseForm, readForm } from "../lib/forms";
import { signedInRedirect } from "../lib/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("admin.login.title")} · ${t("common.product")}` }];
};

export function loader({ context, request }: LoaderFunctionArgs) {
  if (context.setup.available()) throw redirect("/setup");
  if (context.principal?.kind === "user") throw redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), loginFormSchema);
  if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
  const { email, password, redirectTo } = submission.value;
  const result = await context.access.login(email, password, context.address);
  if (!result.ok) {
    const headers: Record<string, string> = result.retryAfterSeconds ? { "Retry-After": String(result.retryAfterSeconds) } : {};
    return data(submission.reply({ formErrors: [result.message], hideFields: ["password"] }), { status: result.status, headers });
  }
  return signedInRedirect(context, result.user.id, safeRedirect(redirectTo));
}

export default function Login() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, loginFormSchema),
  });
  return (
    <AuthCard title={t("admin.login.title")} intro={t("admin.login.intro")}>
      <Form method="post" {...getFormProps(form)} className="grid gap-4">
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field id={fields.email.id} label={t("admin.auth.email")} error={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" autoFocus className={inputClass} />
        </Field>
        <Field id={fields.password.id} label={t("admin.auth.password")} error={fields.password.errors}>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" className={inputClass} />
        </Field>
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? t("admin.login.busy") : t("admin.login.submit")}
        </button>
        <FormError errors={form.errors} />
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
