import { getFormProps, useForm } from "@conform-to/react";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { TFunction } from "i18next";
import { isHighPriority } from "../shared/actions";
import { DEFAULT_LOCALE } from "../shared/locale";
import type { Board, BoardVote } from "../shared/board";
import { FormError } from "../components/auth-card";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { IdempotencyKey } from "../components/idempotency-key";
import { Leads } from "../components/leads";
import { buttonClass, inputClass, Page } from "../components/layout";
import { GateBanner } from "../components/status";
import { actorFor, can, requireAllowed } from "../lib/auth.server";
import { actorName } from "../lib/board-state";
import { errorReply } from "../lib/form-errors";
import { useFormat } from "../lib/format";
import { parseForm, readForm } from "../lib/forms";
import { orNotFound } from "../lib/http.server";
import { metaT, translateMessage } from "../lib/i18n";
import { formKey, once } from "../lib/idempotency.server";
import { meetingFormSchema } from "../lib/meeting-forms";
import { useLiveBoard, useNow } from "../lib/use-live-board";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("meeting.metaTitle", { release: data.board.release.name }) : "Greenlight" },
];

/**
 * The Go/No-Go page: the PMO schedules and runs the meeting and records the
 * decision; each function's lead votes from here; everyone sees the votes,
 * their freshness and the open follow-up actions, live.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = orNotFound(() => context.readiness.getRelease(params.release!));
  const { goNoGo } = context;
  const actions = context.actions.list({ release: release.id, status: "open_any" });
  const board = context.projection.snapshot(release.id);
  return {
    board,
    // Required votes no person can cast (no active lead of the function): said before the meeting needs them.
    unvoiced: goNoGo.unvoiced(board.required_functions),
    functions: release.functions,
    owners: [...new Set(context.readiness.listItems(release.id).map((i) => i.owner))].sort(),
    decisions: goNoGo.listDecisions(release.id).slice(0, 10),
    // A P0/P1 is closed with evidence, from the actions page; the rest may be marked done here.
    actions: actions.map((a) => ({
      ...a,
      mayClose: !isHighPriority(a.priority) && can(user, { type: "action.close", owner: a.owner, function: a.function, priority: a.priority, status: "done" }),
    })),
    me: {
      label: actorFor(user).label,
      admin: can(user, { type: "meeting.manage" }),
      votesFor: release.functions.filter((fn) => can(user, { type: "vote.cast", function: fn })),
    },
    now: context.clock().toISOString(),
    formKey: formKey(),
  };
}

export async function action({ params, context, request }: ActionFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const release = params.release!;
  const submission = parseForm(await readForm(request), meetingFormSchema);
  const intent = String((submission.payload as Record<string, unknown>).intent ?? "");
  if (submission.status !== "success") return data({ result: submission.reply(), decided: null, intent }, { status: 400 });
  const { goNoGo } = context;
  const actor = actorFor(user);
  const v = submission.value;
  try {
    // The forms that create (schedule, vote, decide) carry a key: sent twice, written once.
    const createOnce = <R,>(create: () => R): R => once(context, request, user, submission.payload, create);
    let decided: number | null = null;
    switch (v.intent) {
      case "schedule":
        createOnce(() =>
          goNoGo.scheduleMeeting(
            release,
            { scheduled_at: v.scheduled_at_utc, required_functions: v.required_functions, item_minutes: v.item_minutes, total_minutes: v.total_minutes },
            actor,
          ),
        );
        break;
      case "start":
        goNoGo.startMeeting(v.meeting, actor);
        break;
      case "move":
        goNoGo.moveTo(v.meeting, v.index, actor);
        break;
      case "take-over":
        goNoGo.takeOver(v.meeting, actor);
        break;
      case "note":
        goNoGo.setNote(v.meeting, { section: v.section, text: v.text ?? "" }, actor);
        break;
      case "end":
        goNoGo.endMeeting(v.meeting, actor);
        break;
      case "vote":
        createOnce(() => goNoGo.castVote(release, { function: v.function, vote: v.vote, comment: v.comment ?? "", seen_seq: v.seen_seq }, actor));
        break;
      case "decide":
        decided = createOnce(() => goNoGo.decide(release, { decision: v.decision, summary: v.summary, actions: v.actions }, actor).id);
        break;
      case "action-done":
        context.actions.close(v.id, { status: "done" }, actor);
        break;
      case "phase":
        goNoGo.setPhase(release, { phase: v.phase }, actor);
        break;
    }
    return { result: submission.reply({ resetForm: v.intent !== "note" }), decided, intent };
  } catch (error) {
    const { result, status } = errorReply(submission.reply, error);
    return data({ result, decided: null, intent }, { status });
  }
}

export default function MeetingPage() {
  const loaded = useLoaderData<typeof loader>();
  const { state } = useLiveBoard(loaded.board);
  const board = state.board ?? loaded.board;
  const live = state.connection === "live";
  const now = useNow(1000, loaded.now);
  const { me } = loaded;
  const meeting = board.meeting;
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Page
      crumbs={[
        { to: `/releases/${board.release.id}`, label: board.release.name },
        { to: `/releases/${board.release.id}/meeting`, label: t("meeting.title") },
      ]}
    >
      <div className="mb-4 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("meeting.title")}</h1>
          <p className="text-slate-600">
            {t("meeting.launch", { date: fmt.day(board.release.launch_date) })}
            <strong data-phase={board.phase}>{phaseWord(board.phase, fmt.locale, t)}</strong>
            {meeting?.status === "live" ? (
              <>
                {" "}
                ·{" "}
                <Link to={`/releases/${board.release.id}/board`} className="font-semibold underline">
                  {t("meeting.openBoard")}
                </Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="w-full sm:w-auto sm:min-w-[22rem]">
          <GateBanner gate={live ? board.gate : null} />
        </div>
      </div>
      {board.phase === "go" && !board.gate.open ? (
        <p role="alert" className="mb-4 rounded-xl bg-red-700 px-5 py-3 text-xl font-black text-white motion-safe:animate-pulse">
          {t("meeting.alarm")}
        </p>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="grid content-start gap-6">
          <MeetingCard board={board} me={me} owners={loaded.owners} functions={loaded.functions} now={now} />
          <VotesCard board={board} required={meeting?.required_functions ?? board.required_functions} me={me} />
        </div>
        <div className="grid content-start gap-6">
          {me.admin ? <DecisionCard board={board} live={live} /> : null}
          <ActionsCard release={loaded.board.release.id} actions={loaded.actions} />
          <DecisionsCard release={board.release.id} decisions={loaded.decisions} />
          {me.admin && board.phase === "go" ? <PhaseCard /> : null}
        </div>
      </div>
    </Page>
  );
}

const card = "rounded-xl bg-white p-5 shadow-sm ring-1 ring-slate-200";

/** The release's phase as the page says it: English keeps the lowercase words it always showed ("go", "rolled back"). */
function phaseWord(phase: Board["phase"], locale: string, t: TFunction): string {
  return locale === "en" ? phase.replace("_", " ") : t(`common.phase.${phase}`);
}

