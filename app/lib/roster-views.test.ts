import { describe, expect, it } from "vitest";
import { anyFilter, filterRoster, filterSearch, rosterFiltersOf, rosterSummary, standingOf, teamsOf, type RosterRow, type StandingFacts } from "./roster-views";

const valid = { attempts: 1, passed: true, valid_until: null, valid_on_launch: true };
const expiring = { attempts: 2, passed: true, valid_until: "2026-12-10", valid_on_launch: false };
const failed = { attempts: 3, passed: false, valid_until: null, valid_on_launch: false };
const none = { attempts: 0, passed: false, valid_until: null, valid_on_launch: false };

const person = (name: string, team: string, quiz: StandingFacts, acked: boolean): RosterRow => ({
  email: `${name.toLowerCase()}@example.com`,
  name,
  team,
  standing: { quiz },
  acknowledged: { faq: acked },
});

const people = [
  person("Wang", "Shanghai", valid, true),
  person("Chen", "Shanghai", failed, false),
  person("Maria", "Lisbon", none, true),
  person("Yuki", "Tokyo", expiring, false),
];
const names = (rows: RosterRow[]) => rows.map((p) => p.name);
const all = rosterFiltersOf(new URLSearchParams());

describe("standingOf", () => {
  it("tells a valid pass, one expiring before launch, attempts without a pass and no attempt apart", () => {
    expect(standingOf(valid)).toEqual({ kind: "valid", until: null });
    expect(standingOf(expiring)).toEqual({ kind: "expiring", until: "2026-12-10" });
    expect(standingOf(failed)).toEqual({ kind: "not_passed" });
    expect(standingOf(none)).toEqual({ kind: "none" });
    expect(standingOf(undefined)).toEqual({ kind: "none" });
  });
});

describe("the roster's filters", () => {
  it("reads them from the URL and writes them back, team and all", () => {
    const f = rosterFiltersOf(new URLSearchParams("not_passed=1&team=CS+Shanghai&expiring=0"));
    expect(f).toEqual({ not_passed: true, expiring: false, not_acknowledged: false, team: "CS Shanghai" });
    expect(filterSearch(f, { expiring: true })).toBe("?not_passed=1&expiring=1&team=CS+Shanghai");
    expect(filterSearch(f, { not_passed: false, team: null })).toBe("");
    expect(anyFilter(all)).toBe(false);
    expect(anyFilter(f)).toBe(true);
    expect(rosterFiltersOf(new URLSearchParams("team=%20%20")).team).toBeNull();
  });

  it("none keeps everyone, in order", () => {
    expect(names(filterRoster(people, all, ["faq"]))).toEqual(["Wang", "Chen", "Maria", "Yuki"]);
  });

  it("not passed: failed or no attempt; expiring: a pass that lapses before launch", () => {
    expect(names(filterRoster(people, { ...all, not_passed: true }, ["faq"]))).toEqual(["Chen", "Maria"]);
    expect(names(filterRoster(people, { ...all, expiring: true }, ["faq"]))).toEqual(["Yuki"]);
  });

  it("not acknowledged counts only SOPs with a current revision", () => {
    expect(names(filterRoster(people, { ...all, not_acknowledged: true }, ["faq"]))).toEqual(["Chen", "Yuki"]);
    expect(names(filterRoster(people, { ...all, not_acknowledged: true }, []))).toEqual([]);
  });

  it("filters narrow together, with the team", () => {
    expect(names(filterRoster(people, { ...all, team: "Shanghai" }, ["faq"]))).toEqual(["Wang", "Chen"]);
    expect(names(filterRoster(people, { ...all, team: "Shanghai", not_acknowledged: true, not_passed: true }, ["faq"]))).toEqual(["Chen"]);
    expect(names(filterRoster(people, { ...all, team: "Lisbon", expiring: true }, ["faq"]))).toEqual([]);
  });
});

describe("teamsOf and rosterSummary", () => {
  it("lists each team once, alphabetically", () => {
    expect(teamsOf(people)).toEqual(["Lisbon", "Shanghai", "Tokyo"]);
  });

  it("counts valid passes per assessment and acknowledgements per SOP with a current revision", () => {
    const summary = rosterSummary({
      assessments: [{ key: "quiz" }],
      sops: [
        { key: "faq", current: 3 },
        { key: "draft", current: null },
      ],
      people,
    });
    expect(summary).toEqual({ total: 4, assessments: { quiz: 1 }, sops: { faq: 2, draft: null } });
  });
});
