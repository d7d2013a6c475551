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
