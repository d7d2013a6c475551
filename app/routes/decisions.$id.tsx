import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { evidenceInWords, itemsBlockersFirst, type DecisionRecord } from "../shared/decision-record";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { Leads } from "../components/leads";
import { StatusBadge } from "../components/status";
import { can, requireAllowed, requireUser } from "../lib/auth.server";
import { readDecision } from "../lib/decisions.server";
import { actorName } from "../lib/board-state";
import { useFormat } from "../lib/format";
import { metaT, translator, translateMessage } from "../lib/i18n";
import { localeOf } from "../lib/i18n.server";
import type { Status } from "../shared/kinds";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data
      ? metaT(matches)("meeting.record.metaTitle", {
          decision: metaT(matches)(`meeting.decision.${data.record.decision}`),
          release: data.record.release.name,
          id: data.id,
        })
      : "Greenlight",
  },
];

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { record, ...decision } = readDecision(context, params.id, translator(await localeOf(request, context)));
  requireAllowed(context, request, { type: "release.read", release: decision.release });
  return {
    ...decision,
    record: JSON.parse(record) as DecisionRecord,
    verified: context.goNoGo.verifyDecision(decision.id, { incremental: true }).ok,
    mayStartPostmortem: can(user, { type: "postmortem.create" }),
  };
}

/**
 * The decision record: what was decided, on what evidence, by whom. Printing
 * it (the browser's Print → PDF) drops the navigation and keeps every table.
 */
