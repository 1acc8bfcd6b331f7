/**
 * heartbeat_health_agent: each cycle scores every agent over its window, stores the
 * scores (agent rows + throttled snapshots), computes and stores system health, and tells the
 * dashboard (`{type: "health"}`). The work is a fixed handful of set-based queries whatever the
 * number of agents (see server/health-score/service.ts), so 1,000 agents cost about what 10 do.
 */
import type { Pool } from "pg";
import type { PrismaClient } from "../../server/db/client";
import { getSystemHealth, scoreAllAgents, storeAgentHealth, storeSystemHealth } from "../../server/health-score/service";
import type { SystemHealth } from "../../server/health-score/types";
import { notifyLive } from "../../server/live/channel";
import type { BuiltinAgentModule } from "../agent-module";

const HEARTBEAT_HEALTH_ID = "heartbeat_health_agent";

interface ScoringResult {
  scored: number;
  withScore: number;
  snapshots: number;
  system: SystemHealth;
  timings: { scoreMs: number; storeMs: number; systemMs: number };
}

export async function runHealthScoring(prisma: PrismaClient, pool: Pool, opts: { now?: Date; snapshotEveryMinutes?: number } = {}): Promise<ScoringResult> {
  const now = opts.now ?? new Date();
  const t0 = performance.now();
  const scores = await scoreAllAgents(prisma, now);
  const t1 = performance.now();
  const stored = await storeAgentHealth(prisma, scores, now, { snapshotEveryMinutes: opts.snapshotEveryMinutes });
  const t2 = performance.now();
  const system = await getSystemHealth(prisma, now);
  await storeSystemHealth(prisma, system);
  const t3 = performance.now();
  await notifyLive({ type: "health" }, pool);
  return {
    scored: scores.length,
    withScore: scores.filter((s) => s.breakdown.score !== null).length,
    snapshots: stored.snapshots,
    system,
    timings: { scoreMs: Math.round(t1 - t0), storeMs: Math.round(t2 - t1), systemMs: Math.round(t3 - t2) },
  };
}

export const heartbeatHealthAgent: BuiltinAgentModule = {
  id: HEARTBEAT_HEALTH_ID,
  async run(ctx) {
    const r = await runHealthScoring(ctx.prisma, ctx.pool, { now: ctx.now, snapshotEveryMinutes: ctx.config.snapshotEveryMinutes });
    return {
      summary: { scored: r.scored, withScore: r.withScore, snapshots: r.snapshots, systemScore: r.system.score, systemStatus: r.system.status, timings: r.timings },
      metrics: { agents_scored: r.scored, system_health_score: r.system.score, scoring_ms: r.timings.scoreMs + r.timings.storeMs + r.timings.systemMs },
    };
  },
};
