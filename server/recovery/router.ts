import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { notifyLive } from "../live/channel";
import { recordAudit } from "../audit/service";
import { adminProcedure, operatorProcedure, protectedProcedure, router } from "../trpc/init";
import { recoveryConfig } from "./config";
import { configureWebhook, recoveryOverview, triggerManualRecovery } from "./operator";
import { rethrowOperatorError } from "../trpc/errors";

const agentId = z.string().min(1).max(200);

/**
 * Manual recovery (the agent page's Restart; pause/resume live in agents/control-router.ts) and
 * recovery settings. Restart is an operator action; the webhook URL decides where Vigil sends
 * signed requests, so only admins set it. Both are audited.
 */
export const recoveryRouter = router({
  /** Manual recovery (the agent page's Restart button): a restart through plan → execute → verify. */
  triggerManualRecovery: operatorProcedure.input(z.object({ agentId, reason: z.string().max(500).optional() })).mutation(async ({ ctx, input }) => {
    const r = await triggerManualRecovery(ctx.prisma, input.agentId, ctx.user.email, input.reason?.trim() || null, recoveryConfig().resetSeconds).catch(rethrowOperatorError);
    await recordAudit(ctx.prisma, { actor: ctx.actor, action: "agent.recovery_requested", target: input.agentId, details: { incidentId: r.incidentId, created: r.created, reason: input.reason ?? null } });
    await notifyLive({ type: "incidents", agentIds: [input.agentId] }, ctx.pool);
    return r;
  }),

  /** Sets or clears the agent's signed recovery webhook; returns the secret (shown once). */
  setWebhook: adminProcedure
    .input(z.object({ agentId, url: z.string().max(2000).nullable(), rotateSecret: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => {
      const r = await configureWebhook(ctx.prisma, input.agentId, input.url?.trim() || null, { rotateSecret: input.rotateSecret }).catch(rethrowOperatorError);
      // The URL is recorded, never the signing secret.
      await recordAudit(ctx.prisma, { actor: ctx.actor, action: "agent.webhook_changed", target: input.agentId, details: { url: input.url?.trim() || null, rotated: Boolean(input.rotateSecret) } });
      return r;
    }),

  /** The agent's recovery settings (the secret only as a prefix) and its recent commands. */
  forAgent: protectedProcedure.input(z.object({ agentId })).query(async ({ ctx, input }) => {
    const r = await recoveryOverview(ctx.prisma, input.agentId);
    if (!r) throw new TRPCError({ code: "NOT_FOUND", message: `No agent with id "${input.agentId}"` });
    return r;
  }),
});
