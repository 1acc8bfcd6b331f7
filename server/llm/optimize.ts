import { formatDecimal, parseDecimal, parseUsd, PRICE_SCALE } from "./money";
import { computeCost, selectPrice, type PriceRow, type TokenUsage } from "./pricing";

/**
 * Concrete optimizations in $ per 1K conversations, computed from the actual token
 * distribution and the price table — pure functions over per-model aggregates:
 * - route: the model's short calls (≤ 1,000 input and ≤ 300 output tokens) re-priced, with
 *   their exact token counts, at the same provider's cheaper sibling;
 * - cache: calls with ≥ 1,024 input tokens and no cache reads, if half of those input tokens
 *   were served from the prompt cache at the model's cached-input price (an assumption the
 *   recommendation states).
 * Money stays BigInt pico-dollars; per-1K figures round to a micro-dollar.
 */

export const SHORT_INPUT_TOKENS = 1000;
export const SHORT_OUTPUT_TOKENS = 300;
export const CACHEABLE_INPUT_TOKENS = 1024;
const ASSUMED_CACHE_SHARE = 0.5;

const SIBLINGS: [RegExp, string][] = [
  [/^gpt-4o(?!-mini)/, "gpt-4o-mini"],
  [/^gpt-4\.1-mini/, "gpt-4.1-nano"],
  [/^gpt-4\.1(?!-(mini|nano))/, "gpt-4.1-mini"],
  [/^gpt-5-mini/, "gpt-5-nano"],
  [/^gpt-5(?!-(mini|nano))/, "gpt-5-mini"],
  [/^gpt-4-turbo/, "gpt-4o-mini"],
  [/^o1(?!-mini)|^o3(?!-mini)/, "o4-mini"],
  [/^claude-(3-)?opus|^claude-opus/, "claude-sonnet-4-5"],
  [/^claude-(3-5-|3-7-)?sonnet|^claude-sonnet/, "claude-haiku-4-5"],
  [/^gemini-2\.5-pro/, "gemini-2.5-flash"],
  [/^gemini-2\.5-flash(?!-lite)/, "gemini-2.5-flash-lite"],
  [/^gemini-1\.5-pro/, "gemini-1.5-flash"],
];

/** The same provider's cheaper model for simple calls, or null. */
export function cheaperSibling(model: string): string | null {
  const bare = model.toLowerCase().replace(/^[\w.-]+\//, "");
  return SIBLINGS.find(([re]) => re.test(bare))?.[1] ?? null;
}

export interface ModelAggregate {
  model: string;
  /** Short, fully priced, successful calls. */
  short: { runs: number; cost: string; usage: Required<TokenUsage> };
  /** Calls with a large uncached prompt: their plain input tokens. */
  cacheable: { runs: number; inputTokens: number };
}

export interface Recommendation {
  kind: "route" | "cache";
  model: string;
  alternative: string | null;
  title: string;
  detail: string;
  affectedRuns: number;
  /** USD saved over the analyzed window, and per 1,000 conversations (traces). */
  savingsInWindow: string;
  savingsPer1kConversations: string;
}

const per1k = (pico: bigint, conversations: number) => formatDecimal((pico * 1000n + BigInt(conversations) * 500_000n) / (BigInt(conversations) * 1_000_000n), 6);

export function recommend(aggs: readonly ModelAggregate[], prices: readonly PriceRow[], conversations: number, at: Date): Recommendation[] {
  if (conversations <= 0) return [];
  const out: (Recommendation & { pico: bigint })[] = [];
  for (const a of aggs) {
    const current = selectPrice(prices, a.model, "\u0000global", at);
    const alt = cheaperSibling(a.model);
    const altPrice = alt ? selectPrice(prices, alt, "\u0000global", at) : null;
    if (alt && altPrice && a.short.runs > 0) {
      const altCost = computeCost(a.short.usage, altPrice);
      if (altCost.cost !== null && altCost.unpriced.length === 0) {
        const pico = parseUsd(a.short.cost) - parseUsd(altCost.cost);
        if (pico > 0n) {
          out.push({
            kind: "route",
            model: a.model,
            alternative: alt,
            title: `Route ${a.model}'s short calls to ${alt}`,
            detail: `${a.short.runs} calls used ≤ ${SHORT_INPUT_TOKENS} input and ≤ ${SHORT_OUTPUT_TOKENS} output tokens; at ${alt}'s prices the same tokens cost $${altCost.cost} instead of $${a.short.cost}.`,
            affectedRuns: a.short.runs,
            savingsInWindow: formatDecimal(pico, 12),
            savingsPer1kConversations: per1k(pico, conversations),
            pico,
          });
        }
      }
    }
    if (current?.cacheReadPerMtok && a.cacheable.runs > 0 && a.cacheable.inputTokens > 0) {
      const cachedTokens = Math.floor(a.cacheable.inputTokens * ASSUMED_CACHE_SHARE);
      const diffMicro = parseDecimal(current.inputPerMtok, PRICE_SCALE) - parseDecimal(current.cacheReadPerMtok, PRICE_SCALE);
      const pico = BigInt(cachedTokens) * diffMicro;
      if (pico > 0n) {
        out.push({
          kind: "cache",
          model: a.model,
          alternative: null,
          title: `Enable prompt caching for ${a.model}`,
          detail: `${a.cacheable.runs} calls sent ≥ ${CACHEABLE_INPUT_TOKENS} input tokens with no cache reads; if half of those ${a.cacheable.inputTokens} tokens were a cached prefix they would bill at $${current.cacheReadPerMtok} instead of $${current.inputPerMtok} per 1M.`,
          affectedRuns: a.cacheable.runs,
          savingsInWindow: formatDecimal(pico, 12),
          savingsPer1kConversations: per1k(pico, conversations),
          pico,
        });
      }
    }
  }
  return out.sort((x, y) => (y.pico > x.pico ? 1 : y.pico < x.pico ? -1 : 0)).map(({ pico: _, ...r }) => r);
}
