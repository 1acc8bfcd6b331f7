import type { Pool } from "pg";
import type { PrismaClient } from "../db/client";
import { efficiencyRating } from "./efficiency";
import { CACHEABLE_INPUT_TOKENS, recommend, SHORT_INPUT_TOKENS, SHORT_OUTPUT_TOKENS, type ModelAggregate, type Recommendation } from "./optimize";
import { loadPrices } from "./prices";
import { usdOrZero } from "./money";
import { GRADES, type Grade } from "../vocabulary";

/**
 * The LLM BI report: spend by model / day / project, trends, grade distribution,
 * cost-efficiency rating and optimizations in $ per 1K conversations. A handful of set-based
 * queries over the window (indexed on start_time), so it stays well under the 5 s budget;
 * `npm run bench` measures it. Sums of money are done by Postgres numeric and returned as text.
 */

const REPORT_DAYS = 30;

export interface LlmReport {
  generatedAt: string;
  durationMs: number;
  windowDays: number;
  spend: { today: string; last7d: string; last30d: string };
  runs: { today: number; last7d: number; last30d: number };
  conversations: number;
  unpricedRuns: number;
  byModel: { model: string; runs: number; cost: string; inputTokens: number; outputTokens: number; errorRate: number; avgLatencyMs: number | null; avgQuality: number | null; avgEfficiency: number | null }[];
  byDay: { day: string; cost: string; runs: number }[];
  byProject: { project: string; runs: number; cost: string }[];
  trends: { last7dCost: string; prev7dCost: string; costChangePct: number | null; runsChangePct: number | null; qualityChange: number | null };
  grades: Record<Grade, number>;
  efficiency: { average: number | null; rating: ReturnType<typeof efficiencyRating> };
  recommendations: Recommendation[];
}

const pct = (now: number, before: number) => (before > 0 ? Math.round(((now - before) / before) * 1000) / 10 : null);
const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

interface LlmTotals {
  /** Spend (numeric as text, null without runs) today (UTC), over 7 and over 30 days. */
  today: string | null;
  d7: string | null;
  d30: string | null;
  runs_today: number;
  runs7: number;
  runs30: number;
  conversations: number;
  unpriced: number;
  eff: number | null;
}

/** Spend and run counts over the report window (30 days) ending at `now`: the report's headline, the help agent's LLM context. */
export async function llmTotals(pool: Pool, now: Date): Promise<LlmTotals> {
  const since = new Date(now.getTime() - REPORT_DAYS * 86_400_000);
  const { rows } = await pool.query<LlmTotals>(
    `SELECT
       sum(cost) FILTER (WHERE start_time >= date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')::text AS today,
       sum(cost) FILTER (WHERE start_time >= $2::timestamptz - interval '7 days')::text AS d7,
       sum(cost)::text AS d30,
       count(*) FILTER (WHERE start_time >= date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')::int AS runs_today,
       count(*) FILTER (WHERE start_time >= $2::timestamptz - interval '7 days')::int AS runs7,
       count(*)::int AS runs30,
       count(DISTINCT trace_id)::int AS conversations,
       count(*) FILTER (WHERE cardinality(unpriced_tokens) > 0)::int AS unpriced,
       avg(efficiency_score)::float8 AS eff
     FROM llm_runs WHERE start_time >= $1::timestamptz AND start_time <= $2::timestamptz`,
    [since.toISOString(), now.toISOString()],
  );
  return rows[0]!;
}

