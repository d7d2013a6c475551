import { useTranslation } from "react-i18next";
import { Gantt, GanttLegend } from "../components/gantt";
import { NoPlan } from "../components/plan";
import { usePlan } from "../lib/use-plan";

export default function GanttView() {
  const { t } = useTranslation();
  const { plan, mayReplace, campaigns } = usePlan();
  if (!plan.rows.length) return <NoPlan release={plan.release.id} mayReplace={mayReplace} />;
  const critical = plan.rows.filter((r) => !r.summary && r.projected.critical && r.status !== "done").length;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700">
          {t("plan.gantt.counts", { tasks: plan.rows.length, dependencies: plan.dependencies.length })}
          <strong className="text-red-700">{t("plan.gantt.criticalOpen", { count: critical })}</strong>
          {t("plan.gantt.asProjected")}
        </p>
        <GanttLegend campaigns={campaigns.length > 0} />
      </div>
      <Gantt
        rows={plan.rows}
        dependencies={plan.dependencies}
        start={plan.release.start_date}
        launch={plan.release.launch_date}
        today={plan.today}
        calendar={plan.release.calendar}
        campaigns={campaigns}
      />
    </div>
  );
}
