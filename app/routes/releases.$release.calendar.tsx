import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CAMPAIGN_KINDS, campaignCreateSchema, campaignPatchSchema, rescheduleSchema, type CampaignView } from "../shared/campaigns";
import { AppError, invalid } from "../shared/errors";
import { addDays } from "../shared/time";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { StatusBadge } from "../components/status";
import { actorFor, can, requireAllowed, requireUser } from "../lib/auth.server";
import { campaignReason } from "../lib/campaign-words";
import { readForm } from "../lib/forms";
import { orNotFound } from "../lib/http.server";
import { metaT } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${metaT(matches)("campaigns.title")} · ${data.release.name}` : "Greenlight" },
];

/**
 * A release's launch calendar (SPEC 13, ADR 024): its campaigns by week
 * around the launch, each with its kind, dates (absolute and T±n), its
 * requirements' status and why it is at risk; for an admin, the forms to add,
 * edit and delete campaigns and to move the launch date.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  return {
    release: { id: release.id, name: release.name, launch_date: release.launch_date, start_date: release.start_date },
    campaigns: context.campaigns.list(release.id),
    mayManage: can(user, { type: "campaign.manage" }),
    mayReschedule: can(user, { type: "release.reschedule" }),
  };
}

interface Reply {
  intent: string;
  id?: string;
  done?: string;
  error?: { message: string; details: { path: string; message: string }[] };
}

const list = (text: FormDataEntryValue | null) =>
  String(text ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

export async function action({ params, context, request }: ActionFunctionArgs) {
  requireUser(context, request);
  const release = params.release!;
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "create");
  // The refusal (403, or sign in) before anything is read: moving the launch and campaigns are an admin's.
  const user = requireAllowed(context, request, { type: intent === "reschedule" ? "release.reschedule" : "campaign.manage" });
  const id = String(form.get("id") ?? "");
  const actor = actorFor(user);
  const parse = <T,>(
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
    value: unknown,
  ) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw invalid("check the fields marked below; nothing was written", parsed.error.issues);
    return parsed.data;
  };
  try {
    if (intent === "reschedule") {
      const moved = context.campaigns.reschedule(release, parse(rescheduleSchema, { launch_date: form.get("launch_date") }).launch_date, actor);
      return data<Reply>({ intent, done: `${moved.from}→${moved.to}` });
    }
    if (intent === "delete") {
      context.campaigns.remove(release, id, actor);
      return data<Reply>({ intent, id, done: "deleted" });
    }
    const fields = {
      name: form.get("name"),
      kind: form.get("kind"),
      starts: form.get("starts"),
      ends: form.get("ends"),
      requires: { tasks: list(form.get("tasks")), items: list(form.get("items")) },
      owner: form.get("owner") || "marketing",
    };
    if (intent === "update") {
      context.campaigns.update(release, id, parse(campaignPatchSchema, fields), actor);
      return data<Reply>({ intent, id, done: "saved" });
    }
    context.campaigns.create(release, parse(campaignCreateSchema, { ...fields, id }), actor);
    return data<Reply>({ intent, done: "created" });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const details = Array.isArray(error.details) ? (error.details as { path: string; message: string }[]) : [];
    return data<Reply>({ intent, id, error: { message: error.message, details } }, { status: error.status });
  }
}

/** The Monday of a date's week (UTC). */
function weekOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

export default function CalendarPage() {
  const { release, campaigns, mayManage, mayReschedule } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation();
  const weeks = new Map<string, CampaignView[]>();
  for (const c of campaigns) {
    const week = weekOf(c.start_date);
    weeks.set(week, [...(weeks.get(week) ?? []), c]);
  }
  const launchWeek = weekOf(release.launch_date);
  if (!weeks.has(launchWeek)) weeks.set(launchWeek, []);
  const ordered = [...weeks.entries()].sort(([a], [b]) => a.localeCompare(b));
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/calendar`, label: t("campaigns.nav") },
      ]}
    >
      <h1 className="text-3xl font-bold">{t("campaigns.title")}</h1>
      <p className="mt-2 max-w-3xl text-slate-700">{t("campaigns.intro", { launch: release.launch_date })}</p>
      {posted?.done && !posted.error ? (
        <p role="status" className="mt-4 rounded-md bg-emerald-50 px-3 py-2 font-medium text-emerald-900 ring-1 ring-emerald-200">
          {posted.intent === "reschedule"
            ? t("campaigns.launch.moved", { from: posted.done.split("→")[0], to: posted.done.split("→")[1] })
            : posted.done === "deleted"
              ? t("campaigns.form.deleted")
              : posted.done === "saved"
                ? t("campaigns.form.saved")
                : t("campaigns.form.created")}
        </p>
      ) : null}

      {mayReschedule ? <LaunchForm release={release} posted={posted} /> : null}

      <div className="mt-6 flex flex-col gap-6" data-calendar>
        {campaigns.length ? null : <p className="text-slate-600">{t("campaigns.none")}</p>}
        {ordered.map(([week, list]) => (
          <section key={week} aria-label={t("campaigns.weekOf", { date: week })} data-week={week}>
            <h2 className="border-b border-slate-200 pb-1 text-lg font-bold text-slate-800">
              {t("campaigns.weekOf", { date: week })}
              {week === launchWeek ? (
                <span className="ml-3 rounded bg-slate-900 px-2 py-0.5 text-sm font-semibold text-white" data-launch-week>
                  <span aria-hidden="true">▲ </span>
                  {t("campaigns.launchDay")} {release.launch_date}
                </span>
              ) : null}
            </h2>
            <ul className="mt-3 flex flex-col gap-3">
              {list.map((c) => (
                <CampaignCard key={c.id} campaign={c} mayManage={mayManage} posted={posted?.id === c.id ? posted : undefined} />
              ))}
            </ul>
          </section>
        ))}
      </div>

      {mayManage ? (
        <section className="mt-8 max-w-3xl rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="text-xl font-bold">{t("campaigns.form.add")}</h2>
          <CampaignForm intent="create" posted={posted?.intent === "create" ? posted : undefined} />
        </section>
      ) : (
        <p className="mt-8 text-sm text-slate-600">{t("campaigns.form.adminOnly")}</p>
      )}
    </Page>
  );
}

