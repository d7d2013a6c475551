import { getFormProps, getInputProps, getTextareaProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { leadsByFunction } from "../shared/owners";
import type { SopRevisionView } from "../shared/sops";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { Leads } from "../components/leads";
import { SafeMarkdown } from "../components/markdown";
import { ReviewDue } from "../components/sop";
import { actorName } from "../lib/board-state";
import { actorFor, can, requireUser } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { useFormat } from "../lib/format";
import { parseForm, readForm } from "../lib/forms";
import { metaT, translator } from "../lib/i18n";
import { localeOf } from "../lib/i18n.server";
import { orNotFound } from "../lib/http.server";
import { sopPageSchema } from "../lib/sop-forms";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("sops.page.meta", { title: data.sop.title }) : "Greenlight" },
];

const versionQuery = z.coerce.number().int().positive().optional().catch(undefined);

/**
 * One SOP (SPEC 12.2): its current revision, its revisions and who
 * acknowledged each, and, per release following it, its roster's
 * acknowledgements. Whoever manages it (an admin, a lead of its owner
 * function) drafts revisions, records reviews and acknowledges for roster
 * people in bulk; someone other than a draft's author approves it; anyone
 * signed in (not a viewer) acknowledges the current revision for themselves.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const sop = orNotFound(() => context.sops.get(params.key!));
  const query = new URL(request.url).searchParams;
  const current = sop.revisions.find((r) => r.version === sop.current) ?? null;
  const draft = sop.revisions.find((r) => r.version === sop.draft) ?? null;
  const asked = versionQuery.parse(query.get("v") ?? undefined);
  const selected = sop.revisions.find((r) => r.version === asked) ?? current ?? sop.revisions[0] ?? null;
  const acknowledgements = selected ? context.sops.acknowledgements(sop.key, selected.version) : [];
  const currentAcks = !current ? [] : current === selected ? acknowledgements : context.sops.acknowledgements(sop.key, current.version);
  const acked = new Set(currentAcks.map((a) => a.email));
  const users = context.access.users.list();
  const releaseNames = new Map(context.readiness.listReleases().map((r) => [r.id, r.name]));

  const manage = can(user, { type: "sop.manage", owner: sop.owner });
  // Acknowledging for others: a release's roster people who have not acknowledged the current revision yet.
  const rostered = manage && current ? context.sops.rostered() : [];
  const chosen = rostered.find((r) => r.id === query.get("release")) ?? rostered[0];
  const chosenPeople = chosen ? context.roster.view(chosen.id).people : [];
  const bulk = manage && current ? { releases: rostered, release: chosen?.id ?? null, people: chosenPeople.filter((p) => !acked.has(p.email)) } : null;

  const following = context.sops.following(sop.key).map((release) => ({
    id: release,
    name: releaseNames.get(release) ?? release,
    people: context.roster.view(release).people.map((p) => ({ email: p.email, name: p.name, team: p.team, acknowledged: p.acknowledged[sop.key] === true })),
  }));

  const labels = [...sop.revisions.flatMap((r) => [r.author, r.approved_by]), ...acknowledgements.map((a) => a.recorded_by)];
  const byLabel = new Map(users.map((u) => [`user:${u.email}`, u.name]));
  // Who acknowledged: a person's name, else the name a roster knows them by.
  const rosterNames = new Map([...chosenPeople, ...following.flatMap((r) => r.people)].map((p) => [p.email, p.name]));
  const me = actorFor(user).label;
  return {
    sop,
    selected: selected?.version ?? null,
    acknowledgements: acknowledgements.map((a) => ({ ...a, name: byLabel.get(`user:${a.email}`) ?? rosterNames.get(a.email) ?? null })),
    /** Actor label → the person's name, for the labels this page shows. */
    names: Object.fromEntries(labels.flatMap((l) => (l && byLabel.has(l) ? [[l, byLabel.get(l)!]] : []))),
    leads: leadsByFunction(users, [sop.owner])[sop.owner],
    bulk,
    following,
    mine: currentAcks.find((a) => a.email === user.email)?.at ?? null,
    may: {
      manage,
      approve: draft !== null && can(user, { type: "sop.approve", owner: sop.owner, author: draft.author }),
      /** The draft is theirs: someone else approves it. */
      wroteDraft: draft !== null && draft.author === me && manage,
      acknowledge: current !== null && user.role !== "viewer" && !acked.has(user.email),
    },
  };
}

