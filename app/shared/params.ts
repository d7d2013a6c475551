import { z } from "zod";
import type { ParamType, ParamValue, Status } from "./kinds";

/**
 * Risk parameter sign-off as data (SPEC 12.3): what the API and the page's
 * forms accept, and what they show. Values are checked against each item's
 * type by the service, which knows the items; here only the shape.
 */
export const MAX_PARAM_VALUES = 1000;
/** Two people other than the proposer (SPEC 12.3). */
export const APPROVALS_NEEDED = 2;

const values = z
  .record(z.string().min(1).max(200), z.unknown(), { error: "expected { values: { item: value } }" })
  .refine((v) => Object.keys(v).length > 0, "name at least one parameter")
  .refine((v) => Object.keys(v).length <= MAX_PARAM_VALUES, `at most ${MAX_PARAM_VALUES} parameters at once`);

export const proposalSchema = z.strictObject({
  values,
  rationale: z.string({ error: "say why" }).trim().min(1, "say why").max(4000, "at most 4000 characters"),
});
export type ProposalInput = z.infer<typeof proposalSchema>;

export const rejectSchema = z.strictObject({
  reason: z.string({ error: "say why" }).trim().min(1, "say why").max(2000, "at most 2000 characters"),
});
export const withdrawSchema = z.strictObject({ reason: z.string().trim().max(2000, "at most 2000 characters").optional() });

export const deployedSchema = z.strictObject({ values });

/** The sign-off history in pages of `limit`, before the proposal id `before` (newest first). */
export const paramsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  before: z.coerce.number().int().positive().optional(),
});

export type ProposalStatus = "pending" | "approved" | "rejected" | "withdrawn";

export interface ProposalView {
  id: number;
  status: ProposalStatus;
  rationale: string;
  proposed_by: string;
  proposed_at: string;
  /** Each proposed value, with the approved value it was checked against. */
  values: { item: string; title: string; unit: string | null; value: ParamValue; base: ParamValue }[];
  approvals: { by: string; at: string }[];
  decided_at: string | null;
  decided_by: string | null;
  reason: string | null;
  /** A pending proposal whose base moved since (another proposal was approved): it cannot be approved. */
  stale: { item: string; base: ParamValue; approved: ParamValue }[];
}

export interface ParamView {
  id: string;
  section: string;
  title: string;
  owner: string;
  type: ParamType;
  unit: string | null;
  min: number | null;
  max: number | null;
  tolerance: number | null;
  max_step: number | null;
  status: Status;
  reason: string;
  /** What the item compares against: the template's value (`proposal: null`) or the latest approved proposal's. */
  approved: { value: ParamValue; proposal: number | null; at: string | null; by: string[] };
  /** Pending proposals touching it. */
  proposed: { proposal: number; value: ParamValue; proposed_by: string; proposed_at: string; approvals: number }[];
  /** The latest evidence. */
  deployed: { value: ParamValue; at: string; by: string | null } | null;
  /** While deployed ≠ approved: since when, and for how long now. */
  drift: { since: string; seconds: number } | null;
}

export interface ParamsView {
  release: string;
  now: string;
  params: ParamView[];
  pending: ProposalView[];
  /** Every proposal, newest first, a page at a time. */
  history: { proposals: ProposalView[]; next_before: number | null };
  /** People's names for the actor labels shown (`user:…`). */
  names: Record<string, string>;
}

/** What a deployed push did (SPEC 12.3). */
export interface DeployedResult {
  changed: string[];
  unchanged: string[];
  /** Keys that are no parameter of this release: reported, not written. */
  unknown: string[];
  seq: number;
}
