import { useEffect, useState } from "react";
import type { Board } from "../shared/board";
import type { GreenlightEvent } from "../shared/events";
import type { Presence } from "../shared/protocol";
import { BoardConnection } from "./board-connection";
import { initialBoardState, type BoardState } from "./board-state";

/**
 * A release's board, kept live over Socket.IO. Starts from the loader's
 * snapshot (and the events before it, for the ticker); the connection
 * catches up from its seq. Shared by the TV board and the readiness page.
 */
export function useLiveBoard(initial: Board, token?: string, recent: GreenlightEvent[] = []): { state: BoardState; presence: Presence | null } {
  const [state, setState] = useState<BoardState>(() => initialBoardState(initial, recent));
  const [presence, setPresence] = useState<Presence | null>(null);
  const release = initial.release.id;

  useEffect(() => {
    const connection = new BoardConnection({ release, token, onChange: setState, onPresence: setPresence }, initial, recent);
    connection.start();
    const offline = () => connection.lost();
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("offline", offline);
      connection.stop();
    };
    // The snapshot only seeds the connection; later loader data must not restart it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [release, token]);

  return { state, presence };
}

/** The current time, refreshed every `everyMs` (ages and countdowns on screen). */
export function useNow(everyMs: number, initial: string): Date {
  const [now, setNow] = useState(() => new Date(initial));
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
