import { Command, InvalidArgumentError } from "commander";
import { databasePath, migrateDatabase, openDatabase, type Db } from "../db/client";
import { DEMO_RELEASE, seedDemo, seedDemoPlan, seedDemoSupport } from "./demo/seed";
import { InstanceLockError, liveHolder } from "./instance-lock";
import { createSealer, loadChainKey, verifyChain } from "./chain";
import { ChainBroken } from "./retention";
import { ACCESS_LOG, BackupError, backupDatabase, restoreDatabase, verifyDatabase, type Verified } from "./backup";
import { createAudit } from "./audit";
import { verifyAccessLog } from "./auth/access-log";
import { createAccess } from "./auth/access";
import { newTokenSchema } from "./auth/tokens";
import { AppError } from "../app/shared/errors";
import { ConfigError, loadConfig } from "./config";
import { createLedgerOn, createServices } from "./services";
import type { Ledger } from "./ledger";
import { loadTemplates, TemplateError } from "./readiness/template";
import { systemClock } from "../app/shared/time";

/** `npx greenlight <command>`: the operator's entry point. */
const program = new Command("greenlight").description("Greenlight release-readiness tracker");

program
  .command("serve")
  .description("migrate the database, seed the demo on an empty one, and serve")
  .action(async () => {
    const config = loadConfig();
    // The server's own modules (Express, Socket.IO, Remix) load here, not for every other command.
    const [{ createGreenlight }, { createLogger }] = await Promise.all([import("./index"), import("./logger")]);
    const logger = createLogger(config.logLevel);
    const app = await createGreenlight(config, logger);
    await app.listen();
    const stop = async (signal: string) => {
      logger.info({ signal }, "shutting down");
      await app.close();
      process.exit(0);
    };
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
  });

/** The services the operator commands need, on the configured database (no server). */
function openServices() {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  migrateDatabase(db);
  const { readiness, wbs, goNoGo, ledger, sealer, retention, roster, sops } = createServices({
    db,
    clock: systemClock,
    templates: loadTemplates(config.checklistsDir),
    chainKey: loadChainKey(config.keyFile),
  });
  return { config, db, readiness, wbs, goNoGo, roster, sops, access: cliAccess(db, ledger), sealer, retention, close: () => db.$client.close() };
}

/** People and tokens alone: no templates to read (most of what `greenlight user add` would wait for). */
function openAccess() {
  const config = loadConfig();
  const db = openDatabase(config.databaseUrl);
  migrateDatabase(db);
  const { ledger } = createLedgerOn({ db, clock: systemClock, chainKey: loadChainKey(config.keyFile) });
  return { config, access: cliAccess(db, ledger), close: () => db.$client.close() };
}

// Sockets live in the server process: a revocation here ends them at their next reconnect.
const cliAccess = (db: Db, ledger: Ledger) => createAccess({ db, clock: systemClock, ledger, disconnect: () => {} });

const functionsOption = (v: string) => {
  if (!/^[a-z0-9-]+(,[a-z0-9-]+)*$/.test(v)) throw new InvalidArgumentError("expected e.g. risk,qa");
  return v.split(",");
};

const OPERATOR = { label: "cli", can: () => true };

program
  .command("migrate")
  .description("apply database migrations")
  .action(() => {
    const { config, close } = openServices();
    close();
    console.log(`migrated ${config.databaseUrl}`);
  });

program
  .command("seed")
  .description("seed data")
  .requiredOption("--demo", "the demo release perp-v2 from the perp-futures-v2 template")
  .action(() => {
    const { readiness, wbs, roster, sops, access, close } = openServices();
    if (readiness.listReleases().some((r) => r.id === DEMO_RELEASE)) {
      console.log(`release ${DEMO_RELEASE} exists: nothing to seed`);
    } else {
      seedDemo(readiness, systemClock);
      seedDemoPlan(wbs);
      seedDemoSupport({ roster, sops, access }, systemClock);
      console.log(`seeded release ${DEMO_RELEASE}`);
    }
    close();
  });

const templatesCommand = program.command("templates").description("checklist templates");
templatesCommand
  .command("check")
  .description("validate every template in the checklists folder")
  .option("--dir <dir>", "folder of templates", "checklists")
  .action((options: { dir: string }) => {
    const templates = loadTemplates(options.dir);
    for (const t of templates.values()) {
      const items = t.sections.reduce((n, s) => n + s.items.length, 0);
      console.log(`ok  ${t.id}: ${t.sections.length} sections, ${items} items`);
    }
  });

