import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { migrateDatabase, openDatabase, type Db } from "../db/client";
import { SYSTEM } from "../server/auth/actor";
import { loadChainKey, verifyChain } from "../server/chain";
import { loadTemplates } from "../server/readiness/template";
import { COMPACT_RANGE, createRetention } from "../server/retention";
import { createServices, type Services } from "../server/services";
import { median, percentile, ROOT, tempDatabaseUrl } from "./support";

/**
 * Retention at a launch's pace (issue 14): monitoring pushes four metrics of
 * `perp-futures-v2` round the clock, 200,000 readings a day, each status
 * dipping now and then. Two days are filled in process; retention (1 day) then
 * compacts the older day range by range, as the server's background job does;
 * then a third day is written. Measured: the file's size and the pages in use
 * before and after, how long each range's transaction holds the writer (the
 * event loop, in the server), how much a day leaves behind, and what a year
 * comes to. Also the cost the audit filter indexes add to a write, as an A/B
 * in the same run.
 */
export const RETENTION_HEADING = "## Retention: a year of minute-by-minute readings (issue 14)";

const RELEASE = "ret";
const ITEMS: [string, (dip: boolean) => number][] = [
  ["stability.p99-order-latency", (dip) => (dip ? 25 : 12)],
  ["stability.api-error-rate", (dip) => (dip ? 0.03 : 0.004)],
  ["stability.md-push-latency", (dip) => (dip ? 70 : 31)],
  ["stability.matching-throughput", (dip) => (dip ? 90_000 : 140_000)],
];
const PER_DAY = Number(process.env.BENCH_RETENTION_PER_DAY ?? 200_000);
const DAY_MS = 86_400_000;

export interface RetentionResult {
  perDay: number;
  fillPerSecond: number;
  bytes: { filled: number; usedAfter: number; fileAfter: number; fileAfterNextDay: number };
  perEvent: number;
  compaction: {
    ranges: number;
    removed: number;
    keptPerDay: number;
    medianMs: number;
    p99Ms: number;
    maxMs: number;
    blockMs: number;
    totalS: number;
    verifyS: number;
  };
  yearGb: { without: number; with: number };
  indexes: { withMs: number; withoutMs: number };
}

function pages(db: Db) {
  const size = db.$client.pragma("page_size", { simple: true }) as number;
  return {
    file: (db.$client.pragma("page_count", { simple: true }) as number) * size,
    free: (db.$client.pragma("freelist_count", { simple: true }) as number) * size,
  };
}

function open(url: string, start: number) {
  const db = openDatabase(url);
  migrateDatabase(db);
  // Durability is not what the fill measures; the compaction's transactions are timed on the same footing.
  db.$client.pragma("synchronous = OFF");
  const clock = { now: start };
  const services = createServices({ db, clock: () => new Date(clock.now), templates: loadTemplates(join(ROOT, "checklists")), chainKey: loadChainKey() });
  return { db, clock, services };
}

/** A day of readings at PER_DAY a day, from `clock.now` on; a dip every 2,500 readings of an item (and back). */
function fillDay(services: Services, clock: { now: number }, day: number): number {
  const step = DAY_MS / PER_DAY;
  const started = performance.now();
  for (let i = 0; i < PER_DAY; i++) {
    clock.now += step;
    const [item, value] = ITEMS[i % ITEMS.length]!;
    const n = day * PER_DAY + i;
    services.readiness.reportEvidence(RELEASE, item, { value: value(n % 10_000 < 4) }, SYSTEM);
  }
  return PER_DAY / ((performance.now() - started) / 1000);
}

