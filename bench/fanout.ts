import { io, type Socket } from "socket.io-client";
import { median, percentile, startProcess, tempDatabaseUrl, type Child } from "./support";

/**
 * Fan-out (issue 4): from sending an evidence write over the API to its event
 * arriving at every one of N joined socket.io clients, next to a bare
 * Socket.IO server broadcasting the same payload on a POST to the same N
 * clients. Writes are sequential: each waits until every client has it.
 * A write's latency is until the last client has it; each single delivery's
 * latency is kept too.
 */
const TOKEN = "bench-admin-token-0123456789abcdef";
const SIZES = (process.env.BENCH_FANOUT_SIZES ?? "100,500,1000,2000").split(",").map(Number);
const WRITES = Number(process.env.BENCH_FANOUT_WRITES ?? 200);
const WARM_UP_WRITES = 50;
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 5);
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };

interface Sample {
  n: number;
  /** Until every client has the event, over the writes. */
  p50: number;
  p99: number;
  max: number;
  /** Each delivery to one client, over every client and write. */
  deliveryP50: number;
  deliveryP99: number;
  lost: number;
  outOfOrder: number;
}

interface Client {
  socket: Socket;
  /** Every seq this client was sent, in arrival order. */
  seqs: number[];
  /** Told of the next arrival while a delivery is timed. */
  onEvent?: (at: number) => void;
}

