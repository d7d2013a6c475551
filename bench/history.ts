import { spawn } from "node:child_process";
import { join } from "node:path";
import { migrateDatabase, openDatabase } from "../db/client";
import { SYSTEM } from "../server/auth/actor";
import { loadChainKey, verifyChain } from "../server/chain";
import { loadTemplates } from "../server/readiness/template";
import { createServices } from "../server/services";
import { GREENLIGHT, median, probed, ROOT, startProcess, tempDatabaseUrl, type Child } from "./support";

/**
 * A year of history (issue 14): a release filled to BENCH_HISTORY_EVENTS
 * events (default 1,000,000) next to one with 1,000, each served by its own
 * `greenlight serve`; every operation measured on both, interleaved, with the
 * longest `/healthz` answer during it (the event loop's freeze).
 */
const TOKEN = "bench-history-token-0123456789abcdef";
const PASSWORD = "correct horse battery staple";
const RELEASE = "hist";
export const HISTORY_HEADING = "## A year of history (issue 14)";

export interface HistoryResult {
  events: { small: number; big: number };
  fillPerSecond: number;
  /** `whole`: the operation reads every event by its nature (a full export): its time grows with the log; only its freeze is held to the target. */
  rows: { what: string; small: number; big: number; freezeSmall: number; freezeBig: number; whole?: boolean }[];
  verify: { small: { ms: number; rssMb: number }; big: { ms: number; rssMb: number } };
  rssMb: { small: number; big: number };
}

/**
 * In-process fill through the real services (validation, evaluation, hash
 * chain, sealed head), one transaction per report, with `synchronous = OFF`
 * on this connection only: durability is not what the fill measures.
 */
function fill(count: number): { url: string; perSecond: number } {
  const url = tempDatabaseUrl("history.db");
  const db = openDatabase(url);
  migrateDatabase(db);
  db.$client.pragma("synchronous = OFF");
  let now = Date.parse("2026-01-01T00:00:00Z");
  const { readiness, sealer } = createServices({
    db,
    clock: () => new Date(now),
    templates: loadTemplates(join(ROOT, "checklists")),
    chainKey: loadChainKey(),
  });
  readiness.createRelease(
    {
      id: RELEASE,
      name: "History",
      template: "new-coin-listing",
      start_date: "2026-01-05",
      launch_date: "2026-12-31",
      calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
    },
    SYSTEM,
  );
  const started = performance.now();
  // A metric every minute: mostly the same status, a dip now and then.
  for (let i = 1; i < count; i++) {
    now += 60_000;
    readiness.reportEvidence(RELEASE, "due-diligence.lsp-score", { value: i % 1000 === 0 ? 60 : 80 + (i % 20) }, SYSTEM);
  }
  const perSecond = count / ((performance.now() - started) / 1000);
  // A server that has run all along has verified its history as it came (the background check): its checkpoint is at the head.
  const check = verifyChain(db, sealer, RELEASE, { incremental: true, maxWalk: Number.POSITIVE_INFINITY });
  if (!check.ok) throw new Error(`the filled chain does not verify: ${check.problem}`);
  db.$client.close();
  return { url, perSecond };
}

async function serve(url: string): Promise<Child & { cookie: string }> {
  const child = await startProcess(GREENLIGHT, ["serve"], {
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: url,
    GREENLIGHT_DEMO: "0",
    GREENLIGHT_BOOTSTRAP_TOKEN: TOKEN,
    GREENLIGHT_API_RATE: "0",
    LOG_LEVEL: "info",
  });
  const invited = (await (
    await fetch(`${child.url}/api/v1/users`, {
      method: "POST",
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "viewer@example.com", name: "Viewer", role: "viewer" }),
    })
  ).json()) as { invite_url: string };
  const accepted = await fetch(invited.invite_url, {
    method: "POST",
    body: new URLSearchParams({ password: PASSWORD, confirm: PASSWORD }),
    headers: { origin: child.url },
    redirect: "manual",
  });
  const session = /gl_session=([^;]+)/.exec(accepted.headers.get("set-cookie") ?? "")?.[1];
  if (!session) throw new Error("could not sign in");
  return { ...child, cookie: `gl_session=${session}` };
}

