/**
 * The agent_cycles rows of a built-in agent's cycles. Starting and finishing a cycle are each one
 * statement that also checks (and on finish renews) the worker's lease, so the database decides
 * whether the cycle ran under a lease we held.
 */
import type { Pool } from "pg";

/** Inserts the `running` row only while this worker holds an unexpired lease; null: the lease is not ours. */
export async function startCycleRecord(pool: Pool, agentId: string, workerId: string): Promise<string | null> {
  const started = await pool.query<{ id: string }>(
    `INSERT INTO agent_cycles (agent_id, worker_id, started_at, status)
     SELECT $1, $2, clock_timestamp(), 'running'
     WHERE EXISTS (SELECT 1 FROM worker_leases WHERE agent_id = $1 AND worker_id = $2 AND lease_until > now())
     RETURNING id`,
    [agentId, workerId],
  );
  return started.rows[0]?.id ?? null;
}

interface CycleOutcome {
  ok: boolean;
  durationMs: number;
  error: string | null;
  summary: Record<string, unknown>;
}

/**
 * Records the outcome, renews the lease in the same statement, and stores in the summary whether
 * the lease was still ours (`leaseHeldAtEnd`). Returns that, or null when the row is gone.
 */
export async function finishCycleRecord(
  pool: Pool,
  cycle: { id: string; agentId: string; workerId: string; leaseSeconds: number },
  outcome: CycleOutcome,
): Promise<boolean | null> {
  const fin = await pool.query<{ lease_held: boolean }>(
    `WITH renewed AS (
       UPDATE worker_leases SET lease_until = greatest(lease_until, now() + make_interval(secs => $6))
       WHERE agent_id = $2 AND worker_id = $3 RETURNING 1
     )
     UPDATE agent_cycles
     SET status = $4::"CycleStatus", ended_at = clock_timestamp(), duration_ms = $5, error = $7,
         summary = $8::jsonb || jsonb_build_object('leaseHeldAtEnd', EXISTS (SELECT 1 FROM renewed))
     WHERE id = $1
     RETURNING EXISTS (SELECT 1 FROM renewed) AS lease_held`,
    [cycle.id, cycle.agentId, cycle.workerId, outcome.ok ? "succeeded" : "failed", outcome.durationMs, cycle.leaseSeconds, outcome.error, JSON.stringify(outcome.summary)],
  );
  return fin.rows[0]?.lease_held ?? null;
}

/** A cycle torn down by a restart: whatever it still does later is discarded. */
export async function abandonCycleRecord(pool: Pool, cycleId: string, reason: string): Promise<void> {
  await pool.query("UPDATE agent_cycles SET status = 'abandoned', error = $2 WHERE id = $1 AND status = 'running'", [cycleId, `abandoned: ${reason}`]);
}
