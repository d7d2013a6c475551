import { isHighPriority, type Priority } from "../../app/shared/actions";
import { AppError } from "../../app/shared/errors";
import type { Actor } from "./actor";
import { accountable, actorLabel, type Principal } from "./principal";

/**
 * SPEC 9, the one permission check, used by pages, actions, the API and
 * sockets alike. The UI may hide what a user cannot do; this is what refuses.
 */
export type Action =
  | { type: "release.read"; release: string }
  | { type: "release.create" }
  | { type: "evidence.report"; owner: string; assigneeId: number | null }
  | { type: "item.assign"; owner: string }
  | { type: "board-links.manage" }
  | { type: "tokens.manage" }
  | { type: "users.manage" }
  | { type: "metrics.read" }
  | { type: "wbs.replace" }
  | { type: "task.update"; owner: string | null }
  | { type: "audit.read"; release: string }
  | { type: "meeting.manage" }
  | { type: "vote.cast"; function: string }
  | { type: "decision.record" }
  /** Create an action item for a function (its lead manages them). */
  /** `function: null`: for some function (an admin, or a lead of any). */
  | { type: "action.create"; function: string | null }
  /** `manage`: change who owns it, its priority, due date, function or links (the owner may not lower their own bar). */
  | { type: "action.update"; owner: string | null; function: string; manage: boolean; lowers?: boolean }
  | { type: "action.close"; owner: string | null; function: string; priority: Priority; status: "done" | "wont_do" }
  | { type: "postmortem.create" }
  | { type: "postmortem.update"; owner: string }
  | { type: "postmortem.publish"; owner: string }
  | { type: "release.phase" }
  /** Replace or edit a release's training roster and record assessment results: its `roster`/`sop` items' functions. */
  | { type: "roster.manage"; functions: string[] }
  /** Register an SOP, draft a revision, record its review or others' acknowledgements: its owner function. */
  | { type: "sop.manage"; owner: string }
  /** Approve a revision (SPEC 12.2): not its author. `author`: who answers for the revision (principal.ts `accountable`). */
  | { type: "sop.approve"; owner: string; author: string }
  /** Acknowledge an SOP's current revision for these people: one's own acknowledgement, or anyone's by whoever manages the SOP. */
  | { type: "sop.acknowledge"; owner: string; emails: string[] }
  /** How long a release keeps repeated readings (issue 14). */
  | { type: "retention.manage" }
  /** Propose risk parameter values (SPEC 12.3): an admin or a lead of risk. */
  | { type: "params.propose" }
  /** Approve or reject a proposal: an admin or a lead of risk who did not propose it (`proposer`: who answers for it, principal.ts `accountable`). */
  | { type: "params.approve"; proposer: string }
  /** Withdraw a proposal: whoever proposed it. */
  | { type: "params.withdraw"; proposer: string }
  /** Webhooks out (ADR 025): subscribe, revoke, read the delivery log, redeliver. */
  | { type: "webhooks.manage" }
  /** Add, change or remove a release's campaigns (SPEC 13, ADR 024): an admin. */
  | { type: "campaign.manage" }
  /** Move a release's launch date (ADR 024): an admin. */
  | { type: "release.reschedule" };

export function can(principal: Principal | null, action: Action): boolean {
  if (!principal) return false;
  if (principal.kind === "board") return action.type === "release.read" && action.release === principal.release;
  const { role, functions } = principal;
  // A vote speaks for a function: only its lead casts it, whatever else they may do.
  if (action.type === "vote.cast") return role === "lead" && functions.includes(action.function);
  // Whose own things these are: a person's, and a token's maker's (so no one lowers their own bar through a token they made).
  const person = accountable(principal);
  const self = person.startsWith("user:") && role !== "viewer" ? person.slice("user:".length) : null;
  const leadOf = (fn: string) => role === "lead" && functions.includes(fn);
  // SPEC 11: a P0/P1 is closed as done by someone other than its owner, and dropped only by an admin.
  // A token made by the environment is nobody's person; an action a function holds (no owner yet) is nobody's own.
  const owns = (owner: string | null) => self !== null && owner === self;
  if (action.type === "action.close" && isHighPriority(action.priority)) {
    if (action.status === "wont_do") return role === "admin";
    return !owns(action.owner) && (role === "admin" || leadOf(action.function));
  }
  if (action.type === "postmortem.publish") return !owns(action.owner) && (role === "admin" || role === "lead");
  // SPEC 12.2: a second pair of eyes approves an SOP revision, whoever wrote it.
  if (action.type === "sop.approve") return person !== action.author && (role === "admin" || leadOf(action.owner));
  // A person's own acknowledgement is theirs to give (a member with an account); a viewer reads only.
  // SPEC 12.3: two people other than the proposer sign off risk parameters; only the proposer withdraws.
  if (action.type === "params.approve") return person !== action.proposer && (role === "admin" || leadOf("risk"));
  if (action.type === "params.withdraw") return person === action.proposer && role !== "viewer";
  if (action.type === "sop.acknowledge" && self !== null && action.emails.length === 1 && action.emails[0] === self) return true;
  // Nobody lowers their own bar: whoever owns an action leaves its owner, priority, due date and links to someone else,
  // and taking an action out of P0/P1 (out of the rules above) is an admin's call.
  if (action.type === "action.update" && action.manage) {
    if (owns(action.owner)) return false;
    if (action.lowers) return role === "admin";
  }
  if (role === "admin") return true;
  switch (action.type) {
    case "release.read":
    case "audit.read":
      return true;
    case "evidence.report":
      if (role === "lead") return functions.includes(action.owner);
      return role === "member" && principal.kind === "user" && action.assigneeId === principal.id;
    case "item.assign":
      return role === "lead" && functions.includes(action.owner);
    case "task.update":
      return role === "lead" && action.owner !== null && functions.includes(action.owner);
    case "action.create":
      return action.function === null ? role === "lead" : leadOf(action.function);
    case "action.update":
      return leadOf(action.function) || (!action.manage && owns(action.owner));
    case "action.close":
      return leadOf(action.function) || owns(action.owner);
    case "postmortem.create":
      return role === "lead";
    case "postmortem.update":
      return owns(action.owner);
    case "roster.manage":
      return action.functions.some(leadOf);
    case "sop.manage":
    case "sop.acknowledge":
      return leadOf(action.owner);
    case "params.propose":
      return leadOf("risk");
    case "release.create":
    case "board-links.manage":
    case "tokens.manage":
    case "users.manage":
    case "metrics.read":
    case "wbs.replace":
    case "meeting.manage":
    case "decision.record":
    case "release.phase":
    case "retention.manage":
    case "webhooks.manage":
    case "campaign.manage":
    case "release.reschedule":
      return false;
  }
}

