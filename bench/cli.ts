import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { GREENLIGHT, median, ROOT, startProcess, tempDatabaseUrl } from "./support";

export const CLI_HEADING = "## The command line: `npx greenlight user add` (issue 15)";

/** Well under a second: the wall time a person waits, and the CPU time (the wall time of an idle machine; this one is shared). */
const TARGET_WALL_MS = 1000;
const TARGET_CPU_MS = 500;
const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 12);

export interface CliResult {
  rounds: number;
  /** Wall and CPU times in ms, per way of running it. */
  built: Timing[];
  npx: Timing[];
  tsx: Timing[];
  node: Timing[];
  link: string;
}

interface Timing {
  wall: number;
  cpu: number;
}

/** CPU time (user + system, ms) of this process's waited-for children so far: cutime and cstime in /proc/self/stat, in ticks of 10 ms (Linux). */
function childrenCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

/**
 * `greenlight user add` beside a running server, as an operator types it: wall time from spawn to exit of
 * the built CLI on plain Node (`bin/greenlight.mjs`), of the TypeScript source through tsx (how every
 * command ran before the build), and of `node -e 0` (the floor: starting Node). Interleaved, round by round.
 */
export async function benchCli(): Promise<CliResult> {
  const databaseUrl = tempDatabaseUrl("cli.db");
  const env = { ...process.env, DATABASE_URL: databaseUrl, GREENLIGHT_DEMO: "0", LOG_LEVEL: "warn" };
  const server = await startProcess(GREENLIGHT, ["serve"], {
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    GREENLIGHT_DEMO: "0",
  });
  const result: CliResult = { rounds: ROUNDS, built: [], npx: [], tsx: [], node: [], link: "" };
  const time = (args: string[], command = process.execPath) => {
    const cpu = childrenCpuMs();
    const started = performance.now();
    const run = spawnSync(command, args, { cwd: ROOT, env, encoding: "utf8" });
    const timing = { wall: performance.now() - started, cpu: childrenCpuMs() - cpu };
    if (run.status !== 0) throw new Error(`${args.join(" ")} failed: ${run.stderr}`);
    return { timing, stdout: run.stdout };
  };
  try {
    const add = (i: number, how: string) => ["user", "add", "--email", `${how}-${i}@example.com`, "--name", `CLI ${how} ${i}`];
    for (let i = 0; i < ROUNDS; i++) {
      const built = time([GREENLIGHT, ...add(i, "built")]);
      result.built.push(built.timing);
      result.link = built.stdout
        .trim()
        .split("\n")
        .at(-1)!
        .replace(/gli_\S+$/, "gli_…");
      result.npx.push(time(["greenlight", ...add(i, "npx")], "npx").timing);
      result.tsx.push(time(["--import", "tsx", "server/cli.ts", ...add(i, "tsx")]).timing);
      result.node.push(time(["-e", "0"]).timing);
    }
  } finally {
    await server.stop();
  }
  return result;
}

export function cliSection(r: CliResult): string {
  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const wall = (t: Timing[]) => median(t.map((x) => x.wall));
  const cpu = (t: Timing[]) => median(t.map((x) => x.cpu));
  const cells = (t: Timing[]) => [
    wall(t).toFixed(0),
    `${Math.min(...t.map((x) => x.wall)).toFixed(0)}–${Math.max(...t.map((x) => x.wall)).toFixed(0)}`,
    cpu(t).toFixed(0),
  ];
  return [
    CLI_HEADING,
    "",
    `Wall time from spawn to exit of \`greenlight user add\` on a migrated database beside a running server (it prints the link to that server's address, ` +
      `here \`${r.link}\`), ${r.rounds} interleaved rounds, and the CPU time it took (user + system, from \`/proc\`: about what its wall time would be on an idle machine). ` +
      "The built CLI is `bin/greenlight.mjs` (`npm run build`: esbuild bundles the server and the CLI, libraries stay in node_modules; " +
      "the commands other than `serve` load neither Express, Socket.IO nor Remix, and people and tokens read no templates). " +
      "Before the build every command compiled the TypeScript through tsx; `node -e 0` is the floor, starting Node itself. " +
      "`npx greenlight` adds npm's own work: npm 11 loads the whole installed tree to run a project's own bin. " +
      `Machine load (1-minute average) when it ended: ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores.`,
    "",
    row(["how", "wall ms (median)", "wall ms (min–max)", "CPU ms (median)"]),
    row(["---", "---:", "---:", "---:"]),
    row(["built CLI, plain Node (`bin/greenlight.mjs`)", ...cells(r.built)]),
    row(["the same through `npx greenlight`", ...cells(r.npx)]),
    row(["source through tsx (before)", ...cells(r.tsx)]),
    row(["`node -e 0`", ...cells(r.node)]),
    "",
    row(["target", "measured", "met"]),
    row(["---", "---", "---"]),
    row([
      `\`user add\` median wall time under ${TARGET_WALL_MS} ms`,
      `${wall(r.built).toFixed(0)} ms (through tsx: ${wall(r.tsx).toFixed(0)} ms)`,
      wall(r.built) < TARGET_WALL_MS ? "yes" : "**NO**",
    ]),
    row([
      `\`user add\` median CPU time under ${TARGET_CPU_MS} ms`,
      `${cpu(r.built).toFixed(0)} ms (through tsx: ${cpu(r.tsx).toFixed(0)} ms)`,
      cpu(r.built) < TARGET_CPU_MS ? "yes" : "**NO**",
    ]),
  ].join("\n");
}
