import autocannon from "autocannon";
import { GREENLIGHT, median, startProcess, tempDatabaseUrl } from "./support";

/**
 * Evidence writes through the real API (issue 2): autocannon, 10 connections,
 * against `greenlight serve` and against the bare baseline, in alternating
 * rounds on the same machine; medians of the rounds are compared.
 */
const TOKEN = "bench-admin-token-0123456789abcdef";
const CONNECTIONS = 10;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Round {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  errors: number;
}

async function load(url: string, path: string, headers: Record<string, string>): Promise<Round> {
  let i = 0;
  const result = await autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    // A different value each request, so every write changes state.
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify({ value: 10 + (i++ % 20) }) }) }],
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result["2xx"],
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

export async function benchEvidenceWrites() {
  const greenlight = await startProcess(GREENLIGHT, ["serve"], {
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: tempDatabaseUrl("greenlight.db"),
    GREENLIGHT_BOOTSTRAP_TOKEN: TOKEN,
    GREENLIGHT_DEMO: "0",
    GREENLIGHT_API_RATE: "0",
    LOG_LEVEL: "info",
  });
  const baseline = await startProcess("bench/baseline-server.ts", [], { DATABASE_URL: tempDatabaseUrl("baseline.db") });
  const auth = { authorization: `Bearer ${TOKEN}` };
  const created = await fetch(`${greenlight.url}/api/v1/releases`, {
    method: "POST",
    headers: { "content-type": "application/json", ...auth },
    body: JSON.stringify({ id: "bench", name: "Bench", template: "perp-futures-v2", start_date: "2026-11-02", launch_date: "2026-12-01" }),
  });
  if (created.status !== 201) throw new Error(`could not create the bench release: ${created.status}`);

  const rounds = { greenlight: [] as Round[], baseline: [] as Round[] };
  try {
    for (let r = 0; r < ROUNDS; r++) {
      rounds.baseline.push(await load(baseline.url, "/write", {}));
      rounds.greenlight.push(await load(greenlight.url, "/api/v1/releases/bench/items/stability.p99-order-latency/evidence", auth));
      process.stderr.write(
        `round ${r + 1}/${ROUNDS}: greenlight ${rounds.greenlight[r]!.rps.toFixed(0)} req/s p99 ${rounds.greenlight[r]!.p99} ms; ` +
          `baseline ${rounds.baseline[r]!.rps.toFixed(0)} req/s p99 ${rounds.baseline[r]!.p99} ms\n`,
      );
    }
  } finally {
    await Promise.all([greenlight.stop(), baseline.stop()]);
  }

  const summary = (list: Round[]) => ({
    rps: median(list.map((r) => r.rps)),
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
    ok: list.reduce((n, r) => n + r.ok, 0),
    errors: list.reduce((n, r) => n + r.errors, 0),
  });
  const g = summary(rounds.greenlight);
  const b = summary(rounds.baseline);
  const slowdown = b.rps / g.rps;
  const checks = [
    { target: "≥ 1,000 acknowledged writes/s", actual: `${g.rps.toFixed(0)} writes/s`, pass: g.rps >= 1000 },
    { target: "p99 ≤ 25 ms", actual: `${g.p99} ms`, pass: g.p99 <= 25 },
    { target: "≤ 2× slower than the baseline (throughput)", actual: `${slowdown.toFixed(2)}×`, pass: slowdown <= 2 },
    { target: "no failed requests", actual: `${g.errors} failed of ${g.ok + g.errors}`, pass: g.errors === 0 },
  ];
  return { greenlight: g, baseline: b, rounds, checks };
}
