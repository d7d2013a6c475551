import { describe, expect, it } from "vitest";
import { openDatabase } from "../db/client";
import { createSealer, loadChainKey, verifyChain } from "../server/chain";
import { api, readDatabase, startServer } from "./support/server";

describe("durability", () => {
  it("every write answered 200 survives SIGKILL mid-stream; the chain verifies; the file is intact", async () => {
    const first = await startServer();
    const call = api(first.url);
    expect(
      (await call("POST", "/releases", { id: "dur", name: "Durability", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" }))
        .status,
    ).toBe(201);

    const acknowledged: { seq: number; value: number }[] = [];
    let next = 0;
    let killed = false;
    const writer = async () => {
      while (!killed) {
        const value = next++;
        try {
          const res = await call("POST", "/releases/dur/items/liquidity.opening-depth/evidence", { value });
          if (res.status === 200) acknowledged.push({ seq: res.body.seq, value });
        } catch {
          // The connection died with the server: not acknowledged, so not owed.
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    while (acknowledged.length < 300) await new Promise((r) => setTimeout(r, 5));
    await first.kill();
    killed = true;
    await Promise.all(writers);
    expect(first.proc.signalCode).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(300);

    // Restart on the same file: the server must come back and hold every acknowledged write.
    const second = await startServer({ dbPath: first.dbPath });
    try {
      const stored = readDatabase(first.dbPath, (db) =>
        db.prepare("select seq, json_extract(data, '$.evidence.value') as value from events where release_id = 'dur' and type = 'evidence.reported'").all(),
      ) as { seq: number; value: number }[];
      const bySeq = new Map(stored.map((row) => [row.seq, row.value]));
      for (const ack of acknowledged) expect(bySeq.get(ack.seq), `seq ${ack.seq}`).toBe(ack.value);

      const release = await api(second.url)("GET", "/releases/dur");
      expect(release.body.release.seq).toBeGreaterThanOrEqual(Math.max(...acknowledged.map((a) => a.seq)));
      expect(readDatabase(first.dbPath, (db) => db.pragma("integrity_check", { simple: true }))).toBe("ok");
    } finally {
      await second.stop();
    }
    const db = openDatabase(`file:${first.dbPath}`);
    try {
      expect(verifyChain(db, createSealer(loadChainKey()), "dur")).toMatchObject({ ok: true });
    } finally {
      db.$client.close();
    }
  });
});
