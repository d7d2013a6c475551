import type { TFunction } from "i18next";
import { Trans, useTranslation } from "react-i18next";
import { NoPlan } from "../components/plan";
import { useFormat } from "../lib/format";
import type { PlanRow } from "../lib/plan.server";
import { usePlan } from "../lib/use-plan";

/**
 * For the daily stand-up: per function and person, what should be in hand
 * today (its projected window covers today) and what is late (past its
 * planned finish, or projected to finish after it).
 */
interface Entry {
  row: PlanRow;
  why: string;
}

export default function TodayView() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { plan, mayReplace } = usePlan();
  if (!plan.rows.length) return <NoPlan release={plan.release.id} mayReplace={mayReplace} />;
  const { today, todayOffset } = plan;
  const open = plan.rows.filter((r) => !r.summary && r.status !== "done");
  const now = open.filter((r) => r.projected.es <= todayOffset && (todayOffset < r.projected.ef || (r.duration === 0 && r.projected.es === todayOffset)));
  const late: Entry[] = open
    .filter((r) => r.planned.finish < today || r.late)
    .map((row) => ({
      row,
      why:
        row.planned.finish < today
          ? t("plan.today.due", { date: fmt.day(row.planned.finish) })
          : t("plan.today.projected", { projected: fmt.day(row.projected.finish), planned: fmt.day(row.planned.finish) }),
    }));
  const functions = [...new Set([...now, ...late.map((e) => e.row)].map((r) => r.owner ?? "—"))].sort();

  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-slate-700">
        <Trans
          i18nKey="plan.today.standUp"
          count={now.length}
          values={{ date: fmt.day(today), late: late.length }}
          components={[<strong key="date" />, <span key="late" className="font-semibold text-red-700" />]}
        />
        {late.some((e) => e.row.projected.critical) ? t("plan.today.someCritical") : ""}
        {t("plan.today.end")}
      </p>
      {functions.length === 0 ? <p className="rounded-xl bg-white p-6 text-slate-600 ring-1 ring-slate-200">{t("plan.today.nothing")}</p> : null}
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {functions.map((fn) => {
          const mine = (r: PlanRow) => (r.owner ?? "—") === fn;
          const todays = now.filter(mine);
          const lates = late.filter((e) => mine(e.row));
          return (
            <section key={fn} data-function={fn} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <h2 className="flex items-baseline justify-between text-lg font-bold uppercase">
                {fn}
                <span className="text-sm font-normal normal-case text-slate-500">{t("plan.today.counts", { today: todays.length, late: lates.length })}</span>
              </h2>
              {byPerson(t, [...lates, ...todays.filter((r) => !lates.some((e) => e.row.id === r.id)).map((row) => ({ row, why: "" }))]).map(
                ([person, entries]) => (
                  <div key={person} className="mt-3">
                    <h3 className="text-sm font-semibold text-slate-700">{person}</h3>
                    <ul className="mt-1 flex flex-col gap-1">
                      {entries.map(({ row, why }) => (
                        <li key={row.id} data-today-task={row.id} data-late={Boolean(why)} className="flex flex-wrap items-baseline gap-x-2 text-sm">
                          {why ? (
                            <span className="whitespace-nowrap rounded bg-red-700 px-1.5 text-xs font-bold uppercase text-white">
                              <span aria-hidden="true">✖</span> {t("plan.today.late")}
                            </span>
                          ) : (
                            <span className="whitespace-nowrap rounded bg-sky-700 px-1.5 text-xs font-bold uppercase text-white">{t("plan.today.today")}</span>
                          )}
                          {row.status === "blocked" ? (
                            <span className="whitespace-nowrap rounded bg-amber-300 px-1.5 text-xs font-bold uppercase text-amber-950">
                              {t("plan.today.blocked")}
                            </span>
                          ) : null}
                          <span className="font-medium">{row.name}</span>
                          <span className="text-slate-500">
                            {row.progress}% · {row.projected.critical ? t("plan.today.critical") : ""}
                            {why || t("plan.today.until", { date: fmt.day(row.projected.finish) })}
                          </span>
                        </li>
                      ))}
                    </ul>
                  </div>
                ),
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

/** Entries grouped by person, late first within each; unassigned last. */
function byPerson(t: TFunction, entries: Entry[]): [string, Entry[]][] {
  const unassigned = t("plan.today.unassigned");
  const groups = new Map<string, Entry[]>();
  for (const e of entries) groups.set(e.row.assignee ?? unassigned, [...(groups.get(e.row.assignee ?? unassigned) ?? []), e]);
  return [...groups].sort(([a], [b]) => (a === unassigned ? 1 : b === unassigned ? -1 : a.localeCompare(b)));
}
