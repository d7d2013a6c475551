import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { NavLink, Outlet } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { can, requireAllowed } from "../lib/auth.server";
import { loadPlan } from "../lib/plan.server";
import { slackStatus, STATUS_LOOK } from "../lib/status";
import { usePlan } from "../lib/use-plan";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.plan.release.name} · plan · Greenlight` : "Greenlight" }];

/** The plan pages share one loader: the WBS scheduled as planned and as projected today. */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  return { plan: loadPlan(context, params.release!), mayReplace: can(user, { type: "wbs.replace" }) };
}

const tab = ({ isActive }: { isActive: boolean }) =>
  `rounded-t-lg px-4 py-2 text-sm font-semibold ${isActive ? "bg-white text-slate-900 ring-1 ring-slate-200" : "text-slate-600 hover:text-slate-900"}`;

export default function PlanLayout() {
  const { plan, mayReplace } = usePlan();
  const { release, schedule } = plan;
  const base = `/releases/${release.id}/plan`;
  return (
    <Page
      wide
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: base, label: "Plan" },
      ]}
    >
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-bold">Plan and critical path</h1>
          <p className="text-sm text-slate-600">
            {release.name} · start {release.start_date} · launch <strong>{release.launch_date}</strong> · today {plan.today} · working days{" "}
            {release.calendar.workdays.join(",")}
            {release.calendar.holidays.length ? ` · ${release.calendar.holidays.length} holidays` : ""}
          </p>
        </div>
        {schedule ? <SlackSummary schedule={schedule} /> : null}
      </div>
      <nav aria-label="Plan views" className="flex flex-wrap gap-x-1 border-b border-slate-200">
        <NavLink to={base} end className={tab}>
          Gantt
        </NavLink>
        <NavLink to={`${base}/tasks`} className={tab}>
          Tasks
        </NavLink>
        <NavLink to={`${base}/today`} className={tab}>
          Today
        </NavLink>
        {mayReplace ? (
          <NavLink to={`${base}/import`} className={tab}>
            Import CSV
          </NavLink>
        ) : null}
        {plan.rows.length ? (
          <a href={`${base}.csv`} className="ml-auto self-center text-sm font-semibold text-slate-700 underline-offset-2 hover:underline" download>
            Export CSV
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
        <dt className="text-slate-500">Projected finish</dt>
        <dd className="font-semibold tabular-nums">{schedule.projected_finish}</dd>
        <dt className="text-slate-500">Planned finish</dt>
        <dd className="tabular-nums">
          {schedule.planned_finish} (slack {schedule.planned_slack_to_launch} d)
        </dd>
      </dl>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
