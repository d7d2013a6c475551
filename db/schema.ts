import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { ActionStatus, PostmortemStatus, Priority, Severity } from "../app/shared/actions";
import type { BoardDelta, MeetingStatus, Phase, Vote } from "../app/shared/board";
import type { EventType } from "../app/shared/events";
import type { Kind, Status } from "../app/shared/kinds";
import type { DependencyType, TaskStatus } from "../app/shared/schedule/cpm";
import type { DrillKind } from "../app/shared/drills";

/**
 * A release is one launch, created from a checklist template. The template's
 * sections and items are copied in at creation, so later template edits never
 * rewrite a running release.
 */
export const releases = sqliteTable("releases", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  templateId: text("template_id").notNull(),
  functions: text("functions", { mode: "json" }).$type<string[]>().notNull(),
  startDate: text("start_date").notNull(),
  launchDate: text("launch_date").notNull(),
  calendar: text("calendar", { mode: "json" }).$type<{ workdays: number[]; holidays: string[] }>().notNull(),
  createdAt: text("created_at").notNull(),
  /** `open`, then `go` after a GO decision, until `released` or `rolled_back`. */
  phase: text("phase").$type<Phase>().notNull().default("open"),
  /** The seq of the last event that changed any item's status: votes cast before it are stale. */
  statusChangedSeq: integer("status_changed_seq").notNull().default(0),
  /** Retention (issue 14): repeated readings older than this many days are compacted; null keeps everything. */
  compactAfterDays: integer("compact_after_days"),
});

export const sections = sqliteTable(
  "sections",
  {
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    key: text("key").notNull(),
    name: text("name").notNull(),
    owner: text("owner").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.key] })],
);

/**
 * One readiness item with its derived state. `evidence` holds the latest
 * (for `stages`: merged) evidence; its history is the item's events.
 * `version` counts evidence reports and backs `if_version`.
 */
export const items = sqliteTable(
  "items",
  {
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    id: text("id").notNull(),
    sectionKey: text("section_key").notNull(),
    title: text("title").notNull(),
    kind: text("kind").$type<Kind>().notNull(),
    owner: text("owner").notNull(),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    maxAge: text("max_age"),
    position: integer("position").notNull(),
    evidence: text("evidence", { mode: "json" }).$type<Record<string, unknown> | null>(),
    evidenceAt: text("evidence_at"),
    status: text("status").$type<Status>().notNull(),
    reason: text("reason").notNull(),
    version: integer("version").notNull().default(0),
    updatedAt: text("updated_at").notNull(),
    /** Who reported the current evidence (the actor of its latest `evidence.reported` event): the decision record reads it here, not from the log. */
    evidenceBy: text("evidence_by"),
    /** A person the item is assigned to: a `member` may report evidence on it. */
    assigneeId: integer("assignee_id").references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.id] })],
);

/**
 * The append-only, hash-chained event log. Triggers in the migration refuse
 * UPDATE and DELETE; `hash` is sha256 over the canonical form of the event
 * including `prev_hash` (see server/events.ts). `item_id` repeats `data.item`
 * so an item's history is one indexed read.
 */
export const events = sqliteTable(
  "events",
  {
    releaseId: text("release_id").notNull(),
    seq: integer("seq").notNull(),
    type: text("type").$type<EventType>().notNull(),
    at: text("at").notNull(),
    actor: text("actor").notNull(),
    itemId: text("item_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    board: text("board", { mode: "json" }).$type<BoardDelta>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.releaseId, t.seq] }),
    index("events_item").on(t.releaseId, t.itemId, t.seq),
    // The audit page's filters, newest first, without reading the rest of the log.
    index("events_actor").on(t.releaseId, t.actor, t.seq),
    index("events_type").on(t.releaseId, t.type, t.seq),
  ],
);

/** API tokens: only the sha256 of the secret is stored. */
export const apiTokens = sqliteTable(
  "api_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    createdBy: text("created_by"),
    role: text("role").notNull(),
    functions: text("functions", { mode: "json" }).$type<string[]>().notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash)],
);

/** People. `password_hash` is null until they accept their invitation. */
export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    functions: text("functions", { mode: "json" }).$type<string[]>().notNull(),
    passwordHash: text("password_hash"),
    createdAt: text("created_at").notNull(),
    disabledAt: text("disabled_at"),
    /** A named owner the demo seed made up (no one signs in as them): not counted when deciding whether the first admin is still to be set up. */
    demo: integer("demo", { mode: "boolean" }).notNull().default(false),
    /** The language they chose for the UI (`en`, `zh-CN`); null: their browser's. */
    locale: text("locale"),
  },
  (t) => [uniqueIndex("users_email").on(t.email)],
);

