import { describe, expect, it } from "vitest";
import { agentCost, analyzeCosts, DEFAULT_COST_RATES as rates, rightSize, type AgentUsage } from "./analyze";
import { buildReport, efficiencyRating, reportMarkdown } from "./executive";

function usage(over: Partial<AgentUsage> = {}): AgentUsage {
  return { agentId: "a", name: "A", activeHours: 10, cpuAvgPct: 40, cpuPeakPct: 80, memAvgPct: 50, memPeakPct: 70, memAvgMb: null, cores: 2, memoryGb: 4, errors: 0, ...over };
}

describe("cost per agent (hand-computed, µ$)", () => {
  it.each([
    // 0.4 × 2 cores × 10 h = 8 core-h × 50,000 = 400,000; 0.5 × 4 GB × 10 h = 20 GB-h × 20,000 = 400,000;
    // 10 h × 10,000 = 100,000; 0 errors → 900,000 ($0.90), $0.09 per hour
    { name: "cpu + memory % + processing", u: usage(), cpu: 400_000, mem: 400_000, proc: 100_000, err: 0, total: 900_000, perHour: 90_000 },
    // memory from memory_mb: 512 MB = 0.5 GB × 3 h = 1.5 GB-h → 30,000; cpu 0.1 × 1 × 3 = 0.3 → 15,000; 3 h → 30,000; 7 errors → 7,000
    { name: "memory_mb wins over %", u: usage({ activeHours: 3, cpuAvgPct: 10, cores: 1, memAvgMb: 512, errors: 7 }), cpu: 15_000, mem: 30_000, proc: 30_000, err: 7_000, total: 82_000, perHour: 27_333 },
    // no resource metrics: processing only; 1/3 h → 3,333.33 → 3,333
    { name: "no metrics, 20 active minutes", u: usage({ activeHours: 1 / 3, cpuAvgPct: null, memAvgPct: null }), cpu: 0, mem: 0, proc: 3_333, err: 0, total: 3_333, perHour: 9_999 },
  ])("$name", ({ u, cpu, mem, proc, err, total, perHour }) => {
    const c = agentCost(u, rates);
    expect([c.cpuMicros, c.memoryMicros, c.processingMicros, c.errorMicros, c.totalMicros, c.perHourMicros]).toEqual([cpu, mem, proc, err, total, perHour]);
  });

  it("uses configured rates", () => {
    const c = agentCost(usage(), { ...rates, cpuCoreHourMicros: 75_000, processingHourMicros: 0 });
    expect(c.cpuMicros).toBe(600_000);
    expect(c.processingMicros).toBe(0);
  });
});

describe("opportunities", () => {
  it.each([
    [2, 20, 0.75], // 2 × 0.2 × 1.3 = 0.52 → 0.75
    [1, 10, 0.25],
    [4, 45, 2.5], // 4 × 0.45 × 1.3 = 2.34 → 2.5
    [1, 0, 0.25],
  ])("rightSize(%s, peak %s %%) = %s", (size, peak, to) => expect(rightSize(size, peak)).toBe(to));

  it("CPU and memory right-sizing and error reduction with $/h, annual saving and ROI", () => {
    const a = analyzeCosts([usage({ cpuPeakPct: 20, memPeakPct: 30, errors: 1000 })], rates, 10);
    const byKind = Object.fromEntries(a.opportunities.map((o) => [o.kind, o]));
    // CPU: 2 → 0.75 cores saves 1.25 × 50,000 = 62,500 µ$/h; active all 10 h → × 8,760 = 547,500,000 µ$/year;
    // 2 h × $120 = 240,000,000 µ$; ROI (547.5 − 240) / 240 = 1.28; payback 240 / 547.5 × 365 = 160 days
    expect(byKind.cpu_rightsizing).toMatchObject({ savingsPerHourMicros: 62_500, utilization: 1, annualSavingsMicros: 547_500_000, implementationCostMicros: 240_000_000, roi: 1.28, paybackDays: 160 });
    // memory: 4 GB at 30 % peak → 4 × 0.3 × 1.3 = 1.56 → 1.75 GB; 2.25 × 20,000 = 45,000 µ$/h
    expect(byKind.memory_rightsizing?.savingsPerHourMicros).toBe(45_000);
    // errors: 1000 × 1,000 = 1,000,000 µ$ over 10 h; halving saves 50,000 µ$/h
    expect(byKind.error_reduction?.savingsPerHourMicros).toBe(50_000);
    expect(a.savingsPerHourMicros).toBe(157_500);
    expect(a.opportunities[0]!.kind).toBe("cpu_rightsizing"); // highest annual saving first
    expect(a.totals.totalMicros).toBe(a.agents.reduce((s, x) => s + x.totalMicros, 0));
  });

  it("scales yearly savings by how much of the period the agent ran", () => {
    // active 6 of 24 h: 62,500 µ$/h × 0.25 × 8,760 = 136,875,000 µ$/year; 15,625 µ$ per wall-clock hour
    const a = analyzeCosts([usage({ activeHours: 6, cpuPeakPct: 20, memPeakPct: 80 })], rates, 24);
    expect(a.opportunities.map((o) => [o.kind, o.utilization, o.annualSavingsMicros])).toEqual([["cpu_rightsizing", 0.25, 136_875_000]]);
    expect(a.savingsPerHourMicros).toBe(15_625);
  });

  it("no opportunity for a well-sized agent", () => {
    expect(analyzeCosts([usage({ cpuPeakPct: 85, memPeakPct: 80 })], rates, 10).opportunities).toEqual([]);
  });
});

