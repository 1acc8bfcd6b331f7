/**
 * Health scores from the database: loads each agent's window with a handful of GROUP BY queries
 * over all agents at once (never one query per agent), scores them with the pure functions of
 * score.ts / system.ts, and stores the results.
 *
 * Where results go:
 * - agents.health_score / health_status / health_trend / health_updated_at, and
 *   agents.health_factors = the full HealthBreakdown (score, status, factors, windowMinutes,
 *   trend, computedAt, note);
 * - health_snapshots: one row per agent at most every `snapshotEveryMinutes` (default 5), with
 *   `factors` = the FactorResult[] array — the history the trend is computed from;
 * - system_health_snapshots: one row per heartbeat_health_agent cycle (factors = SystemHealth
 *   factors + agentFactors, roster = roster counts and missing agents).
 */
import type { Db, PrismaClient } from "../db/client";
import { Prisma } from "../db/client";
import {
  DEFAULT_BASELINE_MINUTES,
  DEFAULT_WINDOW_MINUTES,
  ERROR_HEARTBEAT_STATUSES,
  SCORED_METRICS,
  TREND_POINTS,
  healthTrend,
  scoreAgent,
  type AgentHealthInput,
  type MetricAggregate,
} from "./score";
import { computeSystemHealth, type SystemAgentInput } from "./system";
import type { FactorResult, HealthBreakdown, HealthStatus, HealthTrend, SystemHealth } from "./types";
import { SERIES_RANGES, type SeriesRange } from "../agents/activity";

/** Vigil's own bookkeeping events about an agent; they are not the agent's errors. */
const SYSTEM_EVENT_TYPES = ["agent.state_changed"];

export interface ScoreOptions {
  windowMinutes?: number;
  baselineMinutes?: number;
  /** Limit to these agents (default: all). */
  agentIds?: string[];
}

export interface AgentScore {
  agentId: string;
  breakdown: HealthBreakdown;
  trend: HealthTrend | null;
  /** When the newest stored snapshot was taken (decides whether to store another). */
  lastSnapshotAt: Date | null;
}

const agentFilter = (column: string, ids?: string[]) => (ids ? Prisma.sql`AND ${Prisma.raw(column)} = ANY(${ids}::text[])` : Prisma.empty);

