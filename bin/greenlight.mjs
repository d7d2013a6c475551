#!/usr/bin/env node
// `npx greenlight <command>` (and `npm start`): the built CLI (build/server-cli, made by `npm run build`) on plain Node.
// With no build yet, as on a fresh clone, it builds once first, printing only warnings and errors.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../build/server-cli/cli.js", import.meta.url);
const app = new URL("../build/server/index.js", import.meta.url);

if (!existsSync(cli) || !existsSync(app)) {
  console.error("No build yet: building Greenlight once (npm run build)…");
  // The build's own output goes to stderr: stdout is the command's (a token, a link).
  const built = spawnSync(process.execPath, [fileURLToPath(new URL("../scripts/build.mjs", import.meta.url)), "--quiet"], { stdio: ["ignore", 2, 2] });
  if (built.status !== 0 || !existsSync(cli)) {
    console.error("The build failed (see above). Run `npm run build` after `npm ci` (the build needs the dev dependencies).");
    process.exit(1);
  }
}
await import(cli.href);
