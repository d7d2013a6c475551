import type { RequestHandler } from "express";
import { collectDefaultMetrics, Counter, Gauge, Registry } from "prom-client";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { ACCESS_HEAD } from "./auth/access-log";

/**
 * `/metrics` in Prometheus text format (SPEC 14): requests and errors, boards
 * connected, the event loop's lag (prom-client's default `nodejs_*` metrics),
 * items by status and the gate per release, the database's size and the
 * space a VACUUM would give back (retention frees pages that new events reuse:
 * the file stops growing without a VACUUM), what retention compacted, and
 * each release's sealed chain head and the access log's: a scraper that keeps
 * history holds a copy of every head a tamperer cannot reach.
 */
export function createPrometheus({ db, sockets }: { db: Db; sockets: () => number }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "greenlight_" });

  const requests = new Counter({
    name: "greenlight_http_requests_total",
    help: "HTTP requests answered, by surface (api, page) and status class",
    labelNames: ["surface", "status"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "greenlight_connected_sockets",
    help: "Socket.IO connections (boards, screens, pages)",
    registers: [registry],
    collect() {
      this.set(sockets());
    },
  });
  new Gauge({
    name: "greenlight_items",
    help: "Readiness items by release and status",
    labelNames: ["release", "status"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of db.all<{ release: string; status: string; n: number }>(
        "select release_id as release, status, count(*) as n from items group by release_id, status",
      ))
        this.set({ release: row.release, status: row.status }, row.n);
    },
  });
  new Gauge({
    name: "greenlight_gate_open",
    help: "1 when the release's gate is open (every item green), else 0",
    labelNames: ["release"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of db.all<{ release: string; open: number }>("select release_id as release, min(status = 'green') as open from items group by release_id"))
        this.set({ release: row.release }, row.open);
    },
  });
  new Gauge({
    name: "greenlight_chain_head_seq",
    help: "Each release's sealed chain head: its seq, with its hash as a label (a copy outside the database)",
    labelNames: ["release", "hash"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of db.all<{ release: string; seq: number; hash: string }>(
        sql`select release_id as release, seq, hash from chain_heads where release_id <> ${ACCESS_HEAD}`,
      ))
        this.set({ release: row.release, hash: row.hash }, row.seq);
    },
  });
  new Gauge({
    name: "greenlight_access_head_id",
    help: "The access log's sealed head: the id of its last entry, with its hash as a label (a copy outside the database)",
    labelNames: ["hash"] as const,
    registers: [registry],
    collect() {
      this.reset();
      const head = db.get<{ seq: number; hash: string } | undefined>(sql`select seq, hash from chain_heads where release_id = ${ACCESS_HEAD}`);
      if (head) this.set({ hash: head.hash }, head.seq);
    },
  });
  new Gauge({
    name: "greenlight_database_bytes",
    help: "The database file's pages in bytes (kind=total), and the free pages a VACUUM would give back (kind=free)",
    labelNames: ["kind"] as const,
    registers: [registry],
    collect() {
      const pageSize = db.$client.pragma("page_size", { simple: true }) as number;
      this.set({ kind: "total" }, (db.$client.pragma("page_count", { simple: true }) as number) * pageSize);
      this.set({ kind: "free" }, (db.$client.pragma("freelist_count", { simple: true }) as number) * pageSize);
    },
  });

  new Gauge({
    name: "greenlight_readings_compacted",
    help: "Repeated readings retention removed from each release's log, and the seq its compacted ranges reach (kind=removed|through)",
    labelNames: ["release", "kind"] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const row of db.all<{ release: string; removed: number; through: number }>(
        "select release_id as release, sum(removed) as removed, max(through_seq) as through from log_compactions group by release_id",
      )) {
        this.set({ release: row.release, kind: "removed" }, row.removed);
        this.set({ release: row.release, kind: "through" }, row.through);
      }
    },
  });

  /** Counts every answer, once it is sent. */
  const count: RequestHandler = (req, res, next) => {
    res.once("finish", () => requests.inc({ surface: req.originalUrl.startsWith("/api/") ? "api" : "page", status: `${Math.floor(res.statusCode / 100)}xx` }));
    next();
  };

  return { registry, count };
}
