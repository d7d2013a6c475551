import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ACTION_STATUSES, isHighPriority, PRIORITIES } from "../shared/actions";
import { ActionStatusChip, Overdue, ownerLabel, PriorityChip, replyErrors, useIntent } from "../components/action-list";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { actionFormSchema, UPDATE_FIELDS, updatePatch } from "../lib/action-forms";
import { controlsFor } from "../lib/actions.server";
import { actorFor, can, requireUser } from "../lib/auth.server";
import { actorName } from "../lib/board-state";
import { replyWithError } from "../lib/form-errors";
import { useFormat } from "../lib/format";
import { parseForm, readForm } from "../lib/forms";
import { knownFunctions } from "../lib/functions.server";
import { metaT } from "../lib/i18n";
import { orNotFound } from "../lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("actions.page.meta", { priority: data.action.priority, title: data.action.title, id: data.action.id }) : "Greenlight" },
];

function actionId(param: string | undefined): number {
  const id = Number(param);
  if (!Number.isSafeInteger(id) || id < 1) throw data("No such action.", { status: 404 });
  return id;
}

/** One action item: everything about it, and the forms its reader may use. */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const action = orNotFound(() => context.actions.get(actionId(params.id)));
  const may = controlsFor(user, action);
  // The item it protects lives in one of its releases: link to the first that has it.
  const item = action.item ? (action.releases.flatMap((release) => itemIn(context, release, action.item!)).at(0) ?? null) : null;
  const releases = action.releases.map((id) => context.readiness.getRelease(id));
  const functions = releases.length ? [...new Set(releases.flatMap((r) => r.functions))] : knownFunctions(context);
  return {
    action: { ...action, may },
    releases: releases.map((r) => ({ id: r.id, name: r.name })),
    item,
    // Who may take it over, and the functions this person may move it to: only for those who manage it.
    owners: may.manage
      ? context.access.users
          .list()
          .filter((u) => !u.disabled_at)
          .map((u) => ({ email: u.email, name: u.name }))
      : [],
    functions: may.manage ? functions.filter((fn) => can(user, { type: "action.update", owner: action.owner, function: fn, manage: true })) : [],
  };
}

function itemIn(context: LoaderFunctionArgs["context"], release: string, item: string) {
  try {
    return [{ release, id: item, title: context.readiness.getItem(release, item).title }];
  } catch {
    return [];
  }
}

/**
 * The intents every page posts here: `update` (the owner: words, progress,
 * evidence link; an admin or a lead of its function: also owner, priority,
 * due date and function), `submit` (the owner hands a P0/P1 over for
 * verification) and `close` (done, or won't do with a reason). The service
 * decides; a refusal comes back with its status and nothing written.
 */
