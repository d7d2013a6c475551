import { AppError, invalid } from "../../app/shared/errors";
import { CsvError, parseWbsCsv, type Wbs } from "../../app/shared/schedule/csv";
import { diffWbs, summarizeDiff, type DiffSummary } from "../../app/shared/schedule/diff";
import { wbsJsonSchema } from "../../app/shared/schedule/inputs";
import { planOf, stateOf, type PlanState, type ReleaseDates } from "./plan";

/**
 * Checking a WBS that comes from outside, before it is written: parsed (CSV
 * or JSON), validated and scheduled, every problem a 422. Pure and the costly
 * part of an import (about a second for 30,000 tasks), so the server runs it
 * in a worker thread (./planner.ts), never on the event loop.
 */
export type PlanSource = { csv: string } | { json: unknown };

export interface PlanJob {
  source: PlanSource;
  release: ReleaseDates;
  /** Today, on the server's clock: what the board's projection is computed as of. */
  asOf: string;
}

/** A plan ready to write, with what was computed for it and from what. */
export interface CheckedPlan {
  wbs: Wbs;
  release: ReleaseDates;
  asOf: string;
  /** As planned (not projected): what the import answers. */
  finish: string;
  slack_to_launch: number;
  state: PlanState;
}

export interface PreviewJob extends PlanJob {
  /** The release's WBS now, to compare with. */
  current: Wbs;
}

export interface PreviewedPlan {
  tasks: number;
  diff: DiffSummary;
  state: PlanState;
}

/** A WBS from a CSV (SPEC 6) or JSON body; every problem is a 422 that names its line or path. */
export function wbsFromSource(source: PlanSource): Wbs {
  if ("csv" in source) {
    try {
      return parseWbsCsv(source.csv);
    } catch (error) {
      if (error instanceof CsvError) throw new AppError(422, "invalid_csv", "the CSV has problems; nothing was written", error.problems);
      throw error;
    }
  }
  const parsed = wbsJsonSchema.safeParse(source.json);
  if (!parsed.success) throw invalid("send { tasks: [...], dependencies: [...] } or text/csv", parsed.error.issues);
  return parsed.data;
}

/** Schedule a WBS in hand as planned and as of `asOf`: a plan that cannot be scheduled is a 422. */
export function checkWbs(wbs: Wbs, release: ReleaseDates, asOf: string): CheckedPlan {
  const planned = planOf(release, wbs);
  const state = wbs.tasks.length ? stateOf(wbs, planned, planOf(release, wbs, asOf)) : { linked: null, schedule: null };
  return { wbs, release, asOf, finish: planned.finish, slack_to_launch: planned.slack_to_launch, state };
}

export function checkPlan({ source, release, asOf }: PlanJob): CheckedPlan {
  return checkWbs(wbsFromSource(source), release, asOf);
}

/** What replacing `current` with the source would change, and where the new plan would leave the release. */
export function previewPlan({ source, release, asOf, current }: PreviewJob): PreviewedPlan {
  const { wbs, state } = checkPlan({ source, release, asOf });
  return { tasks: wbs.tasks.length, diff: summarizeDiff(diffWbs(current, wbs)), state };
}

/** Whether a plan was checked against the release as it is now, today: if not, it is scheduled again. */
export function checkedFor(plan: CheckedPlan, release: ReleaseDates, asOf: string): boolean {
  return (
    plan.asOf === asOf &&
    plan.release.startDate === release.startDate &&
    plan.release.launchDate === release.launchDate &&
    JSON.stringify(plan.release.calendar) === JSON.stringify(release.calendar)
  );
}
