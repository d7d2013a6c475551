import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDatabase, openDatabase, type Db } from "../../db/client";

export function tempDir(prefix = "greenlight-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A real, migrated SQLite file in a fresh folder. */
export function testDatabase(): { db: Db; path: string; url: string } {
  const path = join(tempDir(), "test.db");
  const url = `file:${path}`;
  const db = openDatabase(url);
  migrateDatabase(db);
  return { db, path, url };
}

/** How many SQL statements `run` prepares on `db` (drizzle prepares each query it runs): a cost that must not grow with the data. */
export function countStatements(db: Db, run: () => unknown): number {
  const client = db.$client;
  const prepare = client.prepare;
  let n = 0;
  client.prepare = ((source: string) => {
    n++;
    return prepare.call(client, source);
  }) as typeof prepare;
  try {
    run();
  } finally {
    client.prepare = prepare;
  }
  return n;
}
