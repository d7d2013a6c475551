import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Page } from "../components/layout";
import { CountsBar } from "../components/status";
import { can, requireUser } from "../lib/auth.server";
import { useFormat } from "../lib/format";
import { metaT } from "../lib/i18n";

export const meta: MetaFunction = ({ matches }) => {
  const t = metaT(matches);
  return [{ title: `${t("readiness.list.title")} · ${t("common.product")}` }];
};

export function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const digest = context.actions.digest(user.email);
  const mine = digest.digests[0];
  return {
    releases: context.readiness.listReleases(),
    now: context.clock().toISOString(),
    mayCreate: can(user, { type: "release.create" }),
    // The sign-in reminder (SPEC 11): this person's overdue actions and those due within two working days.
    digest: mine ? { overdue: mine.overdue.length, dueSoon: mine.due_soon.length, dueBy: digest.due_by } : null,
  };
}

export default function Releases() {
  const { releases, now, mayCreate, digest } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Page>
      {digest ? <DigestBanner {...digest} /> : null}
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("readiness.list.title")}</h1>
          <p className="text-slate-600">{t("readiness.list.intro")}</p>
        </div>
        {mayCreate ? (
          <Link to="/releases/new" className={buttonClass}>
            {t("readiness.list.create")}
          </Link>
        ) : null}
      </div>
      {releases.length === 0 ? (
        <div className="mt-10 rounded-xl border-2 border-dashed border-slate-300 p-10 text-center text-slate-600">{t("readiness.list.empty")}</div>
      ) : (
        <ul className="mt-6 grid gap-4">
          {releases.map((r) => (
            <li key={r.id} data-release={r.id}>
              <Link
                to={`/releases/${r.id}`}
                className="flex flex-wrap items-center gap-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200 hover:ring-slate-400"
              >
                <div
                  data-gate={r.gate.open ? "open" : "closed"}
                  className={`w-48 rounded-lg px-3 py-2 text-center font-black text-white ${r.gate.open ? "bg-emerald-700" : "bg-red-700"}`}
                >
                  {r.gate.open ? t("readiness.list.gateOpen") : t("readiness.list.gateClosed", { count: r.gate.blocking })}
                </div>
                <div className="min-w-64 flex-1">
                  <div className="text-xl font-bold">{r.name}</div>
                  <div className="text-sm text-slate-600">
                    {t("readiness.list.details", {
                      id: r.id,
                      template: r.template,
                      launch: fmt.day(r.launch_date),
                      days: fmt.daysToLaunch(r.launch_date, new Date(now)),
                    })}
                  </div>
                </div>
                <CountsBar counts={r.counts} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

function DigestBanner({ overdue, dueSoon, dueBy }: { overdue: number; dueSoon: number; dueBy: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Link
      to="/actions"
      role="status"
      className={`mb-6 flex flex-wrap items-center gap-x-3 gap-y-1 rounded-xl px-5 py-3 font-bold shadow-sm ring-1 ${overdue ? "bg-red-50 text-red-900 ring-red-300" : "bg-amber-50 text-amber-950 ring-amber-300"} hover:ring-slate-500`}
      data-digest
      data-digest-overdue={overdue}
      data-digest-due-soon={dueSoon}
    >
      <span>
        {[
          overdue ? t("readiness.list.overdue", { count: overdue }) : null,
          dueSoon ? t("readiness.list.dueSoon", { count: dueSoon, date: fmt.day(dueBy) }) : null,
        ]
          .filter(Boolean)
          .join(t("readiness.list.separator"))}
      </span>
      <span aria-hidden="true">—</span>
      <span className="underline">{t("common.header.myActions")}</span>
    </Link>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
