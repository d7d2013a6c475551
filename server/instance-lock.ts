import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";

/**
 * One server per database (a second one would write beside the first while
 * the first's boards, which only hear of their own server's commits, go on
 * saying "Live"). The server holds `<database>.server` with its pid and host,
 * and once it listens, the address people reach it at (for the CLI's links);
 * a second server finds it and refuses to start, naming the first. A file
 * left by a server that died (kill -9) on this host names a pid that is gone,
 * and is taken over.
 */
export class InstanceLockError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InstanceLockError";
  }
}

interface Holder {
  pid: number;
  host: string;
  started_at: string;
  /** Where people reach the server: PUBLIC_URL, else the address it listens on (once it listens). */
  url?: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Who holds the file, or null when it cannot be read (half written by a crash). */
function readHolder(path: string): Holder | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Holder;
  } catch {
    return null;
  }
}

export interface InstanceLock {
  /** Record where the server is reached (written aside and renamed: a reader never sees half of it). */
  advertise(url: string): void;
  release(): void;
}

export function acquireInstanceLock(databaseFile: string): InstanceLock {
  const path = `${databaseFile}.server`;
  const me: Holder = { pid: process.pid, host: hostname(), started_at: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: "wx" });
      return {
        advertise(url) {
          writeFileSync(`${path}.${process.pid}`, JSON.stringify({ ...me, url }));
          renameSync(`${path}.${process.pid}`, path);
        },
        release() {
          const holder = readHolder(path);
          if (holder?.pid === me.pid && holder.host === me.host) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = readHolder(path);
    const stale = !holder || (holder.host === me.host && holder.pid !== me.pid && !alive(holder.pid));
    if (!stale) {
      throw new InstanceLockError(
        `another Greenlight server (pid ${holder!.pid} on ${holder!.host}, since ${holder!.started_at}) serves ${databaseFile}: ` +
          `one server per database. Stop it first; if it is gone for good, delete ${path}.`,
      );
    }
    rmSync(path, { force: true });
  }
  throw new InstanceLockError(`could not take ${path}: another server is starting on the same database`);
}

/** The live server holding a database file, if any (for the CLI's restore, and its links). */
export function liveHolder(databaseFile: string): Holder | null {
  const holder = readHolder(`${databaseFile}.server`);
  if (!holder) return null;
  return holder.host !== hostname() || alive(holder.pid) ? holder : null;
}
