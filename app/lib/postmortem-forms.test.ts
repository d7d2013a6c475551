import { describe, expect, it } from "vitest";
import type { PostmortemView } from "../shared/actions";
import { parseForm } from "./forms";
import { causesText, editPatch, postmortemCreateFormSchema, postmortemPageSchema, timelineLines, timelineText } from "./postmortem-forms";

/** The post-mortem forms read their controls and hold them to the API's own rules (app/shared/actions.ts). */
const form = (entries: [string, string][]) => {
  const data = new FormData();
  for (const [k, v] of entries) data.append(k, v);
  return data;
};
const base: [string, string][] = [
  ["title", "Withdrawals paused"],
  ["incident_at", "2026-11-30T14:05:00.000Z"],
  ["severity", "SEV2"],
  ["owner", "Ana@Example.com"],
];

describe("the create form", () => {
  it("reads lines, checkboxes and an optional reference the way the API takes them", () => {
    const parsed = parseForm(
      form([
        ...base,
        ["releases", "perp-v2"],
        ["causes", "Hot wallet key rotation\n\n  Alert went to an old channel  "],
        ["timeline", "2026-11-30 14:05Z | Withdrawals fail\n2026-11-30T14:20 | Paused by ops\n2026-11-30 15:01:30+01:00 | Resumed | after checks"],
        ["from_decision", "7"],
      ]),
      postmortemCreateFormSchema,
    );
    expect(parsed.status).toBe("success");
    expect(parsed.status === "success" && parsed.value).toEqual({
      title: "Withdrawals paused",
      incident_at: "2026-11-30T14:05:00.000Z",
      severity: "SEV2",
      owner: "ana@example.com",
      summary: "",
      releases: ["perp-v2"],
      causes: ["Hot wallet key rotation", "Alert went to an old channel"],
      timeline: [
        { at: "2026-11-30T14:05:00Z", text: "Withdrawals fail" },
        { at: "2026-11-30T14:20:00Z", text: "Paused by ops" },
        { at: "2026-11-30T15:01:30+01:00", text: "Resumed | after checks" },
      ],
      incident_ref: null,
      from_decision: 7,
    });
  });

  it("says what is missing in words, at the field", () => {
    const parsed = parseForm(form([["severity", "SEV9"]]), postmortemCreateFormSchema);
    expect(parsed.reply().error).toMatchObject({
      title: ["enter a title"],
      incident_at: ["choose when the incident happened"],
      severity: ["choose SEV1, SEV2, SEV3 or SEV4"],
      owner: ["choose an owner"],
    });
  });

  it("names the timeline line it cannot read", () => {
    const timeline = (text: string) => timelineLines.safeParse(text).error?.issues.map((i) => i.message);
    expect(timeline("2026-11-30 14:05Z | ok\nyesterday | too vague")).toEqual(['line 2: write "2026-11-30 14:05Z | what happened"']);
    expect(timeline("2026-02-30 14:05Z | no such day")).toEqual(['line 1: write "2026-11-30 14:05Z | what happened"']);
    expect(timeline("2026-11-30 14:05Z |  ")).toHaveLength(1);
    expect(timeline("2026-11-30 14:05Z")).toHaveLength(1);
    expect(timeline(`2026-11-30 14:05Z | ${"x".repeat(2001)}`)).toHaveLength(1);
  });

  it("applies the API's rules: a release id is an id, a title has a length", () => {
    expect(parseForm(form([...base, ["releases", "Not An Id"]]), postmortemCreateFormSchema).status).toBe("error");
    expect(parseForm(form([...base.slice(1), ["title", "x".repeat(301)]]), postmortemCreateFormSchema).status).toBe("error");
    expect(parseForm(form([...base.slice(0, 3), ["owner", "not an email"]]), postmortemCreateFormSchema).status).toBe("error");
  });

  it("writes causes and timeline back as the lines it reads", () => {
    const timeline = [
      { at: "2026-11-30T14:05:00.123Z", text: "NO-GO recorded | by pmo" },
      { at: "2026-11-30T15:00:00+01:00", text: "Resumed" },
    ];
    expect(timelineLines.parse(timelineText(timeline))).toEqual(timeline);
    const parsed = parseForm(form([...base, ["causes", causesText(["One", "Two"])]]), postmortemCreateFormSchema);
    expect(parsed.status === "success" && parsed.value.causes).toEqual(["One", "Two"]);
  });
});

