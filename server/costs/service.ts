/**
 * Loads what the cost analyzer and the executive report need (a few aggregate queries over
 * the period), and stores cost reports. Rates live in the settings table (`cost_rates`).
 */
import type { PrismaClient } from "../db/client";
import { ERROR_HEARTBEAT_STATUSES } from "../health-score/score";
import { getSystemHealth } from "../health-score/service";
import { VIGIL_EVENT_TYPE_PATTERN } from "../incidents/observe";
import { readSetting } from "../settings/typed";
import { analyzeCosts, COST_RATES_KEY, costRatesSchema, DEFAULT_COST_RATES, type AgentUsage, type CostAnalysis } from "./analyze";
import { buildReport, type ExecutiveReport, type ReportInputs } from "./executive";

export async function costRates(prisma: PrismaClient) {
  return readSetting(prisma, COST_RATES_KEY, costRatesSchema, DEFAULT_COST_RATES);
}

const num = (v: unknown, def: number) => (typeof v === "number" && Number.isFinite(v) && v > 0 ? v : def);

async function loadUsage(prisma: PrismaClient, since: Date, now: Date): Promise<AgentUsage[]> {
  const rows = await prisma.$queryRaw<
    { id: string; name: string; metadata: Record<string, unknown> | null; minutes: number; hb_errors: number; ev_errors: number | null; cpu_avg: number | null; cpu_peak: number | null; mem_avg: number | null; mem_peak: number | null; mem_mb: number | null }[]
  >`
    WITH hb AS (
      SELECT agent_id, count(DISTINCT date_trunc('minute', received_at))::int AS minutes,
             count(*) FILTER (WHERE lower(status) = ANY(${[...ERROR_HEARTBEAT_STATUSES]}::text[]))::int AS hb_errors
        FROM heartbeats WHERE received_at > ${since} AND received_at <= ${now} GROUP BY agent_id
    ), ev AS (
      SELECT agent_id, count(*)::int AS errors FROM events
       WHERE timestamp > ${since} AND timestamp <= ${now} AND agent_id IS NOT NULL AND severity IN ('error', 'critical') AND type !~ ${VIGIL_EVENT_TYPE_PATTERN}
       GROUP BY agent_id
    ), m AS (
      SELECT agent_id,
             avg(value) FILTER (WHERE name = 'cpu_usage')::float8 AS cpu_avg, max(value) FILTER (WHERE name = 'cpu_usage')::float8 AS cpu_peak,
             avg(value) FILTER (WHERE name = 'memory_usage')::float8 AS mem_avg, max(value) FILTER (WHERE name = 'memory_usage')::float8 AS mem_peak,
             avg(value) FILTER (WHERE name IN ('memory_mb', 'memory_usage_mb'))::float8 AS mem_mb
        FROM metrics WHERE timestamp > ${since} AND timestamp <= ${now} AND name IN ('cpu_usage', 'memory_usage', 'memory_mb', 'memory_usage_mb')
       GROUP BY agent_id
    )
    SELECT a.id, a.name, a.metadata, hb.minutes, hb.hb_errors, ev.errors AS ev_errors, m.cpu_avg, m.cpu_peak, m.mem_avg, m.mem_peak, m.mem_mb
      FROM agents a JOIN hb ON hb.agent_id = a.id LEFT JOIN ev ON ev.agent_id = a.id LEFT JOIN m ON m.agent_id = a.id`;
  return rows.map((r) => ({
    agentId: r.id,
    name: r.name,
    activeHours: r.minutes / 60,
    cpuAvgPct: r.cpu_avg,
    cpuPeakPct: r.cpu_peak,
    memAvgPct: r.mem_avg,
    memPeakPct: r.mem_peak,
    memAvgMb: r.mem_mb,
    cores: num(r.metadata?.cpuCores, 1),
    memoryGb: num(r.metadata?.memoryGb, 1),
    errors: r.hb_errors + (r.ev_errors ?? 0),
  }));
}

