import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isOpen, PRIORITIES, type PostmortemStatus, type PostmortemView } from "../shared/actions";
import { ActionList } from "../components/action-list";
import type { ActionWithControls } from "../lib/action-forms";
import { withControls } from "../lib/actions.server";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { SafeMarkdown } from "../components/markdown";
import { IdempotencyKey } from "../components/idempotency-key";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { CONTENT_FIELDS, PostmortemContentFields, unplacedErrors, PostmortemStatusBadge, SeverityBadge, useFormatAt } from "../components/postmortem";
import { actorFor, can, requireAllowed, requireUser } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { formatFor } from "../lib/format";
import { parseForm, readForm } from "../lib/forms";
import { metaT, translator } from "../lib/i18n";
import { localeOf } from "../lib/i18n.server";
import { orNotFound } from "../lib/http.server";
import { formKey, once } from "../lib/idempotency.server";
import { causesText, editPatch, postmortemPageSchema, timelineText } from "../lib/postmortem-forms";
import { ownersFor, releaseChoices } from "../lib/postmortems.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("actions.postmortem.meta", { title: data.pm.title, id: data.pm.id }) : "Greenlight" },
];

function postmortemId(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isInteger(id) || id <= 0) throw data("Post-mortem not found.", { status: 404 });
  return id;
}

/**
 * A post-mortem: what happened, why, and the actions it taught, tracked to
 * closure. Its owner (or an admin) edits it and submits it for review; an
 * admin or a lead who is not the owner publishes it; admins and leads add
 * actions for their functions.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const pm = orNotFound(() => context.postmortems.get(postmortemId(params.id)));
  const releases = releaseChoices(context);
  const people = ownersFor(context);
  const linked = releases.filter((r) => pm.releases.includes(r.id));
  // An action linked to releases belongs to one of their functions; linked to none, to any function.
  const functions = [
    ...new Set((linked.length ? linked : releases).flatMap((r) => r.functions).concat(linked.length ? [] : people.flatMap((p) => p.functions))),
  ].sort();
  return {
    pm,
    actions: withControls(user, context.actions.list({ postmortem: pm.id })),
    releases,
    people,
    may: {
      edit: pm.status !== "published" && can(user, { type: "postmortem.update", owner: pm.owner }),
      publish: can(user, { type: "postmortem.publish", owner: pm.owner }),
      addFor: functions.filter((fn) => can(user, { type: "action.create", function: fn })),
    },
    formKey: formKey(),
  };
}

export async function action({ params, context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const pm = orNotFound(() => context.postmortems.get(postmortemId(params.id)));
  const submission = parseForm(await readForm(request), postmortemPageSchema);
  const intent = String((submission.payload as Record<string, unknown>).intent ?? "");
  if (submission.status !== "success") return data({ result: submission.reply(), intent, note: null }, { status: 400 });
  const actor = actorFor(user);
  const v = submission.value;
  const locale = await localeOf(request, context);
  const t = translator(locale);
  try {
    let note: string | null = null;
    switch (v.intent) {
      case "edit": {
        const patch = editPatch(v, pm);
        if (Object.keys(patch).length) context.postmortems.update(pm.id, patch, actor);
        else {
          requireAllowed(context, request, { type: "postmortem.update", owner: pm.owner });
          note = t("actions.postmortem.nothingChanged");
        }
        break;
      }
      case "status":
        context.postmortems.setStatus(pm.id, v.status, actor);
        break;
      case "add-action": {
        const { intent: _intent, item, ...spec } = v;
        // Sent twice (a double click, a retry), added once: the second gets the first's answer.
        const action = once(context, request, user, submission.payload, () => {
          const { action } = context.actions.create({ ...spec, description: "", postmortem: pm.id, releases: pm.releases, item: item ?? null }, actor);
          return { id: action.id, due: action.due };
        });
        note = t("actions.postmortem.added", { id: action.id, due: formatFor(locale, t).day(action.due) });
        break;
      }
    }
    return { result: submission.reply({ resetForm: true }), intent, note };
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error);
    return data({ result, intent, note: null }, { status });
  }
}

const card = "rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";
const secondaryButton = "rounded-md px-4 py-2 font-semibold ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50";
const isWebLink = (ref: string) => /^https?:\/\//i.test(ref);

/** The last reply of this page's action, for the forms with this intent. */
function useReply(intent: string) {
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  return { reply: reply?.intent === intent ? reply : undefined, busy };
}

