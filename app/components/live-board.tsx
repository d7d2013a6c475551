import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import type { BoardActions } from "../shared/actions";
import type { Board, BoardItem, BoardSchedule } from "../shared/board";
import { COMPUTED_KINDS } from "../shared/kinds";
import type { Presence } from "../shared/protocol";
import type { BoardState } from "../lib/board-state";
import { listPages } from "../lib/board-pages";
import { useFormat } from "../lib/format";
import { translateMessage } from "../lib/i18n";
import { useFit, useFitColumn, useRowCapacity } from "../lib/use-fit";
import { MeetingAgenda, MeetingTile, useMeetingControls, type Viewer } from "./meeting-strip";
import { WorstChip } from "./status";
import { CertificationTile } from "./certification-tile";
import { CampaignsTile } from "./campaigns-tile";
import { slackStatus, STATUS_LOOK, STATUS_ORDER, TV_STATUS, worstOf } from "../lib/status";

/**
 * The Go/No-Go board for the meeting-room TV (1920×1080, read from 3 m; it
 * fits 1280×720 too): the gate first and largest, naming what keeps it
 * closed, then the items, worst first. Status is colour, symbol and word; no
 * text is under 20 px. The board is exactly one screen high: the list shows
 * as many rows as fit and pages through the rest, and the tiles beside it
 * show as many lines as fit, so nothing is ever cut off at the bottom.
 * Disconnected, it greys out and never shows the gate as open.
 */
