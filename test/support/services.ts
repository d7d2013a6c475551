import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../../db/schema";
import type { GreenlightEvent } from "../../app/shared/events";
import { SYSTEM, type Actor } from "../../server/auth/actor";
import { actorFor } from "../../server/auth/permissions";
import type { Principal } from "../../server/auth/principal";
import type { Template } from "../../server/readiness/template";
import { createServices, type Services } from "../../server/services";
import { testDatabase } from "./db";

type Role = "admin" | "lead" | "member" | "viewer";

export type InProcess = {
  db: Db;
  services: Services;
  /** Every event published after the releases were created, in order (clear it with `published.length = 0`). */
  published: GreenlightEvent[];
  /** A signed-up person with this role, as the actor their requests would carry. */
  person: (email: string, role: Role, functions: string[]) => Actor;
  /** Rows in a table, for "a refusal wrote nothing". */
  count: (table: string) => number;
};

/**
 * The services on a real, migrated SQLite file, in process, with a clock the
 * test moves: what a module's `service.test.ts` starts from. Each release is
 * created by the system on a Monday-to-Friday calendar unless it names one.
 */
export function inProcess({
  clock,
  templates,
  releases,
}: {
  clock: () => Date;
  templates: Template[];
  releases: { id: string; name?: string; template: string; start_date?: string; launch_date: string; holidays?: string[] }[];
}): InProcess {
  const { db } = testDatabase();
  const services = createServices({ db, clock, templates: new Map(templates.map((t) => [t.id, t])) });
  for (const r of releases) {
    services.readiness.createRelease(
      {
        id: r.id,
        name: r.name ?? r.id,
        template: r.template,
        start_date: r.start_date ?? "2026-11-02",
        launch_date: r.launch_date,
        calendar: { workdays: [1, 2, 3, 4, 5], holidays: r.holidays ?? [] },
      },
      SYSTEM,
    );
  }
  const published: GreenlightEvent[] = [];
  services.ledger.subscribe({ event: (event) => published.push(event) });

  function person(email: string, role: Role, functions: string[]): Actor {
    const row = db
      .insert(users)
      .values({ email, name: email.split("@")[0]!, role, functions, passwordHash: "x", createdAt: clock().toISOString() })
      .returning()
      .get();
    const principal: Principal = { kind: "user", id: row.id, name: row.name, email, role, functions, sessionHash: `s-${row.id}`, locale: null };
    return actorFor(principal);
  }
  const count = (table: string) => db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
  return { db, services, published, person, count };
}
