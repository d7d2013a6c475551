import type { LoaderFunctionArgs } from "@remix-run/node";
import { stringify } from "csv-stringify/sync";
import { AUDIT_PAGE_MAX, type AuditPage, type AuditRow } from "../lib/audit.server";
import { AppError } from "../shared/errors";
import { requireAllowed } from "../lib/auth.server";
import { orNotFound } from "../lib/http.server";

const COLUMNS: (keyof AuditRow)[] = ["seq", "at", "actor", "actor_name", "type", "item", "change", "hash"];

/**
 * The audit trail as CSV, with the page's filters and without its paging:
 * every matching event, streamed a page at a time so a long log is never
 * held in memory whole.
 */
export function loader({ params, context, request }: LoaderFunctionArgs) {
  const release = params.release!;
  requireAllowed(context, request, { type: "audit.read", release });
  const { audit } = context;
  const { before: _before, limit: _limit, ...filters } = Object.fromEntries(new URL(request.url).searchParams);
  const pageBefore = (before: number | null) => audit.list(release, { ...filters, limit: AUDIT_PAGE_MAX, ...(before ? { before } : {}) });

  let page: AuditPage;
  try {
    page = orNotFound(() => pageBefore(null));
  } catch (error) {
    if (!(error instanceof AppError && error.status === 422)) throw error;
    const problems = (error.details as { path: string; message: string }[]).map((p) => `${p.path}: ${p.message}`).join("; ");
    return new Response(`${error.message}: ${problems}\n`, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }

  const encoder = new TextEncoder();
  let header = true;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      // escape_formulas: names and notes are user input, and this file is opened in spreadsheets (OWASP "CSV injection").
      controller.enqueue(encoder.encode(stringify(page.rows, { header, columns: COLUMNS, escape_formulas: true })));
      header = false;
      if (page.next === null) return controller.close();
      // A fast reader pulls again at once, in the same turn: let other requests in between two pages.
      await new Promise((resolve) => setImmediate(resolve));
      page = pageBefore(page.next);
    },
  });
  const head = audit.sealedHead(release);
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${release}-audit.csv"`,
      "Cache-Control": "no-store",
      // The sealed head as the export began: a copy of the chain's state that leaves with the file.
      ...(head ? { "X-Greenlight-Chain-Head": `seq=${head.seq}; hash=${head.hash}; seal=${head.seal}` } : {}),
    },
  });
}
