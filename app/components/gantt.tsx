import { useEffect, useMemo, useRef, useState, type ReactElement } from "react";
import { useTranslation } from "react-i18next";
import type { CalendarSpec } from "../shared/schedule/calendar";
import type { DependencyInput } from "../shared/schedule/cpm";
import { addDays, daysBetween } from "../shared/time";
import { useFormat } from "../lib/format";
import type { PlanRow } from "../lib/plan.server";

/**
 * The Gantt chart: bars on a calendar-day axis (weekends and holidays
 * shaded), today's projection as the bar and the plan as a thin baseline
 * under it, dependency arrows, the critical path in red, today and launch
 * lines. Server-rendered SVG. Only the rows in view (and a margin around
 * them) are drawn, so a plan of thousands of tasks costs what a screenful
 * does; the names column and the date header stay in view while scrolling.
 */
const ROW = 30;
const HEADER = 46;
const NAMES_WIDTH = 340;
/** Rows drawn before the browser has measured the view (the server render), and beyond it on each side. */
const FIRST_ROWS = 100;
const OVERSCAN = 30;

const COLOUR = {
  critical: "#dc2626",
  normal: "#0369a1",
  done: "#059669",
  summary: "#1e293b",
  baseline: "#94a3b8",
  link: "#94a3b8",
  criticalLink: "#dc2626",
  today: "#2563eb",
  launch: "#9f1239",
  weekend: "#e2e8f0",
  holiday: "#fef3c7",
};

/** Campaign start markers (ADR 024), apart from today's and the launch's colours. */
const CAMPAIGN = "#7c3aed";

interface Props {
  rows: PlanRow[];
  dependencies: DependencyInput[];
  start: string;
  launch: string;
  today: string;
  calendar: CalendarSpec;
  /** Campaign starts (ADR 024): a flag in the header and a line down the chart, red when the campaign is at risk. */
  campaigns?: { id: string; name: string; start_date: string; at_risk: boolean }[];
}

/** ISO weekday 1–7 of a date. */
const weekday = (date: string) => ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
/** Month keys under `plan.months`, January first. */
export const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"] as const;

/** Where a bar begins and ends on the axis, in pixels (a milestone is a point at the start of its day). */
function spanOf(r: PlanRow, which: "planned" | "projected", first: string, day: number) {
  const s = r[which];
  const x = (date: string) => daysBetween(first, date) * day;
  const milestone = !r.summary && r.duration === 0;
  return { from: x(s.start), to: milestone ? x(s.start) : x(s.finish) + day };
}