/** Signed-in sessions: only the sha256 of the cookie's secret is stored. */
export const sessions = sqliteTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    lastSeenAt: text("last_seen_at").notNull(),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

/** One-time set-password links (invitations and the first admin). */
export const invites = sqliteTable("invites", {
  tokenHash: text("token_hash").primaryKey(),
  userId: integer("user_id")
    .notNull()
    .references(() => users.id),
  createdAt: text("created_at").notNull(),
  expiresAt: text("expires_at").notNull(),
  usedAt: text("used_at"),
});

/** Read-only links for shared screens: one release, no login. */
export const boardLinks = sqliteTable(
  "board_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
    /** The language the screen shows (`en`, `zh-CN`); null: the browser's. */
    locale: text("locale"),
  },
  (t) => [uniqueIndex("board_links_hash").on(t.tokenHash)],
);

/**
 * Who changed people and tokens (invited, disabled, revoked…): append-only,
 * written in the same transaction as the change. Release changes are in `events`.
 */
export const accessEvents = sqliteTable("access_events", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  at: text("at").notNull(),
  actor: text("actor").notNull(),
  action: text("action").notNull(),
  subject: text("subject").notNull(),
  /** Hash-chained like the event log (issue 14): null on rows written before the chain began. */
  prevHash: text("prev_hash"),
  hash: text("hash"),
});

/** A release's WBS: tasks in a tree (summary tasks have children). */
export const wbsTasks = sqliteTable(
  "wbs_tasks",
  {
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    parent: text("parent"),
    /** The owning function. */
    owner: text("owner"),
    /** The person doing it (a name or an email), if anyone. */
    assignee: text("assignee"),
    duration: integer("duration").notNull(),
    startNoEarlierThan: text("start_no_earlier_than"),
    progress: integer("progress").notNull(),
    status: text("status").$type<TaskStatus>().notNull(),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.id] })],
);

/** Dependencies between leaf tasks: `from` is the predecessor. */
export const wbsDependencies = sqliteTable(
  "wbs_dependencies",
  {
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    from: text("from_task").notNull(),
    to: text("to_task").notNull(),
    type: text("type").$type<DependencyType>().notNull(),
    lag: integer("lag").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [index("wbs_dependencies_release").on(t.releaseId, t.position)],
);

/**
 * A Go/No-Go meeting for a release: when, which functions must vote, the
 * agenda (section keys) and where the presenter is in it. One meeting at a
 * time per release is `live`.
 */
export const meetings = sqliteTable(
  "meetings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    scheduledAt: text("scheduled_at").notNull(),
    requiredFunctions: text("required_functions", { mode: "json" }).$type<string[]>().notNull(),
    agenda: text("agenda", { mode: "json" }).$type<string[]>().notNull(),
    /** Minutes for each agenda item and for the whole meeting. */
    itemMinutes: integer("item_minutes").notNull(),
    totalMinutes: integer("total_minutes").notNull(),
    status: text("status").$type<MeetingStatus>().notNull(),
    presenter: text("presenter"),
    current: integer("current").notNull().default(0),
    /** When the current agenda item and the meeting began (ISO). */
    currentSince: text("current_since"),
    startedAt: text("started_at"),
    endedAt: text("ended_at"),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
  },
  (t) => [index("meetings_release").on(t.releaseId)],
);

export const meetingNotes = sqliteTable(
  "meeting_notes",
  {
    meetingId: integer("meeting_id")
      .notNull()
      .references(() => meetings.id),
    section: text("section").notNull(),
    text: text("text").notNull(),
    updatedBy: text("updated_by").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.section] })],
);

/**
 * Votes, append-only: a function's vote is its latest row. `statuses` is the
 * status of every item when it was cast; it goes stale when any item's status
 * changes in a later event.
 */
export const votes = sqliteTable(
  "votes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    function: text("function").notNull(),
    vote: text("vote").$type<Vote>().notNull(),
    comment: text("comment").notNull(),
    voter: text("voter").notNull(),
    castAt: text("cast_at").notNull(),
    seq: integer("seq").notNull(),
    statuses: text("statuses", { mode: "json" }).$type<Record<string, string>>().notNull(),
  },
  (t) => [index("votes_release").on(t.releaseId, t.function, t.id)],
);