async function connectClients(url: string, n: number, token?: string): Promise<Client[]> {
  const clients: Client[] = [];
  const batch = 100; // connect in waves: 2,000 simultaneous handshakes would measure the kernel, not us
  for (let i = 0; i < n; i += batch) {
    const wave = Array.from({ length: Math.min(batch, n - i) }, async () => {
      const socket = io(url, { auth: token ? { token } : {}, transports: ["websocket"], reconnection: false, forceNew: true });
      const client: Client = { socket, seqs: [] };
      socket.on("board:event", (event: { seq: number }) => {
        client.seqs.push(event.seq);
        client.onEvent?.(performance.now());
      });
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

const TIMEOUT_MS = 15_000;

/** Resolves true when `check` holds, false after `ms`. */
async function waitFor(check: () => boolean, ms = TIMEOUT_MS): Promise<boolean> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

interface Tally {
  /** Per write: until the last client had it (the timeout, for a write some never got). */
  completions: number[];
  /** Per client and write. */
  deliveries: number[];
  /** The seqs sent, to check every client got each of them. */
  sent: number[];
}

/** One change: send it, and resolve when every client has its event (or after the timeout). */
async function deliver(clients: Client[], send: () => Promise<number>, tally: Tally): Promise<void> {
  const arrivals: number[] = [];
  for (const client of clients) {
    client.onEvent = (at) => {
      arrivals.push(at);
      client.onEvent = undefined;
    };
  }
  const started = performance.now();
  // The event may arrive before the HTTP response that names its seq.
  tally.sent.push(await send());
  const complete = await waitFor(() => arrivals.length === clients.length);
  for (const client of clients) client.onEvent = undefined;
  for (const at of arrivals) tally.deliveries.push(at - started);
  if (!complete) console.error(`${clients.length - arrivals.length} clients never got an event`);
  tally.completions.push(complete ? Math.max(...arrivals) - started : TIMEOUT_MS);
}

/** Per client: the seqs sent that it never got, and whether what it got is in increasing order. */
function audit(clients: Client[], sent: number[]): { lost: number; outOfOrder: number } {
  let lost = 0;
  let outOfOrder = 0;
  for (const client of clients) {
    const got = new Set(client.seqs);
    lost += sent.filter((seq) => !got.has(seq)).length;
    if (client.seqs.some((seq, j) => j > 0 && seq <= client.seqs[j - 1]!)) outOfOrder += 1;
  }
  return { lost, outOfOrder };
}

/**
 * A round: as many changes through Greenlight as through the baseline,
 * alternating one by one (and who goes first), so both meet the same moments
 * of a noisy machine.
 */
async function measureRound(sides: { clients: Client[]; send: (i: number) => Promise<number> }[], writes: number): Promise<Omit<Sample, "n">[]> {
  const tallies: Tally[] = sides.map(() => ({ completions: [], deliveries: [], sent: [] }));
  for (let i = 0; i < writes; i++) {
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const k of order) await deliver(sides[k]!.clients, () => sides[k]!.send(i), tallies[k]!);
  }
  return sides.map(({ clients }, k) => {
    const { completions, deliveries, sent } = tallies[k]!;
    return {
      p50: percentile(completions, 50),
      p99: percentile(completions, 99),
      max: Math.max(...completions),
      deliveryP50: percentile(deliveries, 50),
      deliveryP99: percentile(deliveries, 99),
      ...audit(clients, sent),
    };
  });
}

/** Writes sent all at once to Greenlight: every client must get every one, in commit order. */
async function burst(clients: Client[], write: (i: number) => Promise<number>, writes = 20): Promise<{ lost: number; outOfOrder: number }> {
  const before = clients.map((c) => c.seqs.length);
  const sent = await Promise.all(Array.from({ length: writes }, (_, i) => write(i)));
  await waitFor(() => clients.every((c, k) => c.seqs.length >= before[k]! + writes));
  return audit(clients, sent);
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
        const res = await fetch(`${baseline.url}/emit`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ ...sample, seq }) });
        await res.json();
        return seq;
      };
      // Interleaved rounds on a shared, noisy machine: compare medians, not single runs.
      let loopP99 = 0;
      let loopMax = 0;
      // One unmeasured round first: a freshly started process measures its JIT, not its steady state.
      // What it loses or reorders still counts.
      const sides = [
        { clients: gClients, send: write },
        { clients: bClients, send: emit },
      ];
      const [gWarm, bWarm] = await measureRound(sides, WARM_UP_WRITES);
      const g: Omit<Sample, "n">[] = [];
      const b: Omit<Sample, "n">[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await fetch(`${greenlight.url}/api/v1/metrics/reset`, { method: "POST", headers: auth });
        const [gRound, bRound] = await measureRound(sides, WRITES);
        g.push(gRound!);
        b.push(bRound!);
        const during = await metrics(greenlight);
        loopP99 = Math.max(loopP99, during.event_loop_delay_ms.p99);
        loopMax = Math.max(loopMax, during.event_loop_delay_ms.max);
      }
      const concurrent = await burst(gClients, write);
      await closeAll([...gClients, ...bClients]);
      // Latency from the measured rounds; losses from every round, the warm-up and Greenlight's burst included.
      // Out-of-order counts clients whose seqs so far are not increasing, so the latest look covers them all.
      const summary = (measured: Omit<Sample, "n">[], unmeasured: { lost: number; outOfOrder: number }[]): Sample => ({
        n,
        p50: median(measured.map((r) => r.p50)),
        p99: median(measured.map((r) => r.p99)),
        max: Math.max(...measured.map((r) => r.max)),
        deliveryP50: median(measured.map((r) => r.deliveryP50)),
        deliveryP99: median(measured.map((r) => r.deliveryP99)),
        lost: [...measured, ...unmeasured].reduce((t, r) => t + r.lost, 0),
        outOfOrder: Math.max(...[...measured, ...unmeasured].map((r) => r.outOfOrder)),
      });
      // JS heap plus buffers outside it, after a full GC: RSS never shrinks, so it would credit later N with earlier N's memory.
      const retained = (m: { memory: { heap_used: number; external: number } }) => m.memory.heap_used + m.memory.external;
      const memoryPerBoardKb = (retained(joined) - retained(before)) / n / 1024;
      const entry = { greenlight: summary(g, [gWarm!, concurrent]), baseline: summary(b, [bWarm!]), memoryPerBoardKb, eventLoopP99: loopP99, eventLoopMax: loopMax };
      results.push(entry);
      process.stderr.write(
        `fan-out N=${n}: greenlight p50 ${entry.greenlight.p50.toFixed(1)} p99 ${entry.greenlight.p99.toFixed(1)} max ${entry.greenlight.max.toFixed(1)} ms; ` +
          `baseline p50 ${entry.baseline.p50.toFixed(1)} p99 ${entry.baseline.p99.toFixed(1)} ms; ` +
          `per delivery p99 ${entry.greenlight.deliveryP99.toFixed(1)} / ${entry.baseline.deliveryP99.toFixed(1)} ms; ${memoryPerBoardKb.toFixed(1)} KB/board; loop p99 ${loopP99} ms\n`,
      );
    }
  } finally {
    await Promise.all([greenlight.stop(), baseline.stop()]);
  }
  return { results, writes: WRITES, warmUpWrites: WARM_UP_WRITES, rounds: ROUNDS };
}
