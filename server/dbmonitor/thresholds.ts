/**
 * The shared-state monitor's judgement, pure: threshold breaches (which become
 * incidents) and optimization recommendations from one set of figures.
 *
 * Thresholds: cache hit ratio ≥ 85 %, query p95 < 1.0 s, state consistency ≥ 90 %, error rate
 * < 5 % (with at least 20 samples), and connections below 90 % of max_connections.
 */
import type { DetectedIssue } from "../incidents/types";

export interface DbFigures {
  registeredAgents: number;
  activeAgents: number;
  connectionsUsed: number;
  connectionsMax: number;
  queryP95Ms: number;
  probeMs: Record<string, number>;
  cacheHitRatio: number | null;
  consistencyScore: number;
  inconsistentAgents: string[];
  errorRate: number | null;
  errorSamples: number;
  ingestPerMinute: number;
  ingestLagSeconds: number | null;
  databaseBytes: number;
  tables: { name: string; bytes: number; rows: number; deadRows: number }[];
  sharedBuffers: string | null;
}

export const THRESHOLDS = { cacheHitMin: 0.85, queryP95MaxMs: 1000, consistencyMin: 0.9, errorRateMax: 0.05, errorMinSamples: 20, connectionsMaxShare: 0.9 } as const;

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export function breaches(f: DbFigures): DetectedIssue[] {
  const out: DetectedIssue[] = [];
  if (f.cacheHitRatio !== null && f.cacheHitRatio < THRESHOLDS.cacheHitMin) {
    out.push({ type: "database_issue", agentId: null, subtype: "cache_hit", severity: f.cacheHitRatio < 0.7 ? "high" : "medium", title: `Database cache hit ratio ${pct(f.cacheHitRatio)} (below ${pct(THRESHOLDS.cacheHitMin)})`, evidence: { cacheHitRatio: f.cacheHitRatio, threshold: THRESHOLDS.cacheHitMin } });
  }
  if (f.queryP95Ms >= THRESHOLDS.queryP95MaxMs) {
    out.push({ type: "database_issue", agentId: null, subtype: "query_p95", severity: "high", title: `Query p95 ${Math.round(f.queryP95Ms)} ms (limit ${THRESHOLDS.queryP95MaxMs} ms)`, evidence: { queryP95Ms: f.queryP95Ms, probes: f.probeMs } });
  }
  if (f.connectionsMax > 0 && f.connectionsUsed / f.connectionsMax >= THRESHOLDS.connectionsMaxShare) {
    out.push({ type: "database_issue", agentId: null, subtype: "connections", severity: "high", title: `${f.connectionsUsed} of ${f.connectionsMax} database connections in use`, evidence: { used: f.connectionsUsed, max: f.connectionsMax } });
  }
  if (f.consistencyScore < THRESHOLDS.consistencyMin) {
    out.push({ type: "state_inconsistency", agentId: null, subtype: "consistency_score", severity: "medium", title: `State consistency ${pct(f.consistencyScore)} (below ${pct(THRESHOLDS.consistencyMin)})`, evidence: { consistencyScore: f.consistencyScore, agents: f.inconsistentAgents.slice(0, 20) } });
  }
  if (f.errorRate !== null && f.errorSamples >= THRESHOLDS.errorMinSamples && f.errorRate >= THRESHOLDS.errorRateMax) {
    out.push({ type: "high_error_rate", agentId: null, subtype: "fleet", severity: f.errorRate >= 0.2 ? "high" : "medium", title: `Fleet error rate ${pct(f.errorRate)} (limit ${pct(THRESHOLDS.errorRateMax)})`, evidence: { errorRate: f.errorRate, samples: f.errorSamples } });
  }
  return out;
}

export interface Recommendation {
  area: string;
  priority: "high" | "medium" | "low";
  text: string;
}

const gb = (b: number) => `${(b / 1024 ** 3).toFixed(2)} GB`;
const mb = (b: number) => `${(b / 1024 ** 2).toFixed(1)} MB`;

