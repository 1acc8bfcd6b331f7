import type { Pool } from "pg";
import { z } from "zod";

/**
 * Retention: days to keep per data type, in the `settings` row `retention`
 * (`{"heartbeats": 7, ...}`; missing keys use the defaults). Pruning deletes in batches of
 * BATCH rows by primary key so each statement is short, locks little and lets autovacuum keep up;
 * see docs/retention.md for why this rather than partitions.
 */
export const RETENTION_DEFAULTS = {
  heartbeats: 7,
  metrics: 30,
  events: 30,
  cycles: 14,
  healthSnapshots: 30,
  stateChanges: 90,
  rollupsMinute: 14,
  rollupsHour: 400,
  ingestBatches: 7,
} as const;
type RetentionKey = keyof typeof RETENTION_DEFAULTS;

const retentionSchema = z.object(
  Object.fromEntries(Object.keys(RETENTION_DEFAULTS).map((k) => [k, z.number().int().min(1).max(3650).optional()])) as Record<RetentionKey, z.ZodOptional<z.ZodNumber>>,
);

// table, time column, key column, extra condition
const TARGETS: Record<RetentionKey, [string, string, string, string]> = {
  heartbeats: ["heartbeats", "received_at", "id", ""],
  metrics: ["metrics", "timestamp", "id", ""],
  events: ["events", "timestamp", "id", ""],
  cycles: ["agent_cycles", "started_at", "id", "AND status <> 'running'"],
  healthSnapshots: ["health_snapshots", "computed_at", "id", ""],
  stateChanges: ["agent_state_changes", "created_at", "id", ""],
  rollupsMinute: ["metric_rollups", "bucket", "ctid", "AND resolution = 'minute'"],
  rollupsHour: ["metric_rollups", "bucket", "ctid", "AND resolution = 'hour'"],
  ingestBatches: ["ingest_batches", "created_at", "key", ""],
};

export async function retentionDays(pool: Pool): Promise<Record<RetentionKey, number>> {
  const { rows } = await pool.query<{ value: unknown }>("SELECT value FROM settings WHERE key = 'retention'");
  const parsed = retentionSchema.safeParse(rows[0]?.value ?? {});
  // An invalid setting must not stop pruning altogether: fall back to the defaults.
  const given = parsed.success ? parsed.data : {};
  return Object.fromEntries(Object.entries(RETENTION_DEFAULTS).map(([k, d]) => [k, given[k as RetentionKey] ?? d])) as Record<RetentionKey, number>;
}

export const BATCH = 5_000;

/** Deletes expired rows, at most `maxBatches` batches per type per call; returns rows deleted per type. */
export async function pruneExpired(pool: Pool, now = new Date(), maxBatches = 20): Promise<Partial<Record<RetentionKey, number>>> {
  const days = await retentionDays(pool);
  const out: Partial<Record<RetentionKey, number>> = {};
  for (const [k, [table, col, id, extra]] of Object.entries(TARGETS) as [RetentionKey, (typeof TARGETS)[RetentionKey]][]) {
    const cutoff = new Date(now.getTime() - days[k] * 86_400_000);
    let total = 0;
    for (let i = 0; i < maxBatches; i++) {
      const r = await pool.query(`DELETE FROM ${table} WHERE ${id} IN (SELECT ${id} FROM ${table} WHERE ${col} < $1 ${extra} LIMIT ${BATCH})`, [cutoff]);
      total += r.rowCount ?? 0;
      if ((r.rowCount ?? 0) < BATCH) break;
    }
    // Heartbeat rollups share the metric rollups' windows.
    if (k === "rollupsMinute" || k === "rollupsHour") {
      const r = await pool.query(`DELETE FROM heartbeat_rollups WHERE bucket < $1 AND resolution = $2`, [cutoff, k === "rollupsMinute" ? "minute" : "hour"]);
      total += r.rowCount ?? 0;
    }
    if (total) out[k] = total;
  }
  return out;
}
