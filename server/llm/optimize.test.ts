import { describe, expect, it } from "vitest";
import { cheaperSibling, recommend, type ModelAggregate } from "./optimize";
import { modelPattern, SEED_PRICES } from "./price-seed";
import type { PriceRow } from "./pricing";

const prices: PriceRow[] = SEED_PRICES.map((s) => ({
  id: s.model,
  modelPattern: modelPattern(s.model),
  provider: s.provider,
  project: null,
  inputPerMtok: s.input,
  outputPerMtok: s.output,
  cacheReadPerMtok: s.cacheRead,
  cacheWritePerMtok: s.cacheWrite,
  reasoningPerMtok: s.reasoning,
  effectiveFrom: new Date("2020-01-01T00:00:00Z"),
}));

describe("cheaperSibling", () => {
  it.each([
    ["gpt-4o-2024-08-06", "gpt-4o-mini"],
    ["openai/gpt-4o", "gpt-4o-mini"],
    ["gpt-4o-mini", null],
    ["gpt-4.1", "gpt-4.1-mini"],
    ["gpt-4.1-mini", "gpt-4.1-nano"],
    ["o1-2024-12-17", "o4-mini"],
    ["claude-3-5-sonnet-20241022", "claude-haiku-4-5"],
    ["claude-opus-4-1", "claude-sonnet-4-5"],
    ["claude-haiku-4-5", null],
    ["gemini-2.5-pro", "gemini-2.5-flash"],
    ["gemini-2.5-flash-lite", null],
    ["acme-7b", null],
  ])("%s → %s", (model, sibling) => expect(cheaperSibling(model)).toBe(sibling));

  it("every sibling has a seeded price", () => {
    for (const s of SEED_PRICES) {
      const alt = cheaperSibling(s.model);
      if (alt) expect(SEED_PRICES.some((p) => p.model === alt), `${s.model} → ${alt}`).toBe(true);
    }
  });
});

const agg = (over: Partial<ModelAggregate> & { model: string }): ModelAggregate => ({
  short: { runs: 0, cost: "0", usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, reasoning: 0 } },
  cacheable: { runs: 0, inputTokens: 0 },
  ...over,
});

describe("recommend", () => {
  const at = new Date("2026-06-01T00:00:00Z");

  it("routing short gpt-4o calls to gpt-4o-mini: savings from the real token counts, per 1K conversations", () => {
    // 5,000 input + 1,000 output tokens: gpt-4o $0.0225, gpt-4o-mini $0.00135 → $0.02115 saved over 10 conversations
    const [r] = recommend([agg({ model: "gpt-4o", short: { runs: 10, cost: "0.0225", usage: { input: 5000, output: 1000, cacheRead: 0, cacheWrite: 0, reasoning: 0 } } })], prices, 10, at);
    expect(r).toMatchObject({ kind: "route", model: "gpt-4o", alternative: "gpt-4o-mini", affectedRuns: 10, savingsInWindow: "0.02115", savingsPer1kConversations: "2.115" });
  });

  it("prompt caching: half of the uncached input at the cached rate", () => {
    // claude-3-5-sonnet: 40,000 tokens × 50 % × ($3 − $0.30) / 1M = $0.054; 200 conversations → $0.27 per 1K
    const [r] = recommend([agg({ model: "claude-3-5-sonnet-20241022", cacheable: { runs: 20, inputTokens: 40_000 } })], prices, 200, at);
    expect(r).toMatchObject({ kind: "cache", savingsInWindow: "0.054", savingsPer1kConversations: "0.27" });
  });

  it("sorted by savings; nothing for the cheapest model, unknown models or no conversations", () => {
    const aggs = [
      agg({ model: "gpt-4o-mini", short: { runs: 5, cost: "0.001", usage: { input: 5000, output: 100, cacheRead: 0, cacheWrite: 0, reasoning: 0 } } }),
      agg({ model: "acme-7b", short: { runs: 5, cost: "1", usage: { input: 5000, output: 100, cacheRead: 0, cacheWrite: 0, reasoning: 0 } } }),
      agg({ model: "gpt-4.1", short: { runs: 1, cost: "0.0028", usage: { input: 1000, output: 100, cacheRead: 0, cacheWrite: 0, reasoning: 0 } } }),
      agg({ model: "o1", short: { runs: 1, cost: "0.021", usage: { input: 1000, output: 100, cacheRead: 0, cacheWrite: 0, reasoning: 0 } } }),
    ];
    const recs = recommend(aggs, prices, 2, at);
    expect(recs.map((r) => r.model)).toEqual(["o1", "gpt-4.1"]);
    expect(recommend(aggs, prices, 0, at)).toEqual([]);
  });
});
