import { describe, expect, it } from "vitest";
import { businessValue, DEFAULT_BUSINESS_RATES, formatMicros, microsToDecimal } from "./business";

const t0 = new Date("2026-11-22T12:00:00Z");
const after = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe("business value preserved (hand-computed)", () => {
  it.each([
    // $1,000/h × 1.0 × (45 − 3) min / 60 = $700; engineer $120 × 45/60 = $90
    { severity: "critical", minutes: 3, outcome: "resolved", revenue: 700_000_000, engineer: 90_000_000 },
    // $1,000/h × 0.5 × 44.5/60 = $370.833333…→ 370_833_333 µ$
    { severity: "high", minutes: 0.5, outcome: "resolved", revenue: 370_833_333, engineer: 90_000_000 },
    // slower than a human: nothing preserved but the engineer's time
    { severity: "medium", minutes: 60, outcome: "resolved", revenue: 0, engineer: 90_000_000 },
    { severity: "critical", minutes: 3, outcome: "escalated", revenue: 0, engineer: 0 },
  ] as const)("$severity $outcome after $minutes min", ({ severity, minutes, outcome, revenue, engineer }) => {
    const v = businessValue(severity, outcome, t0, after(minutes), DEFAULT_BUSINESS_RATES);
    expect(v.revenuePreservedMicros).toBe(revenue);
    expect(v.engineerSavingsMicros).toBe(engineer);
    expect(v.valuePreservedMicros).toBe(revenue + engineer);
    expect(Number.isInteger(v.valuePreservedMicros)).toBe(true);
  });

  it("uses configured rates", () => {
    const v = businessValue("low", "resolved", t0, after(15), { ...DEFAULT_BUSINESS_RATES, revenuePerHourMicros: 600_000_000, engineerHourlyMicros: 0, manualResponseMinutes: 75 });
    // $600/h × 0.05 = $30/h at risk; 60 min saved → $30
    expect(v.revenueAtRiskPerHourMicros).toBe(30_000_000);
    expect(v.valuePreservedMicros).toBe(30_000_000);
  });
});

describe("money formatting (exact)", () => {
  it.each([
    [0, "$0.00", "0.000000"],
    [50_000, "$0.05", "0.050000"],
    [1_234_567_891, "$1,234.57", "1234.567891"],
    [-5_000, "-$0.01", "-0.005000"],
    [4_999, "$0.00", "0.004999"],
  ])("%i µ$ → %s / %s", (m, formatted, decimal) => {
    expect(formatMicros(m)).toBe(formatted);
    expect(microsToDecimal(m)).toBe(decimal);
  });
});
