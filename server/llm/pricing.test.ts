import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal } from "./money";
import { modelPattern, SEED_PRICES } from "./price-seed";
import { billableTokens, computeCost, patternMatches, priceRun, selectPrice, type PriceRow } from "./pricing";

const row = (over: Partial<PriceRow> & { modelPattern: string }): PriceRow => ({
  id: over.modelPattern + (over.project ?? "") + (over.effectiveFrom?.toISOString() ?? ""),
  provider: null,
  project: null,
  inputPerMtok: "1",
  outputPerMtok: "2",
  cacheReadPerMtok: "0.5",
  cacheWritePerMtok: "1.25",
  reasoningPerMtok: "2",
  effectiveFrom: new Date("2020-01-01T00:00:00Z"),
  ...over,
});

describe("money", () => {
  it.each([
    ["2.5", 6, 2_500_000n],
    ["0.075", 6, 75_000n],
    ["10", 6, 10_000_000n],
    ["0.000001", 6, 1n],
    ["1.50", 2, 150n],
  ])("parseDecimal(%s, %i) = %s", (text, scale, expected) => expect(parseDecimal(text, scale)).toBe(expected));

  it.each(["-1", "1e-7", "abc", "0.0000001", ""])("parseDecimal rejects %j at scale 6", (text) => expect(() => parseDecimal(text, 6)).toThrow());

  it.each([
    [0n, 12, "0"],
    [345_000_000n, 12, "0.000345"],
    [1n, 12, "0.000000000001"],
    [12_345_000_000_000_000n, 12, "12345"],
  ])("formatDecimal(%s, %i) = %s (no exponent notation)", (v, s, expected) => expect(formatDecimal(v, s)).toBe(expected));
});

describe("seeded model patterns", () => {
  it.each([
    ["gpt-4o", "gpt-4o", true],
    ["gpt-4o", "gpt-4o-2024-08-06", true],
    ["gpt-4o", "openai/gpt-4o", true],
    ["gpt-4o", "gpt-4o-mini", false],
    ["gpt-4o-mini", "GPT-4o-mini-2024-07-18", true],
    ["claude-opus-4", "claude-opus-4-20250514", true],
    ["claude-opus-4", "claude-opus-4-5", false],
    ["claude-opus-4-5", "claude-opus-4-5-20251101", true],
    ["claude-3-5-haiku", "claude-3-5-haiku-latest", true],
    ["gemini-2.0-flash", "models/gemini-2.0-flash-001", true],
    ["gemini-2.0-flash", "gemini-2.0-flash-lite", false],
    ["gemini-2.5-flash", "gemini-2.5-flash-preview-05-20", true],
    ["o3", "o3-mini", false],
  ])("pattern of %s matches %s: %s", (family, model, expected) => expect(patternMatches(modelPattern(family), model)).toBe(expected));

  it("every seeded price has input, output and reasoning rates, and no model matches two families", () => {
    for (const s of SEED_PRICES) {
      expect(s.reasoning, s.model).toBe(s.output);
      const matching = SEED_PRICES.filter((o) => patternMatches(modelPattern(o.model), s.model));
      expect(matching.map((m) => m.model), s.model).toEqual([s.model]);
    }
  });
});

describe("selectPrice", () => {
  const at = new Date("2026-06-01T00:00:00Z");
  const global = row({ modelPattern: "^gpt-4o$", inputPerMtok: "2.5" });
  const later = row({ modelPattern: "^gpt-4o$", inputPerMtok: "2", effectiveFrom: new Date("2026-01-01T00:00:00Z") });
  const future = row({ modelPattern: "^gpt-4o$", inputPerMtok: "1", effectiveFrom: new Date("2027-01-01T00:00:00Z") });
  const override = row({ modelPattern: "^gpt-4o$", project: "acme", inputPerMtok: "1.9" });
  const broad = row({ modelPattern: "^gpt", inputPerMtok: "9" });
  const cases: [string, PriceRow[], string, string, PriceRow | null][] = [
    ["only match", [global], "gpt-4o", "p", global],
    ["no match", [global], "gpt-5", "p", null],
    ["latest effective date wins", [global, later], "gpt-4o", "p", later],
    ["future rows are not yet effective", [global, future], "gpt-4o", "p", global],
    ["project override wins over a later global row", [later, override], "gpt-4o", "acme", override],
    ["override of another project is ignored", [global, override], "gpt-4o", "other", global],
    ["longer (more specific) pattern wins a tie", [broad, global], "gpt-4o", "p", global],
    ["invalid stored regex matches nothing", [row({ modelPattern: "([" })], "gpt-4o", "p", null],
  ];
  it.each(cases)("%s", (_, prices, model, project, expected) => expect(selectPrice(prices, model, project, at)).toBe(expected));
});

describe("computeCost", () => {
  const price = row({ modelPattern: "x", inputPerMtok: "3", outputPerMtok: "15", cacheReadPerMtok: "0.3", cacheWritePerMtok: "3.75", reasoningPerMtok: "15" });
  const cases: [string, Parameters<typeof computeCost>[0], PriceRow | null, string | null, string[]][] = [
    ["plain input and output", { input: 1000, output: 100 }, price, "0.0045", []],
    ["cache reads and writes come out of input", { input: 1000, cacheRead: 600, cacheWrite: 200, output: 0 }, price, "0.00153", []],
    ["reasoning comes out of output", { input: 0, output: 1000, reasoning: 400 }, price, "0.015", []],
    ["details larger than the total: total is the plain part", { input: 100, cacheRead: 500, output: 10 }, price, "0.0006", []],
    ["one token", { input: 1 }, price, "0.000003", []],
    ["no tokens: nothing to price, not flagged", {}, price, null, []],
    ["no price row: flagged", { input: 10 }, null, null, ["price"]],
    ["missing cached price: flagged, rest still billed", { input: 1000, cacheRead: 500 }, { ...price, cacheReadPerMtok: null }, "0.0015", ["cache_read"]],
    ["missing reasoning price: flagged", { output: 100, reasoning: 50 }, { ...price, reasoningPerMtok: null }, "0.00075", ["reasoning"]],
    ["zero price is a price (free tier), not unpriced", { input: 1000 }, { ...price, inputPerMtok: "0" }, "0", []],
  ];
  it.each(cases)("%s", (_, usage, p, cost, unpriced) => {
    const r = computeCost(usage, p);
    expect(r.cost).toBe(cost);
    expect(r.unpriced).toEqual(unpriced);
  });

  it("billableTokens splits usage into disjoint parts", () => {
    expect(billableTokens({ input: 1000, cacheRead: 300, cacheWrite: 100, output: 500, reasoning: 200 })).toEqual({ input: 600, cache_read: 300, cache_write: 100, output: 300, reasoning: 200 });
  });

  it("a run without a model is flagged, never a silent $0", () => {
    expect(priceRun([price], { model: null, project: "p", startTime: new Date(), usage: { input: 5 } })).toMatchObject({ cost: null, unpriced: ["model"] });
  });
});