export async function benchRetention(): Promise<RetentionResult> {
  const start = Date.parse("2026-09-01T00:00:00Z");
  const url = tempDatabaseUrl("retention.db");
  const { db, clock, services } = open(url, start);
  services.readiness.createRelease(
    {
      id: RELEASE,
      name: "Retention",
      template: "perp-futures-v2",
      start_date: "2026-08-03",
      launch_date: "2026-12-31",
      calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
    },
    SYSTEM,
  );
  console.log(`retention: filling 2 days of ${PER_DAY} readings`);
  const fillPerSecond = (fillDay(services, clock, 0) + fillDay(services, clock, 1)) / 2;
  const filled = pages(db);
  const events = 2 * PER_DAY + 1;

  // The background check's work, done at once here: compaction only touches verified history.
  let t = performance.now();
  const check = verifyChain(db, services.sealer, RELEASE, { incremental: true, maxWalk: Number.POSITIVE_INFINITY });
  if (!check.ok) throw new Error(`the filled chain does not verify: ${check.problem}`);
  const verifyS = (performance.now() - t) / 1000;

  // Each range's transaction timed on its own (the writer held); the event loop's longest block measured around it all.
  const times: number[] = [];
  const record = services.ledger.record.bind(services.ledger);
  const ledger = {
    ...services.ledger,
    record: ((...args: Parameters<typeof record>) => {
      const started = performance.now();
      try {
        return record(...args);
      } finally {
        times.push(performance.now() - started);
      }
    }) as typeof record,
  };
  const retention = createRetention({ db, ledger, sealer: services.sealer, clock: () => new Date(clock.now) });
  services.retention.set(RELEASE, { compact_after_days: 1 }, { label: "bench", can: () => true });
  console.log("retention: compacting the older day");
  times.length = 0;
  let removed = 0;
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  t = performance.now();
  for (;;) {
    const done = await retention.compactNext(RELEASE);
    if (!done) break;
    removed += done.removed;
    // The server yields to the event loop between ranges.
    await new Promise((resolve) => setImmediate(resolve));
  }
  loop.disable();
  const totalS = (performance.now() - t) / 1000;
  const after = pages(db);
  const compactedThrough = retention.compactedThrough(RELEASE);
  const keptPerDay = (compactedThrough - removed) * (PER_DAY / compactedThrough);
  const check2 = verifyChain(db, services.sealer, RELEASE);
  if (!check2.ok) throw new Error(`the compacted chain does not verify: ${check2.problem}`);

  console.log("retention: a third day, written into the freed pages");
  fillDay(services, clock, 2);
  const nextDay = pages(db);
  db.$client.close();

  const perEvent = filled.file / events;
  const yearEvents = 365 * PER_DAY;
  return {
    perDay: PER_DAY,
    fillPerSecond,
    bytes: { filled: filled.file, usedAfter: after.file - after.free, fileAfter: after.file, fileAfterNextDay: nextDay.file },
    perEvent,
    compaction: {
      ranges: times.length,
      removed,
      keptPerDay,
      medianMs: median(times),
      p99Ms: percentile(times, 99),
      maxMs: Math.max(...times),
      blockMs: loop.max / 1e6,
      totalS,
      verifyS,
    },
    // With retention: the last day whole (the age), every older day compacted to what it keeps.
    yearGb: { without: (yearEvents * perEvent) / 1e9, with: ((PER_DAY + 364 * keptPerDay) * perEvent) / 1e9 },
    indexes: indexCost(),
  };
}

/** What the audit filter indexes cost a write: the same readings into a log with them and one without, interleaved rounds, medians. */
function indexCost(): { withMs: number; withoutMs: number } {
  const make = (indexes: boolean) => {
    const { db, clock, services } = open(tempDatabaseUrl(indexes ? "with.db" : "without.db"), Date.parse("2026-09-01T00:00:00Z"));
    if (!indexes) db.$client.exec("drop index events_actor; drop index events_type;");
    services.readiness.createRelease(
      {
        id: RELEASE,
        name: "Index",
        template: "perp-futures-v2",
        start_date: "2026-08-03",
        launch_date: "2026-12-31",
        calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
      },
      SYSTEM,
    );
    return { db, clock, services };
  };
  const dbs = { with: make(true), without: make(false) };
  const rounds = { with: [] as number[], without: [] as number[] };
  for (let round = 0; round < 10; round++) {
    for (const key of round % 2 ? (["without", "with"] as const) : (["with", "without"] as const)) {
      const { services, clock } = dbs[key];
      const started = performance.now();
      for (let i = 0; i < 2_000; i++) {
        clock.now += 432;
        services.readiness.reportEvidence(RELEASE, ITEMS[i % ITEMS.length]![0], { value: ITEMS[i % ITEMS.length]![1](false) }, SYSTEM);
      }
      rounds[key].push((performance.now() - started) / 2_000);
    }
  }
  dbs.with.db.$client.close();
  dbs.without.db.$client.close();
  return { withMs: median(rounds.with), withoutMs: median(rounds.without) };
}

