import { useFetcher } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { Board, BoardMeeting } from "../shared/board";
import { actorName } from "../lib/board-state";

/**
 * The board in a live Go/No-Go meeting: the agenda with the presenter's
 * section, a timer for that section and one for the meeting (green, then
 * amber in the last quarter, red when over, in words too), the section's
 * notes, and for the presenter the controls. Every screen follows the
 * presenter; a follower may step away to another section and jump back.
 */
export interface Viewer {
  label: string;
  admin: boolean;
}

export function MeetingStrip({
  board,
  meeting,
  viewer,
  now,
  shown,
  onShow,
}: {
  board: Board;
  meeting: BoardMeeting;
  viewer: Viewer | null;
  now: Date;
  /** The section this screen shows. */
  shown: string;
  /** Step away to a section (or back to the presenter's with null). */
  onShow: (section: string | null) => void;
}) {
  const fetcher = useFetcher();
  const presenting = viewer !== null && meeting.presenter === viewer.label;
  const presenterSection = meeting.agenda[meeting.current]!;
  const away = shown !== presenterSection;
  const send = (intent: string, extra: Record<string, string> = {}) =>
    fetcher.submit({ intent, meeting: String(meeting.id), ...extra }, { method: "post", action: `/releases/${board.release.id}/meeting` });
  // Moves wait for the previous one to finish: a second submit would abort the first (an error in the
  // console, and a move lost), and a fast "n n" adds up to two sections from where the board is by then.
  // The refs, not `fetcher.state`, say a move is under way: a second key press can come before a re-render.
  const pendingMoves = useRef(0);
  const moving = useRef(false);
  const flushMoves = () => {
    if (moving.current || pendingMoves.current === 0) return;
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

  const nameOf = (key: string) => board.sections.find((s) => s.key === key)?.name ?? key;
  const notes = meeting.notes[shown];
  return (
    <section
      aria-label="Go/No-Go meeting"
      data-meeting-live={meeting.id}
      data-presenting={presenting}
      data-following={away ? "away" : "presenter"}
      className="rounded-xl bg-slate-900 p-4 ring-2 ring-sky-500"
    >
      <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
        <span className="text-lg font-black uppercase tracking-wide text-sky-300">Go/No-Go meeting</span>
        <Timer label="This section" since={meeting.current_since} minutes={meeting.item_minutes} now={now} data="item" />
        <Timer label="Meeting" since={meeting.started_at} minutes={meeting.total_minutes} now={now} data="meeting" />
        <span className="text-lg text-slate-300">
          Presenter: <strong className="text-white">{meeting.presenter ? actorName(meeting.presenter) : "nobody"}</strong>
          {presenting ? " (you)" : ""}
        </span>
        <span className="ml-auto flex gap-2">
          {presenting ? (
            <>
              <button
                type="button"
                onClick={() => move(-1)}
                disabled={meeting.current === 0}
                className="rounded-lg px-4 py-2 text-lg font-bold ring-2 ring-slate-500 disabled:opacity-40"
                title="Previous section (p)"
              >
                ◀ Previous (p)
              </button>
              <button
                type="button"
                onClick={() => move(1)}
                disabled={meeting.current === meeting.agenda.length - 1}
                className="rounded-lg bg-sky-600 px-4 py-2 text-lg font-bold text-white disabled:opacity-40"
                title="Next section (n)"
              >
                Next (n) ▶
              </button>
            </>
          ) : null}
          {viewer?.admin && !presenting ? (
            <button type="button" onClick={() => send("take-over")} className="rounded-lg px-4 py-2 text-lg font-bold ring-2 ring-amber-400 text-amber-200">
              Take over presenting
            </button>
          ) : null}
          {away ? (
            <button type="button" onClick={() => onShow(null)} className="rounded-lg bg-amber-400 px-4 py-2 text-lg font-bold text-slate-950" data-jump-back>
              ↩ Back to the presenter: {nameOf(presenterSection)}
            </button>
          ) : null}
        </span>
      </div>
      <ol className="mt-3 flex flex-wrap gap-2" aria-label="Agenda">
        {meeting.agenda.map((key, index) => {
          const current = index === meeting.current;
          const viewing = key === shown;
          return (
            <li key={key}>
              <button
                type="button"
                onClick={() => (presenting ? send("move", { index: String(index) }) : onShow(current ? null : key))}
                aria-current={current ? "step" : undefined}
                data-agenda={key}
                className={`rounded-lg px-3 py-1.5 text-lg font-semibold ${current ? "bg-sky-600 text-white" : viewing ? "bg-amber-400 text-slate-950" : index < meeting.current ? "bg-slate-800 text-slate-400" : "bg-slate-800 text-slate-200"}`}
              >
                {index + 1}. {nameOf(key)}
                {current ? " ◀ now" : ""}
              </button>
            </li>
          );
        })}
      </ol>
      {notes ? (
        <p className="mt-3 whitespace-pre-wrap rounded-lg bg-slate-800 px-3 py-2 text-lg text-slate-100" data-notes={shown}>
          <span className="font-bold text-sky-300">Notes: </span>
          {notes}
        </p>
      ) : null}
    </section>
  );
}

/** Time left in a timebox, in colour and words: green, amber in its last quarter, red when over. */
function Timer({ label, since, minutes, now, data }: { label: string; since: string | null; minutes: number; now: Date; data: string }) {
  const total = minutes * 60;
  const elapsed = since ? Math.max(0, Math.floor((now.getTime() - Date.parse(since)) / 1000)) : 0;
  const left = total - elapsed;
  const state = left < 0 ? "over" : left <= total / 4 ? "low" : "ok";
  const look = state === "over" ? "bg-red-600 text-white" : state === "low" ? "bg-amber-400 text-slate-950" : "bg-emerald-700 text-white";
  const clock = (s: number) => `${Math.floor(Math.abs(s) / 60)}:${String(Math.abs(s) % 60).padStart(2, "0")}`;
  return (
    <span className={`rounded-lg px-3 py-1 text-lg font-bold tabular-nums ${look}`} data-timer={data} data-timer-state={state}>
      {label}: {left < 0 ? `${clock(left)} over` : `${clock(left)} left`}
    </span>
  );
}
