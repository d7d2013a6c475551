import type { SubmissionResult } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { PRIORITIES } from "../shared/actions";
import { DRILL_KINDS, suggestedKind, type DrillView } from "../shared/drills";
import { AppError } from "../shared/errors";
import { describeStandard, itemDefinition, type Status } from "../shared/kinds";
import { isoDate } from "../shared/time";
import { replyErrors } from "../components/action-list";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { buttonClass, Field, inputClass, Page } from "../components/layout";
import { StatusBadge } from "../components/status";
import { actorFor, can, requireAllowed, requireUser } from "../lib/auth.server";
import { drillFormSchema, formPath, toDrillInput } from "../lib/drill-forms";
import { errorReply } from "../lib/form-errors";
import { useFormat } from "../lib/format";
import { parseForm, readForm } from "../lib/forms";
import { orNotFound } from "../lib/http.server";
import { metaT, translateMessage } from "../lib/i18n";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("drills.meta", { release: data.release.name }) : "Greenlight" },
];

const PAGE = 20;

/**
 * A release's drills (SPEC 12.5): each `drill` item with its last drill,
 * the timings against the template's targets, validity against the launch
 * date, participants and findings (linked to their action items); a form to
 * record a drill for whoever may report on an item; the log, paged.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const overview = orNotFound(() => context.drills.overview(params.release!));
  const search = new URL(request.url).searchParams;
  const before = Number(search.get("before"));
  const page = context.drills.list(overview.release.id, { limit: PAGE, ...(Number.isInteger(before) && before > 0 ? { before } : {}) });
  const recordable = overview.items.filter((i) => can(user, { type: "evidence.report", owner: i.owner, assigneeId: i.assignee_id })).map((i) => i.id);
  return {
    release: overview.release,
    today: isoDate(context.clock()),
    items: overview.items.map(({ assignee_id: _a, ...item }) => ({
      ...item,
      standard: describeStandard(itemDefinition({ kind: "drill", config: item.config, maxAge: null })),
    })),
    titles: Object.fromEntries(overview.items.map((i) => [i.id, i.title])),
    recordable,
    log: page,
    paging: { before: before > 0 ? before : null, older: page.length === PAGE ? page.at(-1)!.id : null },
  };
}

interface Reply {
  reply: SubmissionResult<string[]>;
  recorded?: { drill: number; item: string; status: Status };
}

export async function action({ params, context, request }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const release = params.release!;
  const submission = parseForm(await readForm(request), drillFormSchema);
  if (submission.status !== "success") return data<Reply>({ reply: submission.reply() }, { status: 400 });
  const converted = toDrillInput(submission.value);
  if ("problems" in converted) {
    const fieldErrors: Record<string, string[]> = {};
    for (const { path, message } of converted.problems) (fieldErrors[path] ??= []).push(message);
    return data<Reply>({ reply: submission.reply({ fieldErrors }) }, { status: 400 });
  }
  try {
    const { drill, item } = context.drills.record(release, converted.input, actorFor(user));
    return data<Reply>({ reply: submission.reply({ resetForm: true }), recorded: { drill: drill.id, item: item.id, status: item.status } });
  } catch (error) {
    // A finding the service refused is named by its place among the findings sent: put it on its row.
    const refused = error instanceof AppError && Array.isArray(error.details) ? onRows(error, converted.rows) : error;
    const { result, status } = errorReply(submission.reply, refused);
    return data<Reply>({ reply: result }, { status });
  }
}

function onRows(error: AppError, rows: number[]): AppError {
  const details = (error.details as { path?: string; message?: string }[]).map((d) => {
    const match = /^findings\[(\d+)\](.*)$/.exec(d.path ?? "");
    return match ? { ...d, path: formPath(["findings", rows[Number(match[1])] ?? Number(match[1])]) + match[2] } : d;
  });
  return new AppError(error.status, error.code, error.message, details);
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;
type DrillItem = Loaded["items"][number];
const card = "min-w-0 rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";

export default function DrillsPage() {
  const loaded = useLoaderData<typeof loader>();
  const { release, items, recordable, log, paging, titles } = loaded;
  const posted = useActionData<typeof action>() as Reply | undefined;
  const [search] = useSearchParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Page
      crumbs={[
        { to: `/releases/${release.id}`, label: release.name },
        { to: `/releases/${release.id}/drills`, label: t("drills.crumb") },
      ]}
    >
      <h1 className="text-3xl font-bold">{t("drills.title")}</h1>
      <p className="text-slate-600">{t("drills.intro", { release: release.name, launch: fmt.day(release.launch) })}</p>

      <section aria-label={t("drills.items.label")} className="mt-4 grid gap-4 lg:grid-cols-2">
        {items.length ? (
          items.map((item) => <DrillCard key={item.id} item={item} launch={release.launch} mayRecord={recordable.includes(item.id)} />)
        ) : (
          <p className="text-slate-600">{t("drills.items.none")}</p>
        )}
      </section>

      {recordable.length ? (
        // Keyed by the item asked for: a card's "Record a drill" link picks the item in the form.
        <RecordForm key={search.get("item") ?? ""} items={items.filter((i) => recordable.includes(i.id))} today={loaded.today} posted={posted} />
      ) : items.length ? (
        <p className="mt-8 rounded-md bg-slate-100 p-3 text-slate-700" data-read-only>
          {t("drills.form.readOnly")}
        </p>
      ) : null}

      <section className="mt-8" aria-labelledby="log">
        <h2 id="log" className="mb-2 text-xl font-bold">
          {t("drills.log.title")}
        </h2>
        {log.length ? (
          <LogTable log={log} titles={titles} configs={Object.fromEntries(items.map((i) => [i.id, i.config]))} />
        ) : (
          <p className="text-slate-600">{t("drills.log.empty")}</p>
        )}
        <nav className="mt-3 flex flex-wrap gap-4 text-sm font-semibold">
          {paging.before ? (
            <Link to={`/releases/${release.id}/drills#log`} className="underline" data-page-newest>
              {t("drills.log.newest")}
            </Link>
          ) : null}
          {paging.older ? (
            <Link to={`/releases/${release.id}/drills?before=${paging.older}#log`} className="underline" data-page-older>
              {t("drills.log.older")}
            </Link>
          ) : null}
        </nav>
      </section>
    </Page>
  );
}

const TONES = {
  good: "bg-emerald-50 text-emerald-900 ring-emerald-200",
  bad: "bg-red-50 text-red-900 ring-red-300",
  warn: "bg-amber-50 text-amber-950 ring-amber-300",
  none: "bg-slate-50 text-slate-700 ring-slate-200",
} as const;

function Chip({ look, children, ...rest }: { look: keyof typeof TONES; children: ReactNode } & Record<`data-${string}`, string | number | boolean>) {
  return (
    <span className={`inline-flex flex-wrap items-baseline gap-1 rounded-md px-2 py-0.5 font-semibold ring-1 ${TONES[look]}`} {...rest}>
      {children}
    </span>
  );
}

/** A timing against its target: over it is red with by how much (SPEC 10: colour, symbol and word). */
function Timing({ label, value, target, name }: { label: string; value: number | null; target: number | undefined; name: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const over = value !== null && target !== undefined && value > target ? value - target : null;
  return (
    <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1" data-timing={name} data-over-target={over !== null}>
      <dt className="text-sm font-semibold text-slate-600">{label}</dt>
      <dd className="flex flex-wrap items-baseline gap-2">
        {value === null ? (
          <span className="text-slate-600">{t("drills.items.notRecorded")}</span>
        ) : over !== null ? (
          <Chip look="bad">
            {t("drills.items.seconds", { value: fmt.number(value) })}{" "}
            <span className="text-sm">{t("drills.items.overTarget", { over: fmt.number(over) })}</span>
          </Chip>
        ) : (
          <span className="font-semibold tabular-nums">{t("drills.items.seconds", { value: fmt.number(value) })}</span>
        )}
        <span className="text-sm text-slate-500">
          {target === undefined ? t("drills.items.noTarget") : t("drills.items.target", { value: fmt.number(target) })}
        </span>
      </dd>
    </div>
  );
}

function DrillCard({ item, launch, mayRecord }: { item: DrillItem; launch: string; mayRecord: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const evidence = item.evidence;
  const latest = item.latest;
  return (
    <article className={card} data-drill-item={item.id} data-status={item.status} aria-labelledby={`drill-${item.id}`}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <h2 id={`drill-${item.id}`} className="min-w-0 text-lg font-bold">
          {item.title}
        </h2>
        <StatusBadge status={item.status} />
      </div>
      <p className="mt-1 text-sm text-slate-700" data-reason>
        {translateMessage(item.reason, t)}
      </p>
      <p className="mt-1 text-xs text-slate-500">
        {t("drills.items.standard")}: {translateMessage(item.standard, t)}
      </p>
      {evidence ? (
        <dl className="mt-3 grid gap-2">
          <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
            <dt className="text-sm font-semibold text-slate-600">{t("drills.items.lastDrill")}</dt>
            <dd className="flex flex-wrap items-baseline gap-2" data-last-drill={evidence.performed_on}>
              <span className="font-semibold">{fmt.day(evidence.performed_on)}</span>
              {latest ? <span className="text-slate-700">{t(`drills.kind.${latest.kind}`)}</span> : null}
              <ResultChip result={evidence.result} slow={item.status === "red" && evidence.result === "pass"} />
            </dd>
          </div>
          <Timing name="detect" label={t("drills.items.detect")} value={evidence.detect_s ?? null} target={item.config.max_detect_s} />
          <Timing name="mitigate" label={t("drills.items.mitigate")} value={evidence.mitigate_s ?? null} target={item.config.max_mitigate_s} />
          {evidence.result === "pass" && item.valid_until ? (
            <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
              <dt className="text-sm font-semibold text-slate-600">{t("drills.items.validUntil")}</dt>
              <dd data-valid-until={item.valid_until} data-lapses={item.lapses_before_launch ?? ""}>
                {item.lapses_before_launch !== null ? (
                  <Chip look="warn">{t("drills.items.lapses", { date: fmt.day(item.valid_until), count: item.lapses_before_launch })}</Chip>
                ) : item.valid_until >= launch ? (
                  <Chip look="good">{t("drills.items.validOnLaunch", { date: fmt.day(item.valid_until) })}</Chip>
                ) : null}
              </dd>
            </div>
          ) : null}
          {latest ? (
            <>
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                <dt className="text-sm font-semibold text-slate-600">{t("drills.items.participants")}</dt>
                <dd className="min-w-0 break-words text-slate-800" data-participants={latest.participants.length}>
                  {latest.participants.join(", ")}
                </dd>
              </div>
              <div>
                <dt className="text-sm font-semibold text-slate-600">{t("drills.items.findings")}</dt>
                <dd>
                  <Findings findings={latest.findings} />
                </dd>
              </div>
            </>
          ) : null}
        </dl>
      ) : (
        <p className="mt-3 text-slate-600">{t("drills.items.never")}</p>
      )}
      {mayRecord ? (
        <Link
          to={`?item=${encodeURIComponent(item.id)}#record`}
          preventScrollReset
          className="mt-3 inline-flex min-h-11 items-center rounded-md px-3 font-semibold ring-1 ring-slate-300 hover:bg-slate-100 sm:min-h-9"
          data-record-for={item.id}
        >
          {t("drills.items.recordFor")}
        </Link>
      ) : null}
    </article>
  );
}

function Findings({ findings }: { findings: DrillView["findings"] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!findings.length) return <span className="text-slate-600">{t("drills.items.noFindings")}</span>;
  return (
    <ul className="mt-1 flex flex-col gap-1 text-sm">
      {findings.map((f) => (
        <li key={f.action} data-finding={f.action} data-action-status={f.status} className="min-w-0 break-words">
          <Link to={`/actions/${f.action}`} className="font-semibold underline underline-offset-2">
            {t("drills.items.finding", { priority: f.priority, title: f.title, owner: f.owner ?? f.function, due: fmt.day(f.due) })}
          </Link>{" "}
          <span className="text-slate-600">({t(`drills.items.actionStatus.${f.status as "open"}`, { defaultValue: f.status })})</span>
        </li>
      ))}
    </ul>
  );
}

/** The result as reported, or — a pass over its targets — what it counts as. */
function ResultChip({ result, slow }: { result: "pass" | "fail"; slow: boolean }) {
  const { t } = useTranslation();
  const shown = slow ? "slow" : result;
  return (
    <Chip look={shown === "pass" ? "good" : "bad"} data-result={shown}>
      {t(`drills.items.result.${shown}`)}
    </Chip>
  );
}

const tooSlow = (d: Pick<DrillView, "detect_s" | "mitigate_s">, config: DrillItem["config"] | undefined) =>
  Boolean(
    config &&
    ((d.detect_s !== null && config.max_detect_s !== undefined && d.detect_s > config.max_detect_s) ||
      (d.mitigate_s !== null && config.max_mitigate_s !== undefined && d.mitigate_s > config.max_mitigate_s)),
  );

/** Who recorded it: a person by their email, a token by its name. */
function recorder(label: string, t: TFunction): string {
  const [kind, ...rest] = label.split(":");
  const name = rest.join(":");
  if (kind === "user") return name;
  if (kind === "token") return t("drills.log.byToken", { name });
  return label;
}

function LogTable({ log, titles, configs }: { log: DrillView[]; titles: Record<string, string>; configs: Record<string, DrillItem["config"]> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const th = "px-3 py-2 font-semibold";
  const seconds = (v: number | null) => (v === null ? "—" : t("drills.items.seconds", { value: fmt.number(v) }));
  return (
    <div className="overflow-x-auto rounded-xl bg-white shadow-sm ring-1 ring-slate-200">
      <table className="table-cards w-full text-left text-sm">
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th className={th}>{t("drills.log.when")}</th>
            <th className={th}>{t("drills.log.item")}</th>
            <th className={th}>{t("drills.log.kind")}</th>
            <th className={th}>{t("drills.log.result")}</th>
            <th className={th}>{t("drills.log.timings")}</th>
            <th className={th}>{t("drills.log.people")}</th>
            <th className={th}>{t("drills.log.findings")}</th>
          </tr>
        </thead>
        <tbody>
          {log.map((d) => (
            <tr key={d.id} className="border-t border-slate-100 align-top" data-drill-row={d.id}>
              <td className="px-3 py-2">
                <div className="font-semibold">{fmt.day(d.performed_on)}</div>
                <div className="text-xs text-slate-500">{t("drills.log.recorded", { at: fmt.instant(d.recorded_at), by: recorder(d.recorded_by, t) })}</div>
              </td>
              <td className="px-3 py-2" data-label={t("drills.log.item")}>
                {titles[d.item] ?? d.item}
              </td>
              <td className="px-3 py-2" data-label={t("drills.log.kind")}>
                {t(`drills.kind.${d.kind}`)}
              </td>
              <td className="px-3 py-2" data-label={t("drills.log.result")}>
                <ResultChip result={d.result} slow={d.result === "pass" && tooSlow(d, configs[d.item])} />
              </td>
              <td className="px-3 py-2 tabular-nums" data-label={t("drills.log.timings")}>
                {seconds(d.detect_s)} / {seconds(d.mitigate_s)}
              </td>
              <td className="min-w-0 break-words px-3 py-2" data-label={t("drills.log.people")}>
                {d.participants.join(", ")}
              </td>
              <td className="px-3 py-2" data-label={t("drills.log.findings")}>
                <Findings findings={d.findings} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RecordForm({ items, today, posted }: { items: DrillItem[]; today: string; posted: Reply | undefined }) {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formData?.get("intent") === "record";
  const wanted = search.get("item");
  const [itemId, setItemId] = useState(items.some((i) => i.id === wanted) ? wanted! : items[0]!.id);
  const [rows, setRows] = useState(2);
  const item = items.find((i) => i.id === itemId) ?? items[0]!;
  const errors = (field: string) => posted?.reply.error?.[field] ?? undefined;
  const placed = ["item", "kind", "performed_on", "result", "detect_s", "mitigate_s", "participants", "note", "link"];
  const rowFields = Array.from({ length: rows }, (_, i) => ["title", "priority", "owner", "due"].map((f) => `findings[${i}].${f}`)).flat();
  const refusal = replyErrors(posted?.reply, t, [...placed, ...rowFields]);
  const target = (value: number | undefined) => (value === undefined ? t("drills.form.noTargetHint") : t("drills.form.targetHint", { value }));
  return (
    <section className={`${card} mt-8`} aria-labelledby="record" id="record" data-record-form>
      <h2 id="record" className="text-xl font-bold">
        {t("drills.form.title")}
      </h2>
      <p className="mt-1 text-sm text-slate-600">{t("drills.form.intro")}</p>
      <Form method="post" className="mt-3 grid gap-x-4 md:grid-cols-2" key={posted?.recorded?.drill ?? "form"}>
        <input type="hidden" name="intent" value="record" />
        <Field id="drill-item" label={t("drills.form.item")} error={errors("item")}>
          <select id="drill-item" name="item" className={inputClass} value={itemId} onChange={(e) => setItemId(e.target.value)}>
            {items.map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id="drill-kind" label={t("drills.form.kind")} error={errors("kind")}>
          {/* Keyed by the item: its kind follows the item chosen. */}
          <select id="drill-kind" name="kind" key={item.id} className={inputClass} defaultValue={item.latest?.kind ?? suggestedKind(item.id) ?? undefined}>
            {DRILL_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`drills.kind.${k}`)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="drill-date" label={t("drills.form.performedOn")} error={errors("performed_on")}>
          <input id="drill-date" name="performed_on" type="date" required max={today} defaultValue={today} className={inputClass} />
        </Field>
        <fieldset className="mb-4">
          <legend className="text-sm font-semibold text-slate-800">{t("drills.form.result")}</legend>
          <div className="mt-1 flex gap-2">
            {(["pass", "fail"] as const).map((r) => (
              <label
                key={r}
                className="flex min-h-11 flex-1 items-center gap-2 rounded-md px-3 ring-1 ring-slate-300 has-[:checked]:bg-slate-900 has-[:checked]:text-white"
              >
                <input type="radio" name="result" value={r} defaultChecked={r === "pass"} />
                {t(`drills.form.${r}`)}
              </label>
            ))}
          </div>
          <p className="mt-1 min-h-5 text-sm font-medium text-red-700">{errors("result")?.map((m) => translateMessage(m, t))}</p>
        </fieldset>
        <Field id="drill-detect" label={t("drills.form.detect")} hint={target(item.config.max_detect_s)} error={errors("detect_s")}>
          <input id="drill-detect" name="detect_s" type="number" min={0} step="any" inputMode="decimal" className={inputClass} />
        </Field>
        <Field id="drill-mitigate" label={t("drills.form.mitigate")} hint={target(item.config.max_mitigate_s)} error={errors("mitigate_s")}>
          <input id="drill-mitigate" name="mitigate_s" type="number" min={0} step="any" inputMode="decimal" className={inputClass} />
        </Field>
        <Field id="drill-participants" label={t("drills.form.participants")} hint={t("drills.form.participantsHint")} error={errors("participants")}>
          <textarea id="drill-participants" name="participants" rows={3} required className={inputClass} />
        </Field>
        <div>
          <Field id="drill-note" label={t("drills.form.note")} error={errors("note")}>
            <input id="drill-note" name="note" className={inputClass} />
          </Field>
          <Field id="drill-link" label={t("drills.form.link")} error={errors("link")}>
            <input id="drill-link" name="link" type="url" inputMode="url" placeholder="https://" className={inputClass} />
          </Field>
        </div>
        <fieldset className="md:col-span-2" data-findings>
          <legend className="text-base font-bold">{t("drills.form.findings")}</legend>
          <p className="text-sm text-slate-600">{t("drills.form.findingsHint")}</p>
          <div className="mt-2 flex flex-col gap-3">
            {Array.from({ length: rows }, (_, i) => (
              <div key={i} className="grid gap-x-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200 sm:grid-cols-[2fr_6rem_2fr_10rem]" data-finding-row={i}>
                <Field id={`finding-${i}-title`} label={t("drills.form.findingTitle")} error={errors(`findings[${i}].title`)}>
                  <input id={`finding-${i}-title`} name={`findings[${i}].title`} className={inputClass} />
                </Field>
                <Field id={`finding-${i}-priority`} label={t("drills.form.priority")} error={errors(`findings[${i}].priority`)}>
                  <select id={`finding-${i}-priority`} name={`findings[${i}].priority`} defaultValue="P2" className={inputClass}>
                    {PRIORITIES.map((p) => (
                      <option key={p} value={p}>
                        {p}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  id={`finding-${i}-owner`}
                  label={t("drills.form.owner")}
                  error={[...(errors(`findings[${i}].owner`) ?? []), ...(errors(`findings[${i}].function`) ?? [])]}
                >
                  <input id={`finding-${i}-owner`} name={`findings[${i}].owner`} type="email" inputMode="email" className={inputClass} />
                </Field>
                <Field id={`finding-${i}-due`} label={t("drills.form.due")} error={errors(`findings[${i}].due`)}>
                  <input id={`finding-${i}-due`} name={`findings[${i}].due`} type="date" className={inputClass} />
                </Field>
              </div>
            ))}
          </div>
          <button
            type="button"
            className="mt-2 min-h-11 rounded-md px-3 font-semibold ring-1 ring-slate-300 hover:bg-slate-100 sm:min-h-9"
            onClick={() => setRows((n) => n + 1)}
            data-add-finding
          >
            {t("drills.form.addFinding")}
          </button>
        </fieldset>
        <div className="mt-4 flex flex-col gap-3 md:col-span-2">
          {refusal.length ? (
            <div role="alert" className="rounded-md bg-red-50 p-3 text-sm font-medium text-red-800 ring-1 ring-red-200" data-drill-error>
              ✖ {refusal.join(" ")}
            </div>
          ) : null}
          {posted?.recorded ? (
            <p role="status" className="font-semibold text-emerald-800" data-recorded={posted.recorded.drill}>
              {t("drills.form.recorded", { status: t(`common.status.${posted.recorded.status}`) })}
            </p>
          ) : null}
          <button type="submit" className={`${buttonClass} min-h-11 sm:self-start`} disabled={busy}>
            {busy ? t("drills.form.saving") : t("drills.form.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
