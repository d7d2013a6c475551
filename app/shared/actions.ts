import { z } from "zod";
import { emailSchema } from "./auth-schemas";
import { instantSchema, isoDateSchema, PRIORITIES, slug, type Priority } from "./kinds";
import { WorkCalendar, type CalendarSpec } from "./schedule/calendar";
import { addDays } from "./time";

/**
 * Post-mortems and action items (SPEC 11, a contract) as data: their
 * vocabularies, the inputs the API and pages accept, the views they answer
 * with, the due-date policy and the order people read actions in. Pure, so
 * the browser's forms share it with the server.
 */
export { PRIORITIES, type Priority };
/** The priorities whose actions block a release by default (the `actions` kind) and need verified evidence to close. */
export const HIGH_PRIORITIES: readonly Priority[] = ["P0", "P1"];
export const isHighPriority = (priority: Priority) => HIGH_PRIORITIES.includes(priority);

export const ACTION_STATUSES = ["open", "in_progress", "done", "wont_do"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const OPEN_STATUSES: readonly ActionStatus[] = ["open", "in_progress"];
export const isOpen = (status: ActionStatus) => OPEN_STATUSES.includes(status);

export const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const POSTMORTEM_STATUSES = ["draft", "in_review", "published"] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

/** Working days from creation to the default due date, per priority (SPEC 11); a template's `action_policy` may change them. */
export const DEFAULT_ACTION_POLICY: Record<Priority, number> = { P0: 2, P1: 5, P2: 20, P3: 60 };
export const actionPolicySchema = z.strictObject(Object.fromEntries(PRIORITIES.map((p) => [p, z.number().int().min(0).max(365).optional()]))) as z.ZodType<
  Partial<Record<Priority, number>>
>;

const MON_FRI: CalendarSpec = { workdays: [1, 2, 3, 4, 5], holidays: [] };

/** The date `days` working days after `from` (0: `from` itself); Mon–Fri unless a release's calendar is given. */
export function addWorkdays(from: string, days: number, calendar: CalendarSpec = MON_FRI): string {
  if (days <= 0) return from;
  return new WorkCalendar(addDays(from, 1), calendar).dateOf(days - 1);
}

/** The default due date of a new action (SPEC 11). */
export function defaultDue(priority: Priority, created: string, policy: Partial<Record<Priority, number>> = {}, calendar?: CalendarSpec): string {
  return addWorkdays(created, policy[priority] ?? DEFAULT_ACTION_POLICY[priority], calendar);
}

/** Open past its due date (a date: overdue from the day after). */
export function isOverdue(action: { status: ActionStatus; due: string }, today: string): boolean {
  return isOpen(action.status) && action.due < today;
}

/** How people read a list of actions: open before closed, overdue first, then by due date, then priority. */
export function byUrgency(today: string) {
  return (a: { status: ActionStatus; due: string; priority: Priority; id: number }, b: typeof a): number => {
    const rank = (x: typeof a) => (isOverdue(x, today) ? 0 : isOpen(x.status) ? 1 : 2);
    return rank(a) - rank(b) || a.due.localeCompare(b.due) || a.priority.localeCompare(b.priority) || a.id - b.id;
  };
}

const http = z
  .url({ protocol: /^https?$/, message: "expected an http(s) URL" })
  .max(2000)
  .refine((u) => !/^https?:\/\/[^/]*@/i.test(u), "a link must not carry a user name or password");
const title = z.string().trim().min(1, "enter a title").max(300);
const releaseId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "not a release id")
  .max(64);
const releaseList = z
  .array(releaseId)
  .max(50)
  .transform((ids) => [...new Set(ids)]);

/** The fields of an action item, shared by the create and change schemas. */
export const actionFields = {
  title,
  description: z.string().trim().max(10_000),
  owner: emailSchema,
  function: slug,
  priority: z.enum(PRIORITIES, { error: "choose P0, P1, P2 or P3" }),
  due: isoDateSchema,
  postmortem: z.number().int().positive().nullable(),
  releases: releaseList,
  item: z.string().trim().min(1).max(200).nullable(),
};

export const actionCreateSchema = z.strictObject({
  ...actionFields,
  description: actionFields.description.default(""),
  /** Default: the owner's first function. */
  function: actionFields.function.optional(),
  priority: actionFields.priority.default("P2"),
  /** Default: the priority policy (SPEC 11). */
  due: actionFields.due.optional(),
  postmortem: actionFields.postmortem.default(null),
  releases: actionFields.releases.default([]),
  item: actionFields.item.default(null),
});

