import { readdirSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addPerson, type Person } from "./support/people";
import { api, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";
import { checklistsWithFixtures, NEW_COIN_GREEN } from "./support/fixtures";

/**
 * SPEC 9 as one table: every write endpoint and page action, against every
 * kind of caller, expected allow or deny. The last tests read the API router
 * and the route files, so an endpoint missing from this table fails the suite.
 */
type Who = "admin" | "lead-risk" | "lead-cs" | "member-assigned" | "member" | "viewer" | "board-link" | "none";
const EVERYONE: Who[] = ["admin", "lead-risk", "lead-cs", "member-assigned", "member", "viewer", "board-link", "none"];

interface Case {
  /** `METHOD /api/v1/path-pattern` or `page:route-file`. */
  endpoint: string;
  allow: Who[];
  /** Allowed writes must change the database, unless the write is elsewhere (false). */
  writesDatabase?: false;
  /** Make the request for one caller (fresh resources each time). */
  request: (who: Who) => Promise<{ method: string; path: string; body?: unknown; headers?: Record<string, string> }>;
}

const RISK_ITEM = "risk.max-leverage-tier-1"; // owned by risk
const PERM_WBS = { tasks: [{ id: "risk-task", name: "Risk engine work", owner: "risk", duration: 3 }], dependencies: [] };
const ASSIGNED_ITEM = "risk.position-limit-eth"; // owned by risk, assigned to member-assigned
const CS_ITEM = "cs.sop-vip-complaints"; // owned by cs (computed: no evidence, but assignable)
const COIN_CS_ITEM = "comms.cs-macros"; // owned by cs in the new-coin-listing release "coin" (a check)

let server: RunningServer;
let admin: ReturnType<typeof api>;
const people = {} as Record<"admin" | "lead-risk" | "lead-cs" | "member-assigned" | "member" | "viewer", Person>;
const tokens = {} as Record<Who, string | null>;
let n = 0;
const fresh = (prefix: string) => `${prefix}-${++n}`;
const version = async (item: string, release = "perm") => (await admin("GET", `/releases/${release}/items/${item}`)).body.item.version as number;
const newToken = async () => (await admin("POST", "/tokens", { name: fresh("t"), role: "viewer" })).body.id as number;
const newLink = async () => (await admin("POST", "/releases/perm/board-links", { name: fresh("tv") })).body.id as number;
const newUser = async () => (await admin("POST", "/users", { email: `${fresh("u")}@example.com`, name: "U", role: "viewer" })).body.user.id as number;
const release = (id: string) => ({ id, name: "P", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" });

/** A fresh release with a meeting scheduled (and started, by `starter`, when asked). */
async function freshMeeting(start?: string): Promise<{ release: string; meeting: number }> {
  const id = fresh("m");
  await admin("POST", "/releases", { ...release(id), template: "perp-futures-v2" });
  const meeting = (await admin("POST", `/releases/${id}/meetings`, { scheduled_at: "2026-11-30T09:00:00Z" })).body.meeting.id as number;
  if (start) await api(server.url, start)("POST", `/meetings/${meeting}/start`);
  return { release: id, meeting };
}

/** A fresh release after GO: every item green, the one required function's Go vote, the decision. */
async function releaseAfterGo(): Promise<string> {
  const id = fresh("g");
  await admin("POST", "/releases", release(id));
  for (const [item, body] of NEW_COIN_GREEN) await admin("POST", `/releases/${id}/items/${item}/evidence`, body);
  await admin("POST", `/releases/${id}/meetings`, { scheduled_at: "2026-11-30T09:00:00Z", required_functions: ["listing"] });
  const listingLead = (await admin("POST", "/tokens", { name: fresh("listing"), role: "lead", functions: ["listing"] })).body.token as string;
  await api(server.url, listingLead)("POST", `/releases/${id}/votes`, { function: "listing", vote: "go" });
  const go = await admin("POST", `/releases/${id}/decisions`, { decision: "go", summary: "Go" });
  if (go.status !== 201) throw new Error(`GO refused: ${JSON.stringify(go.body)}`);
  return id;
}

/** A P2 action of risk owned by the member (a person the matrix signs in as). */
const freshAction = async (priority = "P2") =>
  (await admin("POST", "/actions", { title: fresh("a"), owner: "member@example.com", function: "risk", priority, releases: ["perm"] })).body.action
    .id as number;
const POSTMORTEM_FORM = { incident_at: "2026-11-20T08:00:00.000Z", severity: "SEV3", owner: "member@example.com", releases: "perm" };
const POSTMORTEM = { incident_at: "2026-11-20T08:00:00Z", severity: "SEV3", owner: "member@example.com", releases: ["perm"] };
/** A post-mortem owned by the member, moved to `status` by the admin. */
async function freshPostmortem(status?: "in_review"): Promise<number> {
  const id = (await admin("POST", "/postmortems", { ...POSTMORTEM, title: fresh("pm") })).body.postmortem.id as number;
  if (status) await admin("POST", `/postmortems/${id}/status`, { status });
  return id;
}

const secondAdmin = async () => (await admin("POST", "/tokens", { name: fresh("admin2"), role: "admin" })).body.token as string;

/** A roster person nobody has used yet. */
const rosterPerson = () => ({ email: `${fresh("agent")}@example.com`, name: "Agent", team: "shift-a" });
/** Someone the admin put on perm's roster, for a removal or results. */
async function rostered(): Promise<string> {
  const { email, ...person } = rosterPerson();
  await admin("PUT", `/releases/perm/roster/${email}`, person);
  return email;
}
/** A fresh SOP of cs: registered, with v1 drafted by a second admin, or also approved (by the matrix's admin). */
async function freshSop(stage?: "drafted" | "approved"): Promise<string> {
  const key = fresh("sop");
  await admin("POST", "/sops", { key, title: "An SOP", owner: "cs", review_days: 90 });
  if (!stage) return key;
  await api(server.url, await secondAdmin())("POST", `/sops/${key}/revisions`, { summary: "First", link: "https://kb.example.com/sop" });
  if (stage === "approved") await admin("POST", `/sops/${key}/revisions/1/approve`);
  return key;
}
/** A fresh SOP of cs: registered, with a draft (written by the bootstrap token), or with that draft approved by another admin. */
async function freshPageSop(stage: "registered" | "draft" | "approved" = "registered"): Promise<string> {
  const key = fresh("sop");
  await admin("POST", "/sops", { key, title: "SOP", owner: "cs", review_days: 90 });
  if (stage === "registered") return key;
  await admin("POST", `/sops/${key}/revisions`, { summary: "v1", body: "Read me." });
  if (stage === "approved") await api(server.url, await secondAdmin())("POST", `/sops/${key}/revisions/1/approve`);
  return key;
}

const CASES: Case[] = [
  // Go/No-Go: a vote speaks for a function, so only its lead casts it (not even an admin).
  {
    endpoint: "POST /api/v1/releases/:release/votes",
    allow: ["lead-risk"],
    request: async () => ({ method: "POST", path: "/releases/perm/votes", body: { function: "risk", vote: "go" } }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/decisions",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/perm/decisions", body: { decision: "no_go", summary: "Not yet" } }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/meetings",
    allow: ["admin"],
    request: async () => {
      const id = fresh("s");
      await admin("POST", "/releases", release(id));
      return { method: "POST", path: `/releases/${id}/meetings`, body: { scheduled_at: "2026-11-30T09:00:00Z" } };
    },
  },
  {
    endpoint: "POST /api/v1/meetings/:id/start",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: `/meetings/${(await freshMeeting()).meeting}/start` }),
  },
  {
    endpoint: "POST /api/v1/meetings/:id/move",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: `/meetings/${(await freshMeeting(TEST_TOKEN)).meeting}/move`, body: { index: 1 } }),
  },
  {
    endpoint: "POST /api/v1/meetings/:id/take-over",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: `/meetings/${(await freshMeeting(await secondAdmin())).meeting}/take-over` }),
  },
  {
    endpoint: "PUT /api/v1/meetings/:id/notes",
    allow: ["admin"],
    request: async () => ({
      method: "PUT",
      path: `/meetings/${(await freshMeeting(TEST_TOKEN)).meeting}/notes`,
      body: { section: "stability", text: "p99 holds" },
    }),
  },
  {
    endpoint: "POST /api/v1/meetings/:id/end",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: `/meetings/${(await freshMeeting(TEST_TOKEN)).meeting}/end` }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/actions/:id/done",
    allow: ["admin", "lead-risk"],
    request: async () => {
      await admin("POST", "/releases/perm/decisions", {
        decision: "no_go",
        summary: "Not yet",
        actions: [{ title: "Fix the tier-1 leverage", owner: "risk", due: "2027-11-25" }],
      });
      const open = (await admin("GET", "/releases/perm/actions?open=1")).body.actions as { id: number }[];
      return { method: "POST", path: `/releases/perm/actions/${open.at(-1)!.id}/done` };
    },
  },
  // Action items and post-mortems (SPEC 11): admins and leads of the function create and manage; tokens are nobody's person.
  {
    endpoint: "POST /api/v1/actions",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: "/actions",
      body: { title: fresh("act"), owner: "member@example.com", function: "risk", releases: ["perm"] },
    }),
  },
  {
    endpoint: "POST /api/v1/actions/import",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: "/actions/import?release=perm&function=risk",
      body: { follow_ups: [{ id: fresh("inc"), title: "Imported", status: "outstanding", assignee: { email: "member@example.com" } }] },
    }),
  },
  {
    endpoint: "PATCH /api/v1/actions/:id",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "PATCH", path: `/actions/${await freshAction()}`, body: { title: fresh("renamed") } }),
  },
  {
    endpoint: "POST /api/v1/actions/:id/close",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "POST", path: `/actions/${await freshAction()}/close`, body: { status: "done" } }),
  },
  {
    endpoint: "POST /api/v1/postmortems",
    allow: ["admin", "lead-risk", "lead-cs"],
    request: async () => ({ method: "POST", path: "/postmortems", body: { ...POSTMORTEM, title: fresh("pm") } }),
  },
  {
    endpoint: "PATCH /api/v1/postmortems/:id",
    allow: ["admin"],
    request: async () => ({ method: "PATCH", path: `/postmortems/${await freshPostmortem()}`, body: { title: fresh("pm") } }),
  },
  {
    endpoint: "POST /api/v1/postmortems/:id/status",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: `/postmortems/${await freshPostmortem()}/status`, body: { status: "in_review" } }),
  },
  {
    endpoint: "POST /api/v1/postmortems/:id/publish",
    allow: ["admin", "lead-risk", "lead-cs"],
    request: async () => ({ method: "POST", path: `/postmortems/${await freshPostmortem("in_review")}/publish` }),
  },
  {
    endpoint: "PUT /api/v1/releases/:release/phase",
    allow: ["admin"],
    request: async () => ({ method: "PUT", path: `/releases/${await releaseAfterGo()}/phase`, body: { phase: "released" } }),
  },
  {
    endpoint: "PUT /api/v1/releases/:release/retention",
    allow: ["admin"],
    // A different number of days each time: an unchanged retention writes nothing.
    request: async () => ({ method: "PUT", path: "/releases/perm/retention", body: { compact_after_days: 30 + (++n % 3000) } }),
  },
  // Training roster, LMS results and the SOP registry (SPEC 12.1–12.2): the release's roster keepers (its cs items' function),
  // the SOP's owner function; a revision is approved by someone other than its author.
  {
    endpoint: "PUT /api/v1/releases/:release/roster",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "PUT", path: "/releases/perm/roster", body: { people: [rosterPerson()] } }),
  },
  {
    endpoint: "PUT /api/v1/releases/:release/roster/:email",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "PUT", path: `/releases/perm/roster/${fresh("agent")}@example.com`, body: { name: "Agent", team: "shift-a" } }),
  },
  {
    endpoint: "DELETE /api/v1/releases/:release/roster/:email",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "DELETE", path: `/releases/perm/roster/${await rostered()}` }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/assessments/:assessment/results",
    allow: ["admin", "lead-cs"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/assessments/perp-v2-cs/results",
      body: { results: [{ email: await rostered(), score: 90, passed: true, at: "2026-11-20T08:00:00Z" }] },
    }),
  },
  {
    endpoint: "POST /api/v1/sops",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: "/sops", body: { key: fresh("sop"), title: "An SOP", owner: "cs", review_days: 90 } }),
  },
  {
    endpoint: "POST /api/v1/sops/:key/revisions",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: `/sops/${await freshSop()}/revisions`, body: { summary: "First", link: "https://kb.example.com/sop" } }),
  },
  {
    // Drafted by another admin's token: the matrix's admin is not the author.
    endpoint: "POST /api/v1/sops/:key/revisions/:version/approve",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: `/sops/${await freshSop("drafted")}/revisions/1/approve` }),
  },
  {
    endpoint: "POST /api/v1/sops/:key/review",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: `/sops/${await freshSop("approved")}/review`, body: { note: "Still right" } }),
  },
  {
    // Someone else's acknowledgement: tokens are nobody's person, so only the SOP's managers record it.
    endpoint: "POST /api/v1/sops/:key/acknowledgements",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: `/sops/${await freshSop("approved")}/acknowledgements`, body: { emails: [`${fresh("ack")}@example.com`] } }),
  },
  {
    endpoint: "page:releases.$release.audit.tsx",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/perm/audit", body: { intent: "retention", compact_after_days: String(30 + (++n % 3000)) } }),
  },
  { endpoint: "POST /api/v1/releases", allow: ["admin"], request: async () => ({ method: "POST", path: "/releases", body: release(fresh("r")) }) },
  {
    endpoint: "POST /api/v1/releases/:release/items/:item/evidence",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "POST", path: `/releases/perm/items/${RISK_ITEM}/evidence`, body: { deployed: 125 } }),
  },
  {
    endpoint: "PUT /api/v1/releases/:release/items/:item/assignee",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "PUT", path: `/releases/perm/items/${RISK_ITEM}/assignee`, body: { assignee: null } }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/board-links",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/perm/board-links", body: { name: "TV" } }),
  },
  {
    endpoint: "DELETE /api/v1/releases/:release/board-links/:id",
    allow: ["admin"],
    request: async () => ({ method: "DELETE", path: `/releases/perm/board-links/${await newLink()}` }),
  },
  { endpoint: "POST /api/v1/tokens", allow: ["admin"], request: async () => ({ method: "POST", path: "/tokens", body: { name: fresh("t"), role: "viewer" } }) },
  { endpoint: "DELETE /api/v1/tokens/:id", allow: ["admin"], request: async () => ({ method: "DELETE", path: `/tokens/${await newToken()}` }) },
  {
    endpoint: "POST /api/v1/users",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/users", body: { email: `${fresh("p")}@example.com`, name: "P", role: "viewer" } }),
  },
  { endpoint: "DELETE /api/v1/users/:id", allow: ["admin"], request: async () => ({ method: "DELETE", path: `/users/${await newUser()}` }) },
  { endpoint: "POST /api/v1/metrics/reset", allow: ["admin"], writesDatabase: false, request: async () => ({ method: "POST", path: "/metrics/reset" }) },
  { endpoint: "PUT /api/v1/releases/:release/wbs", allow: ["admin"], request: async () => ({ method: "PUT", path: "/releases/perm/wbs", body: PERM_WBS }) },
  {
    endpoint: "PATCH /api/v1/releases/:release/tasks/:task",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "PATCH", path: "/releases/perm/tasks/risk-task", body: { progress: ++n % 100 } }),
  },
  {
    endpoint: "page:releases.$release.meeting.tsx",
    allow: ["admin"],
    request: async () => {
      const id = fresh("pm");
      await admin("POST", "/releases", release(id));
      return {
        method: "POST",
        path: `/releases/${id}/meeting`,
        body: { intent: "schedule", scheduled_at_utc: "2026-11-30T09:00:00.000Z", required_functions: "listing", item_minutes: "5", total_minutes: "45" },
      };
    },
  },
  {
    endpoint: "page:releases.$release.meeting.tsx#vote",
    allow: ["lead-risk"],
    request: async () => ({ method: "POST", path: "/releases/perm/meeting", body: { intent: "vote", function: "risk", vote: "go", comment: "ok" } }),
  },
  {
    endpoint: "page:releases.$release.meeting.tsx#decide",
    allow: ["admin"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/meeting",
      body: { intent: "decide", decision: "no_go", summary: "Not yet", actions: "Fix leverage | risk | 2027-11-25" },
    }),
  },
  // Post-mortem and action pages: the member owns the fresh ones, so "the owner" is a column of its own here.
  {
    endpoint: "page:postmortems.new.tsx",
    allow: ["admin", "lead-risk", "lead-cs"],
    request: async () => ({ method: "POST", path: "/postmortems/new", body: { ...POSTMORTEM_FORM, title: fresh("pmf") } }),
  },
  {
    endpoint: "page:postmortems.$id.tsx#edit",
    allow: ["admin", "member"],
    request: async () => ({
      method: "POST",
      path: `/postmortems/${await freshPostmortem()}`,
      body: { intent: "edit", ...POSTMORTEM_FORM, title: fresh("pme") },
    }),
  },
  {
    endpoint: "page:postmortems.$id.tsx#status",
    allow: ["admin", "member"],
    request: async () => ({ method: "POST", path: `/postmortems/${await freshPostmortem()}`, body: { intent: "status", status: "in_review" } }),
  },
  {
    endpoint: "page:postmortems.$id.tsx#publish",
    allow: ["admin", "lead-risk", "lead-cs"],
    request: async () => ({ method: "POST", path: `/postmortems/${await freshPostmortem("in_review")}`, body: { intent: "status", status: "published" } }),
  },
  {
    endpoint: "page:postmortems.$id.tsx#add-action",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: `/postmortems/${await freshPostmortem()}`,
      body: { intent: "add-action", title: fresh("pa"), owner: "member@example.com", function: "risk", priority: "P2" },
    }),
  },
  {
    endpoint: "page:actions.$id.tsx",
    allow: ["admin", "lead-risk", "member"],
    request: async () => ({ method: "POST", path: `/actions/${await freshAction()}`, body: { intent: "update", status: "in_progress" } }),
  },
  {
    endpoint: "page:actions.$id.tsx#manage",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "POST", path: `/actions/${await freshAction()}`, body: { intent: "update", priority: "P3" } }),
  },
  {
    endpoint: "page:actions.$id.tsx#submit",
    allow: ["admin", "lead-risk", "member"],
    request: async () => ({
      method: "POST",
      path: `/actions/${await freshAction("P1")}`,
      body: { intent: "submit", evidence_link: "https://ci.example.com/1" },
    }),
  },
  {
    endpoint: "page:actions.$id.tsx#close",
    allow: ["admin", "lead-risk", "member"],
    request: async () => ({ method: "POST", path: `/actions/${await freshAction()}`, body: { intent: "close", status: "done" } }),
  },
  {
    endpoint: "page:actions.$id.tsx#close-p1",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: `/actions/${await freshAction("P1")}`,
      body: { intent: "close", status: "done", evidence_link: "https://ci.example.com/2" },
    }),
  },
  {
    endpoint: "page:actions.$id.tsx#wont-do-p1",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: `/actions/${await freshAction("P1")}`, body: { intent: "close", status: "wont_do", reason: "cut" } }),
  },
  {
    endpoint: "page:releases.$release.plan.tasks.tsx",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/plan/tasks",
      body: { intent: "update", task: "risk-task", duration: "3", progress: String(++n % 100), status: "todo", owner: "risk", assignee: "" },
    }),
  },
  {
    endpoint: "page:releases.$release.plan.import.tsx",
    allow: ["admin"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/plan/import",
      body: {
        intent: "apply",
        csv: `id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status\nrisk-task,Risk engine work,,risk,3,,,${++n % 100},todo`,
      },
    }),
  },
  {
    endpoint: "page:releases.new.tsx",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/new", body: { ...release(fresh("pr")), workdays: "1" } }),
  },
  {
    endpoint: "page:releases.$release.items.$item.tsx",
    allow: ["admin", "lead-risk", "member-assigned"],
    request: async () => ({
      method: "POST",
      path: `/releases/perm/items/${ASSIGNED_ITEM}`,
      body: { deployed: "20000000", if_version: String(await version(ASSIGNED_ITEM)) },
    }),
  },
  {
    endpoint: "page:releases.$release.items.$item.tsx#cs",
    allow: ["admin", "lead-cs"],
    request: async () => ({
      method: "POST",
      path: `/releases/coin/items/${COIN_CS_ITEM}`,
      body: { done: "yes", if_version: String(await version(COIN_CS_ITEM, "coin")) },
    }),
  },
  {
    endpoint: "page:releases.$release.items.$item.tsx#assign",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: `/releases/perm/items/${CS_ITEM}`, body: { intent: "assign", assignee: "" } }),
  },
  {
    endpoint: "page:admin.users.tsx",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/admin/users", body: { intent: "invite", email: `${fresh("q")}@example.com`, name: "Q", role: "viewer" } }),
  },
  {
    endpoint: "page:admin.users.tsx#reinvite",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/admin/users", body: { intent: "reinvite", id: String(await newUser()) } }),
  },
  {
    endpoint: "page:admin.users.tsx#disable",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/admin/users", body: { intent: "disable", id: String(await newUser()) } }),
  },
  {
    endpoint: "page:admin.tokens.tsx",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/admin/tokens", body: { intent: "create", name: fresh("pt"), role: "viewer" } }),
  },
  {
    endpoint: "page:admin.tokens.tsx#revoke",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/admin/tokens", body: { intent: "revoke", id: String(await newToken()) } }),
  },
  {
    endpoint: "page:releases.$release.links.tsx",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/perm/links", body: { intent: "create", name: "TV" } }),
  },
  {
    endpoint: "page:releases.$release.links.tsx#revoke",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/perm/links", body: { intent: "revoke", id: String(await newLink()) } }),
  },
  // The training roster page (SPEC 12.1): an admin, or a lead of the function owning the release's roster and SOP items (cs).
  {
    endpoint: "page:releases.$release.roster.tsx",
    allow: ["admin", "lead-cs"],
    request: async () => ({
      method: "POST",
      path: `/releases/${await rosterRelease()}/roster`,
      body: { intent: "replace", csv: `email,name,team\n${fresh("agent")}@example.com,Agent,CS Shanghai` },
    }),
  },
  {
    endpoint: "page:releases.$release.roster.tsx#results",
    allow: ["admin", "lead-cs"],
    request: async () => {
      const release = await rosterRelease();
      // A fresh person each time: an undated export repeating a held grade records nothing (the same attempt).
      const email = `${fresh("graded")}@example.com`;
      await admin("PUT", `/releases/${release}/roster/${email}`, { name: "Graded", team: "CS Shanghai" });
      return {
        method: "POST",
        path: `/releases/${release}/roster`,
        body: { intent: "results", assessment: "perp-v2", column: "Grade", pass: "8", max: "10", csv: `Email address,Grade\n${email},9` },
      };
    },
  },
  {
    endpoint: "page:releases.$release.roster.tsx#upsert",
    allow: ["admin", "lead-cs"],
    request: async () => ({
      method: "POST",
      path: `/releases/${await rosterRelease()}/roster`,
      body: { intent: "upsert", email: `${fresh("added")}@example.com`, name: "Added", team: "CS Dublin" },
    }),
  },
  {
    endpoint: "page:releases.$release.roster.tsx#remove",
    allow: ["admin", "lead-cs"],
    request: async () => {
      const release = await rosterRelease();
      const email = `${fresh("leaving")}@example.com`;
      await admin("PUT", `/releases/${release}/roster/${email}`, { name: "Leaving", team: "CS Lisbon" });
      return { method: "POST", path: `/releases/${release}/roster`, body: { intent: "remove", id: email } };
    },
  },
  // The SOP registry's pages (SPEC 12.2): a lead of the owner function (cs) manages; someone other than the author approves; anyone signed in but a viewer acknowledges for themselves.
  {
    endpoint: "page:sops._index.tsx",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: "/sops", body: { key: fresh("psop"), title: "SOP", owner: "cs", review_days: "90" } }),
  },
  {
    endpoint: "page:sops.$key.tsx#revise",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: `/sops/${await freshPageSop()}`, body: { intent: "revise", summary: "v1", body: "Read me." } }),
  },
  {
    endpoint: "page:sops.$key.tsx#approve",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: `/sops/${await freshPageSop("draft")}`, body: { intent: "approve", version: "1" } }),
  },
  {
    endpoint: "page:sops.$key.tsx#review",
    allow: ["admin", "lead-cs"],
    request: async () => ({ method: "POST", path: `/sops/${await freshPageSop("approved")}`, body: { intent: "review", note: "Still holds" } }),
  },
  {
    endpoint: "page:sops.$key.tsx#acknowledge",
    allow: ["admin", "lead-cs"],
    request: async () => ({
      method: "POST",
      path: `/sops/${await freshPageSop("approved")}`,
      body: { intent: "acknowledge", emails: "agent@example.com" },
    }),
  },
  {
    endpoint: "page:sops.$key.tsx#acknowledge-self",
    allow: ["admin", "lead-risk", "lead-cs", "member-assigned", "member"],
    request: async () => ({ method: "POST", path: `/sops/${await freshPageSop("approved")}`, body: { intent: "acknowledge-self" } }),
  },
  // Risk parameter sign-off (SPEC 12.3): admins and risk leads propose; two others approve or reject; the proposer withdraws;
  // the deployed push is for whoever may report evidence on the items.
  {
    endpoint: "POST /api/v1/releases/:release/params/proposals",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "POST", path: "/releases/perm/params/proposals", body: { values: { [PARAM_ITEM]: 40 }, rationale: fresh("why") } }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/params/proposals/:id/approve",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "POST", path: `/releases/perm/params/proposals/${await freshProposal(await secondAdmin())}/approve` }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/params/proposals/:id/reject",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: `/releases/perm/params/proposals/${await freshProposal(await secondAdmin())}/reject`,
      body: { reason: "Not for launch" },
    }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/params/proposals/:id/withdraw",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: `/releases/perm/params/proposals/${await freshProposal(TEST_TOKEN)}/withdraw`, body: {} }),
  },
  {
    endpoint: "POST /api/v1/releases/:release/params/deployed",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/params/deployed",
      body: { values: { [PARAM_ITEM]: (++n % 100) + 1, "risk.unknown-knob": 1 } },
    }),
  },
  {
    endpoint: "page:releases.$release.params.tsx",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/params",
      body: { intent: "propose", [`value:${PARAM_ITEM}`]: "40", rationale: fresh("why") },
    }),
  },
  {
    endpoint: "page:releases.$release.params.tsx#approve",
    allow: ["admin", "lead-risk"],
    request: async () => ({ method: "POST", path: "/releases/perm/params", body: { intent: "approve", id: String(await freshProposal(TEST_TOKEN)) } }),
  },
  {
    endpoint: "page:releases.$release.params.tsx#reject",
    allow: ["admin", "lead-risk"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/params",
      body: { intent: "reject", id: String(await freshProposal(TEST_TOKEN)), reason: "Not for launch" },
    }),
  },
  {
    endpoint: "page:releases.$release.params.tsx#withdraw",
    allow: ["admin", "lead-risk"],
    request: async (who) => ({ method: "POST", path: "/releases/perm/params", body: { intent: "withdraw", id: String(await ownProposal(who)) } }),
  },
  // The drills log (SPEC 12.5): whoever may report evidence on the drill item (owned by ops): an admin, or the person it is
  // assigned to (a member's API token is nobody's person, as for evidence). A finding becomes an action with the drill.
  {
    endpoint: "POST /api/v1/releases/:release/drills",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/perm/drills", body: drillBody() }),
  },
  {
    endpoint: "page:releases.$release.drills.tsx",
    allow: ["admin", "member-assigned"],
    request: async () => {
      await assignedDrill();
      return { method: "POST", path: "/releases/perm/drills", body: DRILL_FORM() };
    },
  },
  // Market-maker certification (SPEC 12.4): a JUnit report is evidence on the partner's item (owned by mm): admins and mm's leads.
  {
    endpoint: "POST /api/v1/releases/:release/items/:item/junit",
    allow: ["admin"],
    request: async () => ({
      method: "POST",
      path: `/releases/perm/items/mm.mm-alpha/junit?version=${fresh("v")}`,
      body: `<testsuites><testsuite name="connectivity"><testcase name="logon"/></testsuite></testsuites>`,
      headers: { "content-type": "application/xml" },
    }),
  },
  // Evidence in from monitoring (SPEC 13, ADR 022): whoever may report evidence on the items the alerts name (the check
  // comms.cs-macros, owned by cs): an admin or a lead of cs. Each call flips the item, so an allowed one always writes.
  {
    endpoint: "POST /api/v1/releases/:release/alertmanager",
    allow: ["admin", "lead-cs"],
    request: async () => {
      const red = (await admin("GET", `/releases/coin/items/${COIN_CS_ITEM}`)).body.item.evidence?.done === false;
      return { method: "POST", path: "/releases/coin/alertmanager", body: alertFor(COIN_CS_ITEM, red ? "resolved" : "firing") };
    },
  },
  // Webhooks out (SPEC 13, ADR 025): admins only. A public address (this server refuses private ones) on a port nothing answers.
  { endpoint: "POST /api/v1/webhooks", allow: ["admin"], request: async () => ({ method: "POST", path: "/webhooks", body: WEBHOOK() }) },
  { endpoint: "DELETE /api/v1/webhooks/:id", allow: ["admin"], request: async () => ({ method: "DELETE", path: `/webhooks/${await newWebhook()}` }) },
  {
    endpoint: "POST /api/v1/webhooks/:id/deliveries/:delivery/redeliver",
    allow: ["admin"],
    request: async () => {
      const { id, delivery } = await newDelivery();
      return { method: "POST", path: `/webhooks/${id}/deliveries/${delivery}/redeliver` };
    },
  },
  {
    endpoint: "page:admin.webhooks.tsx",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/admin/webhooks", body: { intent: "create", ...WEBHOOK(), events: "decision.recorded" } }),
  },
  {
    endpoint: "page:admin.webhooks.tsx#revoke",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/admin/webhooks", body: { intent: "revoke", id: String(await newWebhook()) } }),
  },
  {
    endpoint: "page:admin.webhooks.tsx#redeliver",
    allow: ["admin"],
    request: async () => {
      const { id, delivery } = await newDelivery();
      return { method: "POST", path: "/admin/webhooks", body: { intent: "redeliver", id: String(id), delivery } };
    },
  },
  // Campaigns (SPEC 13, ADR 024) and the launch date: an admin's, nobody else's.
  {
    endpoint: "POST /api/v1/releases/:release/campaigns",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/perm/campaigns", body: freshCampaign() }),
  },
  {
    endpoint: "PATCH /api/v1/releases/:release/campaigns/:campaign",
    allow: ["admin"],
    request: async () => ({ method: "PATCH", path: `/releases/perm/campaigns/${await adminCampaign()}`, body: { starts: "T-3" } }),
  },
  {
    endpoint: "DELETE /api/v1/releases/:release/campaigns/:campaign",
    allow: ["admin"],
    request: async () => ({ method: "DELETE", path: `/releases/perm/campaigns/${await adminCampaign()}` }),
  },
  {
    endpoint: "page:releases.$release.calendar.tsx",
    allow: ["admin"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/calendar",
      body: { intent: "create", id: fresh("camp"), name: "Airdrop", kind: "airdrop", starts: "T", ends: "T+2", tasks: "", items: "" },
    }),
  },
  {
    endpoint: "page:releases.$release.calendar.tsx#update",
    allow: ["admin"],
    request: async () => ({
      method: "POST",
      path: "/releases/perm/calendar",
      body: { intent: "update", id: await adminCampaign(), name: "Renamed", kind: "other", starts: "T-1", ends: "T+2", tasks: "", items: "" },
    }),
  },
  {
    endpoint: "page:releases.$release.calendar.tsx#delete",
    allow: ["admin"],
    request: async () => ({ method: "POST", path: "/releases/perm/calendar", body: { intent: "delete", id: await adminCampaign() } }),
  },
  {
    endpoint: "page:releases.$release.calendar.tsx#reschedule",
    allow: ["admin"],
    request: async () => {
      const id = fresh("moved");
      await admin("POST", "/releases", release(id));
      return { method: "POST", path: `/releases/${id}/calendar`, body: { intent: "reschedule", launch_date: "2026-12-09" } };
    },
  },
  {
    endpoint: "PATCH /api/v1/releases/:release",
    allow: ["admin"],
    request: async () => {
      const id = fresh("moved");
      await admin("POST", "/releases", release(id));
      return { method: "PATCH", path: `/releases/${id}`, body: { launch_date: "2026-12-08" } };
    },
  },
];

