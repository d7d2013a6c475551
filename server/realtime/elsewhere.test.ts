import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { testDatabase } from "../../test/support/db";
import { watchCommitsElsewhere } from "./elsewhere";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("watching for commits by another process", () => {
  it("tells of another connection's commit at the next poll, and of none of this connection's own", async () => {
    const { db, path } = testDatabase();
    const other = new Database(path);
    let commits = 0;
    const watch = watchCommitsElsewhere(db, { everyMs: 20, onCommit: () => (commits += 1), onError: (error) => expect.fail(String(error)) });
    try {
      db.$client.prepare("insert into access_events (at, actor, action, subject) values ('x', 'server', 'token.created', 'here')").run();
      await pause(100);
      expect(commits).toBe(0);

      other.prepare("insert into access_events (at, actor, action, subject) values ('x', 'cli', 'token.revoked', 'elsewhere')").run();
      await pause(100);
      expect(commits).toBe(1);

      // A read elsewhere is not a commit.
      other.prepare("select count(*) from access_events").get();
      await pause(100);
      expect(commits).toBe(1);
    } finally {
      watch.stop();
      other.close();
      db.$client.close();
    }
  });
});
