import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useSearchParams, useSubmit } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { TASK_STATUSES } from "../shared/schedule/cpm";
import { NoPlan } from "../components/plan";
import { actorFor, can, requireAllowed } from "../lib/auth.server";
import { replyWithError } from "../lib/form-errors";
import { useFormat } from "../lib/format";
import { parseForm, readForm } from "../lib/forms";
import { translateMessage } from "../lib/i18n";
import { orNotFound } from "../lib/http.server";
import type { PlanRow } from "../lib/plan.server";
import { taskEditSchema } from "../lib/plan-forms";
import { usePlan } from "../lib/use-plan";

/** Which rows the signed-in person may edit: an admin all, a lead those of their functions. */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  return {
    editable: release.functions.filter((owner) => can(user, { type: "task.update", owner })),
    editsAll: can(user, { type: "task.update", owner: null }),
  };
}

/** Save one row: only the fields that changed go into the `task.updated` event. */
export async function action({ params, context, request }: ActionFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const submission = parseForm(await readForm(request), taskEditSchema);
  if (submission.status !== "success") return submission.reply();
  const { task: id, intent: _intent, ...values } = submission.value;
  const current = orNotFound(() => context.wbs.read(params.release!)).tasks.find((t) => t.id === id);
  if (!current) return submission.reply({ formErrors: [`No task "${id}" in this plan: reload the page.`] });
  const next = { ...values, owner: values.owner ?? null, assignee: values.assignee ?? null };
  const patch = Object.fromEntries(Object.entries(next).filter(([field, value]) => current[field as keyof typeof next] !== value));
  if (!Object.keys(patch).length) return submission.reply();
  try {
    context.wbs.updateTask(params.release!, id, patch, actorFor(user));
    return submission.reply();
  } catch (error) {
    return replyWithError(submission.reply, error);
  }
}

const cell = "border-b border-slate-100 px-2 py-1.5 align-middle";
const small = "rounded border border-slate-300 bg-white px-1.5 py-1 text-sm";

