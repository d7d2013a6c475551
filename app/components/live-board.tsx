import { useCallback, useEffect, useMemo, useState } from "react";
import type { BoardActions } from "../shared/actions";
import type { Board, BoardItem, BoardSchedule } from "../shared/board";
import { COMPUTED_KINDS, type Status } from "../shared/kinds";
import type { Presence } from "../shared/protocol";
import { formatAge } from "../shared/time";
import type { BoardState } from "../lib/board-state";
import { MeetingStrip, type Viewer } from "./meeting-strip";
import { slackStatus, STATUS_LOOK, STATUS_ORDER } from "../lib/status";

/**
 * The Go/No-Go board for the meeting-room TV (1920×1080, read from 3 m):
 * the gate first and largest, then what blocks it, worst first. Status is
 * colour, symbol and word. Disconnected, it greys out and never shows the
 * gate as open.
 */
const TV_STATUS: Record<Status, string> = {
  red: "bg-red-600 text-white",
  amber: "bg-amber-400 text-slate-950",
  pending: "bg-slate-600 text-white",
  green: "bg-emerald-600 text-white",
};

/** Measured at 1920×1080: a row with its gap, and everything above and below the list. */
const ROW_HEIGHT_PX = 94;
const CHROME_HEIGHT_PX = 380;
const AUTO_PAGE_MS = 12_000;
/** The actions tile lists the three most urgent; the rest are counted. */
const ACTIONS_SHOWN_ON_TV = 3;
/** The schedule tile's list fits three tasks beside the sections and the ticker on a 1080-line screen. */
const LATE_SHOWN_ON_TV = 3;

