import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthCard, FormError, NewPasswordFields } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass } from "../components/layout";
import { setupFormSchema } from "../lib/account-forms";
import { replyWithError } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { metaT } from "../lib/i18n";
import { signedInRedirect } from "../lib/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("admin.setup.title")} · ${t("common.product")}` }];
};

/**
 * On an empty database, whoever holds the setup code the server printed in its
 * log creates the first admin. After that (or with a bootstrap token
 * configured) this page is gone.
 */
export function loader({ context }: LoaderFunctionArgs) {
  if (!context.setup.available()) throw redirect("/login");
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), setupFormSchema);
  if (submission.status !== "success") return submission.reply({ hideFields: ["password", "confirm"] });
  if (!context.setup.available()) throw redirect("/login");
  if (!context.setup.accepts(submission.value.code)) {
    return data(
      submission.reply({
        fieldErrors: { code: ["that is not the setup code: the server printed it in its log at start-up"] },
        hideFields: ["password", "confirm"],
      }),
      {
        status: 403,
      },
    );
  }
  try {
    const admin = await context.access.users.createFirstAdmin(submission.value);
    return signedInRedirect(context, admin.id, "/");
  } catch (error) {
    return replyWithError(submission.reply, error);
  }
}

export default function Setup() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, setupFormSchema),
  });
  return (
    <AuthCard title={t("admin.setup.heading")} intro={t("admin.setup.intro")}>
      <Form method="post" {...getFormProps(form)} className="grid gap-4">
        <Field id={fields.code.id} label={t("admin.setup.code")} error={fields.code.errors} hint={t("admin.setup.codeHint")}>
          <input {...getInputProps(fields.code, { type: "text" })} autoComplete="one-time-code" className={`${inputClass} font-mono uppercase`} />
        </Field>
        <Field id={fields.name.id} label={t("admin.setup.yourName")} error={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} autoComplete="name" className={inputClass} />
        </Field>
        <Field id={fields.email.id} label={t("admin.auth.email")} error={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" className={inputClass} />
        </Field>
        <NewPasswordFields password={fields.password} confirm={fields.confirm} />
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? t("admin.setup.busy") : t("admin.setup.submit")}
        </button>
        <FormError errors={form.errors} />
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
