import { z } from "zod";
import { taskIdSchema } from "../shared/schedule/csv";
import { taskFields } from "../shared/schedule/inputs";

/** One row of the tasks table, edited in place. Empty owner or assignee clears it. */
export const taskEditSchema = z.object({
  intent: z.literal("update"),
  task: taskIdSchema,
  duration: taskFields.duration,
  progress: taskFields.progress,
  status: taskFields.status,
  owner: taskFields.owner.optional(),
  assignee: taskFields.assignee.optional(),
});

/** The largest CSV the import page takes (a 10,000-task plan is about 0.6 MB). */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

export const importIntents = ["preview", "apply"] as const;
