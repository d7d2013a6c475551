import { readFileSync } from "node:fs";
import { openDatabase } from "../db/client";
import { createSealer, loadChainKey, verifyChain } from "../server/chain";

/** `audit verify` of every release in DATABASE_URL, then its peak memory as JSON (bench/history.ts). */
const db = openDatabase(process.env.DATABASE_URL!);
const sealer = createSealer(loadChainKey());
for (const { id } of db.all<{ id: string }>("select id from releases")) {
  const check = verifyChain(db, sealer, id);
  if (!check.ok) throw new Error(`${id}: seq ${check.seq}, ${check.problem}`);
}
// The peak of this program's own memory: /proc's VmHWM starts afresh at exec, while getrusage's maxRSS carries the
// spawning process's peak over (the bench, holding a freshly filled million events, would be measured instead).
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
console.log(JSON.stringify({ rssMb: Math.round(Number(hwm?.[1] ?? process.resourceUsage().maxRSS) / 1024) }));
