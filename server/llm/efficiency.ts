import { interpolate } from "../scoring";

/**
 * Efficiency score of one LLM run: cost 40 % + speed 30 % + quality 30 %, each 0–100;
 * a part without data is left out and the other weights renormalized (as in health scoring).
 * - cost: USD per 1K tokens — ≤ $0.0005 → 100, $0.002 → 80, $0.01 → 50, $0.03 → 20, ≥ $0.06 → 0
 *   (log-ish steps: gpt-4o-mini-class calls score high, o1-class low).
 * - speed: output tokens per second — ≥ 100 → 100, 50 → 80, 20 → 50, 5 → 20, ≤ 1 → 0; without
 *   output tokens, latency alone — ≤ 1 s → 100, 5 s → 60, 20 s → 20, ≥ 60 s → 0.
 * - quality: the quality score.
 * Floats are fine here: this is a score, not money.
 */

const EFFICIENCY_WEIGHTS = { cost: 0.4, speed: 0.3, quality: 0.3 } as const;

export interface EfficiencyInput {
  costUsd: number | null;
  totalTokens: number | null;
  outputTokens: number | null;
  latencyMs: number | null;
  qualityScore: number | null;
}

export interface EfficiencyResult {
  score: number | null;
  parts: { cost: number | null; speed: number | null; quality: number | null };
}

export function efficiencyScore(r: EfficiencyInput): EfficiencyResult {
  const cost = r.costUsd !== null && r.totalTokens ? interpolate((r.costUsd / r.totalTokens) * 1000, [[0.0005, 100], [0.002, 80], [0.01, 50], [0.03, 20], [0.06, 0]]) : null;
  let speed: number | null = null;
  if (r.latencyMs !== null) {
    speed =
      r.outputTokens && r.latencyMs > 0
        ? interpolate(r.outputTokens / (r.latencyMs / 1000), [[1, 0], [5, 20], [20, 50], [50, 80], [100, 100]])
        : interpolate(r.latencyMs, [[1000, 100], [5000, 60], [20000, 20], [60000, 0]]);
  }
  const parts = { cost, speed, quality: r.qualityScore };
  let weight = 0;
  let sum = 0;
  for (const k of ["cost", "speed", "quality"] as const) {
    const v = parts[k];
    if (v === null) continue;
    weight += EFFICIENCY_WEIGHTS[k];
    sum += EFFICIENCY_WEIGHTS[k] * v;
  }
  const round1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
  return { score: weight ? round1(sum / weight) : null, parts: { cost: round1(cost), speed: round1(speed), quality: parts.quality } };
}

/** Cost-efficiency rating of a fleet from its average efficiency score. */
export function efficiencyRating(avg: number | null): "excellent" | "good" | "fair" | "poor" | null {
  if (avg === null) return null;
  if (avg >= 85) return "excellent";
  if (avg >= 70) return "good";
  if (avg >= 50) return "fair";
  return "poor";
}
