import { io, type Socket } from "socket.io-client";
import { median, percentile, startProcess, tempDatabaseUrl, type Child } from "./support";

/**
 * Fan-out (issue 4): from sending an evidence write over the API to its event
 * arriving at every one of N joined socket.io clients, next to a bare
 * Socket.IO server broadcasting the same payload on a POST to the same N
 * clients. Writes are sequential: each waits until every client has it.
 */
const TOKEN = "bench-admin-token-0123456789abcdef";
const SIZES = (process.env.BENCH_FANOUT_SIZES ?? "100,500,1000,2000").split(",").map(Number);
const WRITES = Number(process.env.BENCH_FANOUT_WRITES ?? 20);
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 3);
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

interface Sample {
  n: number;
  p50: number;
  p99: number;
  max: number;
  lost: number;
  outOfOrder: number;
}

interface Client {
  socket: Socket;
  seqs: number[];
}

async function connectClients(url: string, n: number, token?: string): Promise<Client[]> {
  const clients: Client[] = [];
  const batch = 100; // connect in waves: 2,000 simultaneous handshakes would measure the kernel, not us
  for (let i = 0; i < n; i += batch) {
    const wave = Array.from({ length: Math.min(batch, n - i) }, async () => {
      const socket = io(url, { auth: token ? { token } : {}, transports: ["websocket"], reconnection: false, forceNew: true });
      const client: Client = { socket, seqs: [] };
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", () => resolve());
        socket.once("connect_error", reject);
      });
      await new Promise((resolve) => socket.emit("board:join", { release: "bench" }, resolve));
      return client;
    });
    clients.push(...(await Promise.all(wave)));
  }
  return clients;
}

/** Send `writes` changes one after another; each resolves when all clients have its event. */
async function measure(clients: Client[], send: (i: number) => Promise<number | null>): Promise<Omit<Sample, "n">> {
  const latencies: number[] = [];
  let lost = 0;
  for (let i = 0; i < WRITES; i++) {
    let pending = clients.length;
    let started = 0;
    let expectedSeq: number | null = null;
    const arrivals: number[] = [];
    const all = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`write ${i}: ${pending} clients never got the event`)), 15_000);
      for (const client of clients) {
        client.socket.once("board:event", (event: { seq: number }) => {
          arrivals.push(performance.now() - started);
          client.seqs.push(event.seq);
          if (expectedSeq !== null && event.seq !== expectedSeq) lost += 1;
          if (--pending === 0) {
            clearTimeout(timer);
            resolve();
          }
        });
      }
    });
    started = performance.now();
    expectedSeq = await send(i);
    await all.catch((error: Error) => {
      lost += pending;
      console.error(error.message);
    });
    latencies.push(...arrivals);
  }
  const outOfOrder = clients.filter((c) => c.seqs.some((s, k) => k > 0 && s <= c.seqs[k - 1]!)).length;
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), lost, outOfOrder };
}

async function closeAll(clients: Client[]) {
  for (const c of clients) c.socket.disconnect();
  await new Promise((r) => setTimeout(r, 500));
}

async function metrics(server: Child, gc = false) {
  const res = await fetch(`${server.url}/api/v1/metrics${gc ? "?gc=1" : ""}`, { headers: auth });
  return (await res.json()) as { memory: { rss: number; heap_used: number; external: number }; event_loop_delay_ms: { p99: number; max: number }; sockets: number };
}