/**
 * A decision and its record: `record` is the canonical JSON of the snapshot
 * taken at the moment of decision, `hash` its sha256. Append-only (triggers).
 */
export const decisions = sqliteTable(
  "decisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    decision: text("decision").$type<Vote>().notNull(),
    seq: integer("seq").notNull(),
    record: text("record").notNull(),
    hash: text("hash").notNull(),
    decidedAt: text("decided_at").notNull(),
    decidedBy: text("decided_by").notNull(),
  },
  (t) => [index("decisions_release").on(t.releaseId, t.id)],
);

/**
 * Post-mortems (SPEC 11): what an incident, a delay or a No-Go taught.
 * `releases` are the ids it concerns; each change is an event in their logs.
 */
export const postmortems = sqliteTable(
  "postmortems",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    incidentAt: text("incident_at").notNull(),
    severity: text("severity").$type<Severity>().notNull(),
    summary: text("summary").notNull(),
    timeline: text("timeline", { mode: "json" }).$type<{ at: string; text: string }[]>().notNull(),
    causes: text("causes", { mode: "json" }).$type<string[]>().notNull(),
    releases: text("releases", { mode: "json" }).$type<string[]>().notNull(),
    ownerId: integer("owner_id")
      .notNull()
      .references(() => users.id),
    status: text("status").$type<PostmortemStatus>().notNull(),
    /** Where the incident lives (its page in an incident tool, or its id there). */
    incidentRef: text("incident_ref"),
    /** The No-Go decision it started from, if any. */
    decisionId: integer("decision_id").references(() => decisions.id),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
    publishedAt: text("published_at"),
    publishedBy: text("published_by"),
  },
  (t) => [index("postmortems_status").on(t.status, t.id)],
);

/**
 * Action items (SPEC 11), one table for every follow-up: a post-mortem's, a
 * decision's, an imported one. `owner_id` is null only for a decision's
 * follow-up given to a function until someone takes it. `overdue_at` is when
 * the server found it open past `due` (once).
 */
export const actionItems = sqliteTable(
  "action_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    ownerId: integer("owner_id").references(() => users.id),
    function: text("function").notNull(),
    priority: text("priority").$type<Priority>().notNull(),
    due: text("due").notNull(),
    status: text("status").$type<ActionStatus>().notNull(),
    postmortemId: integer("postmortem_id").references(() => postmortems.id),
    decisionId: integer("decision_id").references(() => decisions.id),
    /** The readiness item it protects (an item id, as in its releases). */
    item: text("item"),
    evidenceLink: text("evidence_link"),
    reason: text("reason"),
    closedBy: text("closed_by"),
    closedAt: text("closed_at"),
    overdueAt: text("overdue_at"),
    /** An imported follow-up's id where it came from (`incident.io:01H…`): a second import does not duplicate it. */
    source: text("source"),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("action_items_owner").on(t.ownerId, t.status),
    index("action_items_open_due").on(t.status, t.due),
    index("action_items_postmortem").on(t.postmortemId),
    uniqueIndex("action_items_source").on(t.source),
  ],
);

/** The releases an action blocks. */
export const actionReleases = sqliteTable(
  "action_releases",
  {
    actionId: integer("action_id")
      .notNull()
      .references(() => actionItems.id),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
  },
  (t) => [primaryKey({ columns: [t.actionId, t.releaseId] }), index("action_releases_release").on(t.releaseId, t.actionId)],
);

/**
 * The head of each release's chain, sealed with a key the database does not
 * hold (ADR 009): `seal` is HMAC-SHA256(key, release, seq, hash), written by
 * every append. A rewrite of the log cannot be re-sealed from the database
 * alone, and a log that ends before its sealed head was truncated. The
 * access log's head is the row `:access` (no release id can take it), its
 * seq the id of the last entry (server/auth/access-log.ts).
 */
export const chainHeads = sqliteTable("chain_heads", {
  releaseId: text("release_id").primaryKey(),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  seal: text("seal").notNull(),
});

/** How far each release's chain was last verified (sealed too): the audit page checks only what came after. */
export const chainCheckpoints = sqliteTable("chain_checkpoints", {
  releaseId: text("release_id").primaryKey(),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  seal: text("seal").notNull(),
  verifiedAt: text("verified_at").notNull(),
});

