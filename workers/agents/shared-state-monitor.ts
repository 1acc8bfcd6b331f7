/**
 * enhanced_shared_state_monitor: every 30 s collects the database and state figures
 * (server/dbmonitor/service.ts), stores a snapshot with its threshold breaches, and opens an
 * incident for each breach right away (so a breach is an issue within one cycle; the
 * self-healing agent plans and verifies its recovery). Snapshots older than 7 days are pruned.
 */
import { openIncident } from "../../server/incidents/service";
import { notifyLive } from "../../server/live/channel";
import { recoveryConfig } from "../../server/recovery/config";
import { collectFigures, storeSnapshot } from "../../server/dbmonitor/service";
import type { BuiltinAgentModule } from "../agent-module";

const SHARED_STATE_MONITOR_ID = "enhanced_shared_state_monitor";
const KEEP_DAYS = 7;

export const sharedStateMonitorAgent: BuiltinAgentModule = {
  id: SHARED_STATE_MONITOR_ID,
  async run(ctx) {
    const cfg = recoveryConfig();
    const { figures, counters } = await collectFigures(ctx.prisma, cfg.detection, cfg.healthCheckSeconds, ctx.now);
    const found = await storeSnapshot(ctx.prisma, figures, counters, ctx.now);
    let opened = 0;
    for (const issue of found) {
      if ((await openIncident(ctx.prisma, issue, { now: ctx.now, workerId: ctx.workerId, source: SHARED_STATE_MONITOR_ID, resetSeconds: cfg.resetSeconds })) !== null) opened++;
    }
    await ctx.prisma.dbMonitorSnapshot.deleteMany({ where: { collectedAt: { lt: new Date(ctx.now.getTime() - KEEP_DAYS * 86_400_000) } } });
    await notifyLive({ type: "dbmonitor" }, ctx.pool);
    if (opened) await notifyLive({ type: "incidents", agentIds: [] }, ctx.pool);
    return {
      summary: { breaches: found.map((b) => b.title), opened, queryP95Ms: figures.queryP95Ms, cacheHitRatio: figures.cacheHitRatio, consistencyScore: figures.consistencyScore },
      metrics: {
        db_connections_used: figures.connectionsUsed,
        db_query_p95_ms: figures.queryP95Ms,
        ...(figures.cacheHitRatio !== null ? { db_cache_hit_ratio: figures.cacheHitRatio } : {}),
        state_consistency_score: figures.consistencyScore,
        ingest_per_minute: figures.ingestPerMinute,
      },
    };
  },
};
