import { describe, expect, it } from "vitest";
import type { ActionView } from "../shared/actions";
import { AppError } from "../shared/errors";
import { actionFormSchema, updatePatch, type ActionForm } from "./action-forms";
import { parseForm } from "./forms";

/** The action pages' forms hold actions to the API's own rules (app/shared/actions.ts), read from a posted form as a browser sends it. */
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  return parseForm(data, actionFormSchema);
};
const errorsOf = (fields: Record<string, string>) => {
  const submission = form(fields);
  return submission.status === "success" ? null : submission.error;
};

const current: ActionView = {
  id: 7,
  title: "Cap leverage",
  description: "Tier 1 only",
  owner: "ana@example.com",
  owner_name: "Ana",
  function: "risk",
  priority: "P1",
  due: "2026-11-20",
  status: "open",
  overdue: false,
  postmortem: null,
  decision: null,
  releases: ["perp-v2"],
  item: null,
  evidence_link: "https://ci.example.com/1",
  reason: null,
  closed_by: null,
  closed_at: null,
  created_at: "2026-11-10T09:00:00.000Z",
  created_by: "user:lee@example.com",
  updated_at: "2026-11-10T09:00:00.000Z",
};

/** Parse an update form and turn it into the patch it asks for. */
function patchOf(fields: Record<string, string>) {
  const submission = form({ intent: "update", ...fields });
  if (submission.status !== "success") throw new Error(JSON.stringify(submission.error));
  return updatePatch(submission.value as Extract<ActionForm, { intent: "update" }>, submission.payload, current);
}

describe("the action forms", () => {
  it("close as done with an optional http(s) evidence link and note; won't do needs a reason", () => {
    expect(form({ intent: "close", status: "done" }).status).toBe("success");
    expect(form({ intent: "close", status: "done", evidence_link: "https://ci.example.com/2", note: "checked" }).status).toBe("success");
    expect(errorsOf({ intent: "close", status: "done", evidence_link: "ftp://example.com/x" })?.evidence_link).toEqual(["expected an http(s) URL"]);
    expect(errorsOf({ intent: "close", status: "done", evidence_link: "https://me:secret@example.com/" })?.evidence_link).toEqual([
      "a link must not carry a user name or password",
    ]);
    expect(errorsOf({ intent: "close", status: "wont_do", reason: "" })?.reason).toEqual(["say why it will not be done"]);
    expect(errorsOf({ intent: "close", status: "wont_do", reason: "x".repeat(2001) })?.reason).toBeDefined();
    expect(errorsOf({ intent: "close", status: "open" })).not.toBeNull();
  });

  it("submitting for verification needs the evidence link", () => {
    expect(errorsOf({ intent: "submit" })?.evidence_link).toEqual(["paste the link to the evidence: the fix, in production"]);
    expect(errorsOf({ intent: "submit", evidence_link: "not a link" })?.evidence_link).toEqual(["expected an http(s) URL"]);
    expect(form({ intent: "submit", evidence_link: "https://ci.example.com/3" }).status).toBe("success");
  });

  it("an update may not close an action, nor name an unknown priority", () => {
    expect(errorsOf({ intent: "update", status: "done" })?.status).toEqual(["status may be open or in_progress; close an action with POST /close"]);
    expect(errorsOf({ intent: "update", priority: "P5" })?.priority).toEqual(["choose P0, P1, P2 or P3"]);
    expect(errorsOf({ intent: "update", due: "2026-02-30" })?.due).toEqual(["expected a date YYYY-MM-DD"]);
    expect(errorsOf({ intent: "nonsense" })).not.toBeNull();
  });

  it("an update changes only the fields it sent that differ; unsent fields stay", () => {
    expect(patchOf({ status: "in_progress" })).toEqual({ status: "in_progress" });
    // The whole edit form, with only the title changed: the unchanged owner and priority are not a change (an owner may send them).
    expect(
      patchOf({
        title: "Cap leverage at 50x",
        description: "Tier 1 only",
        status: "open",
        evidence_link: "https://ci.example.com/1",
        owner: "ANA@example.com",
        priority: "P1",
        due: "2026-11-20",
        function: "risk",
      }),
    ).toEqual({ title: "Cap leverage at 50x" });
  });

  it("an empty description or evidence link clears it; an empty title is refused with the API's message", () => {
    expect(patchOf({ description: "", evidence_link: "" })).toEqual({ description: "", evidence_link: null });
    let refused: unknown;
    try {
      patchOf({ title: "", description: "New" });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(422);
    expect((refused as AppError).details).toEqual([{ path: "title", message: "enter a title" }]);
  });
});
