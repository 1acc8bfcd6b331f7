import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { recordAudit } from "../audit/log";
import { notifyLive } from "../live/channel";
import { operatorProcedure, router } from "../trpc/init";
import { clockState, transitionState } from "./state";

/**
 * Operator actions on an agent. Pause = maintenance: the coordinator's clock leaves paused agents
 * alone (no late/unresponsive, so no alerts or recovery). Resume puts the agent back where its
 * heartbeat clock says it is now. Both go through transitionState (exactly-once, with history).
 */
const input = z.object({ id: z.string().min(1).max(200), reason: z.string().trim().max(500).optional() });

export const agentControlRouter = router({
  pause: operatorProcedure.input(input).mutation(async ({ ctx, input }) => {
    const agent = await ctx.prisma.agent.findUnique({ where: { id: input.id } });
    if (!agent) throw new TRPCError({ code: "NOT_FOUND", message: `agent ${input.id} not found` });
    if (agent.state === "paused") return { state: agent.state, changed: false };
    const reason = `paused by ${ctx.user.email}${input.reason ? `: ${input.reason}` : ""}`;
    if (!(await transitionState(ctx.prisma, agent.id, agent.state, "paused", reason))) {
      throw new TRPCError({ code: "CONFLICT", message: "the agent changed state meanwhile: try again" });
    }
    await recordAudit(ctx.prisma, { actor: ctx.actor, action: "agent.paused", target: agent.id, details: { from: agent.state, reason: input.reason ?? null } });
    notifyLive(ctx.pool, { type: "agent", agentId: agent.id }).catch(() => {});
    return { state: "paused" as const, changed: true };
  }),

  resume: operatorProcedure.input(input).mutation(async ({ ctx, input }) => {
    const agent = await ctx.prisma.agent.findUnique({ where: { id: input.id } });
    if (!agent) throw new TRPCError({ code: "NOT_FOUND", message: `agent ${input.id} not found` });
    if (agent.state !== "paused") throw new TRPCError({ code: "BAD_REQUEST", message: `agent is ${agent.state}, not paused` });
    // Where the clock would have it had it never been paused.
    const to = clockState("registered", agent.lastHeartbeatAt, agent.heartbeatIntervalSeconds, agent.graceSeconds, new Date());
    if (!(await transitionState(ctx.prisma, agent.id, "paused", to, `resumed by ${ctx.user.email}`))) {
      throw new TRPCError({ code: "CONFLICT", message: "the agent changed state meanwhile: try again" });
    }
    await recordAudit(ctx.prisma, { actor: ctx.actor, action: "agent.resumed", target: agent.id, details: { to } });
    notifyLive(ctx.pool, { type: "agent", agentId: agent.id }).catch(() => {});
    return { state: to, changed: true };
  }),
});