const tokenCommand = program.command("token").description("API tokens");
tokenCommand
  .command("create")
  .description("create an API token (shown once)")
  .requiredOption("--name <name>", "who or what uses it")
  .requiredOption("--role <role>", "admin, lead, member or viewer")
  .option("--functions <list>", "comma-separated functions (for a lead)", functionsOption)
  .action((options: { name: string; role: string; functions?: string[] }) => {
    const parsed = newTokenSchema.safeParse({ name: options.name, role: options.role, functions: options.functions ?? [] });
    if (!parsed.success) {
      throw new ConfigError(parsed.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
    }
    const { access, close } = openAccess();
    const { id, token } = access.tokens.create(parsed.data, OPERATOR);
    close();
    console.log(`token ${id} (${parsed.data.name}, ${parsed.data.role}) — store it now, it is not shown again:`);
    console.log(token);
  });
tokenCommand
  .command("list")
  .description("list API tokens (never their secrets)")
  .action(() => {
    const { access, close } = openAccess();
    for (const t of access.tokens.list()) {
      const state = t.revoked_at ? `revoked ${t.revoked_at}` : `last used ${t.last_used_at ?? "never"}`;
      const scope = t.functions.length ? ` [${t.functions.join(",")}]` : "";
      console.log(`${String(t.id).padStart(4)}  ${t.name}  ${t.role}${scope}  created ${t.created_at}  ${state}`);
    }
    close();
  });
tokenCommand
  .command("revoke <id>")
  .description("revoke an API token")
  .action((id: string) => {
    const { access, close } = openAccess();
    access.revokeToken(Number(id), OPERATOR);
    close();
    console.log(`token ${id} revoked`);
  });

program
  .command("user")
  .description("people")
  .command("add")
  .description("add a person and print their one-time set-password link")
  .requiredOption("--email <email>", "their email address")
  .requiredOption("--name <name>", "their name")
  .option("--admin", "make them an admin (the same as --role admin)")
  .option("--role <role>", "admin, lead, member or viewer", "viewer")
  .option("--functions <list>", "comma-separated functions (for a lead)", functionsOption)
  .action((options: { email: string; name: string; admin?: boolean; role: string; functions?: string[] }) => {
    const { config, access, close } = openAccess();
    try {
      const role = options.admin ? "admin" : options.role;
      const { user, token, expiresAt } = access.users.invite({ email: options.email, name: options.name, role, functions: options.functions ?? [] }, OPERATOR);
      // PUBLIC_URL, else the address the server on this database recorded when it started listening.
      const database = databasePath(config.databaseUrl);
      const base = config.publicUrl ?? liveHolder(database)?.url;
      console.log(`added ${user.name} <${user.email}> as ${user.role}. Their set-password link (valid until ${expiresAt}):`);
      console.log(`${base ?? ""}/invite/${token}`);
      if (base === undefined)
        console.error(
          `No Greenlight server is running on ${database}, so the link has no address: put the one people reach Greenlight at in front of it, or set PUBLIC_URL.`,
        );
    } catch (error) {
      if (error instanceof AppError)
        throw new ConfigError(
          `${error.message}${Array.isArray(error.details) ? `: ${error.details.map((d: { path: string; message: string }) => `${d.path} ${d.message}`).join("; ")}` : ""}`,
        );
      throw error;
    } finally {
      close();
    }
  });

program
  .command("audit")
  .description("the audit trail")
  .command("verify")
  .description("walk the hash chain of a release (or of every release); exit 1 naming the first broken seq")
  .option("--release <id>", "one release (default: every release)")
  .action((options: { release?: string }) => {
    const { db, sealer, close } = openServices();
    try {
      const audit = createAudit(db, sealer);
      const known = audit.releaseIds();
      if (options.release !== undefined && !known.includes(options.release)) {
        console.error(`no release "${options.release}"`);
        process.exitCode = 1;
        return;
      }
      if (known.length === 0) console.log("no releases: nothing to verify");
      for (const release of options.release === undefined ? known : [options.release]) {
        const check = audit.verify(release);
        if (check.ok) {
          console.log(`ok  ${release}: ${check.checked} events verified`);
        } else {
          console.log(`BROKEN ${release}: seq ${check.seq} — ${check.problem} (${check.checked} events verified before it)`);
          process.exitCode = 1;
        }
      }
      if (options.release === undefined) {
        // People and tokens: the access log, chained too.
        const access = verifyAccessLog(db, sealer);
        if (access.ok) {
          console.log(
            `ok  access log: ${access.checked} entries verified${access.unchained ? ` (${access.unchained} from before the chain began, not covered)` : ""}`,
          );
        } else {
          console.log(`BROKEN access log: entry ${access.id} — ${access.problem} (${access.checked} entries verified before it)`);
          process.exitCode = 1;
        }
      }
    } finally {
      close();
    }
  });

program
  .command("compact")
  .description("apply retention now: verify each release's chain up to its head, then compact its old repeated readings (releases whose retention is set)")
  .option("--release <id>", "one release (default: every release whose retention is set)")
  .action(async (options: { release?: string }) => {
    const { db, sealer, retention, close } = openServices();
    try {
      const releases = options.release === undefined ? retention.releasesWithRetention() : [options.release];
      if (releases.length === 0) console.log("no release has a retention set: nothing to compact");
      for (const release of releases) {
        const { compact_after_days: days } = retention.view(release);
        if (days === null) {
          console.log(`skip ${release}: its retention is not set (every reading is kept)`);
          continue;
        }
        // Only verified history is compacted: walk the chain to its head first (the server's background check does it in slices).
        const check = verifyChain(db, sealer, release, { incremental: true, maxWalk: Number.POSITIVE_INFINITY });
        if (!check.ok) {
          console.log(`BROKEN ${release}: seq ${check.seq} — ${check.problem}; nothing compacted`);
          process.exitCode = 1;
          continue;
        }
        let removed = 0;
        let ranges = 0;
        try {
          for (let done = await retention.compactNext(release); done; done = await retention.compactNext(release)) {
            removed += done.removed;
            ranges += 1;
          }
        } catch (error) {
          if (!(error instanceof ChainBroken)) throw error;
          console.log(`BROKEN ${release}: seq ${error.seq} — ${error.problem}; nothing more compacted`);
          process.exitCode = 1;
          continue;
        }
        console.log(`ok  ${release}: ${removed} repeated readings older than ${days} days compacted in ${ranges} ranges`);
      }
    } finally {
      close();
    }
  });

program
  .command("decision")
  .description("Go/No-Go decision records")
  .command("verify")
  .argument("<id>", "the decision's id")
  .description("recompute a decision record's sha256 and check it against its event in the hash-chained log; exit 1 if it does not match")
  .action((raw: string) => {
    const id = Number(raw);
    if (!Number.isInteger(id) || id < 1) throw new InvalidArgumentError(`not a decision id: ${raw}`);
    const { goNoGo, close } = openServices();
    try {
      const check = goNoGo.verifyDecision(id);
      if (check.ok) {
        console.log(`ok  decision ${id}: sha256 ${check.hash}`);
      } else {
        console.log(`TAMPERED decision ${id}: ${check.problem}`);
        process.exitCode = 1;
      }
    } finally {
      close();
    }
  });

program
  .command("backup")
  .argument("<file>", "where to write the copy")
  .option("--force", "overwrite the file if it exists")
  .description("an online, consistent copy of the database while the server runs, verified once taken")
  .action(async (file: string, options: { force?: boolean }) => {
    const config = loadConfig();
    const source = databasePath(config.databaseUrl);
    await backupDatabase(source, file, { force: options.force });
    const verified = verifyDatabase(file, createSealer(loadChainKey(config.keyFile)));
    report(verified, `backed up ${source} to ${file}`);
  });

program
  .command("restore")
  .argument("<file>", "a backup taken with greenlight backup")
  .option("--force", "replace an existing database (never one a running server holds)")
  .description("put a backup in place of the configured database, after verifying every chain in it")
  .action(async (file: string, options: { force?: boolean }) => {
    const config = loadConfig();
    const target = databasePath(config.databaseUrl);
    const verified = await restoreDatabase(file, target, { force: options.force, sealer: createSealer(loadChainKey(config.keyFile)) });
    report(verified, `restored ${file} to ${target}`);
  });

/** One line per release's chain; exit 1 if any is broken. */
function report(verified: Verified[], done: string) {
  console.log(done);
  for (const { release, check } of verified) {
    const unit = release === ACCESS_LOG ? { what: "entries", at: "entry" } : { what: "events", at: "seq" };
    if (check.ok) console.log(`ok  ${release}: ${check.checked} ${unit.what} verified`);
    else {
      console.log(`BROKEN ${release}: ${unit.at} ${check.seq} — ${check.problem}`);
      process.exitCode = 1;
    }
  }
}

program.parseAsync().catch((error: unknown) => {
  console.error(cliMessage(error));
  // The stack is for whoever debugs Greenlight itself, not for the operator.
  if (process.env.GREENLIGHT_DEBUG === "1" && error instanceof Error) console.error(error.stack);
  process.exit(1);
});

/** An operator reads one sentence: what failed and, where it helps, what to do. */
function cliMessage(error: unknown): string {
  if (
    error instanceof TemplateError ||
    error instanceof ConfigError ||
    error instanceof AppError ||
    error instanceof InvalidArgumentError ||
    error instanceof InstanceLockError ||
    error instanceof BackupError
  )
    return error.message;
  const code = (error as { code?: unknown }).code;
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
    return "the database stayed locked by another writer for 5 s: nothing was changed; try again (the running server keeps working)";
  }
  if (code === "SQLITE_CANTOPEN") return `the database cannot be opened (${(error as Error).message}): check DATABASE_URL and the folder's permissions`;
  return `greenlight: ${error instanceof Error ? error.message : String(error)} (set GREENLIGHT_DEBUG=1 for the stack)`;
}
