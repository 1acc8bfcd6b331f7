import { z } from "zod";
import { SERIES_RANGE_KEYS } from "../agents/activity";
import { protectedProcedure, router } from "../trpc/init";
import { getSystemHealth, systemHealthHistory } from "./service";
import type { SystemHealth } from "./types";

/** Dashboard reads about system health: the current aggregate and its history. */
export const healthScoreRouter = router({
  /** Current system health: score, status, explanation, factors and the expected roster. */
  system: protectedProcedure.query(async ({ ctx }): Promise<SystemHealth> => {
    const h = await getSystemHealth(ctx.prisma);
    // Round-trip through JSON so nothing non-serializable (Date, BigInt) can slip through.
    return JSON.parse(JSON.stringify(h)) as SystemHealth;
  }),

  /** System health score over time from system_health_snapshots, averaged per bucket. */
  history: protectedProcedure
    .input(z.object({ range: z.enum(SERIES_RANGE_KEYS).default("6h") }).default({ range: "6h" }))
    .query(({ ctx, input }) => systemHealthHistory(ctx.prisma, input.range)),
});
