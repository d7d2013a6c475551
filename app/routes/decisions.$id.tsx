import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { evidenceInWords, itemsBlockersFirst, type DecisionRecord } from "../shared/decision-record";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { Leads } from "../components/leads";
import { StatusBadge } from "../components/status";
import { can, requireAllowed, requireUser } from "../lib/auth.server";
import { readDecision } from "../lib/decisions.server";
import { actorName } from "../lib/board-state";
import { formatInstant } from "../lib/dates";
import type { Status } from "../shared/kinds";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.record.decision === "go" ? "GO" : "NO-GO"} · ${data.record.release.name} · decision ${data.id}` : "Greenlight" },
];

export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { record, ...decision } = readDecision(context, params.id);
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
  return (
    <Page
      crumbs={[
        { to: `/releases/${record.release.id}`, label: record.release.name },
        { to: `/releases/${record.release.id}/decisions`, label: "Decisions" },
        { to: `/decisions/${id}`, label: `#${id}` },
      ]}
    >
      <article
        className="decision-record mx-auto max-w-5xl rounded-xl bg-white p-8 shadow-sm ring-1 ring-slate-200 print:max-w-none print:p-0 print:shadow-none print:ring-0"
        data-decision={record.decision}
      >
        <header className="flex flex-wrap items-start justify-between gap-4 border-b border-slate-200 pb-4">
          <div>
            <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">Go/No-Go decision record #{id}</p>
            <h1 className="text-3xl font-black">{record.release.name}</h1>
            <p className="text-slate-600">
              Release <code>{record.release.id}</code> · launch {record.release.launch_date} · decided {formatInstant(record.decided_at)} by{" "}
              {actorName(record.decided_by, record.decided_by_name)}
            </p>
          </div>
          <div className={`rounded-xl px-6 py-3 text-3xl font-black text-white ${go ? "bg-emerald-700" : "bg-red-700"}`}>{go ? "✔ GO" : "✖ NO-GO"}</div>
        </header>
        <p className="mt-4 whitespace-pre-wrap text-lg">{record.summary}</p>
        <p className="mt-3 text-sm text-slate-600">
          Gate at decision: <strong>{record.gate.open ? "open" : `closed, ${record.gate.blocking} blocking`}</strong> · state at event seq {record.seq}; this
          decision is event {seq}.
        </p>
        <p className="mt-1 break-all text-xs text-slate-500" data-verified={verified}>
          sha256 of the canonical record: <code>{hash}</code> —{" "}
          {verified ? "✔ verified against the stored record and the hash-chained log" : "✖ DOES NOT VERIFY: the record was changed"}
        </p>
        <p className="mt-3 flex gap-4 text-sm print:hidden">
          <a href={`/decisions/${id}.md`} className="font-semibold underline" download>
            Export as Markdown
          </a>
          <button type="button" className="font-semibold underline" onClick={() => window.print()}>
            Print / save as PDF
          </button>
          {mayStartPostmortem ? (
            <Link to={`/postmortems/new?decision=${id}`} className="font-semibold underline">
              Start a post-mortem from this decision
            </Link>
          ) : null}
        </p>

        <h2 className="mt-6 text-xl font-bold">Votes</h2>
        <table className="table-cards mt-2 w-full text-left text-sm">
          <thead className="border-b border-slate-300 text-slate-600">
            <tr>
              <th className="py-1 pr-3">Function</th>
              <th className="py-1 pr-3">Vote</th>
              <th className="py-1 pr-3">Comment</th>
              <th className="py-1 pr-3">By</th>
              <th className="py-1">Cast</th>
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
                  <td className="py-1.5 pr-3 font-semibold">{v ? `${v.vote === "go" ? "✔ Go" : "✖ No-Go"}${v.fresh ? "" : " (stale)"}` : "— no vote"}</td>
                  <td className="py-1.5 pr-3">{v?.comment}</td>
                  <td className="py-1.5 pr-3" data-label="By">
                    {v ? actorName(v.voter, v.voter_name) : null}
                  </td>
                  <td className="py-1.5 tabular-nums" data-label="Cast">
                    {v ? formatInstant(v.cast_at) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>

        {record.actions.length ? (
          <>
            <h2 className="mt-6 text-xl font-bold">Follow-up actions</h2>
            <ul className="mt-2 list-disc pl-6 text-sm">
              {record.actions.map((a, i) => (
                <li key={i}>
                  <strong>{a.title}</strong> — {a.owner}, due {a.due}
                </li>
              ))}
            </ul>
          </>
        ) : null}

        {record.schedule ? (
          <>
            <h2 className="mt-6 text-xl font-bold">Schedule</h2>
            <p className="text-sm">
              Projected finish <strong>{record.schedule.projected_finish}</strong> (planned {record.schedule.planned_finish}); {record.schedule.slack_to_launch}{" "}
              working days of slack to launch.
            </p>
            {record.schedule.late_critical.length ? (
              <ul className="mt-1 list-disc pl-6 text-sm">
                {record.schedule.late_critical.map((t) => (
                  <li key={t.id}>
                    Late critical: {t.name} ({[t.owner, t.assignee].filter(Boolean).join(", ")}) — planned {t.planned_finish}, projected {t.projected_finish}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}

        <h2 className="mt-6 text-xl font-bold">Items ({record.items.length})</h2>
        <table className="table-cards mt-2 w-full text-left text-sm">
          <thead className="border-b border-slate-300 text-slate-600">
            <tr>
              <th className="py-1 pr-3">Item</th>
              <th className="py-1 pr-3">Status</th>
              <th className="py-1 pr-3">Reason</th>
              <th className="py-1 pr-3">Evidence</th>
              <th className="py-1">Reported by</th>
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
                <td className="py-1.5 pr-3">{item.reason}</td>
                <td className="py-1.5 pr-3" data-label="Evidence">
                  {evidenceInWords(item)}
                </td>
                <td className="py-1.5 text-xs" data-label="Reported by">
                  {item.reporter ? actorName(item.reporter, item.reporter_name) : "—"}
                  {item.evidence_at ? <div className="text-slate-500">{formatInstant(item.evidence_at)}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>

        <h2 className="mt-6 text-xl font-bold">Attendees</h2>
        <p className="text-sm">
          People: {record.attendees.people.join(", ") || "—"}. Screens: {record.attendees.screens.join(", ") || "—"}.
          {record.meeting
            ? ` Meeting #${record.meeting.id}, scheduled ${formatInstant(record.meeting.scheduled_at)}, presented by ${record.meeting.presenter ? actorName(record.meeting.presenter, record.meeting.presenter_name) : "nobody"}.`
            : ""}
        </p>
        {record.notes.length ? (
          <>
            <h2 className="mt-6 text-xl font-bold">Notes</h2>
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
            All decisions for this release
          </Link>
        </p>
      </article>
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