export function Gantt({ rows, dependencies, start, launch, today, calendar, campaigns = [] }: Props) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const dates = rows.flatMap((r) => [r.planned.start, r.planned.finish, r.projected.start, r.projected.finish]);
  // Campaigns within a month of the plan widen the chart to show their flags; one further out would only squeeze the plan.
  const near = campaigns.map((c) => c.start_date).filter((d) => d >= addDays(start, -30) && d <= addDays(launch, 30));
  const first = addDays(
    [start, ...dates, ...near].reduce((a, b) => (a < b ? a : b)),
    -1,
  );
  const last = addDays(
    [launch, today, ...dates, ...near].reduce((a, b) => (a > b ? a : b)),
    3,
  );
  const days = daysBetween(first, last) + 1;
  const marked = campaigns.filter((c) => c.start_date >= first && c.start_date <= last);
  const day = days > 180 ? 8 : days > 90 ? 12 : 20;
  const width = days * day;
  const height = rows.length * ROW;
  const x = (date: string) => daysBetween(first, date) * day;
  const holidays = new Set(calendar.holidays);
  const workdays = new Set(calendar.workdays);

  const offDays: { date: string; holiday: boolean }[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    if (holidays.has(date)) offDays.push({ date, holiday: true });
    else if (!workdays.has(weekday(date))) offDays.push({ date, holiday: false });
  }

  const span = (r: PlanRow, which: "planned" | "projected") => spanOf(r, which, first, day);

  const links = useMemo(() => {
    const index = new Map(rows.map((r, i) => [r.id, i]));
    const span = (r: PlanRow, which: "planned" | "projected") => spanOf(r, which, first, day);
    return dependencies.flatMap((d, k) => {
      const from = index.get(d.from);
      const to = index.get(d.to);
      if (from === undefined || to === undefined) return [];
      const p = span(rows[from]!, "projected");
      const s = span(rows[to]!, "projected");
      const x1 = d.type === "SS" || d.type === "SF" ? p.from : p.to;
      const x2 = d.type === "FF" || d.type === "SF" ? s.to : s.from;
      const y1 = from * ROW + ROW / 2;
      const y2 = to * ROW + ROW / 2;
      const bend = (from < to ? from + 1 : from) * ROW;
      const critical = rows[from]!.projected.critical && rows[to]!.projected.critical && rows[to]!.status !== "done";
      return [
        { key: k, link: `${d.from}>${d.to}`, d: `M${x1},${y1}h6V${bend}H${x2 - 8}V${y2}H${x2}`, critical, top: Math.min(from, to), bottom: Math.max(from, to) },
      ];
    });
  }, [dependencies, rows, first, day]);

  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ from: 0, to: Math.min(rows.length, FIRST_ROWS) });
  useEffect(() => {
    const element = scroller.current!;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const top = Math.max(0, element.scrollTop - HEADER);
      const from = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
      const to = Math.min(rows.length, Math.ceil((top + element.clientHeight) / ROW) + OVERSCAN);
      setView((v) => (v.from === from && v.to === to ? v : { from, to }));
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    element.addEventListener("scroll", onScroll, { passive: true });
    window.addEventListener("resize", onScroll);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener("scroll", onScroll);
      window.removeEventListener("resize", onScroll);
    };
  }, [rows.length]);
  const shown = rows.slice(view.from, view.to);

  return (
    <div
      ref={scroller}
      className="overflow-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200"
      style={{ maxHeight: "calc(100vh - 15rem)" }}
      data-gantt={rows.length}
      // The chart is as wide as the plan is long: it scrolls inside its box, never the page.
      data-scrolls-sideways
      data-gantt-view={`${view.from}-${view.to}`}
    >
      <div className="grid" style={{ gridTemplateColumns: `${NAMES_WIDTH}px ${width}px` }}>
        <div
          className="sticky left-0 top-0 z-30 flex items-end border-b border-r border-slate-200 bg-white px-3 pb-1 text-xs font-semibold uppercase tracking-wide text-slate-500"
          style={{ height: HEADER }}
        >
          {t("plan.gantt.namesHeader")}
        </div>
        <svg className="sticky top-0 z-20 bg-white" width={width} height={HEADER} aria-hidden="true">
          <DateHeader first={first} days={days} day={day} />
          <line x1={x(today)} x2={x(today)} y1={HEADER - 14} y2={HEADER} stroke={COLOUR.today} strokeWidth={2} />
          <line x1={x(launch)} x2={x(launch)} y1={HEADER - 14} y2={HEADER} stroke={COLOUR.launch} strokeWidth={2} />
          {marked.map((c) => (
            <g key={c.id} data-campaign-flag={c.id}>
              <title>{t("campaigns.gantt.marker", { name: c.name, date: c.start_date })}</title>
              <path d={`M${x(c.start_date)} ${HEADER - 16} v-12 h10 l-3 4 l3 4 h-10`} fill={c.at_risk ? COLOUR.launch : CAMPAIGN} />
            </g>
          ))}
        </svg>

        <ol
          className="gantt-names sticky left-0 z-10 border-r border-slate-200 bg-white"
          aria-label={t("plan.gantt.tasks")}
          style={{ paddingTop: view.from * ROW, paddingBottom: (rows.length - view.to) * ROW }}
        >
          {shown.map((r) => (
            <li key={r.id} data-summary={r.summary || undefined} style={{ paddingLeft: 12 + r.depth * 16 }} title={`${r.name} (${r.id})`}>
              {r.projected.critical && !r.summary && r.status !== "done" ? (
                <span className="gantt-tag bg-red-700 text-white">{t("plan.tag.critical")}</span>
              ) : null}
              <span className="truncate">{r.name}</span>
              {r.late ? <span className="gantt-tag bg-amber-300 text-amber-950">{t("plan.tag.late")}</span> : null}
              <span className="ml-auto shrink-0 text-xs uppercase text-slate-500">{r.owner ?? ""}</span>
            </li>
          ))}
        </ol>

        <svg width={width} height={height} role="img" aria-label={t("plan.gantt.chart", { count: rows.length })} className="gantt-rows block">
          <defs>
            <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0 L8,4 L0,8 z" fill={COLOUR.link} />
            </marker>
            <marker id="arrow-critical" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto">
              <path d="M0,0 L8,4 L0,8 z" fill={COLOUR.criticalLink} />
            </marker>
          </defs>
          {offDays.map(({ date, holiday }) => (
            <rect
              key={date}
              x={x(date)}
              y={0}
              width={day}
              height={height}
              fill={holiday ? COLOUR.holiday : COLOUR.weekend}
              data-off-day={holiday ? "holiday" : "weekend"}
            >
              <title>{t(holiday ? "plan.gantt.holiday" : "plan.gantt.weekend", { date: fmt.day(date) })}</title>
            </rect>
          ))}
          {[false, true].map((criticalGroup) => (
            // Arrows share their look per group: a few thousand of them carry only their path.
            <g
              key={String(criticalGroup)}
              fill="none"
              stroke={criticalGroup ? COLOUR.criticalLink : COLOUR.link}
              strokeWidth={criticalGroup ? 1.75 : 1}
              markerEnd={`url(#${criticalGroup ? "arrow-critical" : "arrow"})`}
            >
              {links
                .filter((l) => l.critical === criticalGroup && l.top < view.to && l.bottom >= view.from)
                .map((l) => (
                  <path key={l.key} d={l.d} data-link={l.link} />
                ))}
            </g>
          ))}

          {shown.map((r, k) => {
            const y = (view.from + k) * ROW;
            const now = span(r, "projected");
            const plan = span(r, "planned");
            const critical = r.projected.critical && r.status !== "done";
            const fill = r.summary ? COLOUR.summary : r.status === "done" ? COLOUR.done : critical ? COLOUR.critical : COLOUR.normal;
            const label = t("plan.gantt.bar", {
              name: r.name,
              projectedStart: fmt.day(r.projected.start),
              projectedFinish: fmt.day(r.projected.finish),
              plannedStart: fmt.day(r.planned.start),
              plannedFinish: fmt.day(r.planned.finish),
              float: r.projected.total_float,
            });
            return (
              <g key={r.id} data-task={r.id} data-critical={critical} data-late={r.late} data-start={r.projected.start} data-finish={r.projected.finish}>
                <title>{label}</title>
                {!r.summary && r.duration > 0 ? <rect x={plan.from} y={y + 22} width={plan.to - plan.from} height={4} rx={2} fill={COLOUR.baseline} /> : null}
                {r.summary ? (
                  <path d={`M${now.from},${y + 9} H${now.to} V${y + 19} l-5,-4 H${now.from + 5} l-5,4 z`} fill={fill} />
                ) : r.duration === 0 ? (
                  <path d={`M${now.from},${y + 5} l8,9 l-8,9 l-8,-9 z`} fill={fill} stroke="white" />
                ) : (
                  <>
                    <rect x={now.from} y={y + 6} width={now.to - now.from} height={14} rx={3} fill={fill} />
                    {r.progress > 0 && r.progress < 100 ? (
                      <rect x={now.from} y={y + 15} width={((now.to - now.from) * r.progress) / 100} height={5} rx={2} fill="#000" fillOpacity={0.35} />
                    ) : null}
                  </>
                )}
              </g>
            );
          })}

          <line x1={x(today)} x2={x(today)} y1={0} y2={height} stroke={COLOUR.today} strokeWidth={2} data-today={today} />
          <line x1={x(launch)} x2={x(launch)} y1={0} y2={height} stroke={COLOUR.launch} strokeWidth={2.5} strokeDasharray="6 4" data-launch={launch} />
          {marked.map((c) => (
            <line
              key={c.id}
              x1={x(c.start_date)}
              x2={x(c.start_date)}
              y1={0}
              y2={height}
              stroke={c.at_risk ? COLOUR.launch : CAMPAIGN}
              strokeWidth={1.5}
              strokeDasharray="2 3"
              data-campaign-start={c.start_date}
            >
              <title>{t("campaigns.gantt.marker", { name: c.name, date: c.start_date })}</title>
            </line>
          ))}
        </svg>
      </div>
    </div>
  );
}