const AUTO_PAGE_MS = 12_000;

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
  const { t } = useTranslation();
  const board = state.board!;
  const live = state.connection === "live";
  const meeting = board.meeting?.status === "live" ? board.meeting : null;
  const controls = useMeetingControls(board, meeting, viewer);
  /** A follower who stepped away from the presenter's section. */
  const [away, setAway] = useState<string | null>(null);
  const shownSection = meeting ? (away ?? meeting.agenda[meeting.current]!) : null;
  const all = useMemo(() => sortedItems(board), [board]);
  const items = useMemo(() => (shownSection ? all.filter((i) => i.section === shownSection) : all), [all, shownSection]);
  const list = useRowCapacity<HTMLUListElement>(6);
  const aside = useFitColumn<HTMLElement>();
  const pages = useMemo(() => listPages(items, list.capacity), [items, list.capacity]);
  const [page, setPage] = useState(0);
  const [autoPage, setAutoPage] = useState(autoPageDefault);
  const current = Math.min(page, pages.length - 1);
  const [celebrating, setCelebrating] = useState(false);

  // A new section (the presenter moved on, or this screen stepped away) starts at its first page.
  useEffect(() => setPage(0), [shownSection]);

  const turn = useCallback((by: number) => setPage((p) => (((Math.min(p, pages.length - 1) + by) % pages.length) + pages.length) % pages.length), [pages]);

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
    if (!autoPage || pages.length < 2) return;
    const timer = setInterval(() => turn(1), AUTO_PAGE_MS);
    return () => clearInterval(timer);
  }, [autoPage, pages.length, turn]);

  useEffect(() => {
    if (state.gateOpenedAt === null) return;
    setCelebrating(true);
    const timer = setTimeout(() => setCelebrating(false), 5000);
    return () => clearTimeout(timer);
  }, [state.gateOpenedAt]);

  const onPage = new Set(pages[current]!.map((i) => i.id));
  const blocking = all.filter((i) => i.status !== "green");
  // The gate names the blocking items the list does not show (between them, every one is on screen);
  // after GO it names every item that left green, the cause of the alarm.
  const alarm = board.phase === "go" && !board.gate.open;
  const named = alarm ? blocking : blocking.filter((i) => !onPage.has(i.id));
  const alsoListed = blocking.length > named.length;
  const notGreen = items.filter((i) => i.status !== "green").length;

  return (
    <div
      data-board
      data-connection={state.connection}
      // On a phone (below md) the tiles go under the list and the page scrolls down; from md up it is one screen.
      className="grid h-screen grid-cols-[minmax(0,1fr)_24rem] gap-x-5 overflow-hidden bg-slate-950 p-4 text-slate-100 max-md:h-auto max-md:min-h-screen max-md:grid-cols-1 max-md:gap-y-4 max-md:overflow-visible max-md:p-3 tv:grid-cols-[minmax(0,1fr)_32rem] tv:gap-x-8 tv:p-8"
    >
      <div className="flex min-h-0 flex-col gap-3 tv:gap-5">
        <header className="grid shrink-0 grid-cols-[minmax(0,1fr)_minmax(0,auto)] items-center gap-x-6 gap-y-2 max-md:grid-cols-1">
          <div className="min-w-0">
            <h1 className="truncate text-3xl font-black tracking-tight max-md:text-2xl tv:text-4xl">{board.release.name}</h1>
            <p className="truncate text-xl text-slate-300 max-md:whitespace-normal max-md:text-base tv:text-2xl">
              {t("board.launch")} <strong className="text-white">{board.release.launch_date}</strong> ·{" "}
              <Countdown launch={board.release.launch_date} now={now} />
            </p>
          </div>
          <div className="flex min-w-0 max-w-[24rem] flex-col items-end gap-1 text-xl max-md:items-start tv:max-w-[40rem]">
            <div className="flex items-center gap-4 max-md:flex-wrap max-md:gap-2">
              <ConnectionPill state={state} />
              <button
                type="button"
                onClick={() => void toggleFullscreen()}
                className="shrink-0 rounded-lg px-3 font-semibold ring-2 ring-slate-600 hover:bg-slate-800"
                title={t("board.fullscreen")}
              >
                {t("board.fullscreen")}
              </button>
            </div>
            <div className="flex max-w-full items-center gap-4 text-slate-300">
              {screen ? <span className="shrink-0">{t("board.screen", { name: screen })}</span> : null}
              <Watching presence={presence} />
            </div>
          </div>
        </header>

        <div className={`shrink-0 ${live ? "" : "grayscale"}`}>
          <Gate
            board={board}
            live={live}
            celebrating={celebrating}
            lastUpdateAt={state.lastUpdateAt}
            connection={state.connection}
            alarm={alarm}
            named={named}
            label={alarm ? t("board.gate.causedBy") : alsoListed ? t("board.gate.alsoBlocking") : t("board.gate.blocking")}
          />
        </div>

        {meeting && shownSection ? <MeetingAgenda board={board} meeting={meeting} controls={controls} shown={shownSection} onShow={setAway} /> : null}

        <section aria-label={t("board.list.label")} className={`flex min-h-0 flex-1 flex-col ${live ? "" : "opacity-50 grayscale"}`}>
          <div className="mb-2 flex shrink-0 items-baseline justify-between gap-x-4 gap-y-2 text-xl text-slate-300 max-md:flex-wrap">
            <span className="truncate">
              {shownSection ? t("board.list.section", { section: board.sections.find((x) => x.key === shownSection)?.name ?? shownSection }) : ""}
              {t("board.list.summary", { notGreen, total: items.length })}
            </span>
            <span className="flex shrink-0 items-center gap-4">
              <span data-page={`${current + 1}/${pages.length}`}>{t("board.list.page", { current: current + 1, count: pages.length })}</span>
              <button
                type="button"
                onClick={() => setAutoPage((a) => !a)}
                className="rounded-md px-3 py-0.5 ring-1 ring-slate-600 hover:bg-slate-800"
                aria-pressed={autoPage}
                title={t("board.list.autoPaging")}
              >
                {autoPage ? t("board.list.autoOn") : t("board.list.autoOff")}
              </button>
            </span>
          </div>
          {/* Every item is in the page, so monitors read the whole board; those off this page are hidden. */}
          <ul ref={list.ref} className="flex min-h-0 flex-1 flex-col gap-2 overflow-hidden">
            {all.map((item) => (
              <ItemRow
                key={item.id}
                item={item}
                leads={board.owner_names?.[item.owner]}
                now={now}
                flash={state.flashes[item.id]}
                hidden={!onPage.has(item.id)}
              />
            ))}
          </ul>
        </section>
      </div>

      {/* The tiles keep their heights; when the column is short the late tasks give way first, then the actions; the ticker takes what is left. */}
      <aside ref={aside} className={`flex min-h-0 flex-col gap-2 tv:gap-4 ${live ? "" : "opacity-50 grayscale"}`}>
        {meeting ? <MeetingTile meeting={meeting} viewer={viewer} controls={controls} now={now} /> : <Sections board={board} />}
        {board.meeting || board.votes.length ? <VotesTile board={board} /> : null}
        <ActionsTile actions={board.actions} />
        {board.schedule ? <ScheduleTile schedule={board.schedule} /> : null}
        <CertificationTile board={board} />
        <CampaignsTile campaigns={board.campaigns} />
        {/* Below TV size, a votes tile (eight functions) takes the room of the ticker's second line. */}
        <Ticker state={state} now={now} short={Boolean(board.meeting || board.votes.length)} />
      </aside>
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
  alarm,
  named,
  label,
}: {
  board: Board;
  live: boolean;
  celebrating: boolean;
  lastUpdateAt: string | null;
  connection: BoardState["connection"];
  /** The gate closed after GO: the rollout must stop, and the room must see what caused it. */
  alarm: boolean;
  /** Blocking items to name: those the list does not show (after GO, every one). */
  named: BoardItem[];
  label: string;
}) {
  const { t } = useTranslation();
  if (!live) {
    return (
      <div data-gate="unknown" role="status" className="rounded-2xl bg-slate-700 px-6 py-3 text-white tv:px-10 tv:py-6">
        <div className="text-5xl font-black tracking-tight max-md:text-3xl tv:text-7xl">{t("board.gate.unknown")}</div>
        <div className="mt-2 text-xl text-slate-100 tv:text-2xl">
          {(() => {
            const state = connection === "disconnected" ? t("board.gate.disconnected") : t("board.gate.connecting");
            return lastUpdateAt ? t("board.gate.notLiveSince", { state, time: lastUpdateAt.slice(11, 19) }) : t("board.gate.notLive", { state });
          })()}
        </div>
      </div>
    );
  }
  if (board.gate.open) {
    return (
      <div
        data-gate="open"
        role="status"
        className={`rounded-2xl bg-emerald-700 px-6 py-3 text-white ring-8 ring-emerald-400/40 tv:px-10 tv:py-6 ${celebrating ? "motion-safe:animate-gate-open" : ""}`}
      >
        <div className="text-6xl font-black tracking-tight max-md:text-4xl tv:text-8xl">{t("board.gate.open")}</div>
        <div className="mt-2 text-xl text-emerald-50 tv:text-2xl">{t("board.gate.allGreen", { count: board.totals.total })}</div>
      </div>
    );
  }
  return (
    <div
      data-gate="closed"
      data-alarm={alarm ? "after-go" : undefined}
      role={alarm ? "alert" : "status"}
      className={`rounded-2xl bg-red-700 px-6 py-3 text-white tv:px-10 tv:py-5 ${alarm ? "ring-8 ring-red-300 motion-safe:animate-alarm" : ""}`}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-6">
        <div className={`font-black tracking-tight ${alarm ? "text-3xl max-md:text-2xl tv:text-5xl" : "text-5xl max-md:text-3xl tv:text-7xl"}`}>
          {alarm ? t("board.gate.alarm") : t("board.gate.closed", { count: board.gate.blocking })}
        </div>
        <div className="text-xl text-red-50 tv:text-2xl">{t("board.gate.counts", { ...board.totals })}</div>
      </div>
      {named.length ? <Blocking items={named} label={label} /> : null}
    </div>
  );
}

