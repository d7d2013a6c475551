import { useTranslation } from "react-i18next";
import type { BoardCampaigns } from "../shared/board";
import { TV_STATUS } from "../lib/status";
import { campaignReason } from "../lib/campaign-words";

/**
 * The campaigns at risk on the board (SPEC 13, ADR 024): each one's name,
 * start (date and T-n) and first reason, soonest first, as the server's
 * projection computed them; absent when none is at risk (a TV has no room
 * for good news twice: the schedule tile already says when the plan is on
 * track). On a short screen the rows give way after the certification rows, and
 * the tile itself after the certification tile.
 */
export function CampaignsTile({ campaigns }: { campaigns: BoardCampaigns | undefined }) {
  const { t } = useTranslation();
  if (!campaigns?.count) return null;
  const others = campaigns.count - campaigns.at_risk.length;
  const first = campaigns.at_risk[0]!;
  return (
    <div data-give-way="5" className="contents">
      <section
        aria-label={t("campaigns.tile.title")}
        data-campaigns-tile
        data-campaigns-at-risk={campaigns.count}
        className="flex shrink-0 flex-col rounded-xl bg-slate-900 px-3 py-2 ring-1 ring-slate-800 tv:p-4"
      >
        <div className="flex shrink-0 items-center justify-between gap-3 text-xl">
          <h2 className="truncate font-bold uppercase tracking-wide text-slate-300">{t("campaigns.tile.title")}</h2>
          <span className={`whitespace-nowrap rounded-md px-2 font-black tabular-nums ${TV_STATUS.red}`}>
            <span aria-hidden="true">✖ </span>
            {t("campaigns.tile.count", { count: campaigns.count })}
          </span>
        </div>
        {/* The soonest one's name and start stay when the column is short; the reasons and the others give way. */}
        <p className="flex min-w-0 items-baseline gap-2 pt-1 text-xl tv:pt-2" data-tile-first={first.id}>
          <span className="min-w-0 flex-1 truncate font-bold text-white" title={first.name}>
            {first.name}
          </span>
          <span className="shrink-0 tabular-nums text-slate-300">
            {first.start_date} · {first.start_offset}
          </span>
        </p>
        <ul data-give-way="3.5" className="flex flex-col gap-1">
          {campaigns.at_risk.map((c, i) => (
            <li key={c.id} data-tile-campaign={c.id} className="text-xl">
              {i > 0 ? (
                <span className="flex min-w-0 items-baseline gap-2">
                  <span className="min-w-0 flex-1 truncate font-bold text-white" title={c.name}>
                    {c.name}
                  </span>
                  <span className="shrink-0 tabular-nums text-slate-300">
                    {c.start_date} · {c.start_offset}
                  </span>
                </span>
              ) : null}
              <span className="block truncate text-red-300" title={campaignReason(c.reason, t)} data-tile-reason>
                {campaignReason(c.reason, t)}
                {c.more_reasons ? <span className="text-slate-300"> · {t("campaigns.tile.more", { count: c.more_reasons })}</span> : null}
              </span>
            </li>
          ))}
          {others > 0 ? <li className="truncate text-xl text-slate-300">{t("campaigns.tile.others", { count: others })}</li> : null}
        </ul>
      </section>
    </div>
  );
}
