/**
 * System context integrator: one round of parallel reads over the live tables, reusing the
 * domain read functions (health, agents, incidents, anomalies) rather than new SQL wherever one
 * exists. The result is plain data the pure composer works from.
 */
import { OPEN_INCIDENT_STATUSES, REQUEST_LATENCY_METRICS, RESOURCE_METRICS } from "../vocabulary";
import type { Pool } from "pg";
import { toAgentDto, type AgentDto } from "../agents/service";
import { listAnomalies, type AnomalyDto } from "../anomalies/service";
import type { PrismaClient } from "../db/client";
import { getSystemHealth } from "../health-score/service";
import type { SystemHealth } from "../health-score/types";
import { listIncidents, type IncidentDto } from "../incidents/service";
import { toEventDto, type EventDto } from "../events/service";
import { usdOrZero } from "../llm/money";
import { llmTotals } from "../llm/report";


/** Averages of the scored metrics per agent over the last hour. */
export interface AgentPerformance {
  agentId: string;
  metric: string;
  avg: number;
  max: number;
  samples: number;
  unit: string | null;
}

export interface LlmSpend {
  today: string;
  last7d: string;
  last30d: string;
  runs7d: number;
  /** Top models by cost over the last 7 days. */
  byModel: { model: string; runs: number; cost: string }[];
}

export interface SystemContext {
  now: Date;
  agents: AgentDto[];
  health: SystemHealth;
  /** The last 10 events, newest first. */
  events: EventDto[];
  /** Open incidents plus those closed in the last 7 days, newest first. */
  incidents: IncidentDto[];
  /** Anomalies of the last 24 h, newest first. */
  anomalies: AnomalyDto[];
  performance: AgentPerformance[];
  llm: LlmSpend;
  uptime: { workerStartedAt: string | null; workerSeconds: number | null; activeAgents: number; totalAgents: number };
}

const PERF_METRICS = [...REQUEST_LATENCY_METRICS, "error_rate", ...RESOURCE_METRICS, "throughput", "success_rate"];

export async function gatherContext(prisma: PrismaClient, pool: Pool, now = new Date()): Promise<SystemContext> {
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000);
  const [agents, health, events, open, recent, anomalies, perf, llm, llmModels, worker] = await Promise.all([
    prisma.agent.findMany({ orderBy: { id: "asc" } }),
    getSystemHealth(prisma, now),
    prisma.event.findMany({ orderBy: [{ timestamp: "desc" }, { id: "desc" }], take: 10 }),
    listIncidents(prisma, { statuses: [...OPEN_INCIDENT_STATUSES], limit: 20 }),
    listIncidents(prisma, { limit: 20 }),
    listAnomalies(prisma, { since: new Date(now.getTime() - 86_400_000), limit: 50 }),
    pool.query<{ agent_id: string; name: string; avg: number; max: number; n: number; unit: string | null }>(
      `SELECT agent_id, name, avg(value) AS avg, max(value) AS max, count(*)::int AS n, max(unit) AS unit
         FROM metrics WHERE timestamp > $1 AND timestamp <= $2 AND name = ANY($3::text[])
        GROUP BY agent_id, name ORDER BY agent_id, name`,
      [new Date(now.getTime() - 3_600_000), now, PERF_METRICS],
    ),
    llmTotals(pool, now),
    pool.query<{ model: string; runs: number; cost: string }>(
      `SELECT model, count(*)::int AS runs, COALESCE(sum(cost), 0)::text AS cost FROM llm_runs
        WHERE start_time >= $1::timestamptz - interval '7 days' AND start_time <= $1::timestamptz AND model IS NOT NULL
        GROUP BY model ORDER BY sum(cost) DESC NULLS LAST LIMIT 5`,
      [now],
    ),
    prisma.workerProcess.findFirst({ where: { stoppedAt: null }, orderBy: { startedAt: "asc" } }),
  ]);
  const seen = new Set<string>();
  const incidents = [...open.items, ...recent.items.filter((i) => i.open || new Date(i.detectedAt) >= weekAgo)].filter((i) => (seen.has(i.id) ? false : (seen.add(i.id), true)));
  incidents.sort((a, b) => b.detectedAt.localeCompare(a.detectedAt));
  const dtos = agents.map(toAgentDto);
  return {
    now,
    agents: dtos,
    health,
    events: events.map(toEventDto),
    incidents,
    anomalies: anomalies.items,
    performance: perf.rows.map((r) => ({ agentId: r.agent_id, metric: r.name, avg: Number(r.avg), max: Number(r.max), samples: r.n, unit: r.unit })),
    llm: {
      today: usdOrZero(llm.today),
      last7d: usdOrZero(llm.d7),
      last30d: usdOrZero(llm.d30),
      runs7d: llm.runs7,
      byModel: llmModels.rows.map((m) => ({ model: m.model, runs: m.runs, cost: usdOrZero(m.cost) })),
    },
    uptime: {
      workerStartedAt: worker ? worker.startedAt.toISOString() : null,
      workerSeconds: worker ? Math.max(0, Math.round((now.getTime() - worker.startedAt.getTime()) / 1000)) : null,
      activeAgents: dtos.filter((a) => a.state === "active").length,
      totalAgents: dtos.length,
    },
  };
}