export default function DecisionPage() {
  const { id, record, hash, seq, verified, mayStartPostmortem } = useLoaderData<typeof loader>();
  const go = record.decision === "go";
  const byFunction = new Map(record.votes.map((v) => [v.function, v]));
  const { t } = useTranslation();
  const fmt = useFormat();
  const decisionWord = `${go ? "✔" : "✖"} ${t(`meeting.decision.${record.decision}`)}`;
  return (
    <Page
      crumbs={[
        { to: `/releases/${record.release.id}`, label: record.release.name },
        { to: `/releases/${record.release.id}/decisions`, label: t("meeting.decisions.title") },
        { to: `/decisions/${id}`, label: `#${id}` },
      ]}
    >
      <article
        className="decision-record mx-auto max-w-5xl rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200 print:max-w-none print:p-0 print:shadow-none print:ring-0"
        data-decision={record.decision}
      >
        <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-4">
          <div>
            <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("meeting.record.kicker", { id })}</p>
            <h1 className="text-3xl font-black">{record.release.name}</h1>
            <p className="text-slate-600">
              {t("meeting.record.release")}
              <code>{record.release.id}</code>
              {t("meeting.record.decided", {
                launch: fmt.day(record.release.launch_date),
                at: fmt.instant(record.decided_at),
                name: actorName(record.decided_by, record.decided_by_name),
              })}
            </p>
          </div>
          <div className={`rounded-xl px-6 py-3 text-3xl font-black text-white ${go ? "bg-emerald-700" : "bg-red-700"}`}>{decisionWord}</div>
        </header>
        <p className="mt-4 whitespace-pre-wrap text-lg">{record.summary}</p>
        <p className="mt-3 text-sm text-slate-600">
          {t("meeting.record.gateAt")}
          <strong>{record.gate.open ? t("meeting.record.gateOpen") : t("meeting.record.gateClosed", { count: record.gate.blocking })}</strong>
          {t("meeting.record.stateAt", { seq: record.seq, event: seq })}
        </p>
        <p className="mt-1 break-all text-xs text-slate-500" data-verified={verified}>
          {t("meeting.record.hash")}
          <code>{hash}</code> — {verified ? t("meeting.record.verified") : t("meeting.record.tampered")}
        </p>
        <p className="mt-3 flex gap-4 text-sm print:hidden">
          <a href={`/decisions/${id}.md`} className="font-semibold underline" download>
            {t("meeting.record.exportMarkdown")}
          </a>
          <button type="button" className="font-semibold underline" onClick={() => window.print()}>
            {t("meeting.record.print")}
          </button>
          {mayStartPostmortem ? (
            <Link to={`/postmortems/new?decision=${id}`} className="font-semibold underline">
              {t("meeting.record.postmortem")}
            </Link>
          ) : null}
        </p>

        <h2 className="mt-6 text-xl font-bold">{t("board.votes.title")}</h2>
        <table className="table-cards mt-2 w-full text-left text-sm">
          <thead className="border-b border-slate-300 text-slate-600">
            <tr>
              <th className="py-1 pr-3">{t("meeting.record.function")}</th>
              <th className="py-1 pr-3">{t("meeting.record.vote")}</th>
              <th className="py-1 pr-3">{t("meeting.record.comment")}</th>
              <th className="py-1 pr-3">{t("meeting.record.by")}</th>
              <th className="py-1">{t("meeting.record.cast")}</th>
            </tr>
          </thead>
          <tbody>
            {record.required_functions.map((fn) => {
              const v = byFunction.get(fn);
              return (
                <tr key={fn} className="border-b border-slate-100 align-top">
                  <td className="py-1.5 pr-3 font-bold uppercase">
                    {fn}
                    <Leads names={record.owner_names?.[fn]} block />
                  </td>
                  <td className="py-1.5 pr-3 font-semibold">
                    {v ? `${v.vote === "go" ? `✔ ${t("record.go")}` : `✖ ${t("record.noGo")}`}${v.fresh ? "" : t("meeting.record.stale")}` : t("record.noVote")}
                  </td>
                  <td className="py-1.5 pr-3">{v?.comment}</td>
                  <td className="py-1.5 pr-3" data-label={t("meeting.record.by")}>
                    {v ? actorName(v.voter, v.voter_name) : null}
                  </td>
                  <td className="py-1.5 tabular-nums" data-label={t("meeting.record.cast")}>
                    {v ? fmt.instant(v.cast_at) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>

        {record.actions.length ? (
          <>
            <h2 className="mt-6 text-xl font-bold">{t("meeting.actions.label")}</h2>
            <ul className="mt-2 list-disc pl-6 text-sm">
              {record.actions.map((a, i) => (
                <li key={i}>
                  <strong>{a.title}</strong>
                  {t("meeting.record.actionLine", { owner: a.owner, due: fmt.day(a.due) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {record.schedule ? (
          <>
            <h2 className="mt-6 text-xl font-bold">{t("board.schedule.title")}</h2>
            <p className="text-sm">
              {t("meeting.record.projected")}
              <strong>{fmt.day(record.schedule.projected_finish)}</strong>
              {t("meeting.record.slack", { planned: fmt.day(record.schedule.planned_finish), slack: record.schedule.slack_to_launch })}
            </p>
            {record.schedule.late_critical.length ? (
              <ul className="mt-1 list-disc pl-6 text-sm">
                {record.schedule.late_critical.map((task) => (
                  <li key={task.id}>
                    {t("meeting.record.lateCritical", {
                      name: task.name,
                      owners: [task.owner, task.assignee].filter(Boolean).join(", "),
                      planned: fmt.day(task.planned_finish),
                      projected: fmt.day(task.projected_finish),
                    })}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}

        <h2 className="mt-6 text-xl font-bold">{t("meeting.record.items", { count: record.items.length })}</h2>
        <table className="table-cards mt-2 w-full text-left text-sm">
          <thead className="border-b border-slate-300 text-slate-600">
            <tr>
              <th className="py-1 pr-3">{t("meeting.record.item")}</th>
              <th className="py-1 pr-3">{t("meeting.record.status")}</th>
              <th className="py-1 pr-3">{t("meeting.record.reason")}</th>
              <th className="py-1 pr-3">{t("meeting.record.evidence")}</th>
              <th className="py-1">{t("meeting.record.reportedBy")}</th>
            </tr>
          </thead>
          <tbody>
            {itemsBlockersFirst(record).map((item) => (
              <tr key={item.id} className="break-inside-avoid border-b border-slate-100 align-top" data-record-item={item.id}>
                <td className="py-1.5 pr-3">
                  <div className="font-semibold">{item.title}</div>
                  <div className="text-xs text-slate-500">
                    {item.id} · {item.owner}
                    <Leads names={record.owner_names?.[item.owner]} />
                  </div>
                </td>
                <td className="py-1.5 pr-3">
                  <StatusBadge status={item.status as Status} />
                </td>
                <td className="py-1.5 pr-3">{translateMessage(item.reason, t)}</td>
                <td className="py-1.5 pr-3" data-label={t("meeting.record.evidence")}>
                  {translateMessage(evidenceInWords(item), t)}
                </td>
                <td className="py-1.5 text-xs" data-label={t("meeting.record.reportedBy")}>
                  {item.reporter ? actorName(item.reporter, item.reporter_name) : "—"}
                  {item.evidence_at ? <div className="text-slate-500">{fmt.instant(item.evidence_at)}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2 className="mt-6 text-xl font-bold">{t("meeting.record.attendees")}</h2>
        <p className="text-sm">
          {t("record.attendeesLine", { people: record.attendees.people.join(", ") || "—", screens: record.attendees.screens.join(", ") || "—" })}
          {record.meeting
            ? t("meeting.record.meeting", {
                id: record.meeting.id,
                at: fmt.instant(record.meeting.scheduled_at),
                name: record.meeting.presenter ? actorName(record.meeting.presenter, record.meeting.presenter_name) : t("board.meeting.nobody"),
              })
            : ""}
        </p>
        {record.notes.length ? (
          <>
            <h2 className="mt-6 text-xl font-bold">{t("meeting.record.notes")}</h2>
            {record.notes.map((n) => (
              <div key={n.section} className="mt-2 break-inside-avoid">
                <h3 className="font-semibold">{n.section}</h3>
                <p className="whitespace-pre-wrap text-sm">{n.text}</p>
              </div>
            ))}
          </>
        ) : null}
        <p className="mt-8 text-xs text-slate-500 print:block">
          <Link to={`/releases/${record.release.id}/decisions`} className="print:hidden">
            {t("meeting.record.allDecisions")}
          </Link>
        </p>
      </article>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
