/**
 * Anomaly detection over newly arrived metric points (the performance monitor's cycle) and the
 * reads of stored anomalies. Each cycle:
 *  1. takes the metric rows with ids above a stored watermark (only recent data: rows whose
 *     timestamp is more than 10 min old — backfills — are skipped),
 *  2. loads, per (agent, metric) in that batch, the preceding `window` points in one query
 *     (index range per pair),
 *  3. scores every new point with score.ts, oldest first, each against the points before it,
 *  4. stores the flagged ones (`ON CONFLICT (metric_id) DO NOTHING`: a point is flagged once,
 *     even if two cycles overlap) and advances the watermark.
 * Metric ids are assigned at insert; a batch still being committed while we read can leave a
 * lower id behind the watermark — such a point is not scored (rare; documented trade-off for
 * a cheap incremental scan).
 * Vigil's own built-in agents are left out: their timing metrics are bursty by nature and they
 * are watched by the coordinator and the self-healing agent.
 */
import type { Db, PrismaClient } from "../db/client";
import { encodeCursor, olderThan, page, type Cursor } from "../db/paging";
import { ISSUE_SEVERITIES, type IssueSeverity } from "../vocabulary";
import { classify, DEFAULT_ANOMALY, type AnomalyConfig } from "./score";

const WATERMARK_KEY = "performance_monitor.watermark";
const MAX_POINTS_PER_CYCLE = 20_000;
const POINTS_PER_BATCH = 5_000;
/** (agent, metric) pairs whose history is loaded per query: bounds memory to ~PAIRS × window rows. */
const PAIRS_PER_QUERY = 250;
const BACKFILL_SECONDS = 600;

export interface DetectionSummary {
  scanned: number;
  flagged: number;
  stored: number;
  agentIds: string[];
  /** Seconds from the newest flagged point's timestamp to its detection (flag latency). */
  maxLatencySeconds: number | null;
}

interface NewPoint {
  id: bigint;
  agent_id: string;
  name: string;
  value: number;
  timestamp: Date;
}

async function readWatermark(prisma: PrismaClient): Promise<bigint | null> {
  const row = await prisma.setting.findUnique({ where: { key: WATERMARK_KEY } });
  const v = row?.value as { lastId?: string } | undefined;
  return v?.lastId ? BigInt(v.lastId) : null;
}

/**
 * One monitor cycle: up to MAX_POINTS_PER_CYCLE new points, read and scored in batches of
 * POINTS_PER_BATCH (each batch advances the watermark), so a burst is worked through with a
 * bounded amount of rows in memory at a time — the worker's memory budget is 200 MB RSS (docs/architecture.md).
 */
export async function runAnomalyDetection(prisma: PrismaClient, now = new Date(), cfg: AnomalyConfig = DEFAULT_ANOMALY): Promise<DetectionSummary> {
  const total: DetectionSummary = { scanned: 0, flagged: 0, stored: 0, agentIds: [], maxLatencySeconds: null };
  for (let done = 0; done < MAX_POINTS_PER_CYCLE; done += POINTS_PER_BATCH) {
    const r = await detectBatch(prisma, now, cfg);
    total.scanned += r.scanned;
    total.flagged += r.flagged;
    total.stored += r.stored;
    total.agentIds = [...new Set([...total.agentIds, ...r.agentIds])];
    if (r.maxLatencySeconds !== null) total.maxLatencySeconds = Math.max(total.maxLatencySeconds ?? 0, r.maxLatencySeconds);
    if (r.scanned < POINTS_PER_BATCH) break;
  }
  return total;
}

