import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { boardLinks } from "../db/schema";
import type { GreenlightEvent } from "../app/shared/events";
import { testDatabase } from "../test/support/db";
import { SYSTEM } from "./auth/actor";
import { verifyChain } from "./chain";
import { parseTemplate } from "./readiness/template";
import { createServices, type Services } from "./services";

const TEMPLATE = parseTemplate(
  "tiny.yaml",
  "template: tiny\nname: Tiny\nfunctions: [rd]\nsections:\n  - key: s\n    name: S\n    owner: rd\n    items:\n      - {key: tick, title: Tick, kind: check}\n",
);
const CALENDAR = { workdays: [1, 2, 3, 4, 5], holidays: [] };

let db: Db;
let services: Services;
let published: { event: GreenlightEvent; inTransaction: boolean; stored: number }[];
let failPublish: boolean;
let publishErrors: { seq: number; message: string }[];

const count = (table: string) => db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
const linkWork = (name: string) => ({ result: undefined, data: { board_link: 1, name } });

beforeEach(() => {
  ({ db } = testDatabase());
  published = [];
  failPublish = false;
  publishErrors = [];
  services = createServices({
    db,
    clock: () => new Date("2026-11-21T09:00:00Z"),
    templates: new Map([[TEMPLATE.id, TEMPLATE]]),
    onListenerError: (error, event) => publishErrors.push({ seq: event!.seq, message: (error as Error).message }),
  });
  services.ledger.subscribe({
    event: (event) => {
      published.push({
        event,
        inTransaction: db.$client.inTransaction,
        stored: db.get<{ n: number }>(sql`select count(*) as n from events where release_id = ${event.release} and seq = ${event.seq}`).n,
      });
      if (failPublish) throw new Error("the broadcaster fell over");
    },
  });
  services.readiness.createRelease({ id: "r", name: "R", template: "tiny", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: CALENDAR }, SYSTEM);
  published = [];
});