export async function action({ params, context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const id = actionId(params.id);
  const submission = parseForm(await readForm(request), actionFormSchema);
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  const { actions } = context;
  const actor = actorFor(user);
  const v = submission.value;
  try {
    switch (v.intent) {
      case "update":
        actions.update(id, updatePatch(v, submission.payload, actions.get(id)), actor);
        break;
      case "submit":
        actions.update(id, { evidence_link: v.evidence_link, status: "in_progress" }, actor);
        break;
      case "close":
        actions.close(
          id,
          v.status === "done" ? { status: "done", evidence_link: v.evidence_link, note: v.note } : { status: "wont_do", reason: v.reason },
          actor,
        );
        break;
    }
    return submission.reply({ resetForm: true });
  } catch (error) {
    return replyWithError(submission.reply, error);
  }
}

const card = "rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";

export default function ActionPage() {
  const { action: a, releases, item, owners, functions } = useLoaderData<typeof loader>();
  // A form posted without script (a fetcher form falls back to a plain post here): its answer, on this page.
  const posted = useActionData<typeof action>() as SubmissionResult<string[]> | undefined;
  const { t } = useTranslation();
  const fmt = useFormat();
  const first = releases[0];
  const crumbs = first
    ? [
        { to: `/releases/${first.id}`, label: first.name },
        { to: `/releases/${first.id}/actions`, label: t("actions.page.crumb") },
      ]
    : [{ to: "/actions", label: t("actions.mine.title") }];
  const closed = a.status === "done" || a.status === "wont_do";
  const anyForm = a.may.edit || a.may.submit || a.may.done || a.may.wontDo;
  return (
    <Page crumbs={[...crumbs, { to: `/actions/${a.id}`, label: `#${a.id}` }]}>
      <div className="flex flex-wrap items-start gap-3" data-action-page={a.id} data-status={a.status} data-overdue={a.overdue}>
        <span className="mt-2">
          <PriorityChip priority={a.priority} />
        </span>
        <h1 className="min-w-0 flex-1 text-3xl font-bold">{a.title}</h1>
        <span className="mt-1.5">
          <ActionStatusChip status={a.status} />
        </span>
      </div>
      {posted ? (
        <div className="mt-3">
          <Refusal reply={posted} fields={[]} />
        </div>
      ) : null}
      {a.overdue ? (
        <p role="status" className="mt-3 rounded-lg bg-red-700 px-4 py-2 font-bold text-white">
          {t("actions.page.overdueBanner", { due: fmt.day(a.due) })}
        </p>
      ) : null}
      <div className={`mt-6 grid gap-6 ${anyForm ? "lg:grid-cols-[3fr_2fr]" : ""}`}>
        <section className={`${card} self-start`} aria-label={t("actions.page.section")}>
          <dl className="grid grid-cols-[9rem_1fr] gap-x-4 gap-y-2 text-sm">
            <Row term={t("actions.fields.priority")}>
              {a.priority} ({isHighPriority(a.priority) ? t("actions.page.priorityHigh") : t("actions.page.priorityLow")})
            </Row>
            <Row term={t("actions.fields.owner")}>{a.owner ? `${ownerLabel(a, t)} <${a.owner}>` : ownerLabel(a, t)}</Row>
            <Row term={t("actions.fields.function")}>
              <span className="uppercase">{a.function}</span>
            </Row>
            <Row term={t("actions.fields.due")}>
              <span className={a.overdue ? "font-semibold text-red-700" : ""}>{fmt.day(a.due)}</span> {a.overdue ? <Overdue /> : null}
            </Row>
            <Row term={t("actions.fields.status")}>
              <ActionStatusChip status={a.status} />
            </Row>
            <Row term={t("actions.page.releases")}>
              {releases.length
                ? releases.map((r, i) => (
                    <span key={r.id}>
                      {i ? ", " : ""}
                      <Link to={`/releases/${r.id}`} className="underline">
                        {r.name}
                      </Link>{" "}
                      <Link to={`/releases/${r.id}/actions`} className="text-slate-500 underline">
                        {t("actions.page.itsActions")}
                      </Link>
                    </span>
                  ))
                : "—"}
            </Row>
            <Row term={t("actions.page.postmortem")}>
              {a.postmortem ? (
                <Link to={`/postmortems/${a.postmortem}`} className="underline">
                  {t("actions.page.postmortemLink", { id: a.postmortem })}
                </Link>
              ) : (
                "—"
              )}
            </Row>
            <Row term={t("actions.page.decision")}>
              {a.decision ? (
                <Link to={`/decisions/${a.decision}`} className="underline">
                  {t("actions.page.decisionLink", { id: a.decision })}
                </Link>
              ) : (
                "—"
              )}
            </Row>
            <Row term={t("actions.page.item")}>
              {item ? (
                <Link to={`/releases/${item.release}/items/${item.id}`} className="underline">
                  {item.title}
                </Link>
              ) : (
                (a.item ?? "—")
              )}
            </Row>
            <Row term={t("actions.page.evidence")}>
              {a.evidence_link ? (
                <a href={a.evidence_link} className="break-all text-sky-800 underline" rel="noreferrer noopener" target="_blank" data-evidence>
                  {a.evidence_link}
                </a>
              ) : (
                "—"
              )}
            </Row>
            {a.reason ? <Row term={a.status === "wont_do" ? t("actions.fields.reason") : t("actions.fields.note")}>{a.reason}</Row> : null}
            {closed ? (
              <Row term={t("actions.page.closed")}>
                {a.closed_at ? t("actions.page.by", { at: fmt.instant(a.closed_at), by: actorName(a.closed_by ?? "") }) : "—"}
              </Row>
            ) : null}
            <Row term={t("actions.page.created")}>{t("actions.page.by", { at: fmt.instant(a.created_at), by: actorName(a.created_by) })}</Row>
          </dl>
          <h2 className="mt-5 text-sm font-semibold uppercase tracking-wide text-slate-500">{t("actions.fields.description")}</h2>
          <p className="mt-1 whitespace-pre-wrap text-slate-800">{a.description || "—"}</p>
        </section>
        {anyForm ? (
          <div className="grid content-start gap-6">
            {a.may.submit ? <SubmitCard id={a.id} evidence={a.evidence_link} key={`submit:${a.updated_at}`} /> : null}
            {a.may.done || a.may.wontDo ? (
              <CloseCard id={a.id} high={isHighPriority(a.priority)} evidence={a.evidence_link} may={a.may} key={`close:${a.updated_at}`} />
            ) : null}
            {a.may.edit ? <EditCard action={a} owners={owners} functions={functions} key={`edit:${a.updated_at}`} /> : null}
          </div>
        ) : null}
      </div>
    </Page>
  );
}

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-semibold text-slate-600">{term}</dt>
      <dd className="text-slate-900">{children}</dd>
    </>
  );
}

