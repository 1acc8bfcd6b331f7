/**
 * Per-agent health score, as pure functions over pre-aggregated window data.
 * server/health-score/service.ts loads the aggregates with a handful of GROUP BY queries; everything
 * here is arithmetic, so it is table-tested without a database.
 *
 * Score 0–100 over a window (default 15 min) = Σ effectiveWeight × factor score, where the
 * nominal weights are heartbeat consistency 30 %, performance 25 %, error rate 20 %, resource
 * efficiency 15 %, business impact 10 %, and a factor without data ("no data") is left out and
 * the remaining weights are renormalized to sum to 1.
 *
 * Factors (each 0–100, piecewise linear between the listed points):
 * - heartbeat consistency: received ÷ expected heartbeats (expected = the part of the window
 *   the agent existed ÷ its interval, at least 1), capped at 100 %; times a gap factor for the
 *   current silence: 1 within the interval, falling linearly to 0.5 over the grace period, and
 *   0 past interval + grace (unresponsive). Paused / stopped agents: no data.
 * - performance: latency-like metrics (`response_time`, `response_time_ms`, `latency_ms`,
 *   `duration_ms`, `cycle_duration_ms`). Relative to the agent's own baseline (the hour before
 *   the window, ≥ 5 samples): ratio ≤ 1.1 → 100, 1.5 → 60, 2 → 30, ≥ 3 → 0 (values under 50 ms
 *   count as 50 ms so jitter of fast operations is not "2× slower"). Absolute for response
 *   times and latencies (the anomaly thresholds 2000 / 5000 ms): ≤ 1000 → 100, 2000 → 60, 5000 → 10,
 *   ≥ 10000 → 0. A metric scores the lower of the two; the factor is the worst metric.
 * - error rate: errors ÷ activity, where errors = error/critical events + heartbeats whose
 *   status is error/failed/critical and activity = heartbeats + events (Vigil's own
 *   `agent.state_changed` events excluded); an `error_rate` metric (fraction, or percent when
 *   > 1) counts too, the higher rate wins. 0 → 100, 1 % → 90, 5 % → 50, ≥ 20 % → 0.
 * - resource efficiency: `cpu_usage` and `memory_usage` in percent, lower is better, with the
 *   the anomaly thresholds (cpu 90 warn / 95 critical, memory 85 / 95): cpu ≤ 70 → 100, 90 → 50,
 *   95 → 20, 100 → 0; memory ≤ 70 → 100, 85 → 50, 95 → 20, 100 → 0. Per resource
 *   0.7 × score(average) + 0.3 × score(peak); the factor is the scarcer resource (minimum).
 * - business impact: mean of whichever of these the agent provides: `business_impact` metric
 *   (already 0–100), `success_rate` metric (fraction or percent: ≤ 70 % → 0, 90 % → 50,
 *   95 % → 75, ≥ 99 % → 100), `throughput` metric vs its baseline (≤ 0 → 0, half → 40,
 *   ≥ 90 % of baseline → 100), and, for agents with recorded cycles (the built-in ones), the
 *   share of cycles that succeeded on the same success-rate curve.
 *
 * Cap: an agent silent for longer than interval + grace scores at most 25 (critical), whatever
 * its other factors say — a dead agent must not look healthy on stale metrics.
 */
import { band, interpolate, type Point } from "../scoring";
import { HEALTH_FACTORS, type FactorResult, type HealthBreakdown, type HealthFactorKey, type HealthStatus, type HealthTrend } from "./types";
import { REQUEST_LATENCY_METRICS, RESOURCE_METRICS } from "../vocabulary";

export const DEFAULT_WINDOW_MINUTES = 15;
/** How far back before the window the per-agent baseline for relative metrics reaches. */
export const DEFAULT_BASELINE_MINUTES = 60;
/** Score ceiling for an agent past interval + grace. */
const UNRESPONSIVE_SCORE_CAP = 25;
/** Baselines with fewer samples than this are not trusted. */
const MIN_BASELINE_SAMPLES = 5;