/** Who has acted in each release (the audit filter's choices), kept by every append: no scan of the log to list them. */
export const releaseActors = sqliteTable(
  "release_actors",
  {
    releaseId: text("release_id").notNull(),
    actor: text("actor").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.actor] })],
);

/**
 * Retention (issue 14, ADR 010): each row is one compacted range of a
 * release's log, (after_seq, through_seq]. Repeated readings were removed from
 * it; `kept` events remain, and `kept_digest` (sha256 over their `seq:hash`
 * lines, in order) with `through_hash` lets a walk cross the range and still
 * prove what is left. Sealed with the chain key like the head.
 */
export const logCompactions = sqliteTable(
  "log_compactions",
  {
    releaseId: text("release_id").notNull(),
    afterSeq: integer("after_seq").notNull(),
    throughSeq: integer("through_seq").notNull(),
    throughHash: text("through_hash").notNull(),
    kept: integer("kept").notNull(),
    removed: integer("removed").notNull(),
    keptDigest: text("kept_digest").notNull(),
    compactedAt: text("compacted_at").notNull(),
    seal: text("seal").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.throughSeq] })],
);

/**
 * Idempotency keys (issue 15): a creating request sent with a key, per
 * principal (`user:7`, `token:3`), keeps its first answer for a day, written
 * in the same transaction as what it created. `fingerprint` is the sha256 of
 * the request (method, path, canonical body); `response` is that answer,
 * encrypted with a key derived from the chain key (a new token's or link's
 * secret is in it). Rows past `expires_at` are deleted a few at a time by
 * later keyed writes (server/idempotency.ts).
 */
export const idempotencyKeys = sqliteTable(
  "idempotency_keys",
  {
    principal: text("principal").notNull(),
    key: text("key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    response: text("response").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.principal, t.key] }), index("idempotency_keys_expiry").on(t.expiresAt)],
);

/**
 * A release's training roster (SPEC 12.1): the people who must pass before
 * launch (CS agents on the launch shifts). Replaced whole from a file or
 * edited a person at a time.
 */
export const rosterPeople = sqliteTable(
  "roster_people",
  {
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    team: text("team").notNull(),
    language: text("language"),
    position: integer("position").notNull(),
    addedAt: text("added_at").notNull(),
  },
  // By email too: an acknowledgement asks which rosters a person is on.
  (t) => [primaryKey({ columns: [t.releaseId, t.email] }), index("roster_people_email").on(t.email)],
);

/** Every attempt the LMS reported for a roster person (SPEC 12.1): none is overwritten; the best passing one counts. */
export const assessmentAttempts = sqliteTable(
  "assessment_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    assessment: text("assessment").notNull(),
    email: text("email").notNull(),
    /** 0–100. */
    score: real("score").notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    attemptedAt: text("attempted_at").notNull(),
    /** `api` (JSON from automation) or `csv` (an LMS export). */
    source: text("source").$type<"api" | "csv">().notNull(),
    recordedAt: text("recorded_at").notNull(),
    recordedBy: text("recorded_by").notNull(),
  },
  // The same attempt imported again (a daily export of the same gradebook) is one attempt, not two.
  (t) => [uniqueIndex("assessment_attempts_person").on(t.releaseId, t.assessment, t.email, t.attemptedAt, t.score)],
);

/** The SOP registry (SPEC 12.2): one row per SOP; its revisions, reviews and acknowledgements below. */
export const sops = sqliteTable("sops", {
  key: text("key").primaryKey(),
  title: text("title").notNull(),
  /** The function that owns it (its leads revise and approve it). */
  owner: text("owner").notNull(),
  reviewDays: integer("review_days").notNull(),
  createdAt: text("created_at").notNull(),
  createdBy: text("created_by").notNull(),
});

export const sopRevisions = sqliteTable(
  "sop_revisions",
  {
    sopKey: text("sop_key")
      .notNull()
      .references(() => sops.key),
    version: integer("version").notNull(),
    summary: text("summary").notNull(),
    /** Where the text lives, or the text itself (Markdown, rendered safely): one or both. */
    link: text("link"),
    body: text("body"),
    /** The actor label of who wrote it (`user:…`, `token:…`): nobody approves their own revision. */
    author: text("author").notNull(),
    createdAt: text("created_at").notNull(),
    approvedBy: text("approved_by"),
    approvedAt: text("approved_at"),
  },
  (t) => [primaryKey({ columns: [t.sopKey, t.version] })],
);

/** The periodic review of an SOP (its current revision still right). */
export const sopReviews = sqliteTable(
  "sop_reviews",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sopKey: text("sop_key")
      .notNull()
      .references(() => sops.key),
    version: integer("version").notNull(),
    note: text("note").notNull(),
    reviewedAt: text("reviewed_at").notNull(),
    reviewedBy: text("reviewed_by").notNull(),
  },
  (t) => [index("sop_reviews_sop").on(t.sopKey, t.reviewedAt)],
);

