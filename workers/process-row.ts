/** This worker's row in worker_processes: liveness for handover decisions and its counters for the dashboard. */
import type { Pool } from "pg";
import type { WorkerCounters } from "./agent-module";

interface WorkerIdentity {
  workerId: string;
  hostname: string;
  pid: number;
  startedAt: Date;
}

export async function writeWorkerProcess(pool: Pool, w: WorkerIdentity, counters: WorkerCounters): Promise<void> {
  await pool.query(
    `INSERT INTO worker_processes (id, hostname, pid, started_at, last_seen_at, counters)
     VALUES ($1, $2, $3, $4, now(), $5::jsonb)
     ON CONFLICT (id) DO UPDATE SET last_seen_at = now(), counters = EXCLUDED.counters`,
    [w.workerId, w.hostname, w.pid, w.startedAt, JSON.stringify(counters)],
  );
}

export async function markWorkerStopped(pool: Pool, workerId: string, counters: WorkerCounters): Promise<void> {
  await pool.query("UPDATE worker_processes SET stopped_at = now(), last_seen_at = now(), counters = $2::jsonb WHERE id = $1", [workerId, JSON.stringify(counters)]);
}

/** Whether another worker is running and seen within `aliveSeconds` (it will take our leases over). */
export async function otherWorkerAlive(pool: Pool, workerId: string, aliveSeconds: number): Promise<boolean> {
  const others = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM worker_processes
     WHERE id <> $1 AND stopped_at IS NULL AND last_seen_at > now() - make_interval(secs => $2)`,
    [workerId, aliveSeconds],
  );
  return (others.rows[0]?.n ?? 0) > 0;
}
