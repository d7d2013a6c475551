import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Trans, useTranslation } from "react-i18next";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { AppError } from "../shared/errors";
import type { BoardSchedule } from "../shared/board";
import { SHOWN_CHANGES, type DiffSummary } from "../shared/schedule/diff";
import { buttonClass, inputClass } from "../components/layout";
import { actorFor, requireAllowed } from "../lib/auth.server";
import { useFormat } from "../lib/format";
import { readForm } from "../lib/forms";
import { translateMessage } from "../lib/i18n";
import { orNotFound } from "../lib/http.server";
import { IMPORT_MAX_BYTES } from "../lib/plan-forms";
import { slackStatus, STATUS_LOOK } from "../lib/status";
import { usePlan } from "../lib/use-plan";

export function loader({ params, context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "wbs.replace" });
  orNotFound(() => context.readiness.getRelease(params.release!));
  return null;
}

/** The CSV's header (SPEC 6), written out: the parser's module (app/shared/schedule/csv) has no place in the browser's bundle. */
const COLUMNS = "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status";

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
  const { t } = useTranslation();
  const { plan } = usePlan();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const applying = busy && navigation.formData?.get("intent") === "apply";
  return (
    <div className="grid gap-6 lg:grid-cols-[28rem_1fr]">
      <section className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
        <h2 className="text-lg font-bold">{t("plan.import.heading")}</h2>
        <p className="mt-1 text-sm text-slate-600">
          <Trans
            i18nKey="plan.import.intro"
            count={plan.rows.length}
            values={{ columns: COLUMNS, optional: "assignee" }}
            components={[<code key="columns" className="break-all text-xs" />, <code key="optional" className="text-xs" />]}
          />
        </p>
        <Form method="post" encType="multipart/form-data" className="mt-4 flex flex-col gap-3">
          <input type="hidden" name="intent" value="preview" />
          <label className="text-sm font-semibold text-slate-800">
            {t("plan.import.file")}
            <input type="file" name="file" accept=".csv,text/csv" className="mt-1 block w-full text-sm" />
          </label>
          <label className="text-sm font-semibold text-slate-800">
            {t("plan.import.paste")}
            <textarea name="csv" rows={6} className={`${inputClass} mt-1 font-mono text-xs`} placeholder={COLUMNS} />
          </label>
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy && !applying ? t("plan.import.reading") : t("plan.import.preview")}
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
  const { t } = useTranslation();
  return (
    <section role="alert" data-import-problems={problems.length} className="rounded-xl bg-red-50 p-5 ring-1 ring-red-200">
      <h2 className="text-lg font-bold text-red-900">
        <span aria-hidden="true">✖</span> {t("plan.import.problems", { count: problems.length })}
      </h2>
      <ul className="mt-2 flex flex-col gap-1 text-sm text-red-900">
        {problems.map((p, i) => (
          <li key={i}>
            {p.line !== null ? <strong className="tabular-nums">{t("plan.import.line", { line: p.line })}</strong> : null}
            {translateMessage(p.message, t)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Preview({ reply, busy, applying }: { reply: Extract<Reply, { stage: "preview" }>; busy: boolean; applying: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { diff, schedule } = reply;
  const changes = [
    ...diff.first.added.map((task) => ({
      id: task.id,
      kind: "added" as const,
      text: task.owner
        ? t("plan.import.addedTaskOwner", { name: task.name, duration: task.duration, owner: task.owner })
        : t("plan.import.addedTask", { name: task.name, duration: task.duration }),
    })),
    ...diff.first.removed.map((task) => ({ id: task.id, kind: "removed" as const, text: task.name })),
    ...diff.first.changed.map((c) => ({
      id: c.id,
      kind: "changed" as const,
      text: c.fields
        .map((f) => t("plan.import.fieldChange", { field: t(`plan.import.field.${f.field}`), from: f.from ?? t("common.none"), to: f.to ?? t("common.none") }))
        .join(t("plan.import.changeSeparator")),
    })),
  ];
  const changed = diff.added + diff.removed + diff.changed;
  const nothing = !changed && !diff.dependencies.added && !diff.dependencies.removed;
  const look = schedule ? slackStatus(schedule.slack_to_launch, t) : null;
  return (
    <section className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-import-preview>
      <h2 className="text-lg font-bold">{t("plan.import.previewHeading", { count: reply.tasks })}</h2>
      <ul className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
        <li data-added={diff.added}>
          <Trans i18nKey="plan.import.added" values={{ count: diff.added }} components={[<strong key="n" />]} />
        </li>
        <li data-removed={diff.removed}>
          <Trans i18nKey="plan.import.removed" values={{ count: diff.removed }} components={[<strong key="n" />]} />
        </li>
        <li data-changed={diff.changed}>
          <Trans i18nKey="plan.import.changed" values={{ count: diff.changed }} components={[<strong key="n" />]} />
        </li>
        <li>
          <Trans i18nKey="plan.import.unchanged" values={{ count: diff.unchanged }} components={[<strong key="n" />]} />
        </li>
        <li>
          <Trans
            i18nKey="plan.import.dependencies"
            values={{ added: diff.dependencies.added, removed: diff.dependencies.removed }}
            components={[<strong key="added" />, <strong key="removed" />]}
          />
        </li>
      </ul>
      {schedule && look ? (
        <p className="mt-3 text-sm">
          <span className={`rounded-md px-2 py-0.5 font-bold ${STATUS_LOOK[look.status].badge}`}>
            <span aria-hidden="true">{STATUS_LOOK[look.status].symbol}</span> {look.word}
          </span>{" "}
          <Trans
            i18nKey="plan.import.finish"
            values={{ projected: fmt.day(schedule.projected_finish), planned: fmt.day(schedule.planned_finish), launch: fmt.day(schedule.launch) }}
            components={[<strong key="projected" />]}
          />
        </p>
      ) : null}
      {nothing ? <p className="mt-3 text-sm text-slate-600">{t("plan.import.same")}</p> : null}
      {/* Multipart, as the file was: URL-encoding would take a 0.7 MB plan past the 1 MB a form may send. */}
      <Form method="post" encType="multipart/form-data" className="mt-4">
        <input type="hidden" name="intent" value="apply" />
        <textarea name="csv" defaultValue={reply.csv} hidden readOnly />
        <button type="submit" className={buttonClass} disabled={busy || nothing}>
          {applying ? t("plan.import.replacing") : t("plan.import.apply", { count: reply.tasks })}
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
                  {t(`plan.import.kind.${c.kind}`)}
                </td>
                <td className="py-1 pr-3 font-mono text-xs">{c.id}</td>
                <td className="py-1">{c.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {changed > SHOWN_CHANGES ? <p className="mt-1 text-sm text-slate-500">{t("plan.import.more", { count: changed - SHOWN_CHANGES })}</p> : null}
    </section>
  );
}
