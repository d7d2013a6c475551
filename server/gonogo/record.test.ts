import { describe, expect, it } from "vitest";
import { translator } from "../../app/lib/i18n";
import { recordToMarkdown, type DecisionRecord } from "../../app/shared/decision-record";
import { sealRecord, verifyRecord } from "./record";

const record: DecisionRecord = {
  release: { id: "r", name: "R", launch_date: "2026-12-01" },
  decision: "no_go",
  summary: "Hold: [click](javascript:alert(1))",
  actions: [{ title: "Fix | the <b>drill</b>", owner: "ops", due: "2026-11-25" }],
  decided_by: "user:pat@example.com",
  decided_at: "2026-11-21T09:00:00.000Z",
  seq: 41,
  gate: { open: false, blocking: 1 },
  items: [
    {
      id: "s.ok",
      section: "s",
      title: "Already fine",
      kind: "check",
      owner: "qa",
      status: "green",
      reason: "done",
      evidence: { done: true },
      evidence_at: "2026-11-21T07:00:00.000Z",
      reporter: "user:qa@example.com",
    },
    {
      id: "s.a",
      section: "s",
      title: "A",
      owner: "rd",
      status: "red",
      reason: "p99 31 ms > 20 ms",
      evidence: { value: 31 },
      evidence_at: "2026-11-21T08:00:00.000Z",
      reporter: "token:grafana",
    },
  ],
  required_functions: ["rd"],
  votes: [{ function: "rd", vote: "no_go", comment: "latency", voter: "user:rd@example.com", cast_at: "2026-11-21T08:30:00.000Z", fresh: true }],
  attendees: { people: ["Pat <pat@example.com>"], screens: ["War room TV"] },
  meeting: null,
  notes: [{ section: "s", text: "## Votes\n<img src=x onerror=alert(1)>", by: "user:pat@example.com" }],
  schedule: null,
};

describe("the decision record", () => {
  it("seals to canonical JSON whose sha256 verifies, whatever order the keys came in", () => {
    const { text, hash } = sealRecord(record);
    expect(verifyRecord(text, hash)).toEqual({ ok: true });
    expect(sealRecord(Object.fromEntries(Object.entries(record).reverse()) as unknown as DecisionRecord).hash).toBe(hash);
    expect(verifyRecord(text.replace("Hold", "Go!"), hash)).toMatchObject({ ok: false, problem: expect.stringMatching(/^the record hashes to/) });
    const reordered = JSON.stringify(JSON.parse(text), null, 1);
    expect(verifyRecord(reordered, sealRecord(record).hash).ok).toBe(false);
  });

  it("exports Markdown in which no user text can pass for the record's structure, links or HTML", () => {
    const markdown = recordToMarkdown(record, { id: 7, hash: "h" }, translator("en"));
    expect(markdown).toContain("# NO-GO: R");
    expect(markdown.match(/^## Votes$/gm)).toHaveLength(1);
    expect(markdown).toContain("> \\#\\# Votes");
    expect(markdown).toContain("> &lt;img src=x onerror=alert\\(1\\)\\>");
    expect(markdown).not.toContain("](javascript:");
    expect(markdown).toContain("Fix \\| the &lt;b\\>drill&lt;/b\\>");
    // Evidence as people say it, never JSON; what blocked the gate first (a record from before kinds were kept reads field by field).
    expect(markdown).toContain("| rd | value 31 |");
    expect(markdown).toContain("| qa | done |");
    expect(markdown.indexOf("(`s.a`)")).toBeLessThan(markdown.indexOf("(`s.ok`)"));
    expect(markdown).toContain("the state is as of event seq 41, the decision is event 42");
  });

  it("exports Markdown in the reader's language: headings and words translated, the record's own text as written", () => {
    const zh = recordToMarkdown(record, { id: 7, hash: "h" }, translator("zh-CN"));
    const en = recordToMarkdown(record, { id: 7, hash: "h" }, translator("en"));
    expect(zh).toContain("# NO-GO：R");
    expect(zh.match(/^## 投票$/gm)).toHaveLength(1);
    expect(zh).toContain("## 检查项");
    expect(zh).toContain("的第 7 号决定");
    expect(zh).toMatch(/闸门：关闭，\d+ 项阻塞。/);
    for (const english of ["## Votes", "## Items", "## Attendees", "Record hash", "| function | vote |"]) expect(zh).not.toContain(english);
    // The same rows, the same user text: only the words around them change.
    expect(zh.split("\n").length).toBe(en.split("\n").length);
    expect(zh).toContain("Fix \\| the &lt;b\\>drill&lt;/b\\>");
  });

  it("names people and who answered for each function when the record kept their names (escaped like any user text)", () => {
    const named: DecisionRecord = {
      ...record,
      decided_by_name: "Pat PMO",
      owner_names: { rd: ["Arjun Rao", "Li_Lei"], qa: [] },
      items: record.items.map((i) => (i.reporter === "user:qa@example.com" ? { ...i, reporter_name: "Sofia Lind" } : i)),
      votes: record.votes.map((v) => ({ ...v, voter_name: "Arjun Rao" })),
    };
    const markdown = recordToMarkdown(named, { id: 7, hash: "h" }, translator("en"));
    expect(markdown).toContain("by Pat PMO &lt;pat@example.com\\>;");
    expect(markdown).toContain("| rd · Arjun Rao, Li\\_Lei | No-Go | latency | Arjun Rao &lt;rd@example.com\\> |");
    expect(markdown).toContain("| rd · Arjun Rao, Li\\_Lei | value 31 | token:grafana");
    expect(markdown).toContain("| qa | done | Sofia Lind &lt;qa@example.com\\>");
  });
});