export function recommendations(f: DbFigures): Recommendation[] {
  const out: Recommendation[] = [];
  if (f.cacheHitRatio !== null && f.cacheHitRatio < 0.9) {
    out.push({ area: "cache", priority: f.cacheHitRatio < THRESHOLDS.cacheHitMin ? "high" : "medium", text: `Cache hit ratio is ${pct(f.cacheHitRatio)}: raise shared_buffers${f.sharedBuffers ? ` (now ${f.sharedBuffers})` : ""} towards 25 % of RAM, or shorten retention so the hot data fits in memory.` });
  }
  if (f.connectionsMax > 0 && f.connectionsUsed / f.connectionsMax > 0.7) {
    out.push({ area: "connections", priority: "high", text: `${f.connectionsUsed} of ${f.connectionsMax} connections in use: lower VIGIL_DB_POOL_SIZE per process or put PgBouncer (transaction pooling) in front of PostgreSQL.` });
  }
  if (f.queryP95Ms > 250) {
    const slowest = Object.entries(f.probeMs).sort((a, b) => b[1] - a[1])[0];
    out.push({ area: "queries", priority: f.queryP95Ms >= THRESHOLDS.queryP95MaxMs ? "high" : "medium", text: `Query p95 is ${Math.round(f.queryP95Ms)} ms${slowest ? ` (slowest probe: ${slowest[0]}, ${Math.round(slowest[1])} ms)` : ""}: look for long-running statements in pg_stat_activity and missing indexes; the self-healing agent cancels queries running longer than its limit.` });
  }
  for (const t of f.tables) {
    if (t.rows > 10_000 && t.deadRows / Math.max(t.rows, 1) > 0.2) {
      out.push({ area: "maintenance", priority: "medium", text: `${t.name} has ${t.deadRows.toLocaleString("en-US")} dead rows (${pct(t.deadRows / t.rows)} of live): run VACUUM (ANALYZE) ${t.name}; autovacuum is falling behind.` });
    }
  }
  const biggest = f.tables[0];
  if (biggest && biggest.bytes > 1024 ** 3) {
    out.push({ area: "storage", priority: "medium", text: `${biggest.name} holds ${gb(biggest.bytes)} of the database's ${gb(f.databaseBytes)}: shorten its retention or partition it by time so old data is dropped, not deleted.` });
  }
  if (f.consistencyScore < 1) {
    out.push({ area: "consistency", priority: f.consistencyScore < THRESHOLDS.consistencyMin ? "high" : "low", text: `${f.inconsistentAgents.length} agent(s) have a stored state that contradicts their heartbeats (${f.inconsistentAgents.slice(0, 5).join(", ")}): check that a worker is running the coordinator.` });
  }
  if (f.errorRate !== null && f.errorRate > 0.02 && f.errorSamples >= THRESHOLDS.errorMinSamples) {
    out.push({ area: "errors", priority: f.errorRate >= THRESHOLDS.errorRateMax ? "high" : "low", text: `The fleet's error rate is ${pct(f.errorRate)}: open the Events page filtered to errors to find the agents responsible.` });
  }
  if (f.ingestLagSeconds !== null && f.activeAgents > 0 && f.ingestLagSeconds > 120) {
    out.push({ area: "ingestion", priority: "medium", text: `No heartbeat received for ${Math.round(f.ingestLagSeconds)} s although ${f.activeAgents} agents are active: check the web process and the network path from agents.` });
  }
  if (!out.length) out.push({ area: "all", priority: "low", text: `No action needed: cache hit ${f.cacheHitRatio === null ? "n/a" : pct(f.cacheHitRatio)}, query p95 ${Math.round(f.queryP95Ms)} ms, ${f.connectionsUsed}/${f.connectionsMax} connections, database ${mb(f.databaseBytes)}.` });
  const rank = { high: 0, medium: 1, low: 2 };
  return out.sort((a, b) => rank[a.priority] - rank[b.priority]);
}
