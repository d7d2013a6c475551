import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

/**
 * Migrations on data, not just on an empty file: a database from before
 * action items (issue 13) keeps its decisions' follow-ups as action items,
 * with their ids, owners, closing and releases.
 */
const DIR = join(import.meta.dirname, "migrations");
const FILES = readdirSync(DIR)
  .filter((f) => f.endsWith(".sql"))
  .sort();

function apply(db: Database.Database, files: string[]) {
  for (const file of files) {
    for (const statement of readFileSync(join(DIR, file), "utf8").split("--> statement-breakpoint")) if (statement.trim()) db.exec(statement);
  }
}

describe("0008: a decision's follow-ups become action items", () => {
  it("keeps each one's id, its person (when a user) or its function, its closing and its release; the old table goes", () => {
    const db = new Database(":memory:");
    const before = FILES.findIndex((f) => f.startsWith("0008_"));
    apply(db, FILES.slice(0, before));
    db.exec(`insert into users (email, name, role, functions, created_at) values ('ana@example.com', 'Ana', 'lead', '["ops","risk"]', '2026-11-01')`);
    db.exec(
      `insert into releases (id, name, template_id, functions, start_date, launch_date, calendar, created_at)
       values ('r', 'R', 't', '["risk","ops"]', '2026-11-01', '2026-12-01', '{"workdays":[1,2,3,4,5],"holidays":[]}', '2026-11-01')`,
    );
    db.exec(
      `insert into decisions (release_id, decision, seq, record, hash, decided_at, decided_by) values ('r', 'no_go', 5, '{}', 'h', '2026-11-20T10:00:00Z', 'user:pia@example.com')`,
    );
    db.exec(`insert into decision_actions (id, decision_id, release_id, title, owner, due, done_at, done_by) values
      (7, 1, 'r', 'Held by a function', 'risk', '2026-11-25', null, null),
      (8, 1, 'r', 'Owned by a user', 'ANA@example.com', '2026-11-26', '2026-11-22T00:00:00Z', 'token:x'),
      (9, 1, 'r', 'Owned by a stranger', 'bob@else.example', '2026-11-27', null, null)`);
    apply(db, FILES.slice(before));

    const rows = db
      .prepare("select id, title, description, owner_id, function, priority, due, status, decision_id, closed_by, created_by from action_items order by id")
      .all();
    expect(rows).toEqual([
      {
        id: 7,
        title: "Held by a function",
        description: "",
        owner_id: null,
        function: "risk",
        priority: "P2",
        due: "2026-11-25",
        status: "open",
        decision_id: 1,
        closed_by: null,
        created_by: "user:pia@example.com",
      },
      {
        id: 8,
        title: "Owned by a user",
        description: "",
        owner_id: 1,
        function: "ops",
        priority: "P2",
        due: "2026-11-26",
        status: "done",
        decision_id: 1,
        closed_by: "token:x",
        created_by: "user:pia@example.com",
      },
      {
        id: 9,
        title: "Owned by a stranger",
        description: "Owner when recorded: bob@else.example",
        owner_id: null,
        function: "pmo",
        priority: "P2",
        due: "2026-11-27",
        status: "open",
        decision_id: 1,
        closed_by: null,
        created_by: "user:pia@example.com",
      },
    ]);
    expect(db.prepare("select action_id, release_id from action_releases order by action_id").all()).toEqual([
      { action_id: 7, release_id: "r" },
      { action_id: 8, release_id: "r" },
      { action_id: 9, release_id: "r" },
    ]);
    expect(db.prepare("select name from sqlite_master where name = 'decision_actions'").all()).toEqual([]);
    // A new action does not reuse their ids.
    db.exec(
      `insert into action_items (title, function, priority, due, status, created_at, created_by, updated_at) values ('New', 'ops', 'P2', '2026-12-01', 'open', 'x', 'x', 'x')`,
    );
    expect(db.prepare("select max(id) as id from action_items").get()).toEqual({ id: 10 });
  });
});
