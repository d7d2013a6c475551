import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { Actions } from "../actions/service";
import type { Postmortems } from "../postmortems/service";
import type { Access } from "../auth/access";
import { actorFor, assertCan, type Action } from "../auth/permissions";
import type { TokenPrincipal } from "../auth/tokens";
import {
  actionCloseSchema,
  actionCreateSchema,
  actionListQuery,
  actionPatchSchema,
  postmortemCreateSchema,
  postmortemListQuery,
  postmortemPatchSchema,
  postmortemStatusSchema,
  type ActionView,
} from "../../app/shared/actions";
import { actionsToCsv, fromIncidentIo, incidentIoFollowUps, parseFollowUpsCsv, type FollowUpImport } from "../../app/shared/actions-exchange";
import { newBoardLinkSchema } from "../../app/shared/auth-schemas";
import { AppError, INTERNAL_ERROR, invalid, parseOr422 } from "../../app/shared/errors";
import { decisionSchema, meetingSchema, noteSchema, phaseSchema, voteSchema } from "../../app/shared/gonogo";
import { createReleaseSchema } from "../../app/shared/releases";
import type { Logger } from "../logger";
import type { Metrics } from "../metrics";
import { CsvError, wbsToCsv } from "../../app/shared/schedule/csv";
import type { Retention } from "../retention";
import type { Roster } from "../roster/service";
import type { Sops } from "../sops/service";
import type { Params } from "../params/service";
import { deployedSchema, paramsQuery, proposalSchema, rejectSchema, withdrawSchema } from "../../app/shared/params";
import type { Drills } from "../drills/service";
import { drillListQuery, drillRecordSchema } from "../../app/shared/drills";
import { sopAcknowledgeSchema, sopCreateSchema, sopListQuery, sopReviewSchema, sopRevisionSchema } from "../../app/shared/sops";
import {
  parseResultsCsv,
  parseRosterCsv,
  resultsBody,
  resultsCsvQuery,
  resultsFromJson,
  rosterBody,
  rosterPersonSchema,
} from "../../app/shared/roster-exchange";
import type { PlanSource } from "../schedule/check";
import type { WbsService } from "../schedule/service";
import { taskPatchSchema } from "../../app/shared/schedule/inputs";
import { recordToMarkdown, type DecisionRecord } from "../../app/shared/decision-record";
import { translator } from "../../app/lib/i18n";
import type { GoNoGo } from "../gonogo/service";
import type { Idempotency } from "../idempotency";
import { IDEMPOTENCY_HEADER } from "../../app/shared/idempotency";
import { findLoneSurrogate, replaceLoneSurrogates } from "../../app/shared/unicode";
import { evidenceBody, type Readiness } from "../readiness/service";
import { BODY_LIMIT_BYTES, MAX_JSON_DEPTH, nestsDeeperThan } from "../security";
import type { Certification } from "../certification/service";
import { JUNIT_BODY_LIMIT_BYTES, isJunitRoute, junitBody } from "../certification/http";
import { junitQuery } from "../../app/shared/certification";
import type { Calendar } from "../calendar/feed";
import type { Alertmanager } from "../monitoring/alertmanager";
import { alertmanagerPayload } from "../../app/shared/alertmanager";
import type { createSourceReads } from "../monitoring/prometheus-poll";
import {
  assigneeBody,
  calendarQuery,
  csvFormatQuery,
  decisionQuery,
  digestQuery,
  eventsQuery,
  followUpListQuery,
  idParam,
  importQuery,
  legacyDone,
  metricsQuery,
  moveSchema,
  scheduleQuery,
  versionParam,
} from "./schemas";
import { openApiDocument } from "./openapi";
import type { Webhooks } from "../webhooks/service";
import type { Campaigns } from "../campaigns/service";
import { campaignCreateSchema, campaignPatchSchema, rescheduleSchema } from "../../app/shared/campaigns";

/** HTTP API v1 (SPEC 7, a contract). Handlers parse, authorise, call one service, answer. */
export interface ApiDeps {
  readiness: Readiness;
  actions: Actions;
  postmortems: Postmortems;
  access: Access;
  logger: Logger;
  /** Requests per second per token; 0 = unlimited. */
  rate: number;
  /** The base URL links are made from (invitations, board links). */
  baseUrl: (req: Request) => string;
  metrics: Metrics;
  wbs: WbsService;
  goNoGo: GoNoGo;
  retention: Retention;
  idempotency: Idempotency;
  roster: Roster;
  sops: Sops;
  params: Params;
  drills: Drills;
  certification: Certification;
  calendar: Calendar;
  alertmanager: Alertmanager;
  /** Polled items' last query outcomes (ADR 022): `source_error` on items. */
  sources: ReturnType<typeof createSourceReads>;
  /** Webhooks out (ADR 025). */
  webhooks: Webhooks;
  /** Campaigns around the launch and the launch date itself (SPEC 13, ADR 024). */
  campaigns: Campaigns;
}

