/**
 * Retention of the help agent's data (nothing grows without bound), enforced by each
 * ai_help_agent cycle with the limits of limits.ts:
 * - conversations untouched for conversationMaxAgeDays are deleted (messages cascade);
 * - per owner, conversations beyond maxConversationsPerOwner (oldest first) are deleted;
 * - finished async requests older than requestMaxAgeDays are deleted;
 * - operator documents beyond maxDocuments or maxTotalDocumentBytes (oldest first) are deleted,
 *   for when an operator lowers a limit (writes are already refused above it).
 * Each rule is one set-based DELETE, so a cycle costs the same however much there is to trim.
 */
import type { Pool } from "pg";
import type { HelpLimits } from "./limits";

export interface RetentionResult {
  conversationsExpired: number;
  conversationsOverLimit: number;
  requestsExpired: number;
  documentsTrimmed: number;
}

export async function enforceRetention(pool: Pool, limits: HelpLimits, now = new Date()): Promise<RetentionResult> {
  const expired = await pool.query(`DELETE FROM help_conversations WHERE updated_at < $1::timestamptz - make_interval(days => $2)`, [now, limits.conversationMaxAgeDays]);
  const over = await pool.query(
    `DELETE FROM help_conversations WHERE id IN (
       SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY owner ORDER BY updated_at DESC, id DESC) AS n FROM help_conversations) r WHERE r.n > $1)`,
    [limits.maxConversationsPerOwner],
  );
  const requests = await pool.query(
    `DELETE FROM help_requests WHERE status IN ('answered', 'failed') AND coalesce(answered_at, created_at) < $1::timestamptz - make_interval(days => $2)`,
    [now, limits.requestMaxAgeDays],
  );
  const docs = await pool.query(
    `DELETE FROM knowledge_documents WHERE id IN (
       SELECT id FROM (
         SELECT id, row_number() OVER (ORDER BY updated_at DESC, id DESC) AS n,
                sum(bytes) OVER (ORDER BY updated_at DESC, id DESC) AS running
           FROM knowledge_documents WHERE source = 'operator') r
        WHERE r.n > $1 OR r.running > $2)`,
    [limits.maxDocuments, limits.maxTotalDocumentBytes],
  );
  return { conversationsExpired: expired.rowCount ?? 0, conversationsOverLimit: over.rowCount ?? 0, requestsExpired: requests.rowCount ?? 0, documentsTrimmed: docs.rowCount ?? 0 };
}

/**
 * The cycle's grading pass over recent answers: each answer's grade is the quality score the
 * grader gave when it was composed, lowered by 20 when the asker gave it a thumbs down (the one
 * signal the grader cannot see). Answers are re-graded when feedback arrives after grading.
 */
const THUMBS_DOWN_PENALTY = 20;

export async function gradeRecentAnswers(pool: Pool, limit = 200): Promise<number> {
  const r = await pool.query(
    `UPDATE help_messages m
        SET quality_score = greatest(0, coalesce((m.answer->'quality'->>'score')::float8, 0) - CASE WHEN m.feedback = 'down' THEN $2 ELSE 0 END),
            graded_at = now()
      WHERE m.id IN (SELECT id FROM help_messages
                      WHERE role = 'assistant' AND (graded_at IS NULL OR (feedback_at IS NOT NULL AND feedback_at > graded_at))
                      ORDER BY created_at LIMIT $1)`,
    [limit, THUMBS_DOWN_PENALTY],
  );
  return r.rowCount ?? 0;
}
