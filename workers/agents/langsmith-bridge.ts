/**
 * langsmith_bridge: each cycle analyses newly ingested LLM runs (quality,
 * efficiency, feedback), refreshes daily rollups and writes the LLM BI report — see
 * server/llm/bridge.ts. Tells dashboards when anything changed.
 */
import { runBridgeCycle } from "../../server/llm/bridge";
import { notifyLive } from "../../server/live/channel";
import type { BuiltinAgentModule } from "../agent-module";

const LANGSMITH_BRIDGE_ID = "langsmith_bridge";

export const langsmithBridgeAgent: BuiltinAgentModule = {
  id: LANGSMITH_BRIDGE_ID,
  async run(ctx) {
    const r = await runBridgeCycle(ctx.prisma, ctx.pool, ctx.now);
    if (r.analyzed > 0) await notifyLive({ type: "llm", runs: r.analyzed }, ctx.pool);
    return {
      summary: { ...r },
      metrics: { llm_runs_analysed: r.analyzed, llm_report_ms: r.reportMs, llm_recommendations: r.recommendations },
    };
  },
};