async function ok(res: Response): Promise<string> {
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${res.url} answered ${res.status}: ${text.slice(0, 200)}`);
  return text;
}

/** `greenlight audit verify` in a child process: its time and its peak memory. */
function verifyChild(url: string): Promise<{ ms: number; rssMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["--import", "tsx", "bench/verify-child.ts"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => {
      if (code !== 0) return reject(new Error(`verify-child exited ${code}: ${out}`));
      const { rssMb } = JSON.parse(out.trim().split("\n").at(-1)!) as { rssMb: number };
      resolve({ ms: performance.now() - started, rssMb });
    });
  });
}

export async function benchHistory(): Promise<HistoryResult> {
  const size = Number(process.env.BENCH_HISTORY_EVENTS ?? 1_000_000);
  const small = fill(1_000);
  const big = fill(size);
  const servers = { small: await serve(small.url), big: await serve(big.url) };
  try {
    const api = (s: Child, path: string, init: RequestInit = {}) =>
      fetch(`${s.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...init.headers } });
    const page = (s: Child & { cookie: string }, path: string) => fetch(`${s.url}${path}`, { headers: { cookie: s.cookie } });
    const operations: { what: string; run: (s: Child & { cookie: string }) => Promise<unknown> }[] = [
      { what: "audit page (newest 100 events, chain checked since the last visit)", run: (s) => page(s, `/releases/${RELEASE}/audit`).then(ok) },
      { what: "audit page filtered by item", run: (s) => page(s, `/releases/${RELEASE}/audit?item=due-diligence.lsp-score`).then(ok) },
      {
        what: "board catch-up (GET /events, the last 100)",
        run: async (s) => {
          const head = ((await (await api(s, `/releases/${RELEASE}`)).json()) as { release: { seq: number } }).release.seq;
          return api(s, `/releases/${RELEASE}/events?after=${head - 100}&limit=100`).then(ok);
        },
      },
      {
        what: "evidence write (POST, 20 in a row)",
        run: async (s) => {
          for (let i = 0; i < 20; i++)
            await api(s, `/releases/${RELEASE}/items/due-diligence.lsp-score/evidence`, { method: "POST", body: JSON.stringify({ value: 90 }) }).then(ok);
        },
      },
      {
        what: "NO-GO decision (sealed record)",
        run: (s) => api(s, `/releases/${RELEASE}/decisions`, { method: "POST", body: JSON.stringify({ decision: "no_go", summary: "bench" }) }).then(ok),
      },
      {
        what: "decision page (record verified against the chain)",
        run: async (s) => {
          const { decisions } = (await (await api(s, `/releases/${RELEASE}/decisions`)).json()) as { decisions: { id: number }[] };
          return page(s, `/decisions/${decisions[0]!.id}`).then(ok);
        },
      },
      { what: "readiness page", run: (s) => page(s, `/releases/${RELEASE}`).then(ok) },
    ];
    const rows: HistoryResult["rows"] = [];
    // The first audit page visit on each (no checkpoint yet) is measured apart: it walks the most.
    const first = {
      small: await probed(servers.small.url, () => operations[0]!.run(servers.small)),
      big: await probed(servers.big.url, () => operations[0]!.run(servers.big)),
    };
    rows.push({
      what: "audit page, first visit (walks at most 1,000 events)",
      small: first.small.ms,
      big: first.big.ms,
      freezeSmall: first.small.freeze,
      freezeBig: first.big.freeze,
    });
    for (const op of operations) {
      const times = { small: [] as number[], big: [] as number[], fs: [] as number[], fb: [] as number[] };
      for (let round = 0; round < 5; round++) {
        const order = round % 2 ? (["big", "small"] as const) : (["small", "big"] as const);
        for (const which of order) {
          const m = await probed(servers[which].url, () => op.run(servers[which]));
          times[which].push(m.ms);
          (which === "small" ? times.fs : times.fb).push(m.freeze);
        }
      }
      rows.push({ what: op.what, small: median(times.small), big: median(times.big), freezeSmall: Math.max(...times.fs), freezeBig: Math.max(...times.fb) });
    }
    // Read as a stream, counting bytes: building the whole body as one string would block this process's own event loop
    // for seconds at a million events, and the /healthz probe beside it would count that as the server's freeze.
    const download = async (s: Child & { cookie: string }) => {
      const res = await page(s, `/releases/${RELEASE}/audit.csv`);
      if (res.status >= 400 || !res.body) throw new Error(`${res.url} answered ${res.status}`);
      let bytes = 0;
      const reader = res.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) bytes += read.value.length;
      return bytes;
    };
    const csv = {
      small: await probed(servers.small.url, () => download(servers.small)),
      big: await probed(servers.big.url, () => download(servers.big)),
    };
    rows.push({
      what: "audit CSV export, every event",
      small: csv.small.ms,
      big: csv.big.ms,
      freezeSmall: csv.small.freeze,
      freezeBig: csv.big.freeze,
      whole: true,
    });
    const rss = async (s: Child) => ((await (await api(s, "/metrics")).json()) as { memory: { rss: number } }).memory.rss / 2 ** 20;
    const rssMb = { small: await rss(servers.small), big: await rss(servers.big) };
    await servers.small.stop();
    await servers.big.stop();
    const verify = { small: await verifyChild(small.url), big: await verifyChild(big.url) };
    return { events: { small: 1_000, big: size }, fillPerSecond: big.perSecond, rows, verify, rssMb };
  } finally {
    for (const s of Object.values(servers)) if (s.proc.exitCode === null) await s.stop();
  }
}
