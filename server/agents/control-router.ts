import { z } from "zod";
import { recordAudit } from "../audit/service";
import { notifyLive } from "../live/channel";
import { operatorProcedure, router } from "../trpc/init";
import { pauseAgent, resumeAgent } from "../recovery/operator";
import { rethrowOperatorError } from "../trpc/errors";

/**
 * Operator actions on an agent. Pause = maintenance: the clock, alerts and recovery leave paused
 * agents alone and pending recovery commands are cancelled. Resume (of a paused or failed agent)
 * puts it back where its heartbeat clock says it is now. The state changes themselves live in
 * recovery/operator.ts (exactly-once via transitionState); this adds roles and the audit log.
 */
const input = z.object({ id: z.string().min(1).max(200), reason: z.string().trim().max(500).optional() });

export const agentControlRouter = router({
  pause: operatorProcedure.input(input).mutation(async ({ ctx, input }) => {
    const actor = `${ctx.user.email}${input.reason ? `: ${input.reason}` : ""}`;
    const r = await pauseAgent(ctx.prisma, input.id, actor).catch(rethrowOperatorError);
    if (r.changed) await recordAudit(ctx.prisma, { actor: ctx.actor, action: "agent.paused", target: input.id, details: { reason: input.reason ?? null } });
    notifyLive({ type: "agent", agentId: input.id }, ctx.pool);
    return r;
  }),

  resume: operatorProcedure.input(input).mutation(async ({ ctx, input }) => {
    const r = await resumeAgent(ctx.prisma, input.id, ctx.user.email).catch(rethrowOperatorError);
    await recordAudit(ctx.prisma, { actor: ctx.actor, action: "agent.resumed", target: input.id, details: { to: r.state } });
    notifyLive({ type: "agent", agentId: input.id }, ctx.pool);
    return r;
  }),
});
