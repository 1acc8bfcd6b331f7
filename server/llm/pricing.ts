import { formatUsd, parseDecimal, PRICE_SCALE, tokenCost } from "./money";

/**
 * Pure pricing: which price row applies to a run, and what the run costs.
 *
 * Token semantics follow the clients (LangSmith usage_metadata, OTel gen_ai.usage.*, OpenAI and
 * LangChain's Anthropic adapter): `input` INCLUDES cache reads and cache writes, and `output`
 * INCLUDES reasoning tokens. So the plain input rate applies to input − cacheRead − cacheWrite
 * and the plain output rate to output − reasoning. If a sender reports the parts as extra
 * (details larger than the total, e.g. Anthropic's raw API), the total is taken as the plain part.
 *
 * Every token type with tokens must have a price: a missing one is listed in `unpriced` and
 * contributes nothing to `cost`, so the run is visibly incomplete instead of a silent $0.
 */

export interface PriceRow {
  id: string;
  modelPattern: string;
  provider: string | null;
  project: string | null;
  /** USD per 1M tokens, decimal strings (≤ 6 decimals). */
  inputPerMtok: string;
  outputPerMtok: string;
  cacheReadPerMtok: string | null;
  cacheWritePerMtok: string | null;
  reasoningPerMtok: string | null;
  effectiveFrom: Date;
}

export interface TokenUsage {
  input?: number | null;
  output?: number | null;
  cacheRead?: number | null;
  cacheWrite?: number | null;
  reasoning?: number | null;
}

const TOKEN_TYPES = ["input", "cache_read", "cache_write", "output", "reasoning"] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export interface CostResult {
  /** USD decimal string, or null when nothing could be priced (no model, no price, no tokens). */
  cost: string | null;
  /** Per token type: tokens billed, the rate used and the cost (USD strings). */
  breakdown: Partial<Record<TokenType, { tokens: number; perMtok: string | null; cost: string | null }>>;
  /** Token types that had tokens but no price; "model" when the run names no model, "price" when none matches. */
  unpriced: string[];
  priceId: string | null;
}

const compiled = new Map<string, RegExp | null>();

/** Case-insensitive regex test; an invalid stored pattern matches nothing (the editor rejects them). */
export function patternMatches(pattern: string, model: string): boolean {
  let re = compiled.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, "i");
    } catch {
      re = null;
    }
    if (compiled.size > 1000) compiled.clear();
    compiled.set(pattern, re);
  }
  return re !== null && re.test(model);
}

/**
 * The price for `model` in `project` at time `at`: among rows whose pattern matches and whose
 * effective date is not after `at`, a project override beats a global row, then the latest
 * effective date wins, then the longest (most specific) pattern.
 */
export function selectPrice(prices: readonly PriceRow[], model: string, project: string, at: Date): PriceRow | null {
  let best: PriceRow | null = null;
  const rank = (p: PriceRow) => [p.project === project ? 1 : 0, p.effectiveFrom.getTime(), p.modelPattern.length] as const;
  for (const p of prices) {
    if (p.project !== null && p.project !== project) continue;
    if (p.effectiveFrom.getTime() > at.getTime()) continue;
    if (!patternMatches(p.modelPattern, model)) continue;
    if (!best) {
      best = p;
      continue;
    }
    const [a, b] = [rank(p), rank(best)];
    if (a[0] !== b[0] ? a[0] > b[0] : a[1] !== b[1] ? a[1] > b[1] : a[2] > b[2]) best = p;
  }
  return best;
}

const n = (v: number | null | undefined) => (v == null ? 0 : v);

/** Splits reported usage into disjoint billable parts (see the token semantics above). */
export function billableTokens(u: TokenUsage): Record<TokenType, number> {
  const cacheRead = n(u.cacheRead);
  const cacheWrite = n(u.cacheWrite);
  const reasoning = n(u.reasoning);
  const input = n(u.input);
  const output = n(u.output);
  const plainInput = input - cacheRead - cacheWrite;
  const plainOutput = output - reasoning;
  return {
    input: plainInput >= 0 ? plainInput : input,
    cache_read: cacheRead,
    cache_write: cacheWrite,
    output: plainOutput >= 0 ? plainOutput : output,
    reasoning,
  };
}

function hasTokens(u: TokenUsage): boolean {
  return [u.input, u.output, u.cacheRead, u.cacheWrite, u.reasoning].some((v) => v != null && v > 0);
}

/** Cost of one run's usage at one price row (null row: no price found). */
export function computeCost(usage: TokenUsage, price: PriceRow | null): CostResult {
  if (!hasTokens(usage)) return { cost: null, breakdown: {}, unpriced: [], priceId: price?.id ?? null };
  if (!price) return { cost: null, breakdown: {}, unpriced: ["price"], priceId: null };
  const rates: Record<TokenType, string | null> = {
    input: price.inputPerMtok,
    cache_read: price.cacheReadPerMtok,
    cache_write: price.cacheWritePerMtok,
    output: price.outputPerMtok,
    reasoning: price.reasoningPerMtok,
  };
  const tokens = billableTokens(usage);
  let total = 0n;
  const breakdown: CostResult["breakdown"] = {};
  const unpriced: string[] = [];
  for (const type of TOKEN_TYPES) {
    const t = tokens[type];
    if (t === 0) continue;
    const rate = rates[type];
    if (rate === null) {
      unpriced.push(type);
      breakdown[type] = { tokens: t, perMtok: null, cost: null };
      continue;
    }
    const c = tokenCost(t, parseDecimal(rate, PRICE_SCALE));
    total += c;
    breakdown[type] = { tokens: t, perMtok: rate, cost: formatUsd(c) };
  }
  return { cost: formatUsd(total), breakdown, unpriced, priceId: price.id };
}

/** Price selection + cost for one run. Runs without tokens cost nothing and are not flagged. */
export function priceRun(prices: readonly PriceRow[], run: { model: string | null; project: string; startTime: Date; usage: TokenUsage }): CostResult {
  if (!hasTokens(run.usage)) return { cost: null, breakdown: {}, unpriced: [], priceId: null };
  if (!run.model) return { cost: null, breakdown: {}, unpriced: ["model"], priceId: null };
  return computeCost(run.usage, selectPrice(prices, run.model, run.project, run.startTime));
}
