import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard, FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass } from "../components/layout";
import { loginFormSchema, safeRedirect } from "../lib/account-forms";
import { parseForm, readForm } from "../lib/forms";
import { signedInRedirect } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Sign in · Greenlight" }];

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
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, loginFormSchema),
  });
  return (
    <AuthCard title="Sign in" intro="Release readiness, Go/No-Go and the decision record.">
      <Form method="post" {...getFormProps(form)} className="grid gap-4">
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <Field id={fields.email.id} label="Email" error={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" autoFocus className={inputClass} />
        </Field>
        <Field id={fields.password.id} label="Password" error={fields.password.errors}>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" className={inputClass} />
        </Field>
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <FormError errors={form.errors} />
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
