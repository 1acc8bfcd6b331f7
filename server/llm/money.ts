/**
 * Exact money without floating point. Prices are USD per 1M tokens with at most 6 decimals,
 * held as integer micro-dollars per 1M tokens; tokens × that integer is then exactly the cost
 * in pico-dollars (1e-12 USD). Sums stay BigInt, and the database column is numeric(24,12), so
 * nothing is ever rounded between the price table and the API's decimal string.
 */

export const PRICE_SCALE = 6;
const COST_SCALE = 12;

const DECIMAL = /^(\d{1,12})(?:\.(\d+))?$/;

/** "2.5" → 2_500_000n (scale 6). Throws on more decimals than `scale` or a malformed number. */
export function parseDecimal(text: string, scale: number): bigint {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`not a non-negative decimal number: '${text}'`);
  const frac = (m[2] ?? "").replace(/0+$/, "");
  if (frac.length > scale) throw new RangeError(`'${text}' has more than ${scale} decimal places`);
  return BigInt(m[1]!) * 10n ** BigInt(scale) + BigInt(frac.padEnd(scale, "0") || "0");
}

/** 2_500_000n (scale 6) → "2.5"; trailing zeros trimmed, never exponent notation. */
export function formatDecimal(value: bigint, scale: number): string {
  const neg = value < 0n;
  const abs = neg ? -value : value;
  const base = 10n ** BigInt(scale);
  const int = abs / base;
  const frac = (abs % base).toString().padStart(scale, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/** Cost in pico-dollars of `tokens` at `microPerMtok` (micro-dollars per 1M tokens). */
export function tokenCost(tokens: number, microPerMtok: bigint): bigint {
  return BigInt(tokens) * microPerMtok;
}

export const formatUsd = (pico: bigint): string => formatDecimal(pico, COST_SCALE);
export const parseUsd = (text: string): bigint => parseDecimal(text, COST_SCALE);

/** Whether a price string is acceptable (≤ 6 decimals, non-negative). */
export function isPriceString(text: string): boolean {
  try {
    parseDecimal(text, PRICE_SCALE);
    return true;
  } catch {
    return false;
  }
}

/** Canonical decimal text of a numeric(24,12) read as text (Postgres prints all 12 decimals): trailing zeros trimmed. */
export function canonicalUsd(v: string | null): string | null {
  if (v === null) return null;
  return v.includes(".") ? v.replace(/0+$/, "").replace(/\.$/, "") : v;
}

/** canonicalUsd with "0" for no amount (a sum over no rows). */
export const usdOrZero = (v: string | null): string => canonicalUsd(v) ?? "0";
