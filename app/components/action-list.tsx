import type { SubmissionResult } from "@conform-to/react";
import { Link, useFetcher } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { isHighPriority, type ActionStatus, type Priority } from "../shared/actions";
import { actionFormSchema, type ActionWithControls } from "../lib/action-forms";
import { useFormat } from "../lib/format";
import { parseForm } from "../lib/forms";
import { translateMessage } from "../lib/i18n";

/**
 * Action items as rows (My actions, a release's actions, the verification
 * queue), each with the controls the signed-in person may use, in place:
 * every control posts its intent to `/actions/:id` through the row's fetcher,
 * so the list stays where it is and reloads around it.
 */
export const PRIORITY_LOOK: Record<Priority, { chip: string }> = {
  P0: { chip: "bg-red-700 text-white" },
  P1: { chip: "bg-orange-400 text-orange-950" },
  P2: { chip: "bg-slate-300 text-slate-900" },
  P3: { chip: "bg-slate-200 text-slate-700" },
};

/** Status by colour, symbol and word (SPEC 10; the word: `actions.status`). */
export const ACTION_STATUS_LOOK: Record<ActionStatus, { symbol: string; chip: string }> = {
  open: { symbol: "○", chip: "bg-slate-100 text-slate-800 ring-1 ring-inset ring-slate-300" },
  in_progress: { symbol: "◐", chip: "bg-sky-700 text-white" },
  done: { symbol: "✔", chip: "bg-emerald-700 text-white" },
  wont_do: { symbol: "⊘", chip: "bg-slate-600 text-white" },
};

