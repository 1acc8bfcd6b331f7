import type { Pool } from "pg";
import type { PrismaClient } from "../db/client";
import { efficiencyScore } from "./efficiency";
import { assessQuality, outputText } from "./quality";
import { buildLlmReport, type LlmReport } from "./report";

/**
 * The langsmith_bridge agent's work: each cycle analyzes newly ingested or changed runs
 * (quality, efficiency, explicit feedback), refreshes the daily rollups of the days they touch,
 * and writes the BI report. Analysis clears a run's `dirty` flag only if the run did not change
 * meanwhile (same updated_at), so a patch that lands mid-cycle is analyzed next cycle.
 */

const ANALYZE_BATCH = 1000;
const MAX_BATCHES_PER_CYCLE = 20;
const KEEP_REPORTS = 200;

interface DirtyRow {
  id: string;
  updated_at: Date;
  status: string;
  out: string | null;
  output_tokens: number | null;
  total_tokens: number | null;
  input_tokens: number | null;
  latency_ms: number | null;
  finish_reason: string | null;
  cost: string | null;
  feedback: number | null;
  day: string;
}

/** Analyzes up to `limit` dirty runs; returns how many, and the UTC days they belong to. */
export async function analyzeDirtyRuns(pool: Pool, limit = ANALYZE_BATCH): Promise<{ analyzed: number; days: string[] }> {
  const { rows } = await pool.query<DirtyRow>(
    `SELECT r.id, r.updated_at, r.status, left(r.outputs::text, 40000) AS out, r.output_tokens, r.total_tokens, r.input_tokens, r.latency_ms,
       r.finish_reason, r.cost::text AS cost, to_char(r.start_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       (SELECT avg(f.score) FROM llm_feedback f WHERE f.run_id = r.id AND f.score BETWEEN 0 AND 1) AS feedback
     FROM llm_runs r WHERE r.dirty ORDER BY r.updated_at LIMIT $1`,
    [limit],
  );
  if (rows.length === 0) return { analyzed: 0, days: [] };
  const results = rows.map((r) => {
    let outputs: unknown = null;
    try {
      outputs = r.out === null ? null : JSON.parse(r.out);
    } catch {
      outputs = r.out; // cut off by left(): assess the raw text
    }
    const feedback = r.feedback === null ? null : Number(r.feedback);
    const q = assessQuality({ status: r.status, outputText: outputText(outputs), outputTokens: r.output_tokens, latencyMs: r.latency_ms, finishReason: r.finish_reason, feedbackScore: feedback });
    const total = r.total_tokens ?? (r.input_tokens !== null || r.output_tokens !== null ? (r.input_tokens ?? 0) + (r.output_tokens ?? 0) : null);
    const e = efficiencyScore({ costUsd: r.cost === null ? null : Number(r.cost), totalTokens: total, outputTokens: r.output_tokens, latencyMs: r.latency_ms, qualityScore: q.score });
    return { r, q, e, feedback };
  });
  await pool.query(
    `UPDATE llm_runs r SET quality_score = u.score, quality_grade = u.grade, quality_factors = u.factors::jsonb, predicted_satisfaction = u.sat,
       efficiency_score = u.eff, feedback_score = u.feedback, analyzed_at = now(),
       dirty = (r.updated_at <> u.seen)
     FROM unnest($1::text[], $2::float8[], $3::text[], $4::text[], $5::float8[], $6::float8[], $7::float8[], $8::timestamptz[])
       AS u(id, score, grade, factors, sat, eff, feedback, seen)
     WHERE r.id = u.id`,
    [
      results.map((x) => x.r.id),
      results.map((x) => x.q.score),
      results.map((x) => x.q.grade),
      results.map((x) => JSON.stringify({ ...x.q.factors, assessed: x.q.assessed, efficiency: x.e.parts })),
      results.map((x) => x.q.predictedSatisfaction),
      results.map((x) => x.e.score),
      results.map((x) => x.feedback),
      results.map((x) => x.r.updated_at.toISOString()),
    ],
  );
  return { analyzed: rows.length, days: [...new Set(rows.map((r) => r.day))] };
}

/** Rewrites llm_daily_rollups for the given UTC days from the runs (delete + insert, one transaction). */
async function refreshRollups(pool: Pool, days: readonly string[]): Promise<number> {
  if (days.length === 0) return 0;
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("DELETE FROM llm_daily_rollups WHERE day = ANY($1::date[])", [days]);
    const r = await client.query(
      `INSERT INTO llm_daily_rollups (day, project, model, runs, errors, input_tokens, output_tokens, cache_read_tokens, reasoning_tokens, cost, unpriced_runs, avg_latency_ms, avg_quality, avg_efficiency, updated_at)
       SELECT (start_time AT TIME ZONE 'UTC')::date, project, COALESCE(model, '(unknown)'), count(*), count(*) FILTER (WHERE status = 'error'),
         COALESCE(sum(input_tokens), 0), COALESCE(sum(output_tokens), 0), COALESCE(sum(cache_read_tokens), 0), COALESCE(sum(reasoning_tokens), 0),
         COALESCE(sum(cost), 0), count(*) FILTER (WHERE cardinality(unpriced_tokens) > 0), avg(latency_ms), avg(quality_score), avg(efficiency_score), now()
       FROM llm_runs WHERE (start_time AT TIME ZONE 'UTC')::date = ANY($1::date[])
       GROUP BY 1, 2, 3`,
      [days],
    );
    await client.query("COMMIT");
    return r.rowCount ?? 0;
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function storeReport(pool: Pool, report: LlmReport): Promise<void> {
  await pool.query("INSERT INTO llm_reports (generated_at, duration_ms, body) VALUES ($1, $2, $3::jsonb)", [report.generatedAt, report.durationMs, JSON.stringify(report)]);
  await pool.query(`DELETE FROM llm_reports WHERE id < (SELECT min(id) FROM (SELECT id FROM llm_reports ORDER BY id DESC LIMIT ${KEEP_REPORTS}) k)`);
}

export interface BridgeCycleResult {
  analyzed: number;
  rollupRows: number;
  reportMs: number;
  recommendations: number;
}

export async function runBridgeCycle(prisma: PrismaClient, pool: Pool, now = new Date()): Promise<BridgeCycleResult> {
  let analyzed = 0;
  const days = new Set<string>([now.toISOString().slice(0, 10)]);
  for (let i = 0; i < MAX_BATCHES_PER_CYCLE; i++) {
    const r = await analyzeDirtyRuns(pool);
    analyzed += r.analyzed;
    for (const d of r.days) days.add(d);
    if (r.analyzed < ANALYZE_BATCH) break;
  }
  const rollupRows = await refreshRollups(pool, [...days]);
  const report = await buildLlmReport(prisma, pool, now);
  await storeReport(pool, report);
  return { analyzed, rollupRows, reportMs: report.durationMs, recommendations: report.recommendations.length };
}
