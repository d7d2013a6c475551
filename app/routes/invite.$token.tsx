import { getFormProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { AuthCard, FormError, NewPasswordFields } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass } from "../components/layout";
import { setPasswordFormSchema } from "../lib/account-forms";
import { replyWithError } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { metaT, translator } from "../lib/i18n";
import { localeOf } from "../lib/i18n.server";
import { signedInRedirect } from "../lib/session.server";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("admin.invite.title")} · ${t("common.product")}` }];
};

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const invite = context.access.users.inviteInfo(params.token!);
  if (!invite) throw data(translator(await localeOf(request, context))("admin.invite.invalid"), { status: 404 });
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
  const { t } = useTranslation();
  const { name, email } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseForm(formData, setPasswordFormSchema),
  });
  return (
    <AuthCard title={t("admin.invite.welcome", { name })} intro={<Trans i18nKey="admin.invite.intro" values={{ email }} components={{ strong: <strong /> }} />}>
      <Form method="post" {...getFormProps(form)} className="grid gap-4">
        <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
        <NewPasswordFields password={fields.password} confirm={fields.confirm} />
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? t("admin.invite.busy") : t("admin.invite.submit")}
        </button>
        <FormError errors={form.errors} />
      </Form>
    </AuthCard>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