/** A sentence a person understands when the server refuses. */
export function refusal(action: Action): string {
  switch (action.type) {
    case "release.read":
      return "this link does not give access to that release";
    case "audit.read":
      return "you may not read this audit trail";
    case "evidence.report":
      return `you may not report evidence on this item: it is owned by ${action.owner}, and it is not assigned to you`;
    case "item.assign":
      return `only an admin or a lead of ${action.owner} may assign this item`;
    case "release.create":
      return "only an admin may create releases";
    case "board-links.manage":
      return "only an admin may manage board links";
    case "tokens.manage":
      return "only an admin may manage API tokens";
    case "users.manage":
      return "only an admin may manage users";
    case "metrics.read":
      return "only an admin may read the server's metrics";
    case "wbs.replace":
      return "only an admin may replace the WBS";
    case "task.update":
      return `only an admin or a lead of ${action.owner ?? "the task's function"} may update this task`;
    case "meeting.manage":
      return "only an admin may run Go/No-Go meetings";
    case "vote.cast":
      return `only a lead of ${action.function} may vote for ${action.function}`;
    case "decision.record":
      return "only an admin may record the Go/No-Go decision";
    case "action.create":
      return action.function === null
        ? "only an admin or a lead may create actions"
        : `only an admin or a lead of ${action.function} may create actions for ${action.function}`;
    case "action.update":
      if (action.lowers) return "only an admin may take an action out of P0/P1, and not one they own";
      return action.manage
        ? `only an admin or a lead of ${action.function} who does not own it may change this action's owner, priority, due date, function or links`
        : `only an admin, a lead of ${action.function} or the action's owner may change this action`;
    case "action.close":
      if (isHighPriority(action.priority) && action.status === "wont_do") return `only an admin may close a ${action.priority} action as won't do`;
      if (isHighPriority(action.priority)) {
        return `a ${action.priority} action is closed as done by someone other than its owner: an admin or a lead of ${action.function}`;
      }
      return `only an admin, a lead of ${action.function} or the action's owner may close this action`;
    case "postmortem.create":
      return "only an admin or a lead may start a post-mortem";
    case "postmortem.update":
      return "only an admin or the post-mortem's owner may change it";
    case "postmortem.publish":
      return "a post-mortem is published by an admin or a lead who is not its owner";
    case "release.phase":
      return "only an admin may mark a release released or rolled back";
    case "retention.manage":
      return "only an admin may change how long a release keeps its readings";
    case "roster.manage":
      return action.functions.length
        ? `only an admin or a lead of ${action.functions.join(" or ")} may change this release's roster and its assessment results`
        : "only an admin may change this release's roster: it has no roster or SOP items";
    case "sop.manage":
      return `only an admin or a lead of ${action.owner} may change this SOP`;
    case "sop.approve":
      return `a revision is approved by an admin or a lead of ${action.owner} who did not write it`;
    case "sop.acknowledge":
      return `you may acknowledge an SOP for yourself; for others, an admin or a lead of ${action.owner}`;
    case "params.propose":
      return "only an admin or a lead of risk may propose risk parameter values";
    case "params.approve":
      return "a proposal is approved or rejected by an admin or a lead of risk who did not propose it";
    case "params.withdraw":
      return "only whoever proposed it may withdraw a proposal";
    case "webhooks.manage":
      return "only an admin may manage webhooks";
    case "campaign.manage":
      return "only an admin may add, change or remove campaigns";
    case "release.reschedule":
      return "only an admin may move a release's launch date";
  }
}

/** Refuse with 403 and the sentence that says why: the one way every layer says no. */
export function assertCan(who: Actor | Principal | null, action: Action): void {
  const allowed = who !== null && "can" in who ? who.can(action) : can(who as Principal | null, action);
  if (!allowed) throw new AppError(403, "forbidden", refusal(action));
}

/** The service-facing actor of a principal. */
export function actorFor(principal: Principal): Actor {
  return { label: actorLabel(principal), person: accountable(principal), can: (action) => can(principal, action) };
}
