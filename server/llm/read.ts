import { z } from "zod";
import type { Pool } from "pg";
import { ApiError, issue } from "../http/errors";
import { cursorParam, limitParam, windowParams } from "../http/query";
import { encodeCursor, page } from "../db/paging";
import { canonicalUsd } from "./money";
import { GRADES, LLM_RUN_STATUSES } from "../vocabulary";

/**
 * Reads of stored runs for the public API and the dashboard: the run list (newest first,
 * keyset-paginated on (start_time, id)) and a trace as a tree. Cost is a decimal string of USD.
 */

export const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;

export const runsQuerySchema = z.strictObject({
  traceId: z.string().regex(RUN_ID_PATTERN, "traceId must be a run/trace id").optional(),
  model: z.string().min(1).max(200).optional(),
  project: z.string().min(1).max(200).optional(),
  status: z.enum(LLM_RUN_STATUSES, { error: `status must be one of ${LLM_RUN_STATUSES.join(", ")}` }).optional(),
  grade: z.enum(GRADES, { error: `grade must be one of ${GRADES.join(", ")}` }).optional(),
  ...windowParams,
  cursor: cursorParam(RUN_ID_PATTERN),
  limit: limitParam,
});

const COLS = `id, trace_id, parent_run_id, dotted_order, source, name, run_type, project, model, provider, status,
  start_time, end_time, latency_ms, input_tokens, output_tokens, total_tokens, cache_read_tokens, cache_write_tokens,
  reasoning_tokens, cost::text AS cost, user_cost::text AS user_cost, unpriced_tokens, cost_breakdown, quality_score,
  quality_grade, quality_factors, efficiency_score, predicted_satisfaction, feedback_score, finish_reason, tags, error`;

interface Row {
  id: string;
  trace_id: string;
  parent_run_id: string | null;
  dotted_order: string | null;
  source: string;
  name: string | null;
  run_type: string | null;
  project: string;
  model: string | null;
  provider: string | null;
  status: string;
  start_time: Date;
  end_time: Date | null;
  latency_ms: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
  cost: string | null;
  user_cost: string | null;
  unpriced_tokens: string[] | null;
  cost_breakdown: unknown;
  quality_score: number | null;
  quality_grade: string | null;
  quality_factors: unknown;
  efficiency_score: number | null;
  predicted_satisfaction: number | null;
  feedback_score: number | null;
  finish_reason: string | null;
  tags: string[] | null;
  error: string | null;
}

export function runDto(r: Row) {
  const total = r.total_tokens ?? (r.input_tokens !== null || r.output_tokens !== null ? (r.input_tokens ?? 0) + (r.output_tokens ?? 0) : null);
  return {
    id: r.id,
    traceId: r.trace_id,
    parentRunId: r.parent_run_id,
    dottedOrder: r.dotted_order,
    source: r.source,
    name: r.name,
    runType: r.run_type,
    project: r.project,
    model: r.model,
    provider: r.provider,
    status: r.status,
    startTime: r.start_time.toISOString(),
    endTime: r.end_time?.toISOString() ?? null,
    latencyMs: r.latency_ms,
    tokens: {
      input: r.input_tokens,
      output: r.output_tokens,
      total,
      cacheRead: r.cache_read_tokens,
      cacheWrite: r.cache_write_tokens,
      reasoning: r.reasoning_tokens,
    },
    cost: canonicalUsd(r.cost),
    userCost: canonicalUsd(r.user_cost),
    unpricedTokens: r.unpriced_tokens ?? [],
    costBreakdown: r.cost_breakdown ?? null,
    quality: r.quality_score === null ? null : { score: r.quality_score, grade: r.quality_grade, factors: r.quality_factors, predictedSatisfaction: r.predicted_satisfaction },
    grade: r.quality_grade,
    efficiencyScore: r.efficiency_score,
    feedbackScore: r.feedback_score,
    finishReason: r.finish_reason,
    tags: r.tags ?? [],
    error: r.error,
  };
}
export type RunDto = ReturnType<typeof runDto>;