export function PriorityChip({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return (
    <span
      className={`inline-flex w-9 shrink-0 justify-center rounded px-1.5 py-0.5 text-xs font-black ${PRIORITY_LOOK[priority].chip}`}
      title={t("actions.priority.title", { priority, word: t(`actions.priority.${priority}`) })}
      data-priority-chip={priority}
    >
      {priority}
    </span>
  );
}

export function ActionStatusChip({ status }: { status: ActionStatus }) {
  const { t } = useTranslation();
  const look = ACTION_STATUS_LOOK[status];
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2.5 py-0.5 text-sm font-semibold ${look.chip}`}
      data-status-chip={status}
    >
      <span aria-hidden="true">{look.symbol}</span>
      {t(`actions.status.${status}`)}
    </span>
  );
}

export function Overdue() {
  const { t } = useTranslation();
  return <strong className="whitespace-nowrap font-black text-red-700">{t("actions.overdue")}</strong>;
}

export function ownerLabel(action: { owner_name: string | null; owner: string | null; function: string }, t: TFunction): string {
  return action.owner_name ?? action.owner ?? t("actions.noOwner", { function: action.function });
}

export function ActionList({
  actions,
  empty,
  showFunction = true,
  label,
}: {
  actions: ActionWithControls[];
  empty: ReactNode;
  showFunction?: boolean;
  label?: string;
}) {
  if (!actions.length) return <p className="rounded-lg bg-white px-4 py-3 text-slate-600 ring-1 ring-slate-200">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-xl bg-white shadow-sm ring-1 ring-slate-200" aria-label={label}>
      {actions.map((a) => (
        // Keyed on what the server last said: after a change the row's boxes show its truth.
        <ActionRow key={`${a.id}:${a.status}:${a.updated_at}`} action={a} showFunction={showFunction} />
      ))}
    </ul>
  );
}

const small = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm";
/** A form with a box and its button: on a phone the box takes a line and the button the next, each the row's width. */
const boxForm = "flex w-full flex-wrap items-center gap-1.5 sm:w-auto sm:flex-nowrap [&>button]:grow sm:[&>button]:grow-0";
// w-0: the box grows into the row instead of holding it as wide as its own default size.
const box = `${small} w-0 min-w-0 flex-1 basis-full sm:w-56 sm:flex-none sm:basis-auto`;
const control = "whitespace-nowrap rounded-md px-2.5 py-1 text-sm font-semibold ring-1 disabled:opacity-60";
const plain = `${control} ring-slate-300 hover:bg-slate-100`;
const primary = `${control} bg-slate-900 text-white ring-slate-900 hover:bg-slate-700`;

function ActionRow({ action: a, showFunction }: { action: ActionWithControls; showFunction: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const intent = useIntent();
  const { Form } = intent.fetcher;
  const high = isHighPriority(a.priority);
  const { busy } = intent;
  const errors = replyErrors(intent.reply, t);
  const url = `/actions/${a.id}`;
  return (
    <li
      className="flex flex-wrap items-start gap-x-4 gap-y-2 px-4 py-3"
      data-action={a.id}
      data-priority={a.priority}
      data-status={a.status}
      data-overdue={a.overdue}
    >
      <div className="flex min-w-0 flex-1 basis-72 items-start gap-3">
        <PriorityChip priority={a.priority} />
        <div className="min-w-0">
          <Link to={url} className="font-semibold text-slate-900 underline-offset-2 [overflow-wrap:anywhere] hover:underline">
            {a.title}
          </Link>
          <div className="mt-0.5 flex flex-wrap gap-x-2 text-sm text-slate-600">
            <span data-owner title={a.owner ?? undefined}>
              {ownerLabel(a, t)}
            </span>
            {showFunction ? <span className="uppercase">· {a.function}</span> : null}
            <span className={`whitespace-nowrap ${a.overdue ? "font-semibold text-red-700" : ""}`}>{t("actions.row.due", { due: fmt.day(a.due) })}</span>
            {a.overdue ? <Overdue /> : null}
            {a.releases.length ? <span>· {a.releases.join(", ")}</span> : null}
          </div>
          {a.evidence_link && a.status === "in_progress" ? (
            <div className="mt-0.5 truncate text-sm">
              {t("actions.row.evidence")}{" "}
              <a href={a.evidence_link} className="text-sky-800 underline" rel="noreferrer noopener" target="_blank">
                {a.evidence_link}
              </a>
            </div>
          ) : null}
        </div>
      </div>
      {/* Below the title on a phone (indented to it), at the right on a wider screen. */}
      <div className="flex min-w-0 basis-full flex-wrap items-center gap-2 pl-12 sm:ml-auto sm:basis-auto sm:justify-end sm:pl-0">
        <ActionStatusChip status={a.status} />
        {a.may.start ? (
          <Form method="post" action={url} onSubmit={intent.check}>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="status" value="in_progress" />
            <button type="submit" className={plain} disabled={busy} data-control="start">
              {t("actions.row.start")}
            </button>
          </Form>
        ) : null}
        {a.may.submit ? (
          <Form method="post" action={url} onSubmit={intent.check} className={boxForm}>
            <input type="hidden" name="intent" value="submit" />
            <input
              type="url"
              name="evidence_link"
              required
              defaultValue={a.evidence_link ?? ""}
              placeholder={t("actions.row.evidencePlaceholder")}
              aria-label={t("actions.row.evidenceFor", { title: a.title })}
              className={box}
            />
            <button type="submit" className={primary} disabled={busy} data-control="submit">
              {a.evidence_link ? t("actions.row.updateEvidence") : t("actions.row.submit")}
            </button>
          </Form>
        ) : null}
        {a.may.done ? (
          <Form method="post" action={url} onSubmit={intent.check} className={boxForm}>
            <input type="hidden" name="intent" value="close" />
            <input type="hidden" name="status" value="done" />
            {/* Required for a P0/P1 (SPEC 11); for the rest, evidence is welcome. */}
            <input
              type="url"
              name="evidence_link"
              required={high && !a.evidence_link}
              defaultValue={a.evidence_link ?? ""}
              placeholder={high ? t("actions.row.verifiedPlaceholder") : t("actions.row.optionalPlaceholder")}
              aria-label={t("actions.row.evidenceFor", { title: a.title })}
              className={box}
            />
            <button type="submit" className={primary} disabled={busy} data-control="done">
              {high && a.evidence_link ? t("actions.row.verifiedDone") : t("actions.row.done")}
            </button>
          </Form>
        ) : null}
        {a.may.wontDo ? (
          <details className="group">
            <summary className={`${plain} cursor-pointer list-none`} data-control="wont-do">
              {t("actions.row.wontDo")}
            </summary>
            <Form method="post" action={url} onSubmit={intent.check} className={`mt-2 ${boxForm}`}>
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="status" value="wont_do" />
              <input
                name="reason"
                required
                placeholder={t("actions.row.reasonPlaceholder")}
                aria-label={t("actions.row.reasonFor", { title: a.title })}
                className={box}
              />
              <button type="submit" className={plain} disabled={busy}>
                {t("actions.row.closeWontDo")}
              </button>
            </Form>
          </details>
        ) : null}
      </div>
      {errors.length ? (
        <p role="alert" className="basis-full rounded-md bg-red-50 px-3 py-1.5 text-sm font-medium text-red-800 ring-1 ring-red-200" data-action-error>
          ✖ {errors.join(" ")}
        </p>
      ) : null}
    </li>
  );
}

/** Every message of a Conform reply, each named by its field (a row has no room for per-field messages), in the page's language. */
export function replyErrors(reply: SubmissionResult<string[]> | undefined, t: TFunction, placed: readonly string[] = []): string[] {
  if (!reply?.error) return [];
  return Object.entries(reply.error)
    .filter(([field]) => !placed.includes(field))
    .flatMap(([field, messages]) => (messages ?? []).map((m) => (field ? `${fieldLabel(field, t)}: ${translateMessage(m, t)}` : translateMessage(m, t))));
}

const FIELDS = ["title", "description", "status", "evidence_link", "owner", "priority", "due", "function", "reason", "note"] as const;

const fieldLabel = (field: string, t: TFunction) =>
  (FIELDS as readonly string[]).includes(field)
    ? t(`actions.fields.${field as (typeof FIELDS)[number]}`)
    : field.charAt(0).toUpperCase() + field.slice(1).replaceAll("_", " ");

/**
 * One fetcher for an action's forms, and the check before it posts: the
 * page's own schema (app/lib/action-forms.ts), so what the server would
 * refuse as malformed is said at once. `reply` is that check's answer, or
 * the server's.
 */
export function useIntent() {
  const fetcher = useFetcher<SubmissionResult<string[]>>();
  const [local, setLocal] = useState<SubmissionResult<string[]> | undefined>(undefined);
  const check = (event: FormEvent<HTMLFormElement>) => {
    const submission = parseForm(new FormData(event.currentTarget), actionFormSchema);
    const refused = submission.status === "success" ? undefined : submission.reply();
    setLocal(refused);
    if (refused) event.preventDefault();
  };
  const reply = local ?? (fetcher.state === "idle" ? (fetcher.data as SubmissionResult<string[]> | undefined) : undefined);
  return { fetcher, check, reply, busy: fetcher.state !== "idle" };
}
