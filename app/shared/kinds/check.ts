import { z } from "zod";
import { defineKind } from "./common";

/** `check` (SPEC 3): ticked done or not. */
export type CheckEvidence = { done: boolean };

export const check = defineKind<"check", Record<string, never>, CheckEvidence>({
  kind: "check",
  config: z.strictObject({}),
  standard: () => "Green when ticked done.",
  reported: {
    shape: () => ({ done: z.boolean() }),
    evaluate: (_config, { done }) => (done ? { status: "green", reason: "done" } : { status: "red", reason: "not done" }),
    describe: ({ done }) => (done ? "done" : "not done"),
    fields: () => [
      {
        type: "choice",
        name: "done",
        label: "Status",
        error: "choose done or not done",
        options: [
          { value: "yes", label: "✔ Done", means: true },
          { value: "no", label: "✖ Not done", means: false },
        ],
      },
    ],
  },
});