export async function listRuns(pool: Pool, q: z.output<typeof runsQuerySchema>, defaultHours = 24 * 30): Promise<{ items: RunDto[]; nextCursor: string | null }> {
  if (q.minutes !== undefined && q.hours !== undefined) throw new ApiError(400, "invalid query parameters", [issue("hours", "give minutes or hours, not both")]);
  const minutes = q.minutes ?? (q.hours ?? defaultHours) * 60;
  const where = ["start_time >= now() - make_interval(mins => $1)"];
  const params: unknown[] = [minutes];
  const add = (sql: string, v: unknown) => {
    params.push(v);
    where.push(sql.replace("?", `$${params.length}`));
  };
  // A trace view wants the whole trace whatever its age.
  if (q.traceId) {
    where.length = 0;
    params.length = 0;
    add("trace_id = ?", q.traceId);
  }
  if (q.model) add("model = ?", q.model);
  if (q.project) add("project = ?", q.project);
  if (q.status) add("status = ?", q.status);
  if (q.grade) add("quality_grade = ?", q.grade);
  if (q.cursor) {
    params.push(q.cursor.at.toISOString(), q.cursor.id);
    where.push(`(start_time, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(q.limit + 1);
  const { rows } = await pool.query<Row>(`SELECT ${COLS} FROM llm_runs WHERE ${where.join(" AND ")} ORDER BY start_time DESC, id DESC LIMIT $${params.length}`, params);
  return page(rows, q.limit, (r) => encodeCursor(r.start_time, r.id), runDto);
}

/** Distinct projects and models seen in the last 30 days (the run list's filter dropdowns). */
export async function runFacets(pool: Pool): Promise<{ projects: string[]; models: string[] }> {
  const [p, m] = await Promise.all([
    pool.query<{ v: string }>("SELECT DISTINCT project AS v FROM llm_runs WHERE start_time > now() - interval '30 days' ORDER BY 1 LIMIT 200"),
    pool.query<{ v: string }>("SELECT DISTINCT model AS v FROM llm_runs WHERE start_time > now() - interval '30 days' AND model IS NOT NULL ORDER BY 1 LIMIT 200"),
  ]);
  return { projects: p.rows.map((r) => r.v), models: m.rows.map((r) => r.v) };
}

export interface TraceNode extends RunDto {
  children: TraceNode[];
  inputs: unknown;
  outputs: unknown;
}

const MAX_TRACE_RUNS = 5_000;

/** A trace as a tree (children in start order); runs whose parent has not arrived are roots. */
export async function getTrace(pool: Pool, traceId: string) {
  const { rows } = await pool.query<Row & { inputs: unknown; outputs: unknown }>(
    `SELECT ${COLS}, inputs, outputs FROM llm_runs WHERE trace_id = $1 ORDER BY dotted_order NULLS LAST, start_time, id LIMIT ${MAX_TRACE_RUNS}`,
    [traceId],
  );
  if (rows.length === 0) return null;
  const nodes = new Map<string, TraceNode>(rows.map((r) => [r.id, { ...runDto(r), inputs: r.inputs, outputs: r.outputs, children: [] }]));
  const roots: TraceNode[] = [];
  for (const n of nodes.values()) {
    const parent = n.parentRunId ? nodes.get(n.parentRunId) : undefined;
    if (parent && parent !== n) parent.children.push(n);
    else roots.push(n);
  }
  const byStart = (a: TraceNode, b: TraceNode) => a.startTime.localeCompare(b.startTime) || a.id.localeCompare(b.id);
  const sortRec = (list: TraceNode[]) => {
    list.sort(byStart);
    for (const c of list) sortRec(c.children);
  };
  sortRec(roots);
  const { rows: totals } = await pool.query<{ cost: string | null; input: string | null; output: string | null; unpriced: string }>(
    `SELECT sum(cost)::text AS cost, sum(input_tokens)::text AS input, sum(output_tokens)::text AS output,
       count(*) FILTER (WHERE cardinality(unpriced_tokens) > 0)::text AS unpriced FROM llm_runs WHERE trace_id = $1`,
    [traceId],
  );
  const { rows: feedback } = await pool.query<{ id: string; run_id: string | null; key: string; score: number | null; comment: string | null; created_at: Date }>(
    `SELECT f.id, f.run_id, f.key, f.score, f.comment, f.created_at FROM llm_feedback f
     WHERE f.trace_id = $1 OR f.run_id IN (SELECT id FROM llm_runs WHERE trace_id = $1) ORDER BY f.created_at`,
    [traceId],
  );
  const t = totals[0]!;
  const starts = rows.map((r) => r.start_time.getTime());
  const ends = rows.map((r) => (r.end_time ?? r.start_time).getTime());
  return {
    traceId,
    runCount: rows.length,
    startTime: new Date(Math.min(...starts)).toISOString(),
    durationMs: Math.max(...ends) - Math.min(...starts),
    totals: { cost: canonicalUsd(t.cost), inputTokens: Number(t.input ?? 0), outputTokens: Number(t.output ?? 0), unpricedRuns: Number(t.unpriced) },
    roots,
    feedback: feedback.map((f) => ({ id: f.id, runId: f.run_id, key: f.key, score: f.score, comment: f.comment, createdAt: f.created_at.toISOString() })),
  };
}