function RiskBadge({ atRisk }: { atRisk: boolean }) {
  const { t } = useTranslation();
  return atRisk ? (
    <span className="inline-flex items-center gap-1.5 rounded-md bg-red-700 px-2 py-0.5 text-sm font-semibold text-white" data-at-risk="true">
      <span aria-hidden="true">✖</span>
      {t("campaigns.atRisk")}
    </span>
  ) : (
    <span className="inline-flex items-center gap-1.5 rounded-md bg-emerald-700 px-2 py-0.5 text-sm font-semibold text-white" data-at-risk="false">
      <span aria-hidden="true">✔</span>
      {t("campaigns.onTrack")}
    </span>
  );
}

function CampaignCard({ campaign: c, mayManage, posted }: { campaign: CampaignView; mayManage: boolean; posted?: Reply }) {
  const { t } = useTranslation();
  const nothing = !c.requirements.tasks.length && !c.requirements.items.length;
  return (
    <li
      data-campaign={c.id}
      className={`min-w-0 rounded-xl bg-white p-4 shadow-sm ring-1 ${c.at_risk ? "ring-2 ring-red-300" : "ring-slate-200"}`}
      aria-label={c.name}
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <h3 className="min-w-0 break-words text-lg font-bold">{c.name}</h3>
        <span className="rounded bg-slate-100 px-2 py-0.5 text-sm font-medium text-slate-700">{t(`campaigns.kind.${c.kind}`)}</span>
        <RiskBadge atRisk={c.at_risk} />
      </div>
      <p className="mt-1 text-slate-700">
        <span className="tabular-nums font-semibold">{t("campaigns.dates", { start: c.start_date, end: c.end_date })}</span>{" "}
        <span className="text-slate-500">({t("campaigns.offsets", { start: c.start_offset, end: c.end_offset })})</span>
        <span className="ml-2 text-sm text-slate-500">{t("campaigns.owner", { owner: c.owner })}</span>
      </p>
      {c.risk_reasons.length ? (
        <ul className="mt-2 list-disc pl-5 text-red-800">
          {c.risk_reasons.map((r) => (
            <li key={r}>{campaignReason(r, t)}</li>
          ))}
        </ul>
      ) : null}
      <div className="mt-2 text-sm">
        {nothing ? (
          <p className="text-slate-600">{t("campaigns.requiresNothing")}</p>
        ) : (
          <>
            <p className="font-semibold text-slate-800">{t("campaigns.requires")}</p>
            <ul className="mt-1 flex flex-col gap-1">
              {c.requirements.tasks.map((task) => (
                <li key={task.id} className="flex flex-wrap items-center gap-2" data-requires-task={task.id}>
                  <span className="font-mono">{t("campaigns.task", { id: task.id })}</span>
                  {task.name ? <span className="text-slate-700">{task.name}</span> : null}
                  <span className="text-slate-600">
                    {task.status === null
                      ? t("campaigns.taskMissing")
                      : task.status === "done"
                        ? t("campaigns.taskDone")
                        : t("campaigns.taskFinish", { date: task.projected_finish })}
                  </span>
                </li>
              ))}
              {c.requirements.items.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center gap-2" data-requires-item={item.id}>
                  {item.status ? <StatusBadge status={item.status} /> : <span className="text-slate-600">{t("campaigns.itemMissing")}</span>}
                  <span className="font-mono">{item.id}</span>
                  {item.title ? <span className="text-slate-700">{item.title}</span> : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      {mayManage ? (
        <details className="mt-3" open={Boolean(posted?.error)}>
          <summary className="cursor-pointer text-sm font-semibold text-slate-700">{t("campaigns.form.edit")}</summary>
          <CampaignForm intent="update" campaign={c} posted={posted} />
          <Form method="post" className="mt-2">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={c.id} />
            <button type="submit" className="rounded-md px-3 py-1.5 text-sm font-semibold text-red-700 ring-1 ring-red-300 hover:bg-red-50">
              {t("campaigns.form.delete")}
            </button>
          </Form>
        </details>
      ) : null}
    </li>
  );
}

function errorsFor(posted: Reply | undefined, path: string): string[] | undefined {
  const found = posted?.error?.details.filter((d) => d.path === path || d.path.startsWith(`${path}.`) || d.path.startsWith(`${path}[`)).map((d) => d.message);
  return found?.length ? found : undefined;
}

function CampaignForm({ intent, campaign, posted }: { intent: "create" | "update"; campaign?: CampaignView; posted?: Reply }) {
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const key = campaign?.id ?? "new";
  const field = (name: string) => `${key}-${name}`;
  return (
    <Form method="post" className="mt-3 grid gap-x-4 sm:grid-cols-2" data-campaign-form={key}>
      <input type="hidden" name="intent" value={intent} />
      {campaign ? (
        <input type="hidden" name="id" value={campaign.id} />
      ) : (
        <Field id={field("id")} label={t("campaigns.form.id")} hint={t("campaigns.form.idHint")} error={errorsFor(posted, "id")}>
          <input id={field("id")} name="id" required className={inputClass} />
        </Field>
      )}
      <Field id={field("name")} label={t("campaigns.form.name")} error={errorsFor(posted, "name")}>
        <input id={field("name")} name="name" required defaultValue={campaign?.name} className={inputClass} />
      </Field>
      <Field id={field("kind")} label={t("campaigns.form.kind")} error={errorsFor(posted, "kind")}>
        <select id={field("kind")} name="kind" defaultValue={campaign?.kind ?? "trading_competition"} className={inputClass}>
          {CAMPAIGN_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`campaigns.kind.${k}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id={field("owner")} label={t("campaigns.form.owner")} error={errorsFor(posted, "owner")}>
        <input id={field("owner")} name="owner" defaultValue={campaign?.owner ?? "marketing"} className={inputClass} />
      </Field>
      <Field id={field("starts")} label={t("campaigns.form.starts")} hint={t("campaigns.form.dateHint")} error={errorsFor(posted, "starts")}>
        <input id={field("starts")} name="starts" required defaultValue={campaign?.starts} placeholder="T-2" className={inputClass} />
      </Field>
      <Field id={field("ends")} label={t("campaigns.form.ends")} hint={t("campaigns.form.dateHint")} error={errorsFor(posted, "ends")}>
        <input id={field("ends")} name="ends" required defaultValue={campaign?.ends} placeholder="T+14" className={inputClass} />
      </Field>
      <Field id={field("tasks")} label={t("campaigns.form.tasks")} hint={t("campaigns.form.tasksHint")} error={errorsFor(posted, "requires.tasks")}>
        <input id={field("tasks")} name="tasks" defaultValue={campaign?.requires.tasks.join(", ")} className={inputClass} />
      </Field>
      <Field id={field("items")} label={t("campaigns.form.items")} hint={t("campaigns.form.itemsHint")} error={errorsFor(posted, "requires.items")}>
        <input id={field("items")} name="items" defaultValue={campaign?.requires.items.join(", ")} className={inputClass} />
      </Field>
      {posted?.error && !posted.error.details.length ? (
        <p role="alert" className="text-sm font-medium text-red-700 sm:col-span-2">
          {posted.error.message}
        </p>
      ) : null}
      <div className="sm:col-span-2">
        <button type="submit" disabled={busy} className={buttonClass}>
          {campaign ? t("campaigns.form.save") : t("campaigns.form.create")}
        </button>
      </div>
    </Form>
  );
}

function LaunchForm({ release, posted }: { release: { launch_date: string }; posted?: Reply }) {
  const { t } = useTranslation();
  return (
    <section className="mt-6 max-w-3xl rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-label={t("campaigns.launch.title")}>
      <h2 className="text-xl font-bold">{t("campaigns.launch.title")}</h2>
      <p className="mt-1 text-sm text-slate-600">{t("campaigns.launch.hint")}</p>
      <Form method="post" className="mt-3 flex flex-wrap items-end gap-3" data-launch-form>
        <input type="hidden" name="intent" value="reschedule" />
        <div className="min-w-48">
          <Field
            id="launch_date"
            label={t("campaigns.launch.label")}
            error={posted?.intent === "reschedule" ? posted.error?.details.map((d) => d.message) : undefined}
          >
            <input id="launch_date" name="launch_date" type="date" required defaultValue={release.launch_date} className={inputClass} />
          </Field>
        </div>
        <button type="submit" className={`${buttonClass} mb-6`}>
          {t("campaigns.launch.submit")}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