/** Messages of one field of the last reply. */
const on = (reply: SubmissionResult<string[]> | undefined, field: string) => reply?.error?.[field] ?? undefined;

/** What the last reply said that no field of the form shows: a refusal, or a problem with a field the form does not have. */
function Refusal({ reply, fields }: { reply: SubmissionResult<string[]> | undefined; fields: string[] }) {
  const { t } = useTranslation();
  const errors = replyErrors(reply, t, fields);
  return errors.length ? (
    <div role="alert" className="rounded-md bg-red-50 p-3 text-sm font-medium text-red-800 ring-1 ring-red-200" data-action-error>
      ✖ {errors.join(" ")}
    </div>
  ) : null;
}

function SubmitCard({ id, evidence }: { id: number; evidence: string | null }) {
  const { fetcher, check, reply, busy } = useIntent();
  const { t } = useTranslation();
  return (
    <section className={card} aria-label={t("actions.submit.title")}>
      <h2 className="text-lg font-bold">{t("actions.submit.title")}</h2>
      <p className="text-sm text-slate-600">{t("actions.submit.intro")}</p>
      <fetcher.Form method="post" action={`/actions/${id}`} onSubmit={check} className="mt-3 grid gap-2">
        <input type="hidden" name="intent" value="submit" />
        <Field id={`submit-${id}-evidence`} label={t("actions.fields.evidence_link")} error={on(reply, "evidence_link")}>
          <input
            id={`submit-${id}-evidence`}
            name="evidence_link"
            type="url"
            required
            defaultValue={evidence ?? ""}
            placeholder="https://grafana.example.com/…"
            className={inputClass}
          />
        </Field>
        <Refusal reply={reply} fields={["evidence_link"]} />
        <button type="submit" className={buttonClass} disabled={busy} data-control="submit">
          {evidence ? t("actions.submit.update") : t("actions.submit.title")}
        </button>
      </fetcher.Form>
    </section>
  );
}

function CloseCard({ id, high, evidence, may }: { id: number; high: boolean; evidence: string | null; may: { done: boolean; wontDo: boolean } }) {
  const done = useIntent();
  const wontDo = useIntent();
  const { t } = useTranslation();
  return (
    <section className={card} aria-label={t("actions.close.title")}>
      <h2 className="text-lg font-bold">{t("actions.close.title")}</h2>
      {may.done ? (
        <done.fetcher.Form method="post" action={`/actions/${id}`} onSubmit={done.check} className="mt-3 grid gap-2">
          <input type="hidden" name="intent" value="close" />
          <input type="hidden" name="status" value="done" />
          <Field
            id={`done-${id}-evidence`}
            label={high ? t("actions.close.evidenceRequired") : t("actions.close.evidenceOptional")}
            hint={high && evidence ? t("actions.close.ownersLink") : undefined}
            error={on(done.reply, "evidence_link")}
          >
            <input
              id={`done-${id}-evidence`}
              name="evidence_link"
              type="url"
              required={high && !evidence}
              defaultValue={evidence ?? ""}
              placeholder="https://…"
              className={inputClass}
            />
          </Field>
          <Field id={`done-${id}-note`} label={t("actions.close.note")} error={on(done.reply, "note")}>
            <input id={`done-${id}-note`} name="note" className={inputClass} placeholder={t("actions.close.notePlaceholder")} />
          </Field>
          <Refusal reply={done.reply} fields={["evidence_link", "note"]} />
          <button type="submit" className={buttonClass} disabled={done.busy} data-control="done">
            {high && evidence ? t("actions.close.verified") : t("actions.close.done")}
          </button>
        </done.fetcher.Form>
      ) : null}
      {may.wontDo ? (
        <wontDo.fetcher.Form method="post" action={`/actions/${id}`} onSubmit={wontDo.check} className="mt-5 grid gap-2 border-t border-slate-200 pt-4">
          <input type="hidden" name="intent" value="close" />
          <input type="hidden" name="status" value="wont_do" />
          <Field id={`wont-${id}-reason`} label={t("actions.close.reason")} error={on(wontDo.reply, "reason")}>
            <textarea id={`wont-${id}-reason`} name="reason" rows={2} required className={inputClass} />
          </Field>
          <Refusal reply={wontDo.reply} fields={["reason"]} />
          <button
            type="submit"
            className="justify-self-start rounded-md px-4 py-2 font-semibold ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
            disabled={wontDo.busy}
            data-control="wont-do"
          >
            {t("actions.close.wontDo")}
          </button>
        </wontDo.fetcher.Form>
      ) : null}
    </section>
  );
}

