import { launchBrowser } from "../test/support/browser";
import { randomPlan } from "./schedule";
import { GREENLIGHT, median, startProcess, tempDatabaseUrl } from "./support";

/**
 * The Gantt page in Chromium (issue 5): a 1,000-task plan (20 summary tasks
 * over 980 leaves, 3,000 dependencies) against `greenlight serve`, signed in as
 * a viewer. Per visit, in a fresh browser context: from navigation start to
 * the first frame painted after the load event (the chart is server-rendered
 * SVG, so what is in view is on screen by then) and to hydration; then the
 * chart is scrolled to its end, which must draw the last task. Baseline in the
 * same run: the same page for a release without a plan (same layout, no chart).
 */
const TOKEN = "bench-admin-token-0123456789abcdef";
const PASSWORD = "correct horse battery staple";
const TASKS = 1000;
const SUMMARIES = 20;
const VISITS = 7;

export interface GanttResult {
  tasks: number;
  rendered: number;
  hydrated: number;
  baselineRendered: number;
  visits: { rendered: number; baseline: number }[];
}

export async function benchGantt(): Promise<GanttResult> {
  const server = await startProcess(GREENLIGHT, ["serve"], {
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: tempDatabaseUrl("gantt.db"),
    GREENLIGHT_BOOTSTRAP_TOKEN: TOKEN,
    GREENLIGHT_DEMO: "0",
    GREENLIGHT_API_RATE: "0",
    LOG_LEVEL: "info",
  });
  const browser = await launchBrowser();
  try {
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${server.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
      return res.json() as Promise<Record<string, unknown>>;
    };
    for (const id of ["gantt", "empty"]) {
      await call("POST", "/releases", { id, name: id, template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2027-06-30" });
    }
    const plan = randomPlan(TASKS - SUMMARIES, 3 * TASKS, 11);
    const perSummary = Math.ceil(plan.tasks.length / SUMMARIES);
    await call("PUT", "/releases/gantt/wbs", {
      tasks: [
        ...Array.from({ length: SUMMARIES }, (_, s) => ({ id: `phase-${s}`, name: `Phase ${s + 1}`, duration: 0 })),
        ...plan.tasks.map((t, i) => ({
          id: t.id,
          name: `Task ${t.id}: a realistic, longer task name`,
          parent: `phase-${Math.floor(i / perSummary)}`,
          owner: "rd",
          duration: t.duration,
        })),
      ],
      dependencies: plan.dependencies,
    });

    // A viewer's session, the way a person gets one: invited, then setting a password.
    const invited = (await call("POST", "/users", { email: "viewer@example.com", name: "Viewer", role: "viewer" })) as { invite_url: string };
    const accepted = await fetch(invited.invite_url, {
      method: "POST",
      body: new URLSearchParams({ password: PASSWORD, confirm: PASSWORD }),
      headers: { origin: server.url },
      redirect: "manual",
    });
    const session = /gl_session=([^;]+)/.exec(accepted.headers.get("set-cookie") ?? "")?.[1];
    if (!session) throw new Error("could not sign in");

    const visit = async (release: string) => {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
      await context.addCookies([{ name: "gl_session", value: session, url: server.url }]);
      const page = await context.newPage();
      await page.goto(`${server.url}/releases/${release}/plan`, { waitUntil: "load" });
      const rendered = await page.evaluate(
        () => new Promise<number>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())))),
      );
      await page.waitForSelector("html[data-hydrated]");
      const hydrated = await page.evaluate(() => performance.now());
      if (process.env.GANTT_DEBUG) {
        const nav = await page.evaluate(() =>
          JSON.stringify(performance.getEntriesByType("navigation")[0], [
            "responseStart",
            "responseEnd",
            "domInteractive",
            "domContentLoadedEventEnd",
            "loadEventEnd",
            "transferSize",
          ]),
        );
        process.stderr.write(`${release}: ${nav} rendered ${rendered.toFixed(0)} hydrated ${hydrated.toFixed(0)}\n`);
      }
      if (release !== "gantt") {
        await context.close();
        return { rendered, hydrated, bars: 0, lastBar: false };
      }
      const total = Number(await page.locator("[data-gantt]").getAttribute("data-gantt"));
      // Only the rows in view are drawn: scrolled to the end, the last task's bar is there.
      await page.evaluate(() => {
        const chart = document.querySelector("[data-gantt]")!;
        chart.scrollTop = chart.scrollHeight;
      });
      const lastBar = await page.waitForSelector(`g[data-task="t${TASKS - SUMMARIES - 1}"]`, { timeout: 5000 }).then(
        () => true,
        () => false,
      );
      await context.close();
      return { rendered, hydrated, bars: total, lastBar };
    };

    await visit("gantt"); // warm-up: server caches, Chromium's first launch costs
    const visits: { rendered: number; hydrated: number; baseline: number }[] = [];
    for (let i = 0; i < VISITS; i++) {
      // Interleaved, so noise on the shared machine hits both alike.
      const chart = await visit("gantt");
      if (chart.bars !== TASKS || !chart.lastBar)
        throw new Error(`the Gantt has ${chart.bars} of ${TASKS} tasks, and ${chart.lastBar ? "drew" : "did not draw"} the last one when scrolled to it`);
      const empty = await visit("empty");
      visits.push({ rendered: chart.rendered, hydrated: chart.hydrated, baseline: empty.rendered });
    }
    const result = {
      tasks: TASKS,
      rendered: median(visits.map((v) => v.rendered)),
      hydrated: median(visits.map((v) => v.hydrated)),
      baselineRendered: median(visits.map((v) => v.baseline)),
      visits: visits.map(({ rendered, baseline }) => ({ rendered, baseline })),
    };
    process.stderr.write(
      `Gantt ${TASKS} tasks: rendered ${result.rendered.toFixed(0)} ms, hydrated ${result.hydrated.toFixed(0)} ms (no plan: ${result.baselineRendered.toFixed(0)} ms)\n`,
    );
    return result;
  } finally {
    await browser.close();
    await server.stop();
  }
}
