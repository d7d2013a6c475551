import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { POSTMORTEM_STATUSES, postmortemListQuery, SEVERITIES } from "../shared/actions";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, inputClass, Page } from "../components/layout";
import { PostmortemStatusBadge, SeverityBadge, useFormatAt } from "../components/postmortem";
import { can, requireUser } from "../lib/auth.server";
import { metaT } from "../lib/i18n";
import { ownersFor, releaseChoices } from "../lib/postmortems.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("actions.postmortems.meta") }];

const FILTERS = ["status", "severity", "release", "owner"] as const;

/** The post-mortems, newest incident first, filtered by the query string (the filters form is a GET). */
export function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const params = new URL(request.url).searchParams;
  // An empty select is no filter.
  const filters = Object.fromEntries(FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  const query = postmortemListQuery.safeParse(filters);
  if (!query.success) throw data(`Bad filter: ${query.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, { status: 400 });
  return {
    postmortems: context.postmortems.list(query.data),
    filters,
    releases: releaseChoices(context).map(({ id, name }) => ({ id, name })),
    people: ownersFor(context).map(({ email, name }) => ({ email, name })),
    mayCreate: can(user, { type: "postmortem.create" }),
  };
}

export default function Postmortems() {
  const { postmortems, filters, releases, people, mayCreate } = useLoaderData<typeof loader>();
  const names = new Map(releases.map((r) => [r.id, r.name]));
  const filtered = Object.keys(filters).length > 0;
  const { t } = useTranslation();
  const formatAt = useFormatAt();
  return (
    <Page crumbs={[{ to: "/postmortems", label: t("actions.postmortems.title") }]}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("actions.postmortems.title")}</h1>
          <p className="text-slate-600">{t("actions.postmortems.intro")}</p>
        </div>
        {mayCreate ? (
          <Link to="/postmortems/new" className={buttonClass}>
            {t("actions.postmortems.new")}
          </Link>
        ) : null}
      </div>

      <Form
        method="get"
        key={JSON.stringify(filters)}
        className="mt-6 flex flex-wrap items-end gap-3 rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200"
        aria-label={t("actions.postmortems.filters")}
      >
        <Filter
          label={t("actions.postmortems.status")}
          name="status"
          value={filters.status}
          options={POSTMORTEM_STATUSES.map((s) => [s, t(`common.postmortemStatus.${s}`)])}
        />
        <Filter label={t("actions.postmortems.severity")} name="severity" value={filters.severity} options={SEVERITIES.map((s) => [s, s])} />
        <Filter label={t("actions.postmortems.release")} name="release" value={filters.release} options={releases.map((r) => [r.id, r.name])} />
        <Filter label={t("actions.postmortems.owner")} name="owner" value={filters.owner} options={people.map((p) => [p.email, p.name])} />
        <button type="submit" className={buttonClass}>
          {t("actions.postmortems.filter")}
        </button>
        {filtered ? (
          <Link to="/postmortems" className="px-2 py-2 text-sm font-semibold underline">
            {t("actions.postmortems.clear")}
          </Link>
        ) : null}
      </Form>

      {postmortems.length === 0 ? (
        <div className="mt-6 rounded-xl border-2 border-dashed border-slate-300 p-10 text-center text-slate-600">
          {filtered ? t("actions.postmortems.noMatch") : t("actions.postmortems.none")}
        </div>
      ) : (
        <div className="mt-6 overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="table-cards w-full text-left">
            <thead className="border-b border-slate-300 text-sm text-slate-600">
              <tr>
                <th className="px-4 py-2">{t("actions.postmortems.severity")}</th>
                <th className="px-4 py-2">{t("actions.postmortems.postmortem")}</th>
                <th className="px-4 py-2">{t("actions.postmortems.status")}</th>
                <th className="px-4 py-2">{t("actions.postmortems.incident")}</th>
                <th className="px-4 py-2">{t("actions.postmortems.releases")}</th>
                <th className="px-4 py-2">{t("actions.postmortems.owner")}</th>
                <th className="px-4 py-2 text-right">{t("actions.postmortems.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {postmortems.map((pm) => (
                <tr key={pm.id} className="border-b border-slate-100 align-top last:border-0" data-postmortem={pm.id}>
                  <td className="px-4 py-3">
                    <SeverityBadge severity={pm.severity} />
                  </td>
                  <td className="px-4 py-3">
                    <Link to={`/postmortems/${pm.id}`} className="font-semibold underline decoration-slate-300 hover:decoration-slate-900">
                      {pm.title}
                    </Link>
                    <div className="text-xs text-slate-500">#{pm.id}</div>
                  </td>
                  <td className="px-4 py-3">
                    <PostmortemStatusBadge status={pm.status} />
                  </td>
                  <td className="whitespace-nowrap px-4 py-3 text-sm tabular-nums" data-label={t("actions.postmortems.incident")}>
                    {formatAt(pm.incident_at)}
                  </td>
                  <td className="px-4 py-3 text-sm" data-label={t("actions.postmortems.releases")}>
                    {pm.releases.map((r) => names.get(r) ?? r).join(", ") || "—"}
                  </td>
                  <td className="px-4 py-3 text-sm" data-label={t("actions.postmortems.owner")}>
                    {pm.owner_name}
                  </td>
                  <td
                    className="px-4 py-3 text-right text-sm tabular-nums"
                    data-actions={`${pm.actions.open}/${pm.actions.total}`}
                    data-label={t("actions.postmortems.actions")}
                  >
                    <span className={pm.actions.open ? "font-bold" : "text-slate-600"}>{pm.actions.open}</span> / {pm.actions.total}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}

function Filter({ label, name, value, options }: { label: string; name: string; value: string | undefined; options: [string, string][] }) {
  const { t } = useTranslation();
  return (
    <label className="text-sm font-semibold text-slate-800">
      {label}
      <select name={name} defaultValue={value ?? ""} className={`${inputClass} mt-1 !w-48`}>
        <option value="">{t("actions.postmortems.any")}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
