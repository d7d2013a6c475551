import { z } from "zod";

/**
 * Prometheus Alertmanager's webhook body, version 4 (Alertmanager 0.25+,
 * `notify/webhook`): the whole group of alerts on each notification. Fields
 * Alertmanager may add later are ignored, not refused.
 */
const labelSet = z.record(z.string(), z.string());

export const alertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels: labelSet,
  annotations: labelSet,
  startsAt: z.string(),
  endsAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertmanagerPayload = z.object({
  version: z.literal("4", { error: 'expected version "4" (Alertmanager\'s webhook payload)' }),
  groupKey: z.string(),
  truncatedAlerts: z.number().int().nonnegative(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string(),
  alerts: z.array(alertSchema).max(1000),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;

/** The alert label that names the readiness item an alert speaks for. */
export const ITEM_LABEL = "greenlight_item";
