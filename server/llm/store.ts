import type { Pool, PoolClient } from "pg";
import type { PrismaClient } from "../db/client";
import { loadPrices } from "./prices";
import { priceRun } from "./pricing";
import { collapseWrites, POST_OWNED, type RunWrite } from "./run-write";

/**
 * Stores run writes: one INSERT … ON CONFLICT over unnest(arrays) for the whole batch (the merge
 * rule of run-write.ts, in SQL), then one UPDATE with what depends on the merged row — status,
 * latency and the exact cost from the price table. Both in one transaction, so an accepted
 * answer means committed, and concurrent writers of the same run serialize on its row lock
 * (the second one prices the row the first one completed). Rows are written in id order so
 * two overlapping batches cannot deadlock.
 */

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface Column {
  name: string;
  type: string;
  /** post-owned, patch-owned (newest wins, patch over post), or special. */
  rule: "post" | "patch" | "or";
  value: (w: RunWrite) => unknown;
}

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

const COLUMNS: Column[] = [
  { name: "trace_id", type: "text", rule: "post", value: (w) => w.traceId },
  { name: "parent_run_id", type: "text", rule: "post", value: (w) => w.parentRunId },
  { name: "dotted_order", type: "text", rule: "post", value: (w) => w.dottedOrder },
  { name: "source", type: "text", rule: "post", value: (w) => w.source },
  { name: "name", type: "text", rule: "post", value: (w) => w.name },
  { name: "run_type", type: "text", rule: "post", value: (w) => w.runType },
  { name: "project", type: "text", rule: "post", value: (w) => w.project },
  { name: "start_time", type: "timestamptz", rule: "post", value: (w) => w.startTime?.toISOString() ?? null },
  { name: "inputs", type: "jsonb", rule: "post", value: (w) => json(w.inputs) },
  { name: "tags", type: "text[]", rule: "post", value: (w) => json(w.tags && w.tags.length ? w.tags : null) },
  { name: "model", type: "text", rule: "patch", value: (w) => w.model },
  { name: "provider", type: "text", rule: "patch", value: (w) => w.provider },
  { name: "end_time", type: "timestamptz", rule: "patch", value: (w) => w.endTime?.toISOString() ?? null },
  { name: "outputs", type: "jsonb", rule: "patch", value: (w) => json(w.outputs) },
  { name: "error", type: "text", rule: "patch", value: (w) => w.error },
  { name: "extra", type: "jsonb", rule: "patch", value: (w) => json(w.extra) },
  { name: "events", type: "jsonb", rule: "patch", value: (w) => json(w.events) },
  { name: "finish_reason", type: "text", rule: "patch", value: (w) => w.finishReason },
  { name: "input_tokens", type: "int4", rule: "patch", value: (w) => w.tokens.input },
  { name: "output_tokens", type: "int4", rule: "patch", value: (w) => w.tokens.output },
  { name: "total_tokens", type: "int4", rule: "patch", value: (w) => w.tokens.total },
  { name: "cache_read_tokens", type: "int4", rule: "patch", value: (w) => w.tokens.cacheRead },
  { name: "cache_write_tokens", type: "int4", rule: "patch", value: (w) => w.tokens.cacheWrite },
  { name: "reasoning_tokens", type: "int4", rule: "patch", value: (w) => w.tokens.reasoning },
  { name: "user_cost", type: "numeric", rule: "patch", value: (w) => w.userCost },
  { name: "post_seen", type: "bool", rule: "or", value: (w) => w.post },
  { name: "patch_seen", type: "bool", rule: "or", value: (w) => w.patch },
];

// Keep the SQL rule and the in-memory rule (run-write.ts) in step.
for (const key of POST_OWNED) {
  const col = COLUMNS.find((c) => c.name === snake(key));
  if (!col || col.rule !== "post") throw new Error(`store.ts: ${key} must be a post-owned column`);
}

function mergeExpr(c: Column): string {
  const [n, e] = [`r.${c.name}`, `EXCLUDED.${c.name}`];
  if (c.rule === "or") return `${n} OR ${e}`;
  if (c.rule === "post") return `CASE WHEN EXCLUDED.post_seen AND ${e} IS NOT NULL THEN ${e} WHEN r.post_seen AND ${n} IS NOT NULL THEN ${n} ELSE COALESCE(${n}, ${e}) END`;
  return `CASE WHEN ${e} IS NULL THEN ${n} WHEN ${n} IS NULL THEN ${e} WHEN r.patch_seen AND NOT EXCLUDED.patch_seen THEN ${n} ELSE ${e} END`;
}

