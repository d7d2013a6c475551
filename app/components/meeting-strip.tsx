import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { Board, BoardMeeting } from "../shared/board";
import { actorName } from "../lib/board-state";
import { WorstChip } from "./status";
import { TV_STATUS, worstOf } from "../lib/status";

/**
 * The board in a live Go/No-Go meeting: the agenda with the presenter's
 * section and each section's worst status, the section's notes, a timer for
 * that section and one for the meeting (green, then amber in the last
 * quarter, red when over, in words too), and for the presenter the controls.
 * Every screen follows the presenter; a follower may step away to another
 * section and jump back. The agenda sits above the item list; the timers
 * and controls are a tile beside it, so the list keeps its height.
 */
export interface Viewer {
  label: string;
  admin: boolean;
}

export interface MeetingControls {
  presenting: boolean;
  /** Move the meeting by sections (the presenter's `n` and `p`). */
  move: (by: number) => void;
  moveTo: (index: number) => void;
  takeOver: () => void;
}

/** The presenter's moves. Always called by the board; without a live meeting it does nothing. */
export function useMeetingControls(board: Board, meeting: BoardMeeting | null, viewer: Viewer | null): MeetingControls {
  const fetcher = useFetcher();
  const presenting = meeting !== null && viewer !== null && meeting.presenter === viewer.label;
  const send = (intent: string, extra: Record<string, string> = {}) => {
    if (meeting) fetcher.submit({ intent, meeting: String(meeting.id), ...extra }, { method: "post", action: `/releases/${board.release.id}/meeting` });
  };
  // Moves wait for the previous one to finish: a second submit would abort the first (an error in the
  // console, and a move lost), and a fast "n n" adds up to two sections from where the board is by then.
  // The refs, not `fetcher.state`, say a move is under way: a second key press can come before a re-render.
  const pendingMoves = useRef(0);
  const moving = useRef(false);
  const flushMoves = () => {
    if (!meeting || moving.current || pendingMoves.current === 0) return;
    const index = Math.min(Math.max(meeting.current + pendingMoves.current, 0), meeting.agenda.length - 1);
    pendingMoves.current = 0;
    if (index === meeting.current) return;
    moving.current = true;
    send("move", { index: String(index) });
  };
  const move = (by: number) => {
    pendingMoves.current += by;
    flushMoves();
  };
  // After every render (cheap when nothing waits): once the fetcher is idle again, send what waited.
  useEffect(() => {
    if (fetcher.state === "idle") moving.current = false;
    flushMoves();
  });

  useEffect(() => {
    if (!presenting) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (event.key === "n") move(1);
      else if (event.key === "p") move(-1);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  return { presenting, move, moveTo: (index) => send("move", { index: String(index) }), takeOver: () => send("take-over") };
}

/** The agenda and the shown section's notes, above the item list. */
export function MeetingAgenda({
  board,
  meeting,
  controls,
  shown,
  onShow,
}: {
  board: Board;
  meeting: BoardMeeting;
  controls: MeetingControls;
  /** The section this screen shows. */
  shown: string;
  /** Step away to a section (or back to the presenter's with null). */
  onShow: (section: string | null) => void;
}) {
  const { t } = useTranslation();
  const presenterSection = meeting.agenda[meeting.current]!;
  const away = shown !== presenterSection;
  const sectionOf = (key: string) => board.sections.find((s) => s.key === key);
  const notes = meeting.notes[shown];
  return (
    <section
      aria-label={t("board.meeting.agendaLabel")}
      data-meeting-live={meeting.id}
      data-presenting={controls.presenting}
      data-following={away ? "away" : "presenter"}
      className="shrink-0 rounded-xl bg-slate-900 p-3 ring-2 ring-sky-500"
    >
      {/* One line at 1280×720: there only the section on screen is named, the others are a number and a status. */}
      <ol className="flex gap-1.5 tv:flex-wrap tv:gap-2" aria-label={t("board.meeting.agenda")}>
        {meeting.agenda.map((key, index) => {
          const current = index === meeting.current;
          const viewing = key === shown;
          const section = sectionOf(key);
          const worst = section ? worstOf(section.counts) : null;
          return (
            <li key={key} className={viewing ? "min-w-0" : "shrink-0"}>
              <button
                type="button"
                onClick={() => (controls.presenting ? controls.moveTo(index) : onShow(current ? null : key))}
                aria-current={current ? "step" : undefined}
                data-agenda={key}
                data-worst={worst ?? undefined}
                title={section?.name ?? key}
                className={`flex max-w-full items-center gap-1.5 whitespace-nowrap rounded-lg py-0.5 pl-0.5 pr-2 text-xl font-semibold tv:gap-2 tv:py-1 tv:pl-1 tv:pr-3 ${current ? "bg-sky-700 text-white" : viewing ? "bg-amber-400 text-slate-950" : index < meeting.current ? "bg-slate-800 text-slate-400" : "bg-slate-800 text-slate-200"}`}
              >
                {worst ? <WorstChip status={worst} /> : null}
                <span className="min-w-0 truncate">
                  {index + 1}
                  <span className={viewing ? "" : "sr-only tv:not-sr-only"}>. {section?.name ?? key}</span>
                </span>
                {current ? <span className="shrink-0">{t("board.meeting.now")}</span> : null}
              </button>
            </li>
          );
        })}
      </ol>
      {away ? (
        <button type="button" onClick={() => onShow(null)} className="mt-2 rounded-lg bg-amber-400 px-3 py-0.5 text-xl font-bold text-slate-950" data-jump-back>
          {t("board.meeting.backTo", { section: sectionOf(presenterSection)?.name ?? presenterSection })}
        </button>
      ) : null}
      {notes ? (
        // Long notes are cut to a few lines here (the meeting page has them whole): the list keeps its rows.
        <p className="mt-2 line-clamp-2 whitespace-pre-wrap rounded-lg bg-slate-800 px-3 py-1 text-xl text-slate-100 tv:line-clamp-3" data-notes={shown}>
          <span className="font-bold text-sky-300">{t("board.meeting.notes")}</span>
          {notes}
        </p>
      ) : null}
    </section>
  );
}

/** Timers, the presenter and the presenter's controls: a tile beside the list. */
export function MeetingTile({ meeting, viewer, controls, now }: { meeting: BoardMeeting; viewer: Viewer | null; controls: MeetingControls; now: Date }) {
  const { t } = useTranslation();
  const { presenting } = controls;
  return (
    <section aria-label={t("board.meeting.title")} className="flex shrink-0 flex-col gap-2 rounded-xl bg-slate-900 px-3 py-2 ring-2 ring-sky-500 tv:p-4">
      <h2 className="sr-only text-xl font-black uppercase tracking-wide text-sky-300 tv:not-sr-only">{t("board.meeting.title")}</h2>
      <div className="flex flex-wrap gap-2">
        <Timer label={t("board.meeting.thisSection")} since={meeting.current_since} minutes={meeting.item_minutes} now={now} data="item" />
        <Timer label={t("board.meeting.meeting")} since={meeting.started_at} minutes={meeting.total_minutes} now={now} data="meeting" />
      </div>
      {presenting ? null : (
        <p className="truncate text-xl text-slate-300">
          {t("board.meeting.presenter")}{" "}
          <strong className="text-white">{meeting.presenter ? actorName(meeting.presenter, meeting.presenter_name) : t("board.meeting.nobody")}</strong>
        </p>
      )}
      {presenting || viewer?.admin ? (
        <div className="flex flex-wrap gap-2">
          {presenting ? (
            <>
              <button
                type="button"
                onClick={() => controls.move(-1)}
                disabled={meeting.current === 0}
                className="rounded-lg px-3 py-0.5 text-xl font-bold ring-2 ring-slate-500 disabled:opacity-40"
                title={t("board.meeting.previousTitle")}
              >
                {t("board.meeting.previous")}
              </button>
              <button
                type="button"
                onClick={() => controls.move(1)}
                disabled={meeting.current === meeting.agenda.length - 1}
                className="rounded-lg bg-sky-700 px-3 py-0.5 text-xl font-bold text-white disabled:opacity-40"
                title={t("board.meeting.nextTitle")}
              >
                {t("board.meeting.next")}
              </button>
            </>
          ) : (
            <button type="button" onClick={controls.takeOver} className="rounded-lg px-3 py-0.5 text-xl font-bold text-amber-200 ring-2 ring-amber-400">
              {t("board.meeting.takeOver")}
            </button>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** Time left in a timebox, in colour and words: green, amber in its last quarter, red when over. */
function Timer({ label, since, minutes, now, data }: { label: string; since: string | null; minutes: number; now: Date; data: string }) {
  const { t } = useTranslation();
  const total = minutes * 60;
  const elapsed = since ? Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000)) : 0;
  const left = total - elapsed;
  const state = left < 0 ? "over" : left <= total / 4 ? "low" : "ok";
  const look = state === "over" ? TV_STATUS.red : state === "low" ? TV_STATUS.amber : TV_STATUS.green;
  const clock = (s: number) => `${Math.floor(Math.abs(s) / 60)}:${String(Math.abs(s) % 60).padStart(2, "0")}`;
  return (
    <span className={`rounded-lg px-3 py-1 text-xl font-bold tabular-nums ${look}`} data-timer={data} data-timer-state={state}>
      {left < 0 ? t("board.meeting.over", { label, clock: clock(left) }) : t("board.meeting.left", { label, clock: clock(left) })}
    </span>
  );
}
