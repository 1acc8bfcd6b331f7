/**
 * Acceptance of the help agent: over the seeded scenario, ≥ 90 % of the evaluation questions get an
 * answer containing all their required facts, and the mean quality grade is ≥ 80 — the grade
 * caps completeness at the share of required facts present, so missing facts cost points.
 */
import { describe, expect, it } from "vitest";
import { db, pool } from "../db/client";
import { QUESTIONS } from "../../test/help-eval/questions";
import { runEval } from "../../test/help-eval/run";

describe("help agent evaluation set", () => {
  it("has at least 30 questions covering every category", () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(30);
    expect(new Set(QUESTIONS.map((q) => q.category))).toEqual(new Set(["status", "troubleshooting", "performance", "cost", "general"]));
    for (const q of QUESTIONS) expect(q.facts.length, q.question).toBeGreaterThan(0);
  });

  it("answers ≥ 90 % with all their facts, mean quality ≥ 80", async () => {
    const s = await runEval(db(), pool());
    const failed = s.results.filter((r) => !r.passed).map((r) => `${r.question} — missing ${r.missing.join(", ")}`);
    expect(s.passRate, failed.join("\n")).toBeGreaterThanOrEqual(0.9);
    expect(s.meanQuality).toBeGreaterThanOrEqual(80);
    expect(s.categoryAccuracy).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
