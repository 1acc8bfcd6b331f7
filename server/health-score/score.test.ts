import { describe, expect, it } from "vitest";
import {
  businessImpact,
  combineFactors,
  errorRate,
  healthStatus,
  healthTrend,
  heartbeatConsistency,
  performance,
  resourceEfficiency,
  scoreAgent,
  type AgentHealthInput,
  type MetricAggregate,
} from "./score";
import { interpolate } from "../scoring";
import type { HealthFactorKey } from "./types";

const NOW = new Date("2026-11-22T12:00:00Z");
const ago = (s: number) => new Date(NOW.getTime() - s * 1000);

function input(over: Partial<AgentHealthInput> = {}): AgentHealthInput {
  return {
    now: NOW,
    windowMinutes: 15,
    state: "active",
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    createdAt: ago(86_400),
    firstSeenAt: ago(86_400),
    lastHeartbeatAt: ago(5),
    heartbeats: { total: 30, errors: 0 },
    events: { total: 0, errors: 0 },
    cycles: { total: 0, failed: 0 },
    metrics: {},
    ...over,
  };
}

const m = (avg: number, over: Partial<MetricAggregate> = {}): MetricAggregate => ({ count: 10, avg, max: avg, baselineCount: 0, baselineAvg: null, ...over });

describe("interpolate", () => {
  it.each([
    [0, 100],
    [0.5, 100],
    [1, 100],
    [1.5, 75],
    [2, 50],
    [3, 0],
    [10, 0],
  ])("x=%s → %s", (x, y) => {
    expect(interpolate(x, [[1, 100], [2, 50], [3, 0]])).toBe(y);
  });
});

describe("healthStatus boundaries (excellent ≥ 90, good ≥ 75, fair ≥ 60, poor ≥ 40, critical < 40)", () => {
  it.each([
    [100, "excellent"],
    [90, "excellent"],
    [89.9, "good"],
    [75, "good"],
    [74.9, "fair"],
    [60, "fair"],
    [59.9, "poor"],
    [40, "poor"],
    [39.9, "critical"],
    [0, "critical"],
  ] as const)("%s → %s", (score, status) => {
    expect(healthStatus(score)).toBe(status);
  });
});

describe("heartbeat consistency", () => {
  it.each([
    { name: "all expected heartbeats, fresh", over: {}, score: 100, detail: "30 of 30 expected heartbeats (every 30 s) in the last 15 min; last one 5 s ago" },
    { name: "28 of 30", over: { heartbeats: { total: 28, errors: 0 } }, score: 93, detail: "28 of 30 expected" },
    { name: "more than expected is capped", over: { heartbeats: { total: 45, errors: 0 } }, score: 100, detail: "45 of 30" },
    { name: "half", over: { heartbeats: { total: 15, errors: 0 } }, score: 50, detail: "15 of 30" },
    // late: gap 45 s with interval 30 + grace 30 → factor 1 - 0.5 × 15/30 = 0.75
    { name: "late halfway through grace", over: { lastHeartbeatAt: ago(45) }, score: 75, detail: "late" },
    { name: "exactly at interval is on time", over: { lastHeartbeatAt: ago(30) }, score: 100, detail: "last one 30 s ago" },
    { name: "exactly at interval + grace is late (0.5)", over: { lastHeartbeatAt: ago(60) }, score: 50, detail: "late" },
    { name: "past interval + grace → 0", over: { lastHeartbeatAt: ago(61) }, score: 0, detail: "unresponsive" },
    // existed only 5 minutes of the window → 10 expected
    { name: "agent younger than the window", over: { firstSeenAt: ago(300), heartbeats: { total: 10, errors: 0 } }, score: 100, detail: "10 of 10 expected heartbeats (every 30 s) in the 5 min since first seen" },
    { name: "just registered: expected at least 1", over: { firstSeenAt: ago(3), lastHeartbeatAt: ago(3), heartbeats: { total: 1, errors: 0 } }, score: 100, detail: "1 of 1" },
    { name: "never heartbeated → no data", over: { state: "registered", firstSeenAt: null, lastHeartbeatAt: null, heartbeats: { total: 0, errors: 0 } }, score: null, detail: "never heartbeated" },
    { name: "paused → no data", over: { state: "paused", lastHeartbeatAt: ago(3600), heartbeats: { total: 0, errors: 0 } }, score: null, detail: "paused" },
    { name: "stopped → no data", over: { state: "stopped", lastHeartbeatAt: ago(3600), heartbeats: { total: 0, errors: 0 } }, score: null, detail: "stopped" },
  ])("$name", ({ over, score, detail }) => {
    const r = heartbeatConsistency(input(over as Partial<AgentHealthInput>));
    expect(r.score).toBe(score);
    expect(r.detail).toContain(detail);
  });
});

