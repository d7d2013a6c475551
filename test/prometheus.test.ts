import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTemplates } from "../server/readiness/template";
import { launchBrowser, openPage, screenshot, visit } from "./support/browser";
import { addPerson, signInBrowser } from "./support/people";
import { api, eventCount, startServer, type RunningServer } from "./support/server";

/**
 * `metric` items polled from Prometheus (SPEC 13, ADR 022), end to end: the
 * real `prometheus` server from Debian scrapes a tiny exporter this test
 * serves (text exposition format, every 500 ms); Greenlight polls it every
 * second and the item follows the exporter's value, reported by
 * `system:prometheus`. A Greenlight pointed at a Prometheus that is not there
 * shows the failure on the item and leaves its evidence as it was.
 */
const TEMPLATE = `template: monitored
name: Monitored launch
functions: [ops]
sections:
  - key: stability
    name: Stability
    owner: ops
    items:
      - key: error-rate
        title: API error rate
        kind: metric
        op: "<="
        target: 0.5
        warn: 1
        unit: "%"
        source:
          prometheus: greenlight_test_error_rate_percent{job="exporter"}
      - key: two-series
        title: Both matching engines' latency
        kind: metric
        op: "<="
        target: 10
        unit: ms
        source:
          prometheus: greenlight_test_latency_ms
      - key: typed
        title: A value typed by hand
        kind: metric
        op: ">="
        target: 1
`;

const dir = mkdtempSync(join(tmpdir(), "greenlight-prom-"));
let exporterValue = 0.2;
let exporter: Server;
let prometheus: ChildProcess;
let prometheusUrl: string;
const prometheusLogs: string[] = [];
let server: RunningServer;
let down: RunningServer | undefined;
let admin: ReturnType<typeof api>;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const release = { id: "mon", name: "Monitored", template: "monitored", start_date: "2026-11-02", launch_date: "2026-12-20" };
const itemOf = async (call: ReturnType<typeof api>, id: string) => (await call("GET", `/releases/mon/items/stability.${id}`)).body.item;

