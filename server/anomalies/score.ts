/**
 * Anomaly scoring for one metric point against the points before it, pure (the performance
 * monitor in docs/architecture.md).
 *
 * - Robust z-score: (x − median) ÷ (1.4826 × MAD) over the previous `window` points (default
 *   60); MAD is the median absolute deviation, 1.4826 makes it comparable to a standard
 *   deviation for normal data, and unlike mean/stddev it is not dragged by earlier anomalies.
 *   When MAD is 0 the mean absolute deviation × 1.2533 is used; the scale never goes below 1 %
 *   of |median| (a perfectly flat series flags a change of more than 4.5 %, not any change).
 * - The classical z-score (x − mean) ÷ stddev is reported alongside.
 * - At least `minPoints` (5) earlier points before a point is scored.
 * - Flag when |robust z| ≥ 4.5. Severity by |z|: < 6 low, < 8 medium, < 12 high, else critical.
 *   (4.5 is where the shipped benchmark balances precision and recall — both ≈ 0.96 —
 *   see benchmark.ts and `npm run bench:anomalies`; 3.5 gives recall 0.99 but precision 0.86.)
 * - Static thresholds (any history): cpu_usage ≥ 90 medium / ≥ 95 critical, memory_usage
 *   ≥ 85 / 95, response_time (and response_time_ms, latency_ms) ≥ 2000 / 5000 ms.
 *   A point that trips both gets the higher severity and method "zscore+threshold".
 */
import { maxIssueSeverity, type IssueSeverity } from "../vocabulary";

export interface AnomalyConfig {
  window: number;
  minPoints: number;
  zThreshold: number;
}

export const DEFAULT_ANOMALY: AnomalyConfig = { window: 60, minPoints: 5, zThreshold: 4.5 };

const STATIC_THRESHOLDS: Record<string, { warn: number; critical: number; unit: string }> = {
  cpu_usage: { warn: 90, critical: 95, unit: "%" },
  memory_usage: { warn: 85, critical: 95, unit: "%" },
  response_time: { warn: 2000, critical: 5000, unit: "ms" },
  response_time_ms: { warn: 2000, critical: 5000, unit: "ms" },
  latency_ms: { warn: 2000, critical: 5000, unit: "ms" },
};

export function median(sorted: readonly number[]): number {
  const n = sorted.length;
  const mid = Math.floor(n / 2);
  return n % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface PointScore {
  median: number;
  mad: number;
  robustZ: number;
  mean: number;
  std: number;
  z: number;
}

export function scorePoint(history: readonly number[], x: number): PointScore {
  const sorted = [...history].sort((a, b) => a - b);
  const med = median(sorted);
  const deviations = history.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
  const mad = median(deviations);
  const meanAbs = deviations.reduce((s, d) => s + d, 0) / deviations.length;
  const floor = Math.max(0.01 * Math.abs(med), 1e-9);
  const scale = Math.max(mad > 0 ? 1.4826 * mad : 1.2533 * meanAbs, floor);
  const mean = history.reduce((s, v) => s + v, 0) / history.length;
  const std = Math.sqrt(history.reduce((s, v) => s + (v - mean) ** 2, 0) / history.length);
  return { median: med, mad, robustZ: (x - med) / scale, mean, std, z: (x - mean) / Math.max(std, floor) };
}

export function issueSeverityForZ(absZ: number): IssueSeverity {
  return absZ >= 12 ? "critical" : absZ >= 8 ? "high" : absZ >= 6 ? "medium" : "low";
}

export interface Flag {
  severity: IssueSeverity;
  method: "zscore" | "threshold" | "zscore+threshold";
  reason: string;
  /** |robust z| when scored, else the threshold ratio (value ÷ warn level). */
  score: number;
  expected: number | null;
  zScore: number | null;
  robustZ: number | null;
}

/** Decides whether point `x` of `metric` is anomalous given the earlier points (oldest first). */
export function classify(metric: string, history: readonly number[], x: number, cfg: AnomalyConfig = DEFAULT_ANOMALY): Flag | null {
  const recent = history.slice(-cfg.window);
  const s = recent.length >= cfg.minPoints ? scorePoint(recent, x) : null;
  const zFlag = s && Math.abs(s.robustZ) >= cfg.zThreshold ? issueSeverityForZ(Math.abs(s.robustZ)) : null;
  const t = STATIC_THRESHOLDS[metric];
  const tFlag: IssueSeverity | null = t ? (x >= t.critical ? "critical" : x >= t.warn ? "medium" : null) : null;
  if (!zFlag && !tFlag) return null;
  const severity = !zFlag ? tFlag! : !tFlag ? zFlag : maxIssueSeverity(zFlag, tFlag);
  const parts: string[] = [];
  if (zFlag && s) parts.push(`${x > s.median ? "above" : "below"} the median ${round(s.median)} by ${round(Math.abs(s.robustZ), 1)} robust σ`);
  if (tFlag && t) parts.push(`${x >= t.critical ? "critical" : "warning"} threshold ${x >= t.critical ? t.critical : t.warn} ${t.unit} reached`);
  return {
    severity,
    method: zFlag && tFlag ? "zscore+threshold" : zFlag ? "zscore" : "threshold",
    reason: `${metric} = ${round(x)}: ${parts.join("; ")}`,
    score: s && zFlag ? Math.abs(s.robustZ) : x / t!.warn,
    expected: s ? s.median : null,
    zScore: s ? s.z : null,
    robustZ: s ? s.robustZ : null,
  };
}

function round(v: number, digits = 2): number {
  return Math.round(v * 10 ** digits) / 10 ** digits;
}
