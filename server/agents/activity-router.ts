import { z } from "zod";
import { protectedProcedure, router } from "../trpc/init";
import { agentCycles, agentHealthHistory, agentHeartbeats, agentMetricSeries, agentStateChanges, heartbeatRate, SERIES_RANGE_KEYS } from "./activity";

/** Dashboard reads of what agents did over time (the agent page's charts and tables, the overview's rate). */
const agentId = z.string().min(1).max(200);
const range = z.enum(SERIES_RANGE_KEYS).default("1h");
const limited = (defaultLimit: number) => z.object({ id: agentId, limit: z.number().int().min(1).max(200).default(defaultLimit) });

export const agentActivityRouter = router({
  /** Heartbeats received per minute over the last `minutes`, split built-in / external, zero-filled. */
  heartbeatRate: protectedProcedure
    .input(z.object({ minutes: z.number().int().min(5).max(1440).default(60) }).default({ minutes: 60 }))
    .query(({ ctx, input }) => heartbeatRate(ctx.prisma, input.minutes)),

  /** The agent's health score over time (from health_snapshots), bucketed. */
  healthHistory: protectedProcedure.input(z.object({ id: agentId, range })).query(({ ctx, input }) => agentHealthHistory(ctx.prisma, input.id, input.range)),

  /** Metric series of one agent, averaged per bucket. */
  metrics: protectedProcedure.input(z.object({ id: agentId, range })).query(({ ctx, input }) => agentMetricSeries(ctx.prisma, input.id, input.range)),

  /** Recent heartbeats (newest first) plus per-minute counts for the last hour. */
  heartbeats: protectedProcedure.input(limited(25)).query(({ ctx, input }) => agentHeartbeats(ctx.prisma, input.id, input.limit)),

  /** Cycles of a built-in agent, newest first. */
  cycles: protectedProcedure.input(limited(20)).query(({ ctx, input }) => agentCycles(ctx.prisma, input.id, input.limit)),

  /** State transitions (agent_state_changes), newest first. */
  stateChanges: protectedProcedure.input(limited(20)).query(({ ctx, input }) => agentStateChanges(ctx.prisma, input.id, input.limit)),
});
