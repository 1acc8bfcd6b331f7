import type { Pool, PoolClient } from "pg";

/**
 * Minute and hour rollups of metrics and heartbeats, maintained incrementally: each run folds the
 * rows with ids in (done, horizon] into metric_rollups / heartbeat_rollups (count, sum, min, max,
 * added to existing buckets), in one transaction with the new watermark (settings row
 * `rollups.watermark`), so a crash never counts a row twice or skips it.
 *
 * Why a horizon: ids come from a sequence at INSERT time but become visible at COMMIT, so a row
 * with a smaller id can appear after a larger one was read. A run therefore only folds up to the
 * max id seen by the *previous* run, and only once every write transaction that was already open
 * at that moment has finished (pg_stat_activity) — then no id below the horizon can still appear.
 */
interface Watermark {
  metrics: { done: string; horizon: string; at: string };
  heartbeats: { done: string; horizon: string; at: string };
}

async function tx<T>(pool: Pool, fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query("BEGIN");
    const r = await fn(c);
    await c.query("COMMIT");
    return r;
  } catch (e) {
    await c.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}

const FOLD = {
  metrics: (res: string, unit: string) => `
    INSERT INTO metric_rollups (agent_id, name, resolution, bucket, count, sum, min, max)
    SELECT agent_id, name, '${res}', date_trunc('${unit}', timestamp), count(*), sum(value), min(value), max(value)
      FROM metrics WHERE id > $1 AND id <= $2 GROUP BY 1, 2, 4
    ON CONFLICT (agent_id, name, resolution, bucket) DO UPDATE SET
      count = metric_rollups.count + EXCLUDED.count, sum = metric_rollups.sum + EXCLUDED.sum,
      min = LEAST(metric_rollups.min, EXCLUDED.min), max = GREATEST(metric_rollups.max, EXCLUDED.max)`,
  heartbeats: (res: string, unit: string) => `
    INSERT INTO heartbeat_rollups (agent_id, resolution, bucket, count)
    SELECT agent_id, '${res}', date_trunc('${unit}', received_at), count(*)
      FROM heartbeats WHERE id > $1 AND id <= $2 GROUP BY 1, 3
    ON CONFLICT (agent_id, resolution, bucket) DO UPDATE SET count = heartbeat_rollups.count + EXCLUDED.count`,
};

/** One incremental step for both tables; at most `maxRows` ids per table per call. Returns ids folded. */
export async function updateRollups(pool: Pool, maxRows = 200_000): Promise<{ metrics: number; heartbeats: number }> {
  return tx(pool, async (c) => {
    // One maintainer at a time across workers; others skip this round.
    const lock = await c.query<{ ok: boolean }>("SELECT pg_try_advisory_xact_lock(7273740202) AS ok");
    if (!lock.rows[0]!.ok) return { metrics: 0, heartbeats: 0 };
    const row = await c.query<{ value: Watermark }>("SELECT value FROM settings WHERE key = 'rollups.watermark' FOR UPDATE");
    const wm: Watermark = row.rows[0]?.value ?? { metrics: { done: "0", horizon: "0", at: new Date(0).toISOString() }, heartbeats: { done: "0", horizon: "0", at: new Date(0).toISOString() } };
    const out = { metrics: 0, heartbeats: 0 };
    for (const table of ["metrics", "heartbeats"] as const) {
      const w = wm[table];
      const open = await c.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND xact_start < $1 AND pid <> pg_backend_pid()",
        [w.at],
      );
      if (open.rows[0]!.n === 0 && BigInt(w.horizon) > BigInt(w.done)) {
        const upTo = BigInt(w.horizon) < BigInt(w.done) + BigInt(maxRows) ? BigInt(w.horizon) : BigInt(w.done) + BigInt(maxRows);
        await c.query(FOLD[table]("minute", "minute"), [w.done, upTo.toString()]);
        await c.query(FOLD[table]("hour", "hour"), [w.done, upTo.toString()]);
        out[table] = Number(upTo - BigInt(w.done));
        w.done = upTo.toString();
      }
      if (BigInt(w.done) >= BigInt(w.horizon)) {
        const max = await c.query<{ id: string | null; now: Date }>(`SELECT max(id)::text AS id, now() FROM ${table}`);
        w.horizon = max.rows[0]!.id ?? w.done;
        w.at = max.rows[0]!.now.toISOString();
      }
    }
    await c.query(
      `INSERT INTO settings (key, value, updated_at) VALUES ('rollups.watermark', $1, now())
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [JSON.stringify(wm)],
    );
    return out;
  });
}
