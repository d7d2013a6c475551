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
      // Exactly at its targets meets them (SPEC 12.5).
      return {
        performed_on: today,
        result: "pass",
        ...(typeof c.max_detect_s === "number" ? { detect_s: c.max_detect_s } : {}),
        ...(typeof c.max_mitigate_s === "number" ? { mitigate_s: c.max_mitigate_s } : {}),
      };
    default:
      return null;
  }
}

/**
 * A launch date a `perp-futures-v2` release can be all green for: a drill
 * performed today must still be valid on launch day (SPEC 12.5), and the
 * template's shortest `valid_days` is 14 (the failover drill). A week ahead.
 */
export function greenLaunchDate(now = new Date()): string {
  return new Date(now.getTime() + 7 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Every item of a `perp-futures-v2` release green but its `actions` items
 * (computed from action items): each reported kind gets green evidence, the
 * `task` item's WBS task is done, a roster of one agent holds a pass of each
 * `roster` item's assessment, and each `sop` item's SOP has an approved
 * revision (drafted by `token`, approved by a second admin token) that the
 * agent acknowledged. SOPs are shared by the server's releases: one already
 * current is only acknowledged. `token` is an admin API token.
 */
export async function greenAllButActions(url: string, token: string, release: string): Promise<void> {
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  const today = new Date().toISOString().slice(0, 10);
  const launch = (await (await fetch(`${url}/api/v1/releases/${release}`, { headers })).json()).release.launch_date as string;
  // Nothing performed today can be green for a launch further away than a drill stays valid: say so, rather than leave a test wondering.
  if (launch > greenLaunchDate()) throw new Error(`${release} launches ${launch}: a drill performed today lapses before then; use greenLaunchDate()`);
  const items = (await (await fetch(`${url}/api/v1/releases/${release}/items`, { headers })).json()).items as {
    id: string;
    kind: string;
    owner: string;
    config: Record<string, unknown>;
  }[];
  for (const item of items) {
    const evidence = greenEvidenceFor(item, today);
    if (!evidence) continue;
    const res = await fetch(`${url}/api/v1/releases/${release}/items/${item.id}/evidence`, { method: "POST", headers, body: JSON.stringify(evidence) });
    if (res.status !== 200) throw new Error(`${item.id}: ${res.status} ${await res.text()}`);
  }
  /** What these calls answer, as far as the helper reads it. */
  type Reply = { status: number; body: { sop?: { current: number | null }; version?: number; token?: string } };
  const call = async (method: string, path: string, body?: unknown, as: Record<string, string> = headers): Promise<Reply> => {
    const res = await fetch(`${url}/api/v1${path}`, { method, headers: as, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Reply["body"] };
  };
  const must = async (what: string, pending: Promise<Reply>) => {
    const res = await pending;
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const agent = "agent@example.com";
  const computed = (kind: string) => items.filter((i) => i.kind === kind);
  if (computed("roster").length || computed("sop").length) {
    await must("roster", call("PUT", `/releases/${release}/roster`, { people: [{ email: agent, name: "Agent", team: "shift-a" }] }));
  }
  for (const item of computed("roster")) {
    const results = [{ email: agent, score: 100, passed: true, at: new Date(Date.now() - 60_000).toISOString() }];
    await must(item.id, call("POST", `/releases/${release}/assessments/${item.config.assessment as string}/results`, { results }));
  }
  let approver: Record<string, string> | null = null;
  for (const item of computed("sop")) {
    const key = item.config.sop as string;
    const existing = await call("GET", `/sops/${key}`);
    if (existing.status === 404) await must(key, call("POST", "/sops", { key, title: key, owner: item.owner, review_days: 365 }));
    if (existing.status === 404 || existing.body.sop?.current === null) {
      const { version } = await must(key, call("POST", `/sops/${key}/revisions`, { summary: "Ready", link: "https://kb.example.com/sop" }));
      if (!approver) {
        const { token: second } = await must("approver", call("POST", "/tokens", { name: `sop-approver-${release}`, role: "admin" }));
        approver = { ...headers, authorization: `Bearer ${second}` };
      }
      await must(`${key} approval`, call("POST", `/sops/${key}/revisions/${version}/approve`, undefined, approver));
    }
    await must(`${key} acknowledgement`, call("POST", `/sops/${key}/acknowledgements`, { emails: [agent] }));
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
