import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { boardLinks } from "../db/schema";
import { testDatabase } from "../test/support/db";
import { SYSTEM } from "./auth/actor";
import type { Principal } from "./auth/principal";
import { CLEANUP_BATCH, createIdempotency, KEY_LIFETIME_MS, type KeyedRequest } from "./idempotency";
import { parseTemplate } from "./readiness/template";
import { createServices, type Services } from "./services";

const TEMPLATE = parseTemplate(
  "tiny.yaml",
  "template: tiny\nname: Tiny\nfunctions: [rd]\nsections:\n  - key: s\n    name: S\n    owner: rd\n    items:\n      - {key: tick, title: Tick, kind: check}\n",
);
const CI: Principal = { kind: "token", id: 1, name: "ci", role: "admin", functions: [] };
const OPS: Principal = { kind: "token", id: 2, name: "ops", role: "admin", functions: [] };

let db: Db;
let services: Services;
let now: Date;
let chainKey: Buffer;
/** Each event as subscribers hear of it, with whether its key's answer was committed by then. */
let published: { seq: number; keys: number }[];

const count = (table: string) => db.get<{ n: number }>(sql.raw(`select count(*) as n from ${table}`)).n;
const request = (key: string, body: unknown = { name: "Lobby" }, principal = CI): KeyedRequest => ({
  principal,
  key,
  method: "POST",
  url: "/api/v1/releases/r/board-links",
  body,
});
/** A board link and its event: what a creating request writes. */
const createLink = (name = "Lobby") =>
  services.ledger.record("r", SYSTEM, "board_link.created", ({ tx, at }) => {
    const { id } = tx
      .insert(boardLinks)
      .values({ releaseId: "r", name, tokenHash: randomBytes(8).toString("hex"), createdAt: at, createdBy: "system" })
      .returning({ id: boardLinks.id })
      .get();
    return { result: id, data: { board_link: id, name } };
  });

beforeEach(() => {
  ({ db } = testDatabase());
  now = new Date("2026-11-21T09:00:00Z");
  chainKey = randomBytes(32);
  published = [];
  services = createServices({ db, clock: () => now, templates: new Map([[TEMPLATE.id, TEMPLATE]]), chainKey });
  services.readiness.createRelease(
    { id: "r", name: "R", template: "tiny", start_date: "2026-11-02", launch_date: "2026-12-01", calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] } },
    SYSTEM,
  );
  services.ledger.subscribe({ event: (event) => published.push({ seq: event.seq, keys: count("idempotency_keys") }) });
});

describe("idempotency keys", () => {
  it("run a request once: the same key again gets the first answer and writes nothing more", () => {
    const first = services.idempotency.once(request("k1"), () => ({ id: createLink().result, secret: "glb_first" }));
    const events = count("events");
    const again = services.idempotency.once(request("k1"), () => ({ id: createLink().result, secret: "glb_second" }));
    expect(first).toEqual({ result: { id: 1, secret: "glb_first" }, replayed: false });
    expect(again).toEqual({ result: { id: 1, secret: "glb_first" }, replayed: true });
    expect(count("board_links")).toBe(1);
    expect(count("events")).toBe(events);
    // The answer committed with what it answers: subscribers hear of the event after both.
    expect(published).toEqual([{ seq: 2, keys: 1 }]);
  });

  it("refuse the same key on another request (another body or path) with a 422, and write nothing", () => {
    services.idempotency.once(request("k1"), () => createLink().result);
    const events = count("events");
    for (const other of [request("k1", { name: "War room" }), { ...request("k1"), url: "/api/v1/tokens" }]) {
      expect(() => services.idempotency.once(other, () => createLink("War room").result)).toThrow(
        expect.objectContaining({ status: 422, code: "idempotency_key_reused" }),
      );
    }
    expect(count("events")).toBe(events);
    // The body's key order is not the request: a client may serialise it either way.
    const reordered = services.idempotency.once(request("k2", { a: 1, b: [1, 2] }), () => 7);
    expect(services.idempotency.once(request("k2", { b: [1, 2], a: 1 }), () => 8)).toEqual({ result: reordered.result, replayed: true });
  });

  it("are per principal: another token's same key is another request", () => {
    services.idempotency.once(request("k1"), () => createLink().result);
    expect(services.idempotency.once(request("k1", { name: "Lobby" }, OPS), () => createLink().result)).toEqual({ result: 2, replayed: false });
    expect(count("board_links")).toBe(2);
  });

  it("keep nothing for a refused request: its retry runs again", () => {
    expect(() =>
      services.idempotency.once(request("k1"), () => {
        createLink();
        throw new Error("refused after writing");
      }),
    ).toThrow("refused after writing");
    expect(count("board_links")).toBe(0);
    expect(count("idempotency_keys")).toBe(0);
    expect(published).toEqual([]);
    expect(services.idempotency.once(request("k1"), () => createLink().result)).toEqual({ result: 1, replayed: false });
    expect(count("board_links")).toBe(1);
  });

  it("refuse a key that is empty, too long or not visible ASCII with a 400", () => {
    for (const key of ["", "x".repeat(256), "naïve", "two words", 42]) {
      expect(() => services.idempotency.once(request(key as string), () => 1)).toThrow(
        expect.objectContaining({ status: 400, code: "invalid_idempotency_key" }),
      );
    }
    expect(services.idempotency.once(null, () => 1)).toEqual({ result: 1, replayed: false });
  });

  it("expire after a day, and each keyed write deletes a bounded batch of expired ones", () => {
    services.idempotency.once(request("k1"), () => createLink().result);
    now = new Date(now.getTime() + KEY_LIFETIME_MS + 1);
    expect(services.idempotency.once(request("k1"), () => createLink().result)).toEqual({ result: 2, replayed: false });
    // A backlog of expired keys goes a batch at a time.
    const expired = new Date(now.getTime() - 1).toISOString();
    const backlog = CLEANUP_BATCH + 50;
    for (let i = 0; i < backlog; i++) {
      db.run(sql`insert into idempotency_keys values ('token:9', ${`old-${i}`}, 'f', 'r', ${expired}, ${expired})`);
    }
    services.idempotency.once(request("k2"), () => 1);
    expect(count("idempotency_keys")).toBe(backlog + 2 - CLEANUP_BATCH);
    services.idempotency.once(request("k3"), () => 1);
    expect(count("idempotency_keys")).toBe(3);
  });

  it("keep answers encrypted under the chain key: a copy of the database does not give a secret away", () => {
    services.idempotency.once(request("k1"), () => ({ token: "glb_secret-token" }));
    const stored = db.get<{ response: string }>(sql`select response from idempotency_keys`).response;
    expect(Buffer.from(stored, "base64").toString("latin1")).not.toContain("glb_secret");
    // Under another key (a database restored without its key) the request is known, its answer is not.
    const elsewhere = createIdempotency({ db, ledger: services.ledger, clock: () => now, chainKey: randomBytes(32) });
    expect(() => elsewhere.once(request("k1"), () => ({ token: "glb_other" }))).toThrow(
      expect.objectContaining({ status: 409, code: "idempotency_answer_unreadable" }),
    );
    // An answer moved to another principal's row does not open either.
    db.run(sql`update idempotency_keys set principal = 'token:2'`);
    expect(() => services.idempotency.once(request("k1", { name: "Lobby" }, OPS), () => 1)).toThrow(expect.objectContaining({ status: 409 }));
  });
});
