import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isOpen, PRIORITIES, type Priority } from "../shared/actions";
import { ActionList, PriorityChip } from "../components/action-list";
import { Burndown } from "../components/burndown";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import type { ActionWithControls } from "../lib/action-forms";
import { withControls } from "../lib/actions.server";
import { requireAllowed } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { metaT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("actions.release.meta", { release: data.release.name }) : "Greenlight" },
];

/**
 * A release's action items for the PMO: the open ones by function, then by
 * priority, overdue first (the service's order); how many per function and
 * priority; the burn-down; the closed ones folded away below.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  const actions = withControls(user, context.actions.list({ release: release.id }));
  const open = actions.filter((a) => isOpen(a.status));
  return {
    release: { id: release.id, name: release.name },
    groups: byFunction(open, release.functions),
    closed: actions.filter((a) => !isOpen(a.status)),
    overdue: open.filter((a) => a.overdue).length,
    burndown: context.actions.burndown(release.id),
  };
}

interface FunctionGroup {
  function: string;
  count: Record<Priority, number>;
  overdue: number;
  priorities: { priority: Priority; actions: ActionWithControls[] }[];
}

/** Open actions per function (the release's order, then any other), then per priority; each list keeps the service's order. */
function byFunction(open: ActionWithControls[], functions: string[]): FunctionGroup[] {
  const names = [...new Set([...functions, ...open.map((a) => a.function)])];
  return names.flatMap((fn) => {
    const mine = open.filter((a) => a.function === fn);
    if (!mine.length) return [];
    const priorities = PRIORITIES.map((priority) => ({ priority, actions: mine.filter((a) => a.priority === priority) }));
    return [
      {
        function: fn,
        count: Object.fromEntries(priorities.map((p) => [p.priority, p.actions.length])) as Record<Priority, number>,
        overdue: mine.filter((a) => a.overdue).length,
        priorities: priorities.filter((p) => p.actions.length),
      },
    ];
  });
}

// min-w-0: a grid cell may shrink below the chart's width, which then scrolls inside it.
const card = "min-w-0 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";

export default function ReleaseActions() {
  const { release, groups, closed, overdue, burndown } = useLoaderData<typeof loader>();
  const open = groups.reduce((n, g) => n + PRIORITIES.reduce((m, p) => m + g.count[p], 0), 0);
  const { t } = useTranslation();
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/actions`, label: t("actions.release.title") },
      ]}
    >
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("actions.release.title")}</h1>
          <p className="text-slate-600">
            {release.name}: <strong data-open-count={open}>{t("actions.release.open", { n: open })}</strong>
            {overdue ? (
              <strong className="text-red-700" data-overdue-count={overdue}>
                {" "}
                · {t("actions.release.overdue", { n: overdue })}
              </strong>
            ) : null}{" "}
            · {t("actions.release.closed", { n: closed.length })}
          </p>
        </div>
        <div className="flex gap-4 text-sm font-semibold">
          <a href={`/releases/${release.id}/actions.csv`} className="underline" download data-export-csv>
            {t("actions.release.exportCsv")}
          </a>
          <Link to="/actions" className="underline">
            {t("actions.release.myActions")}
          </Link>
        </div>
      </div>

      <div className="mt-6 grid gap-6 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section className={card} aria-labelledby="counts">
          <h2 id="counts" className="text-lg font-bold">
            {t("actions.release.counts")}
          </h2>
          {groups.length ? <Counts groups={groups} /> : <p className="mt-2 text-slate-600">{t("actions.release.noOpen")}</p>}
        </section>
        <section className={card} aria-labelledby="burndown">
          <h2 id="burndown" className="text-lg font-bold">
            {t("actions.release.burndown")}
          </h2>
          <div className="mt-3">
            <Burndown points={burndown} release={release.id} />
          </div>
        </section>
      </div>

      <div className="mt-8 grid gap-8">
        {groups.map((g) => (
          <section key={g.function} aria-labelledby={`fn-${g.function}`} data-function-group={g.function}>
            <h2 id={`fn-${g.function}`} className="flex flex-wrap items-baseline gap-3 text-xl font-bold">
              <span className="uppercase">{g.function}</span>
              <span className="text-base font-normal text-slate-600">
                {t("actions.release.open", { n: PRIORITIES.reduce((n, p) => n + g.count[p], 0) })}
                {g.overdue ? <strong className="text-red-700"> · {t("actions.release.overdue", { n: g.overdue })}</strong> : null}
              </span>
            </h2>
            <div className="mt-2 grid gap-3">
              {g.priorities.map((p) => (
                <div key={p.priority} data-priority-group={p.priority}>
                  <ActionList actions={p.actions} showFunction={false} label={`${g.function} ${p.priority}`} empty={t("actions.release.none")} />
                </div>
              ))}
            </div>
          </section>
        ))}
      </div>

      <details className="mt-8" data-closed-section>
        <summary className="cursor-pointer text-lg font-bold">{t("actions.release.closedActions", { n: closed.length })}</summary>
        <div className="mt-3">
          <ActionList actions={closed} label={t("actions.release.closedLabel")} empty={t("actions.release.noneClosed")} />
        </div>
      </details>
    </Page>
  );
}

function Counts({ groups }: { groups: FunctionGroup[] }) {
  const { t } = useTranslation();
  const total = (g: FunctionGroup) => PRIORITIES.reduce((n, p) => n + g.count[p], 0);
  const cell = "px-1.5 py-1.5 text-right tabular-nums sm:px-2";
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="table-cards w-full text-sm" data-counts>
        <thead className="border-b border-slate-300 text-slate-600">
          <tr>
            <th className="px-2 py-1.5 text-left">{t("actions.release.function")}</th>
            {PRIORITIES.map((p) => (
              <th key={p} className={cell}>
                <PriorityChip priority={p} />
              </th>
            ))}
            <th className={cell}>{t("actions.release.openColumn")}</th>
            <th className={cell}>{t("actions.release.overdueColumn")}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.function} className="border-b border-slate-100" data-counts-row={g.function}>
              <th className="px-2 py-1.5 text-left font-semibold uppercase">
                <a href={`#fn-${g.function}`} className="underline">
                  {g.function}
                </a>
              </th>
              {PRIORITIES.map((p) => (
                <td key={p} className={`${cell} ${g.count[p] ? "font-semibold" : "text-slate-400"}`} data-label={p} data-count={p}>
                  {g.count[p] || "–"}
                </td>
              ))}
              <td className={`${cell} font-bold`} data-label={t("actions.release.openColumn")}>
                {total(g)}
              </td>
              <td
                className={`${cell} ${g.overdue ? "font-bold text-red-700" : "text-slate-400"}`}
                data-label={t("actions.release.overdueColumn")}
                data-count="overdue"
              >
                {g.overdue ? `✖ ${g.overdue}` : "–"}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="font-bold">
            <th className="px-2 py-1.5 text-left">{t("actions.release.all")}</th>
            {PRIORITIES.map((p) => (
              <td key={p} className={cell} data-label={p}>
                {groups.reduce((n, g) => n + g.count[p], 0)}
              </td>
            ))}
            <td className={cell} data-label={t("actions.release.openColumn")}>
              {groups.reduce((n, g) => n + total(g), 0)}
            </td>
            <td className={`${cell} ${groups.some((g) => g.overdue) ? "text-red-700" : ""}`} data-label={t("actions.release.overdueColumn")}>
              {groups.reduce((n, g) => n + g.overdue, 0)}
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
