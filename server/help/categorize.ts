/**
 * Query categorizer (pure): which of the five categories a question belongs to, and which agent
 * ids / time words it mentions. Keyword scoring, not a model: it must be instant, deterministic
 * and explainable. Ties go to the more specific category (troubleshooting beats status).
 */
import type { HelpCategory } from "./contract";

const KEYWORDS: Record<Exclude<HelpCategory, "general">, readonly (string | RegExp)[]> = {
  troubleshooting: [
    "fail", "failed", "failing", "failure", "error", "errors", "broken", "down", "crash", "crashed", "incident", "incidents",
    "recover", "recovery", "recovered", "rollback", "rolled back", "roll back", "restart", "unresponsive", "fix", "stuck",
    "what happened", "what did vigil do", "why is", "why did", "why does", "not working", "escalat", "problem", "issue", "wrong",
  ],
  status: [
    "status", "state", "health", "healthy", "score", "running", "active", "late", "paused", "stopped", "registered", "roster", "counted",
    "uptime", "up?", "alive", "heartbeat", "how is", "how are", "overview", "expected", "missing",
  ],
  performance: [
    "performance", "slow", "slower", "latency", "response time", "fast", "anomal", "cpu", "memory", "throughput", "z-score",
    "spike", "metric", "metrics", "p95", "degrad", "resource",
  ],
  cost: [
    "cost", "costs", "spend", "spent", "spending", "price", "prices", "pricing", "$", "usd", "dollar", "bill", "budget",
    "token", "tokens", "cheap", "expensive", "save", "saving", "savings", "cut", "reduce", "llm", "model", "roi",
  ],
};

/** Troubleshooting phrases that only say "explain", not "something broke". */
const GENERIC_TROUBLE = ["why is", "why did", "why does", "what happened", "problem", "issue", "wrong"];

// Weight per category when a keyword hits: troubleshooting words are the strongest signal.
const WEIGHT: Record<Exclude<HelpCategory, "general">, number> = { troubleshooting: 1.3, cost: 1.2, performance: 1.1, status: 1 };
const ORDER: Exclude<HelpCategory, "general">[] = ["troubleshooting", "cost", "performance", "status"];

export interface Categorization {
  category: HelpCategory;
  /** Score per category (how many keywords hit × weight), for the thinking step and tests. */
  scores: Record<HelpCategory, number>;
  /** Share of the winning category in all hits, 0–1 (0 for general). */
  certainty: number;
}

function hits(q: string, words: readonly (string | RegExp)[]): number {
  let n = 0;
  for (const w of words) {
    if (typeof w !== "string") {
      if (w.test(q)) n++;
    } else if (/^[a-z]/.test(w) && /[a-z]$/.test(w) && !w.includes(" ")) {
      // Word prefix match ("anomal" ⇒ anomaly/anomalies) but not inside another word ("state" ≠ "estate").
      if (new RegExp(`\\b${w}`, "i").test(q)) n++;
    } else if (q.includes(w)) n++;
  }
  return n;
}

export function categorize(question: string): Categorization {
  const q = question.toLowerCase();
  const scores: Record<HelpCategory, number> = { troubleshooting: 0, status: 0, performance: 0, cost: 0, general: 0 };
  for (const c of ORDER) scores[c] = hits(q, KEYWORDS[c]) * WEIGHT[c];
  // "how do I / what is / explain" with nothing live-sounding is a how-to: general.
  const howTo = /\b(how (do|can|should) i|what (is|are|does)|explain|meaning of|means?)\b/.test(q);
  let best: HelpCategory = "general";
  let bestScore = 0;
  for (const c of ORDER) {
    if (scores[c] > bestScore) {
      best = c;
      bestScore = scores[c];
    }
  }
  // "why is …" alone is no failure: "why is the health score 72?" is status, "why is X slow?" performance.
  if (best === "troubleshooting" && hits(q, GENERIC_TROUBLE) === hits(q, KEYWORDS.troubleshooting)) {
    const other = ORDER.filter((c) => c !== "troubleshooting" && scores[c] > 0).sort((a, b) => scores[b] - scores[a])[0];
    if (other) best = other;
  }
  if (bestScore === 0) best = "general";
  const total = ORDER.reduce((s, c) => s + scores[c], 0);
  scores.general = howTo ? 1 : 0;
  return { category: best, scores, certainty: best === "general" || total === 0 ? 0 : Math.round((scores[best] / total) * 100) / 100 };
}

/** Agent ids mentioned in the question (exact id or name match, longest first), from a known list. */
export function mentionedAgents(question: string, agents: readonly { id: string; name: string }[]): string[] {
  const q = question.toLowerCase();
  // Whole-token matches only: an agent called "a" must not match every question.
  const has = (term: string) => new RegExp(`(^|[^a-z0-9_-])${term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^a-z0-9_-])`).test(q);
  const found: string[] = [];
  const sorted = [...agents].sort((a, b) => b.id.length - a.id.length);
  for (const a of sorted) {
    const id = a.id.toLowerCase();
    const name = a.name.toLowerCase();
    const spaced = id.replace(/[_-]+/g, " ");
    if (has(id) || (name.length > 3 && has(name)) || (spaced !== id && has(spaced))) {
      if (!found.some((f) => f.toLowerCase().includes(id))) found.push(a.id);
    }
  }
  return found;
}

/** Look-back hours implied by the question ("last night" 24, "this week" 168, default 24). */
export function timeWindowHours(question: string): number {
  const q = question.toLowerCase();
  if (/this month|last month|30 days|past month/.test(q)) return 24 * 30;
  if (/this week|last week|7 days|past week|weekly/.test(q)) return 24 * 7;
  if (/last hour|past hour|right now|currently|at the moment/.test(q)) return 1;
  return 24;
}

/**
 * "What does X mean / how does Y work / what types are there" without a live subject (no agent
 * named, no "right now", no "our spend"): a how-to answered from the runbooks first.
 */
export function isHowTo(question: string): boolean {
  const q = question.toLowerCase();
  const asks = /\b(what (does|do|is|are)|how (do|does|is|are|can|should)|explain|meaning|means?|what \w+ (types|kinds)|are there)\b/.test(q);
  const live = /\b(why is|right now|currently|now|today|this week|last night|which agent|which agents|our|we|spend|spent|cut|reduce|save|status of|open)\b/.test(q);
  return asks && !live;
}

/** The category after knowing which agents the question names: a how-to about no agent is general. */
export function refineCategory(c: HelpCategory, question: string, mentioned: readonly string[]): HelpCategory {
  return c !== "general" && !mentioned.length && isHowTo(question) ? "general" : c;
}
