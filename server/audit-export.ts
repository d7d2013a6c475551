import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setImmediate as nextTurn } from "node:timers/promises";
import { stringify } from "csv-stringify/sync";
import type { RequestHandler } from "express";
import { AppError } from "../app/shared/errors";
import type { Audit, AuditPage, AuditRow } from "./audit";
import type { Access } from "./auth/access";
import { can, refusal } from "./auth/permissions";
import { sessionSecretFrom } from "./auth/sessions";

/** Events read, described and written per turn of the event loop: about 10 ms of work each. */
const EXPORT_PAGE = 250;

const COLUMNS: (keyof AuditRow)[] = ["seq", "at", "actor", "actor_name", "type", "item", "change", "hash"];

/**
 * `GET /releases/:release/audit.csv`: the audit trail with the page's filters
 * and without its paging, for a signed-in person who may read it. Served here
 * rather than by a Remix route: Remix writes a response stream without
 * waiting for the client (and flushes the compressor at every chunk), so a
 * million-event export piled up in memory and froze the server for seconds.
 * Here each page of EXPORT_PAGE events is read only when the client has taken the
 * one before (stream backpressure), with a turn of the event loop between.
 */
export function auditCsvExport({ audit, access }: { audit: Audit; access: Access }): RequestHandler {
  return (req, res, next) => {
    const release = req.params.release!;
    const secret = sessionSecretFrom(req.headers.cookie);
    const principal = secret ? access.sessions.resolve(secret) : null;
    const text = (status: number, body: string) => void res.status(status).type("text/plain; charset=utf-8").send(`${body}\n`);
    if (!principal) return void res.redirect(302, `/login?redirectTo=${encodeURIComponent(req.originalUrl)}`);
    const action = { type: "audit.read", release } as const;
    if (!can(principal, action)) return text(403, refusal(action));

    const { before: _before, limit: _limit, ...filters } = req.query as Record<string, unknown>;
    const pageBefore = (before: number | null): AuditPage => audit.list(release, { ...filters, limit: EXPORT_PAGE, ...(before ? { before } : {}) });
    let first: AuditPage;
    try {
      first = pageBefore(null);
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      if (error.status !== 422) return text(error.status, error.message);
      const problems = (error.details as { path: string; message: string }[]).map((p) => `${p.path}: ${p.message}`).join("; ");
      return text(400, `${error.message}: ${problems}`);
    }

    async function* csv() {
      let page = first;
      let header = true;
      for (;;) {
        // escape_formulas: names and notes are user input, and this file is opened in spreadsheets (OWASP "CSV injection").
        // The byte-order mark first: Excel then reads the file as UTF-8 (names and notes in Chinese intact).
        yield stringify(page.rows, { header, bom: header, columns: COLUMNS, escape_formulas: true });
        header = false;
        if (page.next === null) return;
        await nextTurn();
        page = pageBefore(page.next);
      }
    }

    const head = audit.sealedHead(release);
    res.status(200).set({
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${release}-audit.csv"`,
      "Cache-Control": "no-store",
      // The sealed head as the export began: a copy of the chain's state that leaves with the file.
      ...(head ? { "X-Greenlight-Chain-Head": `seq=${head.seq}; hash=${head.hash}; seal=${head.seal}` } : {}),
    });
    // A client that goes away ends the pipeline; nothing is left to clean up but the generator, which it closes.
    pipeline(Readable.from(csv()), res).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== "ERR_STREAM_PREMATURE_CLOSE") next(error);
    });
  };
}