const WEBHOOK = () => ({ url: `https://93.184.215.14:9/${fresh("hook")}`, events: ["decision.recorded"] });
const newWebhook = async () => (await admin("POST", "/webhooks", WEBHOOK())).body.webhook.id as number;
/** A webhook with one queued delivery: subscribed to new releases, then a release made. */
let hooked: Promise<{ id: number; delivery: string }> | undefined;
const newDelivery = () =>
  (hooked ??= (async () => {
    const made = await admin("POST", "/webhooks", { ...WEBHOOK(), events: ["release.created"] });
    const id = made.body.webhook.id as number;
    expect((await admin("POST", "/releases", release(fresh("hooked")))).status).toBe(201);
    for (let i = 0; i < 100; i++) {
      const [first] = (await admin("GET", `/webhooks/${id}/deliveries`)).body.deliveries as { id: string }[];
      if (first) return { id, delivery: first.id };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error("no delivery was queued");
  })());
/** A campaign's body with a fresh id, and one an admin created, for changing or removing. */
const freshCampaign = () => ({ id: fresh("camp"), name: "Fee holiday", kind: "fee_promotion", starts: "T", ends: "T+7" });
const adminCampaign = async () => (await admin("POST", "/releases/perm/campaigns", freshCampaign())).body.campaign.id as string;

/** Alertmanager's webhook payload (version 4) with one alert naming `item`. */
const alertFor = (item: string, status: "firing" | "resolved") => ({
  version: "4",
  groupKey: `{}:{greenlight_item="${item}"}`,
  truncatedAlerts: 0,
  status,
  receiver: "greenlight",
  groupLabels: { greenlight_item: item },
  commonLabels: { alertname: "CsMacrosMissing", greenlight_item: item },
  commonAnnotations: {},
  externalURL: "http://alertmanager.internal:9093",
  alerts: [
    {
      status,
      labels: { alertname: "CsMacrosMissing", greenlight_item: item },
      annotations: { summary: "CS macros unpublished" },
      startsAt: "2026-11-28T09:14:07.386Z",
      endsAt: status === "firing" ? "0001-01-01T00:00:00Z" : "2026-11-28T10:02:52.386Z",
      generatorURL: "http://prometheus.internal:9090/graph?g0.expr=cs_macros_published+%3D%3D+0&g0.tab=1",
      fingerprint: "5b2e7d9c01a4f368",
    },
  ],
});
const DRILL_ITEM = "drills.circuit-breaker"; // owned by ops
const drillDay = () => new Date().toISOString().slice(0, 10);
const drillBody = () => ({
  item: DRILL_ITEM,
  kind: "circuit-breaker",
  performed_on: drillDay(),
  result: "pass",
  detect_s: 2,
  mitigate_s: 60,
  participants: ["Ops on-call"],
  findings: [{ title: fresh("finding"), priority: "P3", owner: "member@example.com" }],
});
const DRILL_FORM = () => ({
  intent: "record",
  item: DRILL_ITEM,
  kind: "circuit-breaker",
  performed_on: drillDay(),
  result: "pass",
  detect_s: "2",
  mitigate_s: "60",
  participants: "Ops on-call\nRisk desk",
  "findings[0].title": fresh("finding"),
  "findings[0].priority": "P3",
  "findings[0].owner": "member@example.com",
});
/** The circuit-breaker drill assigned to the member who signs in as member-assigned, once. */
let drillAssigned: Promise<unknown> | undefined;
const assignedDrill = () => (drillAssigned ??= admin("PUT", `/releases/perm/items/${DRILL_ITEM}/assignee`, { assignee: "assigned@example.com" }));

/** Risk parameters: an item of risk no other row reports on, and a pending proposal for it by whoever holds `token`. */
const PARAM_ITEM = "risk.max-leverage-tier-3";
async function freshProposal(token: string): Promise<number> {
  const res = await api(server.url, token)("POST", "/releases/perm/params/proposals", { values: { [PARAM_ITEM]: 40 }, rationale: fresh("why") });
  if (res.status !== 201) throw new Error(`proposal refused: ${JSON.stringify(res.body)}`);
  return res.body.proposal.id as number;
}
/** A pending proposal of the caller's own when they may propose (made on the page, as them), else the admin token's. */
async function ownProposal(who: Who): Promise<number> {
  if (who !== "admin" && who !== "lead-risk") return freshProposal(TEST_TOKEN);
  const form = { intent: "propose", [`value:${PARAM_ITEM}`]: "40", rationale: fresh("mine") };
  await fetch(`${server.url}/releases/perm/params`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: server.url, cookie: people[who].cookie },
    body: new URLSearchParams(form),
  });
  const latest = (await admin("GET", "/releases/perm/params?limit=1")).body.history.proposals[0];
  if (latest?.rationale !== form.rationale) throw new Error("the page did not record the proposal");
  return latest.id as number;
}

