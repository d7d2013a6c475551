import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import type { Audit, Message, Request, Side } from "./fanout-clients";
import { GREENLIGHT, median, monotonicMs, percentile, ROOT, startProcess, tempDatabaseUrl, type Child } from "./support";

/**
 * Fan-out (issue 4): from sending an evidence write over the API to its event
 * arriving at every one of N joined socket.io clients, next to a bare
 * Socket.IO server broadcasting the same payload on a POST to the same N
 * clients. Writes are sequential: each waits until every client has it.
 * A write's latency is until the last client has it; each single delivery's
 * latency is kept too. The clients live in a few processes of their own: one
 * process decoding every frame in turn, not either server, set the latency at
 * 1,000 clients, and real boards are separate machines.
 */
const TOKEN = "bench-admin-token-0123456789abcdef";
const SIZES = (process.env.BENCH_FANOUT_SIZES ?? "100,500,1000,2000").split(",").map(Number);
const WRITES = Number(process.env.BENCH_FANOUT_WRITES ?? 200);
/**
 * Deliveries per round and side at least, so few boards get more writes: a
 * p99 over 200 writes is the third-worst write, set by a few stray stalls of
 * a shared machine; over 1,000, the eleventh. Cheap where it matters, at N=100.
 */
const DELIVERIES = Number(process.env.BENCH_FANOUT_DELIVERIES ?? 100_000);
const writesAt = (n: number) => Math.max(WRITES, Math.ceil(DELIVERIES / n));
const WARM_UP_WRITES = 50;
const ROUNDS = Number(process.env.BENCH_FANOUT_ROUNDS ?? 5);
/** How many processes hold the clients (each its share of both sides'). */
export const CLIENT_PROCESSES = Number(process.env.BENCH_FANOUT_CLIENT_PROCESSES ?? 2);
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
const TIMEOUT_MS = 15_000;

type RequestBody = { [T in Request["type"]]: Omit<Extract<Request, { type: T }>, "id"> }[Request["type"]];

