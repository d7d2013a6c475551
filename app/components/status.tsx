import { useTranslation } from "react-i18next";
import type { Counts, Gate } from "../shared/gate";
import type { Status } from "../shared/kinds";
import type { Connection } from "../lib/board-state";
import { STATUS_LOOK, STATUS_ORDER, TV_STATUS } from "../lib/status";

export function StatusBadge({ status, size = "md" }: { status: Status; size?: "md" | "lg" }) {
  const { t } = useTranslation();
  const look = STATUS_LOOK[status];
  const sizing = size === "lg" ? "px-3 py-1.5 text-base" : "px-2 py-0.5 text-sm";
  return (
    <span className={`inline-flex min-w-24 items-center justify-center gap-1.5 rounded-md font-semibold ${sizing} ${look.badge}`} data-status-badge={status}>
      <span aria-hidden="true">{look.symbol}</span>
      {t(`common.status.${status}`)}
    </span>
  );
}

/** The gate; `null` when this page is not live, so it cannot claim to know. */
export function GateBanner({ gate }: { gate: Gate | null }) {
  const { t } = useTranslation();
  if (!gate) {
    return (
      <div data-gate="unknown" className="rounded-xl bg-slate-600 px-6 py-4 text-white shadow">
        <div className="text-2xl font-black tracking-wide">{t("board.gate.unknown")}</div>
        <div className="text-slate-200">{t("board.gate.notConnected")}</div>
      </div>
    );
  }
  return gate.open ? (
    <div data-gate="open" className="rounded-xl bg-emerald-700 px-6 py-4 text-white shadow">
      <div className="text-2xl font-black tracking-wide">{t("board.gate.open")}</div>
      <div className="text-emerald-100">{t("board.gate.everyGreen")}</div>
    </div>
  ) : (
    <div data-gate="closed" className="rounded-xl bg-red-700 px-6 py-4 text-white shadow">
      <div className="text-2xl font-black tracking-wide">{t("board.gate.closed", { count: gate.blocking })}</div>
      <div className="text-red-100">{t("board.gate.opensWhen")}</div>
    </div>
  );
}

/** A proportional bar with the counts written out beside it. */
export function CountsBar({ counts }: { counts: Counts }) {
  return (
    <div className="flex items-center gap-3">
      <div className="flex h-3 w-40 overflow-hidden rounded-full bg-slate-200" aria-hidden="true">
        {STATUS_ORDER.map((s) => (counts[s] ? <div key={s} className={STATUS_LOOK[s].bar} style={{ width: `${(counts[s] / counts.total) * 100}%` }} /> : null))}
      </div>
      <CountsText counts={counts} />
    </div>
  );
}

export function CountsText({ counts }: { counts: Counts }) {
  const { t } = useTranslation();
  return (
    <span className="flex flex-wrap gap-x-3 text-sm text-slate-700">
      {STATUS_ORDER.map((s) => (
        <span key={s} className="whitespace-nowrap">
          <span aria-hidden="true">{STATUS_LOOK[s].symbol}</span> {counts[s]} {t(`common.status.${s}`).toLowerCase()}
        </span>
      ))}
    </span>
  );
}

export function LiveIndicator({ connection, lastUpdateAt }: { connection: Connection; lastUpdateAt: string | null }) {
  const { t } = useTranslation();
  if (connection === "live") {
    return (
      <span className="flex items-center gap-2 text-sm font-semibold text-emerald-700" data-connection="live">
        <span className="inline-block h-2.5 w-2.5 rounded-full bg-emerald-500" aria-hidden="true" /> {t("board.connection.live")}
      </span>
    );
  }
  return (
    <span role="status" className="rounded-md bg-amber-200 px-2 py-0.5 text-sm font-semibold text-amber-950" data-connection={connection}>
      ⚠{" "}
      {connection === "disconnected"
        ? lastUpdateAt
          ? t("board.connection.disconnectedSinceUtc", { time: lastUpdateAt.slice(11, 19) })
          : t("board.connection.disconnected")
        : t("board.connection.connecting")}
    </span>
  );
}

/** A section's worst status as a square chip: its symbol on the status colour, its word for the tooltip and screen readers. */
export function WorstChip({ status }: { status: Status }) {
  const { t } = useTranslation();
  return (
    <span
      data-chip={status}
      className={`inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-md ${TV_STATUS[status]}`}
      title={t(`common.status.${status}`)}
    >
      <span aria-hidden="true">{STATUS_LOOK[status].symbol}</span>
      <span className="sr-only">{t(`common.status.${status}`)}</span>
    </span>
  );
}
