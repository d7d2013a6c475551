import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import { applyDelta, type Board } from "../../app/shared/board";
import type { GreenlightEvent } from "../../app/shared/events";
import { parseWbsCsv } from "../../app/shared/schedule/csv";
import { testDatabase } from "../../test/support/db";
import { SYSTEM, type Actor } from "../auth/actor";
import { parseTemplate } from "../readiness/template";
import { createServices, type Services } from "../services";

const TEMPLATE = parseTemplate(
  "replay.yaml",
  `
template: replay
name: Replay
functions: [rd, ops]
sections:
  - key: s
    name: Stability
    owner: rd
    items:
      - {key: tick, title: Pen test closed, kind: check}
      - {key: latency, title: Latency, kind: metric, op: "<=", target: 20, max_age: 1h}
  - key: p
    name: Plan
    owner: ops
    items:
      - {key: ship, title: Ship, kind: task, tasks: [ship]}
`,
);
const CSV = `id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status
design,Design,,rd,3,,,0,in_progress
ship,Ship,,ops,0,design,,0,todo
`;
const PAT: Actor = { label: "user:pat@example.com", can: () => true };

let db: Db;
let now: Date;
let services: Services;

/** Every event of the release, applied in seq order from the first: the board the log says. */
function replay(events: GreenlightEvent[]): Board {
  const [first, ...rest] = events;
  expect(first!.type).toBe("release.created");
  let board = applyDelta(null as unknown as Board, first!.seq, first!.board);
  for (const event of rest) board = applyDelta(board, event.seq, event.board);
  return board;
}

beforeEach(() => {
  ({ db } = testDatabase());
  now = new Date("2026-11-18T09:00:00Z");
  services = createServices({ db, clock: () => now, templates: new Map([[TEMPLATE.id, TEMPLATE]]) });
  db.insert(users).values({ email: "ana@example.com", name: "Ana", role: "member", functions: [], createdAt: now.toISOString() }).run();
});

