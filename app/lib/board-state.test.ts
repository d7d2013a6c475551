import { describe, expect, it } from "vitest";
import { translator } from "./i18n";
import type { GreenlightEvent } from "../shared/events";
import type { Board } from "../shared/board";
import { actorName, applyEvent, applyEvents, applyOwnerNames, applySnapshot, initialBoardState } from "./board-state";

const item = (id: string, status: "green" | "red" | "amber" | "pending") => ({
  id,
  section: "s",
  title: `Item ${id}`,
  kind: "check" as const,
  owner: "rd",
  status,
  reason: status,
  version: 0,
  evidence_at: null,
  updated_at: "2026-11-21T09:00:00.000Z",
  assignee: null,
});

const board = (): Board => ({
  release: { id: "r", name: "R", template: "t", start_date: "2026-11-02", launch_date: "2026-12-01" },
  seq: 5,
  sections: [
    { key: "s", name: "S", owner: "rd", counts: { green: 1, amber: 0, red: 1, pending: 0, total: 2 }, items: [item("s.a", "green"), item("s.b", "red")] },
  ],
  totals: { green: 1, amber: 0, red: 1, pending: 0, total: 2 },
  gate: { open: false, blocking: 1 },
  schedule: null,
  phase: "open",
  meeting: null,
  required_functions: [],
  votes: [],
  decision: null,
  actions: { open: 0, overdue: 0, items: [] },
});

/** The event that turns s.b to `status` at `seq`. */
const report = (seq: number, status: "green" | "red", from: "green" | "red" = status === "green" ? "red" : "green"): GreenlightEvent => {
  const green = status === "green" ? 2 : 1;
  const counts = { green, amber: 0, red: 2 - green, pending: 0, total: 2 };
  return {
    release: "r",
    seq,
    type: "evidence.reported",
    at: `2026-11-21T09:00:${String(seq).padStart(2, "0")}.000Z`,
    actor: "user:ana@example.com",
    data: {
      item: "s.b",
      evidence: { done: status === "green" },
      note: null,
      link: null,
      version: seq,
      from: { status: from, reason: from },
      to: { status, reason: status },
    },
    board: {
      items: [{ ...item("s.b", status), version: seq }],
      sections: { s: counts },
      totals: counts,
      gate: { open: status === "green", blocking: status === "green" ? 0 : 1 },
    },
  };
};

const start = () => applySnapshot(initialBoardState(), board());
const statusOf = (state: ReturnType<typeof start>, id: string) => state.board!.sections[0]!.items.find((i) => i.id === id)!.status;

const en = translator("en");
const zh = translator("zh-CN");