export default function TasksTable() {
  const { t } = useTranslation();
  const { plan, mayReplace } = usePlan();
  const [params] = useSearchParams();
  const submit = useSubmit();
  const owner = params.get("owner") ?? "";
  const person = params.get("person") ?? "";
  const only = params.get("only") ?? "";
  const people = useMemo(() => [...new Set(plan.rows.map((r) => r.assignee).filter((a): a is string => a !== null))].sort(), [plan.rows]);
  const shown = useMemo(() => filterRows(plan.rows, { owner, person, only }), [plan.rows, owner, person, only]);
  if (!plan.rows.length) return <NoPlan release={plan.release.id} mayReplace={mayReplace} />;

  return (
    <div className="flex flex-col gap-3">
      <Form method="get" className="flex flex-wrap items-end gap-3" onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}>
        <label className="text-sm font-semibold text-slate-700">
          {t("plan.tasks.function")}
          <select name="owner" defaultValue={owner} className={`ml-2 ${small}`}>
            <option value="">{t("plan.tasks.all")}</option>
            {plan.release.functions.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-semibold text-slate-700">
          {t("plan.tasks.person")}
          <select name="person" defaultValue={person} className={`ml-2 ${small}`}>
            <option value="">{t("plan.tasks.everyone")}</option>
            {people.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        <label className="text-sm font-semibold text-slate-700">
          {t("plan.tasks.show")}
          <select name="only" defaultValue={only} className={`ml-2 ${small}`}>
            <option value="">{t("plan.tasks.only.all")}</option>
            <option value="critical">{t("plan.tasks.only.critical")}</option>
            <option value="late">{t("plan.tasks.only.late")}</option>
            <option value="open">{t("plan.tasks.only.open")}</option>
          </select>
        </label>
        <noscript>
          <button type="submit" className="rounded-md bg-slate-900 px-3 py-1 text-sm font-semibold text-white">
            {t("plan.tasks.filter")}
          </button>
        </noscript>
        <span className="text-sm text-slate-600" data-shown={shown.filter((r) => r.match).length}>
          {t("plan.tasks.shown", { shown: shown.filter((r) => r.match).length, total: plan.rows.length })}
        </span>
      </Form>
      <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
        <table className="table-cards w-full text-sm">
          <thead className="sticky top-0 whitespace-nowrap bg-slate-50 text-left text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-2 py-2">{t("plan.tasks.column.task")}</th>
              <th className="px-2 py-2">{t("plan.tasks.column.function")}</th>
              <th className="px-2 py-2">{t("plan.tasks.column.person")}</th>
              <th className="px-2 py-2 text-right">{t("plan.tasks.column.days")}</th>
              <th className="px-2 py-2 text-right">{t("plan.tasks.column.progress")}</th>
              <th className="px-2 py-2">{t("plan.tasks.column.status")}</th>
              <th className="px-2 py-2">{t("plan.tasks.column.planned")}</th>
              <th className="px-2 py-2">{t("plan.tasks.column.projected")}</th>
              <th className="px-2 py-2 text-right">{t("plan.tasks.column.float")}</th>
              <th className="px-2 py-2" />
            </tr>
          </thead>
          <tbody>
            {shown.map(({ row, match }) => (
              // Keyed on the saved values too: after a save (or anyone's change) the row shows the server's truth.
              <TaskRow
                key={`${row.id}:${row.owner}:${row.assignee}:${row.duration}:${row.progress}:${row.status}`}
                row={row}
                context={!match}
                functions={plan.release.functions}
              />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Matching rows, plus their summary ancestors (shown dimmed) so the tree still reads. */
function filterRows(rows: PlanRow[], { owner, person, only }: { owner: string; person: string; only: string }) {
  const matches = (r: PlanRow) =>
    (!owner || r.owner === owner) &&
    (!person || r.assignee === person) &&
    (only === "critical"
      ? !r.summary && r.projected.critical && r.status !== "done"
      : only === "late"
        ? r.late
        : only === "open"
          ? !r.summary && r.status !== "done"
          : true);
  if (!owner && !person && !only) return rows.map((row) => ({ row, match: true }));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const keep = new Set<string>();
  const matched = new Set<string>();
  for (const r of rows) {
    if (r.summary || !matches(r)) continue;
    matched.add(r.id);
    for (let p: PlanRow | undefined = r; p && !keep.has(p.id); p = p.parent ? byId.get(p.parent) : undefined) keep.add(p.id);
  }
  return rows.filter((r) => keep.has(r.id)).map((row) => ({ row, match: matched.has(row.id) }));
}

function TaskRow({ row, context, functions }: { row: PlanRow; context: boolean; functions: string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { editable, editsAll } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const formId = `task-${row.id}`;
  const mayEdit = !row.summary && (editsAll || (row.owner !== null && editable.includes(row.owner)));
  const errors =
    fetcher.data && "error" in fetcher.data && fetcher.data.error
      ? Object.values(fetcher.data.error)
          .flat()
          .flatMap((message) => (message ? [translateMessage(message, t)] : []))
      : [];
  const critical = !row.summary && row.projected.critical && row.status !== "done";
  return (
    <>
      <tr
        data-task-row={row.id}
        data-critical={critical}
        className={`border-b border-slate-100 md:border-b-0 ${context ? "opacity-50" : ""} ${row.summary ? "bg-slate-50 font-semibold" : ""}`}
      >
        <td className={cell} style={{ paddingLeft: 8 + row.depth * 18 }}>
          {mayEdit ? <fetcher.Form id={formId} method="post" className="hidden" /> : null}
          <span className="flex items-center gap-2">
            {critical ? (
              <span className="shrink-0 whitespace-nowrap rounded bg-red-700 px-1 text-[10px] font-bold uppercase text-white">{t("plan.tag.critical")}</span>
            ) : null}
            <span>{row.name}</span>
            {row.late ? (
              <span className="shrink-0 whitespace-nowrap rounded bg-amber-300 px-1 text-[10px] font-bold uppercase text-amber-950">{t("plan.tag.late")}</span>
            ) : null}
            <span className="text-xs font-normal text-slate-400">{row.id}</span>
          </span>
        </td>
        {mayEdit ? (
          <>
            <td className={cell} data-label={t("plan.tasks.column.function")}>
              <input type="hidden" name="intent" value="update" form={formId} />
              <input type="hidden" name="task" value={row.id} form={formId} />
              <select name="owner" defaultValue={row.owner ?? ""} form={formId} className={small} aria-label={t("plan.tasks.functionOf", { name: row.name })}>
                <option value="">—</option>
                {functions.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </td>
            <td className={cell} data-label={t("plan.tasks.column.person")}>
              <input
                name="assignee"
                defaultValue={row.assignee ?? ""}
                form={formId}
                className={`${small} w-32`}
                aria-label={t("plan.tasks.personOn", { name: row.name })}
              />
            </td>
            <td className={`${cell} text-right`} data-label={t("plan.tasks.column.days")}>
              <input
                name="duration"
                type="number"
                min={0}
                defaultValue={row.duration}
                form={formId}
                className={`${small} w-16 text-right`}
                aria-label={t("plan.tasks.durationOf", { name: row.name })}
              />
            </td>
            <td className={`${cell} text-right`} data-label={t("plan.tasks.column.progress")}>
              <input
                name="progress"
                type="number"
                min={0}
                max={100}
                defaultValue={row.progress}
                form={formId}
                className={`${small} w-16 text-right`}
                aria-label={t("plan.tasks.progressOf", { name: row.name })}
              />
            </td>
            <td className={cell} data-label={t("plan.tasks.column.status")}>
              <select name="status" defaultValue={row.status} form={formId} className={small} aria-label={t("plan.tasks.statusOf", { name: row.name })}>
                {TASK_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`plan.taskStatus.${s}`)}
                  </option>
                ))}
              </select>
            </td>
          </>
        ) : (
          <>
            <td className={`${cell} uppercase`} data-label={t("plan.tasks.column.function")}>
              {row.owner ?? "—"}
            </td>
            <td className={cell} data-label={t("plan.tasks.column.person")}>
              {row.assignee ?? "—"}
            </td>
            <td className={`${cell} text-right tabular-nums`} data-label={t("plan.tasks.column.days")}>
              {row.summary ? "" : row.duration}
            </td>
            <td className={`${cell} text-right tabular-nums`} data-label={t("plan.tasks.column.progress")}>
              {row.summary ? "" : `${row.progress}%`}
            </td>
            <td className={cell} data-label={t("plan.tasks.column.status")}>
              {row.summary ? "" : t(`plan.taskStatus.${row.status}`)}
            </td>
          </>
        )}
        <td className={`${cell} whitespace-nowrap tabular-nums text-slate-600`} data-label={t("plan.tasks.column.planned")}>
          {fmt.day(row.planned.start)} → {fmt.day(row.planned.finish)}
        </td>
        <td className={`${cell} whitespace-nowrap tabular-nums ${row.late ? "font-semibold text-red-700" : ""}`} data-label={t("plan.tasks.column.projected")}>
          {fmt.day(row.projected.finish)}
        </td>
        <td className={`${cell} text-right tabular-nums`} data-label={t("plan.tasks.column.float")}>
          {row.projected.total_float}
        </td>
        <td className={`${cell} whitespace-nowrap`}>
          {mayEdit ? (
            <button
              type="submit"
              form={formId}
              className="rounded-md bg-slate-900 px-2.5 py-1 text-xs font-semibold text-white hover:bg-slate-700 disabled:opacity-60"
              disabled={fetcher.state !== "idle"}
            >
              {fetcher.state !== "idle" ? t("plan.tasks.saving") : t("plan.tasks.save")}
            </button>
          ) : null}
        </td>
      </tr>
      {errors.length ? (
        <tr>
          <td colSpan={10} className="bg-red-50 px-3 py-1 text-sm font-medium text-red-800" role="alert">
            {t("plan.tasks.rowError", { name: row.name, errors: errors.join(" ") })}
          </td>
        </tr>
      ) : null}
    </>
  );
}