/** A release of the tests' own template with a roster item and a SOP item owned by cs, made once. */
let rosterMade: Promise<string> | undefined;
const rosterRelease = () =>
  (rosterMade ??= admin("POST", "/releases", { ...release("roster-perm"), template: "cs-training" }).then((res) => {
    if (res.status !== 201) throw new Error(`release refused: ${JSON.stringify(res.body)}`);
    return "roster-perm";
  }));

/**
 * Pages: a board link is not a cookie, so a screen opened from one posts like
 * "none". The column stays so the table reads the same for every surface.
 */

/** Page actions that are public by design, or for oneself, and why. */
const PUBLIC_PAGE_ACTIONS: Record<string, string> = {
  "login.tsx": "signing in is how one gets credentials",
  "setup.tsx": "only works on a database with no users",
  "invite.$token.tsx": "the one-time token in the URL is the credential",
  "logout.tsx": "ends one's own session only",
  "language.tsx": "changes only the asking person's own language (or a cookie in their browser)",
};

beforeAll(async () => {
  // The shipped templates and the tests' own (cs-training: roster and SOP items owned by cs).
  server = await startServer({ env: { GREENLIGHT_CHECKLISTS: checklistsWithFixtures() } });
  admin = api(server.url);
  expect((await admin("POST", "/releases", { ...release("perm"), template: "perp-futures-v2" })).status).toBe(201);
  expect((await admin("POST", "/releases", release("coin"))).status).toBe(201);
  people.admin = await addPerson(server, { email: "admin@example.com", role: "admin" });
  people["lead-risk"] = await addPerson(server, { email: "risk-lead@example.com", role: "lead", functions: ["risk"] });
  people["lead-cs"] = await addPerson(server, { email: "cs-lead@example.com", role: "lead", functions: ["cs"] });
  people["member-assigned"] = await addPerson(server, { email: "assigned@example.com", role: "member" });
  people.member = await addPerson(server, { email: "member@example.com", role: "member" });
  people.viewer = await addPerson(server, { email: "viewer@example.com", role: "viewer" });
  expect((await admin("PUT", `/releases/perm/items/${ASSIGNED_ITEM}/assignee`, { assignee: "assigned@example.com" })).status).toBe(200);
  expect((await admin("PUT", "/releases/perm/wbs", PERM_WBS)).status).toBe(200);
  const token = async (role: string, functions: string[] = []) => (await admin("POST", "/tokens", { name: fresh(role), role, functions })).body.token as string;
  tokens.admin = TEST_TOKEN;
  tokens["lead-risk"] = await token("lead", ["risk"]);
  tokens["lead-cs"] = await token("lead", ["cs"]);
  tokens["member-assigned"] = await token("member");
  tokens.member = await token("member");
  tokens.viewer = await token("viewer");
  tokens["board-link"] = (await admin("POST", "/releases/perm/board-links", { name: "Matrix TV" })).body.token;
  tokens.none = null;
  observer = new Database(server.dbPath, { readonly: true });
});