/**
 * A message of this page's action in the page's language: the server writes
 * form-level refusals in English, capitalised, with a full stop, and a
 * decision's several refusals in one ("…; no Go vote from qa"): each is
 * translated on its own. English, and a message not in the catalogue, stay as written.
 */
function messageInWords(message: string, locale: string, t: TFunction): string {
  if (locale === DEFAULT_LOCALE) return message;
  const bare = message.charAt(0).toLowerCase() + message.slice(1).replace(/\.$/, "");
  const parts = bare.split(/; (?=no Go vote from |the Go votes of )/);
  const translated = parts.map((part) => translateMessage(part, t));
  if (translated.every((text, i) => text === parts[i])) return translateMessage(message, t);
  return translated.join(t("meeting.decide.separator"));
}

/** The last reply of this page's action, for the forms with these intents. */
function useReply(...intents: string[]) {
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && intents.includes(String(navigation.formData?.get("intent")));
  const mine = reply && intents.includes(reply.intent) ? reply : undefined;
  const { t, i18n } = useTranslation();
  const errors = mine?.result.error
    ? Object.values(mine.result.error)
        .flat()
        .filter((e): e is string => Boolean(e))
        .map((e) => messageInWords(e, i18n.language, t))
    : [];
  return { result: mine?.result, errors, busy, decided: mine?.decided ?? null };
}

