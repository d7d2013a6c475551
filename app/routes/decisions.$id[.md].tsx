import type { LoaderFunctionArgs } from "@remix-run/node";
import { recordToMarkdown, type DecisionRecord } from "../shared/decision-record";
import { requireAllowed, requireUser } from "../lib/auth.server";
import { readDecision } from "../lib/decisions.server";
import { translator } from "../lib/i18n";
import { localeOf } from "../lib/i18n.server";

/** The decision record as Markdown, for the release's documents. */
export async function loader({ params, context, request }: LoaderFunctionArgs) {
  requireUser(context, request);
  const t = translator(await localeOf(request, context));
  const { record, ...decision } = readDecision(context, params.id, t);
  requireAllowed(context, request, { type: "release.read", release: decision.release });
  return new Response(recordToMarkdown(JSON.parse(record) as DecisionRecord, decision, t), {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="decision-${decision.id}.md"`,
      "Cache-Control": "no-store",
    },
  });
}
