import type { AppLoadContext } from "@remix-run/node";
import { standingOf } from "./roster-views";

/**
 * Whom a `roster` or `sop` item waits for, for its page: everyone without a
 * pass valid on launch day (and why), or everyone who has not acknowledged
 * the SOP's current revision; in the roster's order. Null for other kinds.
 */
export type ItemRoster =
  | {
      kind: "roster";
      people: { email: string; name: string; team: string; why: "not_passed" | "none" | "expiring"; until: string | null }[];
    }
  | { kind: "sop"; sop: string; version: number | null; people: { email: string; name: string; team: string }[] };

export function itemRoster(context: AppLoadContext, release: string, item: { id: string; kind: string }): ItemRoster | null {
  if (item.kind !== "roster" && item.kind !== "sop") return null;
  const view = context.roster.view(release);
  if (item.kind === "roster") {
    const assessment = view.assessments.find((a) => a.item === item.id);
    if (!assessment) return { kind: "roster", people: [] };
    return {
      kind: "roster",
      people: view.people.flatMap(({ email, name, team, standing }) => {
        const s = standingOf(standing[assessment.key]);
        return s.kind === "valid" ? [] : [{ email, name, team, why: s.kind, until: s.kind === "expiring" ? s.until : null }];
      }),
    };
  }
  const sop = view.sops.find((s) => s.item === item.id);
  if (!sop) return null;
  return {
    kind: "sop",
    sop: sop.key,
    version: sop.current,
    people: sop.current === null ? [] : view.people.filter((p) => !p.acknowledged[sop.key]).map(({ email, name, team }) => ({ email, name, team })),
  };
}
