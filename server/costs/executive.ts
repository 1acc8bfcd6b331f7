/**
 * The executive (business-intelligence) report, pure: composed from figures the
 * service loads, rendered as JSON and Markdown.
 *
 * Performance score 0–100 = weighted mean of the components that have data (weights
 * renormalized over those):
 *   health 50 %      the system health score (server/health-score/system.ts)
 *   reliability 25 % resolved ÷ (resolved + escalated) incidents in the period × 100
 *   stability 25 %   100 − 5 × high/critical anomalies per hour − 1 × other anomalies per hour (≥ 0)
 * Cost-efficiency rating from waste = identified savings per hour ÷ cost per hour:
 *   ≤ 5 % excellent, ≤ 15 % good, ≤ 30 % fair, else poor (no cost data → excellent, nothing to waste).
 * Top initiatives: cost opportunities (expected value = annual saving) and recurring incidents
 * (≥ 2 for one agent and type: expected value = their yearly cost at the observed rate, each
 * incident costing revenue at risk × its duration), highest expected value first, at most 5.
 */
import { formatMicros } from "../incidents/business";
import type { CostAnalysis } from "./analyze";

export interface ReportInputs {
  generatedAt: Date;
  periodHours: number;
  systemHealth: { score: number; status: string; explanation: string };
  anomalies: { total: number; highOrCritical: number; byAgent: { agentId: string; metric: string; count: number }[] };
  incidents: { opened: number; resolved: number; escalated: number; open: number; medianResolveSeconds: number | null; valuePreservedMicros: number; recurring: { agentId: string; type: string; count: number; costMicros: number }[] };
  costs: CostAnalysis;
}

export type EfficiencyRating = "excellent" | "good" | "fair" | "poor";

export interface Initiative {
  title: string;
  category: "cost" | "reliability";
  expectedAnnualValueMicros: number;
  roi: number | null;
  detail: string;
}

export interface ExecutiveReport {
  generatedAt: string;
  periodHours: number;
  performanceScore: number;
  components: { key: string; label: string; weight: number; score: number | null; detail: string }[];
  costEfficiency: { rating: EfficiencyRating; wasteRatio: number | null; costPerHourMicros: number; savingsPerHourMicros: number };
  initiatives: Initiative[];
  highlights: string[];
  inputs: ReportInputs;
}

export function efficiencyRating(wasteRatio: number | null): EfficiencyRating {
  if (wasteRatio === null || wasteRatio <= 0.05) return "excellent";
  if (wasteRatio <= 0.15) return "good";
  if (wasteRatio <= 0.3) return "fair";
  return "poor";
}

const clamp = (v: number) => Math.max(0, Math.min(100, v));

