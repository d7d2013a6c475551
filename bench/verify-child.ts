import { openDatabase } from "../db/client";
import { createSealer, loadChainKey, verifyChain } from "../server/chain";

/** `audit verify` of every release in DATABASE_URL, then its peak memory as JSON (bench/history.ts). */
const db = openDatabase(process.env.DATABASE_URL!);
const sealer = createSealer(loadChainKey());
for (const { id } of db.all<{ id: string }>("select id from releases")) {
  const check = verifyChain(db, sealer, id);
  if (!check.ok) throw new Error(`${id}: seq ${check.seq}, ${check.problem}`);
}
console.log(JSON.stringify({ rssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
