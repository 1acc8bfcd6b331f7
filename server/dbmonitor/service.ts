/**
 * enhanced_shared_state_monitor's collection: the figures of thresholds.ts from
 * pg_stat_* and Vigil's own tables, stored as a snapshot (with its breaches) every 30 s.
 *
 * - connections: backends on the whole server (pg_stat_activity) vs max_connections;
 * - query p95: over timed probe queries (point lookups and recent-window counts on the big
 *   tables, as the dashboard runs them) and the running time of the app's active queries;
 * - cache hit ratio: pg_stat_database blks_hit ÷ (hit + read) since the previous snapshot
 *   (cumulative counters, so the delta is the ratio over the last 30 s), or since the stats
 *   reset for the first snapshot;
 * - state consistency: share of watched agents whose stored state agrees with their data,
 *   judged by the self-healing agent's own inconsistency detector (incidents/detect.ts);
 * - error rate: error/critical events + error heartbeats over all events + heartbeats, 5 min;
 * - ingestion: heartbeats + metrics + events stored in the last minute; lag = age of the
 *   newest heartbeat; sizes: the database and its largest tables.
 */
import type { Db, PrismaClient } from "../db/client";
import { detectStateInconsistency, isWatched, type DetectionConfig } from "../incidents/detect";
import { detectStuckLeases } from "../incidents/detect-system";
import { ERROR_HEARTBEAT_STATUSES } from "../health-score/score";
import { loadAgentObservations, loadLeases, VIGIL_EVENT_TYPE_PATTERN } from "../incidents/observe";
import { breaches, recommendations, THRESHOLDS, type DbFigures } from "./thresholds";

const PROBES: [string, string][] = [
  ["select 1", "SELECT 1"],
  ["agent lookup", "SELECT id, state FROM agents ORDER BY id LIMIT 1"],
  ["newest heartbeat", "SELECT received_at FROM heartbeats ORDER BY received_at DESC LIMIT 1"],
  ["events, last 5 min", "SELECT count(*) FROM events WHERE timestamp > now() - interval '5 minutes'"],
  ["metrics, last minute", "SELECT count(*) FROM metrics WHERE timestamp > now() - interval '1 minute'"],
];

function p95(values: number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(0.95 * s.length) - 1)]!;
}

