#!/usr/bin/env node
// `npm run build`: the app (remix vite:build: build/client, build/server) and the server with its CLI
// (esbuild: build/server-cli), so `npm start` and `npx greenlight` run JavaScript on plain Node.
// `--quiet`: warnings and errors only (the build `npx greenlight` starts when there is none yet);
// `--server-only`: the server and CLI alone.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** Where the built CLI is: `cli.js` (every command; `serve` loads the server's own chunk), and the plan worker. */
export const SERVER_OUT = join(ROOT, "build/server-cli");

/**
 * A module finds its neighbours from its own file (`new URL("./migrations", import.meta.url)`): in the
 * bundle each module's `import.meta.url` stays its source file's, so they resolve as they do from the source.
 */
const sourceUrls = {
  name: "source-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.tsx?$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const from = relative(SERVER_OUT, args.path).split("\\").join("/");
      return {
        contents: source.replaceAll("import.meta.url", `new URL(${JSON.stringify(from)}, import.meta.url).href`),
        loader: args.path.endsWith(".tsx") ? "tsx" : "ts",
      };
    });
  },
};

/**
 * The server and CLI, bundled (libraries stay in node_modules). Written aside and renamed into place,
 * so a CLI started meanwhile never loads a half-written file. About a quarter of a second.
 */
export async function buildServer() {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: "server/cli.ts", "planner.worker": "server/schedule/planner.worker.ts" },
    bundle: true,
    // `serve`'s server is a chunk of its own: the other commands do not load Express, Socket.IO and Remix.
    splitting: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    outdir: SERVER_OUT,
    // Beside the entries: a module's path relative to the output folder is the same from every file in it.
    chunkNames: "[name]-[hash]",
    define: { __GREENLIGHT_BUNDLE__: "true" },
    plugins: [sourceUrls],
    write: false,
    logLevel: "warning",
  });
  mkdirSync(SERVER_OUT, { recursive: true });
  // Chunks first, then the entries that import them; then the chunks of earlier builds go.
  const entries = new Set(["cli.js", "planner.worker.js"]);
  const files = result.outputFiles.toSorted((a, b) => Number(entries.has(basename(a.path))) - Number(entries.has(basename(b.path))));
  for (const file of files) {
    const aside = `${file.path}.${process.pid}.tmp`;
    writeFileSync(aside, file.contents);
    renameSync(aside, file.path);
  }
  const written = new Set(files.map((f) => basename(f.path)));
  for (const name of readdirSync(SERVER_OUT)) if (name.endsWith(".js") && !written.has(name)) rmSync(join(SERVER_OUT, name));
}

async function main() {
  const quiet = process.argv.includes("--quiet");
  // `--server-only`: the server and CLI alone (a quarter of a second: the tests' setup, on every run).
  if (process.argv.includes("--server-only")) return buildServer();
  // vite.config.ts leaves the Remix plugin out under Vitest: a build started from a test (or its setup) is still the app's.
  const { VITEST: _vitest, ...env } = process.env;
  const remix = spawnSync(join(ROOT, "node_modules/.bin/remix"), ["vite:build", ...(quiet ? ["--logLevel", "warn"] : [])], {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });
  if (remix.status !== 0) process.exit(remix.status ?? 1);
  await buildServer();
  if (!quiet) console.log(`built the server and the CLI in ${relative(ROOT, SERVER_OUT)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
