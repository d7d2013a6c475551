import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { can, requireAllowed } from "../lib/auth.server";
import { useFormat } from "../lib/format";
import { metaT } from "../lib/i18n";
import { loadPlan } from "../lib/plan.server";
import { slackStatus, STATUS_LOOK } from "../lib/status";
import { usePlan } from "../lib/use-plan";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("plan.meta", { release: data.plan.release.name }) : "Greenlight" },
];

/** The plan pages share one loader: the WBS scheduled as planned and as projected today. */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  return {
    plan: loadPlan(context, params.release!),
    mayReplace: can(user, { type: "wbs.replace" }),
    campaigns: context.campaigns.list(params.release!).map(({ id, name, start_date, at_risk }) => ({ id, name, start_date, at_risk })),
  };
}

/** ISO weekday 1–7 → its word. */
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const tab = ({ isActive }: { isActive: boolean }) =>
  `rounded-t-lg px-4 py-2 text-sm font-semibold ${isActive ? "bg-white text-slate-900 ring-1 ring-slate-200" : "text-slate-600 hover:text-slate-900"}`;

export default function PlanLayout() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { plan, mayReplace } = usePlan();
  const { release, schedule } = plan;
  const workdays = release.calendar.workdays.map((d) => t(`plan.weekday.${WEEKDAYS[d - 1]!}`)).join(t("plan.header.daySeparator"));
  const base = `/releases/${release.id}/plan`;
  return (
    <Page
      wide
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: base, label: t("plan.crumb") },
      ]}
    >
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">{t("plan.heading")}</h1>
          <p className="text-sm text-slate-600">
            {release.name} · {t("plan.header.start", { date: fmt.day(release.start_date) })} · {t("plan.header.launch")}{" "}
            <strong>{fmt.day(release.launch_date)}</strong> · {t("plan.header.today", { date: fmt.day(plan.today) })} ·{" "}
            {t("plan.header.workdays", { days: workdays })}
            {release.calendar.holidays.length ? ` · ${t("plan.header.holidays", { count: release.calendar.holidays.length })}` : ""}
          </p>
        </div>
        {schedule ? <SlackSummary schedule={schedule} /> : null}
      </div>
      <nav aria-label={t("plan.tabs.label")} className="flex flex-wrap gap-x-1 border-b border-slate-200">
        <NavLink to={base} end className={tab}>
          {t("plan.tabs.gantt")}
        </NavLink>
        <NavLink to={`${base}/tasks`} className={tab}>
          {t("plan.tabs.tasks")}
        </NavLink>
        <NavLink to={`${base}/today`} className={tab}>
          {t("plan.tabs.today")}
        </NavLink>
        {mayReplace ? (
          <NavLink to={`${base}/import`} className={tab}>
            {t("plan.tabs.import")}
          </NavLink>
        ) : null}
        {plan.rows.length ? (
          <a href={`${base}.csv`} className="ml-auto self-center text-sm font-semibold text-slate-700 underline-offset-2 hover:underline" download>
            {t("plan.tabs.export")}
          </a>
        ) : null}
      </nav>
      <div className="pt-4">
        <Outlet />
      </div>
    </Page>
  );
}

function SlackSummary({ schedule }: { schedule: NonNullable<ReturnType<typeof usePlan>["plan"]["schedule"]> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { status, word } = slackStatus(schedule.slack_to_launch, t);
  const look = STATUS_LOOK[status];
  return (
    <div
      className="flex items-center gap-4 rounded-xl bg-white px-4 py-2 shadow-sm ring-1 ring-slate-200"
      data-plan-slack={schedule.slack_to_launch}
      data-plan-status={status}
    >
      <span className={`rounded-md px-2 py-1 text-sm font-bold ${look.badge}`}>
        <span aria-hidden="true">{look.symbol}</span> {word}
      </span>
      <dl className="grid grid-cols-[auto_auto] gap-x-3 text-sm">
        <dt className="text-slate-500">{t("plan.slack.projectedFinish")}</dt>
        <dd className="font-semibold tabular-nums">{fmt.day(schedule.projected_finish)}</dd>
        <dt className="text-slate-500">{t("plan.slack.plannedFinish")}</dt>
        <dd className="tabular-nums">{t("plan.slack.planned", { date: fmt.day(schedule.planned_finish), count: schedule.planned_slack_to_launch })}</dd>
      </dl>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
