import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { LiveBoard } from "../components/live-board";
import { actorFor, can, requireAllowed } from "../lib/auth.server";
import { TICKER_LENGTH } from "../lib/board-state";
import { metaT } from "../lib/i18n";
import { orNotFound } from "../lib/http.server";
import { useLiveBoard, useNow } from "../lib/use-live-board";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("board.title", { release: data.board.release.name }) : "Greenlight" },
];

export function loader({ params, context, request }: LoaderFunctionArgs) {
  const user = requireAllowed(context, request, { type: "release.read", release: params.release! });
  const board = orNotFound(() => context.projection.snapshot(params.release!));
  return {
    board,
    // Read in the same tick as the snapshot: the events that led to it, for the ticker.
    recent: context.readiness.recentEvents(board.release.id, TICKER_LENGTH),
    now: context.clock().toISOString(),
    viewer: { label: actorFor(user).label, admin: can(user, { type: "meeting.manage" }) },
  };
}

/** The live Go/No-Go board for a signed-in screen (`?auto=1` pages by itself). */
export default function BoardPage() {
  const { board, recent, now, viewer } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const { state, presence } = useLiveBoard(board, undefined, recent);
  // Meeting timers tick every second; otherwise ages and the countdown need less.
  const clock = useNow(state.board?.meeting?.status === "live" ? 1000 : 15_000, now);
  return <LiveBoard state={state} presence={presence} now={clock} autoPageDefault={search.get("auto") === "1"} viewer={viewer} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
