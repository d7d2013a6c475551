import { copyFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "./db";

/**
 * Evidence that turns every item of the `new-coin-listing` template green
 * but `comms.cs-macros` (the last one, so a test decides when the gate opens).
 */
export const NEW_COIN_GREEN_BUT_LAST: [string, unknown][] = [
  ["due-diligence.lsp-score", { value: 82 }],
  ["due-diligence.legal-opinion", { done: true }],
  ["due-diligence.contract-audit", { done: true }],
  ["wallet.wallet-stages", { stages: { "node-sync": "passed", deposit: "passed", withdrawal: "passed", sweep: "passed", "cold-storage": "passed" } }],
  ["wallet.deposit-confirmations", { deployed: 64 }],
  ["liquidity.opening-depth", { value: 240_000 }],
  ["comms.announcement", { done: true }],
];

/** Every item of `new-coin-listing` green: the gate opens. */
export const NEW_COIN_GREEN: [string, unknown][] = [...NEW_COIN_GREEN_BUT_LAST, ["comms.cs-macros", { done: true }]];

/** Evidence that turns an item of any reported kind green; null for computed kinds. */
export function greenEvidenceFor(item: { kind: string; config: Record<string, unknown> }, today: string): unknown {
  const c = item.config;
  switch (item.kind) {
    case "check":
      return { done: true };
    case "metric":
      return { value: c.target };
    case "ratio":
      return { passed: 100, total: 100 };
    case "param":
      return { deployed: c.approved };
    case "stages":
      return { stages: Object.fromEntries((c.stages as string[]).map((s) => [s, "passed"])) };
    case "drill":
      return { performed_on: today, result: "pass" };
    default:
      return null;
  }
}

/**
 * Every item of a `perp-futures-v2` release green but its `actions` items
 * (computed from action items): each reported kind gets green evidence and
 * the `task` item's WBS task is done. `token` is an admin API token.
 */
export async function greenAllButActions(url: string, token: string, release: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const today = new Date().toISOString().slice(0, 10);
  const items = (await (await fetch(`${url}/api/v1/releases/${release}/items`, { headers })).json()).items as {
    id: string;
    kind: string;
    config: Record<string, unknown>;
  }[];
  for (const item of items) {
    const evidence = greenEvidenceFor(item, today);
    if (!evidence) continue;
    const res = await fetch(`${url}/api/v1/releases/${release}/items/${item.id}/evidence`, { method: "POST", headers, body: JSON.stringify(evidence) });
    if (res.status !== 200) throw new Error(`${item.id}: ${res.status} ${await res.text()}`);
  }
  const csv = "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status\nfull-release,Full release,,pmo,1,,,100,done\n";
  const wbs = await fetch(`${url}/api/v1/releases/${release}/wbs`, { method: "PUT", headers: { ...headers, "content-type": "text/csv" }, body: csv });
  if (wbs.status !== 200) throw new Error(`wbs: ${wbs.status} ${await wbs.text()}`);
}

/**
 * A checklists folder (for `GREENLIGHT_CHECKLISTS`) holding the shipped
 * templates and the tests' own (test/fixtures/checklists: `cs-training`, one
 * `roster` and one `sop` item owned by cs), so a test does not depend on what
 * the shipped templates contain.
 */
export function checklistsWithFixtures(): string {
  const dir = tempDir("greenlight-checklists-");
  for (const from of [join(import.meta.dirname, "../../checklists"), join(import.meta.dirname, "../fixtures/checklists")]) {
    for (const name of readdirSync(from).filter((n) => /\.ya?ml$/.test(n))) copyFileSync(join(from, name), join(dir, name));
  }
  return dir;
}
