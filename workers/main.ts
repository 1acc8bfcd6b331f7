/**
 * `npm run worker` — Vigil's worker process: runs the built-in agents on a schedule.
 * Requires DATABASE_URL. On a fresh database it applies the migrations and registers the roster
 * itself (under a Postgres advisory lock, so several workers starting together don't race), so
 * it also works on its own. Any number of workers may run: Postgres leases decide which one
 * runs each agent's cycle (workers/leases.ts). SIGTERM / SIGINT shut it down gracefully.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { firstStartNotice, initialCredentials, prepareDatabase } from "../server/bootstrap";
import { config } from "../server/config";
import { closeDb, db, pool } from "../server/db/client";
import { AGENT_MODULES } from "./agents";
import { workerConfig } from "./config";
import { createLogger, errorMessage, OutageTracker } from "./log";
import type { BuiltinAgentModule } from "./agent-module";
import { WorkerRuntime } from "./runtime";
import { startMaintenance } from "./maintenance";

const log = createLogger("worker");

/** Migrations, roster and first key (idempotent, serialized by an advisory lock in prepareDatabase). */
async function prepare(url: string): Promise<void> {
  const res = await prepareDatabase(url, initialCredentials(config()));
  if (res.appliedMigrations.length) log.info(`applied migrations: ${res.appliedMigrations.join(", ")}`);
  const notice = firstStartNotice(res);
  if (notice) {
    console.log(notice);
  }
}

/** The worker process; `modules` is replaceable so tests can run the real process with faults injected. */
export async function main(modules: readonly BuiltinAgentModule[] = AGENT_MODULES): Promise<void> {
  let cfg;
  try {
    cfg = workerConfig();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("DATABASE_URL is not set: the worker needs the database Vigil uses (npm start sets it for the embedded one).");
    process.exit(2);
  }
  const hostname = os.hostname();
  const workerId = `${hostname}:${process.pid}:${randomBytes(3).toString("hex")}`;
  log.info(`starting ${workerId}`);

  // A connection dropped by the server (restart, outage) surfaces as an 'error' event on idle
  // pool clients; unhandled, that would kill the process.
  // An outage is recorded once the database is back (it cannot be while it is down): the
  // self-healing agent turns `database.connection_lost` into a database incident.
  const outage = new OutageTracker(log, (seconds) => {
    pool()
      .query(
        `INSERT INTO events (type, message, severity, agent_id, timestamp, metadata)
         VALUES ('database.connection_lost', $1, 'error', NULL, now(), $2::jsonb)`,
        [`Worker ${workerId} could not reach the database for ${Math.round(seconds)} s`, JSON.stringify({ seconds, workerId })],
      )
      .catch((e) => log.warn(`could not record the outage: ${errorMessage(e)}`));
  });
  pool().on("error", (e) => {
    if (!outage.failed("idle connection", e)) log.warn(`database connection error: ${errorMessage(e)}`);
  });
  process.on("unhandledRejection", (e) => log.error("unhandled rejection", e));
  process.on("uncaughtException", (e) => {
    if (outage.failed("connection", e)) return;
    log.error("fatal", e);
    process.exit(1);
  });

  let runtime: WorkerRuntime | null = null;
  let stopMaintenance: (() => Promise<void>) | null = null;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal}: shutting down`);
    const hardLimit = setTimeout(() => {
      log.warn("shutdown took too long; exiting");
      process.exit(0);
    }, (cfg.shutdownTimeoutSeconds + 15) * 1000);
    hardLimit.unref();
    await runtime?.shutdown();
    await stopMaintenance?.();
    await closeDb().catch(() => {});
    log.info("stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  // Wait for the database instead of exiting: a worker started before Postgres is fine.
  for (let attempt = 1; !stopping; attempt++) {
    try {
      await prepare(url);
      break;
    } catch (e) {
      const wait = Math.min(30, 2 ** Math.min(attempt, 5));
      log.warn(`database not ready (${errorMessage(e)}); retrying in ${wait} s`);
      await new Promise((r) => setTimeout(r, wait * 1000));
    }
  }
  if (stopping) return;

  runtime = new WorkerRuntime({ workerId, hostname, pid: process.pid, prisma: db(), pool: pool(), config: cfg, modules, log, outage });
  await runtime.start();
  // Rollups and retention (workers/maintenance); VIGIL_MAINTENANCE_SECONDS shortens it in tests.
  stopMaintenance = startMaintenance(pool(), log, { rollupSeconds: Number(process.env.VIGIL_MAINTENANCE_SECONDS) || 60 });
  log.info(`running ${runtime.agentIds.join(", ")} (lease ${cfg.leaseSeconds} s, health check every ${cfg.healthCheckSeconds} s)`);
}

// Run when started as the entry point (npm run worker), not when imported by another entry.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
