import { z } from "zod";
import { protectedProcedure, router } from "../trpc/init";
import { latestSnapshot, snapshotTrend } from "./service";

/** Shared-state monitor reads: the latest snapshot with recommendations, and 24 h trends. */
export const dbmonitorRouter = router({
  latest: protectedProcedure.query(({ ctx }) => latestSnapshot(ctx.prisma)),

  trend: protectedProcedure
    .input(z.object({ hours: z.number().int().min(1).max(24 * 7).default(24) }).default({ hours: 24 }))
    .query(({ ctx, input }) => snapshotTrend(ctx.prisma, input.hours)),
});
