import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { CONTENT_FIELDS, PostmortemContentFields, unplacedErrors } from "../components/postmortem";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { replyWithError } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { metaT } from "../lib/i18n";
import { formKey, once } from "../lib/idempotency.server";
import { ownersFor, releaseChoices } from "../lib/postmortems.server";
import { causesText, postmortemCreateFormSchema, timelineText } from "../lib/postmortem-forms";
import { AppError } from "../shared/errors";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("actions.newPostmortem.meta") }];

/** `?decision=ID` starts from a decision: its record fills every field, and its follow-ups join the post-mortem. */
export function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "postmortem.create" });
  const param = new URL(request.url).searchParams.get("decision");
  const decision = param === null ? null : Number(param);
  if (decision !== null && !(Number.isInteger(decision) && decision > 0)) throw data(`"${param}" is not a decision id`, { status: 400 });
  let draft = null;
  if (decision !== null) {
    try {
      draft = context.postmortems.fromDecision(decision);
    } catch (error) {
      if (error instanceof AppError) throw data(`Decision ${decision} not found.`, { status: 404 });
      throw error;
    }
  }
  return {
    decision,
    draft: draft && { ...draft, causes: causesText(draft.causes), timeline: timelineText(draft.timeline) },
    me: user.email,
    people: ownersFor(context),
    releases: releaseChoices(context),
    formKey: formKey(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireAllowed(context, request, { type: "postmortem.create" });
  const submission = parseForm(await readForm(request), postmortemCreateFormSchema);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const id = once(context, request, user, submission.payload, () => context.postmortems.create(submission.value, actorFor(user)).postmortem.id);
    return redirect(`/postmortems/${id}`);
  } catch (error) {
    return replyWithError(submission.reply, error);
  }
}

export default function NewPostmortem() {
  const { decision, draft, me, people, releases, formKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { severity: "SEV3", owner: me, ...draft, from_decision: decision ?? undefined },
    onValidate: ({ formData }) => parseForm(formData, postmortemCreateFormSchema),
  });
  return (
    <Page
      crumbs={[
        { to: "/postmortems", label: t("actions.postmortems.title") },
        { to: "/postmortems/new", label: t("actions.newPostmortem.crumb") },
      ]}
    >
      <h1 className="text-3xl font-bold">{t("actions.newPostmortem.title")}</h1>
      {decision !== null ? (
        <p className="text-slate-600">
          <Trans
            i18nKey="actions.newPostmortem.fromDecision"
            values={{ id: decision }}
            components={{ link: <Link to={`/decisions/${decision}`} className="font-semibold underline" /> }}
          />
        </p>
      ) : (
        <p className="text-slate-600">{t("actions.newPostmortem.intro")}</p>
      )}
      <Form method="post" {...getFormProps(form)} className="mt-6 grid max-w-4xl gap-5 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
        <IdempotencyKey value={formKey} />
        {decision !== null ? <input type="hidden" name={fields.from_decision.name} value={decision} /> : null}
        <PostmortemContentFields fields={fields} releases={releases} />
        <Field id={fields.owner.id} label={t("actions.newPostmortem.owner")} error={fields.owner.errors} hint={t("actions.newPostmortem.ownerHint")}>
          <select {...getSelectProps(fields.owner)} className={inputClass}>
            {people.map((p) => (
              <option key={p.email} value={p.email}>
                {p.name} ({p.email})
              </option>
            ))}
          </select>
        </Field>
        <FormError errors={unplacedErrors(form, [...CONTENT_FIELDS, "owner"])} />
        <div>
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? t("actions.newPostmortem.creating") : t("actions.newPostmortem.create")}
          </button>
        </div>
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
