import type { LoaderFunctionArgs } from "@remix-run/node";
import { actionsToCsv } from "../shared/actions-exchange";
import { requireAllowed } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";

/** A release's action items as CSV (SPEC 11), for signed-in readers: the API's export takes a token. */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const release = params.release!;
  requireAllowed(context, request, { type: "release.read", release });
  orNotFound(() => context.readiness.getRelease(release));
  return new Response(actionsToCsv(context.actions.list({ release }), { bom: true }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${release}-actions.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