export async function buildLlmReport(prisma: PrismaClient, pool: Pool, now = new Date()): Promise<LlmReport> {
  const t0 = performance.now();
  const since = new Date(now.getTime() - REPORT_DAYS * 86_400_000);
  const p = [since.toISOString(), now.toISOString()];
  const window = "start_time >= $1::timestamptz AND start_time <= $2::timestamptz";
  const [totals, byModel, byDay, byProject, trend, grades, aggs, prices] = await Promise.all([
    llmTotals(pool, now),
    pool.query(
      `SELECT model, count(*)::int AS runs, COALESCE(sum(cost), 0)::text AS cost, COALESCE(sum(input_tokens), 0)::bigint AS input, COALESCE(sum(output_tokens), 0)::bigint AS output,
         avg((status = 'error')::int) AS error_rate, avg(latency_ms) AS latency, avg(quality_score) AS quality, avg(efficiency_score) AS eff
       FROM llm_runs WHERE ${window} AND model IS NOT NULL GROUP BY model ORDER BY sum(cost) DESC NULLS LAST, count(*) DESC LIMIT 50`,
      p,
    ),
    pool.query(
      `SELECT to_char(date_trunc('day', start_time AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, COALESCE(sum(cost), 0)::text AS cost, count(*)::int AS runs
       FROM llm_runs WHERE ${window} GROUP BY 1 ORDER BY 1`,
      p,
    ),
    pool.query(`SELECT project, count(*)::int AS runs, COALESCE(sum(cost), 0)::text AS cost FROM llm_runs WHERE ${window} GROUP BY project ORDER BY sum(cost) DESC NULLS LAST LIMIT 50`, p),
    pool.query(
      `SELECT COALESCE(sum(cost) FILTER (WHERE start_time >= $1::timestamptz - interval '7 days'), 0)::text AS c7,
         COALESCE(sum(cost) FILTER (WHERE start_time < $1::timestamptz - interval '7 days'), 0)::text AS p7,
         count(*) FILTER (WHERE start_time >= $1::timestamptz - interval '7 days')::int AS r7,
         count(*) FILTER (WHERE start_time < $1::timestamptz - interval '7 days')::int AS rp7,
         avg(quality_score) FILTER (WHERE start_time >= $1::timestamptz - interval '7 days') AS q7,
         avg(quality_score) FILTER (WHERE start_time < $1::timestamptz - interval '7 days') AS qp7
       FROM llm_runs WHERE start_time >= $1::timestamptz - interval '14 days' AND start_time <= $1::timestamptz`,
      [p[1]],
    ),
    pool.query(`SELECT quality_grade AS grade, count(*)::int AS n FROM llm_runs WHERE ${window} AND quality_grade IS NOT NULL GROUP BY 1`, p),
    pool.query(
      `SELECT model,
         count(*) FILTER (WHERE short)::int AS short_runs, COALESCE(sum(cost) FILTER (WHERE short), 0)::text AS short_cost,
         COALESCE(sum(input_tokens) FILTER (WHERE short), 0)::bigint AS si, COALESCE(sum(output_tokens) FILTER (WHERE short), 0)::bigint AS so,
         COALESCE(sum(cache_read_tokens) FILTER (WHERE short), 0)::bigint AS scr, COALESCE(sum(cache_write_tokens) FILTER (WHERE short), 0)::bigint AS scw,
         COALESCE(sum(reasoning_tokens) FILTER (WHERE short), 0)::bigint AS sr,
         count(*) FILTER (WHERE cacheable)::int AS cache_runs, COALESCE(sum(input_tokens - COALESCE(cache_write_tokens, 0)) FILTER (WHERE cacheable), 0)::bigint AS cache_input
       FROM (SELECT *, (input_tokens <= ${SHORT_INPUT_TOKENS} AND COALESCE(output_tokens, 0) <= ${SHORT_OUTPUT_TOKENS}) AS short,
                       (input_tokens >= ${CACHEABLE_INPUT_TOKENS} AND COALESCE(cache_read_tokens, 0) = 0) AS cacheable
             FROM llm_runs WHERE ${window} AND model IS NOT NULL AND status = 'success' AND cost IS NOT NULL
               AND cardinality(unpriced_tokens) = 0 AND input_tokens IS NOT NULL) r
       GROUP BY model`,
      p,
    ),
    loadPrices(prisma),
  ]);
  const t = totals;
  const tr = trend.rows[0];
  const gradeCounts = Object.fromEntries(GRADES.map((g) => [g, grades.rows.find((r) => r.grade === g)?.n ?? 0])) as Record<Grade, number>;
  const aggregates: ModelAggregate[] = aggs.rows.map((a) => ({
    model: a.model,
    short: { runs: a.short_runs, cost: usdOrZero(a.short_cost), usage: { input: Number(a.si), output: Number(a.so), cacheRead: Number(a.scr), cacheWrite: Number(a.scw), reasoning: Number(a.sr) } },
    cacheable: { runs: a.cache_runs, inputTokens: Number(a.cache_input) },
  }));
  const avgEff = t.eff === null ? null : round1(Number(t.eff));
  return {
    generatedAt: now.toISOString(),
    durationMs: Math.round(performance.now() - t0),
    windowDays: REPORT_DAYS,
    spend: { today: usdOrZero(t.today), last7d: usdOrZero(t.d7), last30d: usdOrZero(t.d30) },
    runs: { today: t.runs_today, last7d: t.runs7, last30d: t.runs30 },
    conversations: t.conversations,
    unpricedRuns: t.unpriced,
    byModel: byModel.rows.map((m) => ({
      model: m.model,
      runs: m.runs,
      cost: usdOrZero(m.cost),
      inputTokens: Number(m.input),
      outputTokens: Number(m.output),
      errorRate: Math.round(Number(m.error_rate) * 1000) / 10,
      avgLatencyMs: m.latency === null ? null : Math.round(Number(m.latency)),
      avgQuality: m.quality === null ? null : round1(Number(m.quality)),
      avgEfficiency: m.eff === null ? null : round1(Number(m.eff)),
    })),
    byDay: byDay.rows.map((d) => ({ day: d.day, cost: usdOrZero(d.cost), runs: d.runs })),
    byProject: byProject.rows.map((r) => ({ project: r.project, runs: r.runs, cost: usdOrZero(r.cost) })),
    trends: {
      last7dCost: usdOrZero(tr.c7),
      prev7dCost: usdOrZero(tr.p7),
      costChangePct: pct(Number(tr.c7), Number(tr.p7)),
      runsChangePct: pct(tr.r7, tr.rp7),
      qualityChange: tr.q7 === null || tr.qp7 === null ? null : round1(Number(tr.q7) - Number(tr.qp7)),
    },
    grades: gradeCounts,
    efficiency: { average: avgEff, rating: efficiencyRating(avgEff) },
    recommendations: recommend(aggregates, prices, t.conversations, now).slice(0, 10),
  };
}
