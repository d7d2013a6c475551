import { monitorEventLoopDelay } from "node:perf_hooks";

/**
 * What an operator (and `npm run bench`) needs to see of the process:
 * memory, event-loop delay since the last reset, connected sockets.
 */
export function createMetrics(sockets: () => number) {
  const resolutionMs = 10;
  const delay = monitorEventLoopDelay({ resolution: resolutionMs });
  delay.enable();
  const ms = (ns: number) => Math.round((ns / 1e6) * 100) / 100;
  // The histogram records the whole interval between its timer's runs: the delay is what exceeds the resolution.
  const late = (ns: number) => ms(Math.max(0, ns - resolutionMs * 1e6));
  return {
    /** `collect`: run a full GC first when the process allows it (node --expose-gc), for a steady memory figure. */
    snapshot({ collect = false }: { collect?: boolean } = {}) {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (collect && gc) gc();
      const memory = process.memoryUsage();
      return {
        uptime_s: Math.round(process.uptime()),
        memory: { rss: memory.rss, heap_used: memory.heapUsed, external: memory.external },
        event_loop_delay_ms: { p50: late(delay.percentile(50)), p99: late(delay.percentile(99)), max: late(delay.max), mean: late(delay.mean) },
        sockets: sockets(),
      };
    },
    reset() {
      delay.reset();
    },
    stop() {
      delay.disable();
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
