import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = ReturnType<typeof drizzle<typeof schema>>;

const MIGRATIONS = fileURLToPath(new URL("./migrations", import.meta.url));

/** `file:./data/greenlight.db` → `./data/greenlight.db`; `:memory:` stays. */
export function databasePath(url: string): string {
  return url.startsWith("file:") ? url.slice("file:".length) : url;
}

/**
 * Open the database with the pragmas every write relies on: WAL for readers
 * beside the writer, FULL sync so an acknowledged write survives power loss or
 * `kill -9`, foreign keys, and a busy timeout for the CLI running beside the
 * server.
 */
export function openDatabase(url: string): Db {
  const path = databasePath(url);
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = FULL");
  return drizzle(sqlite, { schema });
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS });
}

/**
 * Every write transaction takes the write lock up front: a deferred one that
 * upgrades while another process writes fails at once with SQLITE_BUSY
 * instead of waiting out the busy timeout (the CLI beside a loaded server).
 */
export const IMMEDIATE = { behavior: "immediate" } as const;

/** A drizzle transaction handle; every write runs inside one (synchronously). */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** How many migrations this build ships (the journal drizzle-kit keeps). */
const SHIPPED = (JSON.parse(readFileSync(join(MIGRATIONS, "meta", "_journal.json"), "utf8")) as { entries: unknown[] }).entries.length;

/**
 * `/readyz` (SPEC 14): every migration of this build applied, and the write
 * lock obtainable (waiting at most the busy timeout): null when ready, else why not.
 */
export function notReady(db: Db): string | null {
  try {
    const applied = db.$client.prepare("select count(*) as n from __drizzle_migrations").get() as { n: number };
    if (applied.n < SHIPPED) return `${SHIPPED - applied.n} migrations not applied`;
    db.$client.exec("BEGIN IMMEDIATE");
    db.$client.exec("ROLLBACK");
    return null;
  } catch (error) {
    return `the database is not writable: ${(error as Error).message}`;
  }
}
