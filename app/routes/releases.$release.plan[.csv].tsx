import type { LoaderFunctionArgs } from "@remix-run/node";
import { wbsToCsv } from "../shared/schedule/csv";
import { requireAllowed } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";

/** The WBS as CSV (SPEC 6), the same file `PUT /wbs` takes. */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const release = params.release!;
  requireAllowed(context, request, { type: "release.read", release });
  const wbs = orNotFound(() => context.wbs.read(release));
  return new Response(wbsToCsv(wbs, { bom: true }), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${release}-wbs.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
