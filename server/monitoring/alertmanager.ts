import { AppError } from "../../app/shared/errors";
import { ITEM_LABEL, type Alert, type AlertmanagerPayload } from "../../app/shared/alertmanager";
import type { Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Ledger } from "../ledger";
import type { Readiness } from "../readiness/service";
import type { ItemView } from "../readiness/items";

export interface AlertmanagerDeps {
  ledger: Ledger;
  readiness: Readiness;
}

export interface AlertmanagerAnswer {
  /** Items this payload changed, with the seq of their `evidence.reported` event. */
  changed: { item: string; done: boolean; status: ItemView["status"]; seq: number }[];
  /** Items already as the payload says (Alertmanager resends the whole group): nothing appended. */
  unchanged: { item: string; done: boolean }[];
  /** Alerts that name no item, an unknown item or an item that is not a `check`. */
  ignored: { item: string | null; alertname: string | null; reason: string }[];
}

const isHttpUrl = (s: string) => {
  try {
    const url = new URL(s);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
};

const NOTE_MAX = 2000;

/** What one alert says, for the item's note: `alertname: summary`. */
function describe(alert: Alert): string {
  const name = alert.labels.alertname ?? "alert";
  const summary = alert.annotations.summary ?? alert.annotations.description;
  return summary ? `${name}: ${summary}` : name;
}

/**
 * Evidence in from Alertmanager (SPEC 13, ADR 022). Each alert labelled
 * `greenlight_item` speaks for a `check` item: red while ANY alert naming it
 * fires, green once every alert naming it in the payload is resolved.
 * Alertmanager sends the whole group on each notification, so an item already
 * as the payload says gets nothing appended. One payload is one transaction:
 * a refusal (permission, a bad link) writes nothing of it.
 */
export function createAlertmanager({ ledger, readiness }: AlertmanagerDeps) {
  return {
    receive(release: string, payload: AlertmanagerPayload, actor: Actor): AlertmanagerAnswer & { release: string } {
      readiness.getRelease(release);
      const answer: AlertmanagerAnswer = { changed: [], unchanged: [], ignored: [] };
      const byItem = new Map<string, Alert[]>();
      for (const alert of payload.alerts) {
        const item = alert.labels[ITEM_LABEL];
        if (!item) {
          answer.ignored.push({ item: null, alertname: alert.labels.alertname ?? null, reason: `no ${ITEM_LABEL} label` });
          continue;
        }
        byItem.set(item, [...(byItem.get(item) ?? []), alert]);
      }
      ledger.transaction((append) => {
        for (const [itemId, alerts] of byItem) {
          let row: ItemView;
          try {
            row = readiness.getItem(release, itemId);
          } catch (error) {
            if (error instanceof AppError && error.status === 404) {
              answer.ignored.push({ item: itemId, alertname: alerts[0]!.labels.alertname ?? null, reason: "no such item in this release" });
              continue;
            }
            throw error;
          }
          if (row.kind !== "check") {
            answer.ignored.push({ item: itemId, alertname: alerts[0]!.labels.alertname ?? null, reason: `a ${row.kind} item, not a check` });
            continue;
          }
          // Whoever could not report this item's evidence by hand may not through Alertmanager either, changed or not.
          assertCan(actor, { type: "evidence.report", owner: row.owner, assigneeId: row.assignee_id });
          const firing = alerts.filter((a) => a.status === "firing");
          const done = firing.length === 0;
          const current = (row.evidence as { done?: unknown } | null)?.done;
          if (current === done) {
            answer.unchanged.push({ item: itemId, done });
            continue;
          }
          const speaking = done ? alerts : firing;
          // Alerts of one group often share their summary (one per instance): each said once.
          const said = [...new Set(speaking.map(describe))].join("; ");
          const note = (done ? `resolved: ${said}` : said).slice(0, NOTE_MAX);
          const link = speaking.map((a) => a.generatorURL).find(isHttpUrl) ?? (isHttpUrl(payload.externalURL) ? payload.externalURL : undefined);
          const { item, seq } = readiness.reportEvidenceIn(append, release, itemId, { done, note, ...(link ? { link } : {}) }, actor);
          answer.changed.push({ item: itemId, done, status: item.status, seq });
        }
      });
      return { release, ...answer };
    },
  };
}

export type Alertmanager = ReturnType<typeof createAlertmanager>;
