import { TRPCError } from "@trpc/server";
import { z } from "zod";
import type { HealthStatus, HealthTrend } from "../health-score/types";
import { publicProcedure, router } from "../trpc/init";
import { BUILTIN_AGENTS } from "./roster";
import { toAgentDto } from "./service";

/**
 * Dashboard reads about agents: list, detail, and the per-agent series (metrics, heartbeats,
 * cycles, state history). Everything returned is plain JSON: ISO times, BigInt ids as strings.
 */

const agentId = z.string().min(1).max(200);

export const RANGES = {
  "1h": { minutes: 60, bucketSeconds: 60 },
  "6h": { minutes: 360, bucketSeconds: 300 },
  "24h": { minutes: 1440, bucketSeconds: 900 },
} as const;
export type MetricRange = keyof typeof RANGES;
const rangeInput = z.enum(["1h", "6h", "24h"]).default("1h");

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);


function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const listSelect = {
  id: true,
  name: true,
  kind: true,
  description: true,
  capabilities: true,
  version: true,
  expected: true,
  state: true,
  stateChangedAt: true,
  heartbeatIntervalSeconds: true,
  graceSeconds: true,
  lastHeartbeatAt: true,
  healthScore: true,
  healthStatus: true,
  healthTrend: true,
  metadata: true,
} as const;