beforeAll(async () => {
  const checklists = join(dir, "checklists");
  mkdirSync(checklists);
  writeFileSync(join(checklists, "monitored.yaml"), TEMPLATE);

  exporter = createServer((req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
    res.end(
      [
        "# HELP greenlight_test_error_rate_percent API error rate.",
        "# TYPE greenlight_test_error_rate_percent gauge",
        `greenlight_test_error_rate_percent ${exporterValue}`,
        "# TYPE greenlight_test_latency_ms gauge",
        'greenlight_test_latency_ms{engine="a"} 4',
        'greenlight_test_latency_ms{engine="b"} 6',
        "",
      ].join("\n"),
    );
  });
  await new Promise<void>((resolve) => exporter.listen(0, "127.0.0.1", resolve));
  const exporterPort = (exporter.address() as { port: number }).port;

  const port = await freePort();
  prometheusUrl = `http://127.0.0.1:${port}`;
  writeFileSync(
    join(dir, "prometheus.yml"),
    `global:\n  scrape_interval: 500ms\n  evaluation_interval: 500ms\nscrape_configs:\n  - job_name: exporter\n    static_configs:\n      - targets: ["127.0.0.1:${exporterPort}"]\n`,
  );
  prometheus = spawn(
    "prometheus",
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "tsdb")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // A fresh sample is found at once, and a stale one is not kept for minutes.
      "--query.lookback-delta=5s",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  prometheus.stderr!.on("data", (chunk: Buffer) => prometheusLogs.push(chunk.toString()));
  // Ready once Prometheus has scraped the exporter (expect.poll is for tests, not hooks).
  const started = Date.now();
  for (;;) {
    const res = await fetch(`${prometheusUrl}/api/v1/query?query=greenlight_test_error_rate_percent`).catch(() => null);
    if (res?.ok && ((await res.json()) as { data: { result: unknown[] } }).data.result.length === 1) break;
    if (Date.now() - started > 30_000) throw new Error(`Prometheus did not scrape the exporter:\n${prometheusLogs.join("")}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  server = await startServer({ env: { GREENLIGHT_CHECKLISTS: checklists, PROMETHEUS_URL: prometheusUrl, PROMETHEUS_INTERVAL_S: "1" } });
  admin = api(server.url);
  const made = await admin("POST", "/releases", release);
  expect(made.status, JSON.stringify(made.body)).toBe(201);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await down?.stop();
  if (prometheus && prometheus.exitCode === null) {
    const exited = new Promise((resolve) => prometheus.once("exit", resolve));
    prometheus.kill("SIGTERM");
    await exited;
  }
  await new Promise((resolve) => exporter?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe("metric items polled from Prometheus", () => {
  it("follow the exporter's value through the real Prometheus, reported by system:prometheus; a value that does not change is not written again", async () => {
    await expect.poll(async () => (await itemOf(admin, "error-rate")).evidence, { timeout: 15_000 }).toEqual({ value: 0.2 });
    const green = await itemOf(admin, "error-rate");
    expect(green).toMatchObject({ status: "green", source_error: null });
    const reports = async () =>
      ((await admin("GET", "/releases/mon/events?after=0&limit=1000")).body.events as { type: string; actor: string; data: { item: string } }[]).filter(
        (e) => e.type === "evidence.reported",
      );
    expect((await reports()).map((e) => [e.actor, e.data.item])).toEqual([["system:prometheus", "stability.error-rate"]]);

    // Several polls later the unchanged value has not been written again.
    const before = eventCount(server.dbPath);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(eventCount(server.dbPath)).toBe(before);
    expect((await itemOf(admin, "error-rate")).version).toBe(green.version);

    exporterValue = 0.8;
    await expect.poll(async () => (await itemOf(admin, "error-rate")).evidence, { timeout: 15_000 }).toEqual({ value: 0.8 });
    expect((await itemOf(admin, "error-rate")).status).toBe("amber");
    exporterValue = 3.5;
    await expect.poll(async () => (await itemOf(admin, "error-rate")).status, { timeout: 15_000 }).toBe("red");
    expect((await itemOf(admin, "error-rate")).evidence).toEqual({ value: 3.5 });
    expect((await reports()).map((e) => e.actor)).toEqual(["system:prometheus", "system:prometheus", "system:prometheus"]);
  }, 60_000);

  it("a query answering several series is shown on the item as an error and never becomes a value; items without a source are left alone", async () => {
    await expect.poll(async () => (await itemOf(admin, "two-series")).source_error?.message ?? null, { timeout: 15_000 }).toMatch(/returned 2 series/);
    const item = await itemOf(admin, "two-series");
    expect(item).toMatchObject({ evidence: null, status: "pending", source_error: { at: expect.any(String) } });
    expect((await itemOf(admin, "typed")).source_error).toBeNull();
    const listed = (await admin("GET", "/releases/mon/items")).body.items as { id: string; source_error: unknown }[];
    expect(listed.find((i) => i.id === "stability.two-series")!.source_error).toEqual(item.source_error);
  }, 30_000);

  it("an unreachable Prometheus is shown on the item, and the evidence stays as it was", async () => {
    const nobody = `http://127.0.0.1:${await freePort()}`;
    down = await startServer({ env: { GREENLIGHT_CHECKLISTS: join(dir, "checklists"), PROMETHEUS_URL: nobody, PROMETHEUS_INTERVAL_S: "1" } });
    const call = api(down.url);
    expect((await call("POST", "/releases", release)).status).toBe(201);
    expect((await call("POST", "/releases/mon/items/stability.error-rate/evidence", { value: 0.3, note: "read off Grafana" })).status).toBe(200);
    const before = await itemOf(call, "error-rate");
    await expect.poll(async () => (await itemOf(call, "error-rate")).source_error?.message ?? null, { timeout: 15_000 }).toMatch(/unreachable/);
    const after = await itemOf(call, "error-rate");
    expect(after).toMatchObject({ status: "green", evidence: { value: 0.3 }, version: before.version, evidence_at: before.evidence_at });

    // On the item's page, on a phone: the query, the failure with its time, and that the evidence stands.
    const lead = await addPerson(down, { email: "ops@example.com", name: "Olu Ops", role: "lead", functions: ["ops"] });
    const browser = await launchBrowser();
    try {
      const tab = await openPage(browser, { width: 390, height: 844 });
      await signInBrowser(tab.context, down, lead);
      await visit(tab.page, `${down.url}/releases/mon/items/stability.error-rate`);
      const box = tab.page.locator("[data-source]");
      await expect.poll(() => box.textContent()).toContain('greenlight_test_error_rate_percent{job="exporter"}');
      expect(await box.locator("[data-source-error]").textContent()).toMatch(/Last query failed .*unreachable.*The evidence stays as it was/s);
      expect(await tab.page.locator("[data-item]").getAttribute("data-status")).toBe("green");
      const width = await tab.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      await screenshot(tab.page, "prometheus-source-error-phone", true);
      expect(tab.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it("the shipped perp template's PromQL sources are queries the real Prometheus accepts", async () => {
    const perp = loadTemplates("checklists").get("perp-futures-v2")!;
    const sources = perp.sections.flatMap((s) =>
      s.items.flatMap((i) => {
        const query = (i.config as { source?: { prometheus?: string } }).source?.prometheus;
        return query ? [{ id: `${s.key}.${i.key}`, query }] : [];
      }),
    );
    expect(sources.map((s) => s.id)).toEqual(["stability.api-error-rate", "stability.md-push-latency"]);
    for (const { id, query } of sources) {
      // A parse error is a 400 with errorType bad_data; a valid query with no series yet is a success.
      const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
      const body = (await res.json()) as { status: string; error?: string };
      expect(body, id).toMatchObject({ status: "success" });
    }
  });
});
