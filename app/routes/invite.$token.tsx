import { getFormProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AuthCard, FormError, NewPasswordFields } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass } from "../components/layout";
import { setPasswordFormSchema } from "../lib/account-forms";
import { replyWithError } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { signedInRedirect } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Set your password · Greenlight" }];

export function loader({ context, params }: LoaderFunctionArgs) {
  const invite = context.access.users.inviteInfo(params.token!);
  if (!invite) throw data("This link is invalid, used or expired. Ask an admin for a new one.", { status: 404 });
  return invite;
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const submission = parseForm(await readForm(request), setPasswordFormSchema);
  if (submission.status !== "success") return submission.reply({ hideFields: ["password", "confirm"] });
  try {
    const user = await context.access.users.acceptInvite(params.token!, submission.value.password);
    return signedInRedirect(context, user.id, "/");
  } catch (error) {
    return replyWithError(submission.reply, error);
  }
}

export default function AcceptInvite() {
  const { name, email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, setPasswordFormSchema),
  });
  return (
    <AuthCard
      title={`Welcome, ${name}`}
      intro={
        <>
          Choose a password for <strong>{email}</strong>. This link works once.
        </>
      }
    >
      <Form method="post" {...getFormProps(form)} className="grid gap-4">
        <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
        <NewPasswordFields password={fields.password} confirm={fields.confirm} />
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? "Saving…" : "Set password and sign in"}
        </button>
        <FormError errors={form.errors} />
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
