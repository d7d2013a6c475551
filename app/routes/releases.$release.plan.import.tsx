import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useTranslation } from "react-i18next";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AppError } from "../shared/errors";
import type { BoardSchedule } from "../shared/board";
import { SHOWN_CHANGES, type DiffSummary } from "../shared/schedule/diff";
import { buttonClass, inputClass } from "../components/layout";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { readForm } from "../lib/forms";
import { orNotFound } from "../lib/http.server";
import { IMPORT_MAX_BYTES } from "../lib/plan-forms";
import { slackStatus, STATUS_LOOK } from "../lib/status";
import { usePlan } from "../lib/use-plan";

export function loader({ params, context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "wbs.replace" });
  orNotFound(() => context.readiness.getRelease(params.release!));
  return null;
}

type Problem = { line: number | null; message: string };
type Reply = { stage: "problems"; problems: Problem[] } | { stage: "preview"; csv: string; diff: DiffSummary; tasks: number; schedule: BoardSchedule | null };

/**
 * Two steps, all or nothing: `preview` parses the CSV and schedules it,
 * listing every problem by line, or shows what would change; `apply` replaces
 * the WBS with exactly the previewed text.
 */
export async function action({ params, context, request }: ActionFunctionArgs) {
  const user = requireAllowed(context, request, { type: "wbs.replace" });
  const release = params.release!;
  const form = await readForm(request);
  const file = form.get("file");
  const text = file instanceof File && file.size > 0 ? await file.text() : String(form.get("csv") ?? "");
  const refuse = (problems: Problem[]) => data<Reply>({ stage: "problems", problems }, { status: 422 });
  if (!text.trim()) return refuse([{ line: null, message: "Choose a CSV file or paste its text." }]);
  if (text.length > IMPORT_MAX_BYTES) return refuse([{ line: null, message: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.` }]);
  try {
    if (form.get("intent") === "apply") {
      const done = await context.wbs.import(release, { csv: text }, actorFor(user));
      return redirect(`/releases/${release}/plan?imported=${done.tasks}`);
    }
    const { tasks, diff, schedule } = await context.wbs.preview(release, { csv: text }, actorFor(user));
    return data<Reply>({ stage: "preview", csv: text, diff, tasks, schedule });
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_csv") return refuse(error.details as Problem[]);
    if (error instanceof AppError && error.status === 422) {
      const details = Array.isArray(error.details) ? (error.details as { message: string }[]).map((d) => ({ line: null, message: d.message })) : [];
      return refuse([{ line: null, message: error.message }, ...details]);
    }
    if (error instanceof AppError) return data<Reply>({ stage: "problems", problems: [{ line: null, message: error.message }] }, { status: error.status });
    throw error;
  }
}

export default function ImportPlan() {
  const { plan } = usePlan();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const applying = busy && navigation.formData?.get("intent") === "apply";
  return (
    <div className="grid gap-6 lg:grid-cols-[28rem_1fr]">
      <section className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="text-lg font-bold">Import a WBS from CSV</h2>
        <p className="mt-1 text-sm text-slate-600">
          Replaces the whole plan ({plan.rows.length} tasks now). Nothing is written until you apply the preview. Columns:{" "}
          <code className="break-all text-xs">id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status</code>, optionally{" "}
          <code className="text-xs">assignee</code>.
        </p>
        <Form method="post" encType="multipart/form-data" className="mt-4 flex flex-col gap-3">
          <input type="hidden" name="intent" value="preview" />
          <label className="text-sm font-semibold text-slate-800">
            CSV file
            <input type="file" name="file" accept=".csv,text/csv" className="mt-1 block w-full text-sm" />
          </label>
          <label className="text-sm font-semibold text-slate-800">
            or paste it
            <textarea
              name="csv"
              rows={6}
              className={`${inputClass} mt-1 font-mono text-xs`}
              placeholder="id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status"
            />
          </label>
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy && !applying ? "Reading and scheduling…" : "Preview changes"}
          </button>
        </Form>
      </section>
      <div>
        {reply?.stage === "problems" ? (
          <Problems problems={reply.problems} />
        ) : reply?.stage === "preview" ? (
          <Preview reply={reply} busy={busy} applying={applying} />
        ) : null}
      </div>
    </div>
  );
}

function Problems({ problems }: { problems: Problem[] }) {
  return (
    <section role="alert" data-import-problems={problems.length} className="rounded-xl bg-red-50 p-5 ring-1 ring-red-200">
      <h2 className="text-lg font-bold text-red-900">
        <span aria-hidden="true">✖</span> Nothing was imported: {problems.length} problem{problems.length === 1 ? "" : "s"}
      </h2>
      <ul className="mt-2 flex flex-col gap-1 text-sm text-red-900">
        {problems.map((p, i) => (
          <li key={i}>
            {p.line !== null ? <strong className="tabular-nums">Line {p.line}: </strong> : null}
            {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Preview({ reply, busy, applying }: { reply: Extract<Reply, { stage: "preview" }>; busy: boolean; applying: boolean }) {
  const { t } = useTranslation();
  const { diff, schedule } = reply;
  const changes = [
    ...diff.first.added.map((t) => ({ id: t.id, kind: "added", text: `${t.name} (${t.duration} d${t.owner ? `, ${t.owner}` : ""})` })),
    ...diff.first.removed.map((t) => ({ id: t.id, kind: "removed", text: t.name })),
    ...diff.first.changed.map((c) => ({ id: c.id, kind: "changed", text: c.fields.map((f) => `${f.field} ${f.from ?? "—"} → ${f.to ?? "—"}`).join(", ") })),
  ];
  const changed = diff.added + diff.removed + diff.changed;
  const nothing = !changed && !diff.dependencies.added && !diff.dependencies.removed;
  const look = schedule ? slackStatus(schedule.slack_to_launch, t) : null;
  return (
    <section className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-import-preview>
      <h2 className="text-lg font-bold">Preview: {reply.tasks} tasks</h2>
      <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <li data-added={diff.added}>
          <strong>{diff.added}</strong> added
        </li>
        <li data-removed={diff.removed}>
          <strong>{diff.removed}</strong> removed
        </li>
        <li data-changed={diff.changed}>
          <strong>{diff.changed}</strong> changed
        </li>
        <li>
          <strong>{diff.unchanged}</strong> unchanged
        </li>
        <li>
          dependencies <strong>+{diff.dependencies.added}</strong> / <strong>−{diff.dependencies.removed}</strong>
        </li>
      </ul>
      {schedule && look ? (
        <p className="mt-3 text-sm">
          <span className={`rounded-md px-2 py-0.5 font-bold ${STATUS_LOOK[look.status].badge}`}>
            <span aria-hidden="true">{STATUS_LOOK[look.status].symbol}</span> {look.word}
          </span>{" "}
          projected finish <strong>{schedule.projected_finish}</strong> (planned {schedule.planned_finish}), launch {schedule.launch}
        </p>
      ) : null}
      {nothing ? <p className="mt-3 text-sm text-slate-600">The file matches the current plan.</p> : null}
      {/* Multipart, as the file was: URL-encoding would take a 0.7 MB plan past the 1 MB a form may send. */}
      <Form method="post" encType="multipart/form-data" className="mt-4">
        <input type="hidden" name="intent" value="apply" />
        <textarea name="csv" defaultValue={reply.csv} hidden readOnly />
        <button type="submit" className={buttonClass} disabled={busy || nothing}>
          {applying ? "Replacing the plan…" : `Apply: replace the plan with these ${reply.tasks} tasks`}
        </button>
      </Form>
      {changes.length ? (
        <table className="table-cards mt-3 w-full text-sm">
          <tbody>
            {changes.slice(0, SHOWN_CHANGES).map((c) => (
              <tr key={`${c.kind}:${c.id}`} className="border-b border-slate-100" data-change={c.kind}>
                <td
                  className={`py-1 pr-3 text-xs font-bold uppercase ${c.kind === "removed" ? "text-red-700" : c.kind === "added" ? "text-emerald-700" : "text-amber-700"}`}
                >
                  {c.kind}
                </td>
                <td className="py-1 pr-3 font-mono text-xs">{c.id}</td>
                <td className="py-1">{c.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {changed > SHOWN_CHANGES ? <p className="mt-1 text-sm text-slate-500">and {changed - SHOWN_CHANGES} more changes</p> : null}
    </section>
  );
}
