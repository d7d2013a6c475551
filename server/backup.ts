import { existsSync, rmSync } from "node:fs";
import Database from "better-sqlite3";
import { openDatabase } from "../db/client";
import { verifyAccessLog } from "./auth/access-log";
import { chainedReleases, verifyChain, type ChainCheck, type Sealer } from "./chain";
import { liveHolder } from "./instance-lock";

/**
 * `greenlight backup` and `restore` (SPEC 14). A backup is SQLite's online
 * backup of the live file (consistent while the server writes), checked
 * right after it is taken; a restore verifies every chain of what it is
 * given before it writes a byte, and never under a running server.
 */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupError";
  }
}

export interface Verified {
  release: string;
  check: ChainCheck;
}

/** What `Verified.release` says for the access log (people, tokens): its `seq` is an entry's id. */
export const ACCESS_LOG = "access log";

/** Every release's chain in a database file, from seq 1 with the replay, and the access log's. */
export function verifyDatabase(path: string, sealer: Sealer): Verified[] {
  const db = openDatabase(`file:${path}`);
  try {
    const releases = chainedReleases(db).map((release) => ({ release, check: verifyChain(db, sealer, release) }));
    const access = verifyAccessLog(db, sealer);
    const check: ChainCheck = access.ok
      ? { ok: true, checked: access.checked, from: 0, through: access.checked }
      : { ok: false, checked: access.checked, seq: access.id, problem: access.problem };
    return [...releases, { release: ACCESS_LOG, check }];
  } finally {
    db.$client.close();
  }
}

export async function backupDatabase(source: string, target: string, { force = false }: { force?: boolean } = {}): Promise<void> {
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  if (existsSync(target) && !force) throw new BackupError(`${target} exists: choose another file, or --force to overwrite it`);
  if (force) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  const db = new Database(source, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
}

export async function restoreDatabase(backup: string, target: string, { force = false, sealer }: { force?: boolean; sealer: Sealer }): Promise<Verified[]> {
  if (!existsSync(backup)) throw new BackupError(`no backup at ${backup}`);
  const holder = liveHolder(target);
  if (holder) throw new BackupError(`a server (pid ${holder.pid} on ${holder.host}) is running on ${target}: stop it before restoring`);
  if (existsSync(target) && !force) throw new BackupError(`${target} exists: restoring would replace it; add --force to do so`);
  const verified = verifyDatabase(backup, sealer);
  const broken = verified.filter((v) => !v.check.ok);
  if (broken.length) {
    const first = broken[0]!.check as Extract<ChainCheck, { ok: false }>;
    const at = broken[0]!.release === ACCESS_LOG ? "entry" : "seq";
    throw new BackupError(`the backup does not verify (${broken[0]!.release}: ${at} ${first.seq}, ${first.problem}); nothing was restored`);
  }
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${target}${suffix}`, { force: true });
  const source = new Database(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
  return verifyDatabase(target, sealer);
}