export async function action({ params, context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const sop = orNotFound(() => context.sops.get(params.key!));
  const submission = parseForm(await readForm(request), sopPageSchema);
  const intent = String((submission.payload as Record<string, unknown>).intent ?? "");
  if (submission.status !== "success") return data({ result: submission.reply(), intent, note: null }, { status: 400 });
  const actor = actorFor(user);
  const t = translator(await localeOf(request, context));
  const v = submission.value;
  try {
    let note: string | null;
    switch (v.intent) {
      case "revise": {
        const { version } = context.sops.revise(sop.key, { summary: v.summary, link: v.link, body: v.body }, actor);
        note = t("sops.revise.done", { version });
        break;
      }
      case "approve":
        context.sops.approve(sop.key, v.version, actor);
        note = t("sops.approve.done", { version: v.version });
        break;
      case "review":
        context.sops.review(sop.key, v.note ?? "", actor);
        note = t("sops.review.done");
        break;
      case "acknowledge": {
        const done = context.sops.acknowledge(sop.key, v.emails, actor);
        note = t("sops.acknowledge.done", { count: done.acknowledged, version: done.version });
        break;
      }
      case "acknowledge-self":
        context.sops.acknowledge(sop.key, [user.email], actor);
        note = null;
        break;
    }
    return { result: submission.reply({ resetForm: true }), intent, note };
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error);
    return data({ result, intent, note: null }, { status });
  }
}

const card = "mt-6 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";
const secondaryButton = "rounded-md px-4 py-2 font-semibold ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50";
const isWebLink = (ref: string) => /^https?:\/\//i.test(ref);

/** The last reply of this page's action, for the form with this intent. */
function useReply(intent: string) {
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
  return { reply: reply?.intent === intent ? reply : undefined, busy };
}

/** Every message of a reply, on the form or its fields (a one-button form has no fields to put them beside). */
const allErrors = (reply: { result: { error?: Record<string, string[] | null> | null } } | undefined) =>
  Object.values(reply?.result.error ?? {})
    .flat()
    .filter((e): e is string => Boolean(e));

function Note({ text }: { text: string | null | undefined }) {
  return text ? (
    <p role="status" className="text-sm font-semibold text-emerald-800">
      ✔ {text}
    </p>
  ) : null;
}

