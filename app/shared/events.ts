import { z } from "zod";
import type { BoardDelta } from "./board";
import { PRIORITIES, STATUSES } from "./kinds";

/**
 * The events of a release's log (SPEC 2, 5): one zod schema per event type
 * for its `data`, and `GreenlightEvent`, a union keyed on `type`. The ledger
 * checks every event against its schema before appending it, so the log holds
 * only these shapes; readers switch on `type` and get the data typed.
 */
const outcome = z.strictObject({ status: z.enum(STATUSES), reason: z.string() });
const json = z.record(z.string(), z.unknown());
const meeting = z.number().int();
const action = z.number().int();
const postmortem = z.number().int();
const paramValue = z.union([z.number(), z.string(), z.boolean()]);

export const EVENT_DATA = {
  "release.created": z.strictObject({
    name: z.string(),
    template: z.string(),
    start_date: z.string(),
    launch_date: z.string(),
    calendar: z.strictObject({ workdays: z.array(z.number()), holidays: z.array(z.string()) }),
    items: z.number().int(),
  }),
  "evidence.reported": z.strictObject({
    item: z.string(),
    evidence: json,
    note: z.string().nullable(),
    link: z.string().nullable(),
    version: z.number().int(),
    from: outcome,
    to: outcome,
  }),
  /** `time`: evidence aged or expired; `recomputed`: a computed item's rule or facts changed outside a write (an upgrade). */
  "item.status_changed": z.strictObject({ item: z.string(), cause: z.enum(["time", "recomputed"]), from: outcome, to: outcome }),
  "item.assigned": z.strictObject({ item: z.string(), from: z.string().nullable(), to: z.string().nullable() }),
  "board_link.created": z.strictObject({ board_link: z.number().int(), name: z.string(), locale: z.string().nullable().optional() }),
  "board_link.revoked": z.strictObject({ board_link: z.number().int(), name: z.string() }),
  "wbs.replaced": z.strictObject({ tasks: z.number().int(), dependencies: z.number().int(), finish: z.string(), slack_to_launch: z.number() }),
  "task.updated": z.strictObject({ task: z.string(), from: json, to: json }),
  "schedule.refreshed": z.strictObject({ as_of: z.string(), projected_finish: z.string().nullable(), slack_to_launch: z.number().nullable() }),
  "gate.alarm": z.strictObject({
    item: z.string(),
    title: z.string(),
    owner: z.string(),
    from: z.literal("green"),
    to: z.enum(STATUSES),
    reason: z.string(),
  }),
  "meeting.scheduled": z.strictObject({ meeting, scheduled_at: z.string(), required_functions: z.array(z.string()) }),
  "meeting.started": z.strictObject({ meeting, presenter: z.string() }),
  "meeting.moved": z.strictObject({ meeting, from: z.string().optional(), to: z.string().optional() }),
  "meeting.presenter": z.strictObject({ meeting, from: z.string().nullable(), to: z.string() }),
  "meeting.note": z.strictObject({ meeting, section: z.string(), text: z.string() }),
  "meeting.ended": z.strictObject({ meeting }),
  "vote.cast": z.strictObject({ function: z.string(), vote: z.enum(["go", "no_go"]), comment: z.string() }),
  "decision.recorded": z.strictObject({
    decision: z.enum(["go", "no_go"]),
    id: z.number().int(),
    hash: z.string(),
    summary: z.string(),
    actions: z.number().int(),
  }),
  /** A decision's follow-up closed, as logged before action items (issue 13): kept so older logs still read. */
  "action.done": z.strictObject({ action: z.number().int(), title: z.string(), owner: z.string() }),
  "action.created": z.strictObject({
    action,
    title: z.string(),
    owner: z.string().nullable(),
    function: z.string(),
    priority: z.enum(PRIORITIES),
    due: z.string(),
    postmortem: z.number().int().nullable(),
  }),
  /** What changed, field by field; `linked`/`unlinked` when the releases it blocks changed. */
  "action.updated": z.strictObject({ action, title: z.string(), changes: z.record(z.string(), z.strictObject({ from: z.unknown(), to: z.unknown() })) }),
  "action.closed": z.strictObject({
    action,
    title: z.string(),
    owner: z.string().nullable(),
    priority: z.enum(PRIORITIES),
    status: z.enum(["done", "wont_do"]),
    evidence_link: z.string().nullable(),
    reason: z.string().nullable(),
  }),
  /** Found by the server on its own: open past its due date. */
  "action.overdue": z.strictObject({ action, title: z.string(), owner: z.string().nullable(), priority: z.enum(PRIORITIES), due: z.string() }),
  "postmortem.created": z.strictObject({ postmortem, title: z.string(), severity: z.string() }),
  "postmortem.updated": z.strictObject({ postmortem, title: z.string(), fields: z.array(z.string()) }),
  "postmortem.status": z.strictObject({ postmortem, title: z.string(), from: z.string(), to: z.string() }),
  /** The roster changed (SPEC 12.1): its size after, what changed, and the first emails changed. */
  "roster.changed": z.strictObject({
    people: z.number().int(),
    added: z.number().int(),
    removed: z.number().int(),
    updated: z.number().int(),
    emails: z.array(z.string()),
  }),
  /** LMS results recorded: attempts kept, how many passed, for how many people. */
  "assessment.recorded": z.strictObject({
    assessment: z.string(),
    attempts: z.number().int(),
    passed: z.number().int(),
    people: z.number().int(),
    source: z.enum(["api", "csv"]),
  }),
  /** The SOP registry (SPEC 12.2), logged in every release whose `sop` items follow the SOP. */
  "sop.created": z.strictObject({ sop: z.string(), title: z.string(), owner: z.string(), review_days: z.number().int() }),
  "sop.revised": z.strictObject({ sop: z.string(), version: z.number().int(), summary: z.string() }),
  "sop.approved": z.strictObject({ sop: z.string(), version: z.number().int(), summary: z.string() }),
  "sop.reviewed": z.strictObject({ sop: z.string(), version: z.number().int(), note: z.string() }),
  /** Acknowledgements of a revision: how many new, and their emails. */
  "sop.acknowledged": z.strictObject({ sop: z.string(), version: z.number().int(), count: z.number().int(), emails: z.array(z.string()) }),
  "release.phase": z.strictObject({ from: z.string(), to: z.string() }),
  /** A drill recorded (SPEC 12.5); its evidence and its findings' action items follow as their own events. */
  "drill.recorded": z.strictObject({
    drill: z.number().int(),
    item: z.string(),
    kind: z.string(),
    performed_on: z.string(),
    result: z.enum(["pass", "fail"]),
    detect_s: z.number().nullable(),
    mitigate_s: z.number().nullable(),
    participants: z.number().int(),
    findings: z.number().int(),
  }),
  /** Retention changed: repeated readings older than `to` days are compacted (null: everything is kept). */
  "release.retention": z.strictObject({ from: z.number().int().nullable(), to: z.number().int().nullable() }),
  /**
   * Retention ran: repeated readings with an unchanged status in (after, through]
   * were removed (`removed`, per item in `items`); `kept` events remain there,
   * and the range's sealed record lets the chain be walked across it (ADR 010).
   */
  "log.compacted": z.strictObject({
    after: z.number().int(),
    through: z.number().int(),
    removed: z.number().int(),
    kept: z.number().int(),
    older_than: z.string(),
    items: z.record(z.string(), z.number().int()),
  }),
  /** Risk parameter sign-off (SPEC 12.3): a proposal of approved values, with its rationale. */
  "params.proposed": z.strictObject({ proposal: z.number().int(), values: z.record(z.string(), paramValue), rationale: z.string() }),
  /** One approval; `approved`: it was the second, and the values are now the approved ones (the items re-evaluated with it). */
  "params.approved": z.strictObject({
    proposal: z.number().int(),
    approvals: z.number().int(),
    approved: z.boolean(),
    values: z.record(z.string(), paramValue),
  }),
  /** Turned down by an approver, or withdrawn by its proposer. */
  "params.rejected": z.strictObject({ proposal: z.number().int(), reason: z.string(), withdrawn: z.boolean() }),
  /** Campaigns around the launch (SPEC 13, ADR 024): dates as given (a date or "T-2"), resolved against the launch at the write. */
  "campaign.created": z.strictObject({
    campaign: z.string(),
    name: z.string(),
    kind: z.string(),
    starts: z.string(),
    ends: z.string(),
    start_date: z.string(),
    end_date: z.string(),
    requires: z.strictObject({ tasks: z.array(z.string()), items: z.array(z.string()) }),
  }),
  "campaign.updated": z.strictObject({
    campaign: z.string(),
    name: z.string(),
    changes: z.record(z.string(), z.strictObject({ from: z.unknown(), to: z.unknown() })),
  }),
  "campaign.deleted": z.strictObject({ campaign: z.string(), name: z.string() }),
  /** The launch date moved: everything that depends on it was re-evaluated in the same transaction. */
  "release.rescheduled": z.strictObject({ from: z.string(), to: z.string() }),
} satisfies Record<string, z.ZodType>;

export type EventType = keyof typeof EVENT_DATA;
export const EVENT_TYPES = Object.keys(EVENT_DATA) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EVENT_DATA)[T]>;

interface EventOf<T extends EventType> {
  release: string;
  seq: number;
  type: T;
  at: string;
  actor: string;
  data: EventData<T>;
  board: BoardDelta;
}

/** One event of the log, its `data` typed by its `type`. */
export type GreenlightEvent = { [T in EventType]: EventOf<T> }[EventType];

/** What happened, without where and when: the part of an event a description needs. */
export type EventBody = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** An event of one type (`EventOfType<"vote.cast">`). */
export type EventOfType<T extends EventType> = EventOf<T>;

/** The readiness item an event is about, if any (the log indexes it). */
export function itemOf(event: { data: unknown }): string | null {
  const data = event.data as { item?: unknown };
  return typeof data.item === "string" ? data.item : null;
}
