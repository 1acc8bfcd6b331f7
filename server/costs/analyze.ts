/**
 * Cost analyzer, pure. Money is integer micro-dollars (µ$; 1 USD = 1,000,000):
 * every rate is a whole number of µ$, each cost component is rounded once to the µ$, and
 * totals are sums of integers — exact, reproducible, no float drift in the figures shown.
 *
 * Per agent over the period (its *active hours* = minutes with at least one heartbeat ÷ 60):
 *   CPU        = avg cpu_usage % ÷ 100 × cores × active hours × CPU rate ($0.05 / core-hour)
 *   memory     = GB in use × active hours × memory rate ($0.02 / GB-hour), GB in use from a
 *                `memory_mb` metric, else avg memory_usage % ÷ 100 × the agent's memory GB
 *   processing = active hours × processing rate ($0.01 / hour)
 *   errors     = error count × error rate ($0.001 / error, configurable)
 * cores and memory GB come from the agent's metadata (`cpuCores`, `memoryGb`), default 1 and 1.
 *
 * Opportunities, each with $ saved per hour the agent runs, annual saving (that × the share of
 * the period the agent was active × 8,760 h), implementation cost (effort hours × engineer
 * rate) and ROI = (annual saving − implementation cost) ÷ implementation cost:
 *   - CPU right-sizing when peak cpu < 50 %: cores → max(0.25, ⌈cores × peak × 1.3 ÷ 0.25⌉ × 0.25);
 *   - memory right-sizing when peak memory_usage < 50 %: the same rule on GB;
 *   - error reduction when an agent errs: halving its errors saves half their cost.
 */
import { z } from "zod";

/** A rate in whole micro-dollars (up to $1,000,000). */
const micros = z.number().int().min(0).max(1e12);
export const costRatesSchema = z.object({
  cpuCoreHourMicros: micros,
  memoryGbHourMicros: micros,
  processingHourMicros: micros,
  errorMicros: micros,
  engineerHourlyMicros: micros,
});
export type CostRates = z.output<typeof costRatesSchema>;
export const COST_RATES_KEY = "cost_rates";
export const DEFAULT_COST_RATES: CostRates = {
  cpuCoreHourMicros: 50_000, // $0.05 per core-hour
  memoryGbHourMicros: 20_000, // $0.02 per GB-hour
  processingHourMicros: 10_000, // $0.01 per hour
  errorMicros: 1_000, // $0.001 per error
  engineerHourlyMicros: 120_000_000, // $120 per engineer hour (implementation cost of an initiative)
};

/** Effort (engineer hours) to implement each kind of opportunity. */
const EFFORT_HOURS = { cpu_rightsizing: 2, memory_rightsizing: 2, error_reduction: 8 } as const;
const HOURS_PER_YEAR = 8760;

export interface AgentUsage {
  agentId: string;
  name: string;
  activeHours: number;
  cpuAvgPct: number | null;
  cpuPeakPct: number | null;
  memAvgPct: number | null;
  memPeakPct: number | null;
  memAvgMb: number | null;
  cores: number;
  memoryGb: number;
  errors: number;
}

export interface AgentCost {
  agentId: string;
  name: string;
  activeHours: number;
  cpuCoreHours: number;
  memoryGbHours: number;
  cpuMicros: number;
  memoryMicros: number;
  processingMicros: number;
  errorMicros: number;
  totalMicros: number;
  /** Cost per active hour. */
  perHourMicros: number;
}

export interface Opportunity {
  agentId: string;
  kind: keyof typeof EFFORT_HOURS;
  title: string;
  detail: string;
  /** Saved per hour the agent runs. */
  savingsPerHourMicros: number;
  /** Share of the period the agent was active (0–1): scales hourly savings to wall-clock time. */
  utilization: number;
  annualSavingsMicros: number;
  implementationCostMicros: number;
  /** (annual saving − implementation cost) ÷ implementation cost; e.g. 3.5 = 350 %. */
  roi: number;
  paybackDays: number | null;
}

