/**
 * Quality assessment of an answer (pure). Four sub-scores 0–100:
 *   relevance    — the answer is about what was asked: the category was recognized, the agents
 *                  and numbers the question names appear in the answer, and its content words overlap.
 *   completeness — the answer has what its category needs (numbers, names, links, sources); when
 *                  the expected facts are known (evaluation set) it is capped by the share present,
 *                  so an answer missing facts cannot score well.
 *   accuracy     — share of the figures the answer states that are backed by the data it was
 *                  built from (the composer's facts / the tool outputs an LLM saw).
 *   timeliness   — live data is fresh and the answer was fast (penalty beyond 1.5 s).
 *   score        = 0.30 relevance + 0.30 completeness + 0.25 accuracy + 0.15 timeliness
 *   grade        A 90–100, B 80–89, C 70–79, D 60–69, F < 60
 *   predictedSatisfaction (0–5 stars) = score ÷ 20, −0.5 without any dashboard link, −0.5 at low confidence.
 */
// One A–F scale for every grade Vigil gives (help answers and LLM runs use the same bands).
import { gradeFor } from "../llm/quality";
import type { HelpCategory, HelpQuality } from "./contract";
import { unescapeMarkdown } from "./markdown";

export interface QualityInput {
  question: string;
  category: HelpCategory;
  answer: string;
  /** Figures and names taken from live data or tool outputs. */
  facts: readonly string[];
  sources: number;
  links: number;
  confidence: number;
  durationMs: number;
  /** Age of the live data used, seconds (0 = read just now). */
  dataAgeSeconds: number;
  /** Agents the question names. */
  mentionedAgents: readonly string[];
  /** Evaluation only: facts the answer must contain. */
  requiredFacts?: readonly string[];
}

const WEIGHTS = { relevance: 0.3, completeness: 0.3, accuracy: 0.25, timeliness: 0.15 } as const;


const STOP = new Set("the a an is are was were be been of to in on at for and or but what which who how why when where did do does i my me we our you your it its this that these those there their with from by as can could should would will vigil about last".split(" "));
const clamp = (n: number) => Math.max(0, Math.min(100, Math.round(n)));

function contentWords(text: string): string[] {
  return [...new Set((text.toLowerCase().match(/[a-z][a-z0-9_]{2,}/g) ?? []).filter((w) => !STOP.has(w)))];
}

/** Case-insensitive containment that ignores "$", thousands separators, markdown bold and escapes. */
export function containsFact(answer: string, fact: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\*\*/g, "").replace(/(\d),(\d{3})/g, "$1$2");
  return norm(unescapeMarkdown(answer)).includes(norm(fact).replace(/^\$/, ""));
}

/** Numbers the answer states (ignoring times of day, dates, link paths and "/100" scales). */
export function statedNumbers(answer: string): string[] {
  const text = answer.replace(/\]\([^)]*\)/g, "]").replace(/\/100\b/g, "").replace(/\d{4}-\d{2}-\d{2}/g, " ").replace(/\d{2}:\d{2}(:\d{2})?/g, " ");
  return (text.match(/(?<![\w.])\d+(?:\.\d+)?(?![\w])/g) ?? []).filter((n) => n.length > 0);
}

const NEEDS: Record<HelpCategory, { numbers: number; links: number; sources: number }> = {
  status: { numbers: 3, links: 1, sources: 1 },
  troubleshooting: { numbers: 2, links: 1, sources: 1 },
  performance: { numbers: 3, links: 1, sources: 1 },
  cost: { numbers: 3, links: 1, sources: 1 },
  general: { numbers: 0, links: 1, sources: 1 },
};

export function assessQuality(q: QualityInput): HelpQuality {
  const answerLower = q.answer.toLowerCase();
  const recommendations: string[] = [];

  // Relevance
  const qWords = contentWords(q.question);
  const overlap = qWords.length ? qWords.filter((w) => answerLower.includes(w.slice(0, Math.max(4, w.length - 2)))).length / qWords.length : 1;
  const agentsCovered = q.mentionedAgents.length ? q.mentionedAgents.filter((a) => answerLower.includes(a.toLowerCase())).length / q.mentionedAgents.length : 1;
  const qNumbers = (q.question.match(/\b\d+(?:\.\d+)?\b/g) ?? []).filter((n) => n.length < 6);
  const numbersCovered = qNumbers.length ? qNumbers.filter((n) => answerLower.includes(n)).length / qNumbers.length : 1;
  const relevance = clamp(40 * overlap + 35 * agentsCovered + 15 * numbersCovered + (q.category === "general" ? 5 : 10));
  if (agentsCovered < 1) recommendations.push("Mention every agent the question names.");
  if (overlap < 0.4) recommendations.push("Address the question's own terms more directly.");

  // Completeness
  const need = NEEDS[q.category];
  const numbers = statedNumbers(q.answer);
  let completeness = 100;
  if (numbers.length < need.numbers) completeness -= 15 * (need.numbers - numbers.length);
  if (q.links < need.links) completeness -= 15;
  if (q.sources < need.sources) completeness -= 15;
  if (q.answer.length < 120) completeness -= 20;
  if (q.requiredFacts?.length) {
    const present = q.requiredFacts.filter((f) => containsFact(q.answer, f)).length / q.requiredFacts.length;
    completeness = Math.min(completeness, 100 * present);
    if (present < 1) recommendations.push(`Missing expected facts: ${q.requiredFacts.filter((f) => !containsFact(q.answer, f)).join(", ")}.`);
  }
  completeness = clamp(completeness);
  if (numbers.length < need.numbers) recommendations.push("Give the concrete figures (scores, counts, amounts) behind the answer.");
  if (q.links < need.links) recommendations.push("Link the dashboard page that shows the data.");

  // Accuracy: stated numbers backed by facts (a fact "72" backs "72"; "12.5" backs "12.5").
  const backed = new Set(q.facts.flatMap((f) => statedNumbers(String(f)).concat([String(f)])));
  const checkable = numbers.filter((n) => Number(n) > 1 || n.includes("."));
  const supported = checkable.filter((n) => backed.has(n) || [...backed].some((b) => b.startsWith(n) || n.startsWith(b))).length;
  let accuracy = checkable.length ? (100 * supported) / checkable.length : q.facts.length ? 90 : 70;
  accuracy = clamp(accuracy * 0.8 + 20 * q.confidence);
  if (accuracy < 80) recommendations.push("Some figures are not backed by live data: verify them against the tools.");

  // Timeliness
  let timeliness = 100;
  if (q.dataAgeSeconds > 300) timeliness -= Math.min(40, (q.dataAgeSeconds - 300) / 60);
  if (q.durationMs > 1500) timeliness -= Math.min(40, (q.durationMs - 1500) / 100);
  timeliness = clamp(timeliness);
  if (timeliness < 80) recommendations.push("Answer faster or refresh stale data.");

  const score = clamp(WEIGHTS.relevance * relevance + WEIGHTS.completeness * completeness + WEIGHTS.accuracy * accuracy + WEIGHTS.timeliness * timeliness);
  let sat = score / 20;
  if (q.links === 0) sat -= 0.5;
  if (q.confidence < 0.5) sat -= 0.5;
  return {
    score,
    grade: gradeFor(score),
    relevance,
    completeness,
    accuracy,
    timeliness,
    predictedSatisfaction: Math.max(0, Math.min(5, Math.round(sat * 10) / 10)),
    recommendations,
  };
}
