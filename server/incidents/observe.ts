/**
 * Loads what the detectors of detect.ts look at, with a fixed handful of set-based queries
 * whatever the number of agents (never one query per agent): agent rows with their newest
 * heartbeat and running cycle, activity counts, metric window aggregates, leases, long-running
 * queries, connection-loss reports and the shared-state monitor's latest breaches.
 */
import type { PrismaClient } from "../db/client";
import { Prisma } from "../db/client";
import { ERROR_HEARTBEAT_STATUSES } from "../health-score/score";
import { LATENCY_METRIC_NAMES, LLM_METRIC_NAMES, type AgentObservation, type DetectionConfig, type MetricWindow } from "./detect";
import type { LeaseObservation, SlowQuery } from "./detect-system";
import { RESOURCE_METRICS } from "../vocabulary";

/** Event types Vigil writes about agents itself: never counted as the agent's own errors. */
export const VIGIL_EVENT_TYPE_PATTERN = "^(agent\\.state_changed|incident\\.|recovery\\.|database\\.connection_lost$)";
/** Events that mean "could not reach a database" (agents may report them; Vigil's worker does). */
const CONNECTION_EVENT_PATTERN = "^(db|database)\\.(connection_(failed|lost|error)|unreachable)$";

export interface ObserveOptions {
  agentIds?: string[];
  /** Verification: only count data from this moment on. */
  since?: Date;
  /** Verification: the baseline ends here (before the incident), not at the recent window. */
  baselineEnd?: Date;
}

const later = (a: Date, b: Date | undefined) => (b && b > a ? b : a);
const secondsBefore = (d: Date, s: number) => new Date(d.getTime() - s * 1000);