type Authed = Request & { principal: TokenPrincipal };

/** A WBS body: CSV (SPEC 6) or JSON, parsed and checked by the WBS service's planner. */
const planSource = (req: Request): PlanSource => (req.is("text/csv") ? { csv: typeof req.body === "string" ? req.body : "" } : { json: req.body });

/** A decision's follow-up as the endpoints before action items showed it: its owner a person or a function, `done_at`/`done_by`. */
function asFollowUp(action: ActionView) {
  const done = action.status === "done";
  return {
    ...action,
    decision_id: action.decision,
    owner: action.owner ?? action.function,
    done_at: done ? action.closed_at : null,
    done_by: done ? action.closed_by : null,
  };
}

/** A CSV body through its parser: a bad file is a 422 naming every bad line, and nothing is written. */
function fromCsv<T>(req: Request, parse: (text: string) => T, what: string): T {
  try {
    return parse(typeof req.body === "string" ? req.body : "");
  } catch (error) {
    if (error instanceof CsvError) throw new AppError(422, "invalid_csv", `the CSV has problems; no ${what} was recorded`, error.problems);
    throw error;
  }
}

/** Follow-ups from a CSV body or incident.io's follow-ups JSON; a bad file is a 422 naming its lines. */
function followUpsFrom(req: Request): FollowUpImport[] {
  if (req.is("text/csv")) {
    try {
      return parseFollowUpsCsv(typeof req.body === "string" ? req.body : "");
    } catch (error) {
      if (error instanceof CsvError) throw new AppError(422, "invalid_csv", "the CSV has problems; nothing was imported", error.problems);
      throw error;
    }
  }
  return fromIncidentIo(parseOr422(incidentIoFollowUps, req.body, "send incident.io's { follow_ups: [...] } or text/csv"));
}

