import { spawnSync } from "node:child_process";
import { cpSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadConfig } from "../server/config";
import { tempDir } from "./support/db";
import { api, cli, readDatabase, startServer, TEST_TOKEN } from "./support/server";

const ROOT = join(import.meta.dirname, "..");

describe("npx greenlight", () => {
  it("templates check passes on the shipped templates", () => {
    const out = cli(["templates", "check"]);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("ok  perp-futures-v2: 8 sections");
    expect(out.stdout).toContain("ok  new-coin-listing:");
  });

  it("templates check fails naming the file, the path and the reason", () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, "bad.yaml"),
      "template: bad\nname: Bad\nsections:\n  - key: s\n    name: S\n    owner: rd\n    items:\n      - {key: a, title: A, kind: metric, op: '<=', target: fast}\n",
    );
    const out = cli(["templates", "check", "--dir", dir]);
    expect(out.status).toBe(1);
    expect(out.stderr).toMatch(/bad\.yaml: sections\[0\]\.items\[0\]\.target: .*expected number/);
  });

  it("migrate, then seed --demo once; a second seed changes nothing", () => {
    const url = `file:${join(tempDir(), "cli.db")}`;
    expect(cli(["migrate"], { DATABASE_URL: url }).status).toBe(0);
    const seeded = cli(["seed", "--demo"], { DATABASE_URL: url });
    expect(seeded.stdout).toContain("seeded release perp-v2");
    const again = cli(["seed", "--demo"], { DATABASE_URL: url });
    expect(again.stdout).toContain("exists");
    const statuses = readDatabase(url.slice(5), (db) => db.prepare("select distinct status from items where release_id = 'perp-v2'").all()) as {
      status: string;
    }[];
    // The demo shows every colour.
    expect(statuses.map((s) => s.status).sort()).toEqual(["amber", "green", "pending", "red"]);
  });

  it("serve refuses a bad environment, naming the variable", () => {
    const out = cli(["serve"], { GREENLIGHT_DEMO: "yes", PORT: "0" });
    expect(out.status).toBe(1);
    expect(out.stderr).toContain("GREENLIGHT_DEMO");
  });
});

describe("the environment", () => {
  it("has the SPEC's defaults", () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      databaseUrl: "file:./data/greenlight.db",
      demo: true,
      bootstrapToken: undefined,
      broadcastSliceMs: 12,
    });
  });

  it("names every bad variable", () => {
    expect(() => loadConfig({ PORT: "eighty", GREENLIGHT_BOOTSTRAP_TOKEN: "short", GREENLIGHT_API_RATE: "-1", GREENLIGHT_BROADCAST_SLICE_MS: "soon" })).toThrow(
      /PORT: [\s\S]*GREENLIGHT_BOOTSTRAP_TOKEN: must be at least 16 characters[\s\S]*GREENLIGHT_API_RATE: [\s\S]*GREENLIGHT_BROADCAST_SLICE_MS: /,
    );
  });
});

/**
 * NODE_OPTIONS under which loading TypeScript fails: a module hook that
 * refuses any .ts file and tsx itself, in the process and its worker threads.
 */
const tsRefused = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/\\.[cm]?tsx?$/.test(new URL(resolved.url).pathname) || resolved.url.includes("/node_modules/tsx/")) throw new Error("TypeScript loaded: " + resolved.url);
  return resolved;
}`;
const registerHook = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(tsRefused)}`)});`;
const NO_TYPESCRIPT = { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(registerHook)}` };

