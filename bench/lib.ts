/**
 * Shared pieces of `npm run bench`: the Figure every section returns, the context sections share,
 * percentiles, and process RSS. A figure always carries the reference measured in the same run
 * so a slow machine shows up in both columns instead of as a false regression.
 */
import { readFileSync, readdirSync } from "node:fs";
import type pg from "pg";

export interface Target {
  /** "<": value must stay below `value`; ">=": value must reach it. */
  op: "<" | ">=";
  value: number;
}

export interface Figure {
  name: string;
  value: number;
  unit: string;
  reference: { name: string; value: number; unit: string } | null;
  /** value / reference.value (null without a reference). */
  ratio: number | null;
  target: Target | null;
  pass: boolean | null;
  note?: string;
}

export interface BenchContext {
  pool: pg.Pool;
  webUrl: string;
  webPid: number;
  workerPid: number;
  ingestKey: string;
  readKey: string;
  quick: boolean;
  agents: number;
  hours: number;
  /** RSS right after web and worker came up: the memory section's reference. */
  startRss: { web: number; worker: number };
  log: (msg: string) => void;
}

export type Section = { name: string; run: (ctx: BenchContext) => Promise<Figure[]> };

export function figure(f: Omit<Figure, "ratio" | "pass">): Figure {
  const ratio = f.reference && f.reference.value !== 0 ? f.value / f.reference.value : null;
  const pass = f.target ? (f.target.op === "<" ? f.value < f.target.value : f.value >= f.target.value) : null;
  return { ...f, ratio, pass };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function stats(values: number[]): { p50: number; p95: number; p99: number; max: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN, n: s.length };
}

function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const c = readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").trim();
      if (c) out.push(...c.split(/\s+/).map(Number));
    }
  } catch {
    // process gone
  }
  return out;
}

/** Resident set size in MB of a process and all its descendants (Next may fork helpers). */
export function rssMb(pid: number): number {
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      kb += Number(m?.[1] ?? 0);
    } catch {
      continue;
    }
    stack.push(...childrenOf(p));
  }
  return Math.round(kb / 1024);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : v.toFixed(Math.abs(v) >= 10 ? 1 : 2)) : String(v));

/** One line per figure: name, value, unit, reference, ratio, target, pass/miss. */
export function formatFigure(f: Figure): string {
  const ref = f.reference ? `${f.reference.name} ${fmt(f.reference.value)} ${f.reference.unit}` : "—";
  const ratio = f.ratio === null ? "—" : `${f.ratio.toFixed(2)}×`;
  const target = f.target ? `${f.target.op} ${fmt(f.target.value)}` : "—";
  const verdict = f.pass === null ? "info" : f.pass ? "PASS" : "MISS";
  return `${f.name.padEnd(46)} ${fmt(f.value).padStart(10)} ${f.unit.padEnd(7)} | ref ${ref.padEnd(44)} | ${ratio.padStart(7)} | target ${target.padEnd(9)} | ${verdict}`;
}

/** The results as a Markdown table (bench/results/latest.md), pasted into docs/benchmarks.md. */
export function markdownTable(figures: Figure[]): string {
  const rows = figures.map((f) => {
    const ref = f.reference ? `${f.reference.name}: ${fmt(f.reference.value)} ${f.reference.unit}` : "—";
    const verdict = f.pass === null ? "info" : f.pass ? "pass" : "**miss**";
    return `| ${f.name} | ${fmt(f.value)} ${f.unit} | ${ref} | ${f.ratio === null ? "—" : `${f.ratio.toFixed(2)}×`} | ${f.target ? `${f.target.op} ${fmt(f.target.value)}` : "—"} | ${verdict} |`;
  });
  return ["| figure | value | same-run reference | ratio | target | |", "|---|---|---|---|---|---|", ...rows].join("\n") + "\n";
}
