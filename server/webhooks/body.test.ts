import { describe, expect, it } from "vitest";
import { slackMessage, type PublicEvent } from "./body";

/** Events as the log holds them (shapes from app/shared/events.ts, values from the demo release). */
const base = { release: "perp-v2", at: "2026-12-01T09:30:00.000Z", actor: "user:qa-lead@example.com" };
const ctx = { gateBefore: false, gateAfter: { open: false, blocking: 3 }, baseUrl: "https://greenlight.example.com" };

const evidence = (to: "green" | "red", from: "green" | "red" | "pending" = "green"): PublicEvent => ({
  ...base,
  seq: 41,
  type: "evidence.reported",
  data: {
    item: "qa.settlement-reconciliation",
    evidence: { done: to === "green" },
    note: null,
    link: null,
    version: 3,
    from: { status: from, reason: from === "green" ? "done" : "not done" },
    to: { status: to, reason: to === "green" ? "done" : "not done" },
  },
});

describe("the Slack message of an event", () => {
  it("says the gate opened when an event opens it", () => {
    expect(slackMessage(evidence("green", "red"), { ...ctx, gateBefore: false, gateAfter: { open: true, blocking: 0 } })).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":large_green_circle: *Gate opened* on *perp-v2*: every item is green.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Release *perp-v2* · 2026-12-01T09:30:00.000Z · <https://greenlight.example.com/releases/perp-v2/board|board>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Gate opened on perp-v2: every item is green.",
      }
    `);
  });

  it("says the gate closed, and which item turned red", () => {
    expect(slackMessage(evidence("red"), { ...ctx, gateBefore: true, gateAfter: { open: false, blocking: 1 } })).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":red_circle: *Gate closed* on *perp-v2* (1 item blocking). *qa.settlement-reconciliation* turned red: not done",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Release *perp-v2* · 2026-12-01T09:30:00.000Z · <https://greenlight.example.com/releases/perp-v2/board|board>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Gate closed on perp-v2 (1 item blocking). qa.settlement-reconciliation turned red: not done",
      }
    `);
  });

  it("says an item turned red when the gate was already closed (evidence or time)", () => {
    expect(slackMessage(evidence("red"), ctx)).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":red_circle: *qa.settlement-reconciliation* turned red on *perp-v2*: not done",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Release *perp-v2* · 2026-12-01T09:30:00.000Z · <https://greenlight.example.com/releases/perp-v2/items/qa.settlement-reconciliation|qa.settlement-reconciliation>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "qa.settlement-reconciliation turned red on perp-v2: not done",
      }
    `);
    const aged: PublicEvent = {
      ...base,
      actor: "system",
      seq: 42,
      type: "item.status_changed",
      data: {
        item: "mm.certification",
        cause: "time",
        from: { status: "amber", reason: "evidence is 20h old" },
        to: { status: "red", reason: "evidence expired (older than 24h)" },
      },
    };
    expect(slackMessage(aged, { ...ctx, baseUrl: null }).text).toBe("mm.certification turned red on perp-v2: evidence expired (older than 24h)");
  });

  it("says an action is overdue", () => {
    const overdue: PublicEvent = {
      ...base,
      actor: "system",
      seq: 43,
      type: "action.overdue",
      data: { action: 17, title: "Fix the funding-rate rounding <0.01%", owner: "risk-lead@example.com", priority: "P1", due: "2026-11-30" },
    };
    expect(slackMessage(overdue, ctx)).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":alarm_clock: *Action #17 overdue* (P1, owner risk-lead@example.com, due 2026-11-30): Fix the funding-rate rounding &lt;0.01%",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Release *perp-v2* · 2026-12-01T09:30:00.000Z · <https://greenlight.example.com/actions/17|action #17>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Action #17 overdue (P1, owner risk-lead@example.com, due 2026-11-30): Fix the funding-rate rounding &lt;0.01%",
      }
    `);
  });

  it("says a decision was recorded", () => {
    const decided: PublicEvent = {
      ...base,
      actor: "user:pmo@example.com",
      seq: 44,
      type: "decision.recorded",
      data: { decision: "no_go", id: 3, hash: "ab".repeat(32), summary: "NO-GO: 2 items red (risk, mm)", actions: 2 },
    };
    expect(slackMessage(decided, ctx)).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":no_entry: *NO-GO* recorded for *perp-v2*: NO-GO: 2 items red (risk, mm)",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Release *perp-v2* · 2026-12-01T09:30:00.000Z · <https://greenlight.example.com/decisions/3|decision #3>",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "NO-GO recorded for perp-v2: NO-GO: 2 items red (risk, mm)",
      }
    `);
  });

  it("words any other event in one line", () => {
    const vote: PublicEvent = { ...base, actor: "user:risk-lead@example.com", seq: 45, type: "vote.cast", data: { function: "risk", vote: "go", comment: "" } };
    expect(slackMessage(vote, ctx).text).toBe("perp-v2 #45 vote.cast by user:risk-lead@example.com");
  });
});
