import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { LiveBoard } from "../components/live-board";
import { requireAllowed } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";
import { useLiveBoard, useNow } from "../lib/use-live-board";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.board.release.name} · Go/No-Go board` : "Greenlight" }];

export function loader({ params, context, request }: LoaderFunctionArgs) {
  requireAllowed(context, request, { type: "release.read", release: params.release! });
  return { board: orNotFound(() => context.readiness.board(params.release!)), now: context.clock().toISOString() };
}

/** The live Go/No-Go board for a signed-in screen (`?auto=1` pages by itself). */
export default function BoardPage() {
  const { board, now } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const { state, presence } = useLiveBoard(board);
  const clock = useNow(15_000, now);
  return <LiveBoard state={state} presence={presence} now={clock} autoPageDefault={search.get("auto") === "1"} />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