/** Request latencies, plus the run time of a built-in agent's cycle. */
const LATENCY_METRICS = [...REQUEST_LATENCY_METRICS, "duration_ms", "cycle_duration_ms"] as const;
const BUSINESS_METRICS = ["business_impact", "success_rate", "throughput"] as const;
const ERROR_METRICS = ["error_rate"] as const;
/** Every metric name the scorer reads (the service filters its query to these). */
export const SCORED_METRICS: readonly string[] = [...LATENCY_METRICS, ...RESOURCE_METRICS, ...BUSINESS_METRICS, ...ERROR_METRICS];

/** Heartbeat statuses that count as an error report. */
export const ERROR_HEARTBEAT_STATUSES = ["error", "failed", "failure", "critical", "unhealthy"] as const;

export interface MetricAggregate {
  /** Samples inside the window. */
  count: number;
  avg: number | null;
  max: number | null;
  /** Samples in the baseline period before the window. */
  baselineCount: number;
  baselineAvg: number | null;
}

export interface AgentHealthInput {
  now: Date;
  windowMinutes: number;
  state: string;
  heartbeatIntervalSeconds: number;
  graceSeconds: number;
  createdAt: Date;
  firstSeenAt: Date | null;
  lastHeartbeatAt: Date | null;
  heartbeats: { total: number; errors: number };
  events: { total: number; errors: number };
  cycles: { total: number; failed: number };
  metrics: Record<string, MetricAggregate | undefined>;
}

const RELATIVE_LATENCY: Point[] = [[1.1, 100], [1.5, 60], [2, 30], [3, 0]];
const ABSOLUTE_LATENCY: Point[] = [[1000, 100], [2000, 60], [5000, 10], [10000, 0]];
const LATENCY_FLOOR_MS = 50;
const ERROR_RATE: Point[] = [[0, 100], [0.01, 90], [0.05, 50], [0.2, 0]];
const CPU: Point[] = [[70, 100], [90, 50], [95, 20], [100, 0]];
const MEMORY: Point[] = [[70, 100], [85, 50], [95, 20], [100, 0]];
const SUCCESS_PERCENT: Point[] = [[70, 0], [90, 50], [95, 75], [99, 100]];
const THROUGHPUT_RATIO: Point[] = [[0, 0], [0.5, 40], [0.9, 100]];

export function healthStatus(score: number): HealthStatus {
  return band<HealthStatus>(score, [[90, "excellent"], [75, "good"], [60, "fair"], [40, "poor"]], "critical");
}

