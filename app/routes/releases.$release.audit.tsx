import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { AuditPage } from "../lib/audit.server";
import { AppError } from "../shared/errors";
import { isValidIsoDate } from "../shared/time";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { actorFor, can, requireAllowed } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { parseForm, readForm } from "../lib/forms";
import { metaT, translateMessage } from "../lib/i18n";
import { retentionFormSchema, RETENTION_DAYS_MAX, type RetentionView } from "../shared/retention";
import { useFormat } from "../lib/format";
import { orNotFound } from "../lib/http.server";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: data ? `${t("admin.audit.meta", { release: data.release.name })} · ${t("common.product")}` : t("common.product") }];
};

type Problem = { path: string; message: string };

export function loader({ params, context, request }: LoaderFunctionArgs) {
  const release = params.release!;
  requireAllowed(context, request, { type: "audit.read", release });
  const { audit } = context;
  const options = orNotFound(() => audit.filterOptions(release));
  const query = Object.fromEntries(new URL(request.url).searchParams);
  let page: AuditPage = { rows: [], next: null };
  let problems: Problem[] = [];
  try {
    page = audit.list(release, query);
  } catch (error) {
    if (!(error instanceof AppError && error.status === 422)) throw error;
    problems = error.details as Problem[];
  }
  const body = {
    ...options,
    query,
    page,
    problems,
    chain: audit.verify(release, { incremental: true }),
    retention: context.retention.view(release),
    canSetRetention: can(context.principal, { type: "retention.manage" }),
  };
  return problems.length ? data(body, { status: 400 }) : body;
}

/** An admin sets how long repeated readings are kept (ADR 010). */
export async function action({ context, request, params }: ActionFunctionArgs) {
  const admin = requireAllowed(context, request, { type: "retention.manage" });
  const submission = parseForm(await readForm(request), retentionFormSchema);
  if (submission.status !== "success") return { result: submission.reply() };
  try {
    context.retention.set(params.release!, { compact_after_days: submission.value.compact_after_days ?? null }, actorFor(admin));
    return { result: submission.reply() };
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error);
    return data({ result }, { status });
  }
}

const FILTERS = ["actor", "type", "item", "from", "to"] as const;

/** A link's query string: the current filters, plus `extra` (paging). */
function searchOf(query: Record<string, string>, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (query[key]) params.set(key, query[key]);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const search = params.toString();
  return search ? `?${search}` : "";
}

