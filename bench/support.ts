import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

export const ROOT = join(import.meta.dirname, "..");

export interface Child {
  url: string;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Greenlight's server as production runs it: the built CLI on plain Node (`npm run bench` builds first). */
export const GREENLIGHT = "bin/greenlight.mjs";

/** Start a script as its own process (a bench's own TypeScript through tsx) and wait for the `"url"` it prints. */
export async function startProcess(script: string, args: string[], env: Record<string, string>, nodeFlags: string[] = []): Promise<Child> {
  const loader = script.endsWith(".ts") ? ["--import", "tsx"] : [];
  const proc = spawn(process.execPath, [...nodeFlags, ...loader, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).on("line", (line) => {
      const match = /"url":"([^"]+)"/.exec(line);
      if (match) resolve(match[1]!.replace("localhost", "127.0.0.1"));
    });
    void exited.then(() => reject(new Error(`${script} exited before listening`)));
  });
  return {
    url,
    proc,
    stop: async () => {
      proc.kill("SIGTERM");
      await exited;
    },
  };
}

export function tempDatabaseUrl(name: string): string {
  return `file:${join(mkdtempSync(join(tmpdir(), "greenlight-bench-")), name)}`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * Milliseconds on CLOCK_MONOTONIC, which every process on the machine shares,
 * so times taken in different processes compare (performance.now() counts
 * from each process's own start). Microseconds first: nanoseconds since boot
 * outgrow a double's exact integers after 104 days.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}

/** Run `work` while /healthz is asked every 10 ms; the work's time and the slowest /healthz answer. */
export async function probed(base: string, work: () => Promise<unknown>): Promise<{ ms: number; freeze: number }> {
  let running = true;
  let freeze = 0;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await fetch(`${base}/healthz`);
      freeze = Math.max(freeze, performance.now() - t);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  running = false;
  await probe;
  return { ms, freeze };
}
