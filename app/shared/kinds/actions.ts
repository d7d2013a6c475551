import { z } from "zod";
import { defineKind } from "./common";

/**
 * `actions` (SPEC 3, 11): computed from the action items linked to the
 * release. Its facts are the open ones (priority and due date) and today's
 * date, so the reason can count the overdue ones.
 */
export const PRIORITIES = ["P0", "P1", "P2", "P3"] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface OpenActions {
  /** UTC date the facts were read: an action due before it is overdue. */
  today: string;
  open: readonly { priority: Priority; due: string }[];
}

export const actionsConfig = z
  .object({
    priorities: z
      .array(z.enum(PRIORITIES))
      .min(1)
      .transform((p) => [...new Set(p)])
      .default(["P0", "P1"]),
  })
  .strict();
export type ActionsConfig = z.infer<typeof actionsConfig>;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export const actions = defineKind<"actions", ActionsConfig, never, OpenActions>({
  kind: "actions",
  config: actionsConfig,
  standard: (c) => `Computed from action items linked to the release: green when no ${c.priorities.join("/")} action is open.`,
  computed: {
    evaluate: ({ priorities }, facts) => {
      const which = priorities.join("/");
      if (!facts) return { status: "pending", reason: `waits for the release's action items (${which})` };
      const open = facts.open.filter((a) => priorities.includes(a.priority));
      if (!open.length) return { status: "green", reason: `no open ${which} actions` };
      const overdue = open.filter((a) => a.due < facts.today).length;
      const earliest = open.reduce((min, a) => (a.due < min ? a.due : min), open[0]!.due);
      return { status: "red", reason: `${plural(open.length, `open ${which} action`)}, ${overdue} overdue, earliest due ${earliest}` };
    },
  },
});