export async function computeCostAnalysis(prisma: PrismaClient, hours = 24, now = new Date()): Promise<CostAnalysis> {
  const since = new Date(now.getTime() - hours * 3600_000);
  const [usage, rates] = await Promise.all([loadUsage(prisma, since, now), costRates(prisma)]);
  return analyzeCosts(usage, rates, hours);
}

export async function storeCostReport(prisma: PrismaClient, analysis: CostAnalysis, now = new Date()): Promise<void> {
  await prisma.costReport.create({ data: { generatedAt: now, periodHours: analysis.periodHours, totalMicros: BigInt(analysis.totals.totalMicros), report: JSON.parse(JSON.stringify(analysis)) } });
}

async function incidentFigures(prisma: PrismaClient, since: Date, now: Date): Promise<ReportInputs["incidents"]> {
  const [counts, recurring] = await Promise.all([
    prisma.$queryRaw<{ opened: number; resolved: number; escalated: number; open: number; med: number | null; value: number | null }[]>`
      SELECT count(*) FILTER (WHERE detected_at > ${since})::int AS opened,
             count(*) FILTER (WHERE status = 'resolved' AND closed_at > ${since})::int AS resolved,
             count(*) FILTER (WHERE status = 'escalated' AND closed_at > ${since})::int AS escalated,
             count(*) FILTER (WHERE closed_at IS NULL)::int AS open,
             (percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM (closed_at - detected_at))) FILTER (WHERE status = 'resolved' AND closed_at > ${since}))::float8 AS med,
             sum(((business_value->>'valuePreservedMicros'))::float8) FILTER (WHERE status = 'resolved' AND closed_at > ${since})::float8 AS value
        FROM incidents WHERE detected_at > ${since} OR closed_at > ${since} OR closed_at IS NULL`,
    prisma.$queryRaw<{ agent_id: string; type: string; n: number; cost: number | null }[]>`
      SELECT agent_id, type, count(*)::int AS n,
             sum(coalesce((business_value->>'revenueAtRiskPerHourMicros')::float8, 0) * EXTRACT(EPOCH FROM (coalesce(closed_at, ${now}) - detected_at)) / 3600)::float8 AS cost
        FROM incidents WHERE detected_at > ${since} AND agent_id IS NOT NULL AND type <> 'manual'
       GROUP BY agent_id, type HAVING count(*) >= 2 ORDER BY n DESC LIMIT 10`,
  ]);
  const c = counts[0]!;
  return {
    opened: c.opened,
    resolved: c.resolved,
    escalated: c.escalated,
    open: c.open,
    medianResolveSeconds: c.med,
    valuePreservedMicros: Math.round(c.value ?? 0),
    recurring: recurring.map((r) => ({ agentId: r.agent_id, type: r.type, count: r.n, costMicros: Math.round(r.cost ?? 0) })),
  };
}

/** The executive report over the last `hours` (default 24); generation time is measured and returned. */
export async function executiveReport(prisma: PrismaClient, hours = 24, now = new Date()): Promise<ExecutiveReport & { generatedInMs: number }> {
  const t0 = performance.now();
  const since = new Date(now.getTime() - hours * 3600_000);
  const [health, costs, incidents, anomalies] = await Promise.all([
    getSystemHealth(prisma, now),
    computeCostAnalysis(prisma, hours, now),
    incidentFigures(prisma, since, now),
    prisma.$queryRaw<{ agent_id: string; metric: string; n: number; hi: number }[]>`
      SELECT agent_id, metric, count(*)::int AS n, count(*) FILTER (WHERE severity IN ('high', 'critical'))::int AS hi
        FROM anomalies WHERE detected_at > ${since} GROUP BY agent_id, metric ORDER BY n DESC`,
  ]);
  const report = buildReport({
    generatedAt: now,
    periodHours: hours,
    systemHealth: { score: health.score, status: health.status, explanation: health.explanation },
    anomalies: { total: anomalies.reduce((s, a) => s + a.n, 0), highOrCritical: anomalies.reduce((s, a) => s + a.hi, 0), byAgent: anomalies.slice(0, 10).map((a) => ({ agentId: a.agent_id, metric: a.metric, count: a.n })) },
    incidents,
    costs,
  });
  return { ...report, generatedInMs: Math.round(performance.now() - t0) };
}
