import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { parseResultsCsv, parseRosterCsv } from "../shared/roster-exchange";
import { CsvError } from "../shared/schedule/csv";
import { replyErrors } from "../components/action-list";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { RowAction } from "../components/row-action";
import { actorFor, can, requireAllowed } from "../lib/auth.server";
import { errorReply } from "../lib/form-errors";
import { useFormat } from "../lib/format";
import { parseForm, readForm } from "../lib/forms";
import { orNotFound } from "../lib/http.server";
import { metaT, translateMessage } from "../lib/i18n";
import { IMPORT_MAX_BYTES } from "../lib/plan-forms";
import { rosterFormSchema } from "../lib/roster-forms";
import { anyFilter, FILTERS, filterRoster, filterSearch, rosterFiltersOf, rosterSummary, standingOf, teamsOf, type RosterFilters } from "../lib/roster-views";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("roster.meta", { release: data.release.name }) : "Greenlight" },
];

/**
 * A release's training roster (SPEC 12.1): who must pass before launch, how
 * each stands in each assessment on launch day and whether they acknowledged
 * the current revision of each SOP the release follows; filters in the URL.
 * Those who keep the roster (an admin, a lead of a function owning the
 * release's roster or SOP items) replace it from a CSV, import LMS results
 * and add, change or remove one person.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  const view = context.roster.view(release.id);
  const search = new URL(request.url).searchParams;
  const filters = rosterFiltersOf(search);
  const mayManage = can(user, { type: "roster.manage", functions: context.roster.keepers(release.id) });
  const current = view.sops.filter((s) => s.current !== null).map((s) => s.key);
  const editing = mayManage ? (view.people.find((p) => p.email === search.get("edit")) ?? null) : null;
  return {
    release: { id: release.id, name: release.name },
    launch: view.launch,
    assessments: view.assessments,
    sops: view.sops,
    summary: rosterSummary(view),
    teams: teamsOf(view.people),
    filters,
    people: filterRoster(view.people, filters, current),
    mayManage,
    editing: editing ? { email: editing.email, name: editing.name, team: editing.team, language: editing.language } : null,
  };
}

type Problem = { line: number | null; message: string };
type Intent = "replace" | "results" | "upsert" | "remove";

/** What one form's post answers: conform's reply (fields, refusals), and what a CSV's import found. */
interface Reply {
  intent: Intent | null;
  reply: SubmissionResult<string[]>;
  problems?: Problem[];
  replaced?: { people: number; added: number; removed: number; updated: number };
  results?: { recorded: number; passed: number; people: number; unknown: { line: number | null; email: string }[]; skipped: { line: number; email: string }[] };
}

