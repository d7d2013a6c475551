import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { COMPUTED_KINDS, describeEvidence, describeStandard, itemDefinition } from "../shared/kinds";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { EvidenceForm } from "../components/evidence-form";
import { Leads } from "../components/leads";
import { buttonClass, inputClass, Page } from "../components/layout";
import { StatusBadge } from "../components/status";
import { actorName } from "../lib/board-state";
import { assignFormSchema, evidenceFormSchema } from "../lib/evidence-form";
import { useFormat } from "../lib/format";
import { actorFor, can, requireAllowed } from "../lib/auth.server";
import { replyWithError } from "../lib/form-errors";
import { orNotFound } from "../lib/http.server";
import { parseForm, readForm } from "../lib/forms";
import { translateMessage } from "../lib/i18n";
import { itemRoster, type ItemRoster } from "../lib/roster.server";
import { FormError } from "../components/auth-card";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.item.title} · Greenlight` : "Greenlight" }];

export function loader({ params, context, request }: LoaderFunctionArgs) {
  const { readiness, access } = context;
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => readiness.getRelease(params.release!));
  const item = orNotFound(() => readiness.getItem(release.id, params.item!));
  const mayAssign = can(user, { type: "item.assign", owner: item.owner });
  return {
    release: { id: release.id, name: release.name },
    item,
    /** Who answers for the item's function: its leads. */
    leads: context.projection.ownerNames(release.id)[item.owner],
    history: readiness.history(release.id, item.id),
    now: context.clock().toISOString(),
    /** A `roster` or `sop` item: whom it waits for. */
    waitingFor: itemRoster(context, release.id, item),
    /** A metric polled from Prometheus (ADR 022): its query and the last query's outcome. */
    source: pollSource(context, release.id, item),
    mayReport: can(user, { type: "evidence.report", owner: item.owner, assigneeId: item.assignee_id }),
    people: mayAssign
      ? access.users
          .list()
          .filter((u) => !u.disabled_at)
          .map((u) => ({ email: u.email, name: u.name }))
      : null,
  };
}

function pollSource(context: LoaderFunctionArgs["context"], release: string, item: { id: string; kind: string; config: Record<string, unknown> }) {
  const query = item.kind === "metric" ? (item.config.source as { prometheus?: string } | undefined)?.prometheus : undefined;
  if (!query) return null;
  return { query, ...(context.sources.ofRelease(release).get(item.id) ?? { checked_at: null, ok_at: null, error: null, error_at: null }) };
}

/** Two forms on this page, told apart by `intent`. */
export async function action({ params, request, context }: ActionFunctionArgs) {
  const { readiness } = context;
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const item = orNotFound(() => readiness.getItem(params.release!, params.item!));
  const form = await readForm(request);
  if (form.get("intent") === "assign") {
    const submission = parseForm(form, assignFormSchema);
    if (submission.status !== "success") return submission.reply();
    try {
      readiness.assign(params.release!, item.id, submission.value.assignee ?? null, actorFor(user));
      return submission.reply();
    } catch (error) {
      return replyWithError(submission.reply, error);
    }
  }
  const definition = itemDefinition({ ...item, maxAge: item.max_age });
  const submission = parseForm(form, evidenceFormSchema(definition));
  if (submission.status !== "success") return submission.reply();
  try {
    readiness.reportEvidence(params.release!, item.id, submission.value, actorFor(user));
    return submission.reply({ resetForm: true });
  } catch (error) {
    return replyWithError(submission.reply, error);
  }
}

export default function ItemPage() {
  const { release, item, leads, history, now, mayReport, people, waitingFor, source } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  // Two forms answer through one action: each shows only its own reply.
  const assigned = lastResult?.initialValue?.intent === "assign";
  const definition = itemDefinition({ ...item, maxAge: item.max_age });
  const at = new Date(now);
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/items/${item.id}`, label: item.id },
      ]}
    >
      <div className="grid gap-6 lg:grid-cols-[1fr_26rem]">
        {/* Below lg one column, the form before the history: what a lead on a phone came to do comes first. */}
        <div className="grid content-start gap-6 max-lg:contents">
          <section className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-item={item.id} data-status={item.status}>
            <div className="flex flex-wrap items-start justify-between gap-4">
              <div>
                <h1 className="text-2xl font-bold">{item.title}</h1>
                <p className="text-sm text-slate-500">
                  {item.id} · {t(`readiness.kind.${item.kind}`)} · {t("readiness.item.owner")}{" "}
                  <span className="font-semibold uppercase" data-owner>
                    {item.owner}
                    <Leads names={leads} />
                  </span>
                  {item.max_age ? t("readiness.item.expires", { maxAge: item.max_age }) : ""}
                </p>
              </div>
              <StatusBadge status={item.status} size="lg" />
            </div>
            <p className="mt-4 text-lg font-medium text-slate-900" data-reason>
              {translateMessage(item.reason, t)}
            </p>
            <dl className="mt-4 grid gap-2 text-sm sm:grid-cols-2">
              <div>
                <dt className="font-semibold text-slate-600">{t("readiness.item.standard")}</dt>
                <dd>{translateMessage(describeStandard(definition), t)}</dd>
              </div>
              <div>
                <dt className="font-semibold text-slate-600">{t("readiness.item.latestEvidence")}</dt>
                <dd>
                  {translateMessage(describeEvidence(definition, item.evidence), t)}
                  {item.evidence_at ? ` · ${fmt.ago(item.evidence_at, at)}` : ""}
                </dd>
              </div>
            </dl>
            {source ? (
              <div className="mt-4 border-t border-slate-200 pt-4 text-sm" data-source>
                <p className="font-semibold text-slate-600">{t("monitoring.source.title")}</p>
                <code className="mt-1 block break-all rounded bg-slate-100 px-2 py-1 font-mono text-slate-800">{source.query}</code>
                {source.error ? (
                  <p className="mt-2 rounded-md bg-red-50 px-3 py-2 text-red-900 ring-1 ring-red-200" role="status" data-source-error>
                    <span aria-hidden="true">✖ </span>
                    <strong>{t("monitoring.source.failed", { ago: source.error_at ? fmt.ago(source.error_at, at) : "" })}</strong> {source.error}
                    <br />
                    {t("monitoring.source.unchanged")}
                  </p>
                ) : (
                  <p className="mt-2 text-slate-600">
                    {source.ok_at ? t("monitoring.source.answered", { ago: fmt.ago(source.ok_at, at) }) : t("monitoring.source.notYet")}
                  </p>
                )}
              </div>
            ) : null}
          </section>

          {waitingFor ? <WaitingFor release={release.id} roster={waitingFor} /> : null}

          <section className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200 max-lg:order-last">
            <h2 className="border-b border-slate-200 bg-slate-50 px-5 py-3 text-lg font-bold">{t("readiness.item.history")}</h2>
            {history.length === 0 ? (
              <p className="p-5 text-slate-600">{t("readiness.item.noHistory")}</p>
            ) : (
              <table className="table-cards w-full text-left text-sm">
                <thead className="bg-slate-50 text-slate-600">
                  <tr>
                    <th className="px-5 py-2">{t("readiness.item.when")}</th>
                    <th className="py-2 pr-4">{t("readiness.item.who")}</th>
                    <th className="py-2 pr-4">{t("readiness.item.evidence")}</th>
                    <th className="py-2 pr-4">{t("readiness.item.result")}</th>
                  </tr>
                </thead>
                <tbody>
                  {history.map((h) => (
                    <tr key={h.seq} className="border-t border-slate-100 align-top" data-evidence-seq={h.seq}>
                      <td className="whitespace-nowrap px-5 py-3">
                        {fmt.instant(h.at)}
                        <div className="text-xs text-slate-500">#{h.seq}</div>
                      </td>
                      <td className="py-3 pr-4" data-label={t("readiness.item.who")} title={h.actor}>
                        {actorName(h.actor, h.actor_name)}
                      </td>
                      <td className="py-3 pr-4">
                        {h.type === "item.status_changed" ? (
                          <span className="italic text-slate-600">{t("readiness.item.changedWithTime")}</span>
                        ) : h.type === "item.assigned" ? (
                          <span className="italic text-slate-600">{t("readiness.item.assignment")}</span>
                        ) : (
                          translateMessage(describeEvidence(definition, h.evidence), t)
                        )}
                        {h.note ? <div className="text-slate-600">“{h.note}”</div> : null}
                        {h.link ? (
                          <a href={h.link} rel="noreferrer noopener" target="_blank" className="text-blue-700 underline">
                            {t("readiness.item.evidenceLink")}
                          </a>
                        ) : null}
                      </td>
                      <td className="py-3 pr-4">
                        {h.status ? <StatusBadge status={h.status} /> : null}
                        <div className="mt-1 text-slate-600">{translateMessage(h.reason, t)}</div>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>

        <aside className="content-start rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
          <h2 className="mb-4 text-lg font-bold">{t("readiness.item.report")}</h2>
          {COMPUTED_KINDS.has(item.kind) ? (
            <>
              <p className="text-slate-700">
                {t("readiness.item.computed")} {translateMessage(describeStandard(definition), t)}
              </p>
              {item.kind === "actions" ? (
                <Link to={`/releases/${release.id}/actions`} className="mt-3 inline-block font-semibold underline">
                  {t("readiness.item.actionsLink")}
                </Link>
              ) : item.kind === "roster" || item.kind === "sop" ? (
                <Link to={`/releases/${release.id}/roster`} className="mt-3 inline-block font-semibold underline">
                  {t("readiness.item.rosterLink")}
                </Link>
              ) : item.kind === "task" ? (
                <Link to={`/releases/${release.id}/plan`} className="mt-3 inline-block font-semibold underline">
                  {t("readiness.item.planLink")}
                </Link>
              ) : null}
            </>
          ) : mayReport ? (
            <EvidenceForm
              key={item.version}
              item={{ ...definition, version: item.version, current: (item.evidence?.stages as Record<string, string> | undefined) ?? {} }}
              lastResult={assigned ? undefined : lastResult}
            />
          ) : (
            <p className="rounded-md bg-slate-100 p-3 text-slate-700" data-read-only>
              {t("readiness.item.readOnly")}
              <strong className="uppercase">
                {item.owner}
                <Leads names={leads} />
              </strong>
              {item.assignee ? t("readiness.item.readOnlyAssigned", { name: item.assignee_name ?? item.assignee }) : ""}
              {t("readiness.item.readOnlyEnd")}
            </p>
          )}
          {people ? (
            <AssignForm
              current={item.assignee}
              people={people}
              errors={assigned ? [...(lastResult?.error?.[""] ?? []), ...(lastResult?.error?.assignee ?? [])] : []}
            />
          ) : null}
        </aside>
      </div>
    </Page>
  );
}

/** A `roster` item's people without a pass valid on launch day (and why), a `sop` item's who have not acknowledged its current revision. */
function WaitingFor({ release, roster }: { release: string; roster: ItemRoster }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const heading =
    roster.kind === "roster"
      ? t("readiness.item.missing.roster", { count: roster.people.length })
      : t("readiness.item.missing.sop", { count: roster.people.length, version: roster.version ?? "" });
  const none =
    roster.kind === "roster"
      ? t("readiness.item.missing.noneRoster")
      : roster.version === null
        ? t("readiness.item.missing.noRevision")
        : t("readiness.item.missing.noneSop", { version: roster.version });
  return (
    <section className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" data-waiting-for={roster.people.length} aria-labelledby="waiting-for">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="waiting-for" className="text-lg font-bold">
          {roster.people.length ? heading : none}
        </h2>
        <div className="flex gap-4 text-sm font-semibold">
          <Link to={`/releases/${release}/roster`} className="underline">
            {t("readiness.item.rosterLink")}
          </Link>
          {roster.kind === "sop" ? (
            <Link to={`/sops/${roster.sop}`} className="underline">
              {t("readiness.item.sopLink")}
            </Link>
          ) : null}
        </div>
      </div>
      {roster.people.length ? (
        <table className="table-cards mt-3 w-full text-left text-sm">
          <thead className="text-slate-600">
            <tr>
              <th className="py-1 pr-4">{t("readiness.item.missing.name")}</th>
              <th className="py-1 pr-4">{t("readiness.item.missing.team")}</th>
              {roster.kind === "roster" ? <th className="py-1">{t("readiness.item.missing.why")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {roster.kind === "roster"
              ? roster.people.map((p) => (
                  <tr key={p.email} className="border-t border-slate-100" data-missing={p.email}>
                    <td className="py-1 pr-4 font-semibold">{p.name}</td>
                    <td className="py-1 pr-4" data-label={t("readiness.item.missing.team")}>
                      {p.team}
                    </td>
                    <td className={`py-1 ${p.why === "expiring" ? "text-amber-800" : "text-red-800"}`} data-label={t("readiness.item.missing.why")}>
                      {p.why === "expiring" ? (
                        <>⚠ {t("readiness.item.missing.expires", { date: fmt.day(p.until ?? "") })}</>
                      ) : p.why === "not_passed" ? (
                        <>✗ {t("readiness.item.missing.notPassed")}</>
                      ) : (
                        <>— {t("readiness.item.missing.none")}</>
                      )}
                    </td>
                  </tr>
                ))
              : roster.people.map((p) => (
                  <tr key={p.email} className="border-t border-slate-100" data-missing={p.email}>
                    <td className="py-1 pr-4 font-semibold">{p.name}</td>
                    <td className="py-1 pr-4" data-label={t("readiness.item.missing.team")}>
                      {p.team}
                    </td>
                  </tr>
                ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Assign the item to a person; a refusal (an unknown person) shows under it. */
function AssignForm({ current, people, errors }: { current: string | null; people: { email: string; name: string }[]; errors: string[] }) {
  const { t } = useTranslation();
  return (
    <Form method="post" className="mt-6 border-t border-slate-200 pt-4">
      <input type="hidden" name="intent" value="assign" />
      <label htmlFor="assignee" className="block text-sm font-semibold text-slate-800">
        {t("readiness.item.assignedTo")}
      </label>
      <div className="mt-1 flex gap-2">
        <select id="assignee" name="assignee" defaultValue={current ?? ""} className={inputClass}>
          <option value="">{t("readiness.item.nobody")}</option>
          {people.map((p) => (
            <option key={p.email} value={p.email}>
              {p.name} ({p.email})
            </option>
          ))}
        </select>
        <button type="submit" className={`${buttonClass} shrink-0 whitespace-nowrap`}>
          {t("readiness.item.assign")}
        </button>
      </div>
      {errors.length ? (
        <div className="mt-2" data-assign-error>
          <FormError errors={errors} />
        </div>
      ) : null}
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
