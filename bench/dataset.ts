/**
 * Dataset generator for `npm run bench`: `agents` agents, each with one heartbeat a minute
 * and five metrics a minute over the last `hours` hours, generated inside PostgreSQL
 * (generate_series) so 1,000 agents × 17 h (≈ 1M heartbeats, 5M metrics) seeds in about a minute.
 * Secondary indexes are dropped during the load and rebuilt after (much faster than maintaining
 * them row by row), then the tables are analyzed so plans match a long-running install.
 * A few agents are realistic trouble: ~3 % stopped heartbeating 20 minutes ago, ~5 % report
 * errors, so the health scorer and incident logic have real work.
 *
 * Standalone: DATABASE_URL=… npx tsx bench/dataset.ts --agents 1000 --hours 17
 */
import type pg from "pg";

export interface DatasetOptions {
  agents: number;
  hours: number;
  /** id prefix; agents are `${prefix}-0001` … */
  prefix?: string;
}

export interface DatasetResult {
  agents: number;
  heartbeats: number;
  metrics: number;
  seconds: number;
}

export const METRIC_NAMES = ["cpu_percent", "memory_mb", "queue_depth", "latency_ms", "error_rate"] as const;

async function withoutSecondaryIndexes<T>(client: pg.PoolClient, table: string, fn: () => Promise<T>): Promise<T> {
  const idx = await client.query<{ indexname: string; indexdef: string }>(
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = $1 AND indexname NOT LIKE '%\\_pkey'",
    [table],
  );
  for (const i of idx.rows) await client.query(`DROP INDEX "${i.indexname}"`);
  try {
    return await fn();
  } finally {
    for (const i of idx.rows) await client.query(i.indexdef);
  }
}

export async function seedDataset(pool: pg.Pool, opts: DatasetOptions): Promise<DatasetResult> {
  const t0 = performance.now();
  const prefix = opts.prefix ?? "bench";
  const minutes = Math.max(1, Math.round(opts.hours * 60));
  await pool.query(
    `INSERT INTO agents (id, name, kind, state, heartbeat_interval_seconds, grace_seconds, last_heartbeat_at, first_seen_at, capabilities, version, updated_at)
     SELECT format('%s-%s', $1::text, lpad(g::text, 4, '0')), format('Bench agent %s', g), 'external', 'active', 60, 60,
            now() - CASE WHEN g % 33 = 0 THEN interval '20 minutes' ELSE interval '20 seconds' END,
            now() - make_interval(mins => $3::int), ARRAY['bench'], '1.0.0', now()
     FROM generate_series(1, $2::int) g
     ON CONFLICT (id) DO NOTHING`,
    [prefix, opts.agents, minutes],
  );
  // Two connections, one per table, so the two loads overlap on the two cores.
  const load = async (table: "heartbeats" | "metrics", sql: string) => {
    const c = await pool.connect();
    try {
      await c.query("SET synchronous_commit = off");
      await withoutSecondaryIndexes(c, table, () => c.query(sql, [prefix, opts.agents, minutes]));
      await c.query(`ANALYZE ${table}`);
    } finally {
      c.release();
    }
  };
  // g = agent number, m = minutes ago; dead agents (g % 33 = 0) have nothing in the last 20 min.
  await Promise.all([
    load(
      "heartbeats",
      `INSERT INTO heartbeats (agent_id, received_at, status, metrics)
       SELECT format('%s-%s', $1::text, lpad(g::text, 4, '0')), now() - make_interval(secs => m * 60 + (g % 50)),
              CASE WHEN g % 20 = 0 AND m % 7 = 0 THEN 'error' ELSE 'ok' END,
              jsonb_build_object('queue', (g + m) % 40)
       FROM generate_series(1, $2::int) g, generate_series(0, $3::int - 1) m
       WHERE NOT (g % 33 = 0 AND m < 20)`,
    ),
    load(
      "metrics",
      `INSERT INTO metrics (agent_id, name, value, unit, timestamp)
       SELECT format('%s-%s', $1::text, lpad(g::text, 4, '0')), n.name,
              n.base + n.amp * sin((m + g) / 30.0) + n.amp * 0.2 * ((g * 7919 + m * 104729) % 100) / 100.0,
              n.unit, now() - make_interval(secs => m * 60 + (g % 50))
       FROM generate_series(1, $2::int) g, generate_series(0, $3::int - 1) m,
            (VALUES ('cpu_percent', 40.0, 20.0, '%'), ('memory_mb', 512.0, 64.0, 'MB'), ('queue_depth', 20.0, 10.0, NULL),
                    ('latency_ms', 120.0, 40.0, 'ms'), ('error_rate', 0.01, 0.01, NULL)) AS n(name, base, amp, unit)
       WHERE NOT (g % 33 = 0 AND m < 20)`,
    ),
  ]);
  const counts = await pool.query<{ h: string; m: string }>(
    "SELECT (SELECT count(*) FROM heartbeats) AS h, (SELECT count(*) FROM metrics) AS m",
  );
  return {
    agents: opts.agents,
    heartbeats: Number(counts.rows[0]!.h),
    metrics: Number(counts.rows[0]!.m),
    seconds: (performance.now() - t0) / 1000,
  };
}

export function parseDatasetArgs(argv: string[]): { agents: number | undefined; hours: number | undefined; quick: boolean } {
  const num = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    const v = Number(argv[i + 1]);
    if (!Number.isFinite(v) || v <= 0) throw new Error(`${flag} needs a positive number`);
    return v;
  };
  return { agents: num("--agents"), hours: num("--hours"), quick: argv.includes("--quick") };
}

if (process.argv[1]?.endsWith("dataset.ts")) {
  const { pool, closeDb } = await import("../server/db/client");
  const a = parseDatasetArgs(process.argv.slice(2));
  const r = await seedDataset(pool(), { agents: a.agents ?? 100, hours: a.hours ?? 2 });
  console.log(`seeded ${r.agents} agents, ${r.heartbeats} heartbeats, ${r.metrics} metrics in ${r.seconds.toFixed(1)} s`);
  await closeDb();
}
