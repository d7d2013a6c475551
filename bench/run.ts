import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import { benchEvidenceWrites } from "./evidence-writes";
import { ROOT } from "./support";

/** `npm run bench`: measures the qualities the issues set targets for, and writes bench/RESULTS.md. */
const started = new Date();
const writes = await benchEvidenceWrites();

const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const lines = [
  "# Benchmark results",
  "",
  `Run ${started.toISOString()} by \`npm run bench\` on ${cpus().length} cores (${cpus()[0]?.model ?? "unknown CPU"}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}. The machine is shared and noisy: ` +
    "figures are medians of interleaved rounds, compared with a baseline measured in the same run.",
  "",
  "## Evidence writes through the API (issue 2)",
  "",
  `autocannon, 10 connections, ${writes.rounds.greenlight.length} rounds of ${process.env.BENCH_SECONDS ?? 10} s each, ` +
    "POST `/api/v1/releases/bench/items/stability.p99-order-latency/evidence` on `greenlight serve` " +
    "(token auth, zod validation, evaluation, one transaction with the hash-chained event, broadcast). " +
    "Baseline: bare Express + better-sqlite3 inserting one row per POST with the same pragmas (WAL, synchronous=FULL).",
  "",
  row(["", "writes/s (median)", "p50 ms", "p99 ms", "acknowledged", "failed"]),
  row(["---", "---:", "---:", "---:", "---:", "---:"]),
  row(["Greenlight", writes.greenlight.rps.toFixed(0), writes.greenlight.p50, writes.greenlight.p99, writes.greenlight.ok, writes.greenlight.errors]),
  row(["Baseline", writes.baseline.rps.toFixed(0), writes.baseline.p50, writes.baseline.p99, writes.baseline.ok, writes.baseline.errors]),
  "",
  row(["target", "measured", "met"]),
  row(["---", "---", "---"]),
  ...writes.checks.map((c) => row([c.target, c.actual, c.pass ? "yes" : "**NO**"])),
  "",
  "Rounds (Greenlight / baseline, writes/s and p99 ms):",
  "",
  ...writes.rounds.greenlight.map(
    (g, i) => `- round ${i + 1}: ${g.rps.toFixed(0)} / ${writes.rounds.baseline[i]!.rps.toFixed(0)} writes/s; p99 ${g.p99} / ${writes.rounds.baseline[i]!.p99} ms`,
  ),
  "",
];
writeFileSync(join(ROOT, "bench/RESULTS.md"), lines.join("\n"));
console.log(lines.join("\n"));
