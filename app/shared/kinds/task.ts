import { z } from "zod";
import { defineKind } from "./common";

/**
 * `task` (SPEC 3): computed from the WBS. Its facts are the linked tasks'
 * status and projected finish (as of today) and the launch date; null
 * without a WBS.
 */
export interface LinkedTasks {
  launch: string;
  tasks: ReadonlyMap<string, { status: string; finish: string }>;
}

export const taskConfig = z.object({ tasks: z.array(z.string().min(1)).default([]) }).strict();
export type TaskConfig = z.infer<typeof taskConfig>;

export const task = defineKind<"task", TaskConfig, never, LinkedTasks>({
  kind: "task",
  config: taskConfig,
  standard: () => "Computed from the WBS: green when the linked tasks are done.",
  computed: {
    // Green when every linked task is done; red when one's projected finish is after launch; else amber.
    evaluate: ({ tasks: ids }, linked) => {
      if (!linked) return { status: "pending", reason: `waits for WBS scheduling${ids.length ? ` (linked tasks: ${ids.join(", ")})` : ""}` };
      if (!ids.length) return { status: "pending", reason: "no WBS tasks linked" };
      const missing = ids.filter((id) => !linked.tasks.has(id));
      if (missing.length) return { status: "pending", reason: `linked tasks not in the WBS: ${missing.join(", ")}` };
      const tasks = ids.map((id) => ({ id, ...linked.tasks.get(id)! }));
      const open = tasks.filter((t) => t.status !== "done");
      if (!open.length) return { status: "green", reason: tasks.length === 1 ? `${tasks[0]!.id} done` : `all ${tasks.length} linked tasks done` };
      const late = open.filter((t) => t.finish > linked.launch).sort((a, b) => (a.finish < b.finish ? 1 : -1));
      if (late.length) {
        const more = late.length > 1 ? ` (and ${late.length - 1} more)` : "";
        return { status: "red", reason: `${late[0]!.id} projected to finish ${late[0]!.finish}, after launch ${linked.launch}${more}` };
      }
      const finish = open.reduce((latest, t) => (t.finish > latest ? t.finish : latest), "");
      return { status: "amber", reason: `${tasks.length - open.length} of ${tasks.length} linked tasks done; projected finish ${finish}, before launch` };
    },
  },
});