/** The CSV a form sent: its file, or the pasted text; null with a problem when there is none or it is too large. */
async function csvOf(form: FormData): Promise<string | Problem> {
  const file = form.get("file");
  const text = file instanceof File && file.size > 0 ? await file.text() : String(form.get("csv") ?? "");
  if (!text.trim()) return { line: null, message: "Choose a CSV file or paste its text." };
  if (text.length > IMPORT_MAX_BYTES) return { line: null, message: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB.` };
  return text;
}

/**
 * The four intents (app/lib/roster-forms.ts). A CSV is all or nothing: a
 * file with any bad line lists every one of them and writes nothing.
 */
export async function action({ params, context, request }: ActionFunctionArgs) {
  const release = params.release!;
  const user = requireAllowed(context, request, { type: "roster.manage", functions: orNotFound(() => context.roster.keepers(release)) });
  const form = await readForm(request);
  // The file is read apart: the schema sees the text fields.
  const submission = parseForm(form, rosterFormSchema);
  const posted = form.get("intent");
  const intent = (["replace", "results", "upsert", "remove"] as const).find((i) => i === posted) ?? null;
  if (submission.status !== "success") return data<Reply>({ intent, reply: submission.reply() }, { status: 400 });
  const v = submission.value;
  const actor = actorFor(user);
  const refuse = (problems: Problem[]) => data<Reply>({ intent: v.intent, reply: submission.reply(), problems }, { status: 422 });
  try {
    switch (v.intent) {
      case "replace": {
        const text = await csvOf(form);
        if (typeof text !== "string") return refuse([text]);
        const { people, added, removed, updated } = context.roster.replace(release, parseRosterCsv(text), actor);
        return data<Reply>({ intent: v.intent, reply: submission.reply({ resetForm: true }), replaced: { people, added, removed, updated } });
      }
      case "results": {
        const text = await csvOf(form);
        if (typeof text !== "string") return refuse([text]);
        const query = { column: v.column, pass: v.pass, max: v.max, email_column: "Email address", ...(v.at_column ? { at_column: v.at_column } : {}) };
        const { attempts, skipped } = parseResultsCsv(text, query, context.clock());
        const done = context.roster.recordResults(release, v.assessment, attempts, "csv", actor, { undated: !v.at_column });
        return data<Reply>({
          intent: v.intent,
          reply: submission.reply({ resetForm: true }),
          results: {
            recorded: done.recorded,
            passed: done.passed,
            people: done.people,
            unknown: done.unknown.map((u) => ({ line: "line" in u ? u.line : null, email: u.email })),
            skipped: skipped.map(({ line, email }) => ({ line, email })),
          },
        });
      }
      case "upsert": {
        const { intent: _, ...person } = v;
        context.roster.upsert(release, person, actor);
        return data<Reply>({ intent: v.intent, reply: submission.reply({ resetForm: true }) });
      }
      case "remove":
        context.roster.remove(release, v.id, actor);
        return data<Reply>({ intent: v.intent, reply: submission.reply({ resetForm: true }) });
    }
  } catch (error) {
    if (error instanceof CsvError) return refuse(error.problems);
    const { result, status } = errorReply(submission.reply, error);
    return data<Reply>({ intent: v.intent, reply: result }, { status });
  }
}

const card = "min-w-0 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";
type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

export default function RosterPage() {
  const loaded = useLoaderData<typeof loader>();
  const { release, launch, assessments, sops, summary, filters, teams, people, mayManage, editing } = loaded;
  const posted = useActionData<typeof action>() as Reply | undefined;
  const { t } = useTranslation();
  const fmt = useFormat();
  const replyOf = (intent: Intent) => (posted?.intent === intent ? posted : undefined);
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/roster`, label: t("roster.crumb") },
      ]}
    >
      <h1 className="text-3xl font-bold">{t("roster.title")}</h1>
      <p className="text-slate-600">{t("roster.intro", { release: release.name, launch: fmt.day(launch), count: summary.total })}</p>

      <section aria-label={t("roster.summary.label")} className="mt-4 grid gap-3 md:grid-cols-2" data-roster-summary>
        {assessments.map((a) => {
          const n = summary.assessments[a.key] ?? 0;
          const ok = summary.total > 0 && n / summary.total >= a.target;
          return (
            <p key={a.key} className={`rounded-lg px-4 py-3 ring-1 ${tone(ok ? "good" : "bad")}`} data-summary-assessment={a.key} data-valid={n}>
              <span aria-hidden="true">{ok ? "✓" : "✗"}</span> <strong>{a.title}</strong>:{" "}
              {t("roster.summary.assessment", { n, total: summary.total, launch: fmt.day(launch) })}
            </p>
          );
        })}
        {sops.map((s) => {
          const n = summary.sops[s.key];
          const ok = n !== null && n !== undefined && summary.total > 0 && n === summary.total;
          return (
            <p
              key={s.key}
              className={`rounded-lg px-4 py-3 ring-1 ${tone(n === null ? "none" : ok ? "good" : "bad")}`}
              data-summary-sop={s.key}
              data-acknowledged={n ?? ""}
            >
              <span aria-hidden="true">{n === null ? "—" : ok ? "✓" : "✗"}</span> <strong>{s.title}</strong>:{" "}
              {n === null || n === undefined || s.current === null
                ? t("roster.summary.noRevision")
                : t("roster.summary.sop", { version: s.current, n, total: summary.total })}{" "}
              <Link to={`/sops/${s.key}`} className="text-sm font-semibold underline">
                {t("roster.sopLink")}
              </Link>
            </p>
          );
        })}
        {!assessments.length && !sops.length ? <p className="text-slate-600">{t("roster.summary.nothing")}</p> : null}
      </section>

      <Filters filters={filters} teams={teams} />

      <section className="mt-4" aria-labelledby="people">
        <h2 id="people" className="mb-2 text-xl font-bold">
          {t("roster.people.title")}{" "}
          <span className="text-base font-normal text-slate-500" data-shown={people.length}>
            {anyFilter(filters) ? t("roster.people.shown", { n: people.length, total: summary.total }) : `(${summary.total})`}
          </span>
        </h2>
        {people.length ? (
          <PeopleTable loaded={loaded} />
        ) : (
          <p className="rounded-lg bg-white p-4 text-slate-600 ring-1 ring-slate-200" data-roster-empty>
            {summary.total ? t("roster.people.noneMatch") : t("roster.people.empty")}
          </p>
        )}
      </section>

      {mayManage ? (
        <section className="mt-8" aria-labelledby="manage" data-roster-manage>
          <h2 id="manage" className="text-xl font-bold">
            {t("roster.manage.title")}
          </h2>
          <div className="mt-3 grid items-start gap-6 lg:grid-cols-3">
            <ReplaceCard reply={replyOf("replace")} />
            <ResultsCard reply={replyOf("results")} assessments={assessments} />
            <PersonCard reply={replyOf("upsert")} editing={editing} key={editing?.email ?? "new"} />
          </div>
          {replyOf("remove") ? (
            <div className="mt-3">
              <Refusal reply={replyOf("remove")} />
            </div>
          ) : null}
        </section>
      ) : (
        <p className="mt-8 rounded-md bg-slate-100 p-3 text-slate-700" data-read-only>
          {t("roster.readOnly")}
        </p>
      )}
    </Page>
  );
}