/** Everything score.ts needs for each agent, from 5 aggregate queries run in parallel. */
async function loadHealthInputs(prisma: PrismaClient, now: Date, opts: ScoreOptions = {}): Promise<{ inputs: Map<string, AgentHealthInput>; history: Map<string, { score: number; at: Date }[]> }> {
  const windowMinutes = opts.windowMinutes ?? DEFAULT_WINDOW_MINUTES;
  const baselineMinutes = opts.baselineMinutes ?? DEFAULT_BASELINE_MINUTES;
  const start = new Date(now.getTime() - windowMinutes * 60_000);
  const baseStart = new Date(start.getTime() - baselineMinutes * 60_000);
  const historySince = new Date(now.getTime() - 2 * 3600_000);
  const ids = opts.agentIds;

  const [agents, heartbeats, events, cycles, metrics, history] = await Promise.all([
    prisma.agent.findMany({
      where: ids ? { id: { in: ids } } : undefined,
      select: { id: true, state: true, heartbeatIntervalSeconds: true, graceSeconds: true, createdAt: true, firstSeenAt: true, lastHeartbeatAt: true },
    }),
    prisma.$queryRaw<{ agent_id: string; total: number; errors: number }[]>`
      SELECT agent_id, count(*)::int AS total,
             count(*) FILTER (WHERE lower(status) = ANY(${[...ERROR_HEARTBEAT_STATUSES]}::text[]))::int AS errors
      FROM heartbeats
      WHERE received_at > ${start} AND received_at <= ${now} ${agentFilter("agent_id", ids)}
      GROUP BY agent_id`,
    prisma.$queryRaw<{ agent_id: string; total: number; errors: number }[]>`
      SELECT agent_id, count(*)::int AS total,
             count(*) FILTER (WHERE severity IN ('error', 'critical'))::int AS errors
      FROM events
      WHERE timestamp > ${start} AND timestamp <= ${now} AND agent_id IS NOT NULL
        AND type <> ALL(${SYSTEM_EVENT_TYPES}::text[]) ${agentFilter("agent_id", ids)}
      GROUP BY agent_id`,
    prisma.$queryRaw<{ agent_id: string; total: number; failed: number }[]>`
      SELECT agent_id, count(*)::int AS total, count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM agent_cycles
      WHERE started_at > ${start} AND started_at <= ${now} AND status IN ('succeeded', 'failed') ${agentFilter("agent_id", ids)}
      GROUP BY agent_id`,
    prisma.$queryRaw<{ agent_id: string; name: string; n: number; avg: number | null; max: number | null; bn: number; bavg: number | null }[]>`
      SELECT agent_id, name,
             count(*) FILTER (WHERE timestamp > ${start})::int AS n,
             avg(value) FILTER (WHERE timestamp > ${start})::float8 AS avg,
             max(value) FILTER (WHERE timestamp > ${start})::float8 AS max,
             count(*) FILTER (WHERE timestamp <= ${start})::int AS bn,
             avg(value) FILTER (WHERE timestamp <= ${start})::float8 AS bavg
      FROM metrics
      WHERE timestamp > ${baseStart} AND timestamp <= ${now} AND name = ANY(${[...SCORED_METRICS]}::text[]) ${agentFilter("agent_id", ids)}
      GROUP BY agent_id, name`,
    // Newest snapshots per agent through the (agent_id, computed_at) index: one short index
    // range per agent instead of scanning the whole (large) snapshot table.
    prisma.$queryRaw<{ agent_id: string; score: number; computed_at: Date }[]>`
      SELECT a.id AS agent_id, s.score, s.computed_at
      FROM agents a
      CROSS JOIN LATERAL (
        SELECT score, computed_at FROM health_snapshots h
        WHERE h.agent_id = a.id AND h.computed_at > ${historySince} AND h.computed_at <= ${now}
        ORDER BY h.computed_at DESC LIMIT ${TREND_POINTS - 1}
      ) s
      WHERE true ${agentFilter("a.id", ids)}`,
  ]);

  const inputs = new Map<string, AgentHealthInput>();
  for (const a of agents) {
    inputs.set(a.id, {
      now,
      windowMinutes,
      state: a.state,
      heartbeatIntervalSeconds: a.heartbeatIntervalSeconds,
      graceSeconds: a.graceSeconds,
      createdAt: a.createdAt,
      firstSeenAt: a.firstSeenAt,
      lastHeartbeatAt: a.lastHeartbeatAt,
      heartbeats: { total: 0, errors: 0 },
      events: { total: 0, errors: 0 },
      cycles: { total: 0, failed: 0 },
      metrics: {},
    });
  }
  for (const r of heartbeats) {
    const i = inputs.get(r.agent_id);
    if (i) i.heartbeats = { total: r.total, errors: r.errors };
  }
  for (const r of events) {
    const i = inputs.get(r.agent_id);
    if (i) i.events = { total: r.total, errors: r.errors };
  }
  for (const r of cycles) {
    const i = inputs.get(r.agent_id);
    if (i) i.cycles = { total: r.total, failed: r.failed };
  }
  for (const r of metrics) {
    const i = inputs.get(r.agent_id);
    if (!i) continue;
    const agg: MetricAggregate = { count: r.n, avg: r.avg, max: r.max, baselineCount: r.bn, baselineAvg: r.bavg };
    i.metrics[r.name] = agg;
  }
  const hist = new Map<string, { score: number; at: Date }[]>();
  for (const r of history) {
    const list = hist.get(r.agent_id) ?? [];
    list.push({ score: r.score, at: r.computed_at });
    hist.set(r.agent_id, list);
  }
  for (const list of hist.values()) list.sort((a, b) => a.at.getTime() - b.at.getTime());
  return { inputs, history: hist };
}

/** Scores every agent (or `opts.agentIds`) over the window ending at `now`. */
export async function scoreAllAgents(prisma: PrismaClient, now: Date = new Date(), opts: ScoreOptions = {}): Promise<AgentScore[]> {
  const { inputs, history } = await loadHealthInputs(prisma, now, opts);
  const out: AgentScore[] = [];
  for (const [agentId, input] of inputs) {
    const breakdown = scoreAgent(input);
    const past = history.get(agentId) ?? [];
    const trend = breakdown.score === null ? null : healthTrend([...past, { score: breakdown.score, at: now }]);
    breakdown.trend = trend;
    out.push({ agentId, breakdown, trend, lastSnapshotAt: past.length ? past[past.length - 1]!.at : null });
  }
  return out;
}

/** One agent's health breakdown (with trend) at `now`; null when the agent does not exist. */
export async function computeAgentHealth(prisma: PrismaClient, agentId: string, now: Date = new Date(), opts: Omit<ScoreOptions, "agentIds"> = {}): Promise<HealthBreakdown | null> {
  const [score] = await scoreAllAgents(prisma, now, { ...opts, agentIds: [agentId] });
  return score?.breakdown ?? null;
}

/**
 * Writes scores to the agent rows (one UPDATE for all) and a snapshot for each scored agent
 * whose newest snapshot is at least `snapshotEveryMinutes` old (one INSERT for all).
 */
