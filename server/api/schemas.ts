import { z } from "zod";
import { actionCloseSchema, actionFields } from "../../app/shared/actions";
import { emailSchema } from "../../app/shared/auth-schemas";
import { isoDateSchema, slug } from "../../app/shared/kinds";

/**
 * The API's own request schemas (those not owned by a module in app/shared or server/*).
 * The router validates with them and the OpenAPI document (server/api/openapi) is generated
 * from them: one copy, so the document cannot drift from what the router accepts.
 */

/** `GET /releases/:r/calendar.ics`: the token may ride in the URL (ADR 023). */
export const calendarQuery = z.object({ token: z.string().min(1).max(200).optional() });

export const scheduleQuery = z.object({ as_of: isoDateSchema.optional() }).strict();

export const eventsQuery = z.object({
  after: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

/** A numeric id in a path (`:id`); anything else is a 404. */
export const idParam = z.coerce.number().int().positive();

/** A SOP revision's version in a path (`:version`). */
export const versionParam = z.coerce.number().int().positive();

export const assigneeBody = z.object({ assignee: emailSchema.nullable() }).strict();

export const moveSchema = z.object({ index: z.number().int().min(0) }).strict();

/** The closing of a decision's follow-up through the endpoint that predates action items. */
export const legacyDone = z.strictObject({ evidence_link: actionCloseSchema.options[0].shape.evidence_link });

export const digestQuery = z.strictObject({ owner: emailSchema.optional() });

export const importQuery = z.strictObject({
  release: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((r) => (r === undefined ? [] : Array.isArray(r) ? r : [r]))
    .pipe(actionFields.releases),
  postmortem: z.coerce.number().int().positive().optional(),
  function: slug.optional(),
});

/** A polled item's last failed query (ADR 022), on every item the API returns; null when none. */
export const sourceErrorSchema = z
  .object({
    message: z.string().meta({ description: "why the last query failed, as Prometheus or the network said it" }),
    at: z.string().nullable().meta({ description: "when it failed (ISO 8601)" }),
  })
  .nullable();

/** `?format=csv` asks for CSV rather than JSON (as does `Accept: text/csv`). */
export const csvFormatQuery = z.object({ format: z.string().optional().meta({ description: "`csv` for text/csv" }) });

/** `GET /decisions/:id?format=md`: the record as Markdown. */
export const decisionQuery = z.object({ format: z.string().optional().meta({ description: "`md` for the record as Markdown" }) });

/** `GET /releases/:r/actions?open=1`: only open follow-ups. */
export const followUpListQuery = z.object({ open: z.string().optional().meta({ description: "`1` or `true` for open follow-ups only" }) });

/** `GET /metrics?gc=1`: collect garbage first (a steadier heap figure). */
export const metricsQuery = z.object({ gc: z.string().optional().meta({ description: "`1` to collect garbage before measuring" }) });
