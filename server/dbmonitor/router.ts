import { z } from "zod";
import { publicProcedure, router } from "../trpc/init";
import { recommendations, THRESHOLDS, type DbFigures } from "./thresholds";

/** Shared-state monitor reads: the latest snapshot with recommendations, and 24 h trends. */
export const dbmonitorRouter = router({
  latest: publicProcedure.query(async ({ ctx }) => {
    const s = await ctx.prisma.dbMonitorSnapshot.findFirst({ orderBy: { collectedAt: "desc" } });
    if (!s) return null;
    const figures = s.figures as unknown as DbFigures;
    return { collectedAt: s.collectedAt.toISOString(), figures: JSON.parse(JSON.stringify(figures)) as DbFigures, breaches: JSON.parse(JSON.stringify(s.breaches)) as { title: string; severity: string }[], recommendations: recommendations(figures), thresholds: THRESHOLDS };
  }),

  trend: publicProcedure.input(z.object({ hours: z.number().int().min(1).max(24 * 7).default(24) }).default({ hours: 24 })).query(async ({ ctx, input }) => {
    const bucket = input.hours <= 1 ? 60 : input.hours <= 6 ? 300 : 900;
    const { rows } = await ctx.pool.query<{ t: Date; p95: number; cache: number | null; conn: number; max: number; consistency: number; errors: number | null; ingest: number; agents: number; active: number }>(
      `SELECT date_bin(make_interval(secs => $2::int), collected_at, TIMESTAMPTZ '2000-01-01') AS t,
              avg(query_p95_ms)::float8 AS p95, avg(cache_hit_ratio)::float8 AS cache, avg(connections_used)::float8 AS conn, max(connections_max)::int AS max,
              avg(consistency_score)::float8 AS consistency, avg(error_rate)::float8 AS errors, avg(ingest_per_minute)::float8 AS ingest,
              avg(registered_agents)::float8 AS agents, avg(active_agents)::float8 AS active
         FROM db_monitor_snapshots WHERE collected_at > now() - make_interval(hours => $1::int) GROUP BY 1 ORDER BY 1`,
      [input.hours, bucket],
    );
    const r = (v: number | null, d = 1) => (v === null ? null : Math.round(v * 10 ** d) / 10 ** d);
    return rows.map((x) => ({ t: x.t.getTime(), p95: r(x.p95), cacheHitPct: x.cache === null ? null : r(x.cache * 100), connections: r(x.conn), maxConnections: x.max, consistencyPct: r(x.consistency * 100), errorRatePct: x.errors === null ? null : r(x.errors * 100, 2), ingestPerMinute: r(x.ingest, 0), agents: r(x.agents, 0), activeAgents: r(x.active, 0) }));
  }),
});