// jsonb and text[] travel as JSON text (unnest cannot take ragged arrays of arrays).
const castIn = (c: Column, i: number) => (c.type === "jsonb" || c.type === "text[]" ? `$${i}::text[]` : `$${i}::${c.type}[]`);
// A patch that arrives before its post may lack a trace id and start time (NOT NULL columns):
// provisional values (the run itself as trace root; its end, else now) hold until the post,
// which owns both fields, replaces them.
// Postgres checks NOT NULL on the proposed row before ON CONFLICT, so the project needs one too.
const PROVISIONAL: Record<string, string> = {
  trace_id: "COALESCE(u.trace_id, u.id)",
  start_time: "COALESCE(u.start_time, u.end_time, now())",
  project: "COALESCE(u.project, 'default')",
  source: "COALESCE(u.source, 'langsmith')",
};
const castOut = (c: Column) =>
  PROVISIONAL[c.name] ??
  (c.type === "jsonb" ? `u.${c.name}::jsonb` : c.type === "text[]" ? `CASE WHEN u.${c.name} IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.${c.name}::jsonb)) END` : `u.${c.name}`);

const UPSERT_SQL = `
INSERT INTO llm_runs AS r (id, ${COLUMNS.map((c) => c.name).join(", ")}, dirty, updated_at)
SELECT u.id, ${COLUMNS.map(castOut).join(", ")}, true, now()
FROM unnest($1::text[], ${COLUMNS.map((c, i) => castIn(c, i + 2)).join(", ")}) AS u(id, ${COLUMNS.map((c) => c.name).join(", ")})
ON CONFLICT (id) DO UPDATE SET
  ${COLUMNS.map((c) => `${c.name} = ${mergeExpr(c)}`).join(",\n  ")},
  dirty = true,
  updated_at = now()
RETURNING id, model, project, start_time, end_time, error, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, reasoning_tokens`;

interface Merged {
  id: string;
  model: string | null;
  project: string;
  start_time: Date;
  end_time: Date | null;
  error: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cache_read_tokens: number | null;
  cache_write_tokens: number | null;
  reasoning_tokens: number | null;
}

const FINISH_SQL = `
UPDATE llm_runs r SET
  status = u.status, latency_ms = u.latency_ms, cost = u.cost, cost_breakdown = u.breakdown::jsonb,
  unpriced_tokens = ARRAY(SELECT jsonb_array_elements_text(u.unpriced::jsonb)), price_id = u.price_id
FROM unnest($1::text[], $2::text[], $3::int4[], $4::numeric[], $5::text[], $6::text[], $7::uuid[])
  AS u(id, status, latency_ms, cost, breakdown, unpriced, price_id)
WHERE r.id = u.id`;

export interface StoreResult {
  stored: number;
  runIds: string[];
}

/** A post without a trace id is a trace root; without a start time it started when we got it. */
function withDefaults(w: RunWrite, now: Date): RunWrite {
  return { ...w, traceId: w.traceId ?? (w.post ? w.id : null), startTime: w.startTime ?? (w.post ? now : null) };
}

export async function storeRuns(prisma: PrismaClient, pool: Pool, writes: readonly RunWrite[], now = new Date()): Promise<StoreResult> {
  const rows = collapseWrites(writes)
    .map((w) => withDefaults(w, now))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (rows.length === 0) return { stored: 0, runIds: [] };
  const prices = await loadPrices(prisma);
  const client: PoolClient = await pool.connect();
  try {
    await client.query("BEGIN");
    const params = [
      rows.map((w) => w.id),
      ...COLUMNS.map((c) =>
        rows.map((w) => {
          const v = c.value(w);
          return v === undefined ? null : v;
        }),
      ),
    ];
    const merged = (await client.query<Merged>(UPSERT_SQL, params)).rows;
    const priced = merged.map((m) => {
      const status = m.error ? "error" : m.end_time ? "success" : "pending";
      const latency = m.end_time && m.end_time.getTime() >= m.start_time.getTime() ? m.end_time.getTime() - m.start_time.getTime() : null;
      const c = priceRun(prices, {
        model: m.model,
        project: m.project,
        startTime: m.start_time,
        usage: { input: m.input_tokens, output: m.output_tokens, cacheRead: m.cache_read_tokens, cacheWrite: m.cache_write_tokens, reasoning: m.reasoning_tokens },
      });
      return { id: m.id, status, latency, cost: c.cost, breakdown: Object.keys(c.breakdown).length ? JSON.stringify(c.breakdown) : null, unpriced: JSON.stringify(c.unpriced), priceId: c.priceId };
    });
    await client.query(FINISH_SQL, [
      priced.map((p) => p.id),
      priced.map((p) => p.status),
      priced.map((p) => (p.latency === null ? null : Math.min(p.latency, 2_147_483_647))),
      priced.map((p) => p.cost),
      priced.map((p) => p.breakdown),
      priced.map((p) => p.unpriced),
      priced.map((p) => p.priceId),
    ]);
    await client.query("COMMIT");
    return { stored: rows.length, runIds: rows.map((r) => r.id) };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