export async function loadAgentObservations(prisma: PrismaClient, now: Date, cfg: DetectionConfig, opts: ObserveOptions = {}): Promise<AgentObservation[]> {
  const ids = opts.agentIds;
  const filter = (col: string) => (ids ? Prisma.sql`AND ${Prisma.raw(col)} = ANY(${ids}::text[])` : Prisma.empty);
  const errStart = later(secondsBefore(now, cfg.errorWindowSeconds), opts.since);

  // Data from before an agent's last resolved incident of a type must not re-open it: each
  // window starts no earlier than that resolution ("floors", per agent and issue type).
  const floorSince = secondsBefore(now, Math.max(cfg.errorWindowSeconds, cfg.recentSeconds, cfg.llmRecentSeconds));
  const [agents, activity, perf, llm] = await Promise.all([
    prisma.$queryRaw<
      (Pick<AgentObservation, "id" | "name" | "kind" | "expected" | "state" | "stateChangedAt" | "heartbeatIntervalSeconds" | "graceSeconds" | "lastHeartbeatAt" | "implemented"> & { running_s: number | null; cycle_ended: Date | null; open_incident: boolean })[]
    >`
      SELECT a.id, a.name, a.kind::text AS kind, a.expected, a.state::text AS state, a.state_changed_at AS "stateChangedAt",
             a.heartbeat_interval_seconds AS "heartbeatIntervalSeconds", a.grace_seconds AS "graceSeconds",
             greatest(a.last_heartbeat_at, (SELECT h.received_at FROM heartbeats h WHERE h.agent_id = a.id ORDER BY h.received_at DESC LIMIT 1)) AS "lastHeartbeatAt",
             coalesce((a.metadata->>'implemented')::boolean, true) AS implemented,
             (SELECT EXTRACT(EPOCH FROM (${now}::timestamptz - c.started_at))::float8 FROM (
                SELECT started_at, status FROM agent_cycles c WHERE c.agent_id = a.id ORDER BY c.started_at DESC LIMIT 1) c
               WHERE c.status = 'running' AND a.kind = 'builtin') AS running_s,
             (SELECT c.ended_at FROM agent_cycles c WHERE c.agent_id = a.id AND a.kind = 'builtin' AND c.status IN ('succeeded', 'failed')
               ORDER BY c.started_at DESC LIMIT 1) AS cycle_ended,
             EXISTS (SELECT 1 FROM incidents i WHERE i.agent_id = a.id AND i.closed_at IS NULL) AS open_incident
      FROM agents a WHERE true ${filter("a.id")}`,
    // Errors and connection failures count from the later of the window start and the last
    // resolution of that issue type for the agent.
    prisma.$queryRaw<{ agent_id: string; total: number; errors: number; conn: number }[]>`
      WITH fl AS (
        SELECT agent_id, max(closed_at) FILTER (WHERE type = 'high_error_rate') AS err, max(closed_at) FILTER (WHERE type = 'database_issue') AS db
          FROM incidents WHERE status = 'resolved' AND closed_at > ${floorSince} AND agent_id IS NOT NULL GROUP BY agent_id
      )
      SELECT agent_id, sum(total)::int AS total, sum(errors)::int AS errors, sum(conn)::int AS conn FROM (
        SELECT h.agent_id, count(*) AS total,
               count(*) FILTER (WHERE lower(h.status) = ANY(${[...ERROR_HEARTBEAT_STATUSES]}::text[])) AS errors, 0 AS conn
          FROM heartbeats h LEFT JOIN fl ON fl.agent_id = h.agent_id
         WHERE h.received_at > greatest(${errStart}::timestamptz, fl.err) AND h.received_at <= ${now} ${filter("h.agent_id")} GROUP BY h.agent_id
        UNION ALL
        SELECT e.agent_id, count(*) FILTER (WHERE e.type !~ ${VIGIL_EVENT_TYPE_PATTERN} AND e.timestamp > greatest(${errStart}::timestamptz, fl.err)),
               count(*) FILTER (WHERE e.severity IN ('error', 'critical') AND e.type !~ ${VIGIL_EVENT_TYPE_PATTERN} AND e.timestamp > greatest(${errStart}::timestamptz, fl.err)),
               count(*) FILTER (WHERE e.type ~ ${CONNECTION_EVENT_PATTERN} AND e.timestamp > greatest(${errStart}::timestamptz, fl.db))
          FROM events e LEFT JOIN fl ON fl.agent_id = e.agent_id
         WHERE e.agent_id IS NOT NULL AND e.timestamp > ${errStart} AND e.timestamp <= ${now} ${filter("e.agent_id")} GROUP BY e.agent_id
        UNION ALL
        SELECT c.agent_id, count(*), count(*) FILTER (WHERE c.status = 'failed'), 0
          FROM agent_cycles c LEFT JOIN fl ON fl.agent_id = c.agent_id
         WHERE c.started_at > greatest(${errStart}::timestamptz, fl.err) AND c.started_at <= ${now} AND c.status IN ('succeeded', 'failed') ${filter("c.agent_id")} GROUP BY c.agent_id
      ) x GROUP BY agent_id`,
    metricWindows(prisma, now, [...LATENCY_METRIC_NAMES, ...RESOURCE_METRICS], cfg.recentSeconds, cfg.baselineSeconds, opts, floorSince),
    metricWindows(prisma, now, [...LLM_METRIC_NAMES], cfg.llmRecentSeconds, cfg.llmBaselineSeconds, opts, floorSince),
  ]);

  const act = new Map(activity.map((r) => [r.agent_id, r]));
  return agents.map(({ running_s, cycle_ended, open_incident, ...a }) => {
    const x = act.get(a.id);
    return {
      ...a,
      activity: { total: x?.total ?? 0, errors: x?.errors ?? 0 },
      runningCycleSeconds: running_s,
      lastCycleEndedAt: cycle_ended,
      metrics: { ...(perf.get(a.id) ?? {}), ...(llm.get(a.id) ?? {}) },
      connectionFailures: x?.conn ?? 0,
      hasOpenIncident: open_incident,
    };
  });
}

/** Issue type whose last resolution starts a metric's recent window (see the floors above). */
const METRIC_ISSUE_SQL = Prisma.sql`CASE WHEN x.name IN ('cpu_usage', 'memory_usage') THEN 'resource_exhaustion' WHEN x.name LIKE 'llm%' THEN 'llm_spike' ELSE 'performance_degradation' END`;

