import { describe, expect, it } from "vitest";
import { createBroadcaster } from "./broadcaster";

interface Event {
  release: string;
  seq: number;
}

/**
 * A broadcaster on a clock where writing one group takes `groupMs`, and on
 * turns of the event loop that end only when the test says so.
 */
function harness({ members = 1000, groupMs = 3, sliceMs = 8, failOn = -1 } = {}) {
  let clock = 0;
  let waiting: (() => void)[] = [];
  const writes: { ids: string[]; seq: number; turn: number }[] = [];
  const errors: number[] = [];
  let turn = 0;
  const ids = Array.from({ length: members }, (_, i) => `s${i}`);
  const broadcaster = createBroadcaster<Event>({
    audience: () => ids,
    write: (group, event) => {
      if (event.seq === failOn) throw new Error("socket gone");
      clock += groupMs;
      writes.push({ ids: group, seq: event.seq, turn });
    },
    sliceMs,
    groupSize: 100,
    onError: (_error, event) => errors.push(event.seq),
    now: () => clock,
    nextTurn: () => new Promise<void>((resolve) => waiting.push(resolve)),
  });
  return {
    broadcaster,
    writes,
    errors,
    /** End this turn: whatever waited for the next one runs (and may wait again). */
    async endTurn() {
      const due = waiting;
      waiting = [];
      turn += 1;
      for (const resolve of due) resolve();
      await new Promise((r) => setImmediate(r));
    },
    async endAllTurns() {
      for (let i = 0; i < 100 && waiting.length; i++) await this.endTurn();
    },
    /** Per socket, the seqs it was sent, in order. */
    perSocket() {
      const sent = new Map<string, number[]>();
      for (const w of writes) for (const id of w.ids) sent.set(id, [...(sent.get(id) ?? []), w.seq]);
      return sent;
    },
  };
}

describe("broadcaster", () => {
  it("writes the first groups during publish, then one slice per turn", async () => {
    const h = harness({ members: 1000 });
    h.broadcaster.publish({ release: "r", seq: 1 });
    // 3 ms per group, 8 ms per turn: three groups before publish returns.
    expect(h.writes.map((w) => w.turn)).toEqual([0, 0, 0]);
    await h.endAllTurns();
    expect(h.writes.map((w) => w.turn)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2, 3]);
    expect([...h.perSocket().values()].every((seqs) => seqs.join() === "1")).toBe(true);
    expect(h.perSocket().size).toBe(1000);
  });

  it("sends a few hundred boards an event in one go", () => {
    const h = harness({ members: 200, groupMs: 1 });
    h.broadcaster.publish({ release: "r", seq: 1 });
    expect(h.writes).toHaveLength(2);
    expect(h.perSocket().size).toBe(200);
  });

  it("keeps commit order on every socket when events arrive mid-broadcast", async () => {
    const h = harness({ members: 1000 });
    h.broadcaster.publish({ release: "r", seq: 1 });
    await h.endTurn();
    h.broadcaster.publish({ release: "r", seq: 2 });
    h.broadcaster.publish({ release: "r", seq: 3 });
    await h.endAllTurns();
    for (const seqs of h.perSocket().values()) expect(seqs).toEqual([1, 2, 3]);
  });

  it("spends one budget per turn across events published one after another", async () => {
    const h = harness({ members: 100 });
    for (let seq = 1; seq <= 6; seq++) h.broadcaster.publish({ release: "r", seq });
    // Six one-group events, 3 ms each: three fit in the first 8 ms turn, not six.
    expect(h.writes.map((w) => w.seq)).toEqual([1, 2, 3]);
    await h.endAllTurns();
    expect(h.writes.map((w) => [w.seq, w.turn])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 1],
      [5, 1],
      [6, 1],
    ]);
  });

  it("reports a failed broadcast and goes on with the next events", async () => {
    const h = harness({ members: 100, failOn: 2 });
    h.broadcaster.publish({ release: "r", seq: 1 });
    h.broadcaster.publish({ release: "r", seq: 2 });
    h.broadcaster.publish({ release: "r", seq: 3 });
    await h.endAllTurns();
    expect(h.errors).toEqual([2]);
    h.broadcaster.publish({ release: "r", seq: 4 });
    await h.endAllTurns();
    expect(h.writes.map((w) => w.seq)).toEqual([1, 3, 4]);
  });
});
