import { z } from "zod";
import { reportExtras, stagesVersion, type StageRecord, type StageResult, type StagesEvidence, type Status, type TestCounts } from "./kinds";

/**
 * Market-maker certification (SPEC 12.4, ADR 020): the partners are the
 * release's `stages` items owned by `mm`, the suites their stages. Shared by
 * the server (the matrix, the board's tile) and the pages, which only show it.
 */
export const PARTNER_OWNER = "mm";

/** Whether an item is a market maker's certification. */
export function isPartner(item: { kind: string; owner: string }): boolean {
  return item.kind === "stages" && item.owner === PARTNER_OWNER;
}

/** A partner's row in short: the board's tile. Status is the item's, as the server evaluated it. */
export interface CertificationTally {
  passed: number;
  failed: number;
  total: number;
  version: string | null;
}

export function tally(config: { stages: readonly string[] }, evidence: Partial<StagesEvidence> | null): CertificationTally {
  const reported = evidence?.stages ?? {};
  return {
    passed: config.stages.filter((s) => reported[s] === "passed").length,
    failed: config.stages.filter((s) => reported[s] === "failed").length,
    total: config.stages.length,
    version: evidence?.version ?? null,
  };
}

/** One cell: the suite's latest result for the partner's current version, when and where it was reported. */
export interface CertificationCell {
  result: StageResult;
  at: string | null;
  link: string | null;
  tests: TestCounts | null;
}

export interface CertificationPartner {
  item: string;
  title: string;
  status: Status;
  reason: string;
  version: string | null;
  evidence_at: string | null;
  passed: number;
  failed: number;
  total: number;
  /** By suite; null where the suite is not one of this partner's stages. */
  cells: Record<string, CertificationCell | null>;
}

export interface CertificationMatrix {
  /** The union of the partners' stages, in template order. */
  suites: string[];
  partners: CertificationPartner[];
}

/** The matrix from a release's items (checklist order). */
export function certificationMatrix(
  items: readonly {
    id: string;
    title: string;
    kind: string;
    owner: string;
    config: unknown;
    evidence: unknown;
    status: Status;
    reason: string;
    evidence_at: string | null;
  }[],
): CertificationMatrix {
  const partners = items.filter(isPartner);
  const suites: string[] = [];
  for (const item of partners) for (const stage of (item.config as { stages: string[] }).stages) if (!suites.includes(stage)) suites.push(stage);
  return {
    suites,
    partners: partners.map((item) => {
      const stages = (item.config as { stages: string[] }).stages;
      const evidence = item.evidence as Partial<StagesEvidence> | null;
      const cells = Object.fromEntries(
        suites.map((suite): [string, CertificationCell | null] => {
          if (!stages.includes(suite)) return [suite, null];
          const record: StageRecord | undefined = evidence?.results?.[suite];
          const result = evidence?.stages?.[suite] ?? "pending";
          // Evidence kept before per-stage dates were recorded has a result and no record: the item's report date stands in.
          if (!record) return [suite, { result, at: evidence?.stages?.[suite] ? item.evidence_at : null, link: null, tests: null }];
          return [suite, { result, at: record.at, link: record.link, tests: record.tests ?? null }];
        }),
      );
      return {
        item: item.id,
        title: item.title,
        status: item.status,
        reason: item.reason,
        evidence_at: item.evidence_at,
        ...tally({ stages }, evidence),
        cells,
      };
    }),
  };
}

/** `POST …/items/:item/junit` query: the partner's version, and the report's note, link and expected item version. */
export const junitQuery = z.strictObject({
  version: stagesVersion.optional(),
  link: reportExtras.link,
  note: reportExtras.note,
  if_version: z.coerce.number().int().nonnegative().optional(),
});
export type JunitQuery = z.infer<typeof junitQuery>;

/** Where the JUnit answer says what matched nothing. */
export interface UnmatchedSuite {
  suite: string;
  classname?: string;
  tests: number;
}