function tone(kind: "good" | "bad" | "warn" | "none") {
  return {
    good: "bg-emerald-50 text-emerald-900 ring-emerald-200",
    bad: "bg-red-50 text-red-900 ring-red-200",
    warn: "bg-amber-50 text-amber-950 ring-amber-300",
    none: "bg-slate-50 text-slate-700 ring-slate-200",
  }[kind];
}

/** The three filters as links that switch on and off, and the team, all in the URL. */
function Filters({ filters, teams }: { filters: RosterFilters; teams: string[] }) {
  const { t } = useTranslation();
  const chip = (on: boolean, to: string, label: string, data: Record<string, string>) => (
    <Link
      to={{ search: to }}
      aria-current={on ? "true" : undefined}
      preventScrollReset
      {...data}
      data-filter-on={on}
      className={`inline-flex min-h-11 items-center gap-2 rounded-full px-4 font-semibold ring-1 sm:min-h-9 ${
        on ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-50"
      }`}
    >
      <span aria-hidden="true">{on ? "✔" : "○"}</span>
      {label}
    </Link>
  );
  return (
    <nav aria-label={t("roster.filters.label")} className="mt-6 grid gap-2">
      <div className="flex flex-wrap gap-2">
        {FILTERS.map((key) => chip(filters[key], filterSearch(filters, { [key]: !filters[key] }), t(`roster.filters.${key}`), { "data-filter": key }))}
      </div>
      {teams.length > 1 ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-semibold text-slate-600">{t("roster.filters.team")}</span>
          {chip(filters.team === null, filterSearch(filters, { team: null }), t("roster.filters.allTeams"), { "data-team-filter": "" })}
          {teams.map((team) => (
            <span key={team}>{chip(filters.team === team, filterSearch(filters, { team }), team, { "data-team-filter": team })}</span>
          ))}
        </div>
      ) : null}
    </nav>
  );
}