export default function AuditTrail() {
  const { release, actors, items, types, query, page, problems, chain, retention, canSetRetention } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const base = `/releases/${release.id}/audit`;
  const problemOf = (field: string) => problems.filter((p) => p.path === field).map((p) => p.message);
  const invalid = (field: string) => (problemOf(field).length ? { "aria-invalid": true, "aria-describedby": `${field}-error` } : {});
  // Problems the form cannot show beside a field (paging parameters in a hand-made URL).
  const otherProblems = problems.filter((p) => !(FILTERS as readonly string[]).includes(p.path));
  const paging: Record<string, string> = query.limit ? { limit: query.limit } : {};
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: base, label: t("admin.audit.title") },
      ]}
    >
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("admin.audit.title")}</h1>
          <p className="mt-1 text-slate-600">{t("admin.audit.intro", { release: release.name })}</p>
        </div>
        <a href={`/releases/${release.id}/audit.csv${searchOf(query)}`} download className={buttonClass} data-csv-link>
          {t("admin.audit.csv")}
        </a>
      </div>

      {chain.ok ? (
        <p data-chain="ok" className="mt-4 rounded-md bg-emerald-50 px-4 py-2 font-medium text-emerald-900 ring-1 ring-emerald-200">
          {t("admin.audit.chain.ok", { seq: chain.through })}
          {chain.from && !chain.partial ? (
            <span className="font-normal text-emerald-800">{t("admin.audit.chain.incremental", { from: chain.from, checked: chain.checked })}</span>
          ) : null}
          {chain.partial ? (
            <span className="font-normal text-emerald-800">{t("admin.audit.chain.partial", { command: "npx greenlight audit verify" })}</span>
          ) : null}
        </p>
      ) : (
        <p role="alert" data-chain="broken" className="mt-4 rounded-md bg-red-700 px-4 py-3 font-semibold text-white shadow">
          {t("admin.audit.chain.broken", { seq: chain.seq, problem: chain.problem })}
        </p>
      )}

      <RetentionPanel retention={retention} canSet={canSetRetention} />

      <Form
        method="get"
        key={JSON.stringify(query)}
        className="mt-6 grid items-start gap-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-3 lg:grid-cols-6"
      >
        <Field id="actor" label={t("admin.audit.who")} error={problemOf("actor")}>
          <select id="actor" name="actor" defaultValue={query.actor ?? ""} className={inputClass} {...invalid("actor")}>
            <option value="">{t("admin.audit.anyone")}</option>
            {actors.map((a) => (
              <option key={a.label} value={a.label}>
                {a.name === a.label ? a.label : `${a.name} (${a.label})`}
              </option>
            ))}
          </select>
        </Field>
        <Field id="type" label={t("admin.audit.type")} error={problemOf("type")}>
          <select id="type" name="type" defaultValue={query.type ?? ""} className={inputClass} {...invalid("type")}>
            <option value="">{t("admin.audit.anyType")}</option>
            {types.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </Field>
        <Field id="item" label={t("admin.audit.item")} error={problemOf("item")}>
          <select id="item" name="item" defaultValue={query.item ?? ""} className={inputClass} {...invalid("item")}>
            <option value="">{t("admin.audit.anyItem")}</option>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.id} · {i.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id="from" label={t("admin.audit.from")} error={problemOf("from")}>
          <input
            type={dateOrText(query.from)}
            id="from"
            name="from"
            defaultValue={query.from ?? ""}
            placeholder="YYYY-MM-DD"
            className={inputClass}
            {...invalid("from")}
          />
        </Field>
        <Field id="to" label={t("admin.audit.to")} error={problemOf("to")}>
          <input
            type={dateOrText(query.to)}
            id="to"
            name="to"
            defaultValue={query.to ?? ""}
            placeholder="YYYY-MM-DD"
            className={inputClass}
            {...invalid("to")}
          />
        </Field>
        <div className="flex gap-2 sm:mt-6">
          <button type="submit" className={buttonClass}>
            {t("admin.audit.filter")}
          </button>
          <Link to={base} className="inline-flex items-center px-2 font-semibold text-slate-700 underline-offset-2 hover:underline">
            {t("admin.audit.clear")}
          </Link>
        </div>
      </Form>

      {otherProblems.length ? (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-4 py-3 text-red-800 ring-1 ring-red-200">
          {t("admin.audit.invalidQuery", {
            problems: otherProblems.map((p) => `${p.path || t("admin.audit.query")}: ${translateMessage(p.message, t)}`).join("; "),
          })}
        </p>
      ) : null}

      <section className="mt-6 overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
        {page.rows.length === 0 ? (
          <p className="p-5 text-slate-600">{problems.length ? t("admin.audit.fixFilter") : t("admin.audit.empty")}</p>
        ) : (
          <table className="table-cards w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="whitespace-nowrap px-5 py-2">{t("admin.audit.seq")}</th>
                <th className="py-2 pr-4">{t("admin.audit.time")}</th>
                <th className="py-2 pr-4">{t("admin.audit.who")}</th>
                <th className="py-2 pr-4">{t("admin.audit.type")}</th>
                <th className="py-2 pr-4">{t("admin.audit.item")}</th>
                <th className="py-2 pr-4">{t("admin.audit.change")}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={row.seq} data-audit-seq={row.seq} className="border-t border-slate-100 align-top">
                  <td className="px-5 py-3 font-mono text-slate-600">#{row.seq}</td>
                  <td className="whitespace-nowrap py-3 pr-4" title={row.at} data-label={t("admin.audit.time")}>
                    {fmt.instant(row.at)}
                  </td>
                  <td className="py-3 pr-4">
                    <div className="font-semibold text-slate-900">{row.actor_name}</div>
                    {row.actor_name !== row.actor ? <div className="text-xs text-slate-500">{row.actor}</div> : null}
                  </td>
                  <td className="whitespace-nowrap py-3 pr-4 font-mono text-xs text-slate-700" data-label={t("admin.audit.type")}>
                    {row.type}
                  </td>
                  <td className="py-3 pr-4" data-label={t("admin.audit.item")}>
                    {row.item ? (
                      <Link to={`/releases/${release.id}/items/${row.item}`} className="text-slate-900 underline-offset-2 hover:underline">
                        {row.item}
                      </Link>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                  <td className="py-3 pr-4 text-slate-800">{row.change}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <nav aria-label={t("admin.audit.pages")} className="mt-4 flex gap-4 text-sm font-semibold">
        {query.before ? (
          <Link to={`${base}${searchOf(query, paging)}`} className="text-slate-700 underline-offset-2 hover:underline">
            {t("admin.audit.newest")}
          </Link>
        ) : null}
        {page.next ? (
          <Link to={`${base}${searchOf(query, { ...paging, before: String(page.next) })}`} className="text-slate-700 underline-offset-2 hover:underline">
            {t("admin.audit.older")}
          </Link>
        ) : null}
      </nav>
    </Page>
  );
}

/** What the release keeps: said to everyone who reads the trail; set by an admin. */
function RetentionPanel({ retention, canSet }: { retention: RetentionView; canSet: boolean }) {
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const errors = actionData?.result.error ?? {};
  const { compact_after_days: days, compacted } = retention;
  return (
    <section
      data-retention={days ?? "all"}
      className="mt-4 flex flex-wrap items-start justify-between gap-4 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200"
    >
      <div className="max-w-2xl">
        <h2 className="text-lg font-bold">{t("admin.audit.retention.title")}</h2>
        <p className="text-slate-700">{days === null ? t("admin.audit.retention.all") : t("admin.audit.retention.days", { days })}</p>
        {compacted.removed ? (
          <p className="mt-1 text-sm text-slate-600" data-compacted={compacted.removed}>
            {compacted.last_at
              ? t("admin.audit.retention.compactedLast", {
                  removed: fmt.number(compacted.removed),
                  through: compacted.through,
                  at: fmt.instant(compacted.last_at),
                })
              : t("admin.audit.retention.compacted", { removed: fmt.number(compacted.removed), through: compacted.through })}
          </p>
        ) : null}
      </div>
      {canSet ? (
        <Form method="post" className="flex items-start gap-2">
          <input type="hidden" name="intent" value="retention" />
          <Field
            id="compact_after_days"
            label={t("admin.audit.retention.label")}
            hint={t("admin.audit.retention.hint")}
            error={errors.compact_after_days ?? errors[""] ?? undefined}
          >
            <input
              type="number"
              id="compact_after_days"
              name="compact_after_days"
              min={1}
              max={RETENTION_DAYS_MAX}
              step={1}
              defaultValue={days ?? ""}
              className={inputClass}
              {...(errors.compact_after_days ? { "aria-invalid": true, "aria-describedby": "compact_after_days-error" } : {})}
            />
          </Field>
          <button type="submit" className={`${buttonClass} mt-6`}>
            {t("admin.audit.retention.save")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** A date picker, unless the URL holds something else (an instant, a typo), which a date picker would silently drop. */
function dateOrText(value: string | undefined): "date" | "text" {
  return !value || isValidIsoDate(value) ? "date" : "text";
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
