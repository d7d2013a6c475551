import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { tempDir } from "./db";

export const TEST_TOKEN = "test-admin-token-0123456789abcdef";
const ROOT = join(import.meta.dirname, "../..");

export interface RunningServer {
  url: string;
  dbPath: string;
  proc: ChildProcess;
  logs: string[];
  /** SIGTERM and wait for exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown code runs. */
  kill(): Promise<void>;
}

/** `npx greenlight`: the built CLI on plain Node (test/support/global-setup.ts builds it). */
const BIN = join(ROOT, "bin/greenlight.mjs");

/**
 * Start the real server (`greenlight serve`, built, as `npm start` runs it)
 * as its own process on a free port. One node process, so signals reach the
 * server itself. `root`: another copy of Greenlight (a fresh checkout, whose
 * first start builds: give it a longer `timeoutMs`).
 */
export async function startServer(options: { dbPath?: string; env?: Record<string, string>; root?: string; timeoutMs?: number } = {}): Promise<RunningServer> {
  const dbPath = options.dbPath ?? join(tempDir(), "greenlight.db");
  const root = options.root ?? ROOT;
  const proc = spawn(process.execPath, [join(root, "bin/greenlight.mjs"), "serve"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: `file:${dbPath}`,
      GREENLIGHT_BOOTSTRAP_TOKEN: TEST_TOKEN,
      GREENLIGHT_DEMO: "0",
      LOG_LEVEL: "info",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  createInterface({ input: proc.stderr! }).on("line", (line) => logs.push(line));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${logs.join("\n")}`)), options.timeoutMs ?? 30_000);
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      logs.push(line);
      const match = /"url":"([^"]+)"/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited during start-up:\n${logs.join("\n")}`));
    });
  });
  const signal = async (name: NodeJS.Signals) => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(name);
    await exited;
  };
  return { url, dbPath, proc, logs, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}

/** Run the CLI as an operator would (`npx greenlight …`). */
/**
 * The CLI in another process, without blocking this one: sockets this test
 * holds keep answering pings while it runs (as a TV would while an operator
 * runs the CLI on the server).
 */
export function cliInBackground(args: string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, GREENLIGHT_DEMO: "0", ...env }, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number") return reject(error);
        resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

export function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, GREENLIGHT_DEMO: "0", ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A read-only look at a server's database file, as an auditor would take it. */
export function readDatabase<T>(dbPath: string, read: (db: Database.Database) => T): T {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export function eventCount(dbPath: string): number {
  return readDatabase(dbPath, (db) => (db.prepare("select count(*) as n from events").get() as { n: number }).n);
}

/** A small JSON client for the API. */
export function api(url: string, token: string | null = TEST_TOKEN) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
}
