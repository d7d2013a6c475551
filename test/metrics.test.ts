import { describe, expect, it } from "vitest";
import { createMetrics } from "../server/metrics";

describe("event-loop delay", () => {
  it("reports how late the loop ran, not the sampling interval, and catches a stall", async () => {
    const metrics = createMetrics(() => 0);
    try {
      await new Promise((r) => setTimeout(r, 300));
      metrics.reset();
      await new Promise((r) => setTimeout(r, 300));
      const idle = metrics.snapshot().event_loop_delay_ms;
      // The histogram samples every 10 ms: an idle loop must not read as 10 ms late.
      expect(idle.p50).toBeLessThan(8);

      const stalledFrom = performance.now();
      while (performance.now() - stalledFrom < 60);
      await new Promise((r) => setTimeout(r, 50));
      const stalled = metrics.snapshot().event_loop_delay_ms;
      expect(stalled.max).toBeGreaterThanOrEqual(40);
      expect(stalled.max).toBeLessThan(500);
    } finally {
      metrics.stop();
    }
  });
});