export function LiveBoard({
  state,
  presence,
  now,
  screen,
  autoPageDefault,
  viewer = null,
}: {
  state: BoardState;
  presence: Presence | null;
  now: Date;
  /** The board-link screen's name, when shown through a link. */
  screen?: string;
  autoPageDefault: boolean;
  /** Who is looking, when signed in: the presenter gets the meeting's controls. */
  viewer?: Viewer | null;
}) {
  const board = state.board!;
  const live = state.connection === "live";
  const meeting = board.meeting?.status === "live" ? board.meeting : null;
  /** A follower who stepped away from the presenter's section. */
  const [away, setAway] = useState<string | null>(null);
  const shownSection = meeting ? (away ?? meeting.agenda[meeting.current]!) : null;
  const all = useMemo(() => sortedItems(board), [board]);
  const items = useMemo(() => (shownSection ? all.filter((i) => i.section === shownSection) : all), [all, shownSection]);
  const [perPage, setPerPage] = useState(10);
  const [page, setPage] = useState(0);
  const [autoPage, setAutoPage] = useState(autoPageDefault);
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const current = Math.min(page, pages - 1);
  const [celebrating, setCelebrating] = useState(false);

  useEffect(() => {
    const fit = () => setPerPage(Math.max(4, Math.floor((window.innerHeight - CHROME_HEIGHT_PX) / ROW_HEIGHT_PX)));
    fit();
    window.addEventListener("resize", fit);
    return () => window.removeEventListener("resize", fit);
  }, []);

  const turn = useCallback((by: number) => setPage((p) => (((Math.min(p, pages - 1) + by) % pages) + pages) % pages), [pages]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
      if (event.key === "f") void toggleFullscreen();
      else if (event.key === "ArrowRight" || event.key === "ArrowDown" || event.key === "PageDown") turn(1);
      else if (event.key === "ArrowLeft" || event.key === "ArrowUp" || event.key === "PageUp") turn(-1);
      else if (event.key === "a") setAutoPage((a) => !a);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [turn]);

  useEffect(() => {
    if (!autoPage || pages < 2) return;
    const timer = setInterval(() => turn(1), AUTO_PAGE_MS);
    return () => clearInterval(timer);
  }, [autoPage, pages, turn]);

  useEffect(() => {
    if (state.gateOpenedAt === null) return;
    setCelebrating(true);
    const timer = setTimeout(() => setCelebrating(false), 5000);
    return () => clearTimeout(timer);
  }, [state.gateOpenedAt]);

  const shown = items.slice(current * perPage, current * perPage + perPage);

  return (
    <div data-connection={state.connection} className="flex min-h-screen flex-col gap-5 bg-slate-950 p-8 text-slate-100">
      <header className="flex flex-wrap items-center gap-x-8 gap-y-2">
        <div>
          <h1 className="text-4xl font-black tracking-tight">{board.release.name}</h1>
          <p className="text-xl text-slate-300">
            Launch <strong className="text-white">{board.release.launch_date}</strong> · <Countdown launch={board.release.launch_date} now={now} />
          </p>
        </div>
        <div className="ml-auto flex items-center gap-6 text-lg">
          <ConnectionPill state={state} />
          {screen ? <span className="text-slate-400">Screen: {screen}</span> : null}
          <Watching presence={presence} />
          <button
            type="button"
            onClick={() => void toggleFullscreen()}
            className="rounded-lg px-4 py-2 font-semibold ring-2 ring-slate-600 hover:bg-slate-800"
            title="Fullscreen (f)"
          >
            Fullscreen (f)
          </button>
        </div>
      </header>

      {live && board.phase === "go" && !board.gate.open ? (
        <div
          role="alert"
          data-alarm="after-go"
          className="rounded-2xl bg-red-600 px-8 py-4 text-5xl font-black tracking-tight text-white ring-8 ring-red-300 motion-safe:animate-pulse"
        >
          ⚠ GATE CLOSED AFTER GO — stop the rollout
        </div>
      ) : null}

      <div className={live ? "" : "grayscale"}>
        <Gate board={board} live={live} celebrating={celebrating} lastUpdateAt={state.lastUpdateAt} connection={state.connection} />
      </div>

      {meeting && shownSection ? (
        <MeetingStrip
          board={board}
          meeting={meeting}
          viewer={viewer}
          now={now}
          shown={shownSection}
          onShow={(key) => {
            setAway(key);
            setPage(0);
          }}
        />
      ) : null}

      <div className={`grid flex-1 grid-cols-[1fr_30rem] gap-6 ${live ? "" : "opacity-50 grayscale"}`}>
        <section aria-label="Readiness items" className="flex flex-col">
          <div className="mb-2 flex items-baseline justify-between text-lg text-slate-400">
            <span>
              {shownSection
                ? `${board.sections.find((x) => x.key === shownSection)?.name ?? shownSection}: ${items.filter((i) => i.status !== "green").length} not green of ${items.length} · worst first`
                : `${board.totals.total - board.totals.green} not green of ${board.totals.total} · worst first`}
            </span>
            <span className="flex items-center gap-4">
              <span data-page={`${current + 1}/${pages}`}>
                Page {current + 1} of {pages}
              </span>
              <button
                type="button"
                onClick={() => setAutoPage((a) => !a)}
                className="rounded-md px-3 py-1 ring-1 ring-slate-600 hover:bg-slate-800"
                aria-pressed={autoPage}
                title="Automatic paging (a)"
              >
                Auto paging: {autoPage ? "on" : "off"} (a)
              </button>
            </span>
          </div>
          <ul className="flex flex-col gap-2">
            {shown.map((item) => (
              <ItemRow key={item.id} item={item} now={now} flash={state.flashes[item.id]} />
            ))}
          </ul>
        </section>
        <aside className="flex flex-col gap-5">
          <Sections board={board} />
          {board.meeting || board.votes.length ? <VotesTile board={board} /> : null}
          <ActionsTile actions={board.actions} />
          {board.schedule ? <ScheduleTile schedule={board.schedule} /> : null}
          <Ticker state={state} now={now} />
        </aside>
      </div>
    </div>
  );
}

function sortedItems(board: Board): BoardItem[] {
  return board.sections
    .flatMap((s) => s.items)
    .map((item, index) => ({ item, index }))
    .sort((a, b) => STATUS_ORDER.indexOf(a.item.status) - STATUS_ORDER.indexOf(b.item.status) || a.index - b.index)
    .map(({ item }) => item);
}