describe("the post-mortem page's forms", () => {
  const current: PostmortemView = {
    id: 1,
    title: "Withdrawals paused",
    incident_at: "2026-11-30T14:05:00.000Z",
    severity: "SEV2",
    summary: "What happened",
    timeline: [
      { at: "2026-11-30T14:20:00Z", text: "Paused" },
      { at: "2026-11-30T14:05:00Z", text: "Fails" },
    ],
    causes: ["Key rotation"],
    releases: ["perp-v2"],
    owner: "ana@example.com",
    owner_name: "Ana",
    status: "draft",
    incident_ref: "INC-42",
    decision: null,
    created_at: "2026-11-30T16:00:00Z",
    created_by: "user:pmo@example.com",
    updated_at: "2026-11-30T16:00:00Z",
    published_at: null,
    published_by: null,
    actions: { total: 0, open: 0 },
  };
  const edit = (entries: [string, string][]) => {
    const parsed = parseForm(form([["intent", "edit"], ...entries]), postmortemPageSchema);
    if (parsed.status !== "success" || parsed.value.intent !== "edit") throw new Error(JSON.stringify(parsed.reply()));
    return parsed.value;
  };
  const unchanged: [string, string][] = [
    ["title", current.title],
    ["incident_at", "2026-11-30T14:05:00Z"],
    ["severity", "SEV2"],
    ["summary", current.summary],
    ["causes", causesText(current.causes)],
    ["timeline", "2026-11-30 14:05Z | Fails\n2026-11-30 14:20Z | Paused"],
    ["releases", "perp-v2"],
    ["incident_ref", "INC-42"],
  ];

  it("edit sends only what changed: the same instant or the same events in another order are no change", () => {
    expect(editPatch(edit(unchanged), current)).toEqual({});
    const changed = edit([...unchanged.filter(([k]) => !["severity", "incident_ref", "releases"].includes(k)), ["severity", "SEV1"]]);
    expect(editPatch(changed, current)).toEqual({ severity: "SEV1", releases: [], incident_ref: null });
  });

  it("status takes the API's statuses only", () => {
    expect(
      parseForm(
        form([
          ["intent", "status"],
          ["status", "published"],
        ]),
        postmortemPageSchema,
      ).status,
    ).toBe("success");
    expect(
      parseForm(
        form([
          ["intent", "status"],
          ["status", "closed"],
        ]),
        postmortemPageSchema,
      ).status,
    ).toBe("error");
  });

  it("add-action needs a title, an owner and a function; due date and item are optional", () => {
    const parsed = parseForm(
      form([
        ["intent", "add-action"],
        ["title", "Rotate keys with a runbook"],
        ["owner", "Ops@Example.com"],
        ["function", "ops"],
        ["priority", "P1"],
      ]),
      postmortemPageSchema,
    );
    expect(parsed.status === "success" && parsed.value).toEqual({
      intent: "add-action",
      title: "Rotate keys with a runbook",
      owner: "ops@example.com",
      function: "ops",
      priority: "P1",
    });
    const bad = parseForm(
      form([
        ["intent", "add-action"],
        ["priority", "P7"],
        ["due", "2026-02-30"],
      ]),
      postmortemPageSchema,
    );
    expect(bad.reply().error).toMatchObject({
      title: ["enter a title"],
      owner: ["choose an owner"],
      function: ["choose a function"],
      priority: ["choose P0, P1, P2 or P3"],
      due: ["expected a date YYYY-MM-DD"],
    });
  });
});