interface Sample {
  n: number;
  /** Writes per measured round. */
  writes: number;
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

/** Clients of both sides, spread over the client processes (bench/fanout-clients.ts). */
type ClientProcesses = ReturnType<typeof forkClientProcesses>;

/**
 * Forks `k` client processes; `ready()` resolves once all of them listen.
 * Returned at once, so the caller can `kill()` them whatever happens next.
 */
function forkClientProcesses(k: number) {
  const workers = Array.from({ length: k }, () => fork(join(ROOT, "bench/fanout-clients.ts"), [], { cwd: ROOT, execArgv: ["--import", "tsx"] }));
  /** Per process, its requests awaiting a reply, by id; id 0 is the ready message it sends unasked. */
  const replies = workers.map(() => new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>());
  let nextId = 1;
  /** Per side, how many of its clients each process holds. */
  const held: Record<Side, number[]> = { greenlight: workers.map(() => 0), baseline: workers.map(() => 0) };
  const holders = (side: Side) => workers.flatMap((_, w) => (held[side][w]! > 0 ? [w] : []));
  /** Arrivals by `side seq`, kept from the first report: the event may arrive before the HTTP response that names its seq. */
  const reports = new Map<string, { arrivals: number[]; from: Set<number> }>();
  const reportOf = (key: string) => reports.get(key) ?? reports.set(key, { arrivals: [], from: new Set() }).get(key)!;
  /** Told when a (side, seq) awaited has been reported by every process holding clients of its side. */
  const waiting = new Map<string, () => void>();
  let crashed: Error | undefined;
  let closing = false;

  const readies = workers.map((_, w) => new Promise((resolve, reject) => replies[w]!.set(0, { resolve, reject })));
  for (const ready of readies) ready.catch(() => {}); // awaited by ready(); not unhandled if a process dies first

  workers.forEach((worker, w) => {
    worker.on("message", (message: Message) => {
      if (message.type === "reply") {
        const reply = replies[w]!.get(message.id);
        replies[w]!.delete(message.id);
        if (message.error) reply?.reject(new Error(`client process ${w}: ${message.error}`));
        else reply?.resolve(message.result);
        return;
      }
      const key = `${message.side} ${message.seq}`;
      const report = reportOf(key);
      report.arrivals.push(...message.arrivals);
      report.from.add(w);
      if (report.from.size === holders(message.side).length) waiting.get(key)?.();
    });
    // A process that cannot be started or sent to fails the run like one that dies.
    worker.on("error", (error) => {
      crashed ??= new Error(`client process ${w}: ${error.message}`);
      for (const wake of waiting.values()) wake();
    });
    worker.on("exit", (code, signal) => {
      const error = new Error(`client process ${w} exited (${signal ?? code})`);
      for (const reply of replies[w]!.values()) reply.reject(error);
      replies[w]!.clear();
      if (closing) return;
      crashed = error;
      for (const wake of waiting.values()) wake();
    });
  });

  function request<T>(w: number, body: RequestBody): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      replies[w]!.set(id, { resolve: resolve as (result: unknown) => void, reject });
      workers[w]!.send({ ...body, id } as Request, (error: Error | null) => error && reject(error));
    });
  }

  const alive = (worker: ChildProcess) => worker.exitCode === null && worker.signalCode === null;
  /** Whatever is still running, on the way out. */
  const kill = () => {
    closing = true;
    for (const worker of workers) if (alive(worker)) worker.kill();
  };

  return {
    async ready() {
      await Promise.all(readies);
    },
    size: (side: Side) => held[side].reduce((t, c) => t + c, 0),

    /** Opens `n` clients of a side, spread evenly over the processes, in waves. */
    async connect(side: Side, url: string, n: number, token?: string) {
      const wave = 100; // 2,000 simultaneous handshakes would measure the kernel, not us
      for (let i = 0; i < n; i += wave) {
        // Client number j goes to process j % k, so the shares stay even across waves.
        const counts = workers.map(() => 0);
        for (let j = i; j < Math.min(i + wave, n); j++) counts[j % k]! += 1;
        await Promise.all(
          counts.map(async (count, w) => {
            if (count === 0) return;
            await request(w, { type: "connect", side, url, count, token });
            held[side][w]! += count;
          }),
        );
      }
    },

    /**
     * Every client's arrival time of a (side, seq): resolves when every process
     * reported it, or after the timeout with what arrived (`complete` false).
     */
    async arrivals(side: Side, seq: number): Promise<{ arrivals: number[]; complete: boolean }> {
      const key = `${side} ${seq}`;
      const complete =
        crashed !== undefined ||
        (reports.get(key)?.from.size ?? 0) === holders(side).length ||
        (await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => {
            waiting.delete(key);
            resolve(false);
          }, TIMEOUT_MS);
          waiting.set(key, () => {
            clearTimeout(timer);
            waiting.delete(key);
            resolve(true);
          });
        }));
      if (crashed) throw crashed;
      // In the map while flushing: a report crossing the flush request still lands here.
      const report = reportOf(key);
      if (!complete) {
        for (const w of holders(side)) {
          if (!report.from.has(w)) report.arrivals.push(...(await request<number[]>(w, { type: "flush", side, seq })));
        }
      }
      reports.delete(key);
      return { arrivals: report.arrivals, complete };
    },

    /** Summed over the processes: lost and out of order as each counts them per client. */
    async audit(side: Side, sent: number[]): Promise<Audit> {
      const parts = await Promise.all(holders(side).map((w) => request<Audit>(w, { type: "audit", side, sent })));
      return { lost: parts.reduce((t, p) => t + p.lost, 0), outOfOrder: parts.reduce((t, p) => t + p.outOfOrder, 0) };
    },

    /** Disconnects every client; the processes then exit (or are killed after 5 s). */
    async close() {
      closing = true;
      const exited = Promise.all(workers.map((worker) => alive(worker) && once(worker, "exit")));
      // Started first: a process that never answers is killed, not waited for.
      const timer = setTimeout(kill, 5000);
      await Promise.all(workers.map((_, w) => request(w, { type: "close" }).catch(() => {})));
      await exited;
      clearTimeout(timer);
      await new Promise((r) => setTimeout(r, 500)); // the servers see the disconnects before the next N
    },

    kill,
  };
}

interface Tally {
  /** Per write: until the last client had it (the timeout, for a write some never got). */
  completions: number[];
  /** Per client and write. */
  deliveries: number[];
  /** The seqs sent, to check every client got each of them. */
  sent: number[];
}

/**
 * One change: send it, and resolve when every client has its event (or after the timeout).
 * Sent and arrival times are both on the monotonic clock the processes share.
 */
async function deliver(clients: ClientProcesses, side: Side, send: () => Promise<number>, tally: Tally): Promise<void> {
  const started = monotonicMs();
  const seq = await send();
  tally.sent.push(seq);
  const { arrivals, complete } = await clients.arrivals(side, seq);
  for (const at of arrivals) tally.deliveries.push(at - started);
  if (!complete) {
    const missing = clients.size(side) - arrivals.length;
    console.error(`${missing} clients never got an event`);
    // A delivery that never came counts as the timeout, as its write does.
    for (let i = 0; i < missing; i++) tally.deliveries.push(TIMEOUT_MS);
  }
  tally.completions.push(complete ? Math.max(...arrivals) - started : TIMEOUT_MS);
}

/**
 * A round: as many changes through Greenlight as through the baseline,
 * alternating one by one (and who goes first), so both meet the same moments
 * of a noisy machine.
 */
async function measureRound(
  clients: ClientProcesses,
  sides: { side: Side; send: (i: number) => Promise<number> }[],
  writes: number,
): Promise<Omit<Sample, "n" | "writes">[]> {
  const tallies: Tally[] = sides.map(() => ({ completions: [], deliveries: [], sent: [] }));
  for (let i = 0; i < writes; i++) {
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const s of order) await deliver(clients, sides[s]!.side, () => sides[s]!.send(i), tallies[s]!);
  }
  return Promise.all(
    sides.map(async ({ side }, s) => {
      const { completions, deliveries, sent } = tallies[s]!;
      return {
        p50: percentile(completions, 50),
        p99: percentile(completions, 99),
        max: Math.max(...completions),
        deliveryP50: percentile(deliveries, 50),
        deliveryP99: percentile(deliveries, 99),
        ...(await clients.audit(side, sent)),
      };
    }),
  );
}