function Gate({
  board,
  live,
  celebrating,
  lastUpdateAt,
  connection,
}: {
  board: Board;
  live: boolean;
  celebrating: boolean;
  lastUpdateAt: string | null;
  connection: BoardState["connection"];
}) {
  if (!live) {
    return (
      <div data-gate="unknown" role="status" className="rounded-2xl bg-slate-700 px-10 py-7 text-white">
        <div className="text-7xl font-black tracking-tight">? GATE UNKNOWN</div>
        <div className="mt-2 text-2xl text-slate-200">
          {connection === "disconnected" ? "Disconnected" : "Connecting"}
          {lastUpdateAt ? ` — last update ${lastUpdateAt.slice(11, 19)} UTC` : ""}. This screen is not live.
        </div>
      </div>
    );
  }
  return board.gate.open ? (
    <div
      data-gate="open"
      role="status"
      className={`rounded-2xl bg-emerald-600 px-10 py-7 text-white ring-8 ring-emerald-400/40 ${celebrating ? "motion-safe:animate-gate-open" : ""}`}
    >
      <div className="text-8xl font-black tracking-tight">✔ GATE OPEN</div>
      <div className="mt-2 text-2xl text-emerald-50">Every one of {board.totals.total} readiness items is green.</div>
    </div>
  ) : (
    <div data-gate="closed" role="status" className="rounded-2xl bg-red-700 px-10 py-7 text-white">
      <div className="text-7xl font-black tracking-tight">✖ GATE CLOSED — {board.gate.blocking} blocking</div>
      <div className="mt-2 text-2xl text-red-100">
        {board.totals.red} red · {board.totals.amber} amber · {board.totals.pending} pending · {board.totals.green} of {board.totals.total} green
      </div>
    </div>
  );
}

function ItemRow({ item, now, flash }: { item: BoardItem; now: Date; flash: number | undefined }) {
  const look = STATUS_LOOK[item.status];
  return (
    <li
      // A new key per status change replays the one-time flash.
      key={flash}
      data-item={item.id}
      data-status={item.status}
      className={`grid grid-cols-[11rem_1fr_auto] items-center gap-5 rounded-xl bg-slate-900 px-5 py-3 ring-1 ring-slate-800 ${flash ? "motion-safe:animate-flash" : ""}`}
    >
      <span className={`flex items-center justify-center gap-2 rounded-lg py-2 text-2xl font-black uppercase ${TV_STATUS[item.status]}`}>
        <span aria-hidden="true">{look.symbol}</span>
        {look.word}
      </span>
      <span className="min-w-0">
        <span className="block truncate text-2xl font-bold text-white">{item.title}</span>
        <span className="block truncate text-xl text-slate-300">{item.reason}</span>
      </span>
      <span className="text-right">
        <span className="block text-xl font-black uppercase text-slate-100">{item.owner}</span>
        <span className="block text-lg text-slate-400">
          {item.evidence_at
            ? `${formatAge(now.getTime() - Date.parse(item.evidence_at))} ago`
            : COMPUTED_KINDS.has(item.kind)
              ? `${formatAge(now.getTime() - Date.parse(item.updated_at))} ago`
              : "no evidence"}
        </span>
      </span>
    </li>
  );
}

function Sections({ board }: { board: Board }) {
  return (
    <section aria-label="Sections" className="grid grid-cols-2 gap-3">
      {board.sections.map((section) => {
        const worst = STATUS_ORDER.find((s) => section.counts[s] > 0) ?? "green";
        return (
          <div key={section.key} data-section={section.key} data-worst={worst} className="rounded-xl bg-slate-900 p-3 ring-1 ring-slate-800">
            <div className="flex items-center gap-2 text-lg font-bold">
              <span className={`inline-flex h-7 w-7 items-center justify-center rounded-md text-base ${TV_STATUS[worst]}`} aria-hidden="true">
                {STATUS_LOOK[worst].symbol}
              </span>
              <span className="truncate">{section.name}</span>
            </div>
            <div className="mt-1 flex gap-3 text-lg tabular-nums text-slate-300">
              {STATUS_ORDER.map((s) => (
                <span key={s} className={section.counts[s] ? "text-white" : "text-slate-600"}>
                  <span aria-hidden="true">{STATUS_LOOK[s].symbol}</span> {section.counts[s]}
                  <span className="sr-only"> {STATUS_LOOK[s].word}</span>
                </span>
              ))}
            </div>
          </div>
        );
      })}
    </section>
  );
}

