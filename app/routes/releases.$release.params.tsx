import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { AppError } from "../shared/errors";
import type { Status } from "../shared/kinds";
import { APPROVALS_NEEDED, paramsQuery, type ParamView, type ProposalView } from "../shared/params";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, inputClass, Page } from "../components/layout";
import { actorFor, can, requireAllowed, requireUser } from "../lib/auth.server";
import { actorName } from "../lib/board-state";
import { useFormat } from "../lib/format";
import { readForm } from "../lib/forms";
import { metaT, translateMessage } from "../lib/i18n";
import { orNotFound } from "../lib/http.server";
import { STATUS_LOOK } from "../lib/status";
import { paramsFormInput, paramsPageSchema, VALUE_FIELD } from "../lib/params-forms";
import { lasted, shown } from "../lib/params-views";
import { useLiveBoard, useNow } from "../lib/use-live-board";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("params.meta", { release: data.release.name }) : "Greenlight" },
];

/**
 * A release's risk parameters (SPEC 12.3): approved, proposed and deployed
 * side by side, each drift with how long it has lasted; the proposals
 * waiting for their two approvals, with Approve / Reject for those who may
 * and Withdraw for their proposer; a form to propose new values; the
 * sign-off history, a page at a time. Live: any event of the release
 * reloads it, so a second approval or a deployed push shows at once.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  const query = paramsQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const page = query.success ? query.data : { limit: 50 };
  const view = context.params.view(release.id, page);
  const me = actorFor(user).label;
  return {
    release: { id: release.id, name: release.name },
    view,
    me,
    board: context.projection.snapshot(release.id),
    before: page.before ?? null,
    may: {
      propose: can(user, { type: "params.propose" }),
      /** Per pending proposal: may this person approve or reject it (not its proposer; an admin or a risk lead). */
      approve: Object.fromEntries(view.pending.map((p) => [p.id, can(user, { type: "params.approve", proposer: p.proposed_by })])),
      withdraw: Object.fromEntries(view.pending.map((p) => [p.id, can(user, { type: "params.withdraw", proposer: p.proposed_by })])),
    },
  };
}

type Intent = "propose" | "approve" | "reject" | "withdraw";
interface Reply {
  intent: Intent | null;
  /** The proposal a one-proposal form was about. */
  id: number | null;
  ok: boolean;
  /** Problems by field (`rationale`, `value:<item>`), and on the form as a whole. */
  fields: Record<string, string>;
  form: string[];
  /** What happened, for the note after a success. */
  done?: { proposal: number; approved?: boolean };
}

export async function action({ params, context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const release = params.release!;
  const types = new Map(orNotFound(() => context.params.view(release, { limit: 1 })).params.map((p) => [p.id, p.type]));
  const input = paramsFormInput(await readForm(request), types);
  const posted = input.intent;
  const intent = (["propose", "approve", "reject", "withdraw"] as const).find((i) => i === posted) ?? null;
  const rawId = z.coerce.number().int().safeParse(input.id);
  const base = { intent, id: rawId.success ? rawId.data : null, fields: {}, form: [] };
  const parsed = paramsPageSchema.safeParse(input);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const [first, second] = issue.path;
      const key = first === "values" && typeof second === "string" ? `${VALUE_FIELD}${second}` : String(first ?? "");
      fields[key] ??= issue.message;
    }
    return data<Reply>({ ...base, ok: false, fields, form: fields[""] ? [fields[""]] : [] }, { status: 400 });
  }
  const v = parsed.data;
  const actor = actorFor(user);
  try {
    switch (v.intent) {
      case "propose": {
        const { proposal } = context.params.propose(release, { values: v.values, rationale: v.rationale }, actor);
        return data<Reply>({ ...base, ok: true, done: { proposal: proposal.id } });
      }
      case "approve": {
        const { approved } = context.params.approve(release, v.id, actor);
        return data<Reply>({ ...base, ok: true, done: { proposal: v.id, approved } });
      }
      case "reject":
        context.params.reject(release, v.id, v.reason, actor);
        return data<Reply>({ ...base, ok: true, done: { proposal: v.id } });
      case "withdraw":
        context.params.withdraw(release, v.id, v.reason, actor);
        return data<Reply>({ ...base, ok: true, done: { proposal: v.id } });
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const fields: Record<string, string> = {};
    const details = Array.isArray(error.details) ? (error.details as { path?: string; message?: string }[]) : [];
    for (const { path, message } of details) {
      if (!path || !message) continue;
      fields[path.startsWith("values.") ? `${VALUE_FIELD}${path.slice("values.".length)}` : path] = message;
    }
    // A value's problem shows beside its field; the form says only that nothing was recorded.
    const onFields = v.intent === "propose" && Object.keys(fields).some((f) => f.startsWith(VALUE_FIELD));
    return data<Reply>(
      { ...base, ok: false, fields, form: [onFields ? "nothing was recorded: correct the values marked below" : error.message] },
      { status: error.status },
    );
  }
}

