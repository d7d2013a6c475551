import pino from "pino";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { webhookCreateSchema, webhooksFormSchema } from "../app/shared/webhooks";
import { webhookDeliveries } from "../db/schema";
import { SYSTEM } from "../server/auth/actor";
import { createServices } from "../server/services";
import { createWebhooks } from "../server/webhooks/service";
import { testDatabase } from "./support/db";

/** Issue 18 red-team findings: each test failed before its fix. */
describe("a webhook URL that the URL parser refuses", () => {
  it("is a 422-shaped issue, not an exception (a 500), in the API's schema and the admin form's", () => {
    for (const url of ["http://[fe80::1%25eth0]/", "https://8.8.8.8:99999/", "http://exa mple.com/"]) {
      const api = webhookCreateSchema.safeParse({ url, events: ["*"] });
      expect(api.success, url).toBe(false);
      expect(api.error!.issues.map((i) => i.path.join("."))).toEqual(["url"]);
      const form = webhooksFormSchema.safeParse({ intent: "create", url, events: "decision.recorded" });
      expect(form.success, url).toBe(false);
    }
  });
});

describe("revoking a webhook", () => {
  it("reads only the pending deliveries, not the webhook's whole delivery history", () => {
    const { db } = testDatabase();
    const now = new Date("2026-12-01T09:00:00Z");
    const services = createServices({ db, clock: () => now, templates: new Map() });
    const webhooks = createWebhooks({
      db,
      clock: () => now,
      sealer: services.sealer,
      logger: pino({ level: "silent" }),
      allowPrivate: true,
      retryBaseMs: 1000,
      timeoutMs: 1000,
    });
    const { webhook } = webhooks.insert({ url: "https://hooks.example.com/x", events: ["*"], release: null, format: "json" }, SYSTEM);
    db.insert(webhookDeliveries)
      .values(
        ["delivered", "pending"].map((status, i) => ({
          deliveryId: `d${i}`,
          webhookId: webhook.id,
          releaseId: "r",
          seq: i + 1,
          eventType: "gate.changed",
          status: status as "delivered" | "pending",
          nextAttemptAt: now.toISOString(),
          createdAt: now.toISOString(),
        })),
      )
      .run();
    const client = db.$client;
    const prepare = client.prepare;
    const updates: string[] = [];
    client.prepare = ((source: string) => {
      if (/^update "webhook_deliveries"/i.test(source)) updates.push(source);
      return prepare.call(client, source);
    }) as typeof prepare;
    try {
      webhooks.revoke(webhook.id, SYSTEM);
    } finally {
      client.prepare = prepare;
    }
    expect(updates).toHaveLength(1);
    const plan = client
      .prepare(`explain query plan ${updates[0]}`)
      .all("failed", null, "webhook revoked", webhook.id, "pending")
      .map((r) => (r as { detail: string }).detail);
    expect(plan.join(" ")).toContain("webhook_deliveries_due");
    expect(db.all(sql`select status from webhook_deliveries order by seq`)).toEqual([{ status: "delivered" }, { status: "failed" }]);
    void webhooks.stop();
  });
});

describe("a webhook subscription too big", () => {
  it("says what is too big, not that it is not an array or not a URL", () => {
    const events = webhookCreateSchema.safeParse({ url: "https://hooks.example.com/x", events: Array(10_000).fill("gate.changed") });
    expect(events.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["events", expect.stringMatching(/^at most \d+ event types/)]]);
    const url = webhookCreateSchema.safeParse({ url: `https://hooks.example.com/${"a".repeat(3000)}`, events: ["*"] });
    expect(url.error!.issues.map((i) => [i.path.join("."), i.message])).toEqual([["url", "at most 2,000 characters"]]);
  });
});