function VotesTile({ board }: { board: Board }) {
  const required = board.meeting?.required_functions ?? board.required_functions;
  const byFunction = new Map(board.votes.map((v) => [v.function, v]));
  return (
    <section aria-label="Votes" className="rounded-xl bg-slate-900 p-4 ring-1 ring-slate-800">
      <h2 className="text-lg font-bold uppercase tracking-wide text-slate-400">Votes</h2>
      <ul className={`mt-2 grid gap-2 ${required.length > 4 ? "grid-cols-2" : "grid-cols-1"}`}>
        {required.map((fn) => {
          const v = byFunction.get(fn);
          const look = !v
            ? "bg-slate-700 text-slate-200"
            : !v.fresh
              ? "bg-amber-400 text-slate-950"
              : v.vote === "go"
                ? "bg-emerald-600 text-white"
                : "bg-red-600 text-white";
          const word = !v ? "○ no vote" : `${v.vote === "go" ? "✔ GO" : "✖ NO-GO"}${v.fresh ? "" : " · stale"}`;
          return (
            <li
              key={fn}
              className={`flex items-center justify-between gap-2 whitespace-nowrap rounded-lg px-3 py-1.5 text-lg font-bold ${look}`}
              data-vote={fn}
              data-vote-value={v?.vote ?? "none"}
              data-fresh={v ? String(v.fresh) : undefined}
            >
              <span className="uppercase">{fn}</span>
              <span>{word}</span>
            </li>
          );
        })}
      </ul>
      {board.decision ? (
        <p className="mt-2 text-lg text-slate-300" data-decided={board.decision.decision}>
          Decided:{" "}
          <strong className={board.decision.decision === "go" ? "text-emerald-300" : "text-red-300"}>
            {board.decision.decision === "go" ? "GO" : "NO-GO"}
          </strong>{" "}
          at {board.decision.at.slice(11, 16)} UTC
        </p>
      ) : null}
    </section>
  );
}

function ScheduleTile({ schedule }: { schedule: BoardSchedule }) {
  const { status, word } = slackStatus(schedule.slack_to_launch);
  const shown = schedule.late_critical.slice(0, LATE_SHOWN_ON_TV);
  const more = schedule.late_critical_count - shown.length;
  return (
    <section
      aria-label="Schedule"
      data-schedule-slack={schedule.slack_to_launch}
      data-projected-finish={schedule.projected_finish}
      data-schedule-status={status}
      className="rounded-xl bg-slate-900 p-4 ring-1 ring-slate-800"
    >
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-lg font-bold uppercase tracking-wide text-slate-400">Schedule</h2>
        <span className="text-base text-slate-400">as of {schedule.as_of}</span>
      </div>
      <p className={`mt-2 flex items-center gap-2 rounded-lg px-3 py-2 text-xl font-black ${TV_STATUS[status]}`}>
        <span aria-hidden="true">{STATUS_LOOK[status].symbol}</span>
        {word}
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 text-lg">
        <dt className="text-slate-400">Projected finish</dt>
        <dd className="font-bold tabular-nums text-white">{schedule.projected_finish}</dd>
        <dt className="text-slate-400">Launch</dt>
        <dd className="tabular-nums text-white">{schedule.launch}</dd>
        <dt className="text-slate-400">Planned finish</dt>
        <dd className="tabular-nums text-slate-300">
          {schedule.planned_finish} (slack {schedule.planned_slack_to_launch} d)
        </dd>
      </dl>
      {schedule.late_critical.length ? (
        <>
          <h3 className="mt-3 text-base font-bold uppercase tracking-wide text-red-300">Late critical tasks</h3>
          <ul className="mt-1 flex flex-col gap-1" data-late-critical={schedule.late_critical_count}>
            {shown.map((task) => (
              <li key={task.id} data-task={task.id} className="text-lg leading-snug">
                <span className="line-clamp-1 font-bold text-white" title={task.name}>
                  {task.name}
                </span>
                <span className="block text-base text-slate-300">
                  {[task.owner?.toUpperCase(), task.assignee].filter(Boolean).join(" · ") || "no owner"} · planned {task.planned_finish} →{" "}
                  <span className="tabular-nums text-red-300">{task.projected_finish}</span>
                </span>
              </li>
            ))}
          </ul>
          {more > 0 ? <p className="mt-1 text-base text-slate-400">and {more} more</p> : null}
        </>
      ) : (
        <p className="mt-2 text-lg text-emerald-300">No critical task is behind its plan.</p>
      )}
    </section>
  );
}

