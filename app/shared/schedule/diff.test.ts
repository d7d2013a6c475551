import { describe, expect, it } from "vitest";
import { parseWbsCsv } from "./csv";
import { diffWbs, summarizeDiff } from "./diff";

const HEADER = "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status,assignee";
const csv = (...rows: string[]) => parseWbsCsv([HEADER, ...rows].join("\n"));

describe("what a WBS import changes", () => {
  it("lists added, removed and changed tasks field by field, and dependency changes", () => {
    const before = csv("design,Design,,rd,5,,,100,done,", "build,Build,,rd,8,design,,40,in_progress,Ana", "docs,Docs,,cs,2,design,,0,todo,");
    const after = csv("design,Design,,rd,5,,,100,done,", "build,Build it,,rd,10,design:SS+2,,40,in_progress,Bo", "ship,Ship,,ops,0,build,,0,todo,");
    const diff = diffWbs(before, after);
    expect(diff.added.map((t) => t.id)).toEqual(["ship"]);
    expect(diff.removed.map((t) => t.id)).toEqual(["docs"]);
    expect(diff.unchanged).toBe(1);
    expect(diff.changed).toEqual([
      {
        id: "build",
        name: "Build it",
        fields: [
          { field: "name", from: "Build", to: "Build it" },
          { field: "assignee", from: "Ana", to: "Bo" },
          { field: "duration", from: 8, to: 10 },
        ],
      },
    ]);
    expect(diff.dependencies).toEqual({
      added: [
        { from: "design", to: "build", type: "SS", lag: 2 },
        { from: "build", to: "ship", type: "FS", lag: 0 },
      ],
      removed: [
        { from: "design", to: "build", type: "FS", lag: 0 },
        { from: "design", to: "docs", type: "FS", lag: 0 },
      ],
    });
  });

  it("finds nothing to change between a plan and itself", () => {
    const plan = csv("design,Design,,rd,5,,,100,done,", "build,Build,,rd,8,design,,40,in_progress,");
    expect(diffWbs(plan, plan)).toEqual({ added: [], removed: [], changed: [], unchanged: 2, dependencies: { added: [], removed: [] } });
  });

  it("summarizes a large diff for the preview: every count, and the first few changes of each kind", () => {
    const rows = (n: number, name: string) => Array.from({ length: n }, (_, i) => `t${i},${name},,rd,1,${i ? `t${i - 1}` : ""},,0,todo,`);
    const diff = diffWbs(csv(...rows(300, "Old")), csv(...rows(250, "New"), "extra,Extra,,rd,1,,,0,todo,"));
    const summary = summarizeDiff(diff, 3);
    expect(summary).toMatchObject({ added: 1, removed: 50, changed: 250, unchanged: 0, dependencies: { added: 0, removed: 50 } });
    expect(summary.first.added.map((t) => t.id)).toEqual(["extra"]);
    expect(summary.first.removed.map((t) => t.id)).toEqual(["t250", "t251", "t252"]);
    expect(summary.first.changed.map((c) => c.id)).toEqual(["t0", "t1", "t2"]);
  });
});
