import { SYSTEM, type Readiness } from "../server/readiness/service";
import { addDays, isoDate, type Clock } from "../server/time";

/** The demo release, with evidence that shows every colour of the board. */
export const DEMO_RELEASE = "perp-v2";

const seedActor = { ...SYSTEM, label: "seed" };

export function seedDemo(readiness: Readiness, clock: Clock): void {
  const today = isoDate(clock());
  readiness.createRelease(
    {
      id: DEMO_RELEASE,
      name: "Perpetual Futures V2",
      template: "perp-futures-v2",
      start_date: addDays(today, -35),
      launch_date: addDays(today, 18),
      calendar: { workdays: [1, 2, 3, 4, 5], holidays: [addDays(today, 4), addDays(today, 5)] },
    },
    seedActor,
  );
  const report = (item: string, evidence: Record<string, unknown>) =>
    readiness.reportEvidence(DEMO_RELEASE, item, evidence, seedActor);
  const stages = (passed: number, failed: string[] = []) => {
    const names = ["connectivity", "auth", "order-entry", "cancel", "market-data", "rate-limits", "soak"];
    return { stages: Object.fromEntries(names.slice(0, passed).map((n) => [n, "passed"]).concat(failed.map((n) => [n, "failed"]))) };
  };

  report("stability.p99-order-latency", { value: 17.4, note: "grayscale 5% of traffic, 24h window", link: "https://grafana.example.com/d/orders" });
  report("stability.matching-throughput", { value: 128000 });
  report("stability.api-error-rate", { value: 0.004 });
  report("stability.md-push-latency", { value: 64, note: "Tokyo edge still on old kernel" });
  report("stability.soak-test", { value: 96 });
  report("stability.failover", { performed_on: addDays(today, -5), result: "pass" });
  for (const [key, deployed] of [
    ["max-leverage-tier-1", 125],
    ["max-leverage-tier-2", 100],
    ["max-leverage-tier-3", 50],
    ["maintenance-margin-tier-1", 0.4],
    ["maintenance-margin-tier-2", 0.5],
    ["position-limit-btc", 50_000_000],
    ["funding-rate-cap", 0.75],
    ["funding-rate-floor", -0.75],
    ["slippage-coefficient", 0.15],
  ] as const) {
    report(`risk.${key}`, { deployed });
  }
  report("risk.funding-interval", { deployed: "8h" });
  report("risk.adl-enabled", { deployed: true });
  report("risk.insurance-fund", { value: 4_200_000, note: "second tranche scheduled" });
  report("risk.liquidation-scenarios", { passed: 46, total: 48 });
  report("qa.regression-pass-rate", { passed: 4_812, total: 4_812 });
  report("qa.pen-test", { done: false, note: "1 high finding open: session fixation on sub-accounts" });
  report("cs.assessment-pass-rate", { passed: 212, total: 214 });
  report("cs.sop-listing-standard", { done: true, link: "https://kb.example.com/sop/listing" });
  report("cs.sop-emergency-suspension", { done: true });
  report("mm.mm-alpha", stages(7));
  report("mm.mm-kestrel", stages(4));
  report("mm.mm-northbridge", stages(1, ["auth"]));
  report("drills.circuit-breaker", { performed_on: addDays(today, -12), result: "pass" });
  report("drills.emergency-cancel", { performed_on: addDays(today, -2), result: "fail", note: "cancel-all took 41 s on shard 3" });
  report("gtm.campaign-calendar", { done: true });
}