const round = (n: number) => Math.round(n);
const pct = (n: number, digits = 1) => `${Number((n * 100).toFixed(digits))} %`;
const num = (n: number) => (Math.abs(n) >= 100 ? String(Math.round(n)) : String(Number(n.toFixed(1))));

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min ${s % 60 ? `${s % 60} s` : ""}`.trim();
  const h = Math.floor(m / 60);
  return `${h} h ${m % 60 ? `${m % 60} min` : ""}`.trim();
}

type Partial_ = { score: number | null; detail: string };

export function heartbeatConsistency(input: AgentHealthInput): Partial_ & { unresponsive: boolean } {
  const { now, heartbeatIntervalSeconds: interval, graceSeconds: grace } = input;
  if (input.state === "paused" || input.state === "stopped") {
    return { score: null, detail: `${input.state}: heartbeats not expected`, unresponsive: false };
  }
  if (!input.lastHeartbeatAt && input.heartbeats.total === 0) {
    return { score: null, detail: "never heartbeated", unresponsive: false };
  }
  const windowStart = now.getTime() - input.windowMinutes * 60_000;
  const existedFrom = Math.max(windowStart, (input.firstSeenAt ?? input.createdAt).getTime());
  const span = Math.max(0, (now.getTime() - existedFrom) / 1000);
  const expected = Math.max(1, Math.round(span / interval));
  const received = input.heartbeats.total;
  const ratio = Math.min(1, received / expected);
  const gap = input.lastHeartbeatAt ? (now.getTime() - input.lastHeartbeatAt.getTime()) / 1000 : Infinity;
  let gapFactor = 1;
  let gapText = input.lastHeartbeatAt ? `last one ${formatDuration(gap)} ago` : "none yet";
  if (gap > interval + grace) {
    gapFactor = 0;
    gapText += " — unresponsive";
  } else if (gap > interval) {
    gapFactor = 1 - (0.5 * (gap - interval)) / grace;
    gapText += " — late";
  }
  const over = span < input.windowMinutes * 60 - 1 ? `the ${formatDuration(span)} since first seen` : `the last ${input.windowMinutes} min`;
  return {
    score: round(100 * ratio * gapFactor),
    detail: `${received} of ${expected} expected heartbeats (every ${interval} s) in ${over}; ${gapText}`,
    unresponsive: gapFactor === 0,
  };
}

export function performance(input: AgentHealthInput): Partial_ {
  let worst: { name: string; score: number; text: string } | null = null;
  for (const name of LATENCY_METRICS) {
    const m = input.metrics[name];
    if (!m || m.count === 0 || m.avg === null) continue;
    const parts: string[] = [];
    let score = Infinity;
    // Request latencies also have absolute thresholds (response times in ms).
    if ((REQUEST_LATENCY_METRICS as readonly string[]).includes(name)) {
      score = Math.min(score, interpolate(m.avg, ABSOLUTE_LATENCY));
    }
    if (m.baselineCount >= MIN_BASELINE_SAMPLES && m.baselineAvg !== null && m.baselineAvg > 0) {
      const ratio = Math.max(m.avg, LATENCY_FLOOR_MS) / Math.max(m.baselineAvg, LATENCY_FLOOR_MS);
      score = Math.min(score, interpolate(ratio, RELATIVE_LATENCY));
      parts.push(`baseline ${num(m.baselineAvg)} ms, ${ratio.toFixed(2)}×`);
    } else if (score === Infinity) {
      continue; // relative-only metric without a baseline yet
    } else {
      parts.push("no baseline yet");
    }
    const text = `${name} avg ${num(m.avg)} ms (${parts.join(", ")})`;
    if (!worst || score < worst.score) worst = { name, score, text };
  }
  if (!worst) return { score: null, detail: "no latency metrics (response_time_ms, latency_ms, duration_ms…)" };
  return { score: round(worst.score), detail: worst.text };
}

export function errorRate(input: AgentHealthInput): Partial_ {
  const activity = input.heartbeats.total + input.events.total;
  const errors = input.heartbeats.errors + input.events.errors;
  const metric = input.metrics.error_rate;
  const metricRate = metric && metric.count > 0 && metric.avg !== null ? (metric.avg > 1 ? metric.avg / 100 : Math.max(0, metric.avg)) : null;
  if (activity === 0 && metricRate === null) return { score: null, detail: "no heartbeats, events or error_rate metric" };
  const observed = activity > 0 ? errors / activity : null;
  const rate = Math.max(observed ?? 0, metricRate ?? 0);
  const parts: string[] = [];
  if (observed !== null) parts.push(`${errors} error${errors === 1 ? "" : "s"} in ${activity} heartbeats and events (${pct(observed)})`);
  if (metricRate !== null) parts.push(`error_rate metric ${pct(metricRate)}`);
  return { score: round(interpolate(rate, ERROR_RATE)), detail: parts.join("; ") };
}

export function resourceEfficiency(input: AgentHealthInput): Partial_ {
  const parts: string[] = [];
  let score: number | null = null;
  for (const [name, curve] of [["cpu_usage", CPU], ["memory_usage", MEMORY]] as const) {
    const m = input.metrics[name];
    if (!m || m.count === 0 || m.avg === null) continue;
    const peak = m.max ?? m.avg;
    const s = 0.7 * interpolate(m.avg, curve) + 0.3 * interpolate(peak, curve);
    score = score === null ? s : Math.min(score, s);
    parts.push(`${name} avg ${num(m.avg)} % (peak ${num(peak)} %)`);
  }
  if (score === null) return { score: null, detail: "no cpu_usage or memory_usage metrics" };
  return { score: round(score), detail: parts.join("; ") };
}

export function businessImpact(input: AgentHealthInput): Partial_ {
  const scores: number[] = [];
  const parts: string[] = [];
  const bi = input.metrics.business_impact;
  if (bi && bi.count > 0 && bi.avg !== null) {
    scores.push(Math.min(100, Math.max(0, bi.avg)));
    parts.push(`business_impact ${num(bi.avg)}`);
  }
  const sr = input.metrics.success_rate;
  if (sr && sr.count > 0 && sr.avg !== null) {
    const percent = sr.avg <= 1 ? sr.avg * 100 : sr.avg;
    scores.push(interpolate(percent, SUCCESS_PERCENT));
    parts.push(`success_rate ${num(percent)} %`);
  }
  const tp = input.metrics.throughput;
  if (tp && tp.count > 0 && tp.avg !== null && tp.baselineCount >= MIN_BASELINE_SAMPLES && tp.baselineAvg !== null && tp.baselineAvg > 0) {
    const ratio = tp.avg / tp.baselineAvg;
    scores.push(interpolate(ratio, THROUGHPUT_RATIO));
    parts.push(`throughput ${pct(ratio, 0)} of baseline`);
  }
  if (input.cycles.total > 0) {
    const ok = input.cycles.total - input.cycles.failed;
    scores.push(interpolate((100 * ok) / input.cycles.total, SUCCESS_PERCENT));
    parts.push(`${ok} of ${input.cycles.total} cycles succeeded`);
  }
  if (!scores.length) return { score: null, detail: "no business_impact, success_rate, throughput or cycle data" };
  return { score: round(scores.reduce((a, b) => a + b, 0) / scores.length), detail: parts.join("; ") };
}

/** Combines factor scores with renormalized weights; factors with score null get weight 0. */
export function combineFactors(partials: Record<HealthFactorKey, Partial_>): { score: number | null; factors: FactorResult[] } {
  const present = HEALTH_FACTORS.filter((f) => partials[f.key].score !== null);
  const total = present.reduce((a, f) => a + f.weight, 0);
  const factors: FactorResult[] = HEALTH_FACTORS.map((f) => {
    const p = partials[f.key];
    return {
      key: f.key,
      label: f.label,
      weight: f.weight,
      effectiveWeight: p.score === null || total === 0 ? 0 : Number((f.weight / total).toFixed(4)),
      score: p.score,
      detail: p.score === null ? `no data: ${p.detail}` : p.detail,
    };
  });
  if (total === 0) return { score: null, factors };
  const score = present.reduce((a, f) => a + (f.weight / total) * partials[f.key].score!, 0);
  return { score: round(score), factors };
}

/** The health breakdown of one agent over its window. */
export function scoreAgent(input: AgentHealthInput): HealthBreakdown {
  const hb = heartbeatConsistency(input);
  const combined = combineFactors({
    heartbeatConsistency: hb,
    performance: performance(input),
    errorRate: errorRate(input),
    resourceEfficiency: resourceEfficiency(input),
    businessImpact: businessImpact(input),
  });
  let score = combined.score;
  let note: string | null = null;
  if (score !== null && hb.unresponsive && score > UNRESPONSIVE_SCORE_CAP) {
    note = `capped at ${UNRESPONSIVE_SCORE_CAP} (weighted ${score}): no heartbeat for longer than interval + grace`;
    score = UNRESPONSIVE_SCORE_CAP;
  }
  return {
    score,
    status: score === null ? null : healthStatus(score),
    factors: combined.factors,
    windowMinutes: input.windowMinutes,
    computedAt: input.now.toISOString(),
    note,
  };
}

/** Points of change across the history below which the trend is "stable". */
const TREND_DEAD_BAND = 3;
/** How many recent scores (including the current one) the trend looks at. */
export const TREND_POINTS = 6;

/**
 * Trend of recent scores (oldest first; the last is the current one): the least-squares slope
 * over the last TREND_POINTS scores, times their time span, is the change the line predicts;
 * within ±3 points it is stable. Fewer than 3 scores → stable.
 */
export function healthTrend(history: readonly { score: number; at: Date }[]): HealthTrend {
  const pts = history.slice(-TREND_POINTS);
  if (pts.length < 3) return "stable";
  const t0 = pts[0]!.at.getTime();
  const xs = pts.map((p) => (p.at.getTime() - t0) / 60_000);
  const ys = pts.map((p) => p.score);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return "stable";
  const change = (sxy / sxx) * (xs[xs.length - 1]! - xs[0]!);
  if (change > TREND_DEAD_BAND) return "improving";
  if (change < -TREND_DEAD_BAND) return "degrading";
  return "stable";
}