/** Blocking items by name, as many as fit (one line at 1280×720, two on a TV), and how many more. */
function Blocking({ items, label }: { items: BoardItem[]; label: string }) {
  const { t } = useTranslation();
  const fit = useFit<HTMLUListElement>();
  return (
    <div className="mt-2 flex items-start gap-3 text-xl max-md:flex-wrap max-md:gap-y-1 max-md:text-base">
      <span className="flex h-10 shrink-0 items-center font-bold text-red-50">{label}:</span>
      <ul
        ref={fit.ref}
        className="flex max-h-10 min-w-0 flex-1 flex-wrap gap-2 overflow-hidden max-md:order-last max-md:basis-full tv:max-h-22"
        data-blocking-list={items.length}
      >
        {items.map((item) => (
          <li key={item.id} data-blocking={item.id} className="flex h-10 min-w-0 max-w-full items-center gap-2 rounded-lg bg-red-950/60 px-3 tv:max-w-[28rem]">
            <span data-chip={item.status} className={`shrink-0 rounded px-1.5 font-black uppercase ${TV_STATUS[item.status]}`}>
              <span aria-hidden="true">{STATUS_LOOK[item.status].symbol}</span> {t(`common.status.${item.status}`)}
            </span>
            <span className="truncate font-semibold">{item.title}</span>
            <span className="shrink-0 font-bold uppercase text-red-100">{item.owner}</span>
          </li>
        ))}
      </ul>
      {fit.hidden ? (
        <span className="flex h-10 shrink-0 items-center font-bold" data-blocking-more={fit.hidden}>
          {t("board.gate.more", { count: fit.hidden })}
        </span>
      ) : null}
    </div>
  );
}