afterAll(async () => {
  observer?.close();
  await server?.stop();
});

/** A read-only look at the file: `data_version` changes when any other connection commits. */
let observer: Database.Database;
const dataVersion = () => observer.pragma("data_version", { simple: true }) as number;

async function attempt(c: Case, who: Who) {
  const { method, path, body, headers } = await c.request(who);
  const before = eventCount(server.dbPath);
  const version = dataVersion();
  if (c.endpoint.startsWith("page:")) {
    const cookie = who in people ? people[who as keyof typeof people].cookie : undefined;
    const res = await fetch(`${server.url}${path}`, {
      method,
      redirect: "manual",
      headers: { origin: server.url, ...(cookie ? { cookie } : {}) },
      body: new URLSearchParams(body as Record<string, string>),
    });
    // Signed out: sent to sign in. Signed in but not allowed: 403.
    const denied = res.status === 403 || (res.status === 302 && (res.headers.get("location") ?? "").startsWith("/login"));
    // Allowed means it happened: a form refused by validation answers 200 and writes nothing.
    const wrote = c.writesDatabase === false || dataVersion() !== version;
    return { status: res.status, allowed: !denied && res.status < 400 && wrote, denied, unchanged: eventCount(server.dbPath) === before };
  }
  const res = await api(server.url, tokens[who])(method, path, body, headers);
  return {
    status: res.status,
    allowed: res.status >= 200 && res.status < 300 && (c.writesDatabase === false || dataVersion() !== version),
    denied: res.status === 401 || res.status === 403,
    unchanged: eventCount(server.dbPath) === before,
  };
}