export interface CostAnalysis {
  periodHours: number;
  rates: CostRates;
  agents: AgentCost[];
  totals: { cpuMicros: number; memoryMicros: number; processingMicros: number; errorMicros: number; totalMicros: number; perHourMicros: number };
  opportunities: Opportunity[];
  /** Identified savings per wall-clock hour (comparable to totals.perHourMicros). */
  savingsPerHourMicros: number;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export function agentCost(u: AgentUsage, rates: CostRates): AgentCost {
  const cpuCoreHours = ((u.cpuAvgPct ?? 0) / 100) * u.cores * u.activeHours;
  const gbInUse = u.memAvgMb !== null ? u.memAvgMb / 1024 : ((u.memAvgPct ?? 0) / 100) * u.memoryGb;
  const memoryGbHours = gbInUse * u.activeHours;
  const cpuMicros = Math.round(cpuCoreHours * rates.cpuCoreHourMicros);
  const memoryMicros = Math.round(memoryGbHours * rates.memoryGbHourMicros);
  const processingMicros = Math.round(u.activeHours * rates.processingHourMicros);
  const errorMicros = u.errors * rates.errorMicros;
  const totalMicros = cpuMicros + memoryMicros + processingMicros + errorMicros;
  return {
    agentId: u.agentId,
    name: u.name,
    activeHours: round3(u.activeHours),
    cpuCoreHours: round3(cpuCoreHours),
    memoryGbHours: round3(memoryGbHours),
    cpuMicros,
    memoryMicros,
    processingMicros,
    errorMicros,
    totalMicros,
    perHourMicros: u.activeHours > 0 ? Math.round(totalMicros / u.activeHours) : 0,
  };
}

/** Smallest size in steps of 0.25 that covers peak × 1.3 headroom (at least 0.25). */
export function rightSize(size: number, peakPct: number): number {
  return Math.max(0.25, Math.ceil((size * (peakPct / 100) * 1.3) / 0.25) * 0.25);
}

function opportunity(agentId: string, kind: keyof typeof EFFORT_HOURS, title: string, detail: string, perHour: number, utilization: number, rates: CostRates): Opportunity {
  const annual = Math.round(perHour * utilization * HOURS_PER_YEAR);
  const cost = EFFORT_HOURS[kind] * rates.engineerHourlyMicros;
  return {
    agentId,
    kind,
    title,
    detail,
    savingsPerHourMicros: perHour,
    utilization: Math.round(utilization * 10_000) / 10_000,
    annualSavingsMicros: annual,
    implementationCostMicros: cost,
    roi: cost > 0 ? Math.round(((annual - cost) / cost) * 100) / 100 : 0,
    paybackDays: annual > 0 ? Math.round((cost / annual) * 365 * 10) / 10 : null,
  };
}

function findOpportunities(u: AgentUsage, c: AgentCost, rates: CostRates, periodHours: number): Opportunity[] {
  const out: Opportunity[] = [];
  if (u.activeHours <= 0) return out;
  const util = Math.min(1, u.activeHours / periodHours);
  if (u.cpuPeakPct !== null && u.cpuPeakPct < 50) {
    const to = rightSize(u.cores, u.cpuPeakPct);
    if (to < u.cores) {
      const perHour = Math.round((u.cores - to) * rates.cpuCoreHourMicros);
      out.push(opportunity(u.agentId, "cpu_rightsizing", `Right-size ${u.name} CPU: ${u.cores} → ${to} cores`, `peak CPU ${Math.round(u.cpuPeakPct)} % of ${u.cores} core(s); ${to} cores keep 30 % headroom`, perHour, util, rates));
    }
  }
  if (u.memAvgMb === null && u.memPeakPct !== null && u.memPeakPct < 50) {
    const to = rightSize(u.memoryGb, u.memPeakPct);
    if (to < u.memoryGb) {
      const perHour = Math.round((u.memoryGb - to) * rates.memoryGbHourMicros);
      out.push(opportunity(u.agentId, "memory_rightsizing", `Right-size ${u.name} memory: ${u.memoryGb} → ${to} GB`, `peak memory ${Math.round(u.memPeakPct)} % of ${u.memoryGb} GB; ${to} GB keep 30 % headroom`, perHour, util, rates));
    }
  }
  if (u.errors > 0 && c.errorMicros > 0) {
    const perHour = Math.round(c.errorMicros / 2 / u.activeHours);
    if (perHour > 0) out.push(opportunity(u.agentId, "error_reduction", `Halve ${u.name}'s errors`, `${u.errors} errors in ${periodHours} h cost ${c.errorMicros} µ$; fixing the top error sources halves that`, perHour, util, rates));
  }
  return out;
}

export function analyzeCosts(usage: readonly AgentUsage[], rates: CostRates, periodHours: number): CostAnalysis {
  const agents = usage.map((u) => agentCost(u, rates));
  const opportunities = usage.flatMap((u, i) => findOpportunities(u, agents[i]!, rates, periodHours)).sort((a, b) => b.annualSavingsMicros - a.annualSavingsMicros);
  const sum = (f: (c: AgentCost) => number) => agents.reduce((s, c) => s + f(c), 0);
  const totalMicros = sum((c) => c.totalMicros);
  return {
    periodHours,
    rates,
    agents: agents.sort((a, b) => b.totalMicros - a.totalMicros),
    totals: { cpuMicros: sum((c) => c.cpuMicros), memoryMicros: sum((c) => c.memoryMicros), processingMicros: sum((c) => c.processingMicros), errorMicros: sum((c) => c.errorMicros), totalMicros, perHourMicros: periodHours > 0 ? Math.round(totalMicros / periodHours) : 0 },
    opportunities,
    savingsPerHourMicros: opportunities.reduce((s, o) => s + Math.round(o.savingsPerHourMicros * o.utilization), 0),
  };
}
