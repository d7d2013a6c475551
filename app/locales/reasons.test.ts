import { describe, expect, it } from "vitest";
import { configSchemas, describeEvidence, describeStandard, evaluate, type Evidence, type ItemDefinition } from "../shared/kinds";
import { translateMessage, translator } from "../lib/i18n";

/**
 * Every reason a kind writes is in the catalogue (app/locales/*\/reasons.ts):
 * a Chinese page says it in Chinese, values kept, and English stays exactly
 * the API's string. A new reason in a kind fails here until it is catalogued.
 */
const NOW = new Date("2026-11-21T12:00:00Z");
const at = (hoursAgo = 0) => new Date(NOW.getTime() - hoursAgo * 3_600_000).toISOString();
const item = (kind: ItemDefinition["kind"], config: unknown, maxAge: string | null = null) =>
  ({ kind, config: configSchemas[kind].parse(config), maxAge }) as ItemDefinition;
const reasonOf = (def: ItemDefinition, data: Evidence | null, facts?: Parameters<typeof evaluate>[3], hoursAgo = 0) =>
  evaluate(def, data ? { data, at: at(hoursAgo) } : null, NOW, facts).reason;

const plan = (tasks: Record<string, { status: string; finish: string }>) => ({ task: { launch: "2026-12-01", tasks: new Map(Object.entries(tasks)) } });
const open = (list: { priority: "P0" | "P1"; due: string }[]) => ({ actions: { today: "2026-11-21", open: list } });

const REASONS = [
  reasonOf(item("check", {}), null),
  reasonOf(item("check", {}), { done: true }),
  reasonOf(item("check", {}), { done: false }),
  reasonOf(item("metric", { op: "<=", target: 20, warn: 30, unit: "ms" }, "24h"), { value: 10 }, undefined, 30),
  reasonOf(item("metric", { op: "<=", target: 20, warn: 30, unit: "ms" }), { value: 20 }),
  reasonOf(item("metric", { op: "<=", target: 20, warn: 30, unit: "ms" }), { value: 25 }),
  reasonOf(item("metric", { op: "<=", target: 20, warn: 30, unit: "ms" }), { value: 31 }),
  reasonOf(item("metric", { op: ">=", target: 5_000_000, unit: "USDT" }), { value: 4_200_000 }),
  reasonOf(item("ratio", { target: 1, warn: 0.9 }), { passed: 214, total: 214 }),
  reasonOf(item("ratio", { target: 1, warn: 0.9 }), { passed: 46, total: 48 }),
  reasonOf(item("ratio", { target: 1 }), { passed: 40, total: 48 }),
  reasonOf(item("param", { approved: 125, unit: "x" }), { deployed: 125 }),
  reasonOf(item("param", { approved: 0.12, tolerance: 0.001 }), { deployed: 0.1205 }),
  reasonOf(item("param", { approved: 0.12, tolerance: 0.001 }), { deployed: 0.15 }),
  reasonOf(item("param", { approved: 0.12 }), { deployed: 0.13 }),
  reasonOf(item("param", { approved: 5, min: 1, max: 10 }), { deployed: 0.5 }),
  reasonOf(item("param", { approved: 5, min: 1, max: 10 }), { deployed: 10.5 }),
  reasonOf(item("param", { approved: true }), { deployed: true }),
  reasonOf(item("param", { approved: "8h" }), { deployed: "4h" }),
  reasonOf(item("stages", { stages: ["connectivity", "auth", "soak"] }), { stages: { connectivity: "passed", auth: "failed" } }),
  reasonOf(item("stages", { stages: ["connectivity", "auth", "soak"] }), { stages: { connectivity: "passed" } }),
  reasonOf(item("stages", { stages: ["connectivity", "auth"] }), { stages: { connectivity: "passed", auth: "passed" } }),
  reasonOf(item("drill", { valid_days: 30 }), { performed_on: "2026-11-01", result: "pass" }),
  reasonOf(item("drill", { valid_days: 30 }), { performed_on: "2026-10-21", result: "pass" }),
  reasonOf(item("drill", { valid_days: 30 }), { performed_on: "2026-11-21", result: "fail" }),
  reasonOf(item("task", { tasks: ["full-release"] }), null),
  reasonOf(item("task", { tasks: [] }), null, plan({})),
  reasonOf(item("task", { tasks: ["a", "b"] }), null, plan({ a: { status: "done", finish: "2026-11-10" } })),
  reasonOf(item("task", { tasks: ["a"] }), null, plan({ a: { status: "done", finish: "2026-11-10" } })),
  reasonOf(item("task", { tasks: ["a", "b"] }), null, plan({ a: { status: "done", finish: "2026-11-10" }, b: { status: "done", finish: "2026-11-12" } })),
  reasonOf(item("task", { tasks: ["a", "b"] }), null, plan({ a: { status: "done", finish: "2026-11-10" }, b: { status: "todo", finish: "2026-12-01" } })),
  reasonOf(item("task", { tasks: ["a", "b"] }), null, plan({ a: { status: "todo", finish: "2026-12-02" }, b: { status: "todo", finish: "2026-12-09" } })),
  reasonOf(item("task", { tasks: ["a"] }), null, plan({ a: { status: "todo", finish: "2026-12-02" } })),
  reasonOf(item("actions", {}), null),
  reasonOf(item("actions", {}), null, open([])),
  reasonOf(item("actions", {}), null, open([{ priority: "P1", due: "2026-11-25" }])),
  reasonOf(
    item("actions", {}),
    null,
    open([
      { priority: "P1", due: "2026-11-25" },
      { priority: "P0", due: "2026-11-20" },
    ]),
  ),
];