describe("executive report", () => {
  const inputs = (over: Partial<Parameters<typeof buildReport>[0]> = {}) => ({
    generatedAt: new Date("2026-11-22T12:00:00Z"),
    periodHours: 24,
    systemHealth: { score: 80, status: "good", explanation: "8 of 10 agents active" },
    anomalies: { total: 48, highOrCritical: 24, byAgent: [] },
    incidents: { opened: 5, resolved: 3, escalated: 1, open: 1, medianResolveSeconds: 42, valuePreservedMicros: 12_000_000, recurring: [{ agentId: "billing", type: "agent_failure", count: 3, costMicros: 2_000_000 }] },
    costs: analyzeCosts([usage({ cpuPeakPct: 20 })], rates, 24),
    ...over,
  });

  it("performance score: health 50 %, resolution 25 %, stability 25 %", () => {
    const r = buildReport(inputs());
    // stability: 100 − 5 × 1/h − 1 × 1/h = 94; resolution 3 of 4 = 75; 0.5 × 80 + 0.25 × 75 + 0.25 × 94 = 82.25 → 82.3
    expect(r.components.map((c) => c.score)).toEqual([80, 75, 94]);
    expect(r.performanceScore).toBe(82.3);
  });

  it("renormalizes without closed incidents", () => {
    const r = buildReport(inputs({ incidents: { opened: 0, resolved: 0, escalated: 0, open: 0, medianResolveSeconds: null, valuePreservedMicros: 0, recurring: [] } }));
    // (0.5 × 80 + 0.25 × 94) / 0.75 = 84.67
    expect(r.performanceScore).toBe(84.7);
  });

  it.each([
    [null, "excellent"],
    [0.05, "excellent"],
    [0.1, "good"],
    [0.3, "fair"],
    [0.31, "poor"],
  ])("waste %s → %s", (w, rating) => expect(efficiencyRating(w as number | null)).toBe(rating));

  it("ranks initiatives by expected annual value and renders Markdown", () => {
    const r = buildReport(inputs());
    // recurring incidents: 2,000,000 µ$ per 24 h × 365 = 730,000,000; CPU right-sizing 2 → 0.75 cores,
    // active 10 of 24 h: 62,500 × 10/24 × 8,760 = 228,125,000
    expect(r.initiatives.map((i) => [i.category, i.expectedAnnualValueMicros])).toEqual([
      ["reliability", 730_000_000],
      ["cost", 228_125_000],
    ]);
    const md = reportMarkdown(r);
    expect(md).toContain("## Performance score: 82.3 / 100");
    expect(md).toContain("Fix the root cause of billing's recurring agent failure");
    expect(md).toContain("$730.00/year");
  });
});
