import type { EventOfType, EventType, GreenlightEvent } from "../../app/shared/events";

/**
 * What a webhook receives (ADR 025, SPEC 13). `json`: the event as the API's
 * events endpoint shows it, without the board delta (screen state, large on a
 * release's first event). `slack`: a Slack-compatible `{ text, blocks }`.
 */
export type PublicEvent = { [T in EventType]: Omit<EventOfType<T>, "board"> }[EventType];

export function publicEvent(event: GreenlightEvent): PublicEvent {
  const { release, seq, type, at, actor, data } = event;
  return { release, seq, type, at, actor, data } as PublicEvent;
}

export interface SlackContext {
  /** Whether the gate was open before this event (null: unknown, e.g. the release's first event). */
  gateBefore: boolean | null;
  /** The gate after it, and how many items block it. */
  gateAfter: { open: boolean; blocking: number };
  /** The app's public URL for links (PUBLIC_URL); null: no links. */
  baseUrl: string | null;
}

export interface SlackMessage {
  text: string;
  blocks: ({ type: "section"; text: { type: "mrkdwn"; text: string } } | { type: "context"; elements: { type: "mrkdwn"; text: string }[] })[];
}

/** Slack's mrkdwn escapes: only these three are control characters. */
const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const link = (url: string | null, label: string) => (url ? `<${url}|${esc(label)}>` : esc(label));

interface Line {
  text: string;
  /** The page the message is about (relative to the app). */
  path: string;
  label: string;
}

function redItem(event: PublicEvent): { item: string; reason: string } | null {
  if (event.type === "evidence.reported" || event.type === "item.status_changed") {
    const { item, from, to } = event.data;
    if (to.status === "red" && from.status !== "red") return { item, reason: to.reason };
  }
  if (event.type === "gate.alarm" && event.data.to === "red") return { item: event.data.item, reason: event.data.reason };
  return null;
}

function describe(event: PublicEvent, ctx: SlackContext): Line {
  const r = event.release;
  const board = `/releases/${encodeURIComponent(r)}/board`;
  const red = redItem(event);
  const itemPath = (item: string) => `/releases/${encodeURIComponent(r)}/items/${encodeURIComponent(item)}`;
  if (ctx.gateBefore !== null && ctx.gateBefore !== ctx.gateAfter.open) {
    if (ctx.gateAfter.open) return { text: `:large_green_circle: *Gate opened* on *${esc(r)}*: every item is green.`, path: board, label: "board" };
    const why = red ? ` *${esc(red.item)}* turned red: ${esc(red.reason)}` : "";
    const blocking = `${ctx.gateAfter.blocking} item${ctx.gateAfter.blocking === 1 ? "" : "s"} blocking`;
    return { text: `:red_circle: *Gate closed* on *${esc(r)}* (${blocking}).${why}`, path: board, label: "board" };
  }
  if (red) return { text: `:red_circle: *${esc(red.item)}* turned red on *${esc(r)}*: ${esc(red.reason)}`, path: itemPath(red.item), label: red.item };
  if (event.type === "action.overdue") {
    const { action, title, owner, priority, due } = event.data;
    const who = owner ? `, owner ${esc(owner)}` : "";
    return {
      text: `:alarm_clock: *Action #${action} overdue* (${priority}${who}, due ${esc(due)}): ${esc(title)}`,
      path: `/actions/${action}`,
      label: `action #${action}`,
    };
  }
  if (event.type === "decision.recorded") {
    const { decision, id, summary } = event.data;
    const word = decision === "go" ? ":white_check_mark: *GO*" : ":no_entry: *NO-GO*";
    return { text: `${word} recorded for *${esc(r)}*: ${esc(summary)}`, path: `/decisions/${id}`, label: `decision #${id}` };
  }
  return { text: `*${esc(r)}* #${event.seq} \`${event.type}\` by ${esc(event.actor)}`, path: board, label: "board" };
}

/** The Slack message of an event; a gate that flips is said first (with the item that flipped it). */
export function slackMessage(event: PublicEvent, ctx: SlackContext): SlackMessage {
  const line = describe(event, ctx);
  const url = ctx.baseUrl ? `${ctx.baseUrl}${line.path}` : null;
  const context = `Release *${esc(event.release)}* · ${esc(event.at)} · ${link(url, line.label)}`;
  // `text` is the notification's fallback: plain words, no mrkdwn markers.
  const plain = line.text.replace(/:[a-z_]+: /g, "").replace(/[*`]/g, "");
  return {
    text: plain,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: line.text } },
      { type: "context", elements: [{ type: "mrkdwn", text: context }] },
    ],
  };
}