async function metricWindows(prisma: PrismaClient, now: Date, names: string[], recentSeconds: number, baselineSeconds: number, opts: ObserveOptions, floorSince: Date): Promise<Map<string, Record<string, MetricWindow>>> {
  const recentStart = later(secondsBefore(now, recentSeconds), opts.since);
  const baseEnd = opts.baselineEnd ?? secondsBefore(now, recentSeconds);
  const baseStart = secondsBefore(baseEnd, baselineSeconds);
  const from = baseStart < recentStart ? baseStart : recentStart;
  const ids = opts.agentIds;
  const rows = await prisma.$queryRaw<
    { agent_id: string; name: string; rn: number; rmed: number | null; bn: number; bmed: number | null; last3: number | null; first: number | null; latest: number | null }[]
  >`
    WITH fl AS (
      SELECT agent_id, type, max(closed_at) AS t FROM incidents
       WHERE status = 'resolved' AND closed_at > ${floorSince} AND agent_id IS NOT NULL GROUP BY agent_id, type
    ), raw AS (
      SELECT x.agent_id, x.name, x.value, x.timestamp, x.id,
             (x.timestamp > greatest(${recentStart}::timestamptz, fl.t)) AS recent
        FROM metrics x LEFT JOIN fl ON fl.agent_id = x.agent_id AND fl.type = (${METRIC_ISSUE_SQL})
       WHERE x.timestamp > ${from} AND x.timestamp <= ${now} AND x.name = ANY(${names}::text[])
             ${ids ? Prisma.sql`AND x.agent_id = ANY(${ids}::text[])` : Prisma.empty}
    ), m AS (
      SELECT agent_id, name, value, timestamp, recent,
             (timestamp > ${baseStart} AND timestamp <= ${baseEnd}) AS base,
             row_number() OVER (PARTITION BY agent_id, name, recent ORDER BY timestamp DESC, id DESC) AS newest,
             row_number() OVER (PARTITION BY agent_id, name, recent ORDER BY timestamp ASC, id ASC) AS oldest
        FROM raw
    )
    SELECT agent_id, name,
           count(*) FILTER (WHERE recent)::int AS rn,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY value) FILTER (WHERE recent))::float8 AS rmed,
           count(*) FILTER (WHERE base)::int AS bn,
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY value) FILTER (WHERE base))::float8 AS bmed,
           avg(value) FILTER (WHERE recent AND newest <= 3)::float8 AS last3,
           max(value) FILTER (WHERE recent AND oldest = 1)::float8 AS first,
           max(value) FILTER (WHERE recent AND newest = 1)::float8 AS latest
      FROM m GROUP BY agent_id, name`;
  const out = new Map<string, Record<string, MetricWindow>>();
  for (const r of rows) {
    const rec = out.get(r.agent_id) ?? {};
    rec[r.name] = { recentCount: r.rn, recentMedian: r.rmed, baselineCount: r.bn, baselineMedian: r.bmed, last3Avg: r.last3, first: r.first, latest: r.latest };
    out.set(r.agent_id, rec);
  }
  return out;
}

export async function loadLeases(prisma: PrismaClient): Promise<LeaseObservation[]> {
  const rows = await prisma.$queryRaw<{ agent_id: string; worker_id: string; left_s: number }[]>`
    SELECT agent_id, worker_id, EXTRACT(EPOCH FROM (lease_until - now()))::float8 AS left_s FROM worker_leases WHERE lease_until > now()`;
  return rows.map((r) => ({ agentId: r.agent_id, workerId: r.worker_id, secondsLeft: r.left_s }));
}

/** Client queries in this database running longer than `minSeconds` (never our own backend). */
export async function loadLongQueries(prisma: PrismaClient, minSeconds: number): Promise<SlowQuery[]> {
  const rows = await prisma.$queryRaw<{ pid: number; seconds: number; query: string }[]>`
    SELECT pid, EXTRACT(EPOCH FROM (clock_timestamp() - query_start))::float8 AS seconds, left(query, 200) AS query
      FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
       AND backend_type = 'client backend' AND query_start < clock_timestamp() - make_interval(secs => ${minSeconds})
     ORDER BY query_start LIMIT 50`;
  return rows;
}

/** Connection-loss reports without an agent (Vigil's own outages) inside the window. */
export async function loadSystemConnectionLoss(prisma: PrismaClient, since: Date, now: Date): Promise<{ count: number; longestSeconds: number | null }> {
  const rows = await prisma.$queryRaw<{ n: number; longest: number | null }[]>`
    SELECT count(*)::int AS n, max((metadata->>'seconds')::float8) AS longest FROM events
     WHERE agent_id IS NULL AND type ~ ${CONNECTION_EVENT_PATTERN} AND timestamp > ${since} AND timestamp <= ${now}`;
  return { count: rows[0]?.n ?? 0, longestSeconds: rows[0]?.longest ?? null };
}