describe("the board reducer", () => {
  it("applies the next event: item, counts, totals, gate, ticker, flash and the gate-open moment", () => {
    const { state, outcome } = applyEvent(start(), report(6, "green"));
    expect(outcome).toBe("applied");
    expect(state.seq).toBe(6);
    expect(statusOf(state, "s.b")).toBe("green");
    expect(state.board!.sections[0]!.counts).toEqual({ green: 2, amber: 0, red: 0, pending: 0, total: 2 });
    expect(state.board!.gate).toEqual({ open: true, blocking: 0 });
    expect(state.gateOpenedAt).toBe(6);
    expect(state.flashes).toEqual({ "s.b": 6 });
    expect(state.ticker[0]).toMatchObject({ seq: 6, who: "ana@example.com", status: "green" });
    expect(state.ticker[0]!.text(en)).toBe("Item s.b — red → green: green");
    expect(state.ticker[0]!.text(zh)).toBe("Item s.b — 红 → 绿：green");
    // The reason is the server's English string; the Chinese screen says it in Chinese.
    const red = report(6, "red");
    const notDone = { ...red, data: { ...red.data, to: { status: "red", reason: "not done" } } } as GreenlightEvent;
    expect(applyEvent(start(), notDone).state.ticker[0]!.text(zh)).toBe("Item s.b — 绿 → 红：未完成");
    expect(state.lastUpdateAt).toBe("2026-11-21T09:00:06.000Z");
  });

  it("ignores a duplicate and a late event: older state never overwrites newer", () => {
    const after7 = applyEvents(start(), [report(6, "green"), report(7, "red")]).state;
    expect(statusOf(after7, "s.b")).toBe("red");
    const duplicate = applyEvent(after7, report(7, "red"));
    expect(duplicate.outcome).toBe("duplicate");
    expect(duplicate.state).toBe(after7);
    const late = applyEvent(after7, report(6, "green"));
    expect(late.outcome).toBe("duplicate");
    expect(statusOf(late.state, "s.b")).toBe("red");
    expect(late.state.board!.gate.open).toBe(false);
  });

  it("reports a gap instead of applying an event beyond the next seq", () => {
    const { state, outcome } = applyEvent(start(), report(7, "green"));
    expect(outcome).toBe("gap");
    expect(state.seq).toBe(5);
    expect(statusOf(state, "s.b")).toBe("red");
  });

  it("applies a catch-up batch in seq order whatever order it arrives in, and stops at a gap", () => {
    const caught = applyEvents(start(), [report(7, "red"), report(6, "green")]);
    expect(caught).toMatchObject({ outcome: "applied", state: { seq: 7 } });
    expect(caught.state.ticker.map((t) => t.seq)).toEqual([7, 6]);
    const gap = applyEvents(start(), [report(6, "green"), report(8, "red")]);
    expect(gap.outcome).toBe("gap");
    expect(gap.state.seq).toBe(6);
  });

  it("does not flash an item whose status did not change, nor count a gate that stays open as opening", () => {
    const open = applyEvent(start(), report(6, "green")).state;
    const again = applyEvent(open, report(7, "green", "green")).state;
    expect(again.flashes["s.b"]).toBe(6);
    expect(again.gateOpenedAt).toBe(6);
  });

  it("a page's snapshot with the events before it starts with a ticker (the page joins with its seq and gets no `recent`)", () => {
    const loaded = { ...board(), seq: 6 };
    const state = initialBoardState(loaded, [report(6, "red"), report(5, "green", "red")]);
    expect(state).toMatchObject({ board: loaded, seq: 6, connection: "connecting", lastUpdateAt: "2026-11-21T09:00:06.000Z" });
    expect(state.ticker.map((t) => t.seq)).toEqual([6, 5]);
    expect(initialBoardState(loaded).ticker).toEqual([]);
  });

  it("a snapshot replaces the state and fills the ticker from recent events", () => {
    const ahead = { ...board(), seq: 9 };
    const state = applySnapshot(applyEvent(start(), report(6, "green")).state, ahead, [report(6, "green")]);
    expect(state.seq).toBe(9);
    expect(statusOf(state, "s.b")).toBe("red");
    expect(state.ticker).toHaveLength(1);
  });

  it("takes the schedule tile from an event that carries one, and keeps it otherwise", () => {
    const tile = {
      as_of: "2026-11-21",
      launch: "2026-12-01",
      planned_finish: "2026-11-26",
      projected_finish: "2026-11-30",
      slack_to_launch: 1,
      planned_slack_to_launch: 3,
      late_critical: [{ id: "mm", name: "MM tests", owner: "mm", assignee: "Mei Lin", planned_finish: "2026-11-24", projected_finish: "2026-11-26" }],
      late_critical_count: 1,
    };
    const planned = report(6, "green");
    const withPlan = applyEvent(start(), {
      ...planned,
      type: "task.updated",
      data: { task: "mm", from: { progress: 0 }, to: { progress: 50 } },
      board: { ...planned.board, schedule: tile },
    }).state;
    expect(withPlan.board!.schedule).toEqual(tile);
    const after = applyEvent(withPlan, report(7, "red")).state;
    expect(after.board!.schedule).toBe(tile);
    const cleared = applyEvent(after, {
      ...report(8, "red", "red"),
      type: "wbs.replaced",
      data: { tasks: 0, dependencies: 0, finish: "2026-11-30", slack_to_launch: 1 },
      board: { ...report(8, "red", "red").board, schedule: null },
    }).state;
    expect(cleared.board!.schedule).toBeNull();
  });

  it("takes vote freshness from the server's delta and derives none of its own", () => {
    const vote = { function: "rd", vote: "go" as const, comment: "", voter: "user:a@example.com", cast_at: "t", seq: 5, fresh: true };
    const state = applySnapshot(initialBoardState(), { ...board(), votes: [vote] });
    // A status change whose delta carries no votes leaves them as the server last said.
    expect(applyEvent(state, report(6, "green")).state.board!.votes[0]!.fresh).toBe(true);
    const stale = { ...report(6, "green"), board: { ...report(6, "green").board, votes: [{ ...vote, fresh: false }] } } as GreenlightEvent;
    const changed = applyEvent(state, stale).state;
    expect(changed.board!.votes[0]!.fresh).toBe(false);
    const confirmed = {
      ...report(7, "green", "green"),
      type: "vote.cast",
      data: { function: "rd", vote: "go", comment: "" },
      board: { ...report(7, "green", "green").board, items: [], votes: [{ ...vote, seq: 7 }], required_functions: ["rd"] },
    } as GreenlightEvent;
    const after = applyEvent(changed, confirmed).state;
    expect(after.board!.votes[0]).toMatchObject({ seq: 7, fresh: true });
    expect(after.board!.required_functions).toEqual(["rd"]);
    expect(after.ticker[0]).toMatchObject({ status: "green" });
    expect(after.ticker[0]!.text(en)).toBe("RD votes GO");
  });

  it("names actors as people read them", () => {
    expect(actorName("user:ana@example.com")).toBe("ana@example.com");
    expect(actorName("token:grafana")).toBe("grafana (API)");
    expect(actorName("system")).toBe("system");
    // A person by name when the server said it.
    expect(actorName("user:ana@example.com", "Ana Lima")).toBe("Ana Lima");
    expect(actorName("token:grafana", null)).toBe("grafana (API)");
  });

  it("takes who answers for each function as the server says it, without touching the seq or anything else", () => {
    const state = initialBoardState({ ...board(), owner_names: { rd: [] } });
    const after = applyOwnerNames(state, { rd: ["Wang Fang"] });
    expect(after.board!.owner_names).toEqual({ rd: ["Wang Fang"] });
    expect({ ...after, board: { ...after.board, owner_names: undefined } }).toEqual({ ...state, board: { ...state.board, owner_names: undefined } });
    // The next event keeps them: they are not in the log.
    expect(applyEvent(after, report(6, "green")).state.board!.owner_names).toEqual({ rd: ["Wang Fang"] });
    expect(applyOwnerNames(initialBoardState(), { rd: ["Wang Fang"] }).board).toBeNull();
  });
});