function DateHeader({ first, days, day }: { first: string; days: number; day: number }) {
  const { t } = useTranslation();
  const labels: ReactElement[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    const [year, month, dom] = date.split("-").map(Number) as [number, number, number];
    if (dom === 1 || i === 0) {
      labels.push(
        <text key={`m${date}`} x={i * day + 3} y={14} className="fill-slate-700 text-[11px] font-semibold">
          {t("plan.monthYear", { month: t(`plan.months.${MONTHS[month - 1]!}`), year })}
        </text>,
      );
    }
    // Every day when there is room, else Mondays.
    if (day >= 16 || weekday(date) === 1) {
      labels.push(
        <text key={`d${date}`} x={i * day + day / 2} y={HEADER - 18} textAnchor={day >= 16 ? "middle" : "start"} className="fill-slate-500 text-[10px]">
          {dom}
        </text>,
      );
    }
  }
  return <>{labels}</>;
}

/** What the colours, marks and lines mean, in words; the campaign flag when the chart shows campaigns. */
export function GanttLegend({ campaigns = false }: { campaigns?: boolean }) {
  const { t } = useTranslation();
  const swatch = (colour: string) => <span className="inline-block h-3 w-6 rounded-sm" style={{ background: colour }} aria-hidden="true" />;
  return (
    <ul className="flex flex-wrap items-center gap-x-5 gap-y-1 text-sm text-slate-700" aria-label={t("plan.gantt.legend.label")}>
      <li className="flex items-center gap-1.5">
        {swatch(COLOUR.critical)} {t("plan.gantt.legend.critical")}
      </li>
      <li className="flex items-center gap-1.5">
        {swatch(COLOUR.normal)} {t("plan.gantt.legend.float")}
      </li>
      <li className="flex items-center gap-1.5">
        {swatch(COLOUR.done)} {t("plan.gantt.legend.done")}
      </li>
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-1 w-6 rounded-sm" style={{ background: COLOUR.baseline }} aria-hidden="true" /> {t("plan.gantt.legend.baseline")}
      </li>
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-4 w-0.5" style={{ background: COLOUR.today }} aria-hidden="true" /> {t("plan.gantt.legend.today")}
      </li>
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-4 w-0.5 border-l-2 border-dashed" style={{ borderColor: COLOUR.launch }} aria-hidden="true" />{" "}
        {t("plan.gantt.legend.launch")}
      </li>
      <li className="flex items-center gap-1.5">
        {swatch(COLOUR.weekend)} {t("plan.gantt.legend.weekend")}
      </li>
      <li className="flex items-center gap-1.5">
        {swatch(COLOUR.holiday)} {t("plan.gantt.legend.holiday")}
      </li>
      <li className="flex items-center gap-1.5">{t("plan.gantt.legend.milestone")}</li>
      {campaigns ? (
        <li className="flex items-center gap-1.5">
          <span className="inline-block h-4 w-0.5 border-l-2 border-dotted" style={{ borderColor: CAMPAIGN }} aria-hidden="true" />{" "}
          {t("campaigns.gantt.legend")}
        </li>
      ) : null}
    </ul>
  );
}
