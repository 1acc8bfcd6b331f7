import { describe, expect, it } from "vitest";
import { evaluate, generateBenchmark } from "./benchmark";
import { classify, scorePoint, issueSeverityForZ } from "./score";

const flat = [100, 101, 99, 100, 102, 98, 100, 101, 99, 100];

describe("scorePoint", () => {
  it("robust z uses median and MAD (1.4826 × MAD ≈ σ)", () => {
    const s = scorePoint(flat, 110);
    expect(s.median).toBe(100);
    expect(s.mad).toBe(1); // |deviations| sorted: 0,0,0,0,1,1,1,1,2,2 → 1
    expect(s.robustZ).toBeCloseTo(10 / 1.4826, 6);
  });

  it("is not dragged by an earlier outlier (the classical z is)", () => {
    const withOutlier = [...flat, 1000];
    expect(scorePoint(withOutlier, 110).robustZ).toBeGreaterThan(6);
    expect(Math.abs(scorePoint(withOutlier, 110).z)).toBeLessThan(1);
  });

  it("a flat series: the scale floor is 1 % of the median", () => {
    const s = scorePoint([50, 50, 50, 50, 50], 52);
    expect(s.robustZ).toBeCloseTo(4, 6); // 2 / (0.01 × 50)
  });
});

describe("classify", () => {
  it.each([
    { name: "normal point", metric: "queue_depth", history: flat, x: 101, expected: null },
    { name: "fewer than 5 points: not scored", metric: "queue_depth", history: [100, 100, 100, 100], x: 500, expected: null },
    { name: "spike", metric: "queue_depth", history: flat, x: 108, expected: { method: "zscore", severity: "low" } }, // z = 8 / 1.4826 = 5.4
    { name: "big spike", metric: "queue_depth", history: flat, x: 115, expected: { method: "zscore", severity: "high" } }, // z = 10.1
    { name: "huge spike", metric: "queue_depth", history: flat, x: 120, expected: { method: "zscore", severity: "critical" } }, // z = 13.5
    { name: "dip", metric: "queue_depth", history: flat, x: 90, expected: { method: "zscore", severity: "medium" } }, // z = -6.7
    { name: "cpu warn threshold without history", metric: "cpu_usage", history: [], x: 91, expected: { method: "threshold", severity: "medium" } },
    { name: "cpu critical", metric: "cpu_usage", history: [], x: 95, expected: { method: "threshold", severity: "critical" } },
    { name: "memory 85", metric: "memory_usage", history: [], x: 85, expected: { method: "threshold", severity: "medium" } },
    { name: "response time 5 s", metric: "response_time", history: [], x: 5000, expected: { method: "threshold", severity: "critical" } },
    { name: "response time under warn", metric: "response_time", history: [], x: 1999, expected: null },
    { name: "both", metric: "cpu_usage", history: [40, 41, 39, 40, 42, 38, 40], x: 96, expected: { method: "zscore+threshold", severity: "critical" } },
  ])("$name", ({ metric, history, x, expected }) => {
    const f = classify(metric, history, x);
    if (!expected) expect(f).toBeNull();
    else expect(f && { method: f.method, severity: f.severity }).toEqual(expected);
  });

  it.each([
    [4.5, "low"],
    [5.99, "low"],
    [6, "medium"],
    [8, "high"],
    [12, "critical"],
  ])("|z| %s → %s", (z, sev) => expect(issueSeverityForZ(z as number)).toBe(sev));
});

describe("labelled benchmark (precision and recall ≥ 0.90)", () => {
  it("is deterministic and scores ≥ 0.90 on both", () => {
    const a = generateBenchmark();
    expect(generateBenchmark().map((s) => s.values.slice(0, 5))).toEqual(a.map((s) => s.values.slice(0, 5)));
    const r = evaluate(a);
    console.log(`anomaly benchmark: precision ${r.precision.toFixed(3)}, recall ${r.recall.toFixed(3)} over ${r.points} points / ${r.labelled} anomalies`);
    expect(r.labelled).toBeGreaterThan(300);
    expect(r.precision).toBeGreaterThanOrEqual(0.9);
    expect(r.recall).toBeGreaterThanOrEqual(0.9);
  });
});