export const actionPatchSchema = z
  .strictObject({
    title: actionFields.title.optional(),
    description: actionFields.description.optional(),
    owner: actionFields.owner.optional(),
    function: actionFields.function.optional(),
    priority: actionFields.priority.optional(),
    due: actionFields.due.optional(),
    status: z.enum(["open", "in_progress"], { error: "status may be open or in_progress; close an action with POST /close" }).optional(),
    postmortem: actionFields.postmortem.optional(),
    releases: actionFields.releases.optional(),
    item: actionFields.item.optional(),
    /** The owner's evidence that the fix is in, for whoever verifies and closes it. */
    evidence_link: http.nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, "change at least one field");

export const actionCloseSchema = z.discriminatedUnion(
  "status",
  [
    z.strictObject({ status: z.literal("done"), evidence_link: http.optional(), note: z.string().trim().max(2000).optional() }),
    z.strictObject({ status: z.literal("wont_do"), reason: z.string().trim().min(1, "say why it will not be done").max(2000) }),
  ],
  { error: 'send { status: "done", evidence_link } or { status: "wont_do", reason }' },
);

export type ActionCreateInput = z.output<typeof actionCreateSchema>;
export type ActionPatchInput = z.output<typeof actionPatchSchema>;
export type ActionCloseInput = z.output<typeof actionCloseSchema>;

export const actionListQuery = z.strictObject({
  release: releaseId.optional(),
  owner: emailSchema.optional(),
  status: z.enum([...ACTION_STATUSES, "closed", "open_any"]).optional(),
  priority: z.enum(PRIORITIES).optional(),
  function: slug.optional(),
  postmortem: z.coerce.number().int().positive().optional(),
  overdue: z.enum(["1", "true", "0", "false"]).optional(),
  /** Due on or before this date. */
  due_by: isoDateSchema.optional(),
  format: z.enum(["json", "csv"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
  after: z.coerce.number().int().min(0).default(0),
});
export type ActionListQuery = z.output<typeof actionListQuery>;

/** An action item as the API and pages show it. */
export interface ActionView {
  id: number;
  title: string;
  description: string;
  /** The owner's email; null for a decision's follow-up given to a function until someone takes it. */
  owner: string | null;
  owner_name: string | null;
  function: string;
  priority: Priority;
  due: string;
  status: ActionStatus;
  overdue: boolean;
  postmortem: number | null;
  decision: number | null;
  releases: string[];
  item: string | null;
  evidence_link: string | null;
  reason: string | null;
  closed_by: string | null;
  closed_at: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

const timelineEntry = z.strictObject({ at: instantSchema(), text: z.string().trim().min(1).max(2000) });

/** Timeline order: by the instant, not the text (an entry may carry an offset: 15:01+01:00 comes before 14:40Z). */
export const inTimeOrder = (a: { at: string }, b: { at: string }) => Date.parse(a.at) - Date.parse(b.at) || a.at.localeCompare(b.at);

export const postmortemFields = {
  title,
  incident_at: instantSchema(),
  severity: z.enum(SEVERITIES, { error: "choose SEV1, SEV2, SEV3 or SEV4" }),
  summary: z.string().max(50_000),
  timeline: z.array(timelineEntry).max(500),
  causes: z.array(z.string().trim().min(1).max(2000)).max(100),
  releases: releaseList,
  owner: emailSchema,
  /** Where the incident lives: its page in an incident tool, or its id there. */
  incident_ref: z.string().trim().max(500).nullable(),
};

/** Title, time and severity are required unless the post-mortem starts from a decision, whose record fills what is left out. */
export const postmortemCreateSchema = z.strictObject({
  ...postmortemFields,
  title: postmortemFields.title.optional(),
  incident_at: postmortemFields.incident_at.optional(),
  severity: postmortemFields.severity.optional(),
  summary: postmortemFields.summary.optional(),
  timeline: postmortemFields.timeline.optional(),
  causes: postmortemFields.causes.optional(),
  releases: postmortemFields.releases.optional(),
  incident_ref: postmortemFields.incident_ref.default(null),
  /** Start from a No-Go decision: its blocking items, notes and summary fill what is not given. */
  from_decision: z.number().int().positive().optional(),
});

export const postmortemPatchSchema = z
  .strictObject(
    Object.fromEntries(Object.entries(postmortemFields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof postmortemFields]: z.ZodOptional<(typeof postmortemFields)[K]>;
    },
  )
  .refine((p) => Object.keys(p).length > 0, "change at least one field");

export const postmortemStatusSchema = z.strictObject({ status: z.enum(POSTMORTEM_STATUSES) });

export const postmortemListQuery = z.strictObject({
  release: releaseId.optional(),
  status: z.enum(POSTMORTEM_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  owner: emailSchema.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
  after: z.coerce.number().int().min(0).default(0),
});

export type PostmortemCreateInput = z.output<typeof postmortemCreateSchema>;
export type PostmortemPatchInput = z.output<typeof postmortemPatchSchema>;
export type PostmortemListQuery = z.output<typeof postmortemListQuery>;

export interface PostmortemView {
  id: number;
  title: string;
  incident_at: string;
  severity: Severity;
  summary: string;
  timeline: { at: string; text: string }[];
  causes: string[];
  releases: string[];
  owner: string;
  owner_name: string;
  status: PostmortemStatus;
  incident_ref: string | null;
  decision: number | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  published_at: string | null;
  published_by: string | null;
  /** Its actions: how many, how many still open. */
  actions: { total: number; open: number };
}

/** A release's open high-priority actions as the board's tile shows them. */
export interface BoardAction {
  id: number;
  title: string;
  priority: Priority;
  owner: string | null;
  owner_name: string | null;
  function: string;
  due: string;
  status: ActionStatus;
  overdue: boolean;
}

export interface BoardActions {
  /** Open actions of the tile's priorities (P0/P1) linked to the release. */
  open: number;
  overdue: number;
  /** The most urgent of them, overdue first. */
  items: BoardAction[];
}
