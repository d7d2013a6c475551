import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { requireAllowed } from "../lib/auth.server";
import { actorName } from "../lib/board-state";
import { useFormat } from "../lib/format";
import { metaT } from "../lib/i18n";
import { orNotFound } from "../lib/http.server";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("meeting.decisions.metaTitle") }];

export function loader({ params, context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  return { release: { id: release.id, name: release.name }, decisions: context.goNoGo.listDecisions(release.id) };
}

/** Every Go/No-Go decision of a release, newest first. */
export default function Decisions() {
  const { release, decisions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/decisions`, label: t("meeting.decisions.title") },
      ]}
    >
      <h1 className="text-3xl font-bold">{t("meeting.decisions.title")}</h1>
      {decisions.length === 0 ? <p className="mt-4 text-slate-600">{t("meeting.decisions.empty")}</p> : null}
      <ul className="mt-4 grid gap-3">
        {decisions.map((d) => (
          <li key={d.id} className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-decision-row={d.id}>
            <Link to={`/decisions/${d.id}`} className="flex flex-wrap items-baseline gap-3">
              <span className={`rounded-md px-2 py-0.5 font-black text-white ${d.decision === "go" ? "bg-emerald-700" : "bg-red-700"}`}>
                {d.decision === "go" ? "✔" : "✖"} {t(`meeting.decision.${d.decision}`)}
              </span>
              <span className="font-semibold">#{d.id}</span>
              <span className="text-slate-600">
                {t("meeting.decisions.by", { at: fmt.instant(d.decided_at), name: actorName(d.decided_by, d.decided_by_name) })}
              </span>
              <span className="w-full text-slate-800">{d.summary}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