describe("status reasons in the page's language", () => {
  const zh = translator("zh-CN");
  const en = translator("en");

  it("the samples cover every reason in the catalogue", () => {
    expect(new Set(REASONS).size).toBe(REASONS.length);
  });

  it.each(REASONS)("%s", (reason) => {
    expect(translateMessage(reason, en)).toBe(reason);
    const chinese = translateMessage(reason, zh);
    expect(chinese, "not catalogued").not.toBe(reason);
    // Values are kept: every number in the reason is in its translation.
    for (const number of reason.match(/\d+(?:[.,]\d+)*/g) ?? []) expect(chinese).toContain(number);
    // No English word of the catalogue's left behind (units, ids and stage names are data).
    expect(chinese).not.toMatch(/\b(target|passed|deployed|approved|waiting|linked|projected|overdue|evidence|within)\b/);
  });

  it("says the kinds' standards and evidence in Chinese too", () => {
    const standards = [
      item("check", {}),
      item("metric", { op: "<=", target: 20, warn: 30, unit: "ms" }),
      item("metric", { op: ">=", target: 5, unit: "x" }),
      item("ratio", { target: 1, warn: 0.9 }),
      item("ratio", { target: 0.95 }),
      item("param", { approved: 0.12, tolerance: 0.001 }),
      item("param", { approved: 5, min: 1, max: 10 }),
      item("param", { approved: 5, min: 1 }),
      item("param", { approved: 5, max: 10 }),
      item("stages", { stages: ["a", "b"] }),
      item("drill", { valid_days: 30 }),
      item("task", { tasks: ["a"] }),
      item("actions", {}),
    ].map((def) => describeStandard(def));
    for (const standard of standards) expect(translateMessage(standard, zh), standard).not.toBe(standard);
    for (const [kind, evidence] of [
      ["metric", { value: 20 }],
      ["param", { deployed: 0.13 }],
      ["ratio", { passed: 46, total: 48 }],
      ["check", { done: true }],
      ["drill", { performed_on: "2026-11-01", result: "pass" }],
      ["drill", { performed_on: "2026-11-01", result: "fail" }],
    ] as const) {
      const words = describeEvidence({ kind }, evidence);
      expect(translateMessage(words, zh), words).not.toBe(words);
    }
  });

  it("reads examples as a Chinese lead would", () => {
    expect(translateMessage("deployed 0.15 ≠ approved 0.12 beyond ±0.001", zh)).toBe("已部署 0.15 ≠ 已批准 0.12，超出 ±0.001");
    expect(translateMessage("46/48 passed (95.8%) < target 100%, within warn 90%", zh)).toBe("46/48 通过（95.8%）< 目标 100%，在预警线 90% 以内");
    expect(translateMessage("not done", zh)).toBe("未完成");
    expect(translateMessage("failed: auth", zh)).toBe("未通过：auth");
  });
});
