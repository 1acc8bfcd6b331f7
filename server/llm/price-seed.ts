import type { PrismaClient } from "../db/client";

/**
 * Public list prices (USD per 1M tokens, standard tier, prompts ≤ 200K tokens where providers
 * tier by length) for the common OpenAI, Anthropic and Google models. Conventions, per the
 * providers' published billing:
 * - OpenAI: cached input is the "cached input" price; there is no cache-write charge (caching
 *   is automatic), so cache writes have no price and would be flagged if a sender reported them;
 *   reasoning tokens are billed as output tokens.
 * - Anthropic: cache write = 5-minute cache write (1.25 × input), cache read = 0.1 × input;
 *   extended-thinking tokens are billed as output tokens.
 * - Google: cached input is the context-caching price (storage per hour is not per token);
 *   thinking tokens are billed as output tokens.
 * Models without prompt caching have no cached price, so cached tokens reported for them are
 * flagged "unpriced" rather than billed at $0.
 */

export interface SeedPrice {
  model: string;
  provider: "openai" | "anthropic" | "google";
  input: string;
  output: string;
  cacheRead: string | null;
  cacheWrite: string | null;
  /** Reasoning/thinking rate (the output rate for every provider above). */
  reasoning: string | null;
}

/**
 * Pattern for a model family name: an optional provider prefix ("openai/", "models/") and the
 * providers' version suffixes (dates, "-001", "-latest", previews) — but not another model's
 * name, so "gpt-4o" does not match "gpt-4o-mini" and "claude-opus-4" not "claude-opus-4-5".
 */
export function modelPattern(model: string): string {
  const escaped = model.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return `^(?:[\\w.-]+/)?${escaped}(?:-\\d{8}|-\\d{4}-\\d{2}-\\d{2}|-\\d{3}|-latest|-preview[\\w.-]*|-exp[\\w.-]*|-v\\d+(?::\\d+)?)?$`;
}

const oa = (model: string, input: string, cacheRead: string | null, output: string): SeedPrice => ({ model, provider: "openai", input, output, cacheRead, cacheWrite: null, reasoning: output });
const an = (model: string, input: string, output: string, cacheWrite: string, cacheRead: string): SeedPrice => ({ model, provider: "anthropic", input, output, cacheRead, cacheWrite, reasoning: output });
const go = (model: string, input: string, cacheRead: string | null, output: string): SeedPrice => ({ model, provider: "google", input, output, cacheRead, cacheWrite: null, reasoning: output });

export const SEED_PRICES: readonly SeedPrice[] = [
  oa("gpt-4o", "2.5", "1.25", "10"),
  oa("gpt-4o-mini", "0.15", "0.075", "0.6"),
  oa("gpt-4.1", "2", "0.5", "8"),
  oa("gpt-4.1-mini", "0.4", "0.1", "1.6"),
  oa("gpt-4.1-nano", "0.1", "0.025", "0.4"),
  oa("gpt-5", "1.25", "0.125", "10"),
  oa("gpt-5-mini", "0.25", "0.025", "2"),
  oa("gpt-5-nano", "0.05", "0.005", "0.4"),
  oa("o1", "15", "7.5", "60"),
  oa("o1-mini", "1.1", "0.55", "4.4"),
  oa("o3", "2", "0.5", "8"),
  oa("o3-mini", "1.1", "0.55", "4.4"),
  oa("o4-mini", "1.1", "0.275", "4.4"),
  oa("gpt-4-turbo", "10", null, "30"),
  oa("gpt-3.5-turbo", "0.5", null, "1.5"),
  an("claude-3-5-sonnet", "3", "15", "3.75", "0.3"),
  an("claude-3-7-sonnet", "3", "15", "3.75", "0.3"),
  an("claude-sonnet-4", "3", "15", "3.75", "0.3"),
  an("claude-sonnet-4-5", "3", "15", "3.75", "0.3"),
  an("claude-3-5-haiku", "0.8", "4", "1", "0.08"),
  an("claude-haiku-4-5", "1", "5", "1.25", "0.1"),
  an("claude-3-haiku", "0.25", "1.25", "0.3", "0.03"),
  an("claude-3-opus", "15", "75", "18.75", "1.5"),
  an("claude-opus-4", "15", "75", "18.75", "1.5"),
  an("claude-opus-4-1", "15", "75", "18.75", "1.5"),
  an("claude-opus-4-5", "5", "25", "6.25", "0.5"),
  go("gemini-2.5-pro", "1.25", "0.125", "10"),
  go("gemini-2.5-flash", "0.3", "0.03", "2.5"),
  go("gemini-2.5-flash-lite", "0.1", "0.01", "0.4"),
  go("gemini-2.0-flash", "0.1", "0.025", "0.4"),
  go("gemini-2.0-flash-lite", "0.075", null, "0.3"),
  go("gemini-1.5-pro", "1.25", "0.3125", "5"),
  go("gemini-1.5-flash", "0.075", "0.01875", "0.3"),
];

const SEEDED_KEY = "llm.seededPrices";

/**
 * Inserts list prices never seeded before (remembered in settings by model name), so a new
 * release can add models while operators' edits and deletions stay as they left them.
 */
export async function ensureModelPrices(prisma: PrismaClient): Promise<number> {
  return prisma.$transaction(async (tx) => {
    // Serializes concurrent starts (web and worker bootstrapping at once).
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(715_005)`;
    const setting = await tx.setting.findUnique({ where: { key: SEEDED_KEY } });
    const done = new Set(Array.isArray(setting?.value) ? (setting.value as unknown[]).map(String) : []);
    const missing = SEED_PRICES.filter((s) => !done.has(s.model));
    if (missing.length === 0) return 0;
    await tx.llmModelPrice.createMany({
      data: missing.map((s) => ({
        modelPattern: modelPattern(s.model),
        provider: s.provider,
        inputPerMtok: s.input,
        outputPerMtok: s.output,
        cacheReadPerMtok: s.cacheRead,
        cacheWritePerMtok: s.cacheWrite,
        reasoningPerMtok: s.reasoning,
        note: `${s.model} list price`,
        seeded: true,
      })),
    });
    const value = [...done, ...missing.map((s) => s.model)];
    await tx.setting.upsert({ where: { key: SEEDED_KEY }, create: { key: SEEDED_KEY, value }, update: { value } });
    return missing.length;
  });
}
