import { z } from "zod";
import { isoDateSchema, slug } from "../kinds";
import { DEPENDENCY_TYPES, TASK_STATUSES } from "./cpm";
import { assigneeSchema, taskIdSchema } from "./csv";

/** What the WBS API and the plan pages accept (SPEC 6, 7): a whole WBS as JSON, and a change to one task. */
export const wbsJsonSchema = z
  .object({
    tasks: z
      .array(
        z
          .object({
            id: taskIdSchema,
            name: z.string().trim().min(1).max(200),
            parent: taskIdSchema.nullable().default(null),
            owner: slug.nullable().default(null),
            assignee: assigneeSchema.nullable().default(null),
            duration: z.number().int().min(0).max(10_000),
            start_no_earlier_than: isoDateSchema.nullable().default(null),
            progress: z.number().int().min(0).max(100).default(0),
            status: z.enum(TASK_STATUSES).default("todo"),
          })
          .strict(),
      )
      .max(200_000),
    dependencies: z
      .array(
        z
          .object({
            from: taskIdSchema,
            to: taskIdSchema,
            type: z.enum(DEPENDENCY_TYPES).default("FS"),
            lag: z.number().int().min(-10_000).max(10_000).default(0),
          })
          .strict(),
      )
      .max(600_000),
  })
  .strict();

/** The fields of one task a lead may change; the tasks page edits the same fields. */
export const taskFields = {
  progress: z.number().int().min(0).max(100),
  status: z.enum(TASK_STATUSES),
  duration: z.number().int().min(0).max(10_000),
  owner: slug,
  assignee: assigneeSchema,
};

export const taskPatchSchema = z
  .object({
    progress: taskFields.progress.optional(),
    status: taskFields.status.optional(),
    duration: taskFields.duration.optional(),
    owner: taskFields.owner.nullable().optional(),
    assignee: taskFields.assignee.nullable().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, "send at least one of progress, status, duration, owner, assignee");

export type TaskPatch = z.output<typeof taskPatchSchema>;
