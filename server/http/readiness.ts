import { VERSION } from "../config";
import { pool } from "../db/client";
import { withTimeout } from "./db-errors";

/** A worker counts as up when it reported within this window and has not stopped cleanly. */
const WORKER_FRESH_SECONDS = 90;
/** Load balancers poll this: answer fast even when the database hangs. */
const CHECK_TIMEOUT_MS = 2_000;

interface Readiness {
  status: "ok" | "degraded";
  db: "up" | "down";
  worker: "up" | "down";
  version: string;
}

/**
 * Liveness + readiness for GET /api/health. One query answers both questions (DB reachable,
 * a live worker row exists). Never throws: a database that is down or slow is reported as
 * `db: "down"` (the web app cannot see the worker then, so `worker: "down"` too).
 */
export async function readiness(): Promise<Readiness> {
  try {
    const r = await withTimeout(
      pool().query<{ worker: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM worker_processes WHERE stopped_at IS NULL AND last_seen_at > now() - make_interval(secs => $1)) AS worker`,
        [WORKER_FRESH_SECONDS],
      ),
      CHECK_TIMEOUT_MS,
    );
    const worker = r.rows[0]?.worker ? "up" : "down";
    return { status: worker === "up" ? "ok" : "degraded", db: "up", worker, version: VERSION };
  } catch {
    return { status: "degraded", db: "down", worker: "down", version: VERSION };
  }
}
