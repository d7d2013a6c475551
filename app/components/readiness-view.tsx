import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Board, BoardItem } from "../shared/board";
import { blockersByOwner } from "../shared/gate";
import type { Connection } from "../lib/board-state";
import { useFormat } from "../lib/format";
import { STATUS_LOOK } from "../lib/status";
import { Leads } from "./leads";
import { CountsText, GateBanner, LiveIndicator, StatusBadge } from "./status";
import { translateMessage } from "../lib/i18n";

/** The readiness checklist of a release; shared by the signed-in page and board links. */
export function ReadinessView({
  board,
  now,
  linkItems,
  connection,
  lastUpdateAt,
  show = () => true,
  views,
}: {
  board: Board;
  now: string;
  linkItems: boolean;
  /** The live connection; the gate is only shown while it is live. */
  connection: Connection;
  lastUpdateAt: string | null;
  /** Which items the lists show (the page's views); the gate and the counts are the whole release's. */
  show?: (item: BoardItem) => boolean;
  /** The views' controls, under the counts (on a phone, above the gate: in the first screen). */
  views?: ReactNode;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const at = new Date(now);
  const { release } = board;
  const sections = board.sections.map((section) => ({ ...section, items: section.items.filter(show) })).filter((section) => section.items.length);
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-6">
        <div>
          <h1 className="text-3xl font-bold">{release.name}</h1>
          <p className="mt-1 text-slate-600">
            {release.id} · {t("readiness.view.template", { template: release.template })} · {t("readiness.view.start", { date: fmt.day(release.start_date) })} ·{" "}
            {t("readiness.view.launch")} <strong className="text-slate-900">{fmt.day(release.launch_date)}</strong>{" "}
            {t("readiness.view.launchIn", { days: fmt.daysToLaunch(release.launch_date, at) })}
          </p>
          <div className="mt-3">
            <CountsText counts={board.totals} />
          </div>
          {views}
        </div>
        <div className="grid justify-items-end gap-2">
          <GateBanner gate={connection === "live" ? board.gate : null} />
          <LiveIndicator connection={connection} lastUpdateAt={lastUpdateAt} />
        </div>
      </div>

      <Blockers board={board} items={sections.flatMap((section) => section.items)} linkItems={linkItems} />

      <div className="mt-8 grid gap-6">
        {sections.length ? null : (
          <p className="rounded-xl bg-white p-5 text-slate-600 ring-1 ring-slate-200" data-no-items>
            {t("readiness.view.noItems")}
          </p>
        )}
        {sections.map((section) => (
          <section key={section.key} aria-labelledby={`section-${section.key}`} className="overflow-hidden rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
            <header className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 bg-slate-50 px-5 py-3">
              <h2 id={`section-${section.key}`} className="text-lg font-bold">
                {section.name}{" "}
                <span className="font-normal text-slate-500">
                  · {section.owner}
                  <Leads names={board.owner_names?.[section.owner]} />
                </span>
              </h2>
              <CountsText counts={section.counts} />
            </header>
            <table className="table-cards w-full text-left">
              <thead className="sr-only">
                <tr>
                  <th>{t("readiness.view.columns.status")}</th>
                  <th>{t("readiness.view.columns.item")}</th>
                  <th>{t("readiness.view.columns.owner")}</th>
                  <th>{t("readiness.view.columns.reason")}</th>
                  <th>{t("readiness.view.columns.evidenceAge")}</th>
                </tr>
              </thead>
              <tbody>
                {section.items.map((item) => (
                  <tr
                    key={item.id}
                    data-item={item.id}
                    data-status={item.status}
                    className={`border-b border-l-8 border-slate-100 last:border-b-0 ${STATUS_LOOK[item.status].row}`}
                  >
                    <td className="w-32 py-3 pl-4 align-top">
                      <StatusBadge status={item.status} />
                    </td>
                    <td className="py-3 pr-4 align-top">
                      {linkItems ? (
                        <Link to={`/releases/${release.id}/items/${item.id}`} className="font-semibold text-slate-900 underline-offset-2 hover:underline">
                          {item.title}
                        </Link>
                      ) : (
                        <span className="font-semibold text-slate-900">{item.title}</span>
                      )}
                      <div className="text-xs text-slate-500">
                        {item.id} · {t(`readiness.kind.${item.kind}`)}
                        {item.assignee ? t("readiness.view.assignedTo", { name: item.assignee_name ?? item.assignee }) : ""}
                      </div>
                    </td>
                    <td className="w-28 py-3 pr-4 align-top text-sm font-medium uppercase text-slate-700" data-label={t("readiness.view.columns.owner")}>
                      {item.owner}
                      <Leads names={board.owner_names?.[item.owner]} block />
                    </td>
                    <td className="py-3 pr-4 align-top text-slate-800">{translateMessage(item.reason, t)}</td>
                    <td
                      className="w-28 py-3 pr-4 text-right align-top text-sm text-slate-600"
                      title={item.evidence_at ?? t("readiness.view.noEvidence")}
                      data-label={t("readiness.view.columns.evidenceAge")}
                    >
                      {fmt.ago(item.evidence_at, at)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </>
  );
}

/** What keeps the gate closed, first and by owner: who has what left to do, before the whole checklist. */
function Blockers({ board, items, linkItems }: { board: Board; items: BoardItem[]; linkItems: boolean }) {
  const { t } = useTranslation();
  const groups = blockersByOwner(items);
  if (!groups.length) return null;
  const count = groups.reduce((n, group) => n + group.items.length, 0);
  return (
    <section aria-labelledby="blockers" data-blockers={count} className="mt-8 rounded-xl bg-white p-5 shadow-sm ring-2 ring-red-200">
      <h2 id="blockers" className="text-xl font-bold">
        {t("readiness.view.blockers", { count })}
      </h2>
      <div className="mt-3 grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {groups.map((group) => (
          <div key={group.owner} data-blocker-owner={group.owner}>
            <h3 className="text-sm font-bold uppercase tracking-wide text-slate-600">
              {group.owner}
              <Leads names={board.owner_names?.[group.owner]} />
              {` · ${group.items.length}`}
            </h3>
            <ul className="mt-1 grid gap-1.5">
              {group.items.map((item) => (
                <li key={item.id} data-blocker={item.id} className="flex items-start gap-2">
                  <StatusBadge status={item.status} />
                  <div className="min-w-0">
                    {linkItems ? (
                      <Link to={`/releases/${board.release.id}/items/${item.id}`} className="font-semibold text-slate-900 underline-offset-2 hover:underline">
                        {item.title}
                      </Link>
                    ) : (
                      <span className="font-semibold text-slate-900">{item.title}</span>
                    )}
                    <div className="text-sm text-slate-700">
                      {translateMessage(item.reason, t)}
                      {item.assignee ? <span className="text-slate-500">{` · ${item.assignee_name ?? item.assignee}`}</span> : null}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </section>
  );
}