/** Who read which revision: an acknowledgement of an older revision does not count for the current one. */
export const sopAcknowledgements = sqliteTable(
  "sop_acknowledgements",
  {
    sopKey: text("sop_key")
      .notNull()
      .references(() => sops.key),
    version: integer("version").notNull(),
    email: text("email").notNull(),
    at: text("at").notNull(),
    recordedBy: text("recorded_by").notNull(),
  },
  (t) => [primaryKey({ columns: [t.sopKey, t.version, t.email] })],
);

/**
 * Risk parameter sign-off (SPEC 12.3, ADR 019): proposals of values for a
 * release's `param` items, each approved by two people other than its
 * proposer. The second approval writes the values into the items'
 * `config.approved` in the same transaction.
 */
export const paramProposals = sqliteTable(
  "param_proposals",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    rationale: text("rationale").notNull(),
    /** The actor label of who proposed it: they may withdraw it, never approve it. */
    proposedBy: text("proposed_by").notNull(),
    proposedAt: text("proposed_at").notNull(),
    status: text("status").$type<"pending" | "approved" | "rejected" | "withdrawn">().notNull(),
    /** When it was approved (the second approval), rejected or withdrawn, and by whom. */
    decidedAt: text("decided_at"),
    decidedBy: text("decided_by"),
    /** Why it was rejected or withdrawn. */
    reason: text("reason"),
  },
  (t) => [index("param_proposals_release").on(t.releaseId, t.id), index("param_proposals_pending").on(t.releaseId, t.status)],
);

/** One value of a proposal, with the approved value it was checked against (`base`): a proposal whose base moved is stale. */
export const paramProposalValues = sqliteTable(
  "param_proposal_values",
  {
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => paramProposals.id),
    releaseId: text("release_id").notNull(),
    itemId: text("item_id").notNull(),
    value: text("value", { mode: "json" }).$type<number | string | boolean>().notNull(),
    base: text("base", { mode: "json" }).$type<number | string | boolean>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.itemId] }), index("param_proposal_values_item").on(t.releaseId, t.itemId, t.proposalId)],
);

/** Who approved a proposal and when: two different people, neither its proposer. */
export const paramApprovals = sqliteTable(
  "param_approvals",
  {
    proposalId: integer("proposal_id")
      .notNull()
      .references(() => paramProposals.id),
    approver: text("approver").notNull(),
    at: text("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.approver] })],
);

/**
 * When a `param` item's deployed value began to differ from its approved one:
 * a row while it drifts, kept in the transactions that change either value
 * (server/params/drift.ts), so the drift's age is one read, not a walk of the log.
 */
export const paramDrift = sqliteTable(
  "param_drift",
  {
    releaseId: text("release_id").notNull(),
    itemId: text("item_id").notNull(),
    since: text("since").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.itemId] })],
);

/**
 * Drills (SPEC 12.5): every drill recorded, with who took part, how long it
 * took to detect and to mitigate, and what it found. The latest one is its
 * `drill` item's evidence (reported in the same transaction); each finding
 * is an action item (SPEC 11), kept here by id.
 */
export const drills = sqliteTable(
  "drills",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    /** The `drill` item it is evidence for. */
    item: text("item").notNull(),
    kind: text("kind").$type<DrillKind>().notNull(),
    performedOn: text("performed_on").notNull(),
    result: text("result").$type<"pass" | "fail">().notNull(),
    detectS: real("detect_s"),
    mitigateS: real("mitigate_s"),
    participants: text("participants", { mode: "json" }).$type<string[]>().notNull(),
    /** The action items its findings became, in the order given. */
    findings: text("findings", { mode: "json" }).$type<number[]>().notNull(),
    note: text("note"),
    link: text("link"),
    /** The seq of its `drill.recorded` event. */
    seq: integer("seq").notNull(),
    recordedAt: text("recorded_at").notNull(),
    recordedBy: text("recorded_by").notNull(),
  },
  (t) => [index("drills_release").on(t.releaseId, t.id), index("drills_item").on(t.releaseId, t.item, t.id)],
);