describe("performance", () => {
  it.each([
    { name: "no latency metric", metrics: {}, score: null },
    { name: "fast response time, no baseline", metrics: { response_time_ms: m(200) }, score: 100 },
    { name: "response_time at warn threshold 2000 ms", metrics: { response_time_ms: m(2000) }, score: 60 },
    { name: "response_time at critical threshold 5000 ms", metrics: { response_time_ms: m(5000) }, score: 10 },
    { name: "latency 1.5× its baseline", metrics: { latency_ms: m(300, { baselineCount: 20, baselineAvg: 200 }) }, score: 60 },
    { name: "latency 3× its baseline", metrics: { latency_ms: m(600, { baselineCount: 20, baselineAvg: 200 }) }, score: 0 },
    { name: "baseline with too few samples is ignored", metrics: { latency_ms: m(600, { baselineCount: 2, baselineAvg: 200 }) }, score: 100 },
    { name: "duration_ms without baseline → no data", metrics: { duration_ms: m(900) }, score: null },
    { name: "duration_ms 2× baseline", metrics: { duration_ms: m(900, { baselineCount: 10, baselineAvg: 450 }) }, score: 30 },
    { name: "jitter of fast cycles below 50 ms is not a slowdown", metrics: { cycle_duration_ms: m(12, { baselineCount: 10, baselineAvg: 4 }) }, score: 100 },
    { name: "worst metric wins", metrics: { response_time_ms: m(100), duration_ms: m(900, { baselineCount: 10, baselineAvg: 450 }) }, score: 30 },
  ])("$name → $score", ({ metrics, score }) => {
    const r = performance(input({ metrics }));
    expect(r.score).toBe(score);
    expect(r.detail.length).toBeGreaterThan(5);
  });

  it("explains the worst metric", () => {
    expect(performance(input({ metrics: { latency_ms: m(300, { baselineCount: 20, baselineAvg: 200 }) } })).detail).toBe("latency_ms avg 300 ms (baseline 200 ms, 1.50×)");
  });
});

describe("error rate", () => {
  it.each([
    { name: "no activity, no metric", over: { heartbeats: { total: 0, errors: 0 } }, score: null },
    { name: "no errors", over: {}, score: 100 },
    { name: "1 % errors", over: { heartbeats: { total: 90, errors: 0 }, events: { total: 10, errors: 1 } }, score: 90 },
    { name: "5 % errors", over: { heartbeats: { total: 95, errors: 3 }, events: { total: 5, errors: 2 } }, score: 50 },
    { name: "20 % errors", over: { heartbeats: { total: 10, errors: 2 } }, score: 0 },
    { name: "error_rate metric as fraction", over: { metrics: { error_rate: m(0.05) } }, score: 50 },
    { name: "error_rate 1 is a fraction (100 %)", over: { metrics: { error_rate: m(1) } }, score: 0 },
    { name: "error_rate metric in percent (>1)", over: { metrics: { error_rate: m(5) } }, score: 50 },
    { name: "metric only, no activity", over: { heartbeats: { total: 0, errors: 0 }, metrics: { error_rate: m(0.01) } }, score: 90 },
    { name: "the higher of observed and metric wins", over: { heartbeats: { total: 100, errors: 0 }, metrics: { error_rate: m(0.05) } }, score: 50 },
  ])("$name → $score", ({ over, score }) => {
    expect(errorRate(input(over as Partial<AgentHealthInput>)).score).toBe(score);
  });

  it("explains counts", () => {
    expect(errorRate(input({ heartbeats: { total: 28, errors: 1 }, events: { total: 2, errors: 1 } })).detail).toBe("2 errors in 30 heartbeats and events (6.7 %)");
  });
});