/** Open P0/P1 action items linked to the release: who owns them and when they are due, overdue first. */
function ActionsTile({ actions }: { actions: BoardActions }) {
  const shown = actions.items.slice(0, ACTIONS_SHOWN_ON_TV);
  const more = actions.open - shown.length;
  if (!actions.open) {
    return (
      <section aria-label="Actions" data-actions-open={0} data-actions-overdue={0} className="rounded-xl bg-slate-900 px-4 py-3 ring-1 ring-slate-800">
        <p className="text-lg font-bold text-emerald-300">
          <span aria-hidden="true">✔ </span>No open P0/P1 actions
        </p>
      </section>
    );
  }
  return (
    <section
      aria-label="Actions"
      data-actions-open={actions.open}
      data-actions-overdue={actions.overdue}
      className="rounded-xl bg-slate-900 p-4 ring-1 ring-slate-800"
    >
      <div className="flex items-center justify-between gap-3">
        <h2 className="text-lg font-bold uppercase tracking-wide text-slate-400">Open P0/P1 actions</h2>
        <span className={`rounded-md px-2 py-0.5 text-lg font-black ${actions.overdue ? "bg-red-600 text-white" : "bg-amber-400 text-slate-950"}`}>
          {actions.overdue ? `✖ ${actions.open} open · ${actions.overdue} overdue` : `▲ ${actions.open} open`}
        </span>
      </div>
      <ul className="mt-2 flex flex-col gap-1">
        {shown.map((a) => (
          <li key={a.id} data-action={a.id} data-overdue={String(a.overdue)} className="text-lg leading-snug">
            <span className="line-clamp-1 font-bold text-white" title={a.title}>
              <span className="mr-2 rounded bg-red-700 px-1.5 text-base text-white">{a.priority}</span>
              {a.title}
            </span>
            <span className="block text-base text-slate-300">
              {a.owner_name ?? `${a.function.toUpperCase()} (no owner yet)`} · due{" "}
              <span className={a.overdue ? "font-bold text-red-300" : "tabular-nums"}>
                {a.due}
                {a.overdue ? " ✖ OVERDUE" : ""}
              </span>
            </span>
          </li>
        ))}
      </ul>
      {more > 0 ? <p className="mt-1 text-base text-slate-400">and {more} more</p> : null}
    </section>
  );
}

function Ticker({ state, now }: { state: BoardState; now: Date }) {
  return (
    <section aria-label="Latest changes" className="flex-1 rounded-xl bg-slate-900 p-4 ring-1 ring-slate-800">
      <h2 className="mb-2 text-lg font-bold uppercase tracking-wide text-slate-400">Latest changes</h2>
      <ol className="flex flex-col gap-2" data-ticker>
        {state.ticker.slice(0, 7).map((entry) => (
          <li key={entry.seq} className="text-lg leading-snug">
            <span className="text-slate-400">{formatAge(now.getTime() - Date.parse(entry.at))} ago · </span>
            {entry.status ? <span aria-hidden="true">{STATUS_LOOK[entry.status].symbol} </span> : null}
            <span className="text-white">{entry.text}</span>
            <span className="text-slate-400"> — {entry.who}</span>
          </li>
        ))}
        {state.ticker.length === 0 ? <li className="text-lg text-slate-500">No changes yet.</li> : null}
      </ol>
    </section>
  );
}

function ConnectionPill({ state }: { state: BoardState }) {
  if (state.connection === "live") {
    return (
      <span className="flex items-center gap-2 font-semibold text-emerald-300">
        <span className="inline-block h-3 w-3 rounded-full bg-emerald-400 motion-safe:animate-pulse" aria-hidden="true" /> Live
      </span>
    );
  }
  const label =
    state.connection === "disconnected"
      ? `Disconnected${state.lastUpdateAt ? ` — last update ${state.lastUpdateAt.slice(11, 19)}` : ""}`
      : state.connection === "catching-up"
        ? "Reconnected — catching up…"
        : "Connecting…";
  return (
    <span
      role="alert"
      data-disconnected={state.connection === "disconnected" || undefined}
      className="rounded-lg bg-amber-400 px-3 py-1 font-bold text-slate-950"
    >
      ⚠ {label}
    </span>
  );
}

function Watching({ presence }: { presence: Presence | null }) {
  if (!presence) return null;
  const names = [...presence.people, ...presence.screens.map((s) => `${s} (screen)`)];
  return (
    <span className="max-w-[36rem] truncate text-slate-300" title={names.join(", ")} data-watching={presence.total}>
      {presence.total} watching{names.length ? `: ${names.join(", ")}` : ""}
    </span>
  );
}

function Countdown({ launch, now }: { launch: string; now: Date }) {
  const ms = Date.parse(`${launch}T00:00:00Z`) - now.getTime();
  if (ms <= 0) return <span>launch day{ms < -86_400_000 ? " has passed" : ""}</span>;
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 24) return <strong className="text-amber-300">{hours} h to launch</strong>;
  const days = Math.ceil(ms / 86_400_000);
  return <strong className="text-white">{days} days to launch</strong>;
}

async function toggleFullscreen() {
  if (document.fullscreenElement) await document.exitFullscreen();
  else await document.documentElement.requestFullscreen().catch(() => undefined);
}