export async function benchFanout() {
  const greenlight = await startProcess(
    "server/cli.ts",
    ["serve"],
    {
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: tempDatabaseUrl("fanout.db"),
      GREENLIGHT_BOOTSTRAP_TOKEN: TOKEN,
      GREENLIGHT_DEMO: "0",
      GREENLIGHT_API_RATE: "0",
      LOG_LEVEL: "info",
    },
    ["--expose-gc"],
  );
  const baseline = await startProcess("bench/baseline-socket-server.ts", [], {});
  const created = await fetch(`${greenlight.url}/api/v1/releases`, {
    method: "POST",
    headers: auth,
    body: JSON.stringify({ id: "bench", name: "Bench", template: "perp-futures-v2", start_date: "2026-11-02", launch_date: "2026-12-01" }),
  });
  if (created.status !== 201) throw new Error(`could not create the bench release: ${created.status}`);

  // One real event, so the baseline broadcasts exactly what Greenlight does.
  const write = async (i: number) => {
    const res = await fetch(`${greenlight.url}/api/v1/releases/bench/items/stability.p99-order-latency/evidence`, {
      method: "POST",
      headers: auth,
      body: JSON.stringify({ value: 10 + (i % 20) }),
    });
    return ((await res.json()) as { seq: number }).seq;
  };
  await write(0);
  const sample = (await (await fetch(`${greenlight.url}/api/v1/releases/bench/events?after=1&limit=1`, { headers: auth })).json()).events[0];

  const results: { greenlight: Sample; baseline: Sample; memoryPerBoardKb: number; eventLoopP99: number; eventLoopMax: number }[] = [];
  try {
    for (const n of SIZES) {
      const before = await metrics(greenlight, true);
      const gClients = await connectClients(greenlight.url, n, TOKEN);
      await new Promise((r) => setTimeout(r, 1500)); // presence broadcasts settle
      const joined = await metrics(greenlight, true);
      const bClients = await connectClients(baseline.url, n);
      let seq = 0;
      const emit = async () => {
        seq += 1;
        await fetch(`${baseline.url}/emit`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...sample, seq }) });
        return seq;
      };
      // Interleaved rounds on a shared, noisy machine: compare medians, not single runs.
      const g: Omit<Sample, "n">[] = [];
      const b: Omit<Sample, "n">[] = [];
      let loopP99 = 0;
      let loopMax = 0;
      for (let round = 0; round < ROUNDS; round++) {
        await fetch(`${greenlight.url}/api/v1/metrics/reset`, { method: "POST", headers: auth });
        g.push(await measure(gClients, write));
        const during = await metrics(greenlight);
        loopP99 = Math.max(loopP99, during.event_loop_delay_ms.p99);
        loopMax = Math.max(loopMax, during.event_loop_delay_ms.max);
        b.push(await measure(bClients, emit));
      }
      await closeAll([...gClients, ...bClients]);
      const summary = (rounds: Omit<Sample, "n">[]): Sample => ({
        n,
        p50: median(rounds.map((r) => r.p50)),
        p99: median(rounds.map((r) => r.p99)),
        max: Math.max(...rounds.map((r) => r.max)),
        lost: rounds.reduce((t, r) => t + r.lost, 0),
        outOfOrder: rounds.reduce((t, r) => t + r.outOfOrder, 0),
      });
      // JS heap plus buffers outside it, after a full GC: RSS never shrinks, so it would credit later N with earlier N's memory.
      const retained = (m: { memory: { heap_used: number; external: number } }) => m.memory.heap_used + m.memory.external;
      const memoryPerBoardKb = (retained(joined) - retained(before)) / n / 1024;
      const entry = { greenlight: summary(g), baseline: summary(b), memoryPerBoardKb, eventLoopP99: loopP99, eventLoopMax: loopMax };
      results.push(entry);
      process.stderr.write(
        `fan-out N=${n}: greenlight p50 ${entry.greenlight.p50.toFixed(1)} p99 ${entry.greenlight.p99.toFixed(1)} max ${entry.greenlight.max.toFixed(1)} ms; ` +
          `baseline p50 ${entry.baseline.p50.toFixed(1)} p99 ${entry.baseline.p99.toFixed(1)} ms; ${memoryPerBoardKb.toFixed(1)} KB/board; loop p99 ${loopP99} ms\n`,
      );
    }
  } finally {
    await Promise.all([greenlight.stop(), baseline.stop()]);
  }
  return { results, writes: WRITES, rounds: ROUNDS };
}
