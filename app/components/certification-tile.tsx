import { useTranslation } from "react-i18next";
import type { Board } from "../shared/board";
import { STATUS_ORDER, TV_STATUS } from "../lib/status";
import { WorstChip } from "./status";

/**
 * The market makers' certification on the board, one line each (SPEC 12.4):
 * the item's status as the server evaluated it, its name, stages passed of
 * the total and the partner's version. The rows come from the board's items
 * that carry a certification tally (server/readiness/items.ts), worst
 * first. On a short screen the rows give way after the late tasks' and the
 * actions' rows (those tiles keep their counts), and the whole tile last of
 * all, so the ticker keeps its room.
 */
export function CertificationTile({ board }: { board: Board }) {
  const { t } = useTranslation();
  const partners = board.sections
    .flatMap((s) => s.items.filter((i) => i.certification))
    .sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status));
  if (!partners.length) return null;
  const certified = partners.filter((p) => p.status === "green").length;
  const worst = partners[0]!.status;
  return (
    // The column (app/lib/use-fit.ts) hides the children of a `data-give-way` element: here, the tile itself.
    <div data-give-way="4" className="contents">
      <section
        aria-label={t("certification.tile.title")}
        data-certification-tile
        data-certified={certified}
        className="flex shrink-0 flex-col rounded-xl bg-slate-900 px-3 py-2 ring-1 ring-slate-800 tv:p-4"
      >
        <div className="flex shrink-0 items-center justify-between gap-3 text-xl">
          <h2 className="truncate font-bold uppercase tracking-wide text-slate-300">{t("certification.tile.title")}</h2>
          <span className={`whitespace-nowrap rounded-md px-2 font-black tabular-nums ${TV_STATUS[worst]}`}>
            {t("certification.tile.certified", { certified, count: partners.length })}
          </span>
        </div>
        <ul data-give-way="3" className="flex flex-col gap-1 pt-1 tv:pt-2">
          {partners.map((p) => (
            <li key={p.id} data-tile-partner={p.id} data-status={p.status} className="flex min-w-0 items-center gap-2 text-xl">
              <WorstChip status={p.status} />
              <span className="min-w-0 flex-1 truncate font-bold text-white" title={p.title}>
                {p.title}
              </span>
              <span className="shrink-0 tabular-nums text-white">
                {t("certification.tile.passed", { passed: p.certification!.passed, total: p.certification!.total })}
              </span>
              {p.certification!.version ? (
                <span className="max-w-[6rem] shrink-0 truncate text-slate-300 tv:max-w-[9rem]" title={p.certification!.version}>
                  {t("certification.tile.version", { version: p.certification!.version })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
