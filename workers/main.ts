/**
 * `npm run worker` — Vigil's worker process: runs the built-in agents (SPEC §5) on a schedule.
 * Requires DATABASE_URL. On a fresh database it applies the migrations and registers the roster
 * itself (under a Postgres advisory lock, so several workers starting together don't race), so
 * it also works on its own. Any number of workers may run: Postgres leases decide which one
 * runs each agent's cycle (workers/leases.ts). SIGTERM / SIGINT shut it down gracefully.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { ensureBuiltinAgents } from "../server/agents/builtin-registration";
import { prepareDatabase } from "../server/bootstrap";
import { config } from "../server/config";
import { closeDb, db, pool } from "../server/db/client";
import { readMigrations } from "../server/db/schema-engine";
import { AGENT_MODULES } from "./agents";
import { workerConfig } from "./config";
import { createLogger, errorMessage, OutageTracker } from "./log";
import { WorkerRuntime, type BuiltinAgentModule } from "./runtime";

/** Advisory lock key held while a process migrates the database (any stable 64-bit number). */
export const MIGRATION_LOCK_KEY = 7_273_740_101;

const log = createLogger("worker");

async function pendingMigrations(client: pg.Client): Promise<string[]> {
  const { names } = readMigrations();
  const exists = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS ok");
  if (!exists.rows[0]?.ok) return names;
  const applied = await client.query<{ migration_name: string }>("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL");
  const done = new Set(applied.rows.map((r) => r.migration_name));
  return names.filter((n) => !done.has(n));
}

/**
 * Migrations (only when some are pending: the schema engine is heavy) and the roster, under a
 * session advisory lock so concurrent starters wait for each other instead of racing.
 */
async function prepare(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    const pending = await pendingMigrations(client);
    if (pending.length) {
      log.info(`applying ${pending.length} migration(s)…`);
      const res = await prepareDatabase(url, config().VIGIL_INIT_API_KEY);
      if (res.appliedMigrations.length) log.info(`applied migrations: ${res.appliedMigrations.join(", ")}`);
      if (res.newApiKey) {
        console.log(`\nYour first Vigil API key (admin) — shown only this once, store it now:\n\n    ${res.newApiKey}\n`);
      }
    } else {
      await ensureBuiltinAgents(db()); // the coordinator registers the roster
    }
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
  } finally {
    await client.end().catch(() => {});
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
  log.info(`running ${runtime.agentIds.join(", ")} (lease ${cfg.leaseSeconds} s, health check every ${cfg.healthCheckSeconds} s)`);
}

// Run when started as the entry point (npm run worker), not when imported by another entry.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
