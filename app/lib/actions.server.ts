import { isHighPriority, isOpen, type ActionView } from "../shared/actions";
import type { ActionControls, ActionWithControls } from "./action-forms";
import { can, type SignedIn } from "./auth.server";

/**
 * What the signed-in person may do to each action, for the controls a page
 * shows: the one permission check (server/auth/permissions.ts) asked per
 * action. The service refuses anyway; this only keeps buttons that would be
 * refused off the page.
 */
const NONE: ActionControls = { edit: false, manage: false, start: false, submit: false, done: false, wontDo: false };

export function controlsFor(user: SignedIn, action: ActionView): ActionControls {
  if (!isOpen(action.status)) return NONE;
  const subject = { owner: action.owner, function: action.function };
  const edit = can(user, { type: "action.update", ...subject, manage: false });
  const close = (status: "done" | "wont_do") => can(user, { type: "action.close", ...subject, priority: action.priority, status });
  const done = close("done");
  return {
    edit,
    manage: can(user, { type: "action.update", ...subject, manage: true }),
    start: edit && action.status === "open",
    // Someone who may close it as done needs no hand-over; the owner of a P0/P1 does.
    submit: edit && !done && isHighPriority(action.priority) && action.owner === user.email,
    done,
    wontDo: close("wont_do"),
  };
}

export function withControls(user: SignedIn, actions: ActionView[]): ActionWithControls[] {
  return actions.map((action) => ({ ...action, may: controlsFor(user, action) }));
}
