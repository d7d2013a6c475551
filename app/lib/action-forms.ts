import { z } from "zod";
import { actionCloseSchema, actionPatchSchema, type ActionPatchInput, type ActionView } from "../shared/actions";
import { invalid } from "../shared/errors";

/**
 * The forms of an action item (`/actions/:id`, and the in-row controls of
 * every list that posts there): one discriminated union on `intent`, built
 * on the API's own schemas (app/shared/actions.ts), so a page can say yes
 * only where the API would.
 */
const patch = actionPatchSchema.shape;
const [done, wontDo] = actionCloseSchema.options;
const link = patch.evidence_link.unwrap().unwrap();

/** What an `update` form may carry. A field the form does not send is left as it is. */
export const UPDATE_FIELDS = ["title", "description", "status", "evidence_link", "owner", "priority", "due", "function"] as const;
type UpdateField = (typeof UPDATE_FIELDS)[number];

export const actionFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    title: patch.title,
    description: patch.description,
    status: patch.status,
    evidence_link: link.optional(),
    owner: patch.owner,
    priority: patch.priority,
    due: patch.due,
    function: patch.function,
  }),
  // The owner of a P0/P1 hands the fix over: the evidence, and the action in progress until someone verifies it.
  z.object({ intent: z.literal("submit"), evidence_link: z.string({ error: "paste the link to the evidence: the fix, in production" }).pipe(link) }),
  z.discriminatedUnion("status", [
    z.object({ ...done.shape, intent: z.literal("close") }),
    // An empty box is no field at all: say what is missing rather than "required".
    z.object({ ...wontDo.shape, intent: z.literal("close"), reason: z.string({ error: "say why it will not be done" }).pipe(wontDo.shape.reason) }),
  ]),
]);

export type ActionForm = z.output<typeof actionFormSchema>;

/**
 * What the signed-in person may do to one action, for the controls a page
 * shows (app/lib/actions.server.ts decides). The service refuses anyway.
 */
export interface ActionControls {
  /** Change its words, its progress and the evidence link. */
  edit: boolean;
  /** Also who owns it, its priority, due date and function. */
  manage: boolean;
  /** open → in_progress. */
  start: boolean;
  /** The owner of a P0/P1 hands the evidence over for someone else to verify. */
  submit: boolean;
  /** Close it as done (a P0/P1: not by its owner, and with an evidence link). */
  done: boolean;
  /** Close it as won't do, with a reason (a P0/P1: an admin). */
  wontDo: boolean;
}

export type ActionWithControls = ActionView & { may: ActionControls };
type UpdateForm = Extract<ActionForm, { intent: "update" }>;

/** Fields that an empty box clears; any other field sent empty keeps its value only if it had none. */
const CLEARED: Partial<Record<UpdateField, unknown>> = { description: "", evidence_link: null };

/**
 * The change an `update` form asks for: the fields it sent (`sent`, the raw
 * payload) that differ from the action as it is. An empty description or
 * evidence link clears it; an empty title is refused (422, on its field) with
 * the API's own message.
 */
export function updatePatch(value: UpdateForm, sent: Record<string, unknown>, current: ActionView): ActionPatchInput {
  const out: Record<string, unknown> = {};
  const problems: { path: string[]; message: string }[] = [];
  for (const field of UPDATE_FIELDS) {
    if (!(field in sent)) continue;
    let next: unknown = value[field];
    if (next === undefined) {
      if (field in CLEARED) next = CLEARED[field];
      else if (current[field] === null || current[field] === "") continue;
      else {
        const parsed = patch[field].unwrap().safeParse("");
        if (!parsed.success) {
          problems.push({ path: [field], message: parsed.error.issues[0]?.message ?? "required" });
          continue;
        }
        next = parsed.data;
      }
    }
    if (JSON.stringify(next) !== JSON.stringify(current[field])) out[field] = next;
  }
  if (problems.length) throw invalid("the change is not valid", problems);
  return out as ActionPatchInput;
}
