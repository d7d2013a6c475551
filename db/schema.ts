import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

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
  calendar: text("calendar", { mode: "json" })
    .$type<{ workdays: number[]; holidays: string[] }>()
    .notNull(),
  createdAt: text("created_at").notNull(),
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
    kind: text("kind").notNull(),
    owner: text("owner").notNull(),
    config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    maxAge: text("max_age"),
    position: integer("position").notNull(),
    evidence: text("evidence", { mode: "json" }).$type<Record<string, unknown> | null>(),
    evidenceAt: text("evidence_at"),
    status: text("status").notNull(),
    reason: text("reason").notNull(),
    version: integer("version").notNull().default(0),
    updatedAt: text("updated_at").notNull(),
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
    type: text("type").notNull(),
    at: text("at").notNull(),
    actor: text("actor").notNull(),
    itemId: text("item_id"),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    board: text("board", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [primaryKey({ columns: [t.releaseId, t.seq] }), index("events_item").on(t.releaseId, t.itemId, t.seq)],
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
    status: text("status").notNull(),
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
    type: text("type").notNull(),
    lag: integer("lag").notNull(),
    position: integer("position").notNull(),
  },
  (t) => [index("wbs_dependencies_release").on(t.releaseId, t.position)],
);
