import { describe, expect, it } from "vitest";
import { campaignCreateSchema } from "../../app/shared/campaigns";
import { campaignDateSchema, campaignRisk, offsetLabel, offsetOf, resolveDate } from "./risk";

describe("campaign dates", () => {
  it("resolves offsets from launch in calendar days, weekends included, and keeps absolute dates as they are", () => {
    // Launch on a Monday: T-2 is the Saturday before, T+7 the next Monday.
    expect(resolveDate("T-2", "2027-03-01")).toBe("2027-02-27");
    expect(resolveDate("T", "2027-03-01")).toBe("2027-03-01");
    expect(resolveDate("T+7", "2027-03-01")).toBe("2027-03-08");
    expect(resolveDate("T+14", "2027-02-20")).toBe("2027-03-06");
    expect(resolveDate("2027-04-01", "2027-03-01")).toBe("2027-04-01");
    expect(offsetOf("2027-04-01")).toBeNull();
    expect(offsetOf("T-12")).toBe(-12);
  });

  it("labels a date by its offset from launch", () => {
    expect(offsetLabel("2027-02-27", "2027-03-01")).toBe("T-2");
    expect(offsetLabel("2027-03-01", "2027-03-01")).toBe("T");
    expect(offsetLabel("2027-03-15", "2027-03-01")).toBe("T+14");
  });

  it("refuses what is neither a date nor an offset", () => {
    for (const bad of ["T+x", "T+", "t-2", "T-2d", "2027-02-30", "1999-01-01", "next week", ""]) {
      expect(campaignDateSchema.safeParse(bad).success, bad).toBe(false);
    }
    for (const good of ["T", "T-2", "T+7", "2027-03-01", " T+3 "]) expect(campaignDateSchema.safeParse(good).success, good).toBe(true);
  });

  it("refuses a requirement named twice", () => {
    const parsed = campaignCreateSchema.safeParse({ id: "c", name: "C", kind: "airdrop", starts: "T", ends: "T+1", requires: { tasks: ["a", "a"] } });
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(["each task once"]);
  });
});

describe("campaign risk", () => {
  const task = (id: string, projected_finish: string | null, status: string | null = "in_progress") => ({ id, name: id, status, projected_finish });
  const item = (id: string, status: "green" | "amber" | "red" | "pending" | null) => ({ id, title: id, status });

  it("is at risk when it starts before a required task's projected finish, saying by how many days", () => {
    expect(campaignRisk("2027-03-01", "2027-03-10", "2027-02-01", [task("MM-CERT", "2027-03-03")], [])).toEqual({
      at_risk: true,
      risk_reasons: ["starts 2027-03-01, 2 days before task MM-CERT's projected finish 2027-03-03"],
    });
    expect(campaignRisk("2027-03-03", "2027-03-10", "2027-02-01", [task("MM-CERT", "2027-03-03")], []).risk_reasons).toEqual([
      "starts 2027-03-03, the day task MM-CERT is projected to finish",
    ]);
  });

  it("is not at risk when the task finishes before the start, or is done", () => {
    expect(campaignRisk("2027-03-04", "2027-03-10", "2027-02-01", [task("MM-CERT", "2027-03-03")], []).at_risk).toBe(false);
    expect(campaignRisk("2027-03-01", "2027-03-10", "2027-02-01", [task("MM-CERT", "2027-03-03", "done")], []).at_risk).toBe(false);
  });

  it("is at risk while a required item is not green, before it starts and while it runs, but not once it has ended", () => {
    const items = [item("mm.mm-kestrel", "red"), item("qa.ok", "green"), item("gtm.copy", "pending")];
    const risk = campaignRisk("2027-03-01", "2027-03-10", "2027-03-05", [], items);
    expect(risk).toEqual({ at_risk: true, risk_reasons: ["requires item mm.mm-kestrel, which is red", "requires item gtm.copy, which is pending"] });
    expect(campaignRisk("2027-03-01", "2027-03-10", "2027-02-01", [], items).at_risk).toBe(true);
    expect(campaignRisk("2027-03-01", "2027-03-10", "2027-03-11", [], items)).toEqual({ at_risk: false, risk_reasons: [] });
  });

  it("says when a requirement is gone from the plan or the checklist", () => {
    expect(campaignRisk("2027-03-01", "2027-03-10", "2027-02-01", [task("gone", null, null)], [item("gone.item", null)]).risk_reasons).toEqual([
      "requires task gone, which is no longer in the plan",
      "requires item gone.item, which is no longer in the checklist",
    ]);
  });
});
