/**
 * agent_coordinator: registers the roster, and every VIGIL_HEALTH_CHECK_SECONDS
 * (30 s) checks every agent's heartbeat clock. Starting the built-in agents and counting the
 * startups is done by the worker runtime it lives in (workers/runtime.ts).
 *
 * A health check applies clockState (server/agents/state.ts) to every agent in a clock state
 * and moves it with transitionState — a conditional update, so when several coordinators check
 * at once each flip is recorded exactly once, and only the caller that made it writes the
 * `agent.state_changed` event (warning for late, error for unresponsive, info for back to
 * active) and notifies the dashboard. It also marks cycles left `running` by dead workers as
 * `abandoned`.
 */
import type { Pool } from "pg";
import { ensureBuiltinAgents } from "../../server/agents/builtin-registration";
import { CLOCK_STATES, clockState, transitionState } from "../../server/agents/state";
import type { AgentState } from "../../server/vocabulary";
import type { PrismaClient } from "../../server/db/client";
import type { Severity } from "../../server/db/generated/enums";
import { formatDuration } from "../../server/health-score/score";
import { notifyLive } from "../../server/live/channel";
import type { BuiltinAgentModule } from "../agent-module";

const COORDINATOR_ID = "agent_coordinator";

/** A worker is considered dead for cycle bookkeeping when its row is older than this. */
const WORKER_DEAD_SECONDS = 90;

export async function registerRoster(prisma: PrismaClient): Promise<void> {
  await ensureBuiltinAgents(prisma);
}

interface Transition {
  agentId: string;
  from: AgentState;
  to: AgentState;
  reason: string;
}

interface HealthCheckResult {
  checked: number;
  transitions: Transition[];
  abandonedCycles: number;
}

const SEVERITY: Partial<Record<AgentState, Severity>> = { late: "warning", unresponsive: "error", active: "info", registered: "info" };

function reasonFor(to: AgentState, lastHeartbeatAt: Date | null, interval: number, grace: number, now: Date): string {
  const age = lastHeartbeatAt ? formatDuration((now.getTime() - lastHeartbeatAt.getTime()) / 1000) : null;
  if (to === "late") return `no heartbeat for ${age} (interval ${interval} s)`;
  if (to === "unresponsive") return `no heartbeat for ${age} (interval ${interval} s + grace ${grace} s)`;
  if (to === "active") return `heartbeat received ${age} ago`;
  return "no heartbeat yet";
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * One health check of every agent at `now`. Safe to run concurrently from several workers.
 */
export async function runHealthCheck(prisma: PrismaClient, pool: Pool, opts: { now?: Date; workerId?: string } = {}): Promise<HealthCheckResult> {
  const now = opts.now ?? new Date();
  const agents = await prisma.agent.findMany({
    select: { id: true, name: true, state: true, lastHeartbeatAt: true, heartbeatIntervalSeconds: true, graceSeconds: true },
  });
  const due = agents
    .filter((a) => CLOCK_STATES.includes(a.state))
    .map((a) => ({ a, to: clockState(a.state, a.lastHeartbeatAt, a.heartbeatIntervalSeconds, a.graceSeconds, now) }))
    .filter(({ a, to }) => to !== a.state);
  const transitions: Transition[] = [];

  const apply = async (agentId: string, name: string, from: AgentState, to: AgentState, reason: string) => {
    if (!(await transitionState(prisma, agentId, from, to, reason, now))) return false;
    transitions.push({ agentId, from, to, reason });
    await prisma.event.create({
      data: {
        type: "agent.state_changed",
        message: `${name} (${agentId}) is ${to}: ${reason}`,
        severity: SEVERITY[to] ?? "info",
        agentId,
        timestamp: now,
        metadata: { from, to, reason, ...(opts.workerId ? { workerId: opts.workerId } : {}) },
      },
    });
    await notifyLive({ type: "agent", agentId }, pool);
    return true;
  };

  await mapLimit(due, 4, async ({ a, to }) => {
    const reason = reasonFor(to, a.lastHeartbeatAt, a.heartbeatIntervalSeconds, a.graceSeconds, now);
    if (!(await apply(a.id, a.name, a.state, to, reason))) return;
    // A heartbeat may have landed between our read and our update: recordHeartbeat saw the old
    // state and did not move it, so correct it here rather than leave a live agent marked late.
    if (to === "late" || to === "unresponsive") {
      const fresh = await prisma.agent.findUnique({ where: { id: a.id }, select: { state: true, lastHeartbeatAt: true } });
      if (fresh && fresh.state === to && fresh.lastHeartbeatAt && (!a.lastHeartbeatAt || fresh.lastHeartbeatAt > a.lastHeartbeatAt)) {
        const back = clockState(to, fresh.lastHeartbeatAt, a.heartbeatIntervalSeconds, a.graceSeconds, now);
        if (back === "active") await apply(a.id, a.name, to, "active", "heartbeat arrived during the health check");
      }
    }
  });

  const abandonedCycles = await markAbandonedCycles(pool);
  return { checked: agents.length, transitions, abandonedCycles };
}

/**
 * Cycles still `running` whose worker is gone (no worker_processes heartbeat for 90 s, or
 * stopped) or whose agent's lease has since been taken over by another worker can never finish:
 * mark them `abandoned` (ended_at stays null — when exactly the worker died is unknown).
 */
export async function markAbandonedCycles(pool: Pool): Promise<number> {
  const res = await pool.query(
    `UPDATE agent_cycles c
     SET status = 'abandoned', error = 'worker ' || c.worker_id || ' stopped before the cycle finished'
     WHERE c.status = 'running' AND (
       NOT EXISTS (SELECT 1 FROM worker_processes w WHERE w.id = c.worker_id AND w.stopped_at IS NULL AND w.last_seen_at > now() - make_interval(secs => $1))
       OR EXISTS (SELECT 1 FROM worker_leases l WHERE l.agent_id = c.agent_id AND l.worker_id <> c.worker_id AND l.acquired_at > c.started_at)
     )`,
    [WORKER_DEAD_SECONDS],
  );
  return res.rowCount ?? 0;
}

export const coordinatorAgent: BuiltinAgentModule = {
  id: COORDINATOR_ID,
  periodSeconds: (cfg) => cfg.healthCheckSeconds,
  async run(ctx) {
    const t0 = performance.now();
    const r = await runHealthCheck(ctx.prisma, ctx.pool, { now: ctx.now, workerId: ctx.workerId });
    ctx.counters.healthChecks += 1;
    ctx.counters.agentsManaged = r.checked;
    for (const t of r.transitions) ctx.log.info(`${t.agentId}: ${t.from} → ${t.to} (${t.reason})`);
    if (r.abandonedCycles) ctx.log.info(`marked ${r.abandonedCycles} cycle(s) of dead workers abandoned`);
    return {
      summary: { checked: r.checked, transitions: r.transitions.map((t) => `${t.agentId}: ${t.from}→${t.to}`), abandonedCycles: r.abandonedCycles },
      metrics: { agents_checked: r.checked, state_transitions: r.transitions.length, health_check_ms: Math.round(performance.now() - t0) },
    };
  },
};