/**
 * The iCalendar feed's memory (ADR 023): per release and event UID, the hash
 * of the event as last served and its `SEQUENCE`, bumped when the hash
 * changes. A derived cache, not a domain fact: it is written when the feed is
 * served, never through the ledger, and losing it only restarts sequences.
 */
export const calendarEntries = sqliteTable(
  "calendar_entries",
  {
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    uid: text("uid").notNull(),
    hash: text("hash").notNull(),
    sequence: integer("sequence").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.uid] })],
);

/**
 * Where a `metric` item's value is polled from (ADR 022): the outcome of the
 * last Prometheus query per item. Operational state, not history: a failed
 * query is shown on the item and never turned into a value, so it is kept
 * here, not in the ledger.
 */
export const itemSources = sqliteTable(
  "item_sources",
  {
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    itemId: text("item_id").notNull(),
    /** When the last query ran, and when one last answered with a value. */
    checkedAt: text("checked_at").notNull(),
    okAt: text("ok_at"),
    /** The last query's failure, null once a query answers again. */
    error: text("error"),
    errorAt: text("error_at"),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.itemId] })],
);

/**
 * Webhooks out (SPEC 13, ADR 025): subscriptions to event types, instance-wide
 * (`release` null) or of one release. The secret signs deliveries (HMAC-SHA256),
 * so it is stored as given; it is never read back by the API or the pages.
 */
export const webhooks = sqliteTable("webhooks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  url: text("url").notNull(),
  /** Event types, or `["*"]`. */
  events: text("events", { mode: "json" }).$type<string[]>().notNull(),
  releaseId: text("release_id").references(() => releases.id),
  format: text("format").$type<"json" | "slack">().notNull(),
  secret: text("secret").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: text("created_at").notNull(),
  revokedAt: text("revoked_at"),
});

/** The durable delivery queue: one row per (webhook, event), retried until delivered or a day has passed. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** `X-Greenlight-Delivery`: the same on every attempt. */
    deliveryId: text("delivery_id").notNull(),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id),
    releaseId: text("release_id").notNull(),
    seq: integer("seq").notNull(),
    eventType: text("event_type").notNull(),
    status: text("status").$type<"pending" | "delivered" | "failed">().notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** When the first attempt ran: retries stop a day after it. */
    firstAttemptAt: text("first_attempt_at"),
    nextAttemptAt: text("next_attempt_at"),
    lastAttemptAt: text("last_attempt_at"),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    lastDurationMs: integer("last_duration_ms"),
    createdAt: text("created_at").notNull(),
    deliveredAt: text("delivered_at"),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event").on(t.webhookId, t.releaseId, t.seq),
    uniqueIndex("webhook_deliveries_delivery").on(t.deliveryId),
    // The worker's "due now": pending rows by time, without reading delivered history.
    index("webhook_deliveries_due").on(t.status, t.nextAttemptAt),
    // A webhook's delivery log, newest first.
    index("webhook_deliveries_of").on(t.webhookId, t.id),
  ],
);

/** How far the dispatcher has read each release's event log (ADR 025). `release_id` "*" marks that it started. */
export const webhookCursors = sqliteTable("webhook_cursors", {
  releaseId: text("release_id").primaryKey(),
  seq: integer("seq").notNull(),
});

/**
 * Campaigns around a release's launch (SPEC 13, ADR 024): trading
 * competitions, airdrops, fee promotions. Dates are kept as given, an ISO
 * date or an offset from launch in calendar days ("T-2"), and resolved on
 * read, so offset campaigns move with the launch date.
 */
export const campaigns = sqliteTable(
  "campaigns",
  {
    releaseId: text("release_id")
      .notNull()
      .references(() => releases.id),
    id: text("id").notNull(),
    name: text("name").notNull(),
    kind: text("kind").$type<"trading_competition" | "airdrop" | "fee_promotion" | "announcement" | "other">().notNull(),
    starts: text("starts").notNull(),
    ends: text("ends").notNull(),
    requiresTasks: text("requires_tasks", { mode: "json" }).$type<string[]>().notNull(),
    requiresItems: text("requires_items", { mode: "json" }).$type<string[]>().notNull(),
    /** The function that runs it (marketing, mostly). */
    owner: text("owner").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.id] })],
);
