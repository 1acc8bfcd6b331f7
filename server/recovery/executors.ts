/**
 * Recovery actions Vigil carries out itself (the "internal" actions of plan.ts), each with its
 * undo. They run only in the worker whose conditional update claimed the action's execution.
 */
import { clockState, transitionState } from "../agents/state";
import type { PrismaClient } from "../db/client";
import type { DetectionConfig } from "../incidents/detect";
import type { AgentState, InternalAction } from "../vocabulary";

export interface ExecContext {
  prisma: PrismaClient;
  now: Date;
  agentId: string | null;
  attempt: number;
  evidence: Record<string, unknown>;
  detection: DetectionConfig;
}

export type ExecResult = Record<string, unknown>;

async function cancelSlowQueries(ctx: ExecContext): Promise<ExecResult> {
  // Escalate from cancelling the statement to ending the session on later attempts: a
  // statement that ignores cancellation (e.g. stuck in a tight C loop) needs the harder stop.
  const fn = ctx.attempt >= 2 ? "pg_terminate_backend" : "pg_cancel_backend";
  const rows = await ctx.prisma.$queryRawUnsafe<{ pid: number; seconds: number; ok: boolean }[]>(
    `SELECT pid, EXTRACT(EPOCH FROM (clock_timestamp() - query_start))::float8 AS seconds, ${fn}(pid) AS ok
       FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'
        AND backend_type = 'client backend' AND query_start < clock_timestamp() - make_interval(secs => $1)`,
    ctx.detection.slowQuerySeconds,
  );
  return { method: fn, signalled: rows.filter((r) => r.ok).map((r) => r.pid), failed: rows.filter((r) => !r.ok).map((r) => r.pid) };
}

async function checkDatabase(ctx: ExecContext): Promise<ExecResult> {
  const t0 = performance.now();
  await ctx.prisma.$queryRaw`SELECT 1`;
  return { reachable: true, roundTripMs: Math.round((performance.now() - t0) * 10) / 10 };
}

async function reconcileState(ctx: ExecContext): Promise<ExecResult> {
  if (!ctx.agentId) return { changed: false, why: "no agent" };
  const a = await ctx.prisma.agent.findUnique({ where: { id: ctx.agentId }, select: { state: true, lastHeartbeatAt: true, heartbeatIntervalSeconds: true, graceSeconds: true } });
  if (!a) return { changed: false, why: "agent gone" };
  const newest = await ctx.prisma.heartbeat.findFirst({ where: { agentId: ctx.agentId }, orderBy: { receivedAt: "desc" }, select: { receivedAt: true } });
  const last = newest && (!a.lastHeartbeatAt || newest.receivedAt > a.lastHeartbeatAt) ? newest.receivedAt : a.lastHeartbeatAt;
  if (last && (!a.lastHeartbeatAt || last > a.lastHeartbeatAt)) {
    await ctx.prisma.agent.updateMany({ where: { id: ctx.agentId, lastHeartbeatAt: a.lastHeartbeatAt }, data: { lastHeartbeatAt: last } });
  }
  // What the data says: the heartbeat clock from a clock state's point of view.
  const target = clockState("active", last, a.heartbeatIntervalSeconds, a.graceSeconds, ctx.now);
  if (target === a.state) return { changed: false, from: a.state, to: target };
  const ok = await transitionState(ctx.prisma, ctx.agentId, a.state as AgentState, target, `self-healing: stored state '${a.state}' contradicted the heartbeats`, ctx.now);
  return { changed: ok, from: a.state, to: target };
}

async function releaseStuckLease(ctx: ExecContext): Promise<ExecResult> {
  if (!ctx.agentId) return { released: false };
  const rows = await ctx.prisma.$queryRaw<{ worker_id: string; lease_until: Date }[]>`
    DELETE FROM worker_leases WHERE agent_id = ${ctx.agentId} AND lease_until > now() + make_interval(secs => ${ctx.detection.stuckLeaseSeconds})
    RETURNING worker_id, lease_until`;
  return { released: rows.length > 0, heldBy: rows[0]?.worker_id ?? null, leaseUntil: rows[0]?.lease_until.toISOString() ?? null };
}

async function notify(ctx: ExecContext): Promise<ExecResult> {
  await ctx.prisma.event.create({
    data: {
      type: "recovery.notified",
      message: `Operators notified: ${String(ctx.evidence.title ?? "system issue")} (no automatic fix exists for this condition)`,
      severity: "warning",
      agentId: ctx.agentId,
      timestamp: ctx.now,
      metadata: { attempt: ctx.attempt },
    },
  });
  return { notified: true };
}

export const EXECUTORS: Record<InternalAction, (ctx: ExecContext) => Promise<ExecResult>> = {
  cancel_slow_queries: cancelSlowQueries,
  check_database: checkDatabase,
  reconcile_state: reconcileState,
  release_stuck_lease: releaseStuckLease,
  notify,
};

/** Undo of reconcile_state: back to the stored state it replaced, only if nobody moved it since. */
export async function undoInternal(prisma: PrismaClient, action: string, agentId: string | null, result: Record<string, unknown> | null, now: Date): Promise<Record<string, unknown>> {
  if (action !== "reconcile_state" || !agentId || !result || result.changed !== true) return { undone: false, why: "nothing to undo" };
  const from = result.to as AgentState;
  const to = result.from as AgentState;
  const ok = await transitionState(prisma, agentId, from, to, "self-healing rollback: restoring the state before reconciliation", now);
  return { undone: ok, restored: to };
}