export function apiRouter({
  readiness,
  actions,
  postmortems,
  access,
  logger,
  rate,
  baseUrl,
  metrics,
  wbs,
  goNoGo,
  retention,
  idempotency,
  roster,
  sops,
  params,
  drills,
  certification,
  calendar,
  alertmanager,
  sources,
  webhooks,
  campaigns,
}: ApiDeps) {
  const router = express.Router();
  const limiter = rate > 0 ? new RateLimiterMemory({ points: rate, duration: 1 }) : null;

  // JSON only, never cached, never sniffed as something else (helmet's page headers do not apply here).
  router.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  // The OpenAPI document (SPEC 13, ADR 026) is documentation: anyone may read it, no token needed.
  router.get("/openapi.json", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=300");
    res.json(openApiDocument());
  });
  // The iCalendar feed (SPEC 13, ADR 023): calendar applications cannot send headers, so the token may
  // come as `?token=` too; an API token of any role or a board link of this release reads it.
  router.get("/releases/:release/calendar.ics", (req, res) => {
    const query = calendarQuery.safeParse(req.query);
    if (!query.success) throw invalid("send the token once, as ?token=<token>", query.error.issues);
    const token = query.data.token ?? /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!token) throw new AppError(401, "unauthorized", "missing token (?token=<token> or Authorization: Bearer <token>)");
    const who = access.tokens.authenticate(token) ?? access.boardLinks.authenticate(token);
    if (!who) throw new AppError(401, "unauthorized", "invalid or revoked token");
    assertCan(who, { type: "release.read", release: req.params.release! });
    const ics = calendar.feed(req.params.release!, baseUrl(req));
    res.type("text/calendar; charset=utf-8").setHeader("Content-Disposition", `inline; filename="${req.params.release!}.ics"`);
    res.send(ics);
  });
  // Who is asking comes first: nobody unauthenticated gets a body parsed.
  router.use((req, _res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "");
    if (!match) return next(new AppError(401, "unauthorized", "missing bearer token (Authorization: Bearer <token>)"));
    const principal = access.tokens.authenticate(match[1]!);
    if (!principal) return next(new AppError(401, "unauthorized", "invalid or revoked token"));
    (req as Authed).principal = principal;
    next();
  });
  if (limiter) {
    router.use((req, res, next) => {
      limiter.consume(`token:${(req as Authed).principal.id}`).then(
        () => next(),
        (error: unknown) => {
          if (!(error instanceof RateLimiterRes)) return next(error);
          res.setHeader("Retry-After", String(Math.max(1, Math.ceil(error.msBeforeNext / 1000))));
          next(new AppError(429, "rate_limited", `more than ${rate} requests per second for this token`));
        },
      );
    });
  }
  router.use(refuseOversized);
  router.use(requireJsonBody);
  router.use(express.json({ limit: BODY_LIMIT_BYTES, strict: false }));
  router.use(express.text({ type: "text/csv", limit: BODY_LIMIT_BYTES }));
  router.use(refuseDeepJson);
  router.use(refuseLoneSurrogates);

  const principal = (req: Request) => (req as Authed).principal;
  const actor = (req: Request) => actorFor(principal(req));
  const require = (req: Request, action: Action) => assertCan(principal(req), action);
  const id = (raw: string | undefined) => {
    const parsed = idParam.safeParse(raw);
    if (!parsed.success) throw new AppError(404, "not_found", "no such id");
    return parsed.data;
  };
  /**
   * Answer a request that creates something: with an `Idempotency-Key`, once
   * per key and token (server/idempotency.ts). A retry gets the first answer,
   * status and body, marked `Idempotent-Replayed: true`, and writes nothing.
   */
  const created = (req: Request, res: Response, create: () => unknown) => {
    const key = req.get(IDEMPOTENCY_HEADER);
    const keyed = key === undefined ? null : { principal: principal(req), key, method: req.method, url: req.originalUrl, body: req.body as unknown };
    const { result, replayed } = idempotency.once(keyed, () => ({ status: 201, body: create() }));
    if (replayed) res.setHeader("Idempotent-Replayed", "true");
    res.status(result.status).json(result.body);
  };

  router.get("/releases", (_req, res) => {
    res.json({ releases: readiness.listReleases() });
  });

  router.post("/releases", (req, res) => {
    require(req, { type: "release.create" });
    created(req, res, () => {
      const { release, seq } = readiness.createRelease(parseOr422(createReleaseSchema, req.body, "the release is not valid"), actor(req));
      return { release, seq };
    });
  });

  router.get("/releases/:release", (req, res) => {
    res.json({ release: readiness.getRelease(req.params.release!) });
  });

  /** An item with its polled source's last failure (ADR 022): `{ message, at }`, null when none. */
  const withSourceError = <T extends { id: string }>(item: T, states: ReturnType<typeof sources.ofRelease>) => {
    const state = states.get(item.id);
    return { ...item, source_error: state?.error ? { message: state.error, at: state.error_at } : null };
  };

  router.get("/releases/:release/items", (req, res) => {
    const list = readiness.listItems(req.params.release!);
    const states = sources.ofRelease(req.params.release!);
    res.json({ items: list.map((item) => withSourceError(item, states)) });
  });

  router.get("/releases/:release/items/:item", (req, res) => {
    const item = readiness.getItem(req.params.release!, req.params.item!);
    res.json({ item: withSourceError(item, sources.ofRelease(req.params.release!)) });
  });

  router.post("/releases/:release/items/:item/evidence", (req, res) => {
    res.json(readiness.reportEvidence(req.params.release!, req.params.item!, parseOr422(evidenceBody, req.body, "evidence must be a JSON object"), actor(req)));
  });

  router.put("/releases/:release/items/:item/assignee", (req, res) => {
    const body = assigneeBody.safeParse(req.body);
    if (!body.success) throw invalid("send { assignee: email | null }", body.error.issues);
    res.json(readiness.assign(req.params.release!, req.params.item!, body.data.assignee, actor(req)));
  });

  router.get("/releases/:release/events", (req, res) => {
    const query = eventsQuery.safeParse(req.query);
    if (!query.success) throw invalid("bad query", query.error.issues);
    const events = readiness.listEvents(req.params.release!, query.data.after, query.data.limit);
    // Past retention's compacted ranges the seqs of removed readings are absent: say so, and up to where.
    const through = retention.compactedThrough(req.params.release!);
    res.json(query.data.after < through ? { events, compacted_through: through } : { events });
  });

  router.get("/releases/:release/retention", (req, res) => {
    require(req, { type: "audit.read", release: req.params.release! });
    res.json(retention.view(req.params.release!));
  });

  router.put("/releases/:release/retention", (req, res) => {
    res.json(retention.set(req.params.release!, req.body, actor(req)));
  });

  router.get("/releases/:release/wbs", (req, res) => {
    const { format } = parseOr422(csvFormatQuery, req.query, "bad query");
    const plan = wbs.read(req.params.release!);
    if (format === "csv" || req.accepts(["application/json", "text/csv"]) === "text/csv") {
      res.type("text/csv").attachment(`${req.params.release}-wbs.csv`).send(wbsToCsv(plan));
      return;
    }
    res.json(plan);
  });

  router.put("/releases/:release/wbs", (req, res, next) => {
    wbs.import(req.params.release!, planSource(req), actor(req)).then((done) => res.json(done), next);
  });

  router.get("/releases/:release/schedule", (req, res) => {
    const query = scheduleQuery.safeParse(req.query);
    if (!query.success) throw invalid("bad query", query.error.issues);
    res.json(wbs.schedule(req.params.release!, query.data.as_of));
  });

  router.patch("/releases/:release/tasks/:task", (req, res) => {
    res.json(wbs.updateTask(req.params.release!, req.params.task!, parseOr422(taskPatchSchema, req.body, "the change is not valid"), actor(req)));
  });

  router.get("/releases/:release/votes", (req, res) => {
    readiness.getRelease(req.params.release!);
    res.json({ required_functions: goNoGo.requiredFunctions(req.params.release!), votes: goNoGo.latestVotes(req.params.release!) });
  });

  router.post("/releases/:release/votes", (req, res) => {
    created(req, res, () => goNoGo.castVote(req.params.release!, parseOr422(voteSchema, req.body, "the vote is not valid"), actor(req)));
  });

  router.get("/releases/:release/decisions", (req, res) => {
    res.json({ decisions: goNoGo.listDecisions(req.params.release!) });
  });

  router.post("/releases/:release/decisions", (req, res) => {
    require(req, { type: "decision.record" });
    created(req, res, () => goNoGo.decide(req.params.release!, parseOr422(decisionSchema, req.body, "the decision is not valid"), actor(req)));
  });

  router.get("/decisions/:id", (req, res) => {
    const { record, ...decision } = goNoGo.getDecision(id(req.params.id));
    require(req, { type: "release.read", release: decision.release });
    if (parseOr422(decisionQuery, req.query, "bad query").format === "md") {
      res.type("text/markdown").send(recordToMarkdown(JSON.parse(record) as DecisionRecord, decision, translator("en")));
      return;
    }
    // The record exactly as stored (its canonical JSON), so its hash can be recomputed from this body.
    res.type("application/json").send(`${JSON.stringify({ decision }).slice(0, -1)},"record":${record}}`);
  });

  router.get("/releases/:release/meetings/current", (req, res) => {
    res.json({ meeting: goNoGo.currentMeeting(req.params.release!) });
  });

  router.post("/releases/:release/meetings", (req, res) => {
    require(req, { type: "meeting.manage" });
    created(req, res, () => goNoGo.scheduleMeeting(req.params.release!, parseOr422(meetingSchema, req.body, "the meeting is not valid"), actor(req)));
  });

  router.get("/meetings/:id", (req, res) => {
    const meeting = goNoGo.getMeeting(id(req.params.id));
    require(req, { type: "release.read", release: meeting.release });
    res.json({ meeting });
  });

  router.post("/meetings/:id/start", (req, res) => {
    const { result, seq } = goNoGo.startMeeting(id(req.params.id), actor(req));
    res.json({ meeting: result, seq });
  });

  router.post("/meetings/:id/move", (req, res) => {
    const body = moveSchema.safeParse(req.body);
    if (!body.success) throw invalid("the move is not valid", body.error.issues);
    const { result, seq } = goNoGo.moveTo(id(req.params.id), body.data.index, actor(req));
    res.json({ meeting: result, seq });
  });

  router.post("/meetings/:id/take-over", (req, res) => {
    const { result, seq } = goNoGo.takeOver(id(req.params.id), actor(req));
    res.json({ meeting: result, seq });
  });

  router.put("/meetings/:id/notes", (req, res) => {
    const meeting = id(req.params.id);
    require(req, { type: "meeting.manage" });
    const { result, seq } = goNoGo.setNote(meeting, parseOr422(noteSchema, req.body, "the note is not valid"), actor(req));
    res.json({ meeting: result, seq });
  });

  router.post("/meetings/:id/end", (req, res) => {
    const { result, seq } = goNoGo.endMeeting(id(req.params.id), actor(req));
    res.json({ meeting: result, seq });
  });

  // Before action items (issue 13) a decision's follow-ups lived here; these two keep working on the one table.
  router.get("/releases/:release/actions", (req, res) => {
    readiness.getRelease(req.params.release!);
    const { open: only } = parseOr422(followUpListQuery, req.query, "bad query");
    const open = only === "1" || only === "true";
    res.json({ actions: actions.list({ release: req.params.release!, ...(open ? { status: "open_any" } : {}) }).map(asFollowUp) });
  });

  router.post("/releases/:release/actions/:id/done", (req, res) => {
    const action = actions.get(id(req.params.id));
    if (!action.releases.includes(req.params.release!)) throw new AppError(404, "not_found", `action ${action.id} is not linked to ${req.params.release}`);
    const body = parseOr422(legacyDone, req.body ?? {}, "the closing is not valid");
    const closed = actions.close(action.id, { status: "done", ...body }, actor(req));
    res.json({ ...closed, action: asFollowUp(closed.action) });
  });

  router.get("/actions", (req, res) => {
    const query = parseOr422(actionListQuery, req.query, "bad query");
    const list = actions.list(query);
    if (query.format === "csv" || req.accepts(["application/json", "text/csv"]) === "text/csv") {
      res.type("text/csv").attachment("actions.csv").send(actionsToCsv(list));
      return;
    }
    res.json({ actions: list });
  });

  router.post("/actions", (req, res) => {
    created(req, res, () => actions.create(parseOr422(actionCreateSchema, req.body, "the action is not valid"), actor(req)));
  });

  router.get("/actions/digest", (req, res) => {
    const { owner } = parseOr422(digestQuery, req.query, "bad query");
    res.json(actions.digest(owner));
  });

  router.post("/actions/import", (req, res) => {
    const options = parseOr422(importQuery, req.query, "bad query");
    const rows = followUpsFrom(req);
    created(req, res, () =>
      actions.importFollowUps(rows, { releases: options.release, postmortem: options.postmortem ?? null, function: options.function ?? null }, actor(req)),
    );
  });

  router.get("/actions/:id", (req, res) => {
    res.json({ action: actions.get(id(req.params.id)) });
  });

  router.patch("/actions/:id", (req, res) => {
    const actionId = id(req.params.id);
    res.json(actions.update(actionId, parseOr422(actionPatchSchema, req.body, "the change is not valid"), actor(req)));
  });

  router.post("/actions/:id/close", (req, res) => {
    const actionId = id(req.params.id);
    res.json(actions.close(actionId, parseOr422(actionCloseSchema, req.body, "the closing is not valid"), actor(req)));
  });

  router.get("/postmortems", (req, res) => {
    res.json({ postmortems: postmortems.list(parseOr422(postmortemListQuery, req.query, "bad query")) });
  });

  router.post("/postmortems", (req, res) => {
    created(req, res, () => postmortems.create(parseOr422(postmortemCreateSchema, req.body, "the post-mortem is not valid"), actor(req)));
  });

  router.get("/postmortems/:id", (req, res) => {
    const pm = postmortems.get(id(req.params.id));
    res.json({ postmortem: pm, actions: actions.list({ postmortem: pm.id }) });
  });

  router.patch("/postmortems/:id", (req, res) => {
    const pmId = id(req.params.id);
    res.json(postmortems.update(pmId, parseOr422(postmortemPatchSchema, req.body, "the change is not valid"), actor(req)));
  });

  router.post("/postmortems/:id/status", (req, res) => {
    const pmId = id(req.params.id);
    res.json(postmortems.setStatus(pmId, parseOr422(postmortemStatusSchema, req.body, "the status is not valid").status, actor(req)));
  });

  router.post("/postmortems/:id/publish", (req, res) => {
    res.json(postmortems.setStatus(id(req.params.id), "published", actor(req)));
  });

  // Campaigns around the launch (SPEC 13, ADR 024); the launch date moving (admin).
  router.patch("/releases/:release", (req, res) => {
    require(req, { type: "release.reschedule" });
    const { launch_date } = parseOr422(rescheduleSchema, req.body, "send { launch_date: YYYY-MM-DD }");
    const moved = campaigns.reschedule(req.params.release!, launch_date, actor(req));
    res.json({ release: readiness.getRelease(req.params.release!), from: moved.from, to: moved.to, seq: moved.seq });
  });

  router.get("/releases/:release/campaigns", (req, res) => {
    res.json({ campaigns: campaigns.list(req.params.release!) });
  });

  router.post("/releases/:release/campaigns", (req, res) => {
    require(req, { type: "campaign.manage" });
    const input = parseOr422(campaignCreateSchema, req.body, "the campaign is not valid; nothing was written");
    created(req, res, () => campaigns.create(req.params.release!, input, actor(req)));
  });

  router.get("/releases/:release/campaigns/:campaign", (req, res) => {
    res.json({ campaign: campaigns.get(req.params.release!, req.params.campaign!) });
  });

  router.patch("/releases/:release/campaigns/:campaign", (req, res) => {
    require(req, { type: "campaign.manage" });
    const patch = parseOr422(campaignPatchSchema, req.body, "the change is not valid; nothing was written");
    res.json(campaigns.update(req.params.release!, req.params.campaign!, patch, actor(req)));
  });

  router.delete("/releases/:release/campaigns/:campaign", (req, res) => {
    require(req, { type: "campaign.manage" });
    res.json(campaigns.remove(req.params.release!, req.params.campaign!, actor(req)));
  });

  // Training roster and LMS results (SPEC 12.1).
  router.get("/releases/:release/roster", (req, res) => {
    res.json(roster.view(req.params.release!));
  });

  router.put("/releases/:release/roster", (req, res) => {
    const people = req.is("text/csv")
      ? fromCsv(req, parseRosterCsv, "roster")
      : parseOr422(rosterBody, req.body, "send { people: [{ email, name, team, language? }] } or text/csv").people;
    res.json(roster.replace(req.params.release!, people, actor(req)));
  });

  router.put("/releases/:release/roster/:email", (req, res) => {
    const person = parseOr422(rosterPersonSchema, { ...(req.body as object), email: req.params.email }, "the person is not valid");
    res.json(roster.upsert(req.params.release!, person, actor(req)));
  });

  router.delete("/releases/:release/roster/:email", (req, res) => {
    res.json(roster.remove(req.params.release!, req.params.email!.toLowerCase(), actor(req)));
  });

  router.post("/releases/:release/assessments/:assessment/results", (req, res) => {
    const release = req.params.release!;
    if (req.is("text/csv")) {
      const query = parseOr422(resultsCsvQuery, req.query, "say which column holds the grade and the pass mark: ?column=…&pass=…");
      const { attempts, skipped } = fromCsv(req, (text) => parseResultsCsv(text, query, new Date()), "result");
      res.json({ ...roster.recordResults(release, req.params.assessment!, attempts, "csv", actor(req), { undated: !query.at_column }), skipped });
      return;
    }
    const body = parseOr422(resultsBody, req.body, "send { results: [{ email, score, passed, at }] } or an LMS export as text/csv");
    res.json({ ...roster.recordResults(release, req.params.assessment!, resultsFromJson(body), "api", actor(req)), skipped: [] });
  });

  // The SOP registry (SPEC 12.2).
  router.get("/sops", (req, res) => {
    const page = parseOr422(sopListQuery, req.query, "bad query");
    const list = sops.list(page);
    res.json({ sops: list, ...(list.length === page.limit ? { next_after: list.at(-1)!.key } : {}) });
  });

  router.post("/sops", (req, res) => {
    created(req, res, () => sops.create(parseOr422(sopCreateSchema, req.body, "the SOP is not valid"), actor(req)));
  });

  router.get("/sops/:key", (req, res) => {
    res.json({ sop: sops.get(req.params.key!) });
  });

  router.post("/sops/:key/revisions", (req, res) => {
    const input = parseOr422(sopRevisionSchema, req.body, "the revision is not valid");
    created(req, res, () => sops.revise(req.params.key!, input, actor(req)));
  });

  router.get("/sops/:key/revisions/:version/acknowledgements", (req, res) => {
    const version = versionParam.safeParse(req.params.version);
    if (!version.success) throw new AppError(404, "not_found", "no such revision");
    res.json({ acknowledgements: sops.acknowledgements(req.params.key!, version.data) });
  });

  router.post("/sops/:key/revisions/:version/approve", (req, res) => {
    const version = versionParam.safeParse(req.params.version);
    if (!version.success) throw new AppError(404, "not_found", "no such revision");
    res.json(sops.approve(req.params.key!, version.data, actor(req)));
  });

  router.post("/sops/:key/review", (req, res) => {
    res.json(sops.review(req.params.key!, parseOr422(sopReviewSchema, req.body ?? {}, "the review is not valid").note, actor(req)));
  });

  router.post("/sops/:key/acknowledgements", (req, res) => {
    res.json(sops.acknowledge(req.params.key!, parseOr422(sopAcknowledgeSchema, req.body, "send { emails: [...] }").emails, actor(req)));
  });

  // Risk parameter sign-off and the deployed push (SPEC 12.3).
  router.get("/releases/:release/params", (req, res) => {
    res.json(params.view(req.params.release!, parseOr422(paramsQuery, req.query, "bad query")));
  });

  router.get("/releases/:release/params/proposals/:id", (req, res) => {
    res.json({ proposal: params.proposal(req.params.release!, id(req.params.id)) });
  });

  router.post("/releases/:release/params/proposals", (req, res) => {
    const input = parseOr422(proposalSchema, req.body, "send { values: { item: value }, rationale }");
    created(req, res, () => params.propose(req.params.release!, input, actor(req)));
  });

  router.post("/releases/:release/params/proposals/:id/approve", (req, res) => {
    res.json(params.approve(req.params.release!, id(req.params.id), actor(req)));
  });

  router.post("/releases/:release/params/proposals/:id/reject", (req, res) => {
    res.json(params.reject(req.params.release!, id(req.params.id), parseOr422(rejectSchema, req.body, "send { reason }").reason, actor(req)));
  });

  router.post("/releases/:release/params/proposals/:id/withdraw", (req, res) => {
    res.json(params.withdraw(req.params.release!, id(req.params.id), parseOr422(withdrawSchema, req.body ?? {}, "send { reason? }").reason, actor(req)));
  });

  router.post("/releases/:release/params/deployed", (req, res) => {
    res.json(params.pushDeployed(req.params.release!, parseOr422(deployedSchema, req.body, "send { values: { item: value } }").values, actor(req)));
  });

  // The drills log (SPEC 12.5).
  router.get("/releases/:release/drills", (req, res) => {
    const query = parseOr422(drillListQuery, req.query, "bad query");
    const list = drills.list(req.params.release!, query);
    const full = list.length === query.limit;
    const cursor = full ? (query.after === undefined ? { next_before: list.at(-1)!.id } : { next_after: list.at(-1)!.id }) : {};
    res.json({ drills: list, ...cursor });
  });

  router.post("/releases/:release/drills", (req, res) => {
    const input = parseOr422(drillRecordSchema, req.body, "the drill is not valid; nothing was recorded");
    created(req, res, () => drills.record(req.params.release!, input, actor(req)));
  });

  // Market-maker certification (SPEC 12.4): JUnit XML from a partner's harness, and the matrix.
  router.post("/releases/:release/items/:item/junit", junitBody, (req, res) => {
    const query = parseOr422(junitQuery, req.query, "bad query: ?version=, ?link=, ?note= and ?if_version= are understood");
    const xml = typeof req.body === "string" ? req.body : "";
    res.json(certification.reportJunit(req.params.release!, req.params.item!, xml, query, actor(req)));
  });

  router.get("/releases/:release/certification", (req, res) => {
    res.json(certification.matrix(req.params.release!));
  });

  router.put("/releases/:release/phase", (req, res) => {
    require(req, { type: "release.phase" });
    res.json(goNoGo.setPhase(req.params.release!, parseOr422(phaseSchema, req.body, "the phase is not valid"), actor(req)));
  });

  router.get("/releases/:release/board-links", (req, res) => {
    require(req, { type: "board-links.manage" });
    readiness.getRelease(req.params.release!);
    res.json({ board_links: access.boardLinks.list(req.params.release!) });
  });

  router.post("/releases/:release/board-links", (req, res) => {
    require(req, { type: "board-links.manage" });
    const link = parseOr422(newBoardLinkSchema, req.body ?? {}, "the board link is not valid");
    created(req, res, () => {
      const { id: linkId, token, seq } = access.boardLinks.create(req.params.release!, link, actor(req));
      return { id: linkId, url: `${baseUrl(req)}/b/${token}`, token, seq };
    });
  });

  router.delete("/releases/:release/board-links/:id", (req, res) => {
    access.revokeBoardLink(req.params.release!, id(req.params.id), actor(req));
    res.status(204).end();
  });

  router.get("/tokens", (req, res) => {
    require(req, { type: "tokens.manage" });
    res.json({ tokens: access.tokens.list() });
  });

  router.post("/tokens", (req, res) => {
    created(req, res, () => access.tokens.create(req.body, actor(req)));
  });

  router.delete("/tokens/:id", (req, res) => {
    access.revokeToken(id(req.params.id), actor(req));
    res.status(204).end();
  });

  router.get("/users", (req, res) => {
    require(req, { type: "users.manage" });
    res.json({ users: access.users.list() });
  });

  router.post("/users", (req, res) => {
    created(req, res, () => {
      const { user, token, expiresAt } = access.users.invite(req.body, actor(req));
      return { user, invite_url: `${baseUrl(req)}/invite/${token}`, expires_at: expiresAt };
    });
  });

  router.delete("/users/:id", (req, res) => {
    access.disableUser(id(req.params.id), actor(req));
    res.status(204).end();
  });

  router.get("/metrics", (req, res) => {
    require(req, { type: "metrics.read" });
    res.json(metrics.snapshot({ collect: parseOr422(metricsQuery, req.query, "bad query").gc === "1" }));
  });

  router.post("/metrics/reset", (req, res) => {
    require(req, { type: "metrics.read" });
    metrics.reset();
    res.status(204).end();
  });

  // Evidence in from monitoring (SPEC 13, ADR 022): Alertmanager's webhook turns `check` items red while an alert naming them fires.
  router.post("/releases/:release/alertmanager", (req, res) => {
    const payload = parseOr422(alertmanagerPayload, req.body, "not an Alertmanager webhook payload (version 4); nothing was recorded");
    res.json(alertmanager.receive(req.params.release!, payload, actor(req)));
  });

  // Webhooks out (SPEC 13, ADR 025): admin only; the secret is in the 201 answer and nowhere else.
  router.get("/webhooks", (req, res) => {
    res.json(webhooks.list(req.query, actor(req)));
  });

  router.post("/webhooks", (req, res, next) => {
    // The target's addresses are checked (DNS) before anything is written; the write itself is synchronous (and idempotent by key).
    webhooks
      .check(req.body, actor(req))
      .then((spec) => created(req, res, () => webhooks.insert(spec, actor(req))))
      .catch(next);
  });

  router.delete("/webhooks/:id", (req, res) => {
    webhooks.revoke(id(req.params.id), actor(req));
    res.status(204).end();
  });

  router.get("/webhooks/:id/deliveries", (req, res) => {
    res.json(webhooks.deliveries(id(req.params.id), req.query, actor(req)));
  });

  router.post("/webhooks/:id/deliveries/:delivery/redeliver", (req, res) => {
    res.json({ delivery: webhooks.redeliver(id(req.params.id), req.params.delivery!, actor(req)) });
  });

  router.use((req, _res, next) => next(new AppError(404, "not_found", `no route ${req.method} ${req.baseUrl}${req.path}`)));
  router.use(apiErrors(logger));
  return router;
}

