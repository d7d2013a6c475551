import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/error-boundary";
import { ReadinessView } from "../components/readiness-view";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.board.release.name} · Greenlight` : "Greenlight" }];

/** A board link: one release, read-only, no sign-in. The token in the URL is the credential. */
export function loader({ context, params }: LoaderFunctionArgs) {
  const link = context.access.boardLinks.authenticate(params.token!);
  if (!link) throw data("This board link is invalid or has been revoked.", { status: 404 });
  return { board: context.readiness.board(link.release), now: context.clock().toISOString(), screen: link.name };
}

export default function SharedScreen() {
  const { board, now, screen } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen">
      <header className="bg-slate-900 text-white">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-6 py-3">
          <span className="flex items-center gap-2 text-lg font-black tracking-tight">
            <span className="inline-block h-4 w-4 rounded-full bg-emerald-500 ring-2 ring-emerald-300" aria-hidden="true" />
            Greenlight
          </span>
          <span className="ml-auto text-sm text-slate-300">{screen} · read-only</span>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-6 py-8">
        <ReadinessView board={board} now={now} linkItems={false} />
      </main>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
