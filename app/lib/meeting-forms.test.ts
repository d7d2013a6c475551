import { describe, expect, it } from "vitest";
import { meetingFormSchema } from "./meeting-forms";

/** The meeting page's forms hold follow-up actions and meetings to the API's own rules (app/shared/gonogo.ts). */
describe("the meeting forms", () => {
  const decide = (actions: string) => meetingFormSchema.safeParse({ intent: "decide", decision: "no_go", summary: "Hold", actions });

  it("read action lines and apply the API's rules to them: owners lowercased, titles capped", () => {
    const parsed = decide("Fix the drill | Ana@Example.com | 2026-12-01\n\nPublish macros | cs | 2026-12-02");
    expect(parsed.success && parsed.data.intent === "decide" && parsed.data.actions).toEqual([
      { title: "Fix the drill", owner: "ana@example.com", due: "2026-12-01" },
      { title: "Publish macros", owner: "cs", due: "2026-12-02" },
    ]);
    expect(decide(`${"x".repeat(301)} | cs | 2026-12-01`).success).toBe(false);
    expect(decide("Fix | not an email@ | 2026-12-01").success).toBe(false);
    expect(decide("Fix | cs | 2026-02-30").error?.issues[0]?.message).toMatch(/line 1/);
  });

  it("schedule a meeting with each required function once", () => {
    const parsed = meetingFormSchema.safeParse({
      intent: "schedule",
      scheduled_at_utc: "2026-12-02T10:00:00Z",
      required_functions: ["rd", "ops", "rd"],
      item_minutes: 5,
      total_minutes: 60,
    });
    expect(parsed.success && parsed.data.intent === "schedule" && parsed.data.required_functions).toEqual(["rd", "ops"]);
  });
});
