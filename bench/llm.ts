/**
 * npm run bench:llm — LLM observability figures, one line each, on a scratch
 * database (embedded PostgreSQL unless TEST_DATABASE_URL names a server):
 * - multipart ingestion over HTTP (gzip, 1,000 runs = 2,000 post/patch operations per request,
 *   4 in flight) in runs/s, next to a raw INSERT … unnest of the same number of rows;
 * - the BI report over RUNS seeded runs (30 days, 24 models, 12 projects): p50 / max of 5 builds
 *   (target < 5 s);
 * - one langsmith_bridge analysis pass: runs analyzed per second.
 * Env: BENCH_LLM_RUNS (default 200000), BENCH_LLM_INGEST (default 20000).
 */
import { randomUUID } from "node:crypto";

const RUNS = Number(process.env.BENCH_LLM_RUNS ?? 200_000);
const INGEST = Number(process.env.BENCH_LLM_INGEST ?? 20_000);
const line = (name: string, value: string, note = "") => console.log(`${name.padEnd(44)} ${value.padStart(14)}  ${note}`);

const { createScratchDatabase } = await import("../server/db/scratch");
const scratch = await createScratchDatabase(process.env.TEST_DATABASE_URL || undefined, "benchllm");
process.env.DATABASE_URL = scratch.url;
try {
  const { applyMigrations } = await import("../server/db/schema-engine");
  await applyMigrations(scratch.url);
  const { db, pool, closeDb } = await import("../server/db/client");
  const { ensureModelPrices, SEED_PRICES } = await import("../server/llm/price-seed");
  const { createApiKey } = await import("../server/auth/api-keys");
  const { startTestServer } = await import("../test/llm-server");
  const { multipart, segment } = await import("../test/multipart");
  const { storeRuns } = await import("../server/llm/store");
  const { emptyWrite } = await import("../server/llm/run-write");
  const { buildLlmReport } = await import("../server/llm/report");
  const { analyzeDirtyRuns } = await import("../server/llm/bridge");
  await ensureModelPrices(db());
  const key = (await createApiKey(db(), { name: "bench", scopes: ["ingest"] })).secret;

  // 1. multipart ingestion over HTTP
  const server = await startTestServer();
  const bodies = [];
  for (let b = 0; b < INGEST / 1000; b++) {
    const parts = [];
    for (let i = 0; i < 1000; i++) {
      const id = randomUUID();
      const start = new Date(Date.now() - 3_600_000 + i);
      const dotted = segment(start, id);
      parts.push({ name: `post.${id}`, value: { id, trace_id: id, dotted_order: dotted, name: "bench", run_type: "llm", start_time: start.toISOString(), session_name: "bench", inputs: { q: "question" }, extra: { metadata: { ls_model_name: "gpt-4o-mini" } } } });
      parts.push({ name: `patch.${id}`, value: { id, trace_id: id, dotted_order: dotted, end_time: start.getTime() + 300, outputs: { a: "answer", usage_metadata: { input_tokens: 120, output_tokens: 40, total_tokens: 160 } } } });
    }
    bodies.push(multipart(parts, { gzip: true }));
  }
  let t = performance.now();
  for (let i = 0; i < bodies.length; i += 4) {
    await Promise.all(
      bodies.slice(i, i + 4).map(async ({ body, headers }) => {
        const res = await fetch(`${server.url}/api/langsmith/runs/multipart`, { method: "POST", body, headers: { ...headers, "x-api-key": key } });
        if (res.status !== 202) throw new Error(`multipart → ${res.status}`);
        await res.arrayBuffer();
      }),
    );
  }
  const apiRate = INGEST / ((performance.now() - t) / 1000);
  await server.close();
  await pool().query("CREATE TEMP TABLE raw_ref (id text, trace_id text, model text, start_time timestamptz, input_tokens int, output_tokens int, outputs jsonb)");
  t = performance.now();
  for (let b = 0; b < INGEST / 1000; b++) {
    const ids = Array.from({ length: 1000 }, () => randomUUID());
    await pool().query(
      "INSERT INTO llm_runs (id, trace_id, source, model, start_time, input_tokens, output_tokens, outputs) SELECT u.id, u.id, 'native', 'gpt-4o-mini', now(), 120, 40, '{\"a\":\"answer\"}'::jsonb FROM unnest($1::text[]) AS u(id)",
      [ids],
    );
  }
  const rawRate = INGEST / ((performance.now() - t) / 1000);
  line("llm multipart ingestion (HTTP, gzip)", `${Math.round(apiRate)} runs/s`, `raw INSERT ${Math.round(rawRate)} rows/s → ${((apiRate / rawRate) * 100).toFixed(0)} % of raw`);

  // 2. seed RUNS runs over 30 days and build the report
  const models = SEED_PRICES.slice(0, 24).map((s) => s.model);
  const now = Date.now();
  t = performance.now();
  for (let done = 0; done < RUNS; done += 5000) {
    const writes = Array.from({ length: Math.min(5000, RUNS - done) }, (_, i) => {
      const n = done + i;
      const w = emptyWrite(`seed-${n}`, "native", "post");
      w.patch = true;
      w.traceId = `conv-${Math.floor(n / 3)}`;
      w.project = `project-${n % 12}`;
      w.model = models[n % models.length]!;
      w.startTime = new Date(now - (n % (30 * 24 * 60)) * 60_000);
      w.endTime = new Date(w.startTime.getTime() + 200 + (n % 5000));
      w.outputs = { text: "An answer of reasonable length for grading purposes." };
      w.tokens = { input: 200 + (n % 4000), output: 20 + (n % 700), total: null, cacheRead: n % 3 ? 0 : 100, cacheWrite: 0, reasoning: 0 };
      return w;
    });
    await storeRuns(db(), pool(), writes);
  }
  line("llm seed via storeRuns", `${Math.round(RUNS / ((performance.now() - t) / 1000))} runs/s`, `${RUNS} runs`);
  await pool().query("ANALYZE llm_runs");
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    await buildLlmReport(db(), pool());
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  line(`llm BI report over ${RUNS} runs`, `${Math.round(times[2]!)} ms p50`, `max ${Math.round(times[4]!)} ms (target < 5000 ms → ${(5000 / times[4]!).toFixed(1)}× headroom)`);

  // 3. bridge analysis throughput
  t = performance.now();
  let analyzed = 0;
  for (let i = 0; i < 10; i++) analyzed += (await analyzeDirtyRuns(pool(), 1000)).analyzed;
  line("llm bridge analysis (quality + efficiency)", `${Math.round(analyzed / ((performance.now() - t) / 1000))} runs/s`, `${analyzed} runs in 1,000-run batches`);
  await closeDb();
} finally {
  await scratch.dispose();
}
