import { z } from "zod";
import { publicProcedure, router } from "../trpc/init";
import { getSystemHealth } from "./service";
import type { HealthStatus, SystemHealth } from "./types";

const HISTORY = {
  "1h": { minutes: 60, bucketSeconds: 60 },
  "6h": { minutes: 360, bucketSeconds: 300 },
  "24h": { minutes: 1440, bucketSeconds: 900 },
} as const;

/** Dashboard reads about system health (SPEC §5): the current aggregate and its history. */
export const healthRouter = router({
  /** Current system health: score, status, explanation, factors and the expected roster. */
  system: publicProcedure.query(async ({ ctx }): Promise<SystemHealth> => {
    const h = await getSystemHealth(ctx.prisma);
    // Round-trip through JSON so nothing non-serialisable (Date, BigInt) can slip through.
    return JSON.parse(JSON.stringify(h)) as SystemHealth;
  }),

  /** System health score over time from system_health_snapshots, averaged per bucket. */
  history: publicProcedure
    .input(z.object({ range: z.enum(["1h", "6h", "24h"]).default("6h") }).default({ range: "6h" }))
    .query(async ({ ctx, input }) => {
      const r = HISTORY[input.range];
      const { rows } = await ctx.pool.query<{ bucket: Date; score: number; min: number; status: string }>(
        `SELECT date_bin(make_interval(secs => $2::int), computed_at, TIMESTAMPTZ '2000-01-01') AS bucket,
                avg(score)::float8 AS score, min(score)::float8 AS min,
                (array_agg(status ORDER BY computed_at DESC))[1] AS status
           FROM system_health_snapshots
          WHERE computed_at > now() - make_interval(mins => $1::int)
          GROUP BY 1 ORDER BY 1`,
        [r.minutes, r.bucketSeconds],
      );
      return {
        range: input.range,
        points: rows.map((row) => ({
          t: row.bucket.getTime(),
          score: Math.round(row.score * 10) / 10,
          min: Math.round(row.min * 10) / 10,
          status: row.status as HealthStatus,
        })),
      };
    }),
});
