import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { Page } from "../components/layout";
import { ReadinessView } from "../components/readiness-view";
import { can, requireAllowed } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { useLiveBoard, useNow } from "../lib/use-live-board";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.board.release.name} · readiness · Greenlight` : "Greenlight" }];

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
  return (
    <Page crumbs={[{ to: `/releases/${board.release.id}`, label: board.release.name }]}>
      <nav aria-label="Release" className="mb-4 flex gap-4 text-sm font-semibold">
        <Link to={`/releases/${board.release.id}/board`} className="text-slate-700 underline-offset-2 hover:underline">
          Go/No-Go board
        </Link>
        <Link to={`/releases/${board.release.id}/plan`} className="text-slate-700 underline-offset-2 hover:underline">
          Plan and critical path
        </Link>
        <Link to={`/releases/${board.release.id}/meeting`} className="text-slate-700 underline-offset-2 hover:underline">
          Go/No-Go meeting and votes
        </Link>
        <Link to={`/releases/${board.release.id}/decisions`} className="text-slate-700 underline-offset-2 hover:underline">
          Decisions
        </Link>
        <Link to={`/releases/${board.release.id}/actions`} className="text-slate-700 underline-offset-2 hover:underline">
          Actions
        </Link>
        <Link to={`/releases/${board.release.id}/audit`} className="text-slate-700 underline-offset-2 hover:underline">
          Audit trail
        </Link>
        {isAdmin ? (
          <Link to={`/releases/${board.release.id}/links`} className="text-slate-700 underline-offset-2 hover:underline">
            Board links
          </Link>
        ) : null}
      </nav>
      {actions.length ? (
        <section aria-label="Open actions" className="mb-4 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-300" data-open-actions={actions.length}>
          <h2 className="font-bold text-amber-950">
            ▲ {actions.length} open action{actions.length === 1 ? "" : "s"} on this release{" "}
            <Link to={`/releases/${board.release.id}/actions`} className="text-sm font-semibold underline">
              manage
            </Link>
          </h2>
          <ul className="mt-1 text-sm text-amber-950">
            {actions.slice(0, 8).map((a) => (
              <li key={a.id}>
                {a.priority} {a.title} — {a.owner_name ?? `${a.function} (no owner yet)`}, due {a.due}
                {a.overdue ? <strong> · OVERDUE</strong> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ReadinessView board={board} now={clock.toISOString()} linkItems connection={state.connection} lastUpdateAt={state.lastUpdateAt} />
    </Page>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