describe("the permission matrix", () => {
  for (const c of CASES) {
    for (const who of EVERYONE) {
      const expected = c.allow.includes(who) ? "allow" : "deny";
      it(`${c.endpoint} as ${who}: ${expected}`, async () => {
        const result = await attempt(c, who);
        if (expected === "allow") {
          expect(result.allowed, `status ${result.status}`).toBe(true);
        } else {
          expect(result.denied, `status ${result.status}`).toBe(true);
          expect(result.unchanged, "a refused write left an event").toBe(true);
        }
      });
    }
  }
});

describe("the matrix covers every write", () => {
  it("every write route of the API router is in the table", () => {
    const source = readFileSync(join(import.meta.dirname, "../server/api/router.ts"), "utf8");
    const routes = [...source.matchAll(/router\.(post|put|patch|delete)\("([^"]+)"/g)].map(([, m, p]) => `${m!.toUpperCase()} /api/v1${p}`);
    expect(routes.length).toBeGreaterThan(5);
    const covered = new Set(CASES.map((c) => c.endpoint));
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it("every page action is in the table or named public with a reason", () => {
    const dir = join(import.meta.dirname, "../app/routes");
    const withActions = readdirSync(dir).filter((f) => /export (async )?function action\b/.test(readFileSync(join(dir, f), "utf8")));
    expect(withActions.length).toBeGreaterThan(3);
    const covered = new Set(CASES.filter((c) => c.endpoint.startsWith("page:")).map((c) => c.endpoint.slice(5).split("#")[0]));
    expect(withActions.filter((f) => !covered.has(f) && !(f in PUBLIC_PAGE_ACTIONS))).toEqual([]);
  });
});

describe("functions and assignment", () => {
  it("a lead of cs cannot report on a risk item, with a readable reason; a member only on what is assigned to them", async () => {
    const csLead = await api(server.url, tokens["lead-cs"])("POST", `/releases/perm/items/${RISK_ITEM}/evidence`, { deployed: 125 });
    expect(csLead.status).toBe(403);
    expect(csLead.body.error.message).toBe("you may not report evidence on this item: it is owned by risk, and it is not assigned to you");
    const page = async (who: keyof typeof people, item: string, body: Record<string, string>) =>
      fetch(`${server.url}/releases/perm/items/${item}`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: server.url, cookie: people[who].cookie },
        body: new URLSearchParams({ ...body, if_version: String(await version(item)) }),
      });
    expect((await page("member-assigned", ASSIGNED_ITEM, { deployed: "20000000" })).status).toBe(200);
    expect((await page("member-assigned", RISK_ITEM, { deployed: "125" })).status).toBe(403);
    expect((await page("member", ASSIGNED_ITEM, { deployed: "20000000" })).status).toBe(403);
  });
});
