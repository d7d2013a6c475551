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

/** Names as a roster holds them: Chinese, Latin with a space, a team with a dash; they must come through translation untouched. */
const PEOPLE = [
  { email: "wang.fang@example.com", name: "王芳", team: "shift-a" },
  { email: "li.na@example.com", name: "Li Na", team: "shift-b" },
  { email: "chen.jie@example.com", name: "陈杰", team: "vip-desk" },
  { email: "o.brien@example.com", name: "Seán O'Brien", team: "shift-a" },
  { email: "zhao.lei@example.com", name: "赵磊", team: "shift-c" },
  { email: "liu.yang@example.com", name: "刘洋", team: "shift-c" },
  { email: "sun.li@example.com", name: "孙丽", team: "shift-b" },
];
const trained = (people: typeof PEOPLE, passes: Record<string, string> = {}) => ({
  roster: { launch: "2026-12-20", people, passes: { "perp-v2": passes } },
});
const sopState = (acknowledged: string[], reviewDue: string | null = "2026-12-31", version: number | null = 3) => ({
  title: "VIP complaints",
  current: version === null ? null : { version, approved_at: "2026-11-01T09:00:00.000Z" },
  review_due: version === null ? null : reviewDue,
  acknowledged,
});
const registry = (people: typeof PEOPLE, sops: Record<string, ReturnType<typeof sopState>>) => ({ sop: { today: "2026-11-21", people, sops } });
const EMAILS = PEOPLE.map((p) => p.email);
const ROSTER_ITEM = item("roster", { assessment: "perp-v2", target: 0.8, valid_days: 30 });
const SOP_ITEM = item("sop", { sop: "vip-complaints", ack_target: 0.8 });
const DRILL_TIMED = item("drill", { valid_days: 30, max_detect_s: 60, max_mitigate_s: 300 });

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
  reasonOf(item("stages", { stages: ["connectivity", "auth"] }), { stages: { connectivity: "passed", auth: "failed" }, version: "2.4.1" }),
  reasonOf(item("stages", { stages: ["connectivity", "auth"] }), { stages: { connectivity: "passed" }, version: "2.4.1" }),
  reasonOf(item("stages", { stages: ["connectivity", "auth"] }), { stages: { connectivity: "passed", auth: "passed" }, version: "2.4.1" }),
  reasonOf(item("drill", { valid_days: 30 }), { performed_on: "2026-11-01", result: "pass" }),
  reasonOf(item("drill", { valid_days: 30 }), { performed_on: "2026-10-21", result: "pass" }),
  reasonOf(item("drill", { valid_days: 30 }), { performed_on: "2026-11-21", result: "fail" }),
  // drill timings against targets, and the launch date (SPEC 12.5).
  reasonOf(DRILL_TIMED, { performed_on: "2026-11-10", result: "pass", detect_s: 95, mitigate_s: 120 }),
  reasonOf(DRILL_TIMED, { performed_on: "2026-11-10", result: "pass", detect_s: 30, mitigate_s: 301.5 }),
  reasonOf(DRILL_TIMED, { performed_on: "2026-11-10", result: "pass", detect_s: 95, mitigate_s: 420 }),
  reasonOf(DRILL_TIMED, { performed_on: "2026-11-10", result: "pass" }),
  reasonOf(DRILL_TIMED, { performed_on: "2026-11-10", result: "pass", detect_s: 30 }),
  reasonOf(DRILL_TIMED, { performed_on: "2026-11-10", result: "pass", mitigate_s: 30 }),
  evaluate(DRILL_TIMED, { data: { performed_on: "2026-10-31", result: "pass", detect_s: 30, mitigate_s: 60 }, at: at() }, NOW, {}, { launch: "2026-12-01" })
    .reason,
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
  // roster: every outcome.
  reasonOf(ROSTER_ITEM, null),
  reasonOf(ROSTER_ITEM, null, trained(PEOPLE, { "wang.fang@example.com": "2026-12-01T09:00:00.000Z" })),
  reasonOf(ROSTER_ITEM, null, trained(PEOPLE, { "wang.fang@example.com": "2026-12-01T09:00:00.000Z", "li.na@example.com": "2026-11-02T09:00:00.000Z" })),
  reasonOf(ROSTER_ITEM, null, trained(PEOPLE, Object.fromEntries(EMAILS.slice(0, 6).map((e) => [e, "2026-12-01T09:00:00.000Z"])))),
  // sop: every outcome.
  reasonOf(SOP_ITEM, null),
  reasonOf(SOP_ITEM, null, registry(PEOPLE, { "vip-complaints": sopState([], null, null) })),
  reasonOf(SOP_ITEM, null, registry([], { "vip-complaints": sopState([]) })),
  reasonOf(SOP_ITEM, null, registry(PEOPLE, { "vip-complaints": sopState(EMAILS.slice(0, 1)) })),
  reasonOf(SOP_ITEM, null, registry(PEOPLE, { "vip-complaints": sopState(EMAILS.slice(0, 1), "2026-11-20") })),
  reasonOf(SOP_ITEM, null, registry(PEOPLE, { "vip-complaints": sopState(EMAILS.slice(0, 6), "2026-11-20") })),
  reasonOf(SOP_ITEM, null, registry(PEOPLE, { "vip-complaints": sopState(EMAILS.slice(0, 6)) })),
];