describe("the production build", () => {
  it("runs on plain Node: neither the CLI nor the server, its plan worker included, loads TypeScript", async () => {
    // The hook does refuse TypeScript: the source under tsx fails with it.
    const source = spawnSync(process.execPath, ["--import", "tsx", "server/cli.ts", "templates", "check"], {
      cwd: ROOT,
      env: { ...process.env, ...NO_TYPESCRIPT },
      encoding: "utf8",
    });
    expect(source.status).not.toBe(0);
    expect(source.stderr).toContain("TypeScript loaded");

    const checked = cli(["templates", "check"], NO_TYPESCRIPT);
    expect(checked.stderr).toBe("");
    expect(checked.stdout).toContain("ok  perp-futures-v2");
    const server = await startServer({ env: NO_TYPESCRIPT });
    try {
      const admin = api(server.url);
      await admin("POST", "/releases", { id: "built", name: "Built", template: "new-coin-listing", start_date: "2026-11-02", launch_date: "2026-12-01" });
      // A WBS import is scheduled in the plan worker, a thread of its own.
      const csv = "id,name,parent,owner,duration,predecessors,start_no_earlier_than,progress,status\nkickoff,Kick-off,,pmo,2,,,0,todo\n";
      const put = await fetch(`${server.url}/api/v1/releases/built/wbs`, {
        method: "PUT",
        headers: { authorization: `Bearer ${TEST_TOKEN}`, "content-type": "text/csv" },
        body: csv,
      });
      expect(put.status).toBe(200);
      expect(server.logs.join("\n")).not.toContain("TypeScript loaded");
    } finally {
      await server.stop();
    }
  });

  it("user add links to where the server on the database listens (PORT=0), or to the PUBLIC_URL it was given; with no server running, it says so", async () => {
    const server = await startServer();
    const env = { DATABASE_URL: `file:${server.dbPath}` };
    const add = (email: string) => cli(["user", "add", "--email", email, "--name", "New Person"], env);
    try {
      expect(new URL(server.url).port).not.toBe("3000");
      const added = add("running@example.com");
      expect(added.status).toBe(0);
      expect(added.stdout).toContain(`\n${server.url}/invite/gli_`);
      expect(added.stderr).toBe("");
    } finally {
      await server.stop();
    }
    const stopped = add("stopped@example.com");
    expect(stopped.status).toBe(0);
    expect(stopped.stdout).toMatch(/\n\/invite\/gli_/);
    expect(stopped.stderr).toContain(`No Greenlight server is running on ${server.dbPath}`);
    // The CLI's own PUBLIC_URL first.
    expect(cli(["user", "add", "--email", "public@example.com", "--name", "P"], { ...env, PUBLIC_URL: "https://gl.example.com" }).stdout).toContain(
      "\nhttps://gl.example.com/invite/gli_",
    );

    const behindProxy = await startServer({ dbPath: server.dbPath, env: { PUBLIC_URL: "https://greenlight.example.com/" } });
    try {
      expect(add("proxied@example.com").stdout).toContain("\nhttps://greenlight.example.com/invite/gli_");
    } finally {
      await behindProxy.stop();
    }
  });

  it("a fresh checkout's first start builds without a warning, then says where to create the first admin", async () => {
    // A checkout as `git clone` makes it: no build, no database; node_modules as `npm ci` left it.
    const root = join(tempDir(), "greenlight");
    const skip = new Set(["node_modules", "build", ".git", "data", "test-results", ".cache"]);
    cpSync(ROOT, root, { recursive: true, filter: (path) => path === ROOT || !skip.has(basename(path)) });
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    const dir = tempDir();
    const server = await startServer({
      root,
      dbPath: join(dir, "first.db"),
      env: { GREENLIGHT_BOOTSTRAP_TOKEN: "", GREENLIGHT_DEMO: "1", GREENLIGHT_KEY_FILE: join(dir, "chain.key") },
      timeoutMs: 150_000,
    });
    try {
      await vi.waitFor(() => expect(server.logs.join("\n")).toContain("/setup"));
      const [notice, ...rest] = server.logs;
      expect(notice).toBe("No build yet: building Greenlight once (npm run build)…");
      // Nothing else but the server's JSON log: no build chatter, no warning.
      expect(rest.filter((line) => !line.startsWith("{"))).toEqual([]);
      const setup = rest.map((line) => JSON.parse(line) as { msg: string; setup_code?: string }).find((entry) => entry.setup_code);
      expect(setup?.msg).toBe(`Open ${server.url}/setup to create the first admin, with the setup code ${setup?.setup_code}`);
      expect((await fetch(`${server.url}/setup`)).status).toBe(200);
    } finally {
      await server.stop();
    }
  }, 200_000);
});
