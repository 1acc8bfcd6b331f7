/**
 * Runs the evaluation set against a seeded scenario: every question through the real pipeline
 * (deterministic mode), each answer checked for its required facts, and re-graded by the
 * quality grader with the required facts known (so an answer missing facts loses completeness).
 */
import type { Pool } from "pg";
import type { PrismaClient } from "../../server/db/client";
import { containsFact } from "../../server/help/quality";
import { answerQuestion } from "../../server/help/pipeline";
import { openConversation } from "../../server/help/store";
import { QUESTIONS, type EvalQuestion } from "./questions";
import { seedScenario, type ScenarioFacts } from "./scenario";

export interface EvalResult {
  question: string;
  category: string;
  expectedCategory: string;
  missing: string[];
  passed: boolean;
  quality: number;
  grade: string;
  durationMs: number;
}

export interface EvalSummary {
  results: EvalResult[];
  passRate: number;
  meanQuality: number;
  categoryAccuracy: number;
}

/** Replaces {key} and {score:agent} with the scenario's figures. */
export function resolve(text: string, f: ScenarioFacts): string {
  return text.replace(/\{score:([^}]+)\}/g, (_, id: string) => String(f.agentScores[id] ?? "not scored")).replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = (f as unknown as Record<string, unknown>)[k];
    return v === undefined ? m : String(v);
  });
}

export async function runEval(prisma: PrismaClient, pool: Pool, questions: readonly EvalQuestion[] = QUESTIONS, facts?: ScenarioFacts): Promise<EvalSummary> {
  const f = facts ?? (await seedScenario(prisma, pool));
  const results: EvalResult[] = [];
  for (const q of questions) {
    const question = resolve(q.question, f);
    const required = q.facts.map((x) => resolve(x, f));
    const conv = await openConversation(prisma, "eval", undefined, question);
    const a = await answerQuestion({ prisma, pool, question, conversationId: conv.id, llm: null, requiredFacts: required });
    const missing = required.filter((x) => !containsFact(a.answer, x));
    const graded = a.quality;
    results.push({ question, category: a.category, expectedCategory: q.category, missing, passed: missing.length === 0, quality: graded.score, grade: graded.grade, durationMs: a.durationMs });
  }
  const n = results.length || 1;
  return {
    results,
    passRate: results.filter((r) => r.passed).length / n,
    meanQuality: results.reduce((s, r) => s + r.quality, 0) / n,
    categoryAccuracy: results.filter((r) => r.category === r.expectedCategory).length / n,
  };
}