describe("the ledger on a real SQLite file", () => {
  it("records a write and its event together, the event hash-chained and typed", () => {
    const { seq, event } = services.ledger.record("r", SYSTEM, "board_link.created", ({ tx, at, seq: next }) => {
      tx.insert(boardLinks).values({ releaseId: "r", name: "Lobby", tokenHash: "h", createdAt: at, createdBy: "system" }).run();
      expect(next).toBe(2);
      return linkWork("Lobby");
    });
    expect(seq).toBe(2);
    expect(event).toMatchObject({ type: "board_link.created", data: { name: "Lobby" }, board: { items: [], gate: { open: false, blocking: 1 } } });
    expect(count("board_links")).toBe(1);
    expect(verifyChain(db, services.sealer, "r")).toEqual({ ok: true, checked: 2, from: 0, through: 2 });
  });

  it("leaves no row and no event when the work throws", () => {
    const events = count("events");
    expect(() =>
      services.ledger.record("r", SYSTEM, "board_link.created", ({ tx, at }) => {
        tx.insert(boardLinks).values({ releaseId: "r", name: "Lobby", tokenHash: "h", createdAt: at, createdBy: "system" }).run();
        throw new Error("changed my mind");
      }),
    ).toThrow("changed my mind");
    expect(count("board_links")).toBe(0);
    expect(count("events")).toBe(events);
    expect(published).toEqual([]);
  });

  it("refuses event data that does not fit its type, and writes nothing", () => {
    const events = count("events");
    expect(() =>
      services.ledger.record("r", SYSTEM, "board_link.created", ({ tx, at }) => {
        tx.insert(boardLinks).values({ releaseId: "r", name: "Lobby", tokenHash: "h", createdAt: at, createdBy: "system" }).run();
        return { result: undefined, data: { board_link: "one", name: "Lobby" } as never };
      }),
    ).toThrow(/board_link.created event with data that does not fit it/);
    expect(count("board_links")).toBe(0);
    expect(count("events")).toBe(events);
  });

  it("refuses a record inside another, and the outer write is undone", () => {
    const events = count("events");
    expect(() =>
      services.ledger.record("r", SYSTEM, "board_link.created", () => {
        services.ledger.record("r", SYSTEM, "board_link.revoked", () => linkWork("inner"));
        return linkWork("outer");
      }),
    ).toThrow(/does not nest/);
    expect(count("events")).toBe(events);
    expect(published).toEqual([]);
  });

  it("refuses an event for a release that does not exist with a 404", () => {
    expect(() => services.ledger.record("nope", SYSTEM, "board_link.created", () => linkWork("x"))).toThrow(/release "nope" not found/);
  });

  it("publishes only after the commit, in seq order", () => {
    services.readiness.reportEvidence("r", "s.tick", { done: true }, SYSTEM);
    services.readiness.reportEvidence("r", "s.tick", { done: false }, SYSTEM);
    expect(published.map((p) => p.event.seq)).toEqual([2, 3]);
    for (const p of published) expect(p).toMatchObject({ inTransaction: false, stored: 1 });
  });

  it("keeps a commit whose publish fails, and says so", () => {
    failPublish = true;
    const { seq } = services.readiness.reportEvidence("r", "s.tick", { done: true }, SYSTEM);
    expect(seq).toBe(2);
    expect(services.readiness.getItem("r", "s.tick").status).toBe("green");
    expect(count("events")).toBe(2);
    expect(published).toHaveLength(1);
    expect(publishErrors).toEqual([{ seq: 2, message: "the broadcaster fell over" }]);
  });

  it("sets status_changed_seq and carries the votes when a status changes, and not otherwise", () => {
    const changed = services.readiness.reportEvidence("r", "s.tick", { done: true }, SYSTEM);
    expect(db.get<{ seq: number }>(sql`select status_changed_seq as seq from releases where id = 'r'`).seq).toBe(changed.seq);
    expect(published.at(-1)!.event.board.votes).toEqual([]);
    const same = services.readiness.reportEvidence("r", "s.tick", { done: true }, SYSTEM);
    expect(db.get<{ seq: number }>(sql`select status_changed_seq as seq from releases where id = 'r'`).seq).toBe(changed.seq);
    expect(published.at(-1)!.event.seq).toBe(same.seq);
    expect(published.at(-1)!.event.board.votes).toBeUndefined();
  });

  it("joins the writes inside an outer transaction and publishes them after it commits; a failure after them undoes them all", () => {
    const link = (name: string) =>
      services.ledger.record("r", SYSTEM, "board_link.created", ({ tx, at }) => {
        tx.insert(boardLinks).values({ releaseId: "r", name, tokenHash: name, createdAt: at, createdBy: "system" }).run();
        return linkWork(name);
      });
    services.ledger.atomically(() => {
      link("one");
      link("two");
      expect(published).toEqual([]);
    });
    expect(published.map((p) => p.event.seq)).toEqual([2, 3]);
    for (const p of published) expect(p).toMatchObject({ inTransaction: false, stored: 1 });
    expect(() =>
      services.ledger.atomically(() => {
        link("three");
        throw new Error("changed my mind");
      }),
    ).toThrow("changed my mind");
    expect(count("board_links")).toBe(2);
    expect(published).toHaveLength(2);
  });

  it("undoes only the write that failed inside an outer transaction, when the failure is caught", () => {
    services.ledger.atomically(() => {
      expect(() =>
        services.ledger.record("r", SYSTEM, "board_link.created", ({ tx, at }) => {
          tx.insert(boardLinks).values({ releaseId: "r", name: "undone", tokenHash: "h", createdAt: at, createdBy: "system" }).run();
          throw new Error("refused");
        }),
      ).toThrow("refused");
      services.ledger.record("r", SYSTEM, "board_link.created", ({ tx, at }) => {
        tx.insert(boardLinks).values({ releaseId: "r", name: "kept", tokenHash: "k", createdAt: at, createdBy: "system" }).run();
        return linkWork("kept");
      });
    });
    expect(db.select({ name: boardLinks.name }).from(boardLinks).all()).toEqual([{ name: "kept" }]);
    expect(published.map((p) => p.event.seq)).toEqual([2]);
  });
});
