import type { Db } from "../../db/client";

/** How often the server looks for commits by another process: a revocation by the CLI reaches open sockets within this. */
export const ELSEWHERE_POLL_MS = 250;

/**
 * Be told when another connection (the CLI in another process) commits to
 * the database. SQLite's `PRAGMA data_version` changes, on this connection,
 * only when another connection committed (https://sqlite.org/pragma.html#pragma_data_version):
 * one look at the WAL index, the same cost whatever the database's size, so
 * a poll every quarter second keeps the event loop free. The timer is
 * unref'd: it never keeps the process alive.
 */
export function watchCommitsElsewhere(
  db: Db,
  { everyMs = ELSEWHERE_POLL_MS, onCommit, onError }: { everyMs?: number; onCommit: () => void; onError: (error: unknown) => void },
) {
  const version = db.$client.prepare("PRAGMA data_version").pluck();
  let seen = version.get() as number;
  const timer = setInterval(() => {
    try {
      const now = version.get() as number;
      if (now === seen) return;
      seen = now;
      onCommit();
    } catch (error) {
      onError(error);
    }
  }, everyMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
    },
  };
}