async function detectBatch(prisma: PrismaClient, now: Date, cfg: AnomalyConfig): Promise<DetectionSummary> {
  let watermark = await readWatermark(prisma);
  if (watermark === null) {
    // First run: start with the last couple of minutes instead of the whole history.
    const r = await prisma.$queryRaw<{ id: bigint | null }[]>`SELECT min(id) - 1 AS id FROM metrics WHERE timestamp > ${new Date(now.getTime() - 120_000)}`;
    watermark = r[0]?.id ?? (await prisma.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM metrics`)[0]?.id ?? 0n;
  }
  const points = await prisma.$queryRaw<NewPoint[]>`
    SELECT m.id, m.agent_id, m.name, m.value, m.timestamp FROM metrics m JOIN agents a ON a.id = m.agent_id
     WHERE m.id > ${watermark} AND a.kind <> 'builtin' AND m.timestamp > ${new Date(now.getTime() - BACKFILL_SECONDS * 1000)}
     ORDER BY m.id LIMIT ${POINTS_PER_BATCH}`;
  const maxId = points.length ? points[points.length - 1]!.id : (await prisma.$queryRaw<{ id: bigint | null }[]>`SELECT max(id) AS id FROM metrics WHERE id > ${watermark}`)[0]?.id ?? watermark;
  const summary: DetectionSummary = { scanned: points.length, flagged: 0, stored: 0, agentIds: [], maxLatencySeconds: null };
  if (points.length) {
    const pairs = new Map<string, NewPoint[]>();
    for (const p of points) {
      const k = `${p.agent_id}\u0000${p.name}`;
      (pairs.get(k) ?? pairs.set(k, []).get(k)!).push(p);
    }
    const rows: { agentId: string; metric: string; metricId: bigint; value: number; expected: number | null; zScore: number | null; robustZ: number | null; score: number; severity: IssueSeverity; method: string; reason: string; metricAt: Date }[] = [];
    // History is loaded and scored a slice of pairs at a time: a burst touching thousands of
    // (agent, metric) pairs would otherwise pull pairs × window rows (5,000 × 60 = 300k) into
    // memory at once — measured by the bench as the worker's RSS blowing past its budget.
    const all = [...pairs.entries()];
    for (let from = 0; from < all.length; from += PAIRS_PER_QUERY) {
      const slice = all.slice(from, from + PAIRS_PER_QUERY);
      const keys = slice.map(([, list]) => ({ agent: list[0]!.agent_id, name: list[0]!.name, first: list.reduce((a, b) => (a.timestamp < b.timestamp ? a : b)) }));
      // The `window` points before each pair's oldest new point.
      const history = await prisma.$queryRaw<{ agent_id: string; name: string; value: number; timestamp: Date; id: bigint }[]>`
        SELECT k.agent_id, k.name, h.value, h.timestamp, h.id
          FROM unnest(${keys.map((k) => k.agent)}::text[], ${keys.map((k) => k.name)}::text[], ${keys.map((k) => k.first.timestamp.toISOString())}::timestamptz[], ${keys.map((k) => k.first.id.toString())}::bigint[])
               AS k(agent_id, name, ts, id)
          CROSS JOIN LATERAL (
            SELECT value, timestamp, id FROM metrics m
             WHERE m.agent_id = k.agent_id AND m.name = k.name AND (m.timestamp < k.ts OR (m.timestamp = k.ts AND m.id < k.id))
             ORDER BY m.timestamp DESC, m.id DESC LIMIT ${cfg.window}
          ) h`;
      const past = new Map<string, { value: number; timestamp: Date; id: bigint }[]>();
      for (const h of history) {
        const k = `${h.agent_id}\u0000${h.name}`;
        (past.get(k) ?? past.set(k, []).get(k)!).push(h);
      }
      for (const [k, list] of slice) {
        const series = (past.get(k) ?? []).map((h) => ({ value: h.value, timestamp: h.timestamp, id: h.id }));
        series.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || Number(a.id - b.id));
        const values = series.map((s) => s.value);
        const ordered = [...list].sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || Number(a.id - b.id));
        for (const p of ordered) {
          const f = classify(p.name, values.slice(-cfg.window), p.value, cfg);
          values.push(p.value);
          if (!f) continue;
          rows.push({ agentId: p.agent_id, metric: p.name, metricId: p.id, value: p.value, expected: f.expected, zScore: f.zScore, robustZ: f.robustZ, score: f.score, severity: f.severity, method: f.method, reason: f.reason, metricAt: p.timestamp });
        }
      }
    }
    summary.flagged = rows.length;
    if (rows.length) {
      const res = await prisma.anomaly.createMany({ data: rows.map((r) => ({ ...r, detectedAt: new Date() })), skipDuplicates: true });
      summary.stored = res.count;
      summary.agentIds = [...new Set(rows.map((r) => r.agentId))];
      const newest = rows.reduce((a, b) => (a.metricAt > b.metricAt ? a : b));
      summary.maxLatencySeconds = Math.max(0, (Date.now() - newest.metricAt.getTime()) / 1000);
    }
  }
  await prisma.setting.upsert({ where: { key: WATERMARK_KEY }, create: { key: WATERMARK_KEY, value: { lastId: maxId.toString() } }, update: { value: { lastId: maxId.toString() } } });
  return summary;
}

/* ---------- reads ---------- */

export interface AnomalyDto {
  id: string;
  agentId: string;
  metric: string;
  value: number;
  expected: number | null;
  zScore: number | null;
  robustZ: number | null;
  score: number;
  severity: IssueSeverity;
  method: string;
  reason: string;
  metricAt: string;
  detectedAt: string;
  /** Seconds from the metric's timestamp to its detection. */
  latencySeconds: number;
}

type AnomalyRow = Awaited<ReturnType<PrismaClient["anomaly"]["findMany"]>>[number];

export function toAnomalyDto(a: AnomalyRow): AnomalyDto {
  const r = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    id: a.id.toString(),
    agentId: a.agentId,
    metric: a.metric,
    value: a.value,
    expected: r(a.expected),
    zScore: r(a.zScore),
    robustZ: r(a.robustZ),
    score: r(a.score)!,
    severity: a.severity,
    method: a.method,
    reason: a.reason,
    metricAt: a.metricAt.toISOString(),
    detectedAt: a.detectedAt.toISOString(),
    latencySeconds: Math.round((a.detectedAt.getTime() - a.metricAt.getTime()) / 100) / 10,
  };
}

export interface AnomalyQuery {
  agentId?: string;
  metric?: string;
  severities?: IssueSeverity[];
  since: Date;
  cursor?: Cursor;
  limit: number;
}

export async function listAnomalies(prisma: Db, q: AnomalyQuery): Promise<{ items: AnomalyDto[]; nextCursor: string | null }> {
  const rows = await prisma.anomaly.findMany({
    where: {
      agentId: q.agentId,
      metric: q.metric,
      severity: q.severities ? { in: q.severities } : undefined,
      detectedAt: { gte: q.since },
      ...olderThan("detectedAt", q.cursor),
    },
    orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  return page(rows, q.limit, (r) => encodeCursor(r.detectedAt, r.id), toAnomalyDto);
}

/** Anomalies detected in the last hour, in total and by issue severity. */
export async function recentAnomalyCounts(db: Db): Promise<{ lastHour: number } & Record<IssueSeverity, number>> {
  const groups = await db.anomaly.groupBy({ by: ["severity"], where: { detectedAt: { gt: new Date(Date.now() - 3_600_000) } }, _count: { _all: true } });
  const bySeverity = Object.fromEntries(ISSUE_SEVERITIES.map((s) => [s, groups.find((g) => g.severity === s)?._count._all ?? 0])) as Record<IssueSeverity, number>;
  return { lastHour: groups.reduce((n, g) => n + g._count._all, 0), ...bySeverity };
}

/** The metric's points around an anomaly (± `minutes`), for the chart that shows it in context. */
export async function pointsAround(prisma: Db, id: bigint, minutes = 10): Promise<{ anomaly: AnomalyDto; points: { t: number; value: number; anomalous: boolean }[] } | null> {
  const a = await prisma.anomaly.findUnique({ where: { id } });
  if (!a) return null;
  const from = new Date(a.metricAt.getTime() - minutes * 60_000);
  const to = new Date(a.metricAt.getTime() + minutes * 60_000);
  const [points, flagged] = await Promise.all([
    prisma.metric.findMany({ where: { agentId: a.agentId, name: a.metric, timestamp: { gte: from, lte: to } }, orderBy: [{ timestamp: "asc" }, { id: "asc" }], take: 2000, select: { id: true, value: true, timestamp: true } }),
    prisma.anomaly.findMany({ where: { agentId: a.agentId, metric: a.metric, metricAt: { gte: from, lte: to } }, select: { metricId: true } }),
  ]);
  const ids = new Set(flagged.map((f) => f.metricId));
  return { anomaly: toAnomalyDto(a), points: points.map((p) => ({ t: p.timestamp.getTime(), value: p.value, anomalous: ids.has(p.id) })) };
}