describe("resource efficiency", () => {
  it.each([
    { name: "no metrics", metrics: {}, score: null },
    { name: "idle", metrics: { cpu_usage: m(20), memory_usage: m(40) }, score: 100 },
    { name: "cpu at warn 90 (avg and peak)", metrics: { cpu_usage: m(90) }, score: 50 },
    { name: "cpu at critical 95", metrics: { cpu_usage: m(95) }, score: 20 },
    { name: "memory at warn 85", metrics: { memory_usage: m(85) }, score: 50 },
    { name: "memory at critical 95", metrics: { memory_usage: m(95) }, score: 20 },
    { name: "peak weighs 30 %", metrics: { cpu_usage: m(50, { max: 95 }) }, score: 76 }, // 0.7×100 + 0.3×20
    { name: "scarcer resource wins", metrics: { cpu_usage: m(10), memory_usage: m(90) }, score: 35 },
  ])("$name → $score", ({ metrics, score }) => {
    expect(resourceEfficiency(input({ metrics })).score).toBe(score);
  });
});

describe("business impact", () => {
  it.each([
    { name: "no data", over: {}, score: null },
    { name: "business_impact metric", over: { metrics: { business_impact: m(80) } }, score: 80 },
    { name: "success_rate fraction 0.99", over: { metrics: { success_rate: m(0.99) } }, score: 100 },
    { name: "success_rate percent 90", over: { metrics: { success_rate: m(90) } }, score: 50 },
    { name: "throughput at baseline", over: { metrics: { throughput: m(100, { baselineCount: 10, baselineAvg: 100 }) } }, score: 100 },
    { name: "throughput halved", over: { metrics: { throughput: m(50, { baselineCount: 10, baselineAvg: 100 }) } }, score: 40 },
    { name: "cycles all succeeded", over: { cycles: { total: 30, failed: 0 } }, score: 100 },
    { name: "cycles 90 % succeeded", over: { cycles: { total: 10, failed: 1 } }, score: 50 },
    { name: "mean of sources", over: { cycles: { total: 10, failed: 1 }, metrics: { business_impact: m(100) } }, score: 75 },
  ])("$name → $score", ({ over, score }) => {
    expect(businessImpact(input(over as Partial<AgentHealthInput>)).score).toBe(score);
  });
});

describe("combining factors", () => {
  const part = (score: number | null) => ({ score, detail: score === null ? "nothing" : "x" });
  const all = (h: number | null, p: number | null, e: number | null, r: number | null, b: number | null) =>
    ({ heartbeatConsistency: part(h), performance: part(p), errorRate: part(e), resourceEfficiency: part(r), businessImpact: part(b) }) as Record<HealthFactorKey, { score: number | null; detail: string }>;

  it.each([
    { name: "all 100", parts: all(100, 100, 100, 100, 100), score: 100, weights: [0.3, 0.25, 0.2, 0.15, 0.1] },
    { name: "nominal weights", parts: all(100, 0, 0, 0, 0), score: 30, weights: [0.3, 0.25, 0.2, 0.15, 0.1] },
    // only heartbeat (0.3) and errors (0.2) have data: 0.6 / 0.4
    { name: "renormalized over two factors", parts: all(100, null, 50, null, null), score: 80, weights: [0.6, 0, 0.4, 0, 0] },
    { name: "one factor only", parts: all(null, null, 70, null, null), score: 70, weights: [0, 0, 1, 0, 0] },
    { name: "nothing → null", parts: all(null, null, null, null, null), score: null, weights: [0, 0, 0, 0, 0] },
    // 0.3×90 + 0.2×80 + 0.15×60 = 52 over 0.65 → 80
    { name: "no performance / business data", parts: all(90, null, 80, 60, null), score: 80, weights: [0.4615, 0, 0.3077, 0.2308, 0] },
  ])("$name", ({ parts, score, weights }) => {
    const r = combineFactors(parts);
    expect(r.score).toBe(score);
    expect(r.factors.map((f) => f.effectiveWeight)).toEqual(weights);
    for (const f of r.factors) if (f.score === null) expect(f.detail).toMatch(/^no data: /);
  });
});

