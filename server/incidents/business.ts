/**
 * Business value of an incident (business impact per issue, from configurable rates), pure.
 * Money is integer micro-dollars (1 USD = 1,000,000): rates are whole micro-dollars, each
 * component is rounded once, and sums of integers are exact.
 *
 *   weight             = severity weight (low 0.05, medium 0.2, high 0.5, critical 1.0)
 *   revenue at risk/h  = revenue per hour × weight
 *   automated minutes  = detection → resolution
 *   minutes saved      = max(0, manual response minutes − automated minutes)
 *   revenue preserved  = revenue at risk/h × minutes saved ÷ 60
 *   engineer savings   = engineer hourly rate × manual response minutes ÷ 60
 *   value preserved    = revenue preserved + engineer savings   (resolved incidents only;
 *                        an escalated incident needed a human: its value is 0 and its revenue at
 *                        risk keeps accruing until someone fixes it)
 */
import { z } from "zod";
import { ISSUE_SEVERITIES, type IssueSeverity } from "../vocabulary";

export const businessRatesSchema = z.object({
  revenuePerHourMicros: z.number().int().min(0).max(1e15),
  engineerHourlyMicros: z.number().int().min(0).max(1e12),
  manualResponseMinutes: z.number().min(0).max(10_000),
  /** Share of the revenue at risk per issue severity (every severity needs one). */
  severityWeights: z.record(z.enum(ISSUE_SEVERITIES), z.number().min(0).max(1)),
});
export type BusinessRates = z.output<typeof businessRatesSchema>;

export const BUSINESS_RATES_KEY = "business_rates";
export const DEFAULT_BUSINESS_RATES: BusinessRates = {
  revenuePerHourMicros: 1_000_000_000, // $1,000 / hour flows through the fleet
  engineerHourlyMicros: 120_000_000, // $120 / engineer hour
  manualResponseMinutes: 45, // time for a human to notice, diagnose and fix
  severityWeights: { low: 0.05, medium: 0.2, high: 0.5, critical: 1 },
};

const BUSINESS_FORMULA =
  "value preserved = revenue/h × severity weight × max(0, manual minutes − automated minutes) ÷ 60 + engineer rate/h × manual minutes ÷ 60";

export interface BusinessValue {
  severityWeight: number;
  revenueAtRiskPerHourMicros: number;
  automatedMinutes: number;
  minutesSaved: number;
  revenuePreservedMicros: number;
  engineerSavingsMicros: number;
  valuePreservedMicros: number;
  formula: string;
  rates: BusinessRates;
}

export function businessValue(severity: IssueSeverity, outcome: "resolved" | "escalated" | "cancelled", detectedAt: Date, closedAt: Date, rates: BusinessRates): BusinessValue {
  const weight = rates.severityWeights[severity];
  const automatedMinutes = Math.max(0, (closedAt.getTime() - detectedAt.getTime()) / 60_000);
  const revenueAtRisk = Math.round(rates.revenuePerHourMicros * weight);
  const resolved = outcome === "resolved";
  const minutesSaved = resolved ? Math.max(0, rates.manualResponseMinutes - automatedMinutes) : 0;
  const revenuePreserved = resolved ? Math.round((revenueAtRisk * minutesSaved) / 60) : 0;
  const engineerSavings = resolved ? Math.round((rates.engineerHourlyMicros * rates.manualResponseMinutes) / 60) : 0;
  return {
    severityWeight: weight,
    revenueAtRiskPerHourMicros: revenueAtRisk,
    automatedMinutes: Math.round(automatedMinutes * 100) / 100,
    minutesSaved: Math.round(minutesSaved * 100) / 100,
    revenuePreservedMicros: revenuePreserved,
    engineerSavingsMicros: engineerSavings,
    valuePreservedMicros: revenuePreserved + engineerSavings,
    formula: BUSINESS_FORMULA,
    rates,
  };
}

/** "$1,234.56" from micro-dollars (exact: integer arithmetic, rounded half up to the cent). */
export function formatMicros(micros: number | bigint, digits: 2 | 4 | 6 = 2): string {
  const m = BigInt(micros);
  const neg = m < 0n;
  const abs = neg ? -m : m;
  const scale = 10n ** BigInt(6 - digits);
  const units = (abs + scale / 2n) / scale; // rounded to `digits` decimals
  const whole = units / 10n ** BigInt(digits);
  const frac = (units % 10n ** BigInt(digits)).toString().padStart(digits, "0");
  return `${neg ? "-" : ""}$${whole.toLocaleString("en-US")}.${frac}`;
}

/** "0.050000" — micro-dollars as an exact decimal string (API representation of money). */
export function microsToDecimal(micros: number | bigint): string {
  const m = BigInt(micros);
  const neg = m < 0n;
  const abs = neg ? -m : m;
  return `${neg ? "-" : ""}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, "0")}`;
}
