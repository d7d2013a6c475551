import { z } from "zod";
import { slug } from "../shared/kinds";
import { TASK_STATUSES } from "../shared/schedule/cpm";
import { assigneeSchema, taskIdSchema } from "../shared/schedule/csv";

/** One row of the tasks table, edited in place. Empty owner or assignee clears it. */
export const taskEditSchema = z.object({
  intent: z.literal("update"),
  task: taskIdSchema,
  duration: z.number().int().min(0).max(10_000),
  progress: z.number().int().min(0).max(100),
  status: z.enum(TASK_STATUSES),
  owner: slug.optional(),
  assignee: assigneeSchema.optional(),
});

/** The largest CSV the import page takes (a 10,000-task plan is about 0.6 MB). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export const importIntents = ["preview", "apply"] as const;