describe("scoreAgent", () => {
  it("a healthy agent with only heartbeats is excellent, other factors marked no data", () => {
    const b = scoreAgent(input());
    expect(b.score).toBe(100);
    expect(b.status).toBe("excellent");
    expect(b.factors.find((f) => f.key === "performance")!.detail).toMatch(/^no data/);
    expect(b.factors.find((f) => f.key === "heartbeatConsistency")!.effectiveWeight).toBe(0.6);
    expect(b.windowMinutes).toBe(15);
  });

  it.each([
    // heartbeat 100 (weight .3), error rate 100 (.2), resources (.15): renormalized over .65.
    { name: "idle cpu", cpu: 50, score: 100, status: "excellent" },
    { name: "cpu at warn: (30 + 20 + .15×50) / .65", cpu: 90, score: 88, status: "good" },
    { name: "cpu at critical: (30 + 20 + .15×20) / .65", cpu: 95, score: 82, status: "good" },
    { name: "cpu pegged: (30 + 20) / .65", cpu: 100, score: 77, status: "good" },
  ])("combined score: $name", ({ cpu, score, status }) => {
    const b = scoreAgent(input({ metrics: { cpu_usage: m(cpu) } }));
    expect(b.score).toBe(score);
    expect(b.status).toBe(status);
  });

  it.each([
    { score: 90, status: "excellent" },
    { score: 89, status: "good" },
    { score: 75, status: "good" },
    { score: 74, status: "fair" },
    { score: 60, status: "fair" },
    { score: 59, status: "poor" },
    { score: 40, status: "poor" },
    { score: 39, status: "critical" },
  ])("boundary $score → $status (single-factor agent)", ({ score, status }) => {
    // business_impact alone: its score passes straight through renormalization.
    const b = scoreAgent(input({ state: "paused", heartbeats: { total: 0, errors: 0 }, metrics: { business_impact: m(score) } }));
    expect(b.score).toBe(score);
    expect(b.status).toBe(status);
  });

  it("an unresponsive agent is capped at 25 whatever its other factors say", () => {
    const b = scoreAgent(input({ lastHeartbeatAt: ago(600), heartbeats: { total: 10, errors: 0 }, metrics: { cpu_usage: m(10), response_time_ms: m(100) } }));
    expect(b.score).toBe(25);
    expect(b.status).toBe("critical");
    expect(b.note).toMatch(/capped at 25/);
  });

  it("an agent with no data at all has no score", () => {
    const b = scoreAgent(input({ state: "registered", firstSeenAt: null, lastHeartbeatAt: null, heartbeats: { total: 0, errors: 0 } }));
    expect(b.score).toBeNull();
    expect(b.status).toBeNull();
  });
});

describe("trend", () => {
  const series = (...scores: number[]) => scores.map((score, i) => ({ score, at: new Date(NOW.getTime() + i * 300_000) }));
  it.each([
    { name: "too few points", h: series(50, 90), trend: "stable" },
    { name: "flat", h: series(80, 80, 80, 80), trend: "stable" },
    { name: "noise inside ±3", h: series(80, 82, 79, 81, 80, 82), trend: "stable" },
    { name: "rising", h: series(60, 65, 70, 75, 80), trend: "improving" },
    { name: "falling", h: series(90, 85, 80, 70), trend: "degrading" },
    { name: "just above the dead band", h: series(80, 82, 84), trend: "improving" }, // +4
    { name: "exactly the dead band", h: series(80, 81.5, 83), trend: "stable" }, // +3
    { name: "only the last 6 points count", h: series(0, 0, 0, 90, 90, 90, 90, 90, 90), trend: "stable" },
  ])("$name → $trend", ({ h, trend }) => {
    expect(healthTrend(h)).toBe(trend);
  });
});
