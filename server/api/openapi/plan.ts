import { wbsJsonSchema, taskPatchSchema } from "../../../app/shared/schedule/inputs";
import { csvFormatQuery, scheduleQuery } from "../schemas";
import type { ApiSpec } from "./spec";

export const tag = { name: "Plan", description: "The work breakdown structure and its critical-path schedule (SPEC 6)." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/wbs",
    summary: "Read the WBS (JSON, or CSV with ?format=csv or Accept: text/csv)",
    query: csvFormatQuery,
    answer: {
      fields: { tasks: "the tasks: id, name, parent, owner, duration, predecessors, progress, status…" },
      description: "The WBS as JSON; as text/csv when asked",
    },
  });
  api.route({
    method: "put",
    path: "/releases/:release/wbs",
    summary: "Replace the WBS (JSON or CSV); the schedule is recomputed",
    body: {
      json: wbsJsonSchema,
      other: {
        "text/csv":
          "The WBS as CSV (SPEC 6): id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status[,assignee]; a bad file is a 422 naming every bad line",
      },
    },
    answer: { fields: { seq: "the event's sequence number", changes: "what changed against the previous plan" } },
    errors: [403],
  });
  api.route({
    method: "get",
    path: "/releases/:release/schedule",
    summary: "The critical-path schedule, as of a date",
    query: scheduleQuery,
    answer: {
      fields: { tasks: "each task's early/late start and finish, slack, critical", finish: "the projected finish", critical_path: "the critical tasks' ids" },
    },
  });
  api.route({
    method: "patch",
    path: "/releases/:release/tasks/:task",
    summary: "Update a task's progress, status or dates",
    body: { json: taskPatchSchema },
    answer: { fields: { task: "the task", seq: "the event's sequence number" } },
    errors: [403],
  });
}
