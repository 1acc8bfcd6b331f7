/**
 * Postgres leases: a built-in agent's cycles run only in the worker that holds its row in
 * `worker_leases` with `lease_until` in the future. Acquire and renew are the same conditional
 * upsert — it takes the row when it is free, expired, or already ours, and otherwise changes
 * nothing and returns nothing — so two workers can never both believe they hold a lease. All
 * times are the database's clock (`now()`), so workers' clocks don't matter.
 *
 * A worker that dies (kill -9) stops renewing; its leases expire after VIGIL_LEASE_SECONDS and
 * the next acquire by another worker takes them over.
 */
import type { Pool } from "pg";

interface HeldLease {
  agentId: string;
  leaseUntil: Date;
  acquiredAt: Date;
}

/**
 * Acquires or renews the leases on `agentIds` for `workerId` in one statement; returns the ones
 * this worker now holds. Rows are locked in id order, so two workers doing this concurrently
 * cannot deadlock.
 */
export async function acquireLeases(pool: Pool, workerId: string, agentIds: readonly string[], seconds: number): Promise<HeldLease[]> {
  if (!agentIds.length) return [];
  const ids = [...new Set(agentIds)].sort();
  const res = await pool.query<{ agent_id: string; lease_until: Date; acquired_at: Date }>(
    `INSERT INTO worker_leases (agent_id, worker_id, lease_until, acquired_at)
     SELECT id, $1, now() + make_interval(secs => $3), now() FROM unnest($2::text[]) WITH ORDINALITY AS t(id, ord) ORDER BY ord
     ON CONFLICT (agent_id) DO UPDATE
       SET worker_id = EXCLUDED.worker_id,
           lease_until = EXCLUDED.lease_until,
           acquired_at = CASE WHEN worker_leases.worker_id = EXCLUDED.worker_id THEN worker_leases.acquired_at ELSE EXCLUDED.acquired_at END
       WHERE worker_leases.lease_until < now() OR worker_leases.worker_id = EXCLUDED.worker_id
     RETURNING agent_id, lease_until, acquired_at`,
    [workerId, ids, seconds],
  );
  return res.rows.map((r) => ({ agentId: r.agent_id, leaseUntil: r.lease_until, acquiredAt: r.acquired_at }));
}

/** Single-agent form of acquireLeases. */
export async function acquireLease(pool: Pool, workerId: string, agentId: string, seconds: number): Promise<boolean> {
  return (await acquireLeases(pool, workerId, [agentId], seconds)).length === 1;
}

/**
 * Extends only the leases this worker still holds (never takes new ones) and lists them: at
 * shutdown this both says which agents are still ours and keeps them ours while we mark them.
 */
export async function extendHeldLeases(pool: Pool, workerId: string, seconds: number): Promise<string[]> {
  const res = await pool.query<{ agent_id: string }>(
    `UPDATE worker_leases SET lease_until = greatest(lease_until, now() + make_interval(secs => $2))
     WHERE worker_id = $1 RETURNING agent_id`,
    [workerId, seconds],
  );
  return res.rows.map((r) => r.agent_id).sort();
}

/** Gives up this worker's leases (all, or `agentIds`) so another worker can take them at once. */
export async function releaseLeases(pool: Pool, workerId: string, agentIds?: readonly string[]): Promise<string[]> {
  const res = agentIds
    ? await pool.query<{ agent_id: string }>("DELETE FROM worker_leases WHERE worker_id = $1 AND agent_id = ANY($2::text[]) RETURNING agent_id", [workerId, agentIds])
    : await pool.query<{ agent_id: string }>("DELETE FROM worker_leases WHERE worker_id = $1 RETURNING agent_id", [workerId]);
  return res.rows.map((r) => r.agent_id).sort();
}

/** Who holds which lease right now (expired leases excluded). */
export async function currentLeases(pool: Pool): Promise<Map<string, string>> {
  const res = await pool.query<{ agent_id: string; worker_id: string }>("SELECT agent_id, worker_id FROM worker_leases WHERE lease_until > now()");
  return new Map(res.rows.map((r) => [r.agent_id, r.worker_id]));
}