export async function storeAgentHealth(
  prisma: PrismaClient,
  scores: readonly AgentScore[],
  now: Date = new Date(),
  opts: { snapshotEveryMinutes?: number } = {},
): Promise<{ updated: number; snapshots: number }> {
  if (!scores.length) return { updated: 0, snapshots: 0 };
  const every = (opts.snapshotEveryMinutes ?? 5) * 60_000;
  const rows = scores.map((s) => ({ id: s.agentId, score: s.breakdown.score, status: s.breakdown.status, trend: s.trend, factors: s.breakdown }));
  const snaps = scores
    .filter((s) => s.breakdown.score !== null && (!s.lastSnapshotAt || now.getTime() - s.lastSnapshotAt.getTime() >= every))
    .map((s) => ({ id: s.agentId, score: s.breakdown.score, status: s.breakdown.status, factors: s.breakdown.factors }));
  const updated = await prisma.$executeRaw`
    UPDATE agents AS a
    SET health_score = v.score, health_status = v.status, health_trend = v.trend, health_factors = v.factors, health_updated_at = ${now}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id text, score float8, status text, trend text, factors jsonb)
    WHERE a.id = v.id`;
  let snapshots = 0;
  if (snaps.length) {
    snapshots = await prisma.$executeRaw`
      INSERT INTO health_snapshots (agent_id, score, status, factors, computed_at)
      SELECT v.id, v.score, v.status, v.factors, ${now}
      FROM jsonb_to_recordset(${JSON.stringify(snaps)}::jsonb) AS v(id text, score float8, status text, factors jsonb)
      WHERE EXISTS (SELECT 1 FROM agents a WHERE a.id = v.id)`;
  }
  return { updated, snapshots };
}

function storedFactors(json: unknown): FactorResult[] | null {
  if (Array.isArray(json)) return json as FactorResult[];
  if (json && typeof json === "object" && Array.isArray((json as { factors?: unknown }).factors)) return (json as { factors: FactorResult[] }).factors;
  return null;
}

/**
 * System health right now, from the agent rows and their stored scores (cheap: one query for
 * the agents plus one for the recovery counts of failed agents). Used by the API and dashboard.
 */
export async function getSystemHealth(prisma: Db, now: Date = new Date()): Promise<SystemHealth> {
  const agents = await prisma.agent.findMany({
    select: {
      id: true,
      name: true,
      kind: true,
      expected: true,
      state: true,
      stateChangedAt: true,
      lastHeartbeatAt: true,
      firstSeenAt: true,
      heartbeatIntervalSeconds: true,
      graceSeconds: true,
      healthScore: true,
      healthFactors: true,
      metadata: true,
    },
    orderBy: { id: "asc" },
  });
  const failed = agents.filter((a) => a.state === "failed").map((a) => a.id);
  const recoveries = new Map<string, number>();
  if (failed.length) {
    // Recoveries tried since the agent was last active.
    const rows = await prisma.$queryRaw<{ agent_id: string; n: number }[]>`
      SELECT c.agent_id, count(*)::int AS n
      FROM agent_state_changes c
      WHERE c.agent_id = ANY(${failed}::text[]) AND c.to_state = 'recovering'
        AND c.created_at > coalesce((SELECT max(x.created_at) FROM agent_state_changes x WHERE x.agent_id = c.agent_id AND x.to_state = 'active'), '-infinity')
      GROUP BY c.agent_id`;
    for (const r of rows) recoveries.set(r.agent_id, r.n);
  }
  const input: SystemAgentInput[] = agents.map((a) => {
    const meta = (a.metadata ?? {}) as Record<string, unknown>;
    return {
      id: a.id,
      name: a.name,
      kind: a.kind,
      expected: a.expected,
      state: a.state,
      stateChangedAt: a.stateChangedAt,
      lastHeartbeatAt: a.lastHeartbeatAt,
      firstSeenAt: a.firstSeenAt,
      heartbeatIntervalSeconds: a.heartbeatIntervalSeconds,
      graceSeconds: a.graceSeconds,
      healthScore: a.healthScore,
      implemented: typeof meta.implemented === "boolean" ? meta.implemented : undefined,
      recoveryCount: recoveries.get(a.id) ?? 0,
      healthFactors: storedFactors(a.healthFactors),
    };
  });
  return computeSystemHealth(input, now);
}

export async function storeSystemHealth(prisma: PrismaClient, health: SystemHealth): Promise<void> {
  await prisma.systemHealthSnapshot.create({
    data: {
      score: health.score,
      status: health.status,
      factors: { factors: health.factors, agentFactors: health.agentFactors ?? [], explanation: health.explanation } as Prisma.InputJsonValue,
      roster: health.roster as unknown as Prisma.InputJsonValue,
      computedAt: new Date(health.computedAt),
    },
  });
}

/** The system health score over a chart range (system_health_snapshots), averaged per bucket. */
export async function systemHealthHistory(db: Db, range: SeriesRange) {
  const r = SERIES_RANGES[range];
  const rows = await db.$queryRaw<{ bucket: Date; score: number; min: number; status: string }[]>`
    SELECT date_bin(make_interval(secs => ${r.bucketSeconds}::int), computed_at, TIMESTAMPTZ '2000-01-01') AS bucket,
           avg(score)::float8 AS score, min(score)::float8 AS min,
           (array_agg(status ORDER BY computed_at DESC))[1] AS status
      FROM system_health_snapshots
     WHERE computed_at > now() - make_interval(mins => ${r.minutes}::int)
     GROUP BY 1 ORDER BY 1`;
  return {
    range,
    points: rows.map((row) => ({
      t: row.bucket.getTime(),
      score: Math.round(row.score * 10) / 10,
      min: Math.round(row.min * 10) / 10,
      status: row.status as HealthStatus,
    })),
  };
}