export function buildReport(i: ReportInputs): ExecutiveReport {
  const closed = i.incidents.resolved + i.incidents.escalated;
  const perHour = (n: number) => n / Math.max(i.periodHours, 1);
  const components = [
    { key: "health", label: "System health", weight: 0.5, score: clamp(i.systemHealth.score), detail: i.systemHealth.explanation },
    {
      key: "reliability",
      label: "Incident resolution",
      weight: 0.25,
      score: closed ? clamp((100 * i.incidents.resolved) / closed) : null,
      detail: closed ? `${i.incidents.resolved} of ${closed} closed incidents resolved automatically` : "no closed incidents in the period",
    },
    {
      key: "stability",
      label: "Metric stability",
      weight: 0.25,
      score: clamp(100 - 5 * perHour(i.anomalies.highOrCritical) - perHour(i.anomalies.total - i.anomalies.highOrCritical)),
      detail: `${i.anomalies.total} anomalies (${i.anomalies.highOrCritical} high or critical) in ${i.periodHours} h`,
    },
  ];
  const weighted = components.filter((c) => c.score !== null);
  const wsum = weighted.reduce((s, c) => s + c.weight, 0);
  const performanceScore = Math.round((weighted.reduce((s, c) => s + c.weight * c.score!, 0) / wsum) * 10) / 10;

  const costPerHour = i.costs.totals.perHourMicros;
  const wasteRatio = costPerHour > 0 ? i.costs.savingsPerHourMicros / costPerHour : null;

  const initiatives: Initiative[] = [
    ...i.costs.opportunities.map((o) => ({ title: o.title, category: "cost" as const, expectedAnnualValueMicros: o.annualSavingsMicros, roi: o.roi, detail: `${o.detail}; saves ${formatMicros(o.savingsPerHourMicros, 4)}/h, pays back in ${o.paybackDays ?? "—"} days` })),
    ...i.incidents.recurring.map((r) => ({
      title: `Fix the root cause of ${r.agentId}'s recurring ${r.type.replace(/_/g, " ")}`,
      category: "reliability" as const,
      expectedAnnualValueMicros: Math.round((r.costMicros * 365 * 24) / Math.max(i.periodHours, 1)),
      roi: null,
      detail: `${r.count} incidents in ${i.periodHours} h costing ${formatMicros(r.costMicros)} in revenue at risk`,
    })),
  ]
    .sort((a, b) => b.expectedAnnualValueMicros - a.expectedAnnualValueMicros)
    .slice(0, 5);

  const highlights = [
    `Performance score ${performanceScore}/100 (system health ${Math.round(i.systemHealth.score)}, ${i.systemHealth.status}).`,
    `${i.incidents.opened} incidents opened, ${i.incidents.resolved} resolved automatically, ${i.incidents.escalated} escalated, ${i.incidents.open} open now${i.incidents.medianResolveSeconds !== null ? `; median time to resolve ${Math.round(i.incidents.medianResolveSeconds)} s` : ""}.`,
    `Self-healing preserved ${formatMicros(i.incidents.valuePreservedMicros)} of business value.`,
    `Running cost ${formatMicros(costPerHour, 4)}/h; ${formatMicros(i.costs.savingsPerHourMicros, 4)}/h of savings identified (${efficiencyRating(wasteRatio)} cost efficiency).`,
  ];

  return {
    generatedAt: i.generatedAt.toISOString(),
    periodHours: i.periodHours,
    performanceScore,
    components,
    costEfficiency: { rating: efficiencyRating(wasteRatio), wasteRatio: wasteRatio === null ? null : Math.round(wasteRatio * 1000) / 1000, costPerHourMicros: costPerHour, savingsPerHourMicros: i.costs.savingsPerHourMicros },
    initiatives,
    highlights,
    inputs: i,
  };
}

export function reportMarkdown(r: ExecutiveReport): string {
  const lines = [
    `# Vigil executive report`,
    ``,
    `Generated ${r.generatedAt} · period: last ${r.periodHours} h`,
    ``,
    `## Summary`,
    ``,
    ...r.highlights.map((h) => `- ${h}`),
    ``,
    `## Performance score: ${r.performanceScore} / 100`,
    ``,
    `| component | weight | score | detail |`,
    `|---|---|---|---|`,
    ...r.components.map((c) => `| ${c.label} | ${Math.round(c.weight * 100)} % | ${c.score === null ? "no data" : Math.round(c.score)} | ${c.detail.replace(/\|/g, "/")} |`),
    ``,
    `## Cost efficiency: ${r.costEfficiency.rating}`,
    ``,
    `- Cost per hour: ${formatMicros(r.costEfficiency.costPerHourMicros, 4)}`,
    `- Savings identified per hour: ${formatMicros(r.costEfficiency.savingsPerHourMicros, 4)}${r.costEfficiency.wasteRatio === null ? "" : ` (${(r.costEfficiency.wasteRatio * 100).toFixed(1)} % of cost)`}`,
    ``,
    `| agent | active h | CPU | memory | processing | errors | total |`,
    `|---|---|---|---|---|---|---|`,
    ...r.inputs.costs.agents.slice(0, 15).map((a) => `| ${a.agentId} | ${a.activeHours} | ${formatMicros(a.cpuMicros, 4)} | ${formatMicros(a.memoryMicros, 4)} | ${formatMicros(a.processingMicros, 4)} | ${formatMicros(a.errorMicros, 4)} | ${formatMicros(a.totalMicros, 4)} |`),
    ``,
    `## Top initiatives`,
    ``,
    ...(r.initiatives.length
      ? r.initiatives.map((x, k) => `${k + 1}. **${x.title}** (${x.category}) — expected value ${formatMicros(x.expectedAnnualValueMicros)}/year${x.roi !== null ? `, ROI ${Math.round(x.roi * 100)} %` : ""}. ${x.detail}.`)
      : ["No initiatives: nothing to optimize in this period."]),
    ``,
  ];
  return lines.join("\n");
}
