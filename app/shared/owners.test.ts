import { describe, expect, it } from "vitest";
import { leadsByFunction, leadsInWords, ownerInWords, personInWords, type Lead } from "./owners";

const lead = (name: string, functions: string[], more: Partial<Lead> = {}): Lead => ({ name, role: "lead", functions, disabled_at: null, ...more });

describe("leadsByFunction", () => {
  it("names every active lead of a function, sorted, once each", () => {
    const people = [lead("Wang Fang", ["risk"]), lead("Li Lei", ["risk", "mm"]), lead("Ana", ["rd"]), lead("Li Lei", ["risk"])];
    expect(leadsByFunction(people, ["risk", "mm", "rd"])).toEqual({ risk: ["Li Lei", "Wang Fang"], mm: ["Li Lei"], rd: ["Ana"] });
  });

  it("leaves out disabled leads and people who are not leads", () => {
    const people = [
      lead("Gone", ["risk"], { disabled_at: "2026-11-01T00:00:00.000Z" }),
      lead("Pat PMO", ["risk"], { role: "admin" }),
      lead("Mo Member", ["risk"], { role: "member" }),
      lead("Wang Fang", ["risk"]),
    ];
    expect(leadsByFunction(people, ["risk"])).toEqual({ risk: ["Wang Fang"] });
  });

  it("gives a function nobody leads an empty list, and only the functions asked for", () => {
    expect(leadsByFunction([lead("Ana", ["rd"])], ["qa", "ops"])).toEqual({ qa: [], ops: [] });
    expect(leadsByFunction([], [])).toEqual({});
  });
});

describe("owners in words", () => {
  const names = { risk: ["Li Lei", "Wang Fang"], qa: [] };
  it("says the function and its leads, or the function alone", () => {
    expect(ownerInWords("risk", names)).toBe("risk · Li Lei, Wang Fang");
    expect(ownerInWords("qa", names)).toBe("qa");
    expect(ownerInWords("ops", names)).toBe("ops");
    expect(ownerInWords("risk", undefined)).toBe("risk");
  });
  it("says 'no lead' only when it is known that nobody leads the function", () => {
    expect(leadsInWords(["Wang Fang"])).toBe("Wang Fang");
    expect(leadsInWords([])).toBe("no lead");
    expect(leadsInWords(undefined)).toBeNull();
  });
  it("names a person by name and email; tokens and screens by their label", () => {
    expect(personInWords("user:wang@example.com", "Wang Fang")).toBe("Wang Fang <wang@example.com>");
    expect(personInWords("user:wang@example.com", null)).toBe("user:wang@example.com");
    expect(personInWords("token:ci", "ci")).toBe("token:ci");
  });
});