export default function PostmortemPage() {
  const { pm, actions, releases, people, may } = useLoaderData<typeof loader>();
  const names = new Map(releases.map((r) => [r.id, r.name]));
  const { t } = useTranslation();
  const formatAt = useFormatAt();
  return (
    <Page
      crumbs={[
        { to: "/postmortems", label: t("actions.postmortems.title") },
        { to: `/postmortems/${pm.id}`, label: `#${pm.id}` },
      ]}
    >
      <header className={card} data-postmortem={pm.id}>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0 flex-1">
            <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("actions.postmortem.kicker", { id: pm.id })}</p>
            <h1 className="mt-1 text-3xl font-black">{pm.title}</h1>
            <div className="mt-2 flex flex-wrap items-center gap-2">
              <SeverityBadge severity={pm.severity} />
              <PostmortemStatusBadge status={pm.status} />
            </div>
          </div>
          <StatusControls pm={pm} may={may} />
        </div>
        <dl className="mt-4 grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <Fact term={t("actions.postmortem.owner")}>
            <span title={pm.owner}>{pm.owner_name}</span>
          </Fact>
          <Fact term={t("actions.postmortem.incident")}>{formatAt(pm.incident_at)}</Fact>
          <Fact term={t("actions.postmortem.incidentRef")}>
            {pm.incident_ref ? (
              isWebLink(pm.incident_ref) ? (
                <a href={pm.incident_ref} className="break-all font-semibold underline" rel="noreferrer noopener" target="_blank">
                  {pm.incident_ref}
                </a>
              ) : (
                <code>{pm.incident_ref}</code>
              )
            ) : (
              "—"
            )}
          </Fact>
          <Fact term={t("actions.postmortem.releases")}>
            {pm.releases.length
              ? pm.releases.map((r, i) => (
                  <span key={r}>
                    {i ? ", " : null}
                    <Link to={`/releases/${r}`} className="font-semibold underline">
                      {names.get(r) ?? r}
                    </Link>
                  </span>
                ))
              : "—"}
          </Fact>
          {pm.decision ? (
            <Fact term={t("actions.postmortem.startedFrom")}>
              <Link to={`/decisions/${pm.decision}`} className="font-semibold underline">
                {t("actions.postmortem.fromDecision", { id: pm.decision })}
              </Link>
            </Fact>
          ) : null}
          <Fact term={t("actions.postmortem.actions")}>{t("actions.postmortem.openOf", { open: pm.actions.open, total: pm.actions.total })}</Fact>
          {pm.published_at ? (
            <Fact term={t("actions.postmortem.published")}>
              {t("actions.postmortem.by", { at: formatAt(pm.published_at), by: pm.published_by?.replace(/^user:/, "") })}
            </Fact>
          ) : null}
        </dl>
      </header>

      <ActionsCard actions={actions}>{may.addFor.length ? <AddActionForm functions={may.addFor} people={people} /> : null}</ActionsCard>

      <div className="mt-6 grid gap-6 lg:grid-cols-5">
        <section className={`${card} lg:col-span-3`} aria-label={t("actions.postmortem.summary")}>
          <h2 className="text-lg font-bold">{t("actions.postmortem.summary")}</h2>
          {pm.summary.trim() ? <SafeMarkdown text={pm.summary} data-summary /> : <p className="mt-2 text-slate-600">{t("actions.postmortem.noSummary")}</p>}
        </section>
        <div className="grid content-start gap-6 lg:col-span-2">
          <section className={card} aria-label={t("actions.postmortem.timeline")}>
            <h2 className="text-lg font-bold">{t("actions.postmortem.timeline")}</h2>
            {pm.timeline.length ? (
              <ol className="mt-2 border-l-2 border-slate-200">
                {pm.timeline.map((e, i) => (
                  <li key={i} className="relative py-1.5 pl-4" data-timeline-entry>
                    <span className="absolute -left-[5px] top-3 h-2 w-2 rounded-full bg-slate-500" aria-hidden="true" />
                    <time dateTime={e.at} className="block text-xs font-semibold tabular-nums text-slate-500">
                      {formatAt(e.at)}
                    </time>
                    {e.text}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mt-2 text-slate-600">{t("actions.postmortem.noEvents")}</p>
            )}
          </section>
          <section className={card} aria-label={t("actions.postmortem.causes")}>
            <h2 className="text-lg font-bold">{t("actions.postmortem.causes")}</h2>
            {pm.causes.length ? (
              <ol className="mt-2 list-decimal pl-6">
                {pm.causes.map((c, i) => (
                  <li key={i} className="mt-1">
                    {c}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="mt-2 text-slate-600">{t("actions.postmortem.noCauses")}</p>
            )}
          </section>
        </div>
      </div>

      {may.edit ? <EditForm key={pm.updated_at} pm={pm} releases={releases} /> : null}
    </Page>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

/** Review: the owner (or an admin) submits it or takes it back; an admin or a lead who is not the owner publishes it. */
function StatusControls({ pm, may }: { pm: PostmortemView; may: { edit: boolean; publish: boolean } }) {
  const { reply, busy } = useReply("status");
  const { t } = useTranslation();
  const moves: { to: PostmortemStatus; label: string; primary: boolean }[] = [
    ...(pm.status === "draft" && may.edit ? [{ to: "in_review" as const, label: t("actions.postmortem.submitReview"), primary: true }] : []),
    ...(pm.status === "in_review" && may.publish ? [{ to: "published" as const, label: t("actions.postmortem.publish"), primary: true }] : []),
    ...(pm.status === "in_review" && may.edit ? [{ to: "draft" as const, label: t("actions.postmortem.backToDraft"), primary: false }] : []),
  ];
  if (!moves.length && !reply) return null;
  return (
    <div className="grid justify-items-end gap-2">
      <div className="flex flex-wrap gap-2">
        {moves.map((m) => (
          <Form method="post" key={m.to}>
            <input type="hidden" name="intent" value="status" />
            <input type="hidden" name="status" value={m.to} />
            <button type="submit" className={m.primary ? buttonClass : secondaryButton} disabled={busy}>
              {m.label}
            </button>
          </Form>
        ))}
      </div>
      {pm.status === "in_review" && may.edit && !may.publish ? <p className="text-xs text-slate-500">{t("actions.postmortem.publishHint")}</p> : null}
      <FormError
        errors={Object.values(reply?.result.error ?? {})
          .flat()
          .filter((e): e is string => Boolean(e))}
      />
    </div>
  );
}

/** Its actions, what the post-mortem is tracked by: first on the page, closed and updated in place, with the form that adds one. */
function ActionsCard({ actions, children }: { actions: ActionWithControls[]; children: ReactNode }) {
  const open = actions.filter((a) => isOpen(a.status)).length;
  const { t } = useTranslation();
  return (
    <section className={`${card} mt-6`} aria-label={t("actions.postmortem.actions")}>
      <h2 className="mb-2 text-lg font-bold">
        {t("actions.postmortem.actions")}{" "}
        <span className="text-sm font-semibold text-slate-600">{t("actions.postmortem.openOf", { open, total: actions.length })}</span>
      </h2>
      <ActionList actions={actions} empty={t("actions.postmortem.noActions")} label={t("actions.postmortem.actionsLabel")} />
      {children}
    </section>
  );
}

function AddActionForm({ functions, people }: { functions: string[]; people: { email: string; name: string }[] }) {
  const { reply, busy } = useReply("add-action");
  const { formKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "add-action",
    lastResult: reply?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    // One function: it is theirs. Several (an admin): chosen, not defaulted to the first in the alphabet.
    defaultValue: { function: functions.length === 1 ? functions[0] : undefined, priority: "P2" },
    onValidate: ({ formData }) => parseForm(formData, postmortemPageSchema),
  });
  return (
    <details className="mt-4 border-t border-slate-200 pt-3" open={reply ? true : undefined} aria-label={t("actions.addAction.label")}>
      <summary className="cursor-pointer font-semibold">{t("actions.addAction.summary")}</summary>
      <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-x-4 gap-y-1 md:grid-cols-6">
        <input type="hidden" name="intent" value="add-action" />
        <IdempotencyKey value={formKey} />
        <div className="md:col-span-6">
          <Field id={fields.title.id} label={t("actions.addAction.title")} error={fields.title.errors}>
            <input {...getInputProps(fields.title, { type: "text" })} className={inputClass} placeholder={t("actions.addAction.titlePlaceholder")} />
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field id={fields.owner.id} label={t("actions.addAction.owner")} error={fields.owner.errors}>
            <select {...getSelectProps(fields.owner)} className={inputClass}>
              <option value="">{t("actions.addAction.choose")}</option>
              {people.map((p) => (
                <option key={p.email} value={p.email}>
                  {p.name} ({p.email})
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="md:col-span-1">
          <Field id={fields.function.id} label={t("actions.addAction.function")} error={fields.function.errors}>
            <select {...getSelectProps(fields.function)} className={inputClass}>
              {functions.length > 1 ? <option value="">{t("actions.addAction.choose")}</option> : null}
              {functions.map((fn) => (
                <option key={fn} value={fn}>
                  {fn.toUpperCase()}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="md:col-span-1">
          <Field id={fields.priority.id} label={t("actions.addAction.priority")} error={fields.priority.errors}>
            <select {...getSelectProps(fields.priority)} className={inputClass}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div className="md:col-span-2">
          <Field id={fields.due.id} label={t("actions.addAction.due")} error={fields.due.errors} hint={t("actions.addAction.dueHint")}>
            <input {...getInputProps(fields.due, { type: "date" })} className={inputClass} />
          </Field>
        </div>
        <div className="md:col-span-3">
          <Field id={fields.item.id} label={t("actions.addAction.item")} error={fields.item.errors} hint={t("actions.addAction.itemHint")}>
            <input {...getInputProps(fields.item, { type: "text" })} className={inputClass} placeholder="wallet.hot-key-rotation" />
          </Field>
        </div>
        <div className="flex items-center gap-3 md:col-span-6">
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? t("actions.addAction.adding") : t("actions.addAction.add")}
          </button>
          {reply?.note ? (
            <p role="status" className="text-sm font-semibold text-emerald-800">
              ✔ {reply.note}
            </p>
          ) : null}
        </div>
        <div className="md:col-span-6">
          <FormError errors={unplacedErrors(form, ["title", "owner", "function", "priority", "due", "item"])} />
        </div>
      </Form>
    </details>
  );
}

function EditForm({ pm, releases }: { pm: PostmortemView; releases: { id: string; name: string }[] }) {
  const { reply, busy } = useReply("edit");
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "edit",
    lastResult: reply?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: {
      title: pm.title,
      incident_at: pm.incident_at,
      severity: pm.severity,
      summary: pm.summary,
      causes: causesText(pm.causes),
      timeline: timelineText(pm.timeline),
      releases: pm.releases,
      incident_ref: pm.incident_ref ?? "",
    },
    onValidate: ({ formData }) => parseForm(formData, postmortemPageSchema),
  });
  const failed = Boolean(reply?.result.error);
  return (
    <details className={`${card} mt-6`} open={failed || undefined}>
      <summary className="cursor-pointer text-lg font-bold">{t("actions.postmortem.edit")}</summary>
      <Form method="post" {...getFormProps(form)} className="mt-4 grid max-w-4xl gap-5">
        <input type="hidden" name="intent" value="edit" />
        <PostmortemContentFields fields={fields} releases={releases} />
        <FormError errors={unplacedErrors(form, CONTENT_FIELDS)} />
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? t("actions.postmortem.saving") : t("actions.postmortem.save")}
          </button>
          {reply?.note ? <p className="text-sm text-slate-600">{reply.note}</p> : null}
        </div>
      </Form>
    </details>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
