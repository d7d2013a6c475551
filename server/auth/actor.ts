import type { Action } from "./permissions";

/** Whoever a write is done for, as services see them. */
export interface Actor {
  /** Shown in the audit trail: `user:ana@example.com`, `token:ci-monitor`, `system`. */
  label: string;
  /** The permission check (server/auth/permissions.ts) for whoever this is. */
  can(action: Action): boolean;
}

/** The server itself: time-driven changes, the daily replan, alarms. */
export const SYSTEM: Actor = { label: "system", can: () => true };

/** The Prometheus poller (ADR 022): reports `metric` items' values, and nothing else. */
export const PROMETHEUS: Actor = { label: "system:prometheus", can: (action) => action.type === "evidence.report" };
