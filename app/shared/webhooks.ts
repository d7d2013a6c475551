import { z } from "zod";
import { EVENT_TYPES } from "./events";
import { slug } from "./kinds";

/**
 * Webhooks out (SPEC 13, ADR 025): what a subscription is, for the API and the
 * admin page alike. `events`: event types from the log, or `["*"]` for all.
 */
export const WEBHOOK_FORMATS = ["json", "slack"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const DELIVERY_STATUSES = ["pending", "delivered", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const known = new Set<string>(EVENT_TYPES);
const KNOWN_LIST = `"*" or ${EVENT_TYPES.join(", ")}`;

export const webhookEventsSchema = z
  .array(z.string().trim().min(1).max(64), { error: 'send an array of event types, or ["*"]' })
  .min(1, 'name at least one event type, or ["*"] for all')
  .max(EVENT_TYPES.length, `at most ${EVENT_TYPES.length} event types (each once), or ["*"] for all`)
  .superRefine((types, ctx) => {
    types.forEach((type, index) => {
      if (type !== "*" && !known.has(type)) ctx.addIssue({ code: "custom", path: [index], message: `unknown event type "${type}"; known: ${KNOWN_LIST}` });
    });
    if (types.includes("*") && types.length > 1) ctx.addIssue({ code: "custom", message: '"*" already means every event type: send it alone' });
  })
  .transform((types) => [...new Set(types)]);

export const webhookUrlSchema = z
  .url({ protocol: /^https?$/, error: "expected an http(s) URL like https://hooks.example.com/greenlight" })
  .max(2000, "at most 2,000 characters")
  .refine((url) => {
    // zod runs this check even when the URL check above failed (a zone id, a port past 65535): that one has said so.
    if (!URL.canParse(url)) return true;
    const parsed = new URL(url);
    return parsed.username === "" && parsed.password === "";
  }, "no user name or password in the URL: the signature authenticates Greenlight");

export const webhookCreateSchema = z.strictObject({
  url: webhookUrlSchema,
  events: webhookEventsSchema,
  release: slug.max(64).nullable().optional(),
  format: z.enum(WEBHOOK_FORMATS).default("json"),
});
export type WebhookInput = z.output<typeof webhookCreateSchema>;

export const webhookListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.coerce.number().int().positive().optional(),
});

/** The admin page's forms (app/routes/admin.webhooks.tsx): events typed as words separated by commas or spaces. */
export const webhooksFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    url: z.string({ error: "required" }).pipe(webhookUrlSchema),
    events: z
      .string({ error: "required" })
      .transform((text) => text.split(/[\s,]+/).filter(Boolean))
      .pipe(webhookEventsSchema),
    release: slug.max(64).optional(),
    format: z.enum(WEBHOOK_FORMATS).default("json"),
  }),
  z.object({ intent: z.literal("revoke"), id: z.number().int().positive() }),
  z.object({ intent: z.literal("redeliver"), id: z.number().int().positive(), delivery: z.string().min(1).max(64) }),
]);
