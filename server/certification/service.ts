import { AppError } from "../../app/shared/errors";
import { certificationMatrix, type CertificationMatrix, type JunitQuery, type UnmatchedSuite } from "../../app/shared/certification";
import type { StageResult, TestCounts } from "../../app/shared/kinds";
import type { Actor } from "../auth/actor";
import { assertCan } from "../auth/permissions";
import type { Readiness } from "../readiness/service";
import type { ItemView } from "../readiness/items";
import { JunitError, parseJunit, stageResults } from "./junit";

/**
 * Market-maker certification (SPEC 12.4, ADR 020). A JUnit report is one
 * evidence report on the partner's `stages` item, through the readiness
 * service: the same event, permission, version handling and validation as
 * evidence sent as JSON. The matrix is read from the items alone.
 */
export interface JunitAnswer {
  item: ItemView;
  seq: number;
  stages: Record<string, StageResult>;
  tests: Record<string, TestCounts>;
  unmatched: UnmatchedSuite[];
}

export function createCertification({ readiness }: { readiness: Readiness }) {
  return {
    reportJunit(release: string, itemId: string, xml: string, query: JunitQuery, actor: Actor): JunitAnswer {
      const item = readiness.getItem(release, itemId);
      if (item.kind !== "stages") {
        throw new AppError(422, "not_stages_item", `"${itemId}" is a ${item.kind} item: JUnit reports go to stages items`);
      }
      // Before reading the XML: who may not report here learns nothing else.
      assertCan(actor, { type: "evidence.report", owner: item.owner, assigneeId: item.assignee_id });
      let outcome: ReturnType<typeof stageResults>;
      try {
        outcome = stageResults(parseJunit(xml), (item.config as { stages: string[] }).stages);
      } catch (error) {
        if (error instanceof JunitError) throw new AppError(422, "invalid_junit", `${error.message}; nothing was recorded`, error.problems);
        throw error;
      }
      if (!Object.keys(outcome.stages).length) {
        throw new AppError(422, "no_matching_suite", `no testsuite names a stage of "${itemId}"; nothing was recorded`, {
          stages: (item.config as { stages: string[] }).stages,
          unmatched: outcome.unmatched,
        });
      }
      const { version, link, note, if_version } = query;
      const body = {
        stages: outcome.stages,
        ...(version !== undefined ? { version } : {}),
        ...(link !== undefined ? { link } : {}),
        ...(note !== undefined ? { note } : {}),
        ...(if_version !== undefined ? { if_version } : {}),
      };
      const { item: updated, seq } = readiness.reportEvidence(release, itemId, body, actor, { junit: outcome.counts });
      return { item: updated, seq, stages: outcome.stages, tests: outcome.counts, unmatched: outcome.unmatched };
    },

    matrix(release: string): CertificationMatrix {
      return certificationMatrix(readiness.listItems(release));
    },
  };
}

export type Certification = ReturnType<typeof createCertification>;
