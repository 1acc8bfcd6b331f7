/**
 * The labelled anomaly benchmark (the detector must keep precision and recall ≥ 90 % on a benchmark the
 * project ships), generated deterministically from a seed, and its evaluation.
 *
 * Series (each `length` points, noise σ = 1 × a per-series scale):
 *   flat + gaussian noise · slow linear trend · daily-like sine (amplitude 2σ, period 240)
 *   · light random walk · bursty noise (occasional 2–3σ wobbles, not anomalies)
 * Labelled anomalies (~2 % of points after a warm-up): single spikes or dips of 6–12σ, and short
 * bursts of 2 consecutive points. Everything else is normal, so each flag outside a label is a
 * false positive and each missed label a false negative.
 *
 * Evaluation replays each series point by point through `classify` (the production scorer)
 * with the points before it as history — exactly what the performance monitor does.
 */
import { classify, DEFAULT_ANOMALY, type AnomalyConfig } from "./score";

/** mulberry32: tiny, fast, deterministic PRNG (32-bit state). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  // Box–Muller
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export interface BenchmarkSeries {
  name: string;
  metric: string;
  values: number[];
  labels: boolean[];
}

const SHAPES = ["flat", "trend", "seasonal", "walk", "bursty"] as const;

export function generateBenchmark(opts: { seed?: number; seriesPerShape?: number; length?: number } = {}): BenchmarkSeries[] {
  const rand = prng(opts.seed ?? 20261122);
  const perShape = opts.seriesPerShape ?? 8;
  const length = opts.length ?? 400;
  const out: BenchmarkSeries[] = [];
  for (const shape of SHAPES) {
    for (let k = 0; k < perShape; k++) {
      const base = 50 + rand() * 450;
      const sigma = base * (0.01 + rand() * 0.04);
      const values: number[] = [];
      const labels: boolean[] = [];
      let walk = 0;
      for (let i = 0; i < length; i++) {
        let v = base + sigma * gaussian(rand);
        if (shape === "trend") v += (i / length) * 6 * sigma;
        if (shape === "seasonal") v += 2 * sigma * Math.sin((2 * Math.PI * i) / 240);
        if (shape === "walk") v += (walk += 0.05 * sigma * gaussian(rand));
        if (shape === "bursty" && rand() < 0.05) v += (rand() < 0.5 ? -1 : 1) * (2 + rand()) * sigma;
        values.push(v);
        labels.push(false);
      }
      // Anomalies after a warm-up of 30 points, at least 12 points apart.
      let i = 30 + Math.floor(rand() * 20);
      while (i < length - 2) {
        const size = (6 + rand() * 6) * sigma * (rand() < 0.5 ? -1 : 1);
        const burst = rand() < 0.25 ? 2 : 1;
        for (let b = 0; b < burst; b++) {
          values[i + b]! += size;
          labels[i + b] = true;
        }
        i += 12 + Math.floor(rand() * 60);
      }
      out.push({ name: `${shape}-${k + 1}`, metric: `bench_${shape}`, values, labels });
    }
  }
  return out;
}

export interface BenchmarkResult {
  series: number;
  points: number;
  labelled: number;
  flagged: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  f1: number;
}

export function evaluate(series: readonly BenchmarkSeries[], cfg: AnomalyConfig = DEFAULT_ANOMALY): BenchmarkResult {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let points = 0;
  let labelled = 0;
  for (const s of series) {
    for (let i = 0; i < s.values.length; i++) {
      points++;
      const truth = s.labels[i]!;
      if (truth) labelled++;
      const flagged = classify(s.metric, s.values.slice(Math.max(0, i - cfg.window), i), s.values[i]!, cfg) !== null;
      if (flagged && truth) tp++;
      else if (flagged) fp++;
      else if (truth) fn++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return { series: series.length, points, labelled, flagged: tp + fp, truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
