import type { Pool } from "pg";
import type { LsFeedback } from "./langsmith";

/**
 * Explicit feedback (LangSmith `feedback.<id>` parts and POST /feedback): upserted by id, then the
 * run's feedback_score becomes the mean of its numeric scores in [0, 1] and the run is marked for
 * re-analysis (quality blends explicit feedback in). Feedback may arrive before its run: the
 * score is applied when the bridge analyses the run (it reads llm_feedback itself).
 */
export async function storeFeedback(pool: Pool, items: readonly LsFeedback[]): Promise<number> {
  if (items.length === 0) return 0;
  const j = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));
  const ins = await pool.query<{ run_id: string | null }>(
    `INSERT INTO llm_feedback (id, run_id, trace_id, key, score, value, comment, correction, source)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::float8[], $6::text[]::jsonb[], $7::text[], $8::text[]::jsonb[], $9::text[]::jsonb[])
       ON CONFLICT (id) DO UPDATE SET run_id = COALESCE(EXCLUDED.run_id, llm_feedback.run_id), trace_id = COALESCE(EXCLUDED.trace_id, llm_feedback.trace_id),
         key = EXCLUDED.key, score = EXCLUDED.score, value = EXCLUDED.value, comment = EXCLUDED.comment, correction = EXCLUDED.correction, source = EXCLUDED.source
       RETURNING run_id`,
    [
      items.map((f) => f.id),
      items.map((f) => f.run_id ?? null),
      items.map((f) => f.trace_id ?? null),
      items.map((f) => f.key),
      items.map((f) => f.score ?? null),
      items.map((f) => j(f.value)),
      items.map((f) => f.comment ?? null),
      items.map((f) => j(f.correction)),
      items.map((f) => j(f.feedback_source)),
    ],
  );
  // A separate statement: a data-modifying CTE would not see the rows it just inserted.
  const runIds = [...new Set(ins.rows.flatMap((r) => (r.run_id ? [r.run_id] : [])))];
  if (runIds.length) await applyFeedbackScores(pool, runIds);
  return items.length;
}

async function applyFeedbackScores(pool: Pool, runIds: readonly string[]): Promise<void> {
  await pool.query(
    `UPDATE llm_runs r SET dirty = true, updated_at = now(),
       feedback_score = (SELECT avg(f.score) FROM llm_feedback f WHERE f.run_id = r.id AND f.score BETWEEN 0 AND 1)
     WHERE r.id = ANY($1::text[])`,
    [runIds],
  );
}
