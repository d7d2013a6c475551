import { setImmediate as setImmediatePromise } from "node:timers/promises";

export interface BroadcastEvent {
  release: string;
  seq: number;
}

export interface BroadcasterDeps<E extends BroadcastEvent> {
  /** The sockets watching a release now; one that joins later got the event in its join reply. */
  audience(release: string): string[];
  /** Write one event to these sockets. */
  write(ids: string[], event: E): void;
  /** How long a broadcast may hold one turn of the event loop before it lets other work in. */
  sliceMs: number;
  /** Sockets written between looks at the clock (each group encodes the packet once). */
  groupSize: number;
  onError(error: unknown, event: E): void;
  now?: () => number;
  /** Resolves on a later turn of the event loop. */
  nextTurn?: () => Promise<unknown>;
}

/**
 * Sends committed events to the sockets watching their release, in commit
 * order: an event waits until the one before it has reached every socket.
 * With nothing queued, the first group goes out during `publish`, so before
 * the writer's HTTP response. A turn of the event loop is spent on
 * broadcasts for about `sliceMs` at most, however many events and calls it
 * holds, so thousands of boards never stall API requests for one long tick,
 * while a few hundred get an event in one go.
 */
export function createBroadcaster<E extends BroadcastEvent>({
  audience,
  write,
  sliceMs,
  groupSize,
  onError,
  now = () => performance.now(),
  nextTurn = () => setImmediatePromise(),
}: BroadcasterDeps<E>) {
  const queue: E[] = [];
  let draining = false;
  /** This turn of the event loop: when its first group was written, and how many since. */
  const turn = { started: 0, groups: 0 };

  const budgetSpent = () => turn.groups > 0 && now() - turn.started >= sliceMs;
  const countGroup = () => {
    if (turn.groups === 0) {
      turn.started = now();
      // Marks the end of this turn, whoever writes in it: scheduled before any wait for a
      // later turn, so it runs first.
      void nextTurn().then(() => {
        turn.groups = 0;
      });
    }
    turn.groups += 1;
  };

  const drain = async () => {
    draining = true;
    try {
      for (let event = queue.shift(); event; event = queue.shift()) {
        try {
          const ids = audience(event.release);
          for (let i = 0; i < ids.length; i += groupSize) {
            if (budgetSpent()) await nextTurn();
            countGroup();
            write(ids.slice(i, i + groupSize), event);
          }
        } catch (error) {
          onError(error, event);
        }
      }
    } finally {
      draining = false;
    }
  };

  return {
    /** Called after the commit. */
    publish(event: E) {
      queue.push(event);
      if (!draining) void drain();
    },
  };
}
