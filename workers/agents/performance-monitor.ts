/**
 * performance_monitor: every cycle (5 s) scores the metric points that arrived since
 * the last one (server/anomalies/service.ts) — so an anomaly is flagged within one cycle of its
 * metric arriving — and every 10 minutes stores a cost analysis (server/costs). The executive
 * report is generated on demand by the dashboard (< 5 s).
 */
import { runAnomalyDetection } from "../../server/anomalies/service";
import { computeCostAnalysis, storeCostReport } from "../../server/costs/service";
import { notifyLive } from "../../server/live/channel";
import type { BuiltinAgentModule } from "../agent-module";

const PERFORMANCE_MONITOR_ID = "performance_monitor";
const COST_REPORT_EVERY_MS = 10 * 60_000;

export const performanceMonitorAgent: BuiltinAgentModule = {
  id: PERFORMANCE_MONITOR_ID,
  async run(ctx) {
    const t0 = performance.now();
    const r = await runAnomalyDetection(ctx.prisma, ctx.now);
    if (r.stored) await notifyLive({ type: "anomalies", agentIds: r.agentIds }, ctx.pool);
    const last = await ctx.prisma.costReport.findFirst({ orderBy: { generatedAt: "desc" }, select: { generatedAt: true } });
    let costReport = false;
    if (!last || ctx.now.getTime() - last.generatedAt.getTime() >= COST_REPORT_EVERY_MS) {
      await storeCostReport(ctx.prisma, await computeCostAnalysis(ctx.prisma, 24, ctx.now), ctx.now);
      costReport = true;
    }
    return {
      summary: { ...r, costReport },
      metrics: { points_scored: r.scanned, anomalies_flagged: r.stored, ...(r.maxLatencySeconds !== null ? { anomaly_flag_latency_s: r.maxLatencySeconds } : {}), performance_monitor_ms: Math.round(performance.now() - t0) },
    };
  },
};
