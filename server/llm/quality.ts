/**
 * Quality assessment of one LLM run (graded A–F like help answers), pure and deterministic: four
 * factors 0–100, the score is their mean (factors without data are left out), and explicit
 * feedback, when sent, counts for half.
 *
 * - technical quality: did the call work and finish properly — error → 0; else 100, minus 60
 *   for an empty answer, 40 for a truncated one (finish reason length / max_tokens), 50 for a
 *   content-filtered one.
 * - business value: is there a substantive answer — ≥ 20 output tokens → 100, 5 → 70, 0 → 20,
 *   minus 40 for a refusal ("I can't help with…"); error → 0.
 * - user experience: latency, ≤ 2 s → 100, 5 s → 80, 10 s → 60, 30 s → 30, ≥ 60 s → 10.
 * - compliance: 100 minus 30 per e-mail address, 20 per phone number, 50 per card-like or
 *   SSN-like number in the output, and 50 if a content filter fired; floor 0.
 * Predicted satisfaction is 1–5 stars: 1 + 4 × score / 100 (one decimal).
 */
import { band, interpolate } from "../scoring";
import type { Grade } from "../vocabulary";


export interface QualityInput {
  status: string;
  outputText: string;
  outputTokens: number | null;
  latencyMs: number | null;
  finishReason: string | null;
  /** Mean explicit feedback score in [0, 1], if any. */
  feedbackScore: number | null;
}

export interface QualityFactors {
  technicalQuality: number | null;
  businessValue: number | null;
  userExperience: number | null;
  compliance: number | null;
}

export interface QualityResult {
  score: number | null;
  grade: Grade | null;
  predictedSatisfaction: number | null;
  factors: QualityFactors;
  /** Mean of the four factors, before feedback. */
  assessed: number | null;
}

export function gradeFor(score: number): Grade {
  return band<Grade>(score, [[90, "A"], [80, "B"], [70, "C"], [60, "D"]], "F");
}

const TRUNCATED = new Set(["length", "max_tokens", "max_output_tokens"]);
const FILTERED = new Set(["content_filter", "safety", "recitation"]);
const REFUSAL = /\b(I can(?:'|’)?t help with|I cannot (?:help|assist)|I(?:'|’)m (?:sorry|unable), but I can(?:'|’)?t|I am unable to (?:help|assist|comply))/i;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/g;
const PHONE = /(?<!\d)(?:\+?\d{1,3}[ .-]?)?\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)/g;
const CARD = /(?<!\d)(?:\d[ -]?){13,16}(?!\d)/g;
const SSN = /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/g;

const count = (re: RegExp, s: string) => s.match(re)?.length ?? 0;
const round1 = (v: number) => Math.round(v * 10) / 10;

export function assessQuality(r: QualityInput): QualityResult {
  const failed = r.status === "error";
  const pending = r.status === "pending";
  const finish = r.finishReason?.toLowerCase() ?? null;
  const text = r.outputText;
  const outTokens = r.outputTokens ?? (text ? Math.ceil(text.length / 4) : 0);
  const empty = outTokens === 0 && text.trim() === "";

  let technicalQuality: number | null = null;
  let businessValue: number | null = null;
  if (failed) {
    technicalQuality = 0;
    businessValue = 0;
  } else if (!pending) {
    technicalQuality = 100 - (empty ? 60 : 0) - (finish && TRUNCATED.has(finish) ? 40 : 0) - (finish && FILTERED.has(finish) ? 50 : 0);
    businessValue = interpolate(outTokens, [[0, 20], [5, 70], [20, 100]]) - (REFUSAL.test(text) ? 40 : 0);
  }
  const userExperience = failed ? 0 : r.latencyMs === null ? null : interpolate(r.latencyMs, [[2000, 100], [5000, 80], [10000, 60], [30000, 30], [60000, 10]]);
  const compliance = pending
    ? null
    : Math.max(0, 100 - 30 * count(EMAIL, text) - 20 * count(PHONE, text) - 50 * (count(CARD, text) + count(SSN, text)) - (finish && FILTERED.has(finish) ? 50 : 0));

  const factors: QualityFactors = {
    technicalQuality: technicalQuality === null ? null : Math.max(0, technicalQuality),
    businessValue: businessValue === null ? null : Math.max(0, businessValue),
    userExperience,
    compliance,
  };
  const present = Object.values(factors).filter((v): v is number => v !== null);
  const assessed = present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
  const feedback = r.feedbackScore !== null && r.feedbackScore >= 0 && r.feedbackScore <= 1 ? r.feedbackScore * 100 : null;
  const score = assessed === null ? feedback : feedback === null ? assessed : (assessed + feedback) / 2;
  if (score === null) return { score: null, grade: null, predictedSatisfaction: null, factors, assessed };
  const s = round1(score);
  return { score: s, grade: gradeFor(s), predictedSatisfaction: round1(1 + (4 * s) / 100), factors, assessed: assessed === null ? null : round1(assessed) };
}

/** Text of a run's outputs for assessment: string leaves joined, capped (bounded work per run). */
export function outputText(outputs: unknown, max = 20_000): string {
  const parts: string[] = [];
  let size = 0;
  const walk = (v: unknown, key: string, depth: number) => {
    if (size >= max || depth > 12) return;
    if (typeof v === "string") {
      if (key === "usage_metadata" || key === "id" || key === "role" || key === "type" || key === "model_name") return;
      parts.push(v);
      size += v.length;
    } else if (Array.isArray(v)) v.forEach((x) => walk(x, key, depth + 1));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (k !== "usage_metadata" && k !== "response_metadata") walk(x, k, depth + 1);
  };
  walk(outputs, "", 0);
  return parts.join("\n").slice(0, max);
}
