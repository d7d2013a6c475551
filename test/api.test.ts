import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, cli, eventCount, startServer, TEST_TOKEN, type RunningServer } from "./support/server";

let server: RunningServer;
let call: ReturnType<typeof api>;

const release = {
  id: "listing-abc",
  name: "ABC listing",
  template: "new-coin-listing",
  start_date: "2026-11-02",
  launch_date: "2026-12-01",
};

beforeAll(async () => {
  server = await startServer();
  call = api(server.url);
  expect((await call("POST", "/releases", release)).status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

/** Make a refused request and prove it left no trace in the event log. */
async function refused(method: string, path: string, body?: unknown, headers?: Record<string, string>, client = call) {
  const before = eventCount(server.dbPath);
  const res = await client(method, path, body, headers);
  expect(eventCount(server.dbPath)).toBe(before);
  expect(res.body).toEqual({
    error: { code: expect.any(String), message: expect.any(String), ...(res.body.error?.details !== undefined ? { details: res.body.error.details } : {}) },
  });
  return res;
}

describe("authentication", () => {
  it("401 without a token, with a malformed header and with a wrong token", async () => {
    expect((await refused("GET", "/releases", undefined, undefined, api(server.url, null))).status).toBe(401);
    expect((await refused("POST", "/releases/listing-abc/items/comms.announcement/evidence", { done: true }, undefined, api(server.url, null))).status).toBe(
      401,
    );
    expect((await refused("GET", "/releases", undefined, { authorization: "Basic abc" }, api(server.url, null))).status).toBe(401);
    expect((await refused("POST", "/releases/listing-abc/items/comms.announcement/evidence", { done: true }, undefined, api(server.url, "wrong"))).status).toBe(
      401,
    );
  });
});

describe("releases", () => {
  it("lists releases with a gate summary", async () => {
    const res = await call("GET", "/releases");
    expect(res.status).toBe(200);
    expect(res.body.releases).toContainEqual(
      expect.objectContaining({ id: "listing-abc", gate: { open: false, blocking: 8 }, counts: expect.objectContaining({ pending: 8, total: 8 }) }),
    );
  });

  it("shows one release with counts, gate and seq", async () => {
    const res = await call("GET", "/releases/listing-abc");
    expect(res.status).toBe(200);
    expect(res.body.release).toMatchObject({
      id: "listing-abc",
      template: "new-coin-listing",
      calendar: { workdays: [1, 2, 3, 4, 5], holidays: [] },
      gate: { open: false, blocking: 8 },
      seq: expect.any(Number),
    });
  });

  it("refuses a duplicate (409), bad fields (422), bad JSON (400), an unknown release (404)", async () => {
    expect((await refused("POST", "/releases", release)).status).toBe(409);
    const bad = await refused("POST", "/releases", { ...release, id: "Bad Id", launch_date: "2026-13-01" });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["id", "launch_date"]);
    expect((await refused("POST", "/releases", { ...release, id: "x1", template: "nope" })).status).toBe(422);
    expect((await refused("POST", "/releases", { ...release, id: "x2", launch_date: "2026-10-01" })).body.error.details).toEqual([
      { path: "launch_date", message: "launch date must not be before the start date" },
    ]);
    expect((await refused("POST", "/releases", { ...release, id: "x3", start_date: 20261102 })).status).toBe(422);
    expect((await refused("POST", "/releases", { ...release, id: "x4", calendar: { workdays: [0, 8] } })).status).toBe(422);
    expect((await refused("POST", "/releases", '{"id": "x5",')).status).toBe(400);
    expect((await refused("GET", "/releases/nope")).status).toBe(404);
    expect((await refused("GET", "/releases/nope/items")).status).toBe(404);
    expect((await refused("GET", "/no-such-route")).status).toBe(404);
  });
});

describe("items and evidence", () => {
  it("lists every item with the contract's fields", async () => {
    const res = await call("GET", "/releases/listing-abc/items");
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(8);
    expect(res.body.items[0]).toEqual({
      id: "due-diligence.lsp-score",
      section: "due-diligence",
      title: "Listing Standard Protocol score",
      kind: "metric",
      owner: "listing",
      config: { op: ">=", target: 75, warn: 65, unit: "pts" },
      max_age: null,
      evidence: null,
      evidence_at: null,
      status: "pending",
      reason: "no evidence reported yet",
      version: 0,
      updated_at: expect.any(String),
      assignee: null,
      assignee_name: null,
      assignee_id: null,
      source_error: null,
    });
  });

  it("accepts evidence: 200 with the item and the event seq", async () => {
    const before = eventCount(server.dbPath);
    const res = await call("POST", "/releases/listing-abc/items/due-diligence.lsp-score/evidence", {
      value: 70,
      note: "committee draft",
      link: "https://lsp.example.com/abc",
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      item: expect.objectContaining({
        id: "due-diligence.lsp-score",
        status: "amber",
        reason: "70 pts < target 75 pts, within warn 65 pts",
        version: 1,
        evidence: { value: 70 },
      }),
      seq: before + 1,
    });
    const events = await call("GET", `/releases/listing-abc/events?after=${before}`);
    expect(events.body.events).toEqual([
      expect.objectContaining({
        seq: before + 1,
        type: "evidence.reported",
        actor: "token:bootstrap",
        data: expect.objectContaining({
          item: "due-diligence.lsp-score",
          evidence: { value: 70 },
          note: "committee draft",
          link: "https://lsp.example.com/abc",
        }),
        board: expect.objectContaining({ gate: { open: false, blocking: 8 } }),
      }),
    ]);
  });

  it("refuses evidence that does not fit the kind with 422", async () => {
    const path = "/releases/listing-abc/items/due-diligence.lsp-score/evidence";
    for (const body of [{ value: "70" }, { done: true }, { value: 70, extra: 1 }, {}, [], 7, { value: 70, link: "javascript:alert(1)" }]) {
      const res = await refused("POST", path, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const ratio = await refused("POST", "/releases/listing-abc/items/wallet.wallet-stages/evidence", { stages: { bridge: "passed" } });
    expect(ratio.status).toBe(422);
    expect(ratio.body.error.code).toBe("invalid_evidence");
  });

  it("refuses unknown items (404), malformed JSON (400), non-JSON bodies (415), oversized bodies (413)", async () => {
    expect((await refused("POST", "/releases/listing-abc/items/nope/evidence", { done: true })).status).toBe(404);
    expect((await refused("POST", "/releases/nope/items/comms.announcement/evidence", { done: true })).status).toBe(404);
    expect((await refused("POST", "/releases/listing-abc/items/comms.announcement/evidence", "{done: true}")).status).toBe(400);
    expect(
      (await refused("POST", "/releases/listing-abc/items/comms.announcement/evidence", "done=true", { "content-type": "application/x-www-form-urlencoded" }))
        .status,
    ).toBe(415);
    const huge = JSON.stringify({ done: true, note: "x".repeat(1024 * 1024) });
    expect((await refused("POST", "/releases/listing-abc/items/comms.announcement/evidence", huge)).status).toBe(413);
  });

  it("refuses strings that are not well-formed Unicode (a lone surrogate) with 422 naming where, in values, keys and CSV, and writes nothing", async () => {
    // JSON may escape half a surrogate pair; such a string cannot be stored, hashed into the event chain or shown.
    const path = "/releases/listing-abc/items/comms.announcement/evidence";
    for (const [text, where] of [
      ['{"done": true, "note": "launch \\ud83d"}', "note"],
      ['{"done": true, "note": "\\udc00 trailing"}', "note"],
      ['{"done": true, "\\ud800": 1}', "\ufffd"],
      ['["ok", {"deep": ["\\ud800"]}]', "[1].deep[0]"],
    ]) {
      const res = await refused("POST", path, text);
      expect(res.status, text).toBe(422);
      expect(res.body.error).toMatchObject({ code: "validation_failed", message: expect.stringMatching(/surrogate/), details: [{ path: where }] });
    }
    const named = await refused(
      "POST",
      "/releases",
      '{"id": "odd", "name": "Odd \\ud800", "template": "new-coin-listing", "start_date": "2026-11-02", "launch_date": "2026-12-01"}',
    );
    expect(named.status).toBe(422);
    expect((await call("GET", "/releases/odd")).status).toBe(404);
    // A CSV sent as UTF-16 can hold one without any escape.
    const before = eventCount(server.dbPath);
    const csv = await fetch(`${server.url}/api/v1/releases/listing-abc/wbs`, {
      method: "PUT",
      headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "text/csv; charset=utf-16le" },
      body: Buffer.from("id,name,duration_days,owner\nt1,Task \ud800,1,rd\n", "utf16le"),
    });
    expect(csv.status).toBe(422);
    expect(((await csv.json()) as { error: { code: string } }).error.code).toBe("validation_failed");
    expect(eventCount(server.dbPath)).toBe(before);
    // A whole pair is a character like any other.
    const emoji = await call("POST", "/releases/listing-abc/items/due-diligence.legal-opinion/evidence", '{"done": false, "note": "waiting \\ud83d\\ude80"}');
    expect(emoji.status).toBe(200);
    const events = await call("GET", "/releases/listing-abc/events?after=0&limit=1000");
    expect(events.body.events.at(-1).data.note).toBe("waiting 🚀");
  });

  it("honours if_version: a stale version is a 409 that changes nothing", async () => {
    const path = "/releases/listing-abc/items/comms.announcement/evidence";
    expect((await call("POST", path, { done: false, if_version: 0 })).status).toBe(200);
    const conflict = await refused("POST", path, { done: true, if_version: 0 });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({ code: "version_conflict", details: { current_version: 1 } });
    const ok = await call("POST", path, { done: true, if_version: 1 });
    expect(ok.body.item).toMatchObject({ status: "green", version: 2 });
  });

  it("refuses evidence on computed items", async () => {
    const perp = await call("POST", "/releases", { ...release, id: "perp-x", template: "perp-futures-v2" });
    expect(perp.status).toBe(201);
    const res = await refused("POST", "/releases/perp-x/items/follow-up.postmortem-actions/evidence", { done: true });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe("computed_item");
  });

  it("pages through events with after and limit, and refuses a bad query", async () => {
    const page = await call("GET", "/releases/listing-abc/events?after=0&limit=2");
    expect(page.body.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2]);
    expect(page.body.events[0]).toMatchObject({ release: "listing-abc", type: "release.created", at: expect.any(String), actor: "token:bootstrap" });
    expect((await refused("GET", "/releases/listing-abc/events?after=-1")).status).toBe(422);
    expect((await refused("GET", "/releases/listing-abc/events?limit=5000")).status).toBe(422);
  });
});

describe("roles on the API", () => {
  const token = (args: string[]) => {
    const out = cli(["token", "create", ...args], { DATABASE_URL: `file:${server.dbPath}` });
    expect(out.status, out.stderr).toBe(0);
    return out.stdout.trim().split("\n").at(-1)!;
  };

  it("a viewer may read but not write; a lead reports only on their functions' items", async () => {
    const viewer = api(server.url, token(["--name", "tv", "--role", "viewer"]));
    expect((await viewer("GET", "/releases")).status).toBe(200);
    expect((await refused("POST", "/releases", { ...release, id: "by-viewer" }, undefined, viewer)).status).toBe(403);
    expect((await refused("POST", "/releases/listing-abc/items/comms.announcement/evidence", { done: true }, undefined, viewer)).status).toBe(403);

    const csLead = api(server.url, token(["--name", "cs-lead", "--role", "lead", "--functions", "cs"]));
    expect((await refused("POST", "/releases/listing-abc/items/due-diligence.contract-audit/evidence", { done: true }, undefined, csLead)).status).toBe(403);
    const own = await csLead("POST", "/releases/listing-abc/items/comms.cs-macros/evidence", { done: true });
    expect(own.status).toBe(200);
  });

  it("the CLI refuses a bad role", () => {
    const out = cli(["token", "create", "--name", "x", "--role", "root"], { DATABASE_URL: `file:${server.dbPath}` });
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/--role: /);
  });
});

describe("the gate through the API", () => {
  it("opens when the last item turns green and closes when one turns red", async () => {
    const id = "gate-check";
    expect((await call("POST", "/releases", { ...release, id })).status).toBe(201);
    const send = (item: string, body: unknown) => call("POST", `/releases/${id}/items/${item}/evidence`, body);
    await send("due-diligence.lsp-score", { value: 80 });
    await send("due-diligence.legal-opinion", { done: true });
    await send("due-diligence.contract-audit", { done: true });
    await send("wallet.wallet-stages", { stages: { "node-sync": "passed", deposit: "passed", withdrawal: "passed" } });
    await send("wallet.wallet-stages", { stages: { sweep: "passed", "cold-storage": "passed" } });
    await send("wallet.deposit-confirmations", { deployed: 64 });
    await send("liquidity.opening-depth", { value: 250000 });
    await send("comms.announcement", { done: true });
    expect((await call("GET", `/releases/${id}`)).body.release.gate).toEqual({ open: false, blocking: 1 });
    const last = await send("comms.cs-macros", { done: true });
    expect(last.status).toBe(200);
    expect((await call("GET", `/releases/${id}`)).body.release.gate).toEqual({ open: true, blocking: 0 });
    await send("wallet.deposit-confirmations", { deployed: 12 });
    expect((await call("GET", `/releases/${id}`)).body.release.gate).toEqual({ open: false, blocking: 1 });
  });
});