/** Writes sent all at once to Greenlight: every client must get every one, in commit order. */
async function burst(clients: ClientProcesses, write: (i: number) => Promise<number>, writes = 20): Promise<Audit> {
  const sent = await Promise.all(Array.from({ length: writes }, (_, i) => write(i)));
  await Promise.all(sent.map((seq) => clients.arrivals("greenlight", seq)));
  return clients.audit("greenlight", sent);
}

async function metrics(server: Child, gc = false) {
  const res = await fetch(`${server.url}/api/v1/metrics${gc ? "?gc=1" : ""}`, { headers: auth });
  return (await res.json()) as {
    memory: { rss: number; heap_used: number; external: number };
    event_loop_delay_ms: { p99: number; max: number };
    sockets: number;
  };
}

export async function benchFanout() {
  const greenlight = await startProcess(
    GREENLIGHT,
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
  // Whatever was started is stopped, however far the run got.
  const started: Child[] = [greenlight];
  let clients: ClientProcesses | undefined;
  try {
    const baseline = await startProcess("bench/baseline-socket-server.ts", [], {});
    started.push(baseline);
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
      if (!res.ok) throw new Error(`evidence write refused: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { seq: number }).seq;
    };
    await write(0);
    const sample = (await (await fetch(`${greenlight.url}/api/v1/releases/bench/events?after=1&limit=1`, { headers: auth })).json()).events[0];

    const results: { greenlight: Sample; baseline: Sample; memoryPerBoardKb: number; eventLoopP99: number; eventLoopMax: number }[] = [];
    for (const n of SIZES) {
      // Fresh client processes for each N, as the clients are.
      clients = forkClientProcesses(CLIENT_PROCESSES);
      await clients.ready();
      const before = await metrics(greenlight, true);
      await clients.connect("greenlight", greenlight.url, n, TOKEN);
      await new Promise((r) => setTimeout(r, 1500)); // presence broadcasts settle
      const joined = await metrics(greenlight, true);
      await clients.connect("baseline", baseline.url, n);
      let seq = 0;
      const emit = async () => {
        seq += 1;
        const res = await fetch(`${baseline.url}/emit`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ ...sample, seq }),
        });
        await res.json();
        return seq;
      };
      // Interleaved rounds on a shared, noisy machine: compare medians, not single runs.
      let loopP99 = 0;
      let loopMax = 0;
      // One unmeasured round first: a freshly started process measures its JIT, not its steady state.
      // What it loses or reorders still counts.
      const sides = [
        { side: "greenlight" as const, send: write },
        { side: "baseline" as const, send: emit },
      ];
      const [gWarm, bWarm] = await measureRound(clients, sides, WARM_UP_WRITES);
      const g: Omit<Sample, "n" | "writes">[] = [];
      const b: Omit<Sample, "n" | "writes">[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await fetch(`${greenlight.url}/api/v1/metrics/reset`, { method: "POST", headers: auth });
        const [gRound, bRound] = await measureRound(clients, sides, writesAt(n));
        g.push(gRound!);
        b.push(bRound!);
        const during = await metrics(greenlight);
        loopP99 = Math.max(loopP99, during.event_loop_delay_ms.p99);
        loopMax = Math.max(loopMax, during.event_loop_delay_ms.max);
      }
      const concurrent = await burst(clients, write);
      await clients.close();
      // Latency from the measured rounds; losses from every round, the warm-up and Greenlight's burst included.
      // Out-of-order counts clients whose seqs so far are not increasing, so the latest look covers them all.
      const summary = (measured: Omit<Sample, "n" | "writes">[], unmeasured: { lost: number; outOfOrder: number }[]): Sample => ({
        n,
        writes: writesAt(n),
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
      const entry = {
        greenlight: summary(g, [gWarm!, concurrent]),
        baseline: summary(b, [bWarm!]),
        memoryPerBoardKb,
        eventLoopP99: loopP99,
        eventLoopMax: loopMax,
      };
      results.push(entry);
      process.stderr.write(
        `fan-out N=${n}: greenlight p50 ${entry.greenlight.p50.toFixed(1)} p99 ${entry.greenlight.p99.toFixed(1)} max ${entry.greenlight.max.toFixed(1)} ms; ` +
          `baseline p50 ${entry.baseline.p50.toFixed(1)} p99 ${entry.baseline.p99.toFixed(1)} ms; ` +
          `per delivery p99 ${entry.greenlight.deliveryP99.toFixed(1)} / ${entry.baseline.deliveryP99.toFixed(1)} ms; ${memoryPerBoardKb.toFixed(1)} KB/board; loop p99 ${loopP99} ms\n`,
      );
    }
    return { results, writes: WRITES, deliveries: DELIVERIES, warmUpWrites: WARM_UP_WRITES, rounds: ROUNDS };
  } finally {
    clients?.kill();
    await Promise.all(started.map((child) => child.stop()));
  }
}