/** The names a reason gives of who has not passed or acknowledged. */
const namesIn = (reason: string) => PEOPLE.map((p) => `${p.name} (${p.team})`).filter((name) => reason.includes(name));

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

  it("keeps the names of who has not passed or acknowledged, and the count of the rest, in Chinese", () => {
    const named = REASONS.filter((r) => namesIn(r).length);
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const reason of named) {
      const chinese = translateMessage(reason, zh);
      for (const name of namesIn(reason)) expect(chinese, reason).toContain(name);
      const more = /\+\d+/.exec(reason)?.[0];
      if (more) expect(chinese).toContain(more);
    }
    expect(translateMessage(reasonOf(ROSTER_ITEM, null, trained(PEOPLE)), zh)).toBe(
      "0/7 人通过且上线日 2026-12-20 仍有效（0%）< 目标 80%；未通过：王芳 (shift-a), Li Na (shift-b), 陈杰 (vip-desk), Seán O'Brien (shift-a), 赵磊 (shift-c) +2",
    );
    expect(translateMessage(reasonOf(SOP_ITEM, null, registry(PEOPLE, { "vip-complaints": sopState(EMAILS.slice(0, 1), "2026-11-20") })), zh)).toBe(
      "v3 已确认 1/7（14.3%）< 目标 80%；未确认：Li Na (shift-b), 陈杰 (vip-desk), Seán O'Brien (shift-a), 赵磊 (shift-c), 刘洋 (shift-c) +1；复审自 2026-11-20 起逾期",
    );
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
      DRILL_TIMED,
      item("drill", { valid_days: 14, max_detect_s: 10 }),
      item("drill", { valid_days: 14, max_mitigate_s: 30 }),
      item("task", { tasks: ["a"] }),
      item("actions", {}),
      item("roster", { assessment: "perp-v2" }),
      item("roster", { assessment: "perp-v2", target: 0.9, valid_days: 180 }),
      item("sop", { sop: "vip-complaints", ack_target: 0.95 }),
    ].map((def) => describeStandard(def));
    for (const standard of standards) expect(translateMessage(standard, zh), standard).not.toBe(standard);
    for (const [kind, evidence] of [
      ["metric", { value: 20 }],
      ["param", { deployed: 0.13 }],
      ["ratio", { passed: 46, total: 48 }],
      ["check", { done: true }],
      ["drill", { performed_on: "2026-11-01", result: "pass" }],
      ["drill", { performed_on: "2026-11-01", result: "fail" }],
      ["drill", { performed_on: "2026-11-01", result: "pass", detect_s: 41, mitigate_s: 180 }],
      ["drill", { performed_on: "2026-11-01", result: "pass", detect_s: 41 }],
      ["drill", { performed_on: "2026-11-01", result: "pass", mitigate_s: 180 }],
      ["drill", { performed_on: "2026-11-01", result: "fail", detect_s: 41, mitigate_s: 1800 }],
      ["drill", { performed_on: "2026-11-01", result: "fail", detect_s: 41 }],
      ["drill", { performed_on: "2026-11-01", result: "fail", mitigate_s: 1800 }],
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
    expect(translateMessage("drill on 2026-11-10 counts as failed: detected in 95 s > target 60 s (+35 s)", zh)).toBe(
      "2026-11-10 的演练视为失败：发现用时 95 秒 > 目标 60 秒（超出 35 秒）",
    );
    expect(translateMessage("passed on 2026-10-31, valid until 2026-11-30: expires before launch 2026-12-01", zh)).toBe(
      "2026-10-31 通过，有效期至 2026-11-30：将在上线日 2026-12-01 之前过期",
    );
  });
});
