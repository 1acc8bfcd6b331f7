import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { mergeRouters, protectedProcedure, router } from "../trpc/init";
import { agentActivityRouter } from "./activity-router";
import { builtinSpec } from "./roster";
import { agentMetadata, countAgentsByState, getAgent, isImplemented, listFleet, toAgentDto, toAgentSummaryDto } from "./service";

/**
 * Dashboard reads about agents: the fleet (list, counts by state, heartbeat rate) and one agent's
 * detail; its time series are in activity-router.ts, operator actions in control-router.ts.
 * Everything returned is plain JSON: ISO times, BigInt ids as strings.
 */
const fleetRouter = router({
  /** Every agent (the table sorts and filters client-side). */
  list: protectedProcedure.query(async ({ ctx }) => (await listFleet(ctx.prisma)).map((a) => ({ ...toAgentSummaryDto(a), implemented: isImplemented(a) }))),

  /** Number of agents in each state (all states present, zeros included). */
  stateCounts: protectedProcedure.query(({ ctx }) => countAgentsByState(ctx.prisma)),

  /** One agent with its health breakdown; NOT_FOUND for an unknown id. */
  byId: protectedProcedure.input(z.object({ id: z.string().min(1).max(200) })).query(async ({ ctx, input }) => {
    const a = await getAgent(ctx.prisma, input.id);
    if (!a) throw new TRPCError({ code: "NOT_FOUND", message: `No agent with id "${input.id}"` });
    return {
      ...toAgentDto(a),
      implemented: isImplemented(a),
      cycleSeconds: builtinSpec(a.id)?.cycleSeconds ?? null,
      // A JSON round trip: the client gets plain data whatever the column holds.
      metadata: JSON.parse(JSON.stringify(agentMetadata(a))) as Record<string, unknown>,
    };
  }),
});

export const agentsRouter = mergeRouters(fleetRouter, agentActivityRouter);
