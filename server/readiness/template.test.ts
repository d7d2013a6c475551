import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadTemplates, parseTemplate, TemplateError } from "./template";

const problemsOf = (text: string, file = "checklists/x.yaml"): string[] => {
  try {
    parseTemplate(file, text);
  } catch (error) {
    if (error instanceof TemplateError) return error.problems;
    throw error;
  }
  throw new Error("expected the template to be refused");
};

const valid = (item: string) => `
template: t
name: T
functions: [rd, qa]
sections:
  - key: s
    name: S
    owner: rd
    items:
      - key: ok
        title: fine
        kind: check
${item}`;

describe("the shipped templates", () => {
  const templates = loadTemplates("checklists");

  it("include the perp template and a second, smaller one", () => {
    expect([...templates.keys()].sort()).toEqual(["new-coin-listing", "perp-futures-v2"]);
    expect(templates.get("new-coin-listing")!.functions).not.toEqual(templates.get("perp-futures-v2")!.functions);
  });

  it("perp-futures-v2 covers every area SPEC 4 lists", () => {
    const perp = templates.get("perp-futures-v2")!;
    const ids = perp.sections.flatMap((s) => s.items.map((i) => `${s.key}.${i.key}`));
    for (const id of [
      "stability.p99-order-latency",
      "stability.api-error-rate",
      "stability.soak-test",
      "stability.failover",
      "risk.max-leverage-tier-1",
      "risk.position-limit-btc",
      "risk.maintenance-margin-tier-1",
      "risk.slippage-coefficient",
      "risk.funding-rate-cap",
      "risk.funding-rate-floor",
      "risk.insurance-fund",
      "risk.adl-enabled",
      "cs.assessment-pass-rate",
      "cs.sop-listing-standard",
      "cs.sop-emergency-suspension",
      "cs.sop-vip-complaints",
      "drills.circuit-breaker",
      "drills.emergency-cancel",
      "gtm.campaign-calendar",
      "follow-up.postmortem-actions",
    ]) {
      expect(ids, id).toContain(id);
    }
    const mms = perp.sections.find((s) => s.key === "mm")!.items.filter((i) => i.kind === "stages");
    expect(mms.length).toBeGreaterThanOrEqual(3);
    for (const mm of mms) {
      expect(mm.config).toEqual({
        stages: [
          "connectivity",
          "auth",
          "order-entry",
          "cancel-and-mass-cancel",
          "cancel-on-disconnect",
          "market-data",
          "rate-limits",
          "mm-protection",
          "soak",
          "quoting-obligations",
        ],
      });
    }
    const training = perp.sections.find((s) => s.key === "cs")!.items.find((i) => i.key === "assessment-pass-rate")!;
    expect(training.config).toMatchObject({ target: 1 });
    // SPEC 4 and 12.5: circuit breaker, emergency order cancellation, emergency suspension and failover are drilled,
    // each against targets for detection and mitigation.
    const drills = perp.sections.flatMap((s) => s.items.filter((i) => i.kind === "drill").map((i) => ({ id: `${s.key}.${i.key}`, config: i.config })));
    expect(drills.map((d) => d.id)).toEqual(
      expect.arrayContaining(["stability.failover", "drills.circuit-breaker", "drills.emergency-cancel", "drills.emergency-suspension"]),
    );
    for (const drill of drills) {
      expect(drill.config, drill.id).toEqual({ valid_days: expect.any(Number), max_detect_s: expect.any(Number), max_mitigate_s: expect.any(Number) });
    }
  });

  it("items inherit their section's owner unless they name one", () => {
    const stability = templates.get("perp-futures-v2")!.sections.find((s) => s.key === "stability")!;
    expect(stability.items.find((i) => i.key === "p99-order-latency")!.owner).toBe("rd");
    expect(stability.items.find((i) => i.key === "api-error-rate")!.owner).toBe("ops");
  });
});

describe("a bad template is refused with file, path and reason", () => {
  it("a wrong type", () => {
    const problems = problemsOf(
      valid(`      - key: lat
        title: latency
        kind: metric
        op: "<="
        target: fast`),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^checklists\/x\.yaml: sections\[0\]\.items\[1\]\.target: .*expected number/);
  });

  it("an unknown kind", () => {
    expect(
      problemsOf(
        valid(`      - key: x
        title: x
        kind: vibe`),
      )[0],
    ).toMatch(/^checklists\/x\.yaml: sections\[0\]\.items\[1\]\.kind: /);
  });

  it("a misspelt config key", () => {
    expect(
      problemsOf(
        valid(`      - key: lat
        title: latency
        kind: metric
        op: "<="
        tagret: 20
        target: 20`),
      ),
    ).toEqual([expect.stringMatching(/^checklists\/x\.yaml: sections\[0\]\.items\[1\]: .*tagret/)]);
  });

  it("a duplicate item key and an owner that is not a function", () => {
    const problems = problemsOf(
      valid(`      - key: ok
        title: again
        kind: check
        owner: cs`),
    );
    expect(problems).toContain('checklists/x.yaml: sections[0].items[1].key: duplicate item key "ok"');
    expect(problems).toContain('checklists/x.yaml: sections[0].items[1].owner: "cs" is not one of functions');
  });

  it("a bad max_age", () => {
    expect(
      problemsOf(
        valid(`      - key: y
        title: y
        kind: check
        max_age: 1 week`),
      )[0],
    ).toMatch(/^checklists\/x\.yaml: sections\[0\]\.items\[1\]\.max_age: expected a duration/);
  });

  it("half a surrogate pair from a YAML escape, which could not be hashed into the event chain", () => {
    expect(
      problemsOf(
        valid(`      - key: y
        title: "rocket \\ud83d"
        kind: check`),
      ),
    ).toEqual(["checklists/x.yaml: sections[0].items[1].title: holds a lone surrogate (half a UTF-16 pair), which is not a character"]);
    // A whole pair, escaped or not, is a character.
    expect(() =>
      parseTemplate(
        "x.yaml",
        valid(`      - key: y
        title: "rocket \\ud83d\\ude80 🚀"
        kind: check`),
      ),
    ).not.toThrow();
  });

  it("an alias that refers to itself is a problem, not a crash", () => {
    expect(problemsOf("template: t\nname: T\nfunctions: [rd]\nsections: &x [*x]\n").length).toBeGreaterThan(0);
  });

  it("broken YAML", () => {
    expect(problemsOf("template: t\nsections: [\n")[0]).toMatch(/^checklists\/x\.yaml: /);
  });

  it("two files with the same template id", () => {
    const dir = mkdtempSync(join(tmpdir(), "gl-templates-"));
    const text = valid("");
    writeFileSync(join(dir, "a.yaml"), text);
    writeFileSync(join(dir, "b.yaml"), text);
    expect(() => loadTemplates(dir)).toThrow(/b\.yaml: template: id "t" is already used/);
  });
});