describe("the board projection", () => {
  it("is one function of the log: replaying every event of a release gives the server's snapshot", () => {
    const { readiness, wbs, goNoGo, ledger, projection } = services;
    // After every write, the log replayed so far is the board the server shows.
    const step = <T>(write: () => T): T => {
      const result = write();
      expect(replay(ledger.log.after("r", 0, 1000))).toEqual(projection.snapshot("r"));
      return result;
    };
    step(() =>
      readiness.createRelease(
        { id: "r", name: "R", template: "replay", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
        SYSTEM,
      ),
    );
    step(() => readiness.reportEvidence("r", "s.tick", { done: true }, PAT));
    step(() => readiness.reportEvidence("r", "s.latency", { value: 12 }, PAT));
    step(() => readiness.assign("r", "s.tick", "ana@example.com", PAT));
    step(() => wbs.replace("r", parseWbsCsv(CSV), PAT));
    step(() => wbs.updateTask("r", "design", { progress: 50 }, PAT));
    const { meeting } = step(() => goNoGo.scheduleMeeting("r", { scheduled_at: "2026-11-18T10:00:00Z", item_minutes: 5, total_minutes: 60 }, PAT));
    step(() => goNoGo.startMeeting(meeting.id, PAT));
    step(() => goNoGo.moveTo(meeting.id, 1, PAT));
    step(() => goNoGo.setNote(meeting.id, { section: "p", text: "design slips a day" }, PAT));
    step(() => goNoGo.castVote("r", { function: "rd", vote: "go", comment: "" }, PAT));
    step(() => goNoGo.castVote("r", { function: "ops", vote: "go", comment: "" }, PAT));
    step(() => readiness.reportEvidence("r", "s.tick", { done: false }, PAT)); // both votes go stale
    step(() => goNoGo.decide("r", { decision: "no_go", summary: "pen test reopened", actions: [{ title: "Close it", owner: "rd", due: "2026-11-20" }] }, PAT));
    step(() => readiness.reportEvidence("r", "s.tick", { done: true }, PAT));
    step(() => wbs.updateTask("r", "design", { status: "done", progress: 100 }, PAT));
    step(() => wbs.updateTask("r", "ship", { status: "done" }, PAT));
    step(() => goNoGo.castVote("r", { function: "rd", vote: "go", comment: "" }, PAT));
    step(() => goNoGo.castVote("r", { function: "ops", vote: "go", comment: "" }, PAT));
    step(() => goNoGo.decide("r", { decision: "go", summary: "all green", actions: [] }, PAT));
    now = new Date("2026-11-18T11:30:00Z");
    step(() => readiness.sweep()); // latency goes stale after GO: an alarm
    step(() => wbs.refresh("r"));
    step(() => goNoGo.setPhase("r", { phase: "released" }, PAT));
    step(() => goNoGo.endMeeting(meeting.id, PAT));
    step(() => ledger.record("r", PAT, "board_link.created", () => ({ result: undefined, data: { board_link: 7, name: "Lobby TV" } })));

    const events = ledger.log.after("r", 0, 1000);
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      "evidence.reported",
      "item.assigned",
      "wbs.replaced",
      "task.updated",
      "meeting.note",
      "vote.cast",
      "decision.recorded",
      "item.status_changed",
      "gate.alarm",
      "schedule.refreshed",
      "release.phase",
      "meeting.ended",
    ]) {
      expect(types).toContain(type);
    }
    const snapshot = projection.snapshot("r");
    expect(snapshot).toMatchObject({ phase: "released", gate: { open: false, blocking: 1 }, meeting: null, votes: [], decision: { decision: "go" } });
    expect(snapshot.schedule).not.toBeNull();
    expect(replay(events)).toEqual(snapshot);
  });

  it("names the people behind the board: each function's active leads, the assignee, the presenter, who scheduled, the voters, who decided", () => {
    const { readiness, goNoGo, projection } = services;
    const at = now.toISOString();
    db.insert(users)
      .values([
        { email: "rd1@example.com", name: "Wang Fang", role: "lead", functions: ["rd"], createdAt: at },
        { email: "rd2@example.com", name: "Li Lei", role: "lead", functions: ["rd", "ops"], createdAt: at, demo: true },
        { email: "gone@example.com", name: "Gone Lead", role: "lead", functions: ["ops"], createdAt: at, disabledAt: at },
        { email: "pat@example.com", name: "Pat PMO", role: "admin", functions: ["ops"], createdAt: at },
      ])
      .run();
    readiness.createRelease(
      { id: "r", name: "R", template: "replay", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
      SYSTEM,
    );
    const rd: Actor = { label: "user:rd1@example.com", can: () => true };
    readiness.assign("r", "s.tick", "ana@example.com", PAT);
    const { meeting } = goNoGo.scheduleMeeting("r", { scheduled_at: "2026-11-18T10:00:00Z", item_minutes: 5, total_minutes: 60 }, PAT);
    goNoGo.startMeeting(meeting.id, PAT);
    goNoGo.castVote("r", { function: "rd", vote: "no_go", comment: "" }, rd);
    goNoGo.decide("r", { decision: "no_go", summary: "not yet", actions: [] }, PAT);
    const board = projection.snapshot("r");
    // Leads only, not disabled; a demo's named owner counts; a function nobody leads is known to have nobody.
    expect(board.owner_names).toEqual({ rd: ["Li Lei", "Wang Fang"], ops: ["Li Lei"] });
    expect(board.sections[0]!.items.find((i) => i.id === "s.tick")).toMatchObject({ assignee: "ana@example.com", assignee_name: "Ana" });
    expect(board.meeting).toMatchObject({ presenter: PAT.label, presenter_name: "Pat PMO", scheduled_by: PAT.label, scheduled_by_name: "Pat PMO" });
    expect(board.decision).toMatchObject({ by: PAT.label, by_name: "Pat PMO" });
    // The record keeps the names as they were when it was sealed.
    const decision = goNoGo.getDecision(board.decision!.id);
    expect(decision.decided_by_name).toBe("Pat PMO");
    expect(JSON.parse(decision.record)).toMatchObject({
      owner_names: { rd: ["Li Lei", "Wang Fang"], ops: ["Li Lei"] },
      votes: [{ function: "rd", voter: rd.label, voter_name: "Wang Fang" }],
      meeting: { presenter_name: "Pat PMO" },
    });
    goNoGo.castVote("r", { function: "rd", vote: "go", comment: "" }, rd);
    expect(projection.snapshot("r").votes).toEqual([expect.objectContaining({ voter: rd.label, voter_name: "Wang Fang" })]);
  });

  it("carries stale votes in the delta of the change that made them stale", () => {
    const { readiness, goNoGo, ledger } = services;
    readiness.createRelease(
      { id: "r", name: "R", template: "replay", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
      SYSTEM,
    );
    goNoGo.castVote("r", { function: "rd", vote: "go", comment: "" }, PAT);
    const { seq } = readiness.reportEvidence("r", "s.tick", { done: true }, PAT);
    const [event] = ledger.log.after("r", seq - 1, 1);
    expect(event!.board.votes).toEqual([expect.objectContaining({ function: "rd", fresh: false })]);
  });
});