function PeopleTable({ loaded }: { loaded: Loaded }) {
  const { assessments, sops, people, mayManage, release } = loaded;
  const { t } = useTranslation();
  const fmt = useFormat();
  const th = "px-3 py-2 font-semibold";
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table className="table-cards w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className={th}>{t("roster.people.name")}</th>
            <th className={th}>{t("roster.people.team")}</th>
            <th className={th}>{t("roster.people.language")}</th>
            {assessments.map((a) => (
              <th key={a.key} className={th}>
                {a.title}
              </th>
            ))}
            {sops.map((s) => (
              <th key={s.key} className={th}>
                {s.title}
              </th>
            ))}
            {mayManage ? <th className={th}>{t("roster.people.change")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.email} className="border-t border-slate-100 align-top" data-person={p.email}>
              <td className="px-3 py-2">
                <div className="font-semibold text-slate-900">{p.name}</div>
                <div className="break-all text-xs text-slate-500">{p.email}</div>
              </td>
              <td className="px-3 py-2" data-label={t("roster.people.team")}>
                {p.team}
              </td>
              <td className="px-3 py-2" data-label={t("roster.people.language")}>
                {p.language ?? "—"}
              </td>
              {assessments.map((a) => {
                const s = p.standing[a.key];
                const standing = standingOf(s);
                return (
                  <td key={a.key} className="px-3 py-2" data-label={a.title} data-assessment={a.key} data-standing={standing.kind}>
                    <StandingChip standing={standing} />
                    {s && s.attempts ? (
                      <div className="mt-1 text-xs text-slate-600">{t("roster.people.best", { score: fmt.number(s.best_score ?? 0), count: s.attempts })}</div>
                    ) : null}
                  </td>
                );
              })}
              {sops.map((s) => {
                const acked = p.acknowledged[s.key];
                return (
                  <td key={s.key} className="px-3 py-2" data-label={s.title} data-sop={s.key} data-acked={s.current === null ? "" : String(Boolean(acked))}>
                    {s.current === null ? (
                      <Chip look="none" symbol="—" word={t("roster.standing.noRevision")} />
                    ) : acked ? (
                      <Chip look="good" symbol="✓" word={t("roster.standing.acknowledged", { version: s.current })} />
                    ) : (
                      <Chip look="bad" symbol="✗" word={t("roster.standing.notAcknowledged", { version: s.current })} />
                    )}
                  </td>
                );
              })}
              {mayManage ? (
                <td className="px-3 py-2" data-label={t("roster.people.change")}>
                  <div className="flex flex-wrap items-center gap-2">
                    <Link
                      to={`/releases/${release.id}/roster?edit=${encodeURIComponent(p.email)}#person`}
                      className="inline-flex items-center rounded-md px-2 py-1 font-semibold ring-1 ring-slate-300 hover:bg-slate-100 max-sm:min-h-11 max-sm:px-3"
                    >
                      {t("roster.people.edit")}
                    </Link>
                    <RowAction intent="remove" id={p.email} label={t("roster.people.remove")} danger />
                  </div>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A standing by colour, symbol and word (SPEC 10: never colour alone). */
function Chip({ look, symbol, word }: { look: "good" | "bad" | "warn" | "none"; symbol: string; word: string }) {
  return (
    <span className={`inline-flex items-baseline gap-1 rounded-md px-2 py-0.5 font-semibold ring-1 ${tone(look)}`}>
      <span aria-hidden="true">{symbol}</span>
      {word}
    </span>
  );
}

function StandingChip({ standing }: { standing: ReturnType<typeof standingOf> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  switch (standing.kind) {
    case "valid":
      return <Chip look="good" symbol="✓" word={t("roster.standing.valid")} />;
    case "expiring":
      return <Chip look="warn" symbol="⚠" word={t("roster.standing.expiring", { date: fmt.day(standing.until) })} />;
    case "not_passed":
      return <Chip look="bad" symbol="✗" word={t("roster.standing.notPassed")} />;
    case "none":
      return <Chip look="none" symbol="—" word={t("roster.standing.none")} />;
  }
}

/** What a reply said that no field shows: a refusal, or a field's problem. */
function Refusal({ reply, fields = [] }: { reply: Reply | undefined; fields?: string[] }) {
  const { t } = useTranslation();
  const errors = replyErrors(reply?.reply, t, fields);
  return errors.length ? (
    <div role="alert" className="rounded-md bg-red-50 p-3 text-sm font-medium text-red-800 ring-1 ring-red-200" data-roster-error>
      ✖ {errors.join(" ")}
    </div>
  ) : null;
}

/** Every bad line of a CSV, and that nothing was written. */
function Problems({ problems }: { problems: Problem[] }) {
  const { t } = useTranslation();
  return (
    <section role="alert" data-csv-problems={problems.length} className="rounded-lg bg-red-50 p-3 ring-1 ring-red-200">
      <h3 className="font-bold text-red-900">
        <span aria-hidden="true">✖</span> {t("roster.csv.problems", { count: problems.length })}
      </h3>
      <ul className="mt-1 flex flex-col gap-1 text-sm text-red-900">
        {problems.map((p, i) => (
          <li key={i} data-problem-line={p.line ?? ""}>
            {p.line !== null ? <strong className="tabular-nums">{t("roster.csv.line", { line: p.line })}</strong> : null}
            {translateMessage(p.message, t)}
          </li>
        ))}
      </ul>
    </section>
  );
}

const fieldErrors = (reply: Reply | undefined, field: string) => reply?.reply.error?.[field] ?? undefined;

function CsvFields({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <>
      <label className="text-sm font-semibold text-slate-800">
        {t("roster.csv.file")}
        <input type="file" name="file" accept=".csv,.txt,text/csv" className="mt-1 block w-full text-sm" data-csv-file={id} />
      </label>
      <label className="text-sm font-semibold text-slate-800">
        {t("roster.csv.paste")}
        <textarea name="csv" rows={4} className={`${inputClass} mt-1 font-mono text-xs`} data-csv-text={id} />
      </label>
    </>
  );
}

function Card({ title, intro, children, id }: { title: string; intro: ReactNode; children: ReactNode; id: string }) {
  return (
    <section className={card} aria-labelledby={`${id}-title`} id={id}>
      <h3 id={`${id}-title`} className="text-lg font-bold">
        {title}
      </h3>
      <p className="mt-1 text-sm text-slate-600">{intro}</p>
      {children}
    </section>
  );
}

function useBusy(intent: Intent) {
  const navigation = useNavigation();
  return navigation.state !== "idle" && navigation.formData?.get("intent") === intent;
}

function ReplaceCard({ reply }: { reply: Reply | undefined }) {
  const { t } = useTranslation();
  const busy = useBusy("replace");
  const done = reply?.replaced;
  return (
    <Card id="replace" title={t("roster.replace.title")} intro={t("roster.replace.intro")}>
      <Form method="post" encType="multipart/form-data" className="mt-3 flex flex-col gap-3" data-form="replace">
        <input type="hidden" name="intent" value="replace" />
        <CsvFields id="replace" />
        {reply?.problems ? <Problems problems={reply.problems} /> : <Refusal reply={reply} />}
        {done ? (
          <p role="status" className="text-sm font-semibold text-emerald-800" data-replaced={done.people}>
            ✓ {t("roster.replace.done", { count: done.people, added: done.added, removed: done.removed, updated: done.updated })}
          </p>
        ) : null}
        <button type="submit" className={buttonClass} disabled={busy}>
          {busy ? t("roster.replace.busy") : t("roster.replace.submit")}
        </button>
      </Form>
    </Card>
  );
}

function ResultsCard({ reply, assessments }: { reply: Reply | undefined; assessments: Loaded["assessments"] }) {
  const { t } = useTranslation();
  const busy = useBusy("results");
  const done = reply?.results;
  if (!assessments.length)
    return (
      <Card id="results" title={t("roster.results.title")} intro={t("roster.results.noAssessment")}>
        {null}
      </Card>
    );
  return (
    <Card id="results" title={t("roster.results.title")} intro={t("roster.results.intro")}>
      <Form method="post" encType="multipart/form-data" className="mt-3 flex flex-col gap-1" data-form="results">
        <input type="hidden" name="intent" value="results" />
        <Field id="results-assessment" label={t("roster.results.assessment")} error={fieldErrors(reply, "assessment")}>
          <select id="results-assessment" name="assessment" className={inputClass}>
            {assessments.map((a) => (
              <option key={a.key} value={a.key}>
                {a.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id="results-column" label={t("roster.results.column")} hint={t("roster.results.columnHint")} error={fieldErrors(reply, "column")}>
          <input id="results-column" name="column" required className={inputClass} placeholder="Quiz: … (Real)" />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id="results-pass" label={t("roster.results.pass")} error={fieldErrors(reply, "pass")}>
            <input id="results-pass" name="pass" type="number" min={0} step="any" required className={inputClass} />
          </Field>
          <Field id="results-max" label={t("roster.results.max")} error={fieldErrors(reply, "max")}>
            <input id="results-max" name="max" type="number" min={0} step="any" defaultValue={100} required className={inputClass} />
          </Field>
        </div>
        <Field id="results-at" label={t("roster.results.atColumn")} hint={t("roster.results.atColumnHint")} error={fieldErrors(reply, "at_column")}>
          <input id="results-at" name="at_column" className={inputClass} />
        </Field>
        <div className="flex flex-col gap-3">
          <CsvFields id="results" />
          {reply?.problems ? <Problems problems={reply.problems} /> : <Refusal reply={reply} fields={["assessment", "column", "pass", "max", "at_column"]} />}
          {done ? <ResultsDone done={done} /> : null}
          <button type="submit" className={buttonClass} disabled={busy}>
            {busy ? t("roster.results.busy") : t("roster.results.submit")}
          </button>
        </div>
      </Form>
    </Card>
  );
}

function ResultsDone({ done }: { done: NonNullable<Reply["results"]> }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="grid gap-2 text-sm" data-results-recorded={done.recorded} data-results-passed={done.passed}>
      <p className="font-semibold text-emerald-800">✓ {t("roster.results.done", { count: done.recorded, passed: done.passed, people: done.people })}</p>
      {done.unknown.length ? (
        <div className="rounded-lg bg-amber-50 p-3 text-amber-950 ring-1 ring-amber-300" data-results-unknown={done.unknown.length}>
          <p className="font-bold">⚠ {t("roster.results.unknown", { count: done.unknown.length })}</p>
          <ul className="mt-1">
            {done.unknown.map((u, i) => (
              <li key={i} data-unknown={u.email}>
                {u.line !== null ? <strong className="tabular-nums">{t("roster.csv.line", { line: u.line })}</strong> : null}
                {u.email}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {done.skipped.length ? (
        <div className="rounded-lg bg-slate-50 p-3 text-slate-700 ring-1 ring-slate-200" data-results-skipped={done.skipped.length}>
          <p className="font-bold">{t("roster.results.skipped", { count: done.skipped.length })}</p>
          <ul className="mt-1">
            {done.skipped.map((s) => (
              <li key={s.line} data-skipped={s.email}>
                <strong className="tabular-nums">{t("roster.csv.line", { line: s.line })}</strong>
                {s.email}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function PersonCard({ reply, editing }: { reply: Reply | undefined; editing: Loaded["editing"] }) {
  const { t } = useTranslation();
  const busy = useBusy("upsert");
  const saved = !busy && reply?.reply.status === "success";
  return (
    <Card id="person" title={editing ? t("roster.person.editTitle", { name: editing.name }) : t("roster.person.title")} intro={t("roster.person.intro")}>
      <Form method="post" className="mt-3 flex flex-col gap-1" data-form="upsert">
        <input type="hidden" name="intent" value="upsert" />
        <Field id="person-email" label={t("roster.person.email")} error={fieldErrors(reply, "email")}>
          <input id="person-email" name="email" type="email" required defaultValue={editing?.email} className={inputClass} />
        </Field>
        <Field id="person-name" label={t("roster.person.name")} error={fieldErrors(reply, "name")}>
          <input id="person-name" name="name" required defaultValue={editing?.name} className={inputClass} />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field id="person-team" label={t("roster.person.team")} error={fieldErrors(reply, "team")}>
            <input id="person-team" name="team" required defaultValue={editing?.team} className={inputClass} />
          </Field>
          <Field id="person-language" label={t("roster.person.language")} error={fieldErrors(reply, "language")}>
            <input id="person-language" name="language" defaultValue={editing?.language ?? ""} placeholder="zh-CN" className={inputClass} />
          </Field>
        </div>
        <Refusal reply={reply} fields={["email", "name", "team", "language"]} />
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={buttonClass} disabled={busy}>
            {editing ? t("roster.person.save") : t("roster.person.add")}
          </button>
          {saved ? (
            <span role="status" className="text-sm font-semibold text-emerald-800" data-person-saved>
              ✓ {t("roster.person.saved")}
            </span>
          ) : null}
        </div>
      </Form>
    </Card>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
