import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { certificationMatrix, type CertificationCell, type CertificationPartner } from "../shared/certification";
import type { StageResult, Status } from "../shared/kinds";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { StatusBadge } from "../components/status";
import { requireAllowed } from "../lib/auth.server";
import { useFormat } from "../lib/format";
import { orNotFound } from "../lib/http.server";
import { metaT, translateMessage } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("certification.meta", { release: data.release.name }) : "Greenlight" },
];

/**
 * Market-maker certification (SPEC 12.4, ADR 020): partners × certification
 * suites, each cell the suite's latest result for the partner's current
 * software version with its date and evidence link. Read from the items, as
 * the server evaluated them; on a phone, one card per partner.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  return { release: { id: release.id, name: release.name }, matrix: certificationMatrix(context.readiness.listItems(release.id)) };
}

/** A stage result in the item's status colours: passed green, failed red, not yet pending. */
const RESULT_STATUS: Record<StageResult, Status> = { passed: "green", failed: "red", pending: "pending" };
const RESULT_LOOK: Record<StageResult, { symbol: string; chip: string }> = {
  passed: { symbol: "✔", chip: "bg-emerald-700 text-white" },
  failed: { symbol: "✖", chip: "bg-red-700 text-white" },
  pending: { symbol: "○", chip: "bg-slate-100 text-slate-800 ring-1 ring-slate-400" },
};

export default function CertificationPage() {
  const { release, matrix } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const certified = matrix.partners.filter((p) => p.status === "green").length;
  return (
    <Page
      wide
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/certification`, label: t("certification.crumb") },
      ]}
    >
      <h1 className="text-3xl font-bold">{t("certification.title")}</h1>
      <p className="max-w-4xl text-slate-600">{t("certification.intro")}</p>
      {matrix.partners.length === 0 ? (
        <p className="mt-6 rounded-lg bg-slate-100 px-4 py-3 text-slate-700">{t("certification.none")}</p>
      ) : (
        <>
          <p className="mt-3 text-lg font-semibold" data-certified={certified}>
            {t("certification.summary", { count: matrix.partners.length, certified })}
          </p>
          <table className="table-cards mt-4 w-full border-separate border-spacing-0 text-left text-sm" data-certification-matrix>
            <thead>
              <tr>
                <th scope="col" className="sticky left-0 z-10 min-w-56 border-b border-slate-300 bg-slate-50 px-3 py-2 align-bottom font-semibold">
                  {t("certification.partner")}
                </th>
                {matrix.suites.map((suite) => (
                  <th key={suite} scope="col" className="min-w-24 border-b border-slate-300 bg-slate-50 px-2 py-2 align-bottom font-semibold break-words">
                    {suite}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.partners.map((partner) => (
                <PartnerRow key={partner.item} partner={partner} suites={matrix.suites} release={release.id} />
              ))}
            </tbody>
          </table>
        </>
      )}
      <p className="mt-6 text-sm text-slate-600">{t("certification.howTo", { path: `POST /api/v1/releases/${release.id}/items/<item>/junit?version=…` })}</p>
    </Page>
  );
}

function PartnerRow({ partner, suites, release }: { partner: CertificationPartner; suites: string[]; release: string }) {
  const { t } = useTranslation();
  return (
    <tr
      data-partner={partner.item}
      data-status={partner.status}
      className="max-md:mt-3 max-md:rounded-lg max-md:bg-white max-md:shadow-sm max-md:ring-1 max-md:ring-slate-200"
    >
      <th scope="row" className="sticky left-0 z-10 border-b border-slate-200 bg-white px-3 py-3 align-top font-normal">
        <Link to={`/releases/${release}/items/${partner.item}`} className="text-base font-semibold text-slate-900 underline-offset-2 hover:underline">
          {partner.title}
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-2">
          <StatusBadge status={partner.status} />
          <span className="font-semibold">{t("certification.passedOf", { passed: partner.passed, total: partner.total })}</span>
        </div>
        <div className="mt-1 text-slate-700" data-version={partner.version ?? ""}>
          {t("certification.version")}: {partner.version ? <code className="font-semibold">{partner.version}</code> : <em>{t("certification.noVersion")}</em>}
        </div>
        <div className="mt-1 text-xs text-slate-600">{translateMessage(partner.reason, t)}</div>
      </th>
      {suites.map((suite) => (
        <Cell key={suite} suite={suite} cell={partner.cells[suite] ?? null} />
      ))}
    </tr>
  );
}

function Cell({ suite, cell }: { suite: string; cell: CertificationCell | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!cell) {
    return (
      <td className="border-b border-slate-200 px-2 py-3 align-top text-slate-500" data-suite={suite} data-result="">
        <span className="font-semibold md:hidden">{suite}: </span>— {t("certification.notRequired")}
      </td>
    );
  }
  const look = RESULT_LOOK[cell.result];
  const word = t(`readiness.evidence.stage.${cell.result}`);
  return (
    <td className="border-b border-slate-200 px-2 py-3 align-top" data-suite={suite} data-result={cell.result} data-cell-status={RESULT_STATUS[cell.result]}>
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 md:block">
        <span className="w-48 font-semibold md:hidden">{suite}</span>
        <span className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 font-semibold whitespace-nowrap ${look.chip}`}>
          <span aria-hidden="true">{look.symbol}</span>
          {word}
        </span>
        <div className="flex basis-full flex-wrap gap-x-3 text-xs text-slate-700 md:mt-1 md:block">
          <span className="whitespace-nowrap md:block">{cell.at ? fmt.day(cell.at.slice(0, 10)) : t("certification.notReported")}</span>
          {cell.tests ? <TestsLine tests={cell.tests} /> : null}
          {cell.link ? (
            <a href={cell.link} className="font-semibold text-sky-800 underline md:block" rel="noreferrer" target="_blank">
              {t("certification.evidence")} ↗
            </a>
          ) : null}
        </div>
      </div>
    </td>
  );
}

/** What the JUnit run behind a result said: its test count, and how many failed or were skipped. */
function TestsLine({ tests }: { tests: NonNullable<CertificationCell["tests"]> }) {
  const { t } = useTranslation();
  const failed = tests.failures + tests.errors;
  const words = failed
    ? t("certification.testsFailed", { count: tests.tests, failed })
    : tests.skipped
      ? t("certification.testsSkipped", { count: tests.tests, skipped: tests.skipped })
      : t("certification.tests", { count: tests.tests });
  return <span className="text-slate-600 md:block">{words}</span>;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
