import type { Db } from "../db/client";
import { toHeartbeatDto } from "./heartbeats";

/**
 * What agents did over time, for the dashboard's charts and tables: heartbeat rates, health
 * history, metric series, cycles and state changes. Series are bucketed in SQL (date_bin over
 * a fixed origin, so buckets line up between queries) and zero-filled here where a chart needs
 * every minute. Every function takes the Prisma client or a transaction first.
 */

/** Chart ranges of the agent page: how far back, and the bucket width that keeps ~60 points. */
export const SERIES_RANGES = {
  "1h": { minutes: 60, bucketSeconds: 60 },
  "6h": { minutes: 360, bucketSeconds: 300 },
  "24h": { minutes: 1440, bucketSeconds: 900 },
} as const;
export type SeriesRange = keyof typeof SERIES_RANGES;
export const SERIES_RANGE_KEYS = Object.keys(SERIES_RANGES) as [SeriesRange, ...SeriesRange[]];

const MINUTE_MS = 60_000;

/** The start of each of the last `minutes` minutes (the current one included), oldest first. */
function lastMinutes(minutes: number, now = Date.now()): number[] {
  const end = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  return Array.from({ length: minutes }, (_, i) => end - (minutes - 1 - i) * MINUTE_MS);
}

/** Heartbeats received per minute over the last `minutes`, split built-in / external, zero-filled. */
export async function heartbeatRate(db: Db, minutes: number): Promise<{ t: number; builtin: number; external: number }[]> {
  const rows = await db.$queryRaw<{ minute: Date; builtin: number; external: number }[]>`
    SELECT date_trunc('minute', h.received_at) AS minute,
           (count(*) FILTER (WHERE a.kind = 'builtin'))::int AS builtin,
           (count(*) FILTER (WHERE a.kind <> 'builtin'))::int AS external
      FROM heartbeats h JOIN agents a ON a.id = h.agent_id
     WHERE h.received_at >= date_trunc('minute', now()) - make_interval(mins => ${minutes - 1}::int)
     GROUP BY 1 ORDER BY 1`;
  const byMinute = new Map(rows.map((r) => [r.minute.getTime(), r]));
  return lastMinutes(minutes).map((t) => ({ t, builtin: byMinute.get(t)?.builtin ?? 0, external: byMinute.get(t)?.external ?? 0 }));
}

/** One agent's health score over the range (from health_snapshots), averaged per bucket. */
export async function agentHealthHistory(db: Db, agentId: string, range: SeriesRange): Promise<{ t: number; score: number }[]> {
  const r = SERIES_RANGES[range];
  const rows = await db.$queryRaw<{ bucket: Date; score: number }[]>`
    SELECT date_bin(make_interval(secs => ${r.bucketSeconds}::int), computed_at, TIMESTAMPTZ '2000-01-01') AS bucket, avg(score)::float8 AS score
      FROM health_snapshots
     WHERE agent_id = ${agentId} AND computed_at > now() - make_interval(mins => ${r.minutes}::int)
     GROUP BY 1 ORDER BY 1`;
  return rows.map((row) => ({ t: row.bucket.getTime(), score: Math.round(row.score * 10) / 10 }));
}

export interface MetricSeries {
  name: string;
  unit: string | null;
  samples: number;
  latest: number | null;
  points: { t: number; value: number; min: number; max: number }[];
}

/** At most this many metric names per agent page (the chart grid's size). */
const MAX_SERIES = 24;

/** One agent's metrics over the range, averaged per bucket (1 min / 5 min / 15 min for 1h / 6h / 24h). */
export async function agentMetricSeries(db: Db, agentId: string, range: SeriesRange): Promise<{ range: SeriesRange; bucketSeconds: number; series: MetricSeries[] }> {
  const r = SERIES_RANGES[range];
  // The upper bound leaves out points stamped in the future by a skewed agent clock.
  const rows = await db.$queryRaw<{ name: string; unit: string | null; bucket: Date; avg: number; min: number; max: number; n: number }[]>`
    SELECT name, max(unit) AS unit,
           date_bin(make_interval(secs => ${r.bucketSeconds}::int), timestamp, TIMESTAMPTZ '2000-01-01') AS bucket,
           avg(value)::float8 AS avg, min(value)::float8 AS min, max(value)::float8 AS max, count(*)::int AS n
      FROM metrics
     WHERE agent_id = ${agentId} AND timestamp > now() - make_interval(mins => ${r.minutes}::int) AND timestamp <= now() + interval '5 minutes'
     GROUP BY name, 3 ORDER BY name, 3`;
  const series = new Map<string, MetricSeries>();
  for (const row of rows) {
    let s = series.get(row.name);
    if (!s) {
      s = { name: row.name, unit: row.unit, samples: 0, latest: null, points: [] };
      series.set(row.name, s);
    }
    s.unit ??= row.unit;
    s.samples += row.n;
    s.points.push({ t: row.bucket.getTime(), value: roundForChart(row.avg), min: roundForChart(row.min), max: roundForChart(row.max) });
    s.latest = roundForChart(row.avg);
  }
  return { range, bucketSeconds: r.bucketSeconds, series: [...series.values()].slice(0, MAX_SERIES) };
}

/** Significant digits a chart can show: 1 decimal from 100 up, 2 from 1, 4 below. */
function roundForChart(v: number): number {
  if (!Number.isFinite(v)) return 0;
  const abs = Math.abs(v);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}

/** One agent's latest heartbeats (newest first) and its heartbeats per minute over the last hour. */
export async function agentHeartbeats(db: Db, agentId: string, limit: number) {
  const [recent, perMinute] = await Promise.all([
    db.heartbeat.findMany({ where: { agentId }, orderBy: { receivedAt: "desc" }, take: limit }),
    db.$queryRaw<{ minute: Date; n: number }[]>`
      SELECT date_trunc('minute', received_at) AS minute, count(*)::int AS n FROM heartbeats
       WHERE agent_id = ${agentId} AND received_at >= date_trunc('minute', now()) - interval '59 minutes'
       GROUP BY 1`,
  ]);
  const counts = new Map(perMinute.map((r) => [r.minute.getTime(), r.n]));
  return {
    minutes: lastMinutes(60).map((t) => ({ t, count: counts.get(t) ?? 0 })),
    recent: recent.map((h) => {
      const dto = toHeartbeatDto(h);
      return { ...dto, metrics: dto.metrics && typeof dto.metrics === "object" && !Array.isArray(dto.metrics) ? (dto.metrics as Record<string, number>) : null };
    }),
  };
}

/** Cycles of a built-in agent, newest first. */
export async function agentCycles(db: Db, agentId: string, limit: number) {
  const rows = await db.agentCycle.findMany({ where: { agentId }, orderBy: { startedAt: "desc" }, take: limit });
  return rows.map((c) => ({
    id: c.id.toString(),
    workerId: c.workerId,
    startedAt: c.startedAt.toISOString(),
    endedAt: c.endedAt ? c.endedAt.toISOString() : null,
    status: c.status,
    error: c.error,
    durationMs: c.durationMs,
  }));
}

/** An agent's state transitions (agent_state_changes), newest first. */
export async function agentStateChanges(db: Db, agentId: string, limit: number) {
  const rows = await db.agentStateChange.findMany({ where: { agentId }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((s) => ({ id: s.id.toString(), fromState: s.fromState, toState: s.toState, reason: s.reason, at: s.createdAt.toISOString() }));
}