/** The fields only an admin or a lead of the function changes. */
const MANAGED: readonly string[] = ["owner", "priority", "due", "function"];

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function EditCard({ action: a, owners, functions }: { action: Loaded["action"]; owners: Loaded["owners"]; functions: string[] }) {
  const { fetcher, check, reply, busy } = useIntent();
  const { t } = useTranslation();
  const saved = !busy && reply?.status === "success";
  const f = (name: string) => `edit-${a.id}-${name}`;
  return (
    <section className={card} aria-label={t("actions.edit.title")}>
      <h2 className="text-lg font-bold">{t("actions.edit.title")}</h2>
      <fetcher.Form method="post" action={`/actions/${a.id}`} onSubmit={check} className="mt-3 grid gap-1">
        <input type="hidden" name="intent" value="update" />
        <Field id={f("title")} label={t("actions.fields.title")} error={on(reply, "title")}>
          <input id={f("title")} name="title" required defaultValue={a.title} className={inputClass} />
        </Field>
        <Field id={f("description")} label={t("actions.fields.description")} error={on(reply, "description")}>
          <textarea id={f("description")} name="description" rows={3} defaultValue={a.description} className={inputClass} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id={f("status")} label={t("actions.fields.status")} error={on(reply, "status")}>
            <select id={f("status")} name="status" defaultValue={a.status} className={inputClass}>
              {ACTION_STATUSES.filter((s) => s === "open" || s === "in_progress").map((s) => (
                <option key={s} value={s}>
                  {t(`actions.status.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          {a.may.manage ? (
            <Field id={f("priority")} label={t("actions.fields.priority")} error={on(reply, "priority")}>
              <select id={f("priority")} name="priority" defaultValue={a.priority} className={inputClass}>
                {PRIORITIES.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </Field>
          ) : null}
        </div>
        <Field id={f("evidence")} label={t("actions.fields.evidence_link")} hint={t("actions.edit.emptyClears")} error={on(reply, "evidence_link")}>
          <input id={f("evidence")} name="evidence_link" type="url" defaultValue={a.evidence_link ?? ""} placeholder="https://…" className={inputClass} />
        </Field>
        {a.may.manage ? (
          <>
            <Field id={f("owner")} label={t("actions.fields.owner")} error={on(reply, "owner")}>
              <select id={f("owner")} name="owner" defaultValue={a.owner ?? ""} className={inputClass}>
                {a.owner ? null : <option value="">{t("actions.edit.noOwner", { function: a.function })}</option>}
                {owners.map((u) => (
                  <option key={u.email} value={u.email}>
                    {u.name} &lt;{u.email}&gt;
                  </option>
                ))}
              </select>
            </Field>
            <div className="grid grid-cols-2 gap-3">
              <Field id={f("due")} label={t("actions.fields.due")} error={on(reply, "due")}>
                <input id={f("due")} name="due" type="date" required defaultValue={a.due} className={inputClass} />
              </Field>
              <Field id={f("function")} label={t("actions.fields.function")} error={on(reply, "function")}>
                <select id={f("function")} name="function" defaultValue={a.function} className={inputClass}>
                  {[...new Set([a.function, ...functions])].map((fn) => (
                    <option key={fn} value={fn}>
                      {fn}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
          </>
        ) : null}
        <Refusal reply={reply} fields={a.may.manage ? [...UPDATE_FIELDS] : UPDATE_FIELDS.filter((field) => !MANAGED.includes(field))} />
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonClass} disabled={busy} data-control="update">
            {busy ? t("actions.edit.saving") : t("actions.edit.save")}
          </button>
          {saved ? (
            <span role="status" className="text-sm font-semibold text-emerald-800">
              {t("actions.edit.saved")}
            </span>
          ) : null}
        </div>
      </fetcher.Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
