import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard, FormError, NewPasswordFields } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass } from "../components/layout";
import { setupFormSchema } from "../lib/account-forms";
import { replyWithError } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { signedInRedirect } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Set up · Greenlight" }];

/** On an empty database, the first visit creates the first admin. After that, this page is gone. */
export function loader({ context }: LoaderFunctionArgs) {
  if (context.access.users.count() > 0) throw redirect("/login");
  return null;
}

export async function action({ context, request }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), setupFormSchema);
  if (submission.status !== "success") return submission.reply({ hideFields: ["password", "confirm"] });
  try {
    const admin = await context.access.users.createFirstAdmin(submission.value);
    return signedInRedirect(context, admin.id, "/");
  } catch (error) {
    return replyWithError(submission.reply, error);
  }
}

export default function Setup() {
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, setupFormSchema),
  });
  return (
    <AuthCard title="Create the first admin" intro="Nobody has an account yet. The first person becomes the PMO admin and invites everyone else.">
      <Form method="post" {...getFormProps(form)} className="grid gap-4">
        <Field id={fields.name.id} label="Your name" error={fields.name.errors}>
          <input {...getInputProps(fields.name, { type: "text" })} autoComplete="name" className={inputClass} />
        </Field>
        <Field id={fields.email.id} label="Email" error={fields.email.errors}>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" className={inputClass} />
        </Field>
        <NewPasswordFields password={fields.password} confirm={fields.confirm} />
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Creating…" : "Create admin and sign in"}
        </button>
        <FormError errors={form.errors} />
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
