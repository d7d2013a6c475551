import { createServer, type Server } from "node:http";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { releases } from "../../db/schema";
import { configSchemas } from "../../app/shared/kinds";
import { inProcess } from "../../test/support/services";
import { createLogger } from "../logger";
import { parseTemplate } from "../readiness/template";
import { createPrometheusPoller, readAnswer } from "./prometheus-poll";

describe("a metric item's Prometheus source in the template", () => {
  it("is a PromQL query; an empty or blank query is refused, as is anything but `prometheus`", () => {
    const ok = configSchemas.metric.safeParse({ op: "<=", target: 1, source: { prometheus: " sum(rate(errors[5m])) " } });
    expect(ok.success && ok.data).toMatchObject({ source: { prometheus: "sum(rate(errors[5m]))" } });
    for (const source of [{ prometheus: "" }, { prometheus: "   " }, {}, { prometheus: "up", datadog: "x" }, "up"]) {
      expect(configSchemas.metric.safeParse({ op: "<=", target: 1, source }).success, JSON.stringify(source)).toBe(false);
    }
    const empty = configSchemas.metric.safeParse({ op: "<=", target: 1, source: { prometheus: "" } });
    expect(empty.error?.issues[0]).toMatchObject({ path: ["source", "prometheus"], message: "the PromQL query is empty" });
  });
});

describe("reading Prometheus's answer to an instant query", () => {
  const vector = (...values: string[]) => ({
    status: "success",
    data: { resultType: "vector", result: values.map((v, i) => ({ metric: { __name__: "m", instance: `i${i}` }, value: [1764000000.1, v] })) },
  });

  it("takes a scalar or a one-series vector's value", () => {
    expect(readAnswer(200, { status: "success", data: { resultType: "scalar", result: [1764000000, "0.25"] } })).toEqual({ ok: true, value: 0.25 });
    expect(readAnswer(200, vector("42"))).toEqual({ ok: true, value: 42 });
  });

  it("never turns a failure into a value: no series, several, NaN, ±Inf, an error status, a matrix, not an answer", () => {
    expect(readAnswer(200, vector())).toEqual({ ok: false, error: "the query returned no series" });
    expect(readAnswer(200, vector("1", "2"))).toEqual({
      ok: false,
      error: 'the query returned 2 series (m{instance="i0"}, m{instance="i1"}); it must return one',
    });
    expect(readAnswer(200, vector("NaN"))).toEqual({ ok: false, error: "the query returned NaN, not a finite number" });
    expect(readAnswer(200, vector("+Inf"))).toEqual({ ok: false, error: "the query returned +Inf, not a finite number" });
    expect(readAnswer(400, { status: "error", errorType: "bad_data", error: 'parse error: unexpected "}"' })).toEqual({
      ok: false,
      error: 'Prometheus: bad_data: parse error: unexpected "}"',
    });
    expect(readAnswer(200, { status: "success", data: { resultType: "matrix", result: [] } })).toMatchObject({ ok: false });
    expect(readAnswer(502, "<html>Bad gateway</html>")).toEqual({ ok: false, error: "HTTP 502: not a Prometheus query answer" });
    expect(readAnswer(503, vector("1"))).toEqual({ ok: false, error: "HTTP 503" });
  });
});

describe("the Prometheus settings in the environment", () => {
  it("PROMETHEUS_URL is an http(s) URL (unset: no polling), PROMETHEUS_INTERVAL_S defaults to 60 s", async () => {
    const { ConfigError, loadConfig } = await import("../config");
    expect(loadConfig({})).toMatchObject({ prometheusUrl: undefined, prometheusIntervalMs: 60_000 });
    expect(loadConfig({ PROMETHEUS_URL: "http://prometheus:9090/", PROMETHEUS_INTERVAL_S: "15" })).toMatchObject({
      prometheusUrl: "http://prometheus:9090",
      prometheusIntervalMs: 15_000,
    });
    expect(() => loadConfig({ PROMETHEUS_URL: "prometheus:9090" })).toThrow(ConfigError);
    expect(() => loadConfig({ PROMETHEUS_URL: "ftp://prometheus" })).toThrow(/PROMETHEUS_URL/);
    expect(() => loadConfig({ PROMETHEUS_INTERVAL_S: "0" })).toThrow(/PROMETHEUS_INTERVAL_S/);
  });
});

describe("which releases are polled", () => {
  const TEMPLATE = parseTemplate(
    "mon.yaml",
    [
      "template: mon",
      "name: Mon",
      "functions: [ops]",
      "sections:",
      "  - key: s",
      "    name: S",
      "    owner: ops",
      "    items:",
      "      - {key: errors, title: Errors, kind: metric, op: '<=', target: 1, source: {prometheus: 'errors_percent'}}",
    ].join("\n"),
  );
  let prometheus: Server;
  let queries: string[];

  beforeEach(async () => {
    queries = [];
    // Answers every instant query as Prometheus does, with one series worth 0.2.
    prometheus = createServer((req, res) => {
      queries.push(new URL(req.url!, "http://x").searchParams.get("query") ?? "");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1, "0.2"] }] } }));
    });
    await new Promise<void>((resolve) => prometheus.listen(0, "127.0.0.1", resolve));
  });
  afterEach(() => new Promise((resolve) => prometheus.close(resolve)));

  it("are those still heading for launch: a released release's readiness is a record, never rewritten by a later reading", async () => {
    const now = new Date("2026-12-02T10:00:00Z");
    const { db, services, count } = inProcess({
      clock: () => now,
      templates: [TEMPLATE],
      releases: [
        { id: "live", template: "mon", launch_date: "2026-12-20" },
        { id: "done", template: "mon", launch_date: "2026-12-20" },
      ],
    });
    // The released one was decided and shipped through the meeting; only its phase matters here.
    db.update(releases).set({ phase: "released" }).where(eq(releases.id, "done")).run();
    const before = services.readiness.getItem("done", "s.errors");
    const { port } = prometheus.address() as { port: number };
    const poller = createPrometheusPoller({
      db,
      readiness: services.readiness,
      clock: () => now,
      logger: createLogger("silent"),
      url: `http://127.0.0.1:${port}`,
      intervalMs: 60_000,
    });

    expect(await poller.poll()).toEqual({ reported: 1, failed: 0 });
    expect(queries).toEqual(["errors_percent"]);
    expect(services.readiness.getItem("live", "s.errors")).toMatchObject({ status: "green", evidence: { value: 0.2 } });
    expect(services.readiness.getItem("done", "s.errors")).toEqual(before);
    expect(count("item_sources")).toBe(1);
  });
});
