import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

/**
 * The burn-down of a release's actions: how many were open at the end of
 * each day, as steps, rendered on the server as plain SVG (no script, prints,
 * readable on a laptop). Each day is a point carrying its date and count.
 */
// Drawn at about the size it is shown on a laptop (the wider column at 1440 px), so 12 px text stays 12 px.
const W = 680;
const H = 260;
const M = { top: 24, right: 16, bottom: 40, left: 44 };

/** `2026-11-03` → `3 Nov` (11月3日): no Intl, so the server and the browser print the same. */
export function shortDate(date: string, t: TFunction): string {
  const month = Number(date.slice(5, 7));
  return t("actions.burndown.shortDate", { day: Number(date.slice(8, 10)), month: t("actions.burndown.months").split(" ")[month - 1] });
}

/** A round step for the count axis: at most about five gridlines. */
function countStep(max: number): number {
  for (const step of [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000]) if (max / step <= 5) return step;
  return Math.ceil(max / 5 / 1000) * 1000;
}

export function Burndown({ points, release }: { points: { date: string; open: number }[]; release: string }) {
  const { t } = useTranslation();
  if (!points.length) {
    return (
      <p className="rounded-lg border-2 border-dashed border-slate-300 p-6 text-center text-slate-600" data-burndown="empty">
        {t("actions.burndown.empty")}
      </p>
    );
  }
  const peak = points.reduce((best, p) => (p.open > best.open ? p : best), points[0]!);
  const step = countStep(Math.max(peak.open, 1));
  const top = Math.max(step, Math.ceil(peak.open / step) * step);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => M.left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (open: number) => M.top + plotH - (open / top) * plotH;
  // Steps: a day's count holds until the next day's.
  const line = points.map((p, i) => (i === 0 ? `M${x(0)},${y(p.open)}` : `H${x(i)}V${y(p.open)}`)).join("");
  const area = `${line}V${y(0)}H${x(0)}Z`;
  // Date labels at least 64 px apart, none within reach of the last one ("today, 2 Dec").
  const every = points.length === 1 ? 1 : Math.max(1, Math.ceil(64 / (plotW / (points.length - 1))));
  const labelled = points.map((p, i) => ({ ...p, i })).filter(({ i }) => i % every === 0 && x(points.length - 1) - x(i) >= 100);
  const first = points[0]!;
  const last = points.at(-1)!;
  const gridlines = Array.from({ length: top / step + 1 }, (_, k) => k * step);
  const titleId = `burndown-${release}-title`;
  const descId = `burndown-${release}-desc`;
  return (
    // Its text stays legible on a phone: the chart keeps its width and scrolls inside its box.
    <div className="overflow-x-auto" data-scrolls-sideways>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full min-w-[520px]"
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        data-burndown={release}
        data-points={points.length}
        data-open-today={last.open}
      >
        <title id={titleId}>{t("actions.burndown.title", { release, from: first.date, to: last.date })}</title>
        <desc id={descId}>
          {t("actions.burndown.desc", { first: first.open, from: first.date, last: last.open, to: last.date, peak: peak.open, peakDate: peak.date })}
        </desc>
        <g className="text-slate-500" fontSize="12" fill="currentColor">
          {gridlines.map((v) => (
            <g key={v}>
              <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="currentColor" strokeOpacity={v === 0 ? 0.9 : 0.2} />
              <text x={M.left - 8} y={y(v)} dy="0.32em" textAnchor="end">
                {v}
              </text>
            </g>
          ))}
          {[...labelled, { ...last, i: points.length - 1 }].map((p) => (
            <g key={p.date}>
              <line x1={x(p.i)} x2={x(p.i)} y1={y(0)} y2={y(0) + 5} stroke="currentColor" />
              <text x={x(p.i)} y={y(0) + 20} textAnchor={points.length === 1 ? "middle" : p.i === points.length - 1 ? "end" : p.i === 0 ? "start" : "middle"}>
                {p.i === points.length - 1 ? t("actions.burndown.today", { date: shortDate(p.date, t) }) : shortDate(p.date, t)}
              </text>
            </g>
          ))}
          <text x={12} y={M.top + plotH / 2} textAnchor="middle" transform={`rotate(-90 12 ${M.top + plotH / 2})`}>
            {t("actions.burndown.axis")}
          </text>
        </g>
        <path d={area} fill="#0369a1" fillOpacity={0.12} />
        <path d={line} fill="none" stroke="#0369a1" strokeWidth={2.5} strokeLinejoin="round" />
        <g fill="#0369a1">
          {points.map((p, i) => (
            <circle key={p.date} cx={x(i)} cy={y(p.open)} r={points.length > 90 ? 1.5 : 3} data-point={p.date} data-open={p.open}>
              <title>{t("actions.burndown.point", { date: p.date, n: p.open })}</title>
            </circle>
          ))}
        </g>
        <text
          x={x(points.length - 1) - (points.length === 1 ? 0 : 6)}
          y={Math.max(y(last.open) - 10, 14)}
          textAnchor={points.length === 1 ? "middle" : "end"}
          fontSize="13"
          fontWeight="700"
          fill="#0c4a6e"
        >
          {t("actions.release.open", { n: last.open })}
        </text>
      </svg>
    </div>
  );
}