/** Refuse by Content-Length before reading a byte; the JSON parser's limit covers chunked bodies. */
const refuseOversized: RequestHandler = (req, _res, next) => {
  const length = Number(req.headers["content-length"] ?? 0);
  // A JUnit report may carry its runs' captured output: it has a larger allowance of its own.
  if (isJunitRoute(req)) {
    if (length > JUNIT_BODY_LIMIT_BYTES) return next(new AppError(413, "payload_too_large", "a JUnit report is larger than 5 MB"));
    return next();
  }
  if (length > BODY_LIMIT_BYTES) return next(new AppError(413, "payload_too_large", "request body is larger than 1 MB"));
  next();
};

const requireJsonBody: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
  const csv =
    ((req.method === "PUT" && (req.path.endsWith("/wbs") || req.path.endsWith("/roster"))) ||
      (req.method === "POST" && (req.path === "/actions/import" || req.path.endsWith("/results")))) &&
    req.is("text/csv");
  if (isJunitRoute(req)) {
    if (!req.is(["application/xml", "text/xml"])) {
      return next(new AppError(415, "unsupported_media_type", "send the JUnit report as application/xml (or text/xml)"));
    }
    return next();
  }
  if (hasBody && !req.is("application/json") && !csv) {
    return next(new AppError(415, "unsupported_media_type", "send the body as application/json (or text/csv for a WBS, follow-ups, a roster or LMS results)"));
  }
  next();
};

