import { AGENT_STATES } from "../vocabulary";
import { Gauge, Registry } from "prom-client";
import type { Pool } from "pg";
import { instruments } from "./registry";

/**
 * GET /api/metrics: the process's own instruments plus gauges read from Postgres at scrape time
 * (the database is the system of record, so every web process answers the same). Each scrape
 * builds a fresh registry for the database gauges: agents that were deleted simply disappear,
 * no stale series to reset.
 *
 * Adding a family (incidents, recoveries, anomalies, LLM cost when those tables land) = one more
 * entry in COLLECTORS; a collector whose table does not exist yet is skipped (42P01), so the
 * endpoint works on any schema version.
 */
type Collector = (pool: Pool, reg: Registry) => Promise<void>;

const gauge = <L extends string>(reg: Registry, name: string, help: string, labelNames: readonly L[]) =>
  new Gauge<L>({ name, help, labelNames, registers: [reg] });

const agents: Collector = async (pool, reg) => {
  const { rows } = await pool.query<{ id: string; kind: string; state: string; health_score: number | null; age: number | null }>(
    `SELECT id, kind::text, state::text, health_score,
            EXTRACT(EPOCH FROM (now() - last_heartbeat_at))::float8 AS age
       FROM agents ORDER BY id`,
  );
  const up = gauge(reg, "vigil_agent_up", "1 when the agent is active (heartbeating on time), else 0.", ["agent", "kind"]);
  const state = gauge(reg, "vigil_agent_state", "Current state of each agent (1 for the current state).", ["agent", "state"]);
  const score = gauge(reg, "vigil_agent_health_score", "Health score 0-100 of each agent (absent until first scored).", ["agent"]);
  const age = gauge(reg, "vigil_agent_heartbeat_age_seconds", "Seconds since the agent's last heartbeat (absent if never).", ["agent"]);
  const byState = gauge(reg, "vigil_agents", "Number of agents in each state.", ["state"]);
  const counts = new Map<string, number>(AGENT_STATES.map((s) => [s, 0]));
  for (const r of rows) {
    up.set({ agent: r.id, kind: r.kind }, r.state === "active" ? 1 : 0);
    state.set({ agent: r.id, state: r.state }, 1);
    if (r.health_score !== null) score.set({ agent: r.id }, r.health_score);
    if (r.age !== null) age.set({ agent: r.id }, Math.max(0, r.age));
    counts.set(r.state, (counts.get(r.state) ?? 0) + 1);
  }
  for (const [s, n] of counts) byState.set({ state: s }, n);
};

const systemHealth: Collector = async (pool, reg) => {
  const { rows } = await pool.query<{ score: number }>("SELECT score FROM system_health_snapshots ORDER BY computed_at DESC LIMIT 1");
  if (rows[0]) gauge(reg, "vigil_system_health_score", "Latest system health score 0-100.", []).set(rows[0].score);
};

// Last hour only: a window keeps the query cheap on a large agent_cycles table and, unlike a
// count(*), is not distorted by retention pruning.
const cycles: Collector = async (pool, reg) => {
  const { rows } = await pool.query<{ agent_id: string; status: string; n: number; p50: number | null; p95: number | null; last: number | null }>(
    `SELECT agent_id, status::text, count(*)::int AS n,
            (percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) / 1000)::float8 AS p50,
            (percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) / 1000)::float8 AS p95,
            ((array_agg(duration_ms ORDER BY started_at DESC))[1] / 1000.0)::float8 AS last
       FROM agent_cycles WHERE started_at > now() - interval '1 hour'
      GROUP BY agent_id, status ORDER BY agent_id, status`,
  );
  const n = gauge(reg, "vigil_worker_cycles_last_hour", "Built-in agent cycles started in the last hour, by status.", ["agent", "status"]);
  // Plain gauges, not a summary: the "quantile" label is reserved for summary metrics.
  const p50 = gauge(reg, "vigil_worker_cycle_duration_p50_seconds", "Median duration of succeeded cycles over the last hour.", ["agent"]);
  const p95 = gauge(reg, "vigil_worker_cycle_duration_p95_seconds", "95th percentile duration of succeeded cycles over the last hour.", ["agent"]);
  const last = gauge(reg, "vigil_worker_cycle_last_duration_seconds", "Duration of the most recent finished cycle.", ["agent"]);
  for (const r of rows) {
    n.set({ agent: r.agent_id, status: r.status }, r.n);
    if (r.status === "succeeded" && r.p50 !== null) {
      p50.set({ agent: r.agent_id }, r.p50);
      p95.set({ agent: r.agent_id }, r.p95 ?? r.p50);
      if (r.last !== null) last.set({ agent: r.agent_id }, r.last);
    }
  }
};

const workers: Collector = async (pool, reg) => {
  const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM worker_processes WHERE stopped_at IS NULL AND last_seen_at > now() - interval '1 minute'");
  gauge(reg, "vigil_workers_alive", "Worker processes seen in the last minute.", []).set(rows[0]?.n ?? 0);
};

const COLLECTORS: Collector[] = [agents, systemHealth, cycles, workers];

const isUndefinedTable = (e: unknown) => (e as { code?: string })?.code === "42P01";

/** Prometheus text exposition (version 0.0.4). Throws when the database is down (→ 503). */
export async function renderMetrics(pool: Pool): Promise<{ body: string; contentType: string }> {
  const dbRegistry = new Registry();
  for (const c of COLLECTORS) {
    try {
      await c(pool, dbRegistry);
    } catch (e) {
      if (!isUndefinedTable(e)) throw e;
    }
  }
  const merged = Registry.merge([instruments().registry, dbRegistry]);
  return { body: await merged.metrics(), contentType: merged.contentType };
}
