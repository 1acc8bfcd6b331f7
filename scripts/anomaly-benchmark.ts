/**
 * npm run bench:anomalies [-- --write bench/anomaly-benchmark.csv]
 * Replays the shipped labelled benchmark (server/anomalies/benchmark.ts, deterministic) through
 * the production anomaly scorer and prints precision and recall (target: each ≥ 0.90).
 * `--write` also saves the dataset as CSV (series, metric, index, value, is_anomaly).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { evaluate, generateBenchmark } from "../server/anomalies/benchmark";
import { DEFAULT_ANOMALY } from "../server/anomalies/score";

const series = generateBenchmark();
const t0 = performance.now();
const all = evaluate(series);
const ms = performance.now() - t0;
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
console.log(`anomaly benchmark: ${all.series} series, ${all.points} points, ${all.labelled} labelled anomalies (robust z ≥ ${DEFAULT_ANOMALY.zThreshold}, window ${DEFAULT_ANOMALY.window})`);
console.log(`precision ${all.precision.toFixed(3)} (${all.truePositives} of ${all.flagged} flags correct)`);
console.log(`recall    ${all.recall.toFixed(3)} (${all.truePositives} of ${all.labelled} anomalies found)`);
console.log(`f1        ${all.f1.toFixed(3)} · scored in ${ms.toFixed(0)} ms (${((ms * 1000) / all.points).toFixed(1)} µs/point)`);
for (const shape of ["flat", "trend", "seasonal", "walk", "bursty"]) {
  const r = evaluate(series.filter((s) => s.name.startsWith(`${shape}-`)));
  console.log(`  ${shape.padEnd(9)} precision ${pct(r.precision).padStart(7)}  recall ${pct(r.recall).padStart(7)}  (fp ${r.falsePositives}, fn ${r.falseNegatives})`);
}
const i = process.argv.indexOf("--write");
if (i > 0) {
  const file = path.resolve(process.argv[i + 1] ?? "bench/anomaly-benchmark.csv");
  mkdirSync(path.dirname(file), { recursive: true });
  const rows = ["series,metric,index,value,is_anomaly", ...series.flatMap((s) => s.values.map((v, k) => `${s.name},${s.metric},${k},${v.toFixed(6)},${s.labels[k] ? 1 : 0}`))];
  writeFileSync(file, rows.join("\n") + "\n");
  console.log(`wrote ${file}`);
}
if (all.precision < 0.9 || all.recall < 0.9) process.exitCode = 1;
