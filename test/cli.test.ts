import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../server/config";
import { tempDir } from "./support/db";
import { cli, readDatabase } from "./support/server";

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