export const agentsRouter = router({
  /** Every agent (the fleet is at most a few thousand: the table sorts and filters client-side). */
  list: publicProcedure.query(async ({ ctx }) => {
    const rows = await ctx.prisma.agent.findMany({ select: listSelect, orderBy: [{ kind: "asc" }, { id: "asc" }], take: 5000 });
    return rows.map((a) => ({
      id: a.id,
      name: a.name,
      kind: a.kind,
      description: a.description,
      capabilities: a.capabilities,
      version: a.version,
      expected: a.expected,
      state: a.state,
      stateChangedAt: a.stateChangedAt.toISOString(),
      heartbeatIntervalSeconds: a.heartbeatIntervalSeconds,
      graceSeconds: a.graceSeconds,
      lastHeartbeatAt: iso(a.lastHeartbeatAt),
      healthScore: a.healthScore,
      healthStatus: a.healthStatus as HealthStatus | null,
      healthTrend: a.healthTrend as HealthTrend | null,
      implemented: asRecord(a.metadata).implemented !== false,
    }));
  }),

  /** Number of agents in each state (all states present, zeros included). */
  stateCounts: publicProcedure.query(async ({ ctx }) => {
    const groups = await ctx.prisma.agent.groupBy({ by: ["state"], _count: { _all: true } });
    const states = ["active", "late", "unresponsive", "recovering", "failed", "paused", "stopped", "registered"] as const;
    return states.map((state) => ({ state, count: groups.find((g) => g.state === state)?._count._all ?? 0 }));
  }),

  /** Heartbeats received per minute over the last `minutes`, split built-in / external, zero-filled. */
  heartbeatRate: publicProcedure.input(z.object({ minutes: z.number().int().min(5).max(1440).default(60) }).default({ minutes: 60 })).query(async ({ ctx, input }) => {
    const { rows } = await ctx.pool.query<{ minute: Date; builtin: string; external: string }>(
      `SELECT date_trunc('minute', h.received_at) AS minute,
              count(*) FILTER (WHERE a.kind = 'builtin') AS builtin,
              count(*) FILTER (WHERE a.kind <> 'builtin') AS external
         FROM heartbeats h JOIN agents a ON a.id = h.agent_id
        WHERE h.received_at >= date_trunc('minute', now()) - make_interval(mins => $1::int)
        GROUP BY 1 ORDER BY 1`,
      [input.minutes - 1],
    );
    const byMinute = new Map(rows.map((r) => [r.minute.getTime(), r]));
    const end = Math.floor(Date.now() / 60_000) * 60_000;
    const points: { t: number; builtin: number; external: number }[] = [];
    for (let t = end - (input.minutes - 1) * 60_000; t <= end; t += 60_000) {
      const r = byMinute.get(t);
      points.push({ t, builtin: Number(r?.builtin ?? 0), external: Number(r?.external ?? 0) });
    }
    return points;
  }),

  /** One agent with its health breakdown; NOT_FOUND for an unknown id. */
  byId: publicProcedure.input(z.object({ id: agentId })).query(async ({ ctx, input }) => {
    const a = await ctx.prisma.agent.findUnique({ where: { id: input.id } });
    if (!a) throw new TRPCError({ code: "NOT_FOUND", message: `No agent with id "${input.id}"` });
    const spec = BUILTIN_AGENTS.find((b) => b.id === a.id);
    const metadata = asRecord(a.metadata);
    const { health, healthStatus, healthTrend, ...dto } = toAgentDto(a);
    return {
      ...dto,
      healthStatus: healthStatus as HealthStatus | null,
      healthTrend: healthTrend as HealthTrend | null,
      health,
      implemented: metadata.implemented !== false,
      cycleSeconds: spec?.cycleSeconds ?? null,
      metadata: JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>,
    };
  }),

  /** The agent's health score over time (from health_snapshots), bucketed. */
  healthHistory: publicProcedure.input(z.object({ id: agentId, range: rangeInput })).query(async ({ ctx, input }) => {
    const r = RANGES[input.range];
    const { rows } = await ctx.pool.query<{ bucket: Date; score: number }>(
      `SELECT date_bin(make_interval(secs => $3::int), computed_at, TIMESTAMPTZ '2000-01-01') AS bucket, avg(score)::float8 AS score
         FROM health_snapshots
        WHERE agent_id = $1 AND computed_at > now() - make_interval(mins => $2::int)
        GROUP BY 1 ORDER BY 1`,
      [input.id, r.minutes, r.bucketSeconds],
    );
    return rows.map((row) => ({ t: row.bucket.getTime(), score: Math.round(row.score * 10) / 10 }));
  }),

  /** Metric series of one agent, averaged per bucket (1 min / 5 min / 15 min for 1h / 6h / 24h). */
  metrics: publicProcedure.input(z.object({ id: agentId, range: rangeInput })).query(async ({ ctx, input }) => {
    const r = RANGES[input.range];
    const { rows } = await ctx.pool.query<{ name: string; unit: string | null; bucket: Date; avg: number; min: number; max: number; n: string }>(
      `SELECT name, max(unit) AS unit,
              date_bin(make_interval(secs => $3::int), timestamp, TIMESTAMPTZ '2000-01-01') AS bucket,
              avg(value)::float8 AS avg, min(value)::float8 AS min, max(value)::float8 AS max, count(*) AS n
         FROM metrics
        WHERE agent_id = $1 AND timestamp > now() - make_interval(mins => $2::int) AND timestamp <= now() + interval '5 minutes'
        GROUP BY name, 3 ORDER BY name, 3`,
      [input.id, r.minutes, r.bucketSeconds],
    );
    const series = new Map<string, { name: string; unit: string | null; samples: number; latest: number | null; points: { t: number; value: number; min: number; max: number }[] }>();
    for (const row of rows) {
      let s = series.get(row.name);
      if (!s) {
        s = { name: row.name, unit: row.unit, samples: 0, latest: null, points: [] };
        series.set(row.name, s);
      }
      s.unit ??= row.unit;
      s.samples += Number(row.n);
      s.points.push({ t: row.bucket.getTime(), value: round(row.avg), min: round(row.min), max: round(row.max) });
      s.latest = round(row.avg);
    }
    return { range: input.range, bucketSeconds: r.bucketSeconds, series: [...series.values()].slice(0, 24) };
  }),

  /** Recent heartbeats (newest first) plus per-minute counts for the last hour. */
  heartbeats: publicProcedure.input(z.object({ id: agentId, limit: z.number().int().min(1).max(200).default(25) })).query(async ({ ctx, input }) => {
    const [recent, perMinute] = await Promise.all([
      ctx.prisma.heartbeat.findMany({ where: { agentId: input.id }, orderBy: { receivedAt: "desc" }, take: input.limit }),
      ctx.pool.query<{ minute: Date; n: string }>(
        `SELECT date_trunc('minute', received_at) AS minute, count(*) AS n FROM heartbeats
          WHERE agent_id = $1 AND received_at >= date_trunc('minute', now()) - interval '59 minutes'
          GROUP BY 1`,
        [input.id],
      ),
    ]);
    const counts = new Map(perMinute.rows.map((r) => [r.minute.getTime(), Number(r.n)]));
    const end = Math.floor(Date.now() / 60_000) * 60_000;
    const minutes: { t: number; count: number }[] = [];
    for (let t = end - 59 * 60_000; t <= end; t += 60_000) minutes.push({ t, count: counts.get(t) ?? 0 });
    return {
      minutes,
      recent: recent.map((h) => ({
        id: h.id.toString(),
        receivedAt: h.receivedAt.toISOString(),
        status: h.status,
        metrics: h.metrics && typeof h.metrics === "object" && !Array.isArray(h.metrics) ? (h.metrics as Record<string, number>) : null,
      })),
    };
  }),

  /** Cycles of a built-in agent, newest first. */
  cycles: publicProcedure.input(z.object({ id: agentId, limit: z.number().int().min(1).max(200).default(20) })).query(async ({ ctx, input }) => {
    const rows = await ctx.prisma.agentCycle.findMany({ where: { agentId: input.id }, orderBy: { startedAt: "desc" }, take: input.limit });
    return rows.map((c) => ({
      id: c.id.toString(),
      workerId: c.workerId,
      startedAt: c.startedAt.toISOString(),
      endedAt: iso(c.endedAt),
      status: c.status,
      error: c.error,
      durationMs: c.durationMs,
    }));
  }),

  /** State transitions (agent_state_changes), newest first. */
  stateChanges: publicProcedure.input(z.object({ id: agentId, limit: z.number().int().min(1).max(200).default(20) })).query(async ({ ctx, input }) => {
    const rows = await ctx.prisma.agentStateChange.findMany({ where: { agentId: input.id }, orderBy: { createdAt: "desc" }, take: input.limit });
    return rows.map((s) => ({ id: s.id.toString(), fromState: s.fromState, toState: s.toState, reason: s.reason, at: s.createdAt.toISOString() }));
  }),
});

function round(v: number): number {
  if (!Number.isFinite(v)) return 0;
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
