import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { ReadinessView } from "../components/readiness-view";
import { can, requireAllowed } from "../lib/auth.server";
import { useFormat } from "../lib/format";
import { metaT } from "../lib/i18n";
import { itemViewsOf, showInViews, toggleView, type ItemViews } from "../lib/item-views";
import { orNotFound } from "../lib/http.server";
import { useLiveBoard, useNow } from "../lib/use-live-board";
import type { loader as rootLoader } from "../root";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const t = metaT(matches);
  return [{ title: data ? `${t("readiness.page.title", { release: data.board.release.name })} · ${t("common.product")}` : t("common.product") }];
};

export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const board = orNotFound(() => context.projection.snapshot(params.release!));
  return {
    board,
    now: context.clock().toISOString(),
    isAdmin: can(user, { type: "board-links.manage" }),
    actions: context.actions.list({ release: board.release.id, status: "open_any" }),
  };
}

export default function Readiness() {
  const { board: initial, now, isAdmin, actions } = useLoaderData<typeof loader>();
  const { state } = useLiveBoard(initial);
  const board = state.board ?? initial;
  const clock = useNow(30_000, now);
  const [search] = useSearchParams();
  const views = itemViewsOf(search);
  const me = useRouteLoaderData<typeof rootLoader>("root")?.user ?? null;
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Page crumbs={[{ to: `/releases/${board.release.id}`, label: board.release.name }]}>
      <nav aria-label={t("readiness.page.links.label")} className="mb-4 flex flex-wrap gap-x-4 gap-y-2 text-sm font-semibold">
        <Link to={`/releases/${board.release.id}/board`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("readiness.page.links.board")}
        </Link>
        <Link to={`/releases/${board.release.id}/plan`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("readiness.page.links.plan")}
        </Link>
        <Link to={`/releases/${board.release.id}/meeting`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("readiness.page.links.meeting")}
        </Link>
        <Link to={`/releases/${board.release.id}/decisions`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("readiness.page.links.decisions")}
        </Link>
        <Link to={`/releases/${board.release.id}/actions`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("readiness.page.links.actions")}
        </Link>
        <Link to={`/releases/${board.release.id}/roster`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("readiness.page.links.roster")}
        </Link>
        {board.sections.some((s) => s.items.some((i) => i.kind === "param")) ? (
          <Link to={`/releases/${board.release.id}/params`} className="text-slate-700 underline-offset-2 hover:underline">
            {t("readiness.page.links.params")}
          </Link>
        ) : null}
        <Link to={`/releases/${board.release.id}/drills`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("drills.link")}
        </Link>
        {board.sections.some((s) => s.items.some((i) => i.certification)) ? (
          <Link to={`/releases/${board.release.id}/certification`} className="text-slate-700 underline-offset-2 hover:underline">
            {t("certification.link")}
          </Link>
        ) : null}
        <Link to={`/releases/${board.release.id}/calendar`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("campaigns.nav")}
        </Link>
        <Link to={`/releases/${board.release.id}/audit`} className="text-slate-700 underline-offset-2 hover:underline">
          {t("readiness.page.links.audit")}
        </Link>
        {isAdmin ? (
          <Link to={`/releases/${board.release.id}/links`} className="text-slate-700 underline-offset-2 hover:underline">
            {t("readiness.page.links.boardLinks")}
          </Link>
        ) : null}
        {isAdmin ? (
          <Link to={`/releases/${board.release.id}/links#calendar`} className="text-slate-700 underline-offset-2 hover:underline" data-calendar-link>
            {t("calendar.link")}
          </Link>
        ) : null}
      </nav>
      {actions.length ? (
        <section
          aria-label={t("readiness.page.openActions.label")}
          className="mb-4 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-300"
          data-open-actions={actions.length}
        >
          <h2 className="font-bold text-amber-950">
            {t("readiness.page.openActions.title", { count: actions.length })}{" "}
            <Link to={`/releases/${board.release.id}/actions`} className="text-sm font-semibold underline">
              {t("readiness.page.openActions.manage")}
            </Link>
          </h2>
          <ul className="mt-1 text-sm text-amber-950">
            {actions.slice(0, 8).map((a) => (
              <li key={a.id}>
                {t("readiness.page.openActions.line", {
                  priority: a.priority,
                  title: a.title,
                  owner: a.owner_name ?? t("readiness.page.openActions.noOwner", { function: a.function }),
                  due: fmt.day(a.due),
                })}
                {a.overdue ? <strong>{t("readiness.page.openActions.overdue")}</strong> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ReadinessView
        board={board}
        now={clock.toISOString()}
        linkItems
        connection={state.connection}
        lastUpdateAt={state.lastUpdateAt}
        show={showInViews(views, me)}
        views={<ViewToggles views={views} />}
      />
    </Page>
  );
}

/** "My items" and "Red only": links that switch a view on and off, each showing whether it is on. */
function ViewToggles({ views }: { views: ItemViews }) {
  const { t } = useTranslation();
  const toggle = (view: keyof ItemViews, label: string) => (
    <Link
      to={{ search: toggleView(views, view) }}
      aria-current={views[view] ? "true" : undefined}
      data-view={view}
      data-view-on={views[view]}
      preventScrollReset
      className={`inline-flex min-h-11 items-center gap-2 rounded-full px-4 font-semibold ring-1 sm:min-h-9 ${
        views[view] ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-800 ring-slate-300 hover:bg-slate-50"
      }`}
    >
      <span aria-hidden="true">{views[view] ? "✔" : "○"}</span>
      {label}
    </Link>
  );
  return (
    <nav aria-label={t("readiness.page.views.label")} className="mt-4 flex flex-wrap gap-2">
      {toggle("mine", t("readiness.page.views.mine"))}
      {toggle("red", t("readiness.page.views.red"))}
    </nav>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
