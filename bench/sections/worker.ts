/**
 * Worker figures:
 * - the health-scoring cycle on the seeded dataset: runHealthScoring (the function the worker's
 *   heartbeat_health_agent runs each cycle) timed in the bench process while the machine is quiet;
 *   reference: the two raw window aggregates the cycle cannot avoid (heartbeats and metrics GROUP
 *   BY agent). The real worker's own cycle durations (agent_cycles) are printed too, for context;
 * - anomaly flag latency: a spike sent through POST /api/v1/metrics until the performance
 *   monitor (5 s cycle, production default) stores the anomaly, as workers/anomaly-latency.test.ts
 *   does; reference: the monitor's cycle period. Plus the shipped labelled benchmark's precision
 *   and recall (the scorer bench:anomalies runs), for completeness.
 */
import { evaluate, generateBenchmark } from "../../server/anomalies/benchmark";
import { db } from "../../server/db/client";
import { runHealthScoring } from "../../workers/agents/heartbeat-health";
import { figure, sleep, stats, type BenchContext, type Figure } from "../lib";

const MONITOR_PERIOD_S = 5;

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined>, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export async function scoringSection(ctx: BenchContext): Promise<Figure[]> {
  const runs = ctx.quick ? 2 : 3;
  ctx.log(`health-scoring cycle: ${runs} runs of runHealthScoring (the worker's code) on the dataset`);
  const ms: number[] = [];
  let scored = 0;
  const parts: string[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await runHealthScoring(db(), ctx.pool);
    scored = r.scored;
    ms.push(performance.now() - t);
    parts.push(`load+score ${r.timings.scoreMs} / store ${r.timings.storeMs} / system ${r.timings.systemMs} ms`);
  }
  const t = performance.now();
  await ctx.pool.query("SELECT agent_id, count(*) FROM heartbeats WHERE received_at > now() - interval '15 minutes' GROUP BY agent_id");
  await ctx.pool.query("SELECT agent_id, name, avg(value), max(value) FROM metrics WHERE timestamp > now() - interval '75 minutes' GROUP BY agent_id, name");
  const scanMs = performance.now() - t;
  return [
    figure({
      name: `health-scoring cycle (${scored} agents), max of ${runs}`,
      value: stats(ms).max / 1000,
      unit: "s",
      reference: { name: "raw window aggregates", value: scanMs / 1000, unit: "s" },
      target: { op: "<", value: 2 },
      note: parts.join("; "),
    }),
  ];
}

/** The real worker process's heartbeat_health_agent cycles during the whole run (under bench load). */
export async function workerCyclesSection(ctx: BenchContext): Promise<Figure[]> {
  const r = await ctx.pool.query<{ duration_ms: number }>("SELECT duration_ms FROM agent_cycles WHERE agent_id = 'heartbeat_health_agent' AND status = 'succeeded'");
  if (!r.rows.length) return [];
  const s = stats(r.rows.map((c) => c.duration_ms));
  return [
    figure({
      name: `worker process scoring cycles, max of ${s.n}`,
      value: s.max / 1000,
      unit: "s",
      reference: { name: "p50", value: s.p50 / 1000, unit: "s" },
      target: null,
      note: "ran concurrently with the ingestion load",
    }),
  ];
}

export async function anomalySection(ctx: BenchContext): Promise<Figure[]> {
  const agent = "bench-0001";
  const send = async (value: number) => {
    const res = await fetch(`${ctx.webUrl}/api/v1/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${ctx.ingestKey}`, "content-type": "application/json" },
      body: JSON.stringify({ metrics: [{ agentId: agent, name: "bench_spike", value }] }),
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`metric → HTTP ${res.status}`);
  };
  for (let i = 0; i < 12; i++) await send(100 + (i % 3));
  const trials = ctx.quick ? 3 : 6;
  ctx.log(`anomaly flag latency: ${trials} spikes`);
  const latencies: number[] = [];
  for (let trial = 0; trial < trials; trial++) {
    await sleep(700 * trial); // land at different points of the monitor's cycle
    const sent = Date.now();
    await send(400 + trial);
    const found = await waitFor(
      "the anomaly",
      async () => (await ctx.pool.query<{ detected_at: Date }>("SELECT detected_at FROM anomalies WHERE agent_id = $1 AND metric = 'bench_spike' AND value = $2", [agent, 400 + trial])).rows[0],
      60_000,
    );
    latencies.push((found.detected_at.getTime() - sent) / 1000);
    for (let i = 0; i < 3; i++) await send(100 + (i % 3));
  }
  const s = stats(latencies);
  const bench = evaluate(generateBenchmark());
  return [
    figure({ name: `anomaly flag latency, max of ${trials}`, value: s.max, unit: "s", reference: { name: "monitor cycle period", value: MONITOR_PERIOD_S, unit: "s" }, target: { op: "<", value: 10 }, note: `all: ${latencies.map((l) => l.toFixed(1)).join(", ")} s` }),
    figure({ name: "anomaly precision (labelled benchmark)", value: bench.precision, unit: "", reference: { name: "recall", value: bench.recall, unit: "" }, target: { op: ">=", value: 0.9 } }),
  ];
}
