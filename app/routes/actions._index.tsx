import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { isHighPriority, type ActionView } from "../shared/actions";
import { ActionList } from "../components/action-list";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { controlsFor, withControls } from "../lib/actions.server";
import { requireUser } from "../lib/auth.server";
import { useFormat } from "../lib/format";
import { metaT } from "../lib/i18n";

export const meta: MetaFunction = ({ matches }) => [{ title: metaT(matches)("actions.mine.meta") }];

/**
 * My actions: what the signed-in person owns across releases, most urgent
 * first (the service's order: overdue, then by due date), with their reminder
 * digest on top; and, for admins and leads, the P0/P1 actions whose owners
 * handed over evidence for them to verify.
 */
export function loader({ context, request }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const closed = new URL(request.url).searchParams.get("closed") === "1";
  const { actions } = context;
  const mine = actions.list({ owner: user.email, ...(closed ? {} : { status: "open_any" }) });
  const digest = actions.digest(user.email);
  return {
    closed,
    mine: withControls(user, mine),
    digest: { today: digest.today, due_by: digest.due_by, ...(digest.digests[0] ?? { overdue: [], due_soon: [] }) },
    verify:
      user.role === "admin" || user.role === "lead"
        ? withControls(
            user,
            waitingFor(user, (fn) => actions.list({ status: "open_any", function: fn })),
          )
        : null,
  };
}

/** Open P0/P1 actions with evidence that this person may close as done: of the functions they lead (an admin: all), not their own. */
function waitingFor(user: Parameters<typeof controlsFor>[0], list: (fn?: string) => ActionView[]): ActionView[] {
  const candidates = user.role === "admin" ? list() : user.functions.flatMap((fn) => list(fn));
  return candidates.filter((a) => isHighPriority(a.priority) && a.evidence_link !== null && controlsFor(user, a).done);
}

export default function MyActions() {
  const { closed, mine, digest, verify } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <Page crumbs={[{ to: "/actions", label: t("actions.mine.title") }]}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-3xl font-bold">{t("actions.mine.title")}</h1>
          <p className="text-slate-600">{t("actions.mine.intro")}</p>
        </div>
        <Link to={closed ? "/actions" : "/actions?closed=1"} className="text-sm font-semibold underline" data-filter-closed={closed}>
          {closed ? t("actions.mine.hideClosed") : t("actions.mine.includeClosed")}
        </Link>
      </div>
      <Digest overdue={digest.overdue} dueSoon={digest.due_soon} dueBy={digest.due_by} />
      <section className="mt-6" aria-labelledby="mine">
        <h2 id="mine" className="mb-2 text-xl font-bold">
          {closed ? t("actions.mine.all") : t("actions.mine.open")} <span className="text-base font-normal text-slate-500">({mine.length})</span>
        </h2>
        <ActionList actions={mine} label={t("actions.mine.title")} empty={closed ? t("actions.mine.noneOwned") : t("actions.mine.noneOpen")} />
      </section>
      {verify ? (
        <section className="mt-8" aria-labelledby="verify" data-verify>
          <h2 id="verify" className="text-xl font-bold">
            {t("actions.mine.verify")} <span className="text-base font-normal text-slate-500">({verify.length})</span>
          </h2>
          <p className="mb-2 text-sm text-slate-600">{t("actions.mine.verifyIntro")}</p>
          <ActionList actions={verify} label={t("actions.mine.verify")} empty={t("actions.mine.verifyEmpty")} />
        </section>
      ) : null}
    </Page>
  );
}

/** The reminder digest (SPEC 11): what is overdue and what falls due within two working days. */
function Digest({ overdue, dueSoon, dueBy }: { overdue: { id: number; title: string; due: string }[]; dueSoon: typeof overdue; dueBy: string }) {
  const { t } = useTranslation();
  const date = useFormat().day(dueBy);
  if (!overdue.length && !dueSoon.length) {
    return (
      <p className="mt-4 rounded-lg bg-emerald-50 px-4 py-3 font-semibold text-emerald-900 ring-1 ring-emerald-200" data-digest="clear">
        {t("actions.mine.clear", { date })}
      </p>
    );
  }
  return (
    <div className="mt-4 grid gap-3 md:grid-cols-2" data-digest data-digest-overdue={overdue.length} data-digest-due-soon={dueSoon.length}>
      <DigestCard tone="red" heading={t("actions.mine.overdue", { n: overdue.length })} actions={overdue} empty={t("actions.mine.nothingOverdue")} />
      <DigestCard
        tone="amber"
        heading={t("actions.mine.dueSoon", { n: dueSoon.length, date })}
        actions={dueSoon}
        empty={t("actions.mine.nothingDue", { date })}
      />
    </div>
  );
}

function DigestCard({
  tone,
  heading,
  actions,
  empty,
}: {
  tone: "red" | "amber";
  heading: string;
  actions: { id: number; title: string; due: string }[];
  empty: string;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const look = tone === "red" ? "bg-red-50 ring-red-300 text-red-900" : "bg-amber-50 ring-amber-300 text-amber-950";
  return (
    <section className={`rounded-xl p-4 ring-1 ${actions.length ? look : "bg-white text-slate-600 ring-slate-200"}`} aria-label={heading}>
      <h2 className="font-black">{actions.length ? heading : `✔ ${empty}`}</h2>
      {actions.length ? (
        <ul className="mt-1 grid gap-0.5 text-sm">
          {actions.map((a) => (
            <li key={a.id}>
              <Link to={`/actions/${a.id}`} className="underline">
                {a.title}
              </Link>{" "}
              <span className="whitespace-nowrap">{t("actions.row.due", { due: fmt.day(a.due) })}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