const refuseDeepJson: RequestHandler = (req, _res, next) => {
  if (nestsDeeperThan(req.body)) return next(new AppError(400, "too_deep", `the JSON nests deeper than ${MAX_JSON_DEPTH} levels`));
  next();
};

/**
 * JSON escapes (and a UTF-16 charset) can carry half a surrogate pair, which
 * is not a character: nothing stores or hashes it faithfully, so the body is
 * refused (422, naming where) before any route sees it.
 */
const refuseLoneSurrogates: RequestHandler = (req, _res, next) => {
  const where = findLoneSurrogate(req.body);
  if (!where) return next();
  // The path may run through the bad key itself, and keys are the client's: shown safe and short.
  const shown = where.map((part) => (typeof part === "string" ? replaceLoneSurrogates(part).slice(0, 64) : part));
  next(invalid("the body holds half a UTF-16 surrogate pair, which is not a character", [{ path: shown, message: "a lone surrogate" }]));
};

function apiErrors(logger: Logger): ErrorRequestHandler {
  return (error, req, res: Response, _next) => {
    if (error instanceof AppError) return res.status(error.status).json(error.toBody());
    const type = (error as { type?: string }).type;
    if (type === "entity.parse.failed") {
      return res.status(400).json(new AppError(400, "bad_json", "the body is not valid JSON").toBody());
    }
    if (type === "entity.too.large") {
      const what = isJunitRoute(req) ? "a JUnit report is larger than 5 MB" : "request body is larger than 1 MB";
      return res.status(413).json(new AppError(413, "payload_too_large", what).toBody());
    }
    if (type === "encoding.unsupported" || type === "charset.unsupported") {
      return res.status(415).json(new AppError(415, "unsupported_media_type", (error as Error).message).toBody());
    }
    // Express and body-parser mark client faults (a bad %-escape in the path, an aborted body) with a 4xx status.
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return res.status(status).json({ error: { code: "bad_request", message: (error as Error).message || "bad request" } });
    }
    // A calendar feed's token rides in its URL (ADR 023): never into the log.
    logger.error({ err: error, method: req.method, url: req.originalUrl.replace(/([?&]token=)[^&]*/g, "$1[redacted]") }, "API request failed");
    res.status(500).json(INTERNAL_ERROR);
  };
}