/** Kinds whose reasons name the people still missing (`Name (team)`, five, then +N): they get two lines on the board. */
const PEOPLE_REASONS = new Set(["roster", "sop"]);

function ItemRow({
  item,
  leads,
  now,
  flash,
  hidden,
}: {
  item: BoardItem;
  /** Who answers for the item's function (the function alone when nobody does). */
  leads: string[] | undefined;
  now: Date;
  flash: number | undefined;
  hidden: boolean;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const look = STATUS_LOOK[item.status];
  return (
    <li
      // A new key per status change replays the one-time flash.
      key={flash}
      data-item={item.id}
      data-status={item.status}
      hidden={hidden}
      className={`grid h-19 shrink-0 grid-cols-[9rem_minmax(0,1fr)_auto] items-center gap-4 rounded-xl bg-slate-900 px-4 ring-1 ring-slate-800 max-md:grid-cols-[6.5rem_minmax(0,1fr)_auto] max-md:gap-3 max-md:px-3 tv:h-21 tv:grid-cols-[11rem_minmax(0,1fr)_auto] tv:gap-5 tv:px-5 ${flash ? "motion-safe:animate-flash" : ""}`}
    >
      <span
        data-chip={item.status}
        className={`flex items-center justify-center gap-2 rounded-lg py-1.5 text-xl font-black uppercase max-md:gap-1 max-md:text-base tv:py-2 tv:text-2xl ${TV_STATUS[item.status]}`}
      >
        <span aria-hidden="true">{look.symbol}</span>
        {t(`common.status.${item.status}`)}
      </span>
      {PEOPLE_REASONS.has(item.kind) ? (
        // Whom to chase is the point of these reasons: two lines across the row, owner and age beside the title (28/36 px + 2 × 24 px: the row's height).
        <span className="col-span-2 min-w-0">
          {/* One line exactly as high as the title's: centred, not baseline-aligned (mixed sizes on a baseline grow the line and push the reason out of the row). On a phone the owner takes at most 40% and the age gives way to the title. */}
          <span className="flex h-7 items-center gap-4 max-md:gap-3 tv:h-9">
            <span className="min-w-0 flex-1 truncate text-2xl font-bold leading-7 text-white max-md:text-lg tv:text-3xl tv:leading-9">{item.title}</span>
            <span className="max-w-[14rem] shrink-0 truncate text-xl font-black uppercase leading-7 text-slate-100 max-md:max-w-[40%] max-md:text-base tv:max-w-[20rem]">
              {item.owner}
              {leads?.length ? <span className="font-semibold normal-case text-slate-200">{` · ${leads.join(", ")}`}</span> : null}
            </span>
            <span className="shrink-0 text-xl leading-7 text-slate-300 max-md:hidden">{fmt.ago(item.updated_at, now)}</span>
          </span>
          <span className="line-clamp-2 text-xl leading-6 text-slate-300 max-md:text-base max-md:leading-5" data-reason-lines="2">
            {translateMessage(item.reason, t)}
          </span>
        </span>
      ) : (
        <>
          <span className="min-w-0">
            <span className="block truncate text-2xl font-bold text-white max-md:text-lg tv:text-3xl">{item.title}</span>
            <span className="block truncate text-xl text-slate-300 max-md:text-base">{translateMessage(item.reason, t)}</span>
          </span>
          <span className="text-right text-xl max-md:text-base">
            <span className="block max-w-[14rem] truncate font-black uppercase text-slate-100 tv:max-w-[20rem]">
              {item.owner}
              {leads?.length ? <span className="font-semibold normal-case text-slate-200">{` · ${leads.join(", ")}`}</span> : null}
            </span>
            <span className="block text-slate-300">
              {item.evidence_at ? fmt.ago(item.evidence_at, now) : COMPUTED_KINDS.has(item.kind) ? fmt.ago(item.updated_at, now) : t("board.list.noEvidence")}
            </span>
          </span>
        </>
      )}
    </li>
  );
}

/** Each section's worst status and name; on a TV-sized screen its counts too. */
function Sections({ board }: { board: Board }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t("board.sections")} className="grid shrink-0 grid-cols-2 gap-2 tv:gap-3">
      {board.sections.map((section) => {
        const worst = worstOf(section.counts);
        return (
          <div
            key={section.key}
            data-section={section.key}
            data-worst={worst}
            className="min-w-0 rounded-xl bg-slate-900 py-1 pl-1 pr-2 ring-1 ring-slate-800 tv:px-3 tv:py-2"
          >
            <div className="flex items-center gap-1.5 text-xl font-semibold tv:gap-2 tv:font-bold">
              <WorstChip status={worst} />
              <span className="truncate" title={section.name}>
                {section.name}
              </span>
            </div>
            <div className="hidden gap-3 text-xl tabular-nums text-slate-300 tv:flex">
              {STATUS_ORDER.map((s) => (
                <span key={s} className={section.counts[s] ? "text-white" : "text-slate-400"}>
                  <span aria-hidden="true">{STATUS_LOOK[s].symbol}</span>
                  {section.counts[s]}
                  <span className="sr-only"> {t(`common.status.${s}`)}</span>
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
  const { t } = useTranslation();
  const required = board.meeting?.required_functions ?? board.required_functions;
  const byFunction = new Map(board.votes.map((v) => [v.function, v]));
  return (
    <section
      aria-label={t("board.votes.title")}
      className="flex shrink-0 flex-wrap items-center gap-1.5 rounded-xl bg-slate-900 px-3 py-2 ring-1 ring-slate-800 tv:p-4"
    >
      <h2 className="mr-1 text-xl font-bold uppercase tracking-wide text-slate-300">{t("board.votes.title")}</h2>
      <ul className="contents">
        {required.map((fn) => {
          const v = byFunction.get(fn);
          const look = !v ? "bg-slate-700 text-slate-100" : !v.fresh ? TV_STATUS.amber : v.vote === "go" ? TV_STATUS.green : TV_STATUS.red;
          const word = !v ? t("board.votes.none") : `${v.vote === "go" ? t("board.votes.go") : t("board.votes.noGo")}${v.fresh ? "" : t("board.votes.stale")}`;
          return (
            <li
              key={fn}
              className={`flex min-w-0 max-w-full items-center gap-1.5 whitespace-nowrap rounded-lg px-2 text-xl font-bold tv:py-0.5 ${look}`}
              data-vote={fn}
              data-vote-value={v?.vote ?? "none"}
              data-fresh={v ? String(v.fresh) : undefined}
            >
              <span className="truncate uppercase">{fn}</span>
              <span>{word}</span>
            </li>
          );
        })}
      </ul>
      {board.decision ? (
        <p className="basis-full text-xl text-slate-300" data-decided={board.decision.decision}>
          {t("board.votes.decided")}{" "}
          <strong className={board.decision.decision === "go" ? "text-emerald-300" : "text-red-300"}>
            {board.decision.decision === "go" ? t("board.votes.go") : t("board.votes.noGo")}
          </strong>{" "}
          {t("board.votes.at", { time: board.decision.at.slice(11, 16) })}
        </p>
      ) : null}
    </section>
  );
}

/** The plan against the launch date; its late critical tasks, as many as fit. */
function ScheduleTile({ schedule }: { schedule: BoardSchedule }) {
  const { t } = useTranslation();
  const { status, word } = slackStatus(schedule.slack_to_launch, t);
  return (
    <section
      aria-label={t("board.schedule.title")}
      data-schedule-slack={schedule.slack_to_launch}
      data-projected-finish={schedule.projected_finish}
      data-schedule-status={status}
      className="flex shrink-0 flex-col rounded-xl bg-slate-900 px-3 py-2 ring-1 ring-slate-800 tv:p-4"
    >
      <div className="mb-2 hidden shrink-0 items-baseline justify-between gap-3 text-xl tv:flex">
        <h2 className="font-bold uppercase tracking-wide text-slate-300">{t("board.schedule.title")}</h2>
        <span className="text-slate-300">{t("board.schedule.asOf", { date: schedule.as_of })}</span>
      </div>
      <p data-chip={status} className={`flex shrink-0 items-center gap-2 rounded-lg px-3 py-1 text-xl font-black ${TV_STATUS[status]}`}>
        <span aria-hidden="true">{STATUS_LOOK[status].symbol}</span>
        <span className="truncate">{word}</span>
      </p>
      <p className="mt-1 shrink-0 truncate text-xl text-slate-300">
        {t("board.schedule.projected")} <strong className="tabular-nums text-white">{schedule.projected_finish}</strong>
        <span className="hidden tv:inline">
          {" "}
          · {t("board.schedule.launch")} <span className="tabular-nums text-white">{schedule.launch}</span>
        </span>
      </p>
      <p className="hidden shrink-0 truncate text-xl text-slate-300 tv:block">
        {t("board.schedule.planned", { date: schedule.planned_finish, slack: schedule.planned_slack_to_launch })}
      </p>
      {schedule.late_critical.length ? (
        <>
          <h3 className="shrink-0 text-xl font-bold uppercase tracking-wide text-red-300 tv:mt-2">
            {t("board.schedule.lateCritical", { count: schedule.late_critical_count })}
          </h3>
          <ul data-give-way="1" className="flex flex-col gap-1" data-late-critical={schedule.late_critical_count}>
            {schedule.late_critical.map((task) => (
              <li key={task.id} data-task={task.id} className="text-xl">
                <span className="block truncate font-bold text-white" title={task.name}>
                  {task.name}
                </span>
                <span className="block truncate text-slate-300">
                  {[task.owner?.toUpperCase(), task.assignee].filter(Boolean).join(" · ") || t("board.schedule.noOwner")} ·{" "}
                  {t("board.schedule.due", { date: task.planned_finish })} <span className="tabular-nums text-red-300">{task.projected_finish}</span>
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p className="shrink-0 truncate text-xl text-emerald-300 tv:mt-2">
          <span aria-hidden="true">✔ </span>
          {t("board.schedule.onPlan")}
        </p>
      )}
    </section>
  );
}

/** Open P0/P1 action items linked to the release: who owns them and when they are due, overdue first, as many as fit. */
function ActionsTile({ actions }: { actions: BoardActions }) {
  const { t } = useTranslation();
  if (!actions.open) {
    return (
      <section
        aria-label={t("board.actions.label")}
        data-actions-open={0}
        data-actions-overdue={0}
        className="shrink-0 rounded-xl bg-slate-900 px-3 py-2 ring-1 ring-slate-800 tv:px-4"
      >
        <p className="text-xl font-bold text-emerald-300">
          <span aria-hidden="true">✔ </span>
          {t("board.actions.none")}
        </p>
      </section>
    );
  }
  return (
    <section
      aria-label={t("board.actions.label")}
      data-actions-open={actions.open}
      data-actions-overdue={actions.overdue}
      className="flex shrink-0 flex-col rounded-xl bg-slate-900 px-3 py-2 ring-1 ring-slate-800 tv:p-4"
    >
      <div className="flex shrink-0 items-center justify-between gap-3 text-xl">
        <h2 className="font-bold uppercase tracking-wide text-slate-300">{t("board.actions.title")}</h2>
        <span className={`whitespace-nowrap rounded-md px-2 font-black ${actions.overdue ? TV_STATUS.red : TV_STATUS.amber}`}>
          {actions.overdue ? t("board.actions.openOverdue", { open: actions.open, overdue: actions.overdue }) : t("board.actions.open", { open: actions.open })}
        </span>
      </div>
      <ul data-give-way="2" className="flex flex-col gap-1 pt-1 tv:pt-2">
        {actions.items.map((a) => (
          <li key={a.id} data-action={a.id} data-overdue={String(a.overdue)} className="text-xl">
            <span className="block truncate font-bold text-white" title={a.title}>
              <span className="mr-2 rounded bg-red-700 px-1.5 text-white">{a.priority}</span>
              {a.title}
            </span>
            <span className="block truncate text-slate-300">
              {a.owner_name ?? t("board.actions.noOwnerYet", { function: a.function.toUpperCase() })} · {t("board.actions.due")}{" "}
              <span className={a.overdue ? "font-bold text-red-300" : "tabular-nums"}>
                {a.due}
                {a.overdue ? t("board.actions.overdue") : ""}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Ticker({ state, now, short }: { state: BoardState; now: Date; short: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section
      aria-label={t("board.ticker.title")}
      className={`flex flex-1 flex-col rounded-xl bg-slate-900 px-3 py-2 ring-1 ring-slate-800 tv:min-h-46 tv:p-4 ${short ? "min-h-28" : "min-h-42"}`}
    >
      <h2 className="mb-1 shrink-0 text-xl font-bold uppercase tracking-wide text-slate-300">{t("board.ticker.title")}</h2>
      <ol data-fill className="flex min-h-0 flex-1 flex-col gap-1 overflow-hidden" data-ticker>
        {state.ticker.map((entry) => {
          const text = entry.text(t);
          return (
            <li key={entry.seq} className="text-xl">
              <span className="block truncate text-white" title={text}>
                {entry.status ? <span aria-hidden="true">{STATUS_LOOK[entry.status].symbol} </span> : null}
                {text}
              </span>
              <span className="block truncate text-slate-300">
                {fmt.ago(entry.at, now)} · {entry.who}
              </span>
            </li>
          );
        })}
        {state.ticker.length === 0 ? <li className="text-xl text-slate-300">{t("board.ticker.empty")}</li> : null}
      </ol>
    </section>
  );
}

function ConnectionPill({ state }: { state: BoardState }) {
  const { t } = useTranslation();
  if (state.connection === "live") {
    return (
      <span className="flex shrink-0 items-center gap-2 font-semibold text-emerald-300">
        <span className="inline-block h-3 w-3 rounded-full bg-emerald-400 motion-safe:animate-pulse" aria-hidden="true" /> {t("board.connection.live")}
      </span>
    );
  }
  const label =
    state.connection === "disconnected"
      ? state.lastUpdateAt
        ? t("board.connection.disconnectedSince", { time: state.lastUpdateAt.slice(11, 19) })
        : t("board.connection.disconnected")
      : state.connection === "catching-up"
        ? t("board.connection.catchingUp")
        : t("board.connection.connecting");
  return (
    <span
      role="alert"
      data-disconnected={state.connection === "disconnected" || undefined}
      className="shrink-0 rounded-lg bg-amber-400 px-3 py-1 font-bold text-slate-950 max-md:shrink"
    >
      ⚠ {label}
    </span>
  );
}

function Watching({ presence }: { presence: Presence | null }) {
  const { t } = useTranslation();
  if (!presence) return null;
  const names = [...presence.people, ...presence.screens.map((s) => t("board.screenSuffix", { name: s }))];
  return (
    <span className="min-w-0 max-w-[36rem] truncate text-slate-300" title={names.join(", ")} data-watching={presence.total}>
      {names.length ? t("board.watchingNames", { count: presence.total, names: names.join(", ") }) : t("board.watching", { count: presence.total })}
    </span>
  );
}

function Countdown({ launch, now }: { launch: string; now: Date }) {
  const { t } = useTranslation();
  const ms = Date.parse(`${launch}T00:00:00Z`) - now.getTime();
  if (ms <= 0) return <span>{ms < -86_400_000 ? t("board.countdown.launchPassed") : t("board.countdown.launchDay")}</span>;
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 24) return <strong className="text-amber-300">{t("board.countdown.hours", { count: hours })}</strong>;
  const days = Math.ceil(ms / 86_400_000);
  return <strong className="text-white">{t("board.countdown.days", { count: days })}</strong>;
}

async function toggleFullscreen() {
  if (document.fullscreenElement) await document.exitFullscreen();
  else await document.documentElement.requestFullscreen().catch(() => undefined);
}