const card = "rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";
const secondaryButton =
  "inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 font-semibold ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50 sm:min-h-0";
type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function useReply(intent: Intent, id: number | null = null) {
  const reply = useActionData<typeof action>() as Reply | undefined;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === intent && (id === null || navigation.formData?.get("id") === String(id));
  return { reply: reply?.intent === intent && (id === null || reply.id === id) ? reply : undefined, busy };
}

export default function ParamsPage() {
  const loaded = useLoaderData<typeof loader>();
  const { release, view, board } = loaded;
  const { t } = useTranslation();
  // Live: every event of the release (a push, an approval, a report) reloads what this page shows.
  const { state } = useLiveBoard(board);
  const revalidator = useRevalidator();
  const liveSeq = state.board?.seq ?? board.seq;
  useEffect(() => {
    if (liveSeq > board.seq && revalidator.state === "idle") revalidator.revalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [liveSeq, board.seq]);
  const drifting = view.params.filter((p) => p.drift).length;
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/params`, label: t("params.crumb") },
      ]}
    >
      <h1 className="text-3xl font-bold">{t("params.title")}</h1>
      <p className="max-w-3xl text-slate-600">{t("params.intro", { count: APPROVALS_NEEDED })}</p>
      <p className="mt-3 flex flex-wrap gap-2 text-sm font-semibold" data-params-summary data-drifting={drifting}>
        <span className={`rounded-full px-3 py-1 ring-1 ${drifting ? tone.bad : tone.good}`}>
          <span aria-hidden="true">{drifting ? "✖" : "✔"}</span> {drifting ? t("params.summary.drifting", { count: drifting }) : t("params.summary.noDrift")}
        </span>
        <span className={`rounded-full px-3 py-1 ring-1 ${view.pending.length ? tone.warn : tone.none}`}>
          <span aria-hidden="true">{view.pending.length ? "▲" : "—"}</span> {t("params.summary.pending", { count: view.pending.length })}
        </span>
      </p>

      <ParamsTable loaded={loaded} />
      <Pending loaded={loaded} />
      {loaded.may.propose ? <ProposeForm params={view.params} /> : null}
      <History loaded={loaded} />
    </Page>
  );
}

const tone = {
  good: "bg-emerald-50 text-emerald-900 ring-emerald-300",
  bad: "bg-red-50 text-red-900 ring-red-300",
  warn: "bg-amber-50 text-amber-950 ring-amber-300",
  none: "bg-slate-50 text-slate-700 ring-slate-200",
};

/** A status by colour, symbol and word (SPEC 10). */
function Chip({ look, symbol, children }: { look: keyof typeof tone; symbol: string; children: ReactNode }) {
  return (
    <span className={`inline-flex items-baseline gap-1 whitespace-nowrap rounded-md px-2 py-0.5 font-semibold ring-1 ${tone[look]}`}>
      <span aria-hidden="true">{symbol}</span>
      {children}
    </span>
  );
}

/** A parameter's state as the board shows a status: a solid badge, symbol and word. */
function Badge({ status, children }: { status: Status; children: ReactNode }) {
  const look = STATUS_LOOK[status];
  return (
    <span className={`inline-flex items-baseline gap-1 rounded-md px-2 py-0.5 font-bold ${look.badge}`}>
      <span aria-hidden="true">{look.symbol}</span>
      {children}
    </span>
  );
}

function ParamsTable({ loaded }: { loaded: Loaded }) {
  const { view } = loaded;
  const { t } = useTranslation();
  const fmt = useFormat();
  const clock = useNow(30_000, view.now);
  const name = (label: string) => actorName(label, view.names[label]);
  // Drift ages count on from the loader's answer with the page's clock.
  const elapsed = Math.max(0, Math.floor((clock.getTime() - Date.parse(view.now)) / 1000));
  const th = "px-3 py-2 font-semibold";
  if (!view.params.length) return <p className={`${card} mt-6 text-slate-600`}>{t("params.none")}</p>;
  return (
    <section className="mt-6" aria-labelledby="side-by-side">
      <h2 id="side-by-side" className="mb-2 text-xl font-bold">
        {t("params.table.title")}
      </h2>
      <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
        <table className="table-cards w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-600">
            <tr>
              <th className={th}>{t("params.table.parameter")}</th>
              <th className={th}>{t("params.table.approved")}</th>
              <th className={th}>{t("params.table.proposed")}</th>
              <th className={th}>{t("params.table.deployed")}</th>
              <th className={th}>{t("params.table.state")}</th>
            </tr>
          </thead>
          <tbody>
            {view.params.map((p) => (
              <tr
                key={p.id}
                className={`border-t border-slate-100 align-top ${p.drift ? "bg-red-50/60" : ""}`}
                data-param={p.id}
                data-status={p.status}
                data-drift={p.drift ? "true" : "false"}
              >
                <td className="px-3 py-2">
                  <div className="font-semibold text-slate-900">{p.title}</div>
                  <div className="break-all text-xs text-slate-500">{p.id}</div>
                  <Bounds param={p} />
                </td>
                <td className="px-3 py-2" data-label={t("params.table.approved")} data-approved={String(p.approved.value)}>
                  <div className="text-base font-bold tabular-nums">{shown(p.approved.value, p.unit)}</div>
                  <div className="text-xs text-slate-600">
                    {p.approved.proposal !== null && p.approved.at
                      ? t("params.approvedBy", { proposal: p.approved.proposal, names: p.approved.by.map(name).join(", "), at: fmt.instant(p.approved.at) })
                      : t("params.fromTemplate")}
                  </div>
                </td>
                <td className="px-3 py-2" data-label={t("params.table.proposed")}>
                  {p.proposed.length ? (
                    <ul className="grid gap-1">
                      {p.proposed.map((q) => (
                        <li key={q.proposal} data-proposed={q.proposal}>
                          <span className="font-semibold tabular-nums">{shown(q.value, p.unit)}</span>{" "}
                          <span className="text-xs text-slate-600">
                            {t("params.proposedIn", { proposal: q.proposal, approvals: q.approvals, needed: APPROVALS_NEEDED })}
                          </span>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
                <td className="px-3 py-2" data-label={t("params.table.deployed")} data-deployed={p.deployed ? String(p.deployed.value) : ""}>
                  {p.deployed ? (
                    <>
                      <div className="text-base font-bold tabular-nums">{shown(p.deployed.value, p.unit)}</div>
                      <div className="text-xs text-slate-600">
                        {t("params.reportedAt", { at: fmt.instant(p.deployed.at), by: p.deployed.by ? name(p.deployed.by) : "—" })}
                      </div>
                    </>
                  ) : (
                    <span className="text-slate-500">{t("params.notDeployed")}</span>
                  )}
                </td>
                <td className="px-3 py-2" data-label={t("params.table.state")} data-state>
                  <State param={p} elapsed={elapsed} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Bounds({ param: p }: { param: ParamView }) {
  const { t } = useTranslation();
  const parts = [
    p.min !== null ? t("params.bounds.min", { value: shown(p.min, p.unit) }) : null,
    p.max !== null ? t("params.bounds.max", { value: shown(p.max, p.unit) }) : null,
    p.max_step !== null ? t("params.bounds.step", { value: shown(p.max_step, p.unit) }) : null,
    p.tolerance ? t("params.bounds.tolerance", { value: shown(p.tolerance, p.unit) }) : null,
  ].filter(Boolean);
  return parts.length ? <div className="mt-1 text-xs text-slate-600">{parts.join(" · ")}</div> : null;
}

/** Matches, drifting (and for how long), or not deployed yet. */
function State({ param: p, elapsed }: { param: ParamView; elapsed: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (p.drift) {
    return (
      <div className="grid justify-items-start gap-1" data-drift-since={p.drift.since}>
        <Badge status="red">{t("params.state.drift")}</Badge>
        <span className="font-semibold text-red-900" data-drift-for>
          {t("params.state.driftingFor", { duration: lasted(p.drift.seconds + elapsed, t) })}
        </span>
        <span className="text-xs text-slate-600">{t("params.state.since", { at: fmt.instant(p.drift.since) })}</span>
      </div>
    );
  }
  if (p.status === "pending")
    return (
      <Chip look="none" symbol="○">
        {t("params.state.pending")}
      </Chip>
    );
  if (p.status === "green") return <Badge status="green">{t("params.state.matches")}</Badge>;
  return (
    <div className="grid justify-items-start gap-1">
      <Badge status={p.status}>{t(`common.status.${p.status}`)}</Badge>
      <span className="text-xs text-slate-700">{translateMessage(p.reason, t)}</span>
    </div>
  );
}

function Pending({ loaded }: { loaded: Loaded }) {
  const { view } = loaded;
  const { t } = useTranslation();
  return (
    <section className="mt-8" aria-labelledby="pending">
      <h2 id="pending" className="mb-2 text-xl font-bold">
        {t("params.pending.title")}
      </h2>
      <div className="mb-2">
        <Done />
      </div>
      {view.pending.length ? (
        <div className="grid gap-4 lg:grid-cols-2">
          {view.pending.map((p) => (
            <PendingCard key={p.id} proposal={p} loaded={loaded} />
          ))}
        </div>
      ) : (
        <p className={`${card} text-slate-600`} data-no-pending>
          {t("params.pending.none")}
        </p>
      )}
    </section>
  );
}

function PendingCard({ proposal: p, loaded }: { proposal: ProposalView; loaded: Loaded }) {
  const { view, may, me } = loaded;
  const { t } = useTranslation();
  const fmt = useFormat();
  const name = (label: string) => actorName(label, view.names[label]);
  const mayApprove = may.approve[p.id] === true;
  const approvedByMe = p.approvals.some((a) => a.by === me);
  return (
    <article
      className={`${card} border-l-4 ${p.stale.length ? "border-red-400" : "border-amber-400"}`}
      data-pending-proposal={p.id}
      data-approvals={p.approvals.length}
    >
      <h3 className="text-lg font-bold">{t("params.pending.heading", { proposal: p.id })}</h3>
      <p className="text-sm text-slate-600">{t("params.pending.by", { name: name(p.proposed_by), at: fmt.instant(p.proposed_at) })}</p>
      <p className="mt-2 whitespace-pre-line text-slate-800" data-rationale>
        {p.rationale}
      </p>
      <Values proposal={p} />
      <p className="mt-3 text-sm font-semibold" data-approvals-so-far>
        <span aria-hidden="true">{p.approvals.length ? "✔" : "○"}</span>{" "}
        {t("params.pending.approvals", { count: p.approvals.length, needed: APPROVALS_NEEDED })}
        {p.approvals.length ? `: ${p.approvals.map((a) => t("params.pending.approvedAt", { name: name(a.by), at: fmt.instant(a.at) })).join("; ")}` : ""}
      </p>
      {p.stale.length ? (
        <p role="note" className="mt-2 rounded-md bg-red-50 p-2 text-sm font-medium text-red-900 ring-1 ring-red-200" data-stale>
          <span aria-hidden="true">✖</span> {t("params.pending.stale", { items: p.stale.map((s) => s.item).join(", ") })}
        </p>
      ) : null}
      <div className="mt-3 grid gap-3 border-t border-slate-200 pt-3">
        {mayApprove && !approvedByMe && !p.stale.length ? <ApproveButton id={p.id} /> : null}
        {approvedByMe ? <p className="text-sm text-slate-600">{t("params.pending.youApproved")}</p> : null}
        {p.proposed_by === me ? <p className="text-sm text-slate-600">{t("params.pending.yours")}</p> : null}
        {mayApprove ? <RejectForm id={p.id} /> : null}
        {may.withdraw[p.id] ? <WithdrawForm id={p.id} /> : null}
      </div>
    </article>
  );
}

/** The proposal's values: from the approved value it was checked against, to the value proposed. */
function Values({ proposal: p }: { proposal: ProposalView }) {
  return (
    <ul className="mt-2 grid gap-1 text-sm">
      {p.values.map((v) => (
        <li key={v.item} className="flex flex-wrap items-baseline gap-x-2" data-value={v.item}>
          <span className="font-semibold">{v.title}</span>
          <span className="tabular-nums text-slate-600">
            {shown(v.base, v.unit)} → <strong className="text-slate-900">{shown(v.value, v.unit)}</strong>
          </span>
        </li>
      ))}
    </ul>
  );
}

/** What an approval, rejection or withdrawal did: shown above the proposals, since its card may be gone. */
function Done() {
  const reply = useActionData<typeof action>() as Reply | undefined;
  return reply?.ok && reply.intent !== "propose" ? <Outcome reply={reply} /> : null;
}

function Outcome({ reply }: { reply: Reply | undefined }) {
  const { t } = useTranslation();
  if (!reply) return null;
  if (reply.ok && reply.done) {
    const text =
      reply.intent === "approve"
        ? reply.done.approved
          ? t("params.done.approved", { proposal: reply.done.proposal })
          : t("params.done.approvedOnce", { proposal: reply.done.proposal })
        : reply.intent === "propose"
          ? t("params.done.proposed", { proposal: reply.done.proposal })
          : reply.intent === "reject"
            ? t("params.done.rejected", { proposal: reply.done.proposal })
            : t("params.done.withdrawn", { proposal: reply.done.proposal });
    return (
      <p role="status" className="text-sm font-semibold text-emerald-800" data-params-done>
        ✔ {text}
      </p>
    );
  }
  // Fields the form shows beside themselves (a value, the rationale) are not repeated here.
  const errors = [
    ...reply.form,
    ...Object.entries(reply.fields).flatMap(([field, message]) => (field.startsWith(VALUE_FIELD) || field === "rationale" ? [] : [message])),
  ];
  const sentences = [...new Set(errors)].map((e) => {
    const said = translateMessage(e, t);
    return said.charAt(0).toUpperCase() + said.slice(1);
  });
  return sentences.length ? (
    <div role="alert" className="rounded-md bg-red-50 p-3 text-sm font-medium text-red-800 ring-1 ring-red-200" data-params-error>
      <span aria-hidden="true">✖</span> {sentences.join(" ")}
    </div>
  ) : null;
}

function ApproveButton({ id }: { id: number }) {
  const { reply, busy } = useReply("approve", id);
  const { t } = useTranslation();
  return (
    <Form method="post" className="grid gap-2" data-approve={id}>
      <input type="hidden" name="intent" value="approve" />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={`${buttonClass} min-h-11 sm:min-h-0`} disabled={busy}>
        {t("params.approve.submit", { proposal: id })}
      </button>
      <Outcome reply={reply?.ok ? undefined : reply} />
    </Form>
  );
}

function RejectForm({ id }: { id: number }) {
  const { reply, busy } = useReply("reject", id);
  const { t } = useTranslation();
  return (
    <Form method="post" className="grid gap-2" data-reject={id}>
      <input type="hidden" name="intent" value="reject" />
      <input type="hidden" name="id" value={id} />
      <label className="text-sm font-semibold text-slate-800">
        {t("params.reject.reason")}
        <input name="reason" required maxLength={2000} className={`${inputClass} mt-1`} />
      </label>
      <button type="submit" className={secondaryButton} disabled={busy}>
        <span aria-hidden="true">✖</span>&nbsp;{t("params.reject.submit", { proposal: id })}
      </button>
      <Outcome reply={reply?.ok ? undefined : reply} />
    </Form>
  );
}

function WithdrawForm({ id }: { id: number }) {
  const { reply, busy } = useReply("withdraw", id);
  const { t } = useTranslation();
  return (
    <Form method="post" className="grid gap-2" data-withdraw={id}>
      <input type="hidden" name="intent" value="withdraw" />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={secondaryButton} disabled={busy}>
        {t("params.withdraw.submit", { proposal: id })}
      </button>
      <Outcome reply={reply?.ok ? undefined : reply} />
    </Form>
  );
}

/** One field per parameter (blank: unchanged), and the rationale. */
function ProposeForm({ params }: { params: ParamView[] }) {
  const { reply, busy } = useReply("propose");
  const { t } = useTranslation();
  const error = (field: string) => (reply && !reply.ok ? reply.fields[field] : undefined);
  return (
    <section className={`${card} mt-8`} aria-labelledby="propose" id="propose-form">
      <h2 id="propose" className="text-xl font-bold">
        {t("params.propose.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("params.propose.intro", { count: APPROVALS_NEEDED })}</p>
      <Form method="post" className="mt-4 grid gap-4" data-form="propose" key={reply?.ok ? `done-${reply.done?.proposal}` : "form"}>
        <input type="hidden" name="intent" value="propose" />
        <div className="grid gap-x-6 gap-y-3 md:grid-cols-2 xl:grid-cols-3">
          {params.map((p) => {
            const id = `value-${p.id}`;
            const problem = error(`${VALUE_FIELD}${p.id}`);
            return (
              <div key={p.id}>
                <label htmlFor={id} className="block text-sm font-semibold text-slate-800">
                  {p.title}
                  {p.unit ? <span className="font-normal text-slate-500"> ({p.unit})</span> : null}
                </label>
                {p.type === "boolean" ? (
                  <select id={id} name={`${VALUE_FIELD}${p.id}`} className={`${inputClass} mt-1`} defaultValue="">
                    <option value="">{t("params.propose.unchanged", { value: String(p.approved.value) })}</option>
                    <option value="true">true</option>
                    <option value="false">false</option>
                  </select>
                ) : (
                  <input
                    id={id}
                    name={`${VALUE_FIELD}${p.id}`}
                    inputMode={p.type === "number" ? "decimal" : undefined}
                    placeholder={t("params.propose.unchanged", { value: shown(p.approved.value, p.unit) })}
                    className={`${inputClass} mt-1`}
                    aria-invalid={problem ? true : undefined}
                    aria-describedby={problem ? `${id}-error` : undefined}
                    data-value-field={p.id}
                  />
                )}
                {p.max_step !== null ? <p className="mt-1 text-xs text-slate-500">{t("params.bounds.step", { value: shown(p.max_step, p.unit) })}</p> : null}
                {problem ? (
                  <p id={`${id}-error`} role="alert" className="mt-1 text-sm font-medium text-red-700" data-field-error={p.id}>
                    {translateMessage(problem, t)}
                  </p>
                ) : null}
              </div>
            );
          })}
        </div>
        <div>
          <label htmlFor="rationale" className="block text-sm font-semibold text-slate-800">
            {t("params.propose.rationale")}
          </label>
          <textarea id="rationale" name="rationale" required rows={3} maxLength={4000} className={`${inputClass} mt-1`} />
          <p className="mt-1 text-xs text-slate-500">{t("params.propose.rationaleHint")}</p>
          {error("rationale") ? <p className="mt-1 text-sm font-medium text-red-700">{translateMessage(error("rationale")!, t)}</p> : null}
        </div>
        <Outcome reply={reply} />
        <div>
          <button type="submit" className={`${buttonClass} min-h-11 sm:min-h-0`} disabled={busy}>
            {t("params.propose.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

const PROPOSAL_LOOK = {
  pending: { look: "warn", symbol: "▲" },
  approved: { look: "good", symbol: "✔" },
  rejected: { look: "bad", symbol: "✖" },
  withdrawn: { look: "none", symbol: "↩" },
} as const;

function History({ loaded }: { loaded: Loaded }) {
  const { view, release, before } = loaded;
  const { t } = useTranslation();
  const fmt = useFormat();
  const name = (label: string) => actorName(label, view.names[label]);
  const { proposals, next_before } = view.history;
  return (
    <section className="mt-8" aria-labelledby="history">
      <h2 id="history" className="mb-2 text-xl font-bold">
        {t("params.history.title")}
      </h2>
      {proposals.length ? (
        <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
          <table className="table-cards w-full text-left text-sm">
            <thead className="bg-slate-50 text-slate-600">
              <tr>
                <th className="px-3 py-2">{t("params.history.proposal")}</th>
                <th className="px-3 py-2">{t("params.history.status")}</th>
                <th className="px-3 py-2">{t("params.history.values")}</th>
                <th className="px-3 py-2">{t("params.history.proposedBy")}</th>
                <th className="px-3 py-2">{t("params.history.signOff")}</th>
              </tr>
            </thead>
            <tbody>
              {proposals.map((p) => {
                const { look, symbol } = PROPOSAL_LOOK[p.status];
                return (
                  <tr key={p.id} className="border-t border-slate-100 align-top" data-history={p.id} data-history-status={p.status}>
                    <td className="px-3 py-2">
                      <div className="font-semibold">#{p.id}</div>
                      <div className="max-w-xs text-xs text-slate-600">{p.rationale}</div>
                    </td>
                    <td className="px-3 py-2" data-label={t("params.history.status")}>
                      <Chip look={look} symbol={symbol}>
                        {t(`params.status.${p.status}`)}
                      </Chip>
                    </td>
                    <td className="px-3 py-2" data-label={t("params.history.values")}>
                      <Values proposal={p} />
                    </td>
                    <td className="px-3 py-2" data-label={t("params.history.proposedBy")}>
                      {name(p.proposed_by)}
                      <div className="text-xs text-slate-500">{fmt.instant(p.proposed_at)}</div>
                    </td>
                    <td className="px-3 py-2" data-label={t("params.history.signOff")}>
                      {p.approvals.map((a) => (
                        <div key={a.by}>{t("params.pending.approvedAt", { name: name(a.by), at: fmt.instant(a.at) })}</div>
                      ))}
                      {p.status === "rejected" || p.status === "withdrawn" ? (
                        <div>
                          {t(p.status === "rejected" ? "params.history.rejectedBy" : "params.history.withdrawnBy", {
                            name: name(p.decided_by ?? ""),
                            at: p.decided_at ? fmt.instant(p.decided_at) : "",
                          })}
                          {p.reason ? <span className="text-slate-600">: {p.reason}</span> : null}
                        </div>
                      ) : null}
                      {!p.approvals.length && p.status !== "rejected" && p.status !== "withdrawn" ? "—" : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className={`${card} text-slate-600`}>{t("params.history.none")}</p>
      )}
      <nav className="mt-3 flex gap-4 text-sm font-semibold" aria-label={t("params.history.pages")}>
        {before !== null ? (
          <Link to={`/releases/${release.id}/params#history`} className="underline">
            {t("params.history.newest")}
          </Link>
        ) : null}
        {next_before !== null ? (
          <Link to={`/releases/${release.id}/params?before=${next_before}#history`} className="underline" data-older>
            {t("params.history.older")}
          </Link>
        ) : null}
      </nav>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