function MeetingCard({
  board,
  me,
  owners,
  functions,
  now,
}: {
  board: Board;
  me: { label: string; admin: boolean };
  owners: string[];
  functions: string[];
  now: Date;
}) {
  const meeting = board.meeting;
  const { formKey } = useLoaderData<typeof loader>();
  const schedule = useReply("schedule");
  const control = useReply("start", "move", "take-over", "end");
  const [utc, setUtc] = useState("");
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!meeting) {
    return (
      <section className={card} aria-label={t("board.meeting.meeting")}>
        <h2 className="text-lg font-bold">{t("board.meeting.meeting")}</h2>
        {me.admin ? (
          <Form method="post" className="mt-3 grid gap-3">
            <input type="hidden" name="intent" value="schedule" />
            <IdempotencyKey value={formKey} form="schedule" />
            <input type="hidden" name="scheduled_at_utc" value={utc} />
            <label className="text-sm font-semibold">
              {t("meeting.desk.when")}
              <input
                type="datetime-local"
                required
                className={`${inputClass} mt-1`}
                onChange={(e) => setUtc(e.currentTarget.value ? new Date(e.currentTarget.value).toISOString() : "")}
                name="scheduled_at_local"
              />
            </label>
            <fieldset>
              <legend className="text-sm font-semibold">{t("meeting.desk.mustVote")}</legend>
              <div className="mt-1 flex flex-wrap gap-3">
                {functions.map((fn) => (
                  <label key={fn} className="flex items-center gap-1.5 text-sm uppercase">
                    <input type="checkbox" name="required_functions" value={fn} defaultChecked={owners.includes(fn)} /> {fn}
                    <Leads names={board.owner_names?.[fn]} />
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="grid grid-cols-2 gap-3">
              <label className="text-sm font-semibold">
                {t("meeting.desk.itemMinutes")}
                <input type="number" name="item_minutes" defaultValue={5} min={1} className={`${inputClass} mt-1`} />
              </label>
              <label className="text-sm font-semibold">
                {t("meeting.desk.totalMinutes")}
                <input type="number" name="total_minutes" defaultValue={45} min={1} className={`${inputClass} mt-1`} />
              </label>
            </div>
            <FormError errors={schedule.errors} />
            <button type="submit" className={buttonClass} disabled={schedule.busy}>
              {schedule.busy ? t("meeting.desk.scheduling") : t("meeting.desk.schedule")}
            </button>
          </Form>
        ) : (
          <p className="mt-2 text-slate-600">{t("meeting.desk.none")}</p>
        )}
      </section>
    );
  }
  const section = board.sections.find((s) => s.key === meeting.agenda[meeting.current]);
  const presenting = meeting.presenter === me.label;
  return (
    <section className={card} aria-label={t("board.meeting.meeting")} data-meeting={meeting.status}>
      <h2 className="flex items-center justify-between text-lg font-bold">
        {t("board.meeting.meeting")} <span className="text-sm font-semibold uppercase text-slate-500">{t(`meeting.desk.status.${meeting.status}`)}</span>
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {t("meeting.desk.summary", {
          // English keeps the long UTC form it always showed.
          when: fmt.locale === "en" ? new Date(meeting.scheduled_at).toUTCString().replace(" GMT", " UTC") : fmt.instant(meeting.scheduled_at),
          minutes: meeting.total_minutes,
        })}
        <span className="uppercase">{meeting.required_functions.join(", ")}</span>
        {meeting.scheduled_by ? t("meeting.desk.scheduledBy", { name: actorName(meeting.scheduled_by, meeting.scheduled_by_name) }) : null}
      </p>
      {meeting.status === "live" ? (
        <p className="mt-2 text-sm">
          {t("meeting.desk.presenting")}
          <strong>{meeting.presenter ? actorName(meeting.presenter, meeting.presenter_name) : t("board.meeting.nobody")}</strong>
          {t("meeting.desk.nowOn")}
          <strong>{section?.name ?? "—"}</strong>
          {t("meeting.desk.position", { current: meeting.current + 1, count: meeting.agenda.length, minutes: minutesSince(meeting.started_at, now) })}
        </p>
      ) : null}
      <FormError errors={control.errors} />
      {me.admin ? (
        <div className="mt-3 flex flex-wrap gap-2">
          {meeting.status === "scheduled" ? <IntentButton intent="start" meeting={meeting.id} label={t("meeting.desk.start")} primary /> : null}
          {meeting.status === "live" && presenting ? (
            <>
              <IntentButton
                intent="move"
                meeting={meeting.id}
                index={Math.max(0, meeting.current - 1)}
                label={t("meeting.desk.previous")}
                disabled={meeting.current === 0}
              />
              <IntentButton
                intent="move"
                meeting={meeting.id}
                index={Math.min(meeting.agenda.length - 1, meeting.current + 1)}
                label={t("meeting.desk.next")}
                disabled={meeting.current === meeting.agenda.length - 1}
                primary
              />
            </>
          ) : null}
          {meeting.status === "live" && !presenting ? (
            <IntentButton intent="take-over" meeting={meeting.id} label={t("board.meeting.takeOver")} primary />
          ) : null}
          {meeting.status === "live" ? <IntentButton intent="end" meeting={meeting.id} label={t("meeting.desk.end")} /> : null}
        </div>
      ) : null}
      {me.admin && meeting.status === "live" && section ? (
        <NoteForm meeting={meeting.id} section={section.key} name={section.name} text={meeting.notes[section.key] ?? ""} />
      ) : null}
    </section>
  );
}

function minutesSince(at: string | null, now: Date): number {
  return at ? Math.max(0, Math.floor((now.getTime() - Date.parse(at)) / 60_000)) : 0;
}

function IntentButton({
  intent,
  meeting,
  index,
  label,
  primary,
  disabled,
}: {
  intent: string;
  meeting: number;
  index?: number;
  label: string;
  primary?: boolean;
  disabled?: boolean;
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="meeting" value={meeting} />
      {index !== undefined ? <input type="hidden" name="index" value={index} /> : null}
      <button
        type="submit"
        disabled={disabled}
        className={primary ? buttonClass : "rounded-md px-4 py-2 font-semibold ring-1 ring-slate-300 hover:bg-slate-50 disabled:opacity-50"}
      >
        {label}
      </button>
    </Form>
  );
}

function NoteForm({ meeting, section, name, text }: { meeting: number; section: string; name: string; text: string }) {
  const note = useReply("note");
  const { t } = useTranslation();
  return (
    <Form method="post" className="mt-4 grid gap-2" key={`${section}:${text}`}>
      <input type="hidden" name="intent" value="note" />
      <input type="hidden" name="meeting" value={meeting} />
      <input type="hidden" name="section" value={section} />
      <label className="text-sm font-semibold">
        {t("meeting.desk.notesOn", { section: name })}
        <textarea name="text" rows={3} defaultValue={text} className={`${inputClass} mt-1`} />
      </label>
      <FormError errors={note.errors} />
      <button
        type="submit"
        className="justify-self-start rounded-md px-3 py-1.5 text-sm font-semibold ring-1 ring-slate-300 hover:bg-slate-50"
        disabled={note.busy}
      >
        {note.busy ? t("meeting.desk.saving") : t("meeting.desk.saveNotes")}
      </button>
    </Form>
  );
}

function VotesCard({ board, required, me }: { board: Board; required: string[]; me: { votesFor: string[]; admin: boolean } }) {
  const byFunction = new Map(board.votes.map((v) => [v.function, v]));
  const { unvoiced } = useLoaderData<typeof loader>();
  const nobody = required.filter((fn) => unvoiced.includes(fn));
  const { t } = useTranslation();
  return (
    <section className={card} aria-label={t("board.votes.title")}>
      <h2 className="text-lg font-bold">{t("board.votes.title")}</h2>
      <p className="text-sm text-slate-600">{t("meeting.votes.staleHint")}</p>
      {nobody.length ? (
        <p
          role="alert"
          data-unvoiced={nobody.join(",")}
          className="mt-2 rounded-md bg-amber-100 px-3 py-2 text-sm font-medium text-amber-950 ring-1 ring-amber-300"
        >
          {t("meeting.votes.unvoiced", { count: nobody.length, functions: nobody.map((fn) => fn.toUpperCase()).join(", ") })}
          {me.admin ? (
            <Link to="/admin/users" className="underline">
              {t("meeting.votes.invite")}
            </Link>
          ) : (
            t("meeting.votes.askAdmin")
          )}
        </p>
      ) : null}
      <ul className="mt-3 grid gap-3">
        {required.map((fn) => (
          <VoteRow key={fn} fn={fn} leads={board.owner_names?.[fn]} vote={byFunction.get(fn)} mine={me.votesFor.includes(fn)} seenSeq={board.seq} />
        ))}
      </ul>
    </section>
  );
}

/** A vote's choice: a thumb-sized half of the row on a phone, a compact radio beside the comment from sm up. */
const voteChoice =
  "flex min-h-11 flex-1 cursor-pointer items-center justify-center gap-2 rounded-md text-sm font-semibold ring-1 ring-slate-300 has-[:checked]:bg-slate-900 has-[:checked]:text-white sm:min-h-0 sm:flex-none sm:gap-1 sm:ring-0 sm:has-[:checked]:bg-transparent sm:has-[:checked]:text-inherit";

function VoteRow({
  fn,
  leads,
  vote,
  mine,
  seenSeq,
}: {
  fn: string;
  /** Who answers (and votes) for the function: its leads. */
  leads: string[] | undefined;
  vote: BoardVote | undefined;
  mine: boolean;
  seenSeq: number;
}) {
  const reply = useReply("vote");
  const { formKey } = useLoaderData<typeof loader>();
  const [choice, setChoice] = useState<string>("");
  const { t } = useTranslation();
  useEffect(() => setChoice(""), [vote?.seq]);
  return (
    <li
      className="rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200"
      data-vote={fn}
      data-vote-value={vote?.vote ?? "none"}
      data-fresh={vote ? String(vote.fresh) : undefined}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="w-28 font-bold uppercase">
          {fn}
          <Leads names={leads} block />
        </span>
        <VoteBadge vote={vote} />
        {vote?.comment ? <span className="text-sm text-slate-700">“{vote.comment}”</span> : null}
        {vote ? (
          <span className="ml-auto text-xs text-slate-500" title={vote.voter} data-voter={vote.voter}>
            {actorName(vote.voter, vote.voter_name)}
          </span>
        ) : null}
      </div>
      {mine ? (
        <Form method="post" className="mt-2 flex flex-wrap items-center gap-2">
          <input type="hidden" name="intent" value="vote" />
          <input type="hidden" name="function" value={fn} />
          <IdempotencyKey value={formKey} form={`vote-${fn}`} />
          {/* The board this vote is cast on: refused if an item changed status since. */}
          <input type="hidden" name="seen_seq" value={seenSeq} />
          <label className={voteChoice}>
            <input type="radio" name="vote" value="go" checked={choice === "go"} onChange={() => setChoice("go")} /> {t("record.go")}
          </label>
          <label className={voteChoice}>
            <input type="radio" name="vote" value="no_go" checked={choice === "no_go"} onChange={() => setChoice("no_go")} /> {t("record.noGo")}
          </label>
          <input
            name="comment"
            placeholder={t("meeting.votes.comment")}
            className={`${inputClass} text-sm sm:!w-64 sm:!py-1`}
            aria-label={t("meeting.votes.commentFor", { function: fn })}
          />
          <button
            type="submit"
            className="w-full rounded-md bg-slate-900 px-3 py-1 text-sm font-semibold text-white disabled:opacity-60 sm:w-auto"
            disabled={reply.busy}
          >
            {vote && !vote.fresh ? t("meeting.votes.confirm") : vote ? t("meeting.votes.change") : t("meeting.votes.vote")}
          </button>
          <FormError errors={reply.errors} />
        </Form>
      ) : null}
    </li>
  );
}

export function VoteBadge({ vote }: { vote: BoardVote | undefined }) {
  const { t } = useTranslation();
  if (!vote) return <span className="rounded-md bg-slate-200 px-2 py-0.5 text-sm font-semibold text-slate-700">{t("meeting.votes.none")}</span>;
  return (
    <span className="flex items-center gap-1.5">
      <span className={`rounded-md px-2 py-0.5 text-sm font-bold ${vote.vote === "go" ? "bg-emerald-700 text-white" : "bg-red-700 text-white"}`}>
        {vote.vote === "go" ? `✔ ${t("record.go")}` : `✖ ${t("record.noGo")}`}
      </span>
      {vote.fresh ? null : <span className="rounded-md bg-amber-300 px-2 py-0.5 text-sm font-bold text-amber-950">{t("meeting.votes.stale")}</span>}
    </span>
  );
}

function DecisionCard({ board, live }: { board: Board; live: boolean }) {
  const reply = useReply("decide");
  const { formKey } = useLoaderData<typeof loader>();
  // Conform resets the form after a decision is recorded (the action's `resetForm`): the next one starts blank.
  const [form] = useForm({ id: "decide", lastResult: reply.result });
  const { t } = useTranslation();
  return (
    <section className={card} aria-label={t("meeting.decide.label")}>
      <h2 className="text-lg font-bold">{t("meeting.decide.title")}</h2>
      <p className="text-sm text-slate-600">{t("meeting.decide.rule")}</p>
      {reply.decided ? (
        <p className="mt-2 rounded-md bg-emerald-50 p-2 text-sm text-emerald-900 ring-1 ring-emerald-200" role="status">
          {t("meeting.decide.recorded")}{" "}
          <Link to={`/decisions/${reply.decided}`} className="font-semibold underline">
            {t("meeting.decide.open")}
          </Link>
        </p>
      ) : null}
      <Form method="post" {...getFormProps(form)} key={form.key} className="mt-3 grid gap-3">
        <input type="hidden" name="intent" value="decide" />
        <IdempotencyKey value={formKey} form="decide" />
        <div className="flex gap-4">
          <label className="flex items-center gap-2 font-bold text-emerald-800">
            <input type="radio" name="decision" value="go" /> {t("meeting.decision.go")}
          </label>
          <label className="flex items-center gap-2 font-bold text-red-800">
            <input type="radio" name="decision" value="no_go" /> {t("meeting.decision.no_go")}
          </label>
        </div>
        <label className="text-sm font-semibold">
          {t("meeting.decide.summary")}
          <textarea name="summary" rows={3} className={`${inputClass} mt-1`} placeholder={t("meeting.decide.summaryPlaceholder")} />
        </label>
        <label className="text-sm font-semibold">
          {t("meeting.decide.actions")} <code className="font-normal">{t("meeting.decide.format")}</code>
          <textarea name="actions" rows={3} className={`${inputClass} mt-1 font-mono text-xs`} placeholder={t("meeting.decide.actionsPlaceholder")} />
        </label>
        {reply.errors.length ? (
          <div role="alert" className="rounded-md bg-red-50 p-3 text-sm font-medium text-red-800 ring-1 ring-red-200" data-decision-refused>
            {reply.errors.map((e, i) => (
              <p key={i}>✖ {e}</p>
            ))}
          </div>
        ) : null}
        <button type="submit" className={buttonClass} disabled={reply.busy}>
          {reply.busy ? t("meeting.decide.recording") : t("meeting.decide.title")}
        </button>
        <p className="text-xs text-slate-500">
          {t("meeting.decide.footer", {
            gate: live
              ? board.gate.open
                ? t("meeting.decide.gateOpen")
                : t("meeting.decide.gateClosed", { count: board.gate.blocking })
              : t("meeting.decide.gateUnknown"),
            votes: board.votes.filter((v) => v.vote === "go" && v.fresh).length,
          })}
        </p>
      </Form>
    </section>
  );
}

function ActionsCard({ release, actions }: { release: string; actions: ReturnType<typeof useLoaderData<typeof loader>>["actions"][number][] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section className={card} aria-label={t("meeting.actions.label")}>
      <h2 className="flex items-baseline justify-between text-lg font-bold">
        {t("meeting.actions.title")}
        <Link to={`/releases/${release}/actions`} className="text-sm font-semibold underline">
          {t("meeting.actions.all")}
        </Link>
      </h2>
      {actions.length === 0 ? <p className="mt-2 text-sm text-slate-600">{t("meeting.actions.none")}</p> : null}
      <ul className="mt-2 grid gap-2">
        {actions.map((a) => (
          <li key={a.id} className="flex items-center gap-3 text-sm" data-action={a.id}>
            <span className="flex-1">
              <strong>
                {a.priority} {a.title}
              </strong>{" "}
              — {a.owner_name ?? t("board.actions.noOwnerYet", { function: a.function })}
              {t("meeting.actions.due", { date: fmt.day(a.due) })}
              {a.overdue ? <strong className="text-red-800"> ·{t("board.actions.overdue")}</strong> : null}
            </span>
            {a.mayClose ? (
              <Form method="post">
                <input type="hidden" name="intent" value="action-done" />
                <input type="hidden" name="id" value={a.id} />
                <button type="submit" className="rounded-md px-2.5 py-1 text-xs font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
                  {t("meeting.actions.markDone")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function DecisionsCard({
  release,
  decisions,
}: {
  release: string;
  decisions: { id: number; decision: "go" | "no_go"; decided_at: string; decided_by: string; summary: string }[];
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <section className={card} aria-label={t("meeting.decisions.title")}>
      <h2 className="flex items-baseline justify-between text-lg font-bold">
        {t("meeting.decisions.title")}
        <Link to={`/releases/${release}/decisions`} className="text-sm font-semibold underline">
          {t("meeting.decisions.all")}
        </Link>
      </h2>
      {decisions.length === 0 ? <p className="mt-2 text-sm text-slate-600">{t("meeting.decisions.none")}</p> : null}
      <ul className="mt-2 grid gap-1 text-sm">
        {decisions.map((d) => (
          <li key={d.id}>
            <Link to={`/decisions/${d.id}`} className="underline">
              {t(`meeting.decision.${d.decision}`)} · {fmt.instant(d.decided_at)}
            </Link>{" "}
            — {d.summary.slice(0, 80)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function PhaseCard() {
  const { t } = useTranslation();
  return (
    <section className={card} aria-label={t("meeting.phase.title")}>
      <h2 className="text-lg font-bold">{t("meeting.phase.title")}</h2>
      <p className="text-sm text-slate-600">{t("meeting.phase.hint")}</p>
      <div className="mt-3 flex gap-2">
        <Form method="post">
          <input type="hidden" name="intent" value="phase" />
          <input type="hidden" name="phase" value="released" />
          <button type="submit" className={buttonClass}>
            {t("meeting.phase.released")}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="phase" />
          <input type="hidden" name="phase" value="rolled_back" />
          <button type="submit" className="rounded-md px-4 py-2 font-semibold ring-1 ring-slate-300 hover:bg-slate-50">
            {t("meeting.phase.rolledBack")}
          </button>
        </Form>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
