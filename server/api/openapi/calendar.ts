import { calendarQuery } from "../schemas";
import type { ApiSpec } from "./spec";

export const tag = { name: "Calendar", description: "The launch calendar as an iCalendar feed (SPEC 13, ADR 023)." };

export function registerOpenApi(api: ApiSpec) {
  api.route({
    method: "get",
    path: "/releases/:release/calendar.ics",
    summary: "Subscribe to the launch calendar (RFC 5545)",
    description:
      "Launch, meetings, campaigns, drills' expiry and action due dates, with stable UIDs. Calendar applications cannot send headers: the token (any API token or a board link of this release) may come as `?token=`.",
    auth: "calendar",
    query: calendarQuery,
    answer: { media: "text/calendar", description: "An iCalendar (RFC 5545) feed" },
    errors: [403],
  });
}