export function retentionSection(r: RetentionResult): string {
  const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
  const c = r.compaction;
  return [
    RETENTION_HEADING,
    "",
    `One release of \`perp-futures-v2\`, four metrics reported round the clock at ${r.perDay.toLocaleString("en-US")} readings a day, each dipping out of its target ` +
      `and back every 2,500 of its readings; filled in process through the real services at ${Math.round(r.fillPerSecond)} events/s (\`synchronous = OFF\` on that connection). ` +
      `Retention of 1 day then compacts the older day in ranges of ${COMPACT_RANGE.toLocaleString("en-US")} events (the server's background job, yielding between ranges), ` +
      "after the chain check verified it; then a third day is written.",
    "",
    row(["measure", "value"]),
    row(["---", "---:"]),
    row(["database after 2 days", `${mb(r.bytes.filled)} (${r.perEvent.toFixed(0)} bytes an event)`]),
    row(["pages in use after compacting day 1", mb(r.bytes.usedAfter)]),
    row(["file after compacting (no VACUUM)", mb(r.bytes.fileAfter)]),
    row(["file after day 3 is written", `${mb(r.bytes.fileAfterNextDay)} (day 3 reused the pages day 1 freed)`]),
    row(["readings removed from day 1", c.removed.toLocaleString("en-US")]),
    row(["events a compacted day keeps", Math.round(c.keptPerDay).toLocaleString("en-US")]),
    row([
      "one range's transaction (the writer held, the event loop in the server)",
      `median ${c.medianMs.toFixed(1)} ms, p99 ${c.p99Ms.toFixed(1)} ms, max ${c.maxMs.toFixed(1)} ms`,
    ]),
    row(["compacting a day, all ranges, each proven again first (hashes and links, 1,000 events a turn)", `${c.totalS.toFixed(1)} s (${c.ranges} ranges)`]),
    row(["the event loop's longest block while compacting", `${c.blockMs.toFixed(1)} ms`]),
    row(["verifying 2 days first (the background check does it a slice at a time)", `${c.verifyS.toFixed(1)} s`]),
    row([
      "a write with the audit filter indexes / without (in process, median of 10 rounds)",
      `${r.indexes.withMs.toFixed(3)} ms / ${r.indexes.withoutMs.toFixed(3)} ms (${(r.indexes.withMs / r.indexes.withoutMs).toFixed(2)}×)`,
    ]),
    "",
    row(["target", "measured", "met"]),
    row(["---", "---", "---"]),
    row([
      "a year of minute-by-minute metrics stays within a few GB",
      `${r.yearGb.with.toFixed(2)} GB a year with retention of 1 day (${r.yearGb.without.toFixed(1)} GB without)`,
      r.yearGb.with <= 5 ? "yes" : "**NO**",
    ]),
    row([
      "no freeze over 100 ms from compaction",
      `longest block ${c.blockMs.toFixed(1)} ms; transaction at most ${c.maxMs.toFixed(1)} ms`,
      c.blockMs <= 100 ? "yes" : "**NO**",
    ]),
    row([
      "the file stops growing without a VACUUM",
      `${mb(r.bytes.fileAfterNextDay - r.bytes.fileAfter)} more for a day that took ${mb(r.bytes.filled / 2)} before retention`,
      r.bytes.fileAfterNextDay - r.bytes.fileAfter <= 0.1 * (r.bytes.filled / 2) ? "yes" : "**NO**",
    ]),
  ].join("\n");
}