export default function SopPage() {
  const { sop, leads, may, mine } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const current = sop.revisions.find((r) => r.version === sop.current);
  const draft = sop.revisions.find((r) => r.version === sop.draft);
  return (
    <Page
      crumbs={[
        { to: "/sops", label: t("sops.list.title") },
        { to: `/sops/${sop.key}`, label: sop.key },
      ]}
    >
      <header className="rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200" data-sop={sop.key}>
        <p className="text-sm font-semibold uppercase tracking-wide text-slate-500">{t("sops.page.kicker", { key: sop.key })}</p>
        <h1 className="mt-1 text-3xl font-black">{sop.title}</h1>
        <dl className="mt-4 grid gap-x-8 gap-y-2 text-sm sm:grid-cols-2 lg:grid-cols-3">
          <Fact term={t("sops.fields.owner")}>
            <span className="font-semibold uppercase">{sop.owner}</span>
            <Leads names={leads} />
          </Fact>
          <Fact term={t("sops.fields.current")}>{current ? `v${current.version}` : t("sops.noneApproved")}</Fact>
          <Fact term={t("sops.fields.draft")}>{draft ? t("sops.list.draftWaiting", { version: draft.version }) : "—"}</Fact>
          <Fact term={t("sops.fields.reviewEvery")}>{t("sops.page.days", { count: sop.review_days })}</Fact>
          <Fact term={t("sops.fields.lastReviewed")}>{sop.last_reviewed_at ? fmt.instant(sop.last_reviewed_at) : "—"}</Fact>
          <Fact term={t("sops.fields.reviewDue")}>
            <span data-review-due={sop.review_due ?? ""}>
              <ReviewDue due={sop.review_due} overdue={sop.review_overdue} />
            </span>
          </Fact>
        </dl>
      </header>

      <section className={card} aria-labelledby="current" data-current-revision={current?.version ?? ""}>
        <div className="flex flex-wrap items-start justify-between gap-3">
          <h2 id="current" className="text-lg font-bold">
            {current ? t("sops.page.current", { version: current.version }) : t("sops.page.noCurrent")}
          </h2>
          {current ? <AcknowledgeSelf version={current.version} may={may.acknowledge} mine={mine} /> : null}
        </div>
        {current ? <RevisionText revision={current} /> : <p className="mt-2 text-slate-600">{t("sops.page.noCurrentHint")}</p>}
      </section>

      {draft ? (
        <section className={`${card} border-l-4 border-amber-400`} aria-labelledby="draft" data-draft-revision={draft.version}>
          <h2 id="draft" className="text-lg font-bold">
            {t("sops.page.draft", { version: draft.version })}
          </h2>
          <RevisionText revision={draft} />
          <Approve version={draft.version} />
        </section>
      ) : null}

      <Revisions />
      <Following />
      <Bulk />
      <ReviseForm shown={may.manage && !draft} />
      <ReviewForm shown={may.manage && current !== undefined} />
    </Page>
  );
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{term}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

/** A revision's words: what changed, its link, its text (Markdown, rendered safely). */
function RevisionText({ revision }: { revision: SopRevisionView }) {
  const { t } = useTranslation();
  return (
    <div className="mt-2 grid gap-2">
      <p className="text-slate-700">
        <span className="font-semibold">{t("sops.fields.summary")}:</span> {revision.summary}
      </p>
      {revision.link && isWebLink(revision.link) ? (
        <p>
          <a href={revision.link} className="break-all font-semibold underline" rel="noreferrer noopener" target="_blank" data-sop-link>
            {t("sops.page.openLink")} ↗
          </a>
        </p>
      ) : null}
      {revision.body ? (
        <div className="border-t border-slate-200 pt-2">
          <SafeMarkdown text={revision.body} data-sop-body={String(revision.version)} />
        </div>
      ) : null}
    </div>
  );
}

/** "I have read vN": one's own acknowledgement, or when one gave it. */
function AcknowledgeSelf({ version, may, mine }: { version: number; may: boolean; mine: string | null }) {
  const { reply, busy } = useReply("acknowledge-self");
  const { t } = useTranslation();
  const fmt = useFormat();
  if (mine) {
    return (
      <p className="font-semibold text-emerald-800" data-acknowledged-self>
        {t("sops.acknowledge.yours", { version, at: fmt.instant(mine) })}
      </p>
    );
  }
  if (!may && !reply) return null;
  return (
    <Form method="post" className="grid justify-items-end gap-2" data-acknowledge-self>
      <input type="hidden" name="intent" value="acknowledge-self" />
      <button type="submit" className={buttonClass} disabled={busy}>
        {t("sops.acknowledge.self", { version })}
      </button>
      <FormError errors={allErrors(reply)} />
    </Form>
  );
}

/** Approve the waiting draft: whoever may; its author reads why not; anyone refused reads the server's reason. */
function Approve({ version }: { version: number }) {
  const { may } = useLoaderData<typeof loader>();
  const { reply, busy } = useReply("approve");
  const { t } = useTranslation();
  return (
    <div className="mt-4 grid gap-2 border-t border-slate-200 pt-3" data-approve>
      {may.approve ? (
        <Form method="post">
          <input type="hidden" name="intent" value="approve" />
          <input type="hidden" name="version" value={version} />
          <button type="submit" className={buttonClass} disabled={busy}>
            {t("sops.approve.submit", { version })}
          </button>
        </Form>
      ) : may.wroteDraft ? (
        <p className="text-sm text-slate-600" data-approve-hint>
          {t("sops.approve.notYours")}
        </p>
      ) : null}
      <FormError errors={allErrors(reply)} />
    </div>
  );
}

function Revisions() {
  const { sop, selected, acknowledgements, names } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const fmt = useFormat();
  const name = (label: string) => actorName(label, names[label]);
  return (
    <section className={card} aria-labelledby="revisions">
      <h2 id="revisions" className="text-lg font-bold">
        {t("sops.revisions.title")}
      </h2>
      {sop.revisions.length === 0 ? (
        <p className="mt-2 text-slate-600">{t("sops.revisions.none")}</p>
      ) : (
        <table className="table-cards mt-2 w-full text-left text-sm">
          <thead className="border-b border-slate-300 text-slate-600">
            <tr>
              <th className="py-2 pr-4">{t("sops.revisions.version")}</th>
              <th className="py-2 pr-4">{t("sops.fields.summary")}</th>
              <th className="py-2 pr-4">{t("sops.revisions.author")}</th>
              <th className="py-2 pr-4">{t("sops.revisions.created")}</th>
              <th className="py-2 pr-4">{t("sops.revisions.approved")}</th>
              <th className="py-2 text-right">{t("sops.fields.acknowledged")}</th>
            </tr>
          </thead>
          <tbody>
            {sop.revisions.map((r) => (
              <tr
                key={r.version}
                className={`border-b border-slate-100 align-top last:border-0 ${r.version === selected ? "bg-slate-50" : ""}`}
                data-revision={r.version}
                aria-current={r.version === selected ? "true" : undefined}
              >
                <td className="py-2 pr-4">
                  <Link to={`?v=${r.version}#acknowledgements`} preventScrollReset className="font-semibold underline" data-select-revision={r.version}>
                    v{r.version}
                  </Link>{" "}
                  {r.version === sop.current ? (
                    <span className="rounded bg-emerald-100 px-1.5 text-xs font-semibold text-emerald-900">{t("sops.revisions.isCurrent")}</span>
                  ) : r.version === sop.draft ? (
                    <span className="rounded bg-amber-100 px-1.5 text-xs font-semibold text-amber-900">{t("sops.revisions.isDraft")}</span>
                  ) : null}
                </td>
                <td className="py-2 pr-4" data-label={t("sops.fields.summary")}>
                  {r.summary}
                </td>
                <td className="py-2 pr-4" data-label={t("sops.revisions.author")} data-author={r.author}>
                  {name(r.author)}
                </td>
                <td className="whitespace-nowrap py-2 pr-4 tabular-nums" data-label={t("sops.revisions.created")}>
                  {fmt.instant(r.created_at)}
                </td>
                <td className="py-2 pr-4" data-label={t("sops.revisions.approved")} data-approved-by={r.approved_by ?? ""}>
                  {r.approved_by && r.approved_at ? (
                    t("sops.revisions.approvedBy", { name: name(r.approved_by), at: fmt.instant(r.approved_at) })
                  ) : (
                    <span className="text-amber-800">{t("sops.revisions.waiting")}</span>
                  )}
                </td>
                <td className="py-2 text-right tabular-nums" data-label={t("sops.fields.acknowledged")}>
                  {r.acknowledgements}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected ? (
        <div id="acknowledgements" className="mt-4 border-t border-slate-200 pt-3" data-acknowledgements={selected}>
          <h3 className="font-bold">{t("sops.revisions.whoAcknowledged", { version: selected })}</h3>
          {acknowledgements.length === 0 ? (
            <p className="mt-1 text-slate-600">{t("sops.revisions.nobody")}</p>
          ) : (
            <table className="table-cards mt-1 w-full text-left text-sm">
              <thead className="border-b border-slate-300 text-slate-600">
                <tr>
                  <th className="py-2 pr-4">{t("sops.fields.person")}</th>
                  <th className="py-2 pr-4">{t("sops.revisions.when")}</th>
                  <th className="py-2">{t("sops.revisions.recordedBy")}</th>
                </tr>
              </thead>
              <tbody>
                {acknowledgements.map((a) => (
                  <tr key={a.email} className="border-b border-slate-100 last:border-0" data-acknowledgement={a.email}>
                    <td className="py-1.5 pr-4">
                      {a.name ? (
                        <>
                          <span className="font-semibold">{a.name}</span> <span className="text-slate-500">{a.email}</span>
                        </>
                      ) : (
                        a.email
                      )}
                    </td>
                    <td className="whitespace-nowrap py-1.5 pr-4 tabular-nums" data-label={t("sops.revisions.when")}>
                      {fmt.instant(a.at)}
                    </td>
                    <td className="py-1.5" data-label={t("sops.revisions.recordedBy")}>
                      {a.recorded_by === `user:${a.email}` ? t("sops.revisions.themselves") : name(a.recorded_by)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ) : null}
    </section>
  );
}

/** Per release following the SOP: its roster people, ✓ or ✗ for the current revision. */
function Following() {
  const { sop, following } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section className={card} aria-labelledby="following">
      <h2 id="following" className="text-lg font-bold">
        {t("sops.following.title")}
      </h2>
      {following.length === 0 ? <p className="mt-2 text-slate-600">{t("sops.following.none")}</p> : null}
      {following.map((release) => {
        const done = release.people.filter((p) => p.acknowledged).length;
        return (
          <div key={release.id} className="mt-3" data-following={release.id}>
            <h3 className="font-bold">
              <Link to={`/releases/${release.id}`} className="underline">
                {release.name}
              </Link>{" "}
              <span className="text-sm font-normal text-slate-600">
                {sop.current ? t("sops.following.count", { done, total: release.people.length, version: sop.current }) : t("sops.noneApproved")}
              </span>
            </h3>
            {release.people.length === 0 ? (
              <p className="text-sm text-slate-600">{t("sops.following.emptyRoster")}</p>
            ) : (
              <table className="table-cards mt-1 w-full text-left text-sm">
                <thead className="border-b border-slate-300 text-slate-600">
                  <tr>
                    <th className="py-2 pr-4">{t("sops.fields.person")}</th>
                    <th className="py-2 pr-4">{t("sops.fields.team")}</th>
                    <th className="py-2">{sop.current ? t("sops.following.acknowledgedVersion", { version: sop.current }) : t("sops.fields.acknowledged")}</th>
                  </tr>
                </thead>
                <tbody>
                  {release.people.map((p) => (
                    <tr key={p.email} className="border-b border-slate-100 last:border-0" data-person={p.email} data-acknowledged={p.acknowledged}>
                      <td className="py-1.5 pr-4">
                        <span className="font-semibold">{p.name}</span> <span className="text-slate-500">{p.email}</span>
                      </td>
                      <td className="py-1.5 pr-4" data-label={t("sops.fields.team")}>
                        {p.team}
                      </td>
                      <td
                        className="py-1.5"
                        data-label={sop.current ? t("sops.following.acknowledgedVersion", { version: sop.current }) : t("sops.fields.acknowledged")}
                      >
                        {p.acknowledged ? (
                          <span className="font-semibold text-emerald-800">✓ {t("sops.following.yes")}</span>
                        ) : (
                          <span className="font-semibold text-red-700">✗ {t("sops.following.no")}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        );
      })}
    </section>
  );
}

/** Acknowledge the current revision for a release's roster people who have not yet (a lead after a briefing, say). */
function Bulk() {
  const { sop, bulk } = useLoaderData<typeof loader>();
  const { reply, busy } = useReply("acknowledge");
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  // Posted from a page that had the form (a stale one, or by hand): the refusal, where the form was.
  if (!bulk || sop.current === null) {
    return reply ? (
      <div className="mt-6">
        <FormError errors={allErrors(reply)} />
      </div>
    ) : null;
  }
  const setAll = (checked: boolean) => {
    for (const box of formRef.current?.querySelectorAll<HTMLInputElement>('input[name="emails"]') ?? []) box.checked = checked;
  };
  return (
    <section className={card} aria-labelledby="bulk" data-bulk>
      <h2 id="bulk" className="text-lg font-bold">
        {t("sops.acknowledge.bulkTitle", { version: sop.current })}
      </h2>
      <p className="text-sm text-slate-600">{t("sops.acknowledge.bulkIntro")}</p>
      {bulk.releases.length === 0 ? (
        <p className="mt-2 text-slate-600">{t("sops.acknowledge.noRosters")}</p>
      ) : (
        <>
          <Form method="get" className="mt-3 flex flex-wrap items-end gap-3" preventScrollReset>
            <label className="text-sm font-semibold text-slate-800">
              {t("sops.acknowledge.release")}
              <select name="release" defaultValue={bulk.release ?? ""} className={`${inputClass} mt-1 sm:!w-72`} key={bulk.release}>
                {bulk.releases.map((r) => (
                  <option key={r.id} value={r.id}>
                    {t("sops.acknowledge.releaseOption", { name: r.name, count: r.people })}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className={secondaryButton}>
              {t("sops.acknowledge.show")}
            </button>
          </Form>
          {bulk.people.length === 0 ? (
            <p className="mt-3 font-semibold text-emerald-800" data-bulk-done>
              ✔ {t("sops.acknowledge.allDone", { version: sop.current })}
            </p>
          ) : (
            <Form method="post" ref={formRef} className="mt-3" key={`${bulk.release}:${bulk.people.length}`}>
              <input type="hidden" name="intent" value="acknowledge" />
              <input type="hidden" name="release" value={bulk.release ?? ""} />
              <label className="flex items-center gap-2 border-b border-slate-200 py-2 text-sm font-semibold">
                <input type="checkbox" className="h-5 w-5" onChange={(e) => setAll(e.currentTarget.checked)} data-select-all />
                {t("sops.acknowledge.selectAll", { count: bulk.people.length })}
              </label>
              <ul className="grid gap-x-6 sm:grid-cols-2">
                {bulk.people.map((p) => (
                  <li key={p.email}>
                    <label className="flex items-center gap-2 py-1.5 text-sm">
                      <input type="checkbox" name="emails" value={p.email} className="h-5 w-5" />
                      <span>
                        <span className="font-semibold">{p.name}</span> <span className="text-slate-500">({p.team})</span>
                      </span>
                    </label>
                  </li>
                ))}
              </ul>
              <div className="mt-3 flex flex-wrap items-center gap-3">
                <button type="submit" className={buttonClass} disabled={busy}>
                  {t("sops.acknowledge.submit", { version: sop.current })}
                </button>
              </div>
            </Form>
          )}
          <div className="mt-2 grid gap-2">
            <Note text={reply?.note} />
            <FormError errors={allErrors(reply)} />
          </div>
        </>
      )}
    </section>
  );
}

/** `shown`: this person may use it now; it also shows with the refusal of a post from a page that had it (stale, or by hand). */
function ReviseForm({ shown }: { shown: boolean }) {
  const { reply, busy } = useReply("revise");
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "revise",
    lastResult: reply?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, sopPageSchema),
  });
  if (!shown && !allErrors(reply).length) return null;
  return (
    <section className={card} aria-labelledby="revise-title">
      <h2 id="revise-title" className="text-lg font-bold">
        {t("sops.revise.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("sops.revise.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-1">
        <input type="hidden" name="intent" value="revise" />
        <Field id={fields.summary.id} label={t("sops.fields.summary")} error={fields.summary.errors} hint={t("sops.revise.summaryHint")}>
          <input {...getInputProps(fields.summary, { type: "text" })} className={inputClass} />
        </Field>
        <Field id={fields.link.id} label={t("sops.revise.link")} error={fields.link.errors} hint={t("sops.revise.linkHint")}>
          <input {...getInputProps(fields.link, { type: "url" })} className={inputClass} placeholder="https://wiki.example.com/sop/…" />
        </Field>
        <Field id={fields.body.id} label={t("sops.revise.body")} error={fields.body.errors} hint={t("sops.revise.bodyHint")}>
          <textarea {...getTextareaProps(fields.body)} rows={10} className={`${inputClass} font-mono text-base`} />
        </Field>
        <FormError errors={form.errors} />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass} disabled={busy}>
            {t("sops.revise.submit")}
          </button>
          <Note text={reply?.note} />
        </div>
      </Form>
    </section>
  );
}

/** `shown`: this person may use it now; it also shows with the refusal of a post from a page that had it (stale, or by hand). */
function ReviewForm({ shown }: { shown: boolean }) {
  const { reply, busy } = useReply("review");
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "review",
    lastResult: reply?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseForm(formData, sopPageSchema),
  });
  if (!shown && !allErrors(reply).length) return null;
  return (
    <section className={card} aria-labelledby="review-title">
      <h2 id="review-title" className="text-lg font-bold">
        {t("sops.review.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("sops.review.intro")}</p>
      <Form method="post" {...getFormProps(form)} className="mt-3 grid gap-1">
        <input type="hidden" name="intent" value="review" />
        <Field id={fields.note.id} label={t("sops.review.note")} error={fields.note.errors}>
          <input {...getInputProps(fields.note, { type: "text" })} className={inputClass} placeholder={t("sops.review.notePlaceholder")} />
        </Field>
        <FormError errors={form.errors} />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={secondaryButton} disabled={busy}>
            {t("sops.review.submit")}
          </button>
          <Note text={reply?.note} />
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
