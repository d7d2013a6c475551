import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { LiveBoard } from "../components/live-board";
import { TICKER_LENGTH } from "../lib/board-state";
import { metaT, translator } from "../lib/i18n";
import { localeOf } from "../lib/i18n.server";
import { useLiveBoard, useNow } from "../lib/use-live-board";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? metaT(matches)("board.title", { release: data.board.release.name }) : "Greenlight" },
];

/** A board link: one release, read-only, no sign-in. The token in the URL is the credential. */
export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const link = context.access.boardLinks.authenticate(params.token!);
  if (!link) throw data(translator(await localeOf(request, context))("common.error.boardLink"), { status: 404 });
  return {
    board: context.projection.snapshot(link.release),
    // Read in the same tick as the snapshot: the events that led to it, for the ticker.
    recent: context.readiness.recentEvents(link.release, TICKER_LENGTH),
    now: context.clock().toISOString(),
    screen: link.name,
    token: params.token!,
  };
}

/** Unattended TVs page through long checklists by themselves. */
export default function SharedScreen() {
  const { board, recent, now, screen, token } = useLoaderData<typeof loader>();
  const { state, presence } = useLiveBoard(board, token, recent);
  const clock = useNow(state.board?.meeting?.status === "live" ? 1000 : 15_000, now);
  return <LiveBoard state={state} presence={presence} now={clock} screen={screen} autoPageDefault />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
