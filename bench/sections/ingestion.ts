/**
 * Ingestion figures, each next to the same work done with raw SQL on the same
 * Postgres in the same run:
 * - single heartbeats at a fixed 500 req/s (open loop: requests are sent on schedule whether or
 *   not earlier ones finished, so queueing shows in the tail) → p50/p95/p99; reference: raw
 *   single-row INSERTs at the same rate through a pg pool;
 * - maximum sustained heartbeats/s (closed loop, 32 in flight); reference: raw INSERTs, same
 *   concurrency;
 * - batched metrics (1,000-row batches, 4 in flight) through POST /api/v1/metrics vs raw
 *   multi-row INSERT … unnest of the same rows.
 * The load generator runs in the bench process on the same 2 cores as web, worker and Postgres.
 */
import { METRIC_NAMES } from "../dataset";
import { figure, sleep, stats, type BenchContext, type Figure } from "../lib";

const agentId = (ctx: BenchContext, n: number) => `bench-${String((n % ctx.agents) + 1).padStart(4, "0")}`;

async function postHeartbeat(ctx: BenchContext, n: number): Promise<void> {
  const res = await fetch(`${ctx.webUrl}/api/v1/agents/${agentId(ctx, n)}/heartbeats`, {
    method: "POST",
    headers: { authorization: `Bearer ${ctx.ingestKey}`, "content-type": "application/json" },
    body: JSON.stringify({ status: "ok", metrics: { queue: n % 40 } }),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`heartbeat → HTTP ${res.status}`);
}

async function rawHeartbeat(ctx: BenchContext, n: number): Promise<void> {
  await ctx.pool.query("INSERT INTO heartbeats (agent_id, status, metrics) VALUES ($1, 'ok', $2)", [agentId(ctx, n), { queue: n % 40 }]);
}

/** Fires `op` every 1000/rate ms for `seconds`; returns each call's latency in ms. */
async function openLoop(rate: number, seconds: number, op: (n: number) => Promise<void>): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const inflight: Promise<void>[] = [];
  const start = performance.now();
  const total = Math.round(rate * seconds);
  for (let n = 0; n < total; n++) {
    const due = start + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const t = performance.now();
    inflight.push(
      op(n).then(
        () => void latencies.push(performance.now() - t),
        () => void errors++,
      ),
    );
  }
  await Promise.all(inflight);
  return { latencies, errors };
}

/** `concurrency` loops calling `op` back to back for `seconds`; returns completed calls per second. */
async function closedLoop(concurrency: number, seconds: number, op: (n: number) => Promise<void>): Promise<number> {
  let done = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await op(n++);
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

function metricRows(ctx: BenchContext, batch: number, size: number) {
  const now = Date.now();
  return Array.from({ length: size }, (_, i) => ({
    agentId: agentId(ctx, batch * 7 + i),
    name: METRIC_NAMES[i % METRIC_NAMES.length]!,
    value: (i * 37) % 1000,
    unit: "ms",
    timestamp: new Date(now - ((batch * size + i) % 600_000)).toISOString(),
  }));
}

async function inBatches(batches: number, inFlight: number, op: (b: number) => Promise<void>): Promise<number> {
  const t = performance.now();
  for (let b = 0; b < batches; b += inFlight) await Promise.all(Array.from({ length: Math.min(inFlight, batches - b) }, (_, k) => op(b + k)));
  return (performance.now() - t) / 1000;
}

export async function ingestionSection(ctx: BenchContext): Promise<Figure[]> {
  const seconds = ctx.quick ? 5 : 15;
  // Warm up connections and JIT on both paths first.
  await openLoop(100, 2, (n) => postHeartbeat(ctx, n));
  await openLoop(100, 1, (n) => rawHeartbeat(ctx, n));

  ctx.log(`single heartbeats at 500 req/s for ${seconds} s`);
  const api = await openLoop(500, seconds, (n) => postHeartbeat(ctx, n));
  const raw = await openLoop(500, seconds, (n) => rawHeartbeat(ctx, n));
  const a = stats(api.latencies);
  const r = stats(raw.latencies);
  const errNote = api.errors ? `${api.errors} failed requests` : undefined;
  const lat = (p: "p50" | "p95" | "p99", target: number | null) =>
    figure({
      name: `heartbeat latency ${p} @ 500 req/s`,
      value: a[p],
      unit: "ms",
      reference: { name: `raw INSERT ${p}`, value: r[p], unit: "ms" },
      target: target === null ? null : { op: "<", value: target },
      note: errNote,
    });
  const out = [lat("p50", null), lat("p95", null), lat("p99", 50)];

  ctx.log(`maximum sustained heartbeats/s (32 in flight, ${seconds} s)`);
  const maxApi = await closedLoop(32, seconds, (n) => postHeartbeat(ctx, n));
  const maxRaw = await closedLoop(32, seconds, (n) => rawHeartbeat(ctx, n));
  // The floor of the web tier itself: the cheapest route (one trivial query), same concurrency.
  const maxHealth = await closedLoop(32, Math.min(seconds, 5), async () => {
    const res = await fetch(`${ctx.webUrl}/api/health`);
    await res.arrayBuffer();
  });
  out.push(figure({ name: "GET /api/health sustained (web-tier floor)", value: maxHealth, unit: "/s", reference: { name: "raw single-row INSERTs", value: maxRaw, unit: "/s" }, target: null }));
  out.push(figure({ name: "max sustained heartbeats", value: maxApi, unit: "/s", reference: { name: "raw single-row INSERTs", value: maxRaw, unit: "/s" }, target: { op: ">=", value: 2000 } }));

  const batches = ctx.quick ? 40 : 200;
  ctx.log(`batched metrics: ${batches} × 1,000 rows through the API and as raw INSERT … unnest`);
  const apiSec = await inBatches(batches, 4, async (b) => {
    const res = await fetch(`${ctx.webUrl}/api/v1/metrics`, {
      method: "POST",
      headers: { authorization: `Bearer ${ctx.ingestKey}`, "content-type": "application/json" },
      body: JSON.stringify({ metrics: metricRows(ctx, b, 1000) }),
    });
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`metrics batch → HTTP ${res.status}`);
  });
  const rawSec = await inBatches(batches, 4, async (b) => {
    const rows = metricRows(ctx, b, 1000);
    await ctx.pool.query(
      `INSERT INTO metrics (agent_id, name, value, unit, timestamp)
       SELECT * FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::timestamptz[])`,
      [rows.map((x) => x.agentId), rows.map((x) => x.name), rows.map((x) => x.value), rows.map((x) => x.unit), rows.map((x) => x.timestamp)],
    );
  });
  const apiRate = (batches * 1000) / apiSec;
  const rawRate = (batches * 1000) / rawSec;
  out.push(
    figure({
      name: "batched metrics through the API",
      value: apiRate,
      unit: "rows/s",
      reference: { name: "raw multi-row INSERT", value: rawRate, unit: "rows/s" },
      target: null,
    }),
    figure({
      name: "batched metrics: API as share of raw",
      value: (apiRate / rawRate) * 100,
      unit: "%",
      reference: { name: "raw multi-row INSERT", value: 100, unit: "%" },
      target: { op: ">=", value: 50 },
    }),
  );
  return out;
}
