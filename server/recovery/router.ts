import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { notifyLive } from "../live/channel";
import { publicProcedure, router } from "../trpc/init";
import { recoveryConfig } from "./config";
import { configureWebhook, OperatorError, pauseAgent, resumeAgent, triggerManualRecovery } from "./operator";
import { parseRecoverySettings } from "./webhook";

const agentId = z.string().min(1).max(200);
/** Until dashboard login lands, operator actions are attributed to the dashboard. */
const ACTOR = "dashboard operator";

function asTrpc(e: unknown): never {
  if (e instanceof OperatorError) throw new TRPCError({ code: e.code, message: e.message });
  throw e;
}

/**
 * Operator actions (SPEC §6 agent page: pause / resume / restart) and recovery settings.
 * Every mutation here changes state: when roles arrive they need operator (or admin) rights.
 */
export const recoveryRouter = router({
  pauseAgent: publicProcedure.input(z.object({ agentId })).mutation(async ({ ctx, input }) => {
    const r = await pauseAgent(ctx.prisma, input.agentId, ACTOR).catch(asTrpc);
    await notifyLive(ctx.pool, { type: "agent", agentId: input.agentId }).catch(() => {});
    return r;
  }),

  resumeAgent: publicProcedure.input(z.object({ agentId })).mutation(async ({ ctx, input }) => {
    const r = await resumeAgent(ctx.prisma, input.agentId, ACTOR).catch(asTrpc);
    await notifyLive(ctx.pool, { type: "agent", agentId: input.agentId }).catch(() => {});
    return r;
  }),

  /** Manual recovery (the agent page's Restart button): a restart through plan → execute → verify. */
  triggerManualRecovery: publicProcedure.input(z.object({ agentId, reason: z.string().max(500).optional() })).mutation(async ({ ctx, input }) => {
    const r = await triggerManualRecovery(ctx.prisma, input.agentId, ACTOR, input.reason?.trim() || null, recoveryConfig().resetSeconds).catch(asTrpc);
    await notifyLive(ctx.pool, { type: "incidents", agentIds: [input.agentId] }).catch(() => {});
    return r;
  }),

  /** Sets or clears the agent's signed recovery webhook; returns the secret (shown once). */
  setWebhook: publicProcedure
    .input(z.object({ agentId, url: z.string().max(2000).nullable(), rotateSecret: z.boolean().optional() }))
    .mutation(async ({ ctx, input }) => configureWebhook(ctx.prisma, input.agentId, input.url?.trim() || null, { rotateSecret: input.rotateSecret }).catch(asTrpc)),

  /** The agent's recovery settings (the secret only as a prefix) and its recent commands. */
  forAgent: publicProcedure.input(z.object({ agentId })).query(async ({ ctx, input }) => {
    const a = await ctx.prisma.agent.findUnique({ where: { id: input.agentId }, select: { recoverySettings: true } });
    if (!a) throw new TRPCError({ code: "NOT_FOUND", message: `No agent with id "${input.agentId}"` });
    const s = parseRecoverySettings(a.recoverySettings);
    const commands = await ctx.prisma.agentCommand.findMany({ where: { agentId: input.agentId }, orderBy: { createdAt: "desc" }, take: 20 });
    return {
      webhookUrl: s.webhookUrl ?? null,
      webhookSecretPrefix: s.webhookSecret ? `${s.webhookSecret.slice(0, 10)}…` : null,
      commands: commands.map((c) => ({
        id: c.id,
        type: c.type,
        purpose: c.purpose,
        status: c.status,
        createdAt: c.createdAt.toISOString(),
        deliveredAt: c.deliveredAt?.toISOString() ?? null,
        deliveredBy: c.deliveredBy,
        ackedAt: c.ackedAt?.toISOString() ?? null,
        message: c.message,
      })),
    };
  }),
});
