import type { ItemDefinition } from "../shared/kinds";
import { num, percent, withUnit } from "../shared/evaluate";

/** The standard an item is held to, in words. */
export function describeStandard(item: ItemDefinition): string {
  switch (item.kind) {
    case "check":
      return "Green when ticked done.";
    case "metric": {
      const u = (n: number) => withUnit(n, item.config.unit);
      const op = item.config.op === "<=" ? "≤" : "≥";
      const warn = item.config.warn !== undefined ? `; amber while ${op} ${u(item.config.warn)}` : "";
      return `Green when ${op} ${u(item.config.target)}${warn}.`;
    }
    case "ratio": {
      const warn = item.config.warn !== undefined ? `; amber from ${percent(item.config.warn)}` : "";
      return `Green when at least ${percent(item.config.target)} passed${warn}.`;
    }
    case "param": {
      const c = item.config;
      const shown = (v: number | string | boolean) => (typeof v === "number" ? withUnit(v, c.unit) : String(v));
      const bounds = [c.min !== undefined ? `min ${shown(c.min)}` : "", c.max !== undefined ? `max ${shown(c.max)}` : ""].filter(Boolean).join(", ");
      const tolerance = c.tolerance ? ` ±${num(c.tolerance)}` : "";
      return `Deployed must equal approved ${shown(c.approved)}${tolerance}${bounds ? ` (${bounds})` : ""}.`;
    }
    case "stages":
      return `Green when every stage passed: ${item.config.stages.join(", ")}.`;
    case "drill":
      return `Green when the latest drill passed within ${item.config.valid_days} days.`;
    case "task":
      return "Computed from the WBS: green when the linked tasks are done.";
    case "actions":
      return `Computed from post-mortem actions: green when no ${item.config.priorities.join("/")} action is open.`;
  }
}

/** One evidence report, in words. */
export function describeEvidence(evidence: Record<string, unknown> | null): string {
  if (!evidence) return "—";
  if ("done" in evidence) return evidence.done ? "done" : "not done";
  if ("value" in evidence) return `value ${num(evidence.value as number)}`;
  if ("passed" in evidence) return `${evidence.passed}/${evidence.total} passed`;
  if ("deployed" in evidence) return `deployed ${String(evidence.deployed)}`;
  if ("performed_on" in evidence) return `${evidence.result} on ${evidence.performed_on}`;
  if ("stages" in evidence) {
    return Object.entries(evidence.stages as Record<string, string>)
      .map(([stage, result]) => `${stage}: ${result}`)
      .join(", ");
  }
  return JSON.stringify(evidence);
}
