/**
 * The roster page's views, from its URL, and how a person stands: pure, so
 * the page and the item page read a standing the same way and the filters
 * are tested without a server. `?not_passed=1`: anyone without a pass of some
 * assessment (failed or no attempt); `?expiring=1`: anyone whose pass
 * expires before launch; `?not_acknowledged=1`: anyone who has not
 * acknowledged the current revision of some SOP; `?team=`: one team.
 * Together they narrow to all of them.
 */
export interface RosterFilters {
  not_passed: boolean;
  expiring: boolean;
  not_acknowledged: boolean;
  team: string | null;
}

export const FILTERS = ["not_passed", "expiring", "not_acknowledged"] as const;
export type FilterKey = (typeof FILTERS)[number];

/** What the page needs of an assessment result (server/roster/reads.ts AssessmentStanding). */
export interface StandingFacts {
  attempts: number;
  passed: boolean;
  valid_until: string | null;
  valid_on_launch: boolean;
}

/**
 * One person's standing in one assessment: a pass valid on launch day; a pass
 * that expires before it (on `until`); attempts without a pass; no attempt.
 */
export type Standing = { kind: "valid"; until: string | null } | { kind: "expiring"; until: string } | { kind: "not_passed" } | { kind: "none" };

export function standingOf(s: StandingFacts | undefined): Standing {
  if (!s || (!s.passed && s.attempts === 0)) return { kind: "none" };
  if (!s.passed) return { kind: "not_passed" };
  if (s.valid_on_launch) return { kind: "valid", until: s.valid_until };
  return { kind: "expiring", until: s.valid_until ?? "" };
}

export interface RosterRow {
  email: string;
  name: string;
  team: string;
  standing: Record<string, StandingFacts>;
  acknowledged: Record<string, boolean>;
}

export function rosterFiltersOf(search: URLSearchParams): RosterFilters {
  const team = search.get("team")?.trim();
  return {
    not_passed: search.get("not_passed") === "1",
    expiring: search.get("expiring") === "1",
    not_acknowledged: search.get("not_acknowledged") === "1",
    team: team ? team : null,
  };
}

/** The search of `filters` with `change` applied: `?not_passed=1&team=CS+Shanghai`, or "" for none. */
export function filterSearch(filters: RosterFilters, change: Partial<RosterFilters>): string {
  const next = { ...filters, ...change };
  const search = new URLSearchParams();
  for (const key of FILTERS) if (next[key]) search.set(key, "1");
  if (next.team) search.set("team", next.team);
  const query = search.toString();
  return query ? `?${query}` : "";
}

export const anyFilter = (f: RosterFilters) => f.not_passed || f.expiring || f.not_acknowledged || f.team !== null;

/**
 * The people the filters keep, in the roster's order. `sops`: the SOPs with a
 * current revision (before one is approved there is nothing to acknowledge).
 */
export function filterRoster<P extends RosterRow>(people: readonly P[], filters: RosterFilters, sops: readonly string[]): P[] {
  return people.filter((p) => {
    const standings = Object.values(p.standing).map(standingOf);
    if (filters.team !== null && p.team !== filters.team) return false;
    if (filters.not_passed && !standings.some((s) => s.kind === "not_passed" || s.kind === "none")) return false;
    if (filters.expiring && !standings.some((s) => s.kind === "expiring")) return false;
    if (filters.not_acknowledged && !sops.some((key) => !p.acknowledged[key])) return false;
    return true;
  });
}

/** The roster's teams, each once, in alphabetical order. */
export function teamsOf(people: readonly { team: string }[]): string[] {
  return [...new Set(people.map((p) => p.team))].sort((a, b) => a.localeCompare(b));
}

/** Per assessment: how many hold a pass valid on launch day; per SOP: how many acknowledged its current revision. */
export function rosterSummary(view: {
  assessments: readonly { key: string }[];
  sops: readonly { key: string; current: number | null }[];
  people: readonly RosterRow[];
}) {
  const total = view.people.length;
  return {
    total,
    assessments: Object.fromEntries(view.assessments.map((a) => [a.key, view.people.filter((p) => p.standing[a.key]?.valid_on_launch).length])),
    sops: Object.fromEntries(view.sops.map((s) => [s.key, s.current === null ? null : view.people.filter((p) => p.acknowledged[s.key]).length])),
  };
}
