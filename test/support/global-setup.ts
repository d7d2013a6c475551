import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");

/**
 * Tests run the server and the CLI as production does: built (scripts/build.mjs), on plain Node.
 * The server and CLI are built again on every run (a quarter of a second), so a test never runs
 * yesterday's server; the app's pages are built when there is no build yet (after a change to
 * app/, `npm run build`, which `npm test` runs).
 */
export default function setup() {
  const app = existsSync(join(ROOT, "build/server/index.js"));
  execFileSync(process.execPath, ["scripts/build.mjs", app ? "--server-only" : "--quiet"], { cwd: ROOT, stdio: "inherit" });
}
