import type { Action } from "./permissions";

/** Whoever a write is done for, as services see them. */
export interface Actor {
  /** Shown in the audit trail: `user:ana@example.com`, `token:ci-monitor`, `system`. */
  label: string;
  /** Who answers for it, where a rule needs another person (principal.ts `accountable`); the label when absent. */
  person?: string;
  /** The permission check (server/auth/permissions.ts) for whoever this is. */
  can(action: Action): boolean;
}

/** The server itself: time-driven changes, the daily replan, alarms. */
export const SYSTEM: Actor = { label: "system", can: () => true };

/** Who answers for what an actor does: compared by four-eyes rules, recorded as proposer, approver and author. */
export const personOf = (actor: Actor): string => actor.person ?? actor.label;

/** The Prometheus poller (ADR 022): reports `metric` items' values, and nothing else. */
export const PROMETHEUS: Actor = { label: "system:prometheus", can: (action) => action.type === "evidence.report" };
