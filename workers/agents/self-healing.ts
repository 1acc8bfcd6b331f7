/**
 * self_healing_agent: each cycle runs server/recovery/engine.ts — detect the 7 issue
 * types, open incidents, plan / execute / verify / roll back / escalate — and tells the
 * dashboard when incidents changed. All timing knobs are in server/recovery/config.ts.
 */
import { notifyLive } from "../../server/live/channel";
import { recoveryConfig } from "../../server/recovery/config";
import { runSelfHealingCycle } from "../../server/recovery/engine";
import type { BuiltinAgentModule } from "../agent-module";

const SELF_HEALING_ID = "self_healing_agent";

export const selfHealingAgent: BuiltinAgentModule = {
  id: SELF_HEALING_ID,
  async run(ctx) {
    const t0 = performance.now();
    const r = await runSelfHealingCycle({ prisma: ctx.prisma, now: ctx.now, workerId: ctx.workerId, cfg: recoveryConfig(), log: ctx.log });
    if (r.opened || r.advanced || r.expiredCommands) await notifyLive({ type: "incidents", agentIds: [] }, ctx.pool);
    if (r.opened) ctx.log.info(`self-healing: opened ${r.opened} incident(s)`);
    return {
      summary: { ...r },
      metrics: { issues_detected: r.detected, incidents_opened: r.opened, incidents_open: r.open, self_healing_ms: Math.round(performance.now() - t0) },
    };
  },
};
