/**
 * Estimated business value of an answer: minutes an engineer would otherwise spend finding the
 * same facts across pages × the engineer hourly rate of the business-impact settings
 * (business_rates.engineerHourlyMicros, Settings → business rates; default $120/h), scaled by
 * confidence (a shaky answer saves less). Money in integer micro-dollars; exact decimal out.
 */
import type { PrismaClient } from "../db/client";
import { BUSINESS_RATES_KEY, businessRatesSchema, DEFAULT_BUSINESS_RATES } from "../incidents/business";
import { readSetting } from "../settings/typed";
import type { HelpCategory } from "./contract";

/** Manual minutes to assemble the answer by hand (documented in knowledge/help-agent.md). */
export const MANUAL_MINUTES: Record<HelpCategory, number> = { troubleshooting: 15, performance: 10, cost: 10, status: 5, general: 3 };

export function businessValueOf(category: HelpCategory, confidence: number, engineerHourlyMicros: number): { minutesSaved: number; usd: string } {
  const minutes = Math.round(MANUAL_MINUTES[category] * Math.max(0, Math.min(1, confidence)) * 10) / 10;
  const micros = BigInt(Math.round((engineerHourlyMicros * minutes) / 60));
  const cents = (micros + 5_000n) / 10_000n;
  return { minutesSaved: minutes, usd: `${cents / 100n}.${(cents % 100n).toString().padStart(2, "0")}` };
}

export async function engineerRate(prisma: PrismaClient): Promise<number> {
  return (await readSetting(prisma, BUSINESS_RATES_KEY, businessRatesSchema, DEFAULT_BUSINESS_RATES)).engineerHourlyMicros;
}