export async function collectFigures(prisma: PrismaClient, detection: DetectionConfig, healthCheckSeconds: number, now = new Date()): Promise<{ figures: DbFigures; counters: { hit: number; read: number } }> {
  const probeMs: Record<string, number> = {};
  for (const [name, sql] of PROBES) {
    const t0 = performance.now();
    await prisma.$queryRawUnsafe(sql);
    probeMs[name] = Math.round((performance.now() - t0) * 10) / 10;
  }
  const [conn, active, stats, prev, counts, sizes, agents, leases] = await Promise.all([
    prisma.$queryRaw<{ used: number; max: number; sb: string }[]>`SELECT (SELECT count(*) FROM pg_stat_activity)::int AS used, current_setting('max_connections')::int AS max, current_setting('shared_buffers') AS sb`,
    prisma.$queryRaw<{ ms: number }[]>`
      SELECT EXTRACT(EPOCH FROM (clock_timestamp() - query_start))::float8 * 1000 AS ms FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
    prisma.$queryRaw<{ hit: number; read: number }[]>`SELECT blks_hit::float8 AS hit, blks_read::float8 AS read FROM pg_stat_database WHERE datname = current_database()`,
    prisma.dbMonitorSnapshot.findFirst({ orderBy: { collectedAt: "desc" }, select: { figures: true } }),
    prisma.$queryRaw<{ agents: number; active: number; hb_total: number; hb_err: number; ev_total: number; ev_err: number; ingest: number; lag: number | null }[]>`
      SELECT (SELECT count(*) FROM agents)::int AS agents,
             (SELECT count(*) FROM agents WHERE state = 'active')::int AS active,
             (SELECT count(*) FROM heartbeats WHERE received_at > ${now}::timestamptz - interval '5 minutes')::int AS hb_total,
             (SELECT count(*) FROM heartbeats WHERE received_at > ${now}::timestamptz - interval '5 minutes' AND lower(status) = ANY(${[...ERROR_HEARTBEAT_STATUSES]}::text[]))::int AS hb_err,
             (SELECT count(*) FROM events WHERE timestamp > ${now}::timestamptz - interval '5 minutes' AND type !~ ${VIGIL_EVENT_TYPE_PATTERN})::int AS ev_total,
             (SELECT count(*) FROM events WHERE timestamp > ${now}::timestamptz - interval '5 minutes' AND type !~ ${VIGIL_EVENT_TYPE_PATTERN} AND severity IN ('error', 'critical'))::int AS ev_err,
             ((SELECT count(*) FROM heartbeats WHERE received_at > ${now}::timestamptz - interval '1 minute')
              + (SELECT count(*) FROM metrics WHERE timestamp > ${now}::timestamptz - interval '1 minute')
              + (SELECT count(*) FROM events WHERE timestamp > ${now}::timestamptz - interval '1 minute'))::int AS ingest,
             EXTRACT(EPOCH FROM (${now}::timestamptz - (SELECT max(received_at) FROM heartbeats WHERE received_at > ${now}::timestamptz - interval '1 day')))::float8 AS lag`,
    prisma.$queryRaw<{ db: bigint; name: string | null; bytes: bigint | null; rows: number | null; dead: number | null }[]>`
      SELECT pg_database_size(current_database()) AS db, t.relname AS name, pg_total_relation_size(t.relid) AS bytes, t.n_live_tup::float8 AS rows, t.n_dead_tup::float8 AS dead
        FROM pg_stat_user_tables t ORDER BY pg_total_relation_size(t.relid) DESC LIMIT 8`,
    loadAgentObservations(prisma, now, detection),
    loadLeases(prisma),
  ]);

  const hit = stats[0]?.hit ?? 0;
  const read = stats[0]?.read ?? 0;
  const last = (prev?.figures as { counters?: { hit: number; read: number } } | null)?.counters;
  const dHit = last && hit >= last.hit ? hit - last.hit : hit;
  const dRead = last && read >= last.read ? read - last.read : read;
  const cacheHitRatio = dHit + dRead > 0 ? dHit / (dHit + dRead) : hit + read > 0 ? hit / (hit + read) : null;

  const watched = agents.filter((a) => isWatched(a) || a.state === "recovering");
  const stuck = new Set(detectStuckLeases(leases, detection).map((i) => i.agentId));
  const inconsistent = watched.filter((a) => detectStateInconsistency(a, now, detection, healthCheckSeconds).status === "present" || stuck.has(a.id)).map((a) => a.id);
  const c = counts[0]!;
  const samples = c.hb_total + c.ev_total;
  const figures: DbFigures = {
    registeredAgents: c.agents,
    activeAgents: c.active,
    connectionsUsed: conn[0]!.used,
    connectionsMax: conn[0]!.max,
    queryP95Ms: Math.round(p95([...Object.values(probeMs), ...active.map((a) => a.ms)]) * 10) / 10,
    probeMs,
    cacheHitRatio: cacheHitRatio === null ? null : Math.round(cacheHitRatio * 10_000) / 10_000,
    consistencyScore: watched.length ? Math.round((1 - inconsistent.length / watched.length) * 10_000) / 10_000 : 1,
    inconsistentAgents: inconsistent,
    errorRate: samples ? Math.round(((c.hb_err + c.ev_err) / samples) * 10_000) / 10_000 : null,
    errorSamples: samples,
    ingestPerMinute: c.ingest,
    ingestLagSeconds: c.lag === null ? null : Math.round(c.lag * 10) / 10,
    databaseBytes: Number(sizes[0]?.db ?? 0),
    tables: sizes.filter((s) => s.name).map((s) => ({ name: s.name!, bytes: Number(s.bytes ?? 0), rows: Math.round(s.rows ?? 0), deadRows: Math.round(s.dead ?? 0) })),
    sharedBuffers: conn[0]!.sb,
  };
  return { figures, counters: { hit, read } };
}

export async function storeSnapshot(prisma: PrismaClient, figures: DbFigures, counters: { hit: number; read: number }, now = new Date()) {
  const found = breaches(figures);
  await prisma.dbMonitorSnapshot.create({
    data: {
      collectedAt: now,
      registeredAgents: figures.registeredAgents,
      activeAgents: figures.activeAgents,
      connectionsUsed: figures.connectionsUsed,
      connectionsMax: figures.connectionsMax,
      queryP95Ms: figures.queryP95Ms,
      cacheHitRatio: figures.cacheHitRatio,
      consistencyScore: figures.consistencyScore,
      errorRate: figures.errorRate,
      ingestPerMinute: figures.ingestPerMinute,
      ingestLagSeconds: figures.ingestLagSeconds,
      databaseBytes: BigInt(figures.databaseBytes),
      figures: JSON.parse(JSON.stringify({ ...figures, counters })),
      breaches: JSON.parse(JSON.stringify(found)),
    },
  });
  return found;
}

/** The newest snapshot with what to do about it (the Performance page's database panel). */
export async function latestSnapshot(db: Db) {
  const s = await db.dbMonitorSnapshot.findFirst({ orderBy: { collectedAt: "desc" } });
  if (!s) return null;
  const figures = s.figures as unknown as DbFigures;
  return {
    collectedAt: s.collectedAt.toISOString(),
    figures: JSON.parse(JSON.stringify(figures)) as DbFigures,
    breaches: JSON.parse(JSON.stringify(s.breaches)) as { title: string; severity: string }[],
    recommendations: recommendations(figures),
    thresholds: THRESHOLDS,
  };
}

/** The snapshots of the last `hours`, averaged per bucket (1, 5 or 15 minutes), as percentages where the UI shows them. */
export async function snapshotTrend(db: Db, hours: number) {
  const bucket = hours <= 1 ? 60 : hours <= 6 ? 300 : 900;
  const rows = await db.$queryRaw<{ t: Date; p95: number; cache: number | null; conn: number; max: number; consistency: number; errors: number | null; ingest: number; agents: number; active: number }[]>`
    SELECT date_bin(make_interval(secs => ${bucket}::int), collected_at, TIMESTAMPTZ '2000-01-01') AS t,
           avg(query_p95_ms)::float8 AS p95, avg(cache_hit_ratio)::float8 AS cache, avg(connections_used)::float8 AS conn, max(connections_max)::int AS max,
           avg(consistency_score)::float8 AS consistency, avg(error_rate)::float8 AS errors, avg(ingest_per_minute)::float8 AS ingest,
           avg(registered_agents)::float8 AS agents, avg(active_agents)::float8 AS active
      FROM db_monitor_snapshots WHERE collected_at > now() - make_interval(hours => ${hours}::int) GROUP BY 1 ORDER BY 1`;
  const r = (v: number | null, d = 1) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);
  return rows.map((x) => ({ t: x.t.getTime(), p95: r(x.p95), cacheHitPct: x.cache === null ? null : r(x.cache * 100), connections: r(x.conn), maxConnections: x.max, consistencyPct: r(x.consistency * 100), errorRatePct: x.errors === null ? null : r(x.errors * 100, 2), ingestPerMinute: r(x.ingest, 0), agents: r(x.agents, 0), activeAgents: r(x.active, 0) }));
}
