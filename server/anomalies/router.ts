import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { ISSUE_SEVERITIES, issueSeveritiesAtLeast } from "../vocabulary";
import { protectedProcedure, router } from "../trpc/init";
import { listAnomalies, pointsAround, recentAnomalyCounts } from "./service";

/** Dashboard reads of anomalies (Performance page, Overview). */
export const anomaliesRouter = router({
  list: protectedProcedure
    .input(z.object({ agentId: z.string().min(1).max(200).optional(), metric: z.string().min(1).max(200).optional(), minSeverity: z.enum(ISSUE_SEVERITIES).optional(), hours: z.number().int().min(1).max(24 * 30).default(24), limit: z.number().int().min(1).max(200).default(50) }))
    .query(async ({ ctx, input }) => {
      const severities = input.minSeverity ? issueSeveritiesAtLeast(input.minSeverity) : undefined;
      return (await listAnomalies(ctx.prisma, { agentId: input.agentId, metric: input.metric, severities, since: new Date(Date.now() - input.hours * 3600_000), limit: input.limit })).items;
    }),

  /** The points around one anomaly (± 10 min) for its chart. */
  around: protectedProcedure.input(z.object({ id: z.string().regex(/^\d{1,18}$/), minutes: z.number().int().min(1).max(120).default(10) })).query(async ({ ctx, input }) => {
    const r = await pointsAround(ctx.prisma, BigInt(input.id), input.minutes);
    if (!r) throw new TRPCError({ code: "NOT_FOUND", message: `No anomaly #${input.id}` });
    return r;
  }),

  /** Anomalies in the last hour by issue severity. */
  counts: protectedProcedure.query(({ ctx }) => recentAnomalyCounts(ctx.prisma)),
});
