import { z } from "zod";
import { defineKind } from "./common";

/** `actions` (SPEC 3, 11): computed from post-mortem action items, which land with issue 13. */
export const actionsConfig = z.object({ priorities: z.array(z.string().min(1)).min(1).default(["P0", "P1"]) }).strict();
export type ActionsConfig = z.infer<typeof actionsConfig>;

export const actions = defineKind<"actions", ActionsConfig, never, never>({
  kind: "actions",
  config: actionsConfig,
  standard: (c) => `Computed from post-mortem actions: green when no ${c.priorities.join("/")} action is open.`,
  computed: {
    evaluate: (c) => ({ status: "pending", reason: `waits for post-mortem action tracking (${c.priorities.join("/")} actions)` }),
  },
});
