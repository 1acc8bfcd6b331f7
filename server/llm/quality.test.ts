import { describe, expect, it } from "vitest";
import { efficiencyRating, efficiencyScore } from "./efficiency";
import { interpolate } from "../scoring";
import { assessQuality, gradeFor, outputText, type QualityInput } from "./quality";

const base: QualityInput = { status: "success", outputText: "A clear and complete answer with enough substance to be useful to the user.", outputTokens: 40, latencyMs: 1500, finishReason: "stop", feedbackScore: null };

describe("gradeFor (A–F bands)", () => {
  it.each([
    [100, "A"], [90, "A"], [89.9, "B"], [80, "B"], [79.9, "C"], [70, "C"], [69.9, "D"], [60, "D"], [59.9, "F"], [0, "F"],
  ] as const)("%d → %s", (score, grade) => expect(gradeFor(score)).toBe(grade));
});

describe("assessQuality", () => {
  const cases: [string, Partial<QualityInput>, { score: number | null; grade: string | null; factors?: Record<string, number | null> }][] = [
    ["fast, complete, clean answer", {}, { score: 100, grade: "A", factors: { technicalQuality: 100, businessValue: 100, userExperience: 100, compliance: 100 } }],
    ["error: technical and value 0, UX 0", { status: "error", outputText: "", outputTokens: null }, { score: 25, grade: "F", factors: { technicalQuality: 0, businessValue: 0, userExperience: 0, compliance: 100 } }],
    ["truncated at max tokens", { finishReason: "length" }, { score: 90, grade: "A", factors: { technicalQuality: 60 } }],
    ["slow (10 s)", { latencyMs: 10_000 }, { score: 90, grade: "A", factors: { userExperience: 60 } }],
    ["refusal", { outputText: "I'm sorry, but I can't help with that request.", outputTokens: 12 }, { score: 86, grade: "B", factors: { businessValue: 44 } }],
    ["leaks an e-mail and a card number", { outputText: "mail bob@example.com, card 4111 1111 1111 1111" }, { score: 80, grade: "B", factors: { compliance: 20 } }],
    ["explicit feedback counts for half", { feedbackScore: 0.2 }, { score: 60, grade: "D" }],
    ["pending run: only feedback-free UX", { status: "pending", latencyMs: null }, { score: null, grade: null }],
  ];
  it.each(cases)("%s", (_, over, expected) => {
    const r = assessQuality({ ...base, ...over });
    expect(r.score).toBe(expected.score);
    expect(r.grade).toBe(expected.grade);
    if (expected.factors) expect(r.factors).toMatchObject(expected.factors);
    if (r.score !== null) expect(r.predictedSatisfaction).toBe(Math.round((1 + (4 * r.score) / 100) * 10) / 10);
  });

  it("outputText collects answer strings, not usage metadata", () => {
    expect(outputText({ content: "hello", usage_metadata: { note: "x" }, messages: [{ role: "assistant", content: "there" }] })).toBe("hello\nthere");
  });

  it("interpolate clamps and is linear between points", () => {
    const pts = [[0, 0], [10, 100]] as const;
    expect([interpolate(-5, pts), interpolate(5, pts), interpolate(50, pts)]).toEqual([0, 50, 100]);
  });
});

describe("efficiencyScore (cost 40 %, speed 30 %, quality 30 %)", () => {
  const cases: [string, Parameters<typeof efficiencyScore>[0], number | null][] = [
    ["cheap, fast, excellent", { costUsd: 0.0003, totalTokens: 1000, outputTokens: 200, latencyMs: 1000, qualityScore: 100 }, 100],
    ["expensive ($0.06 / 1K), slow (1 tok/s), poor", { costUsd: 0.06, totalTokens: 1000, outputTokens: 10, latencyMs: 10_000, qualityScore: 0 }, 0],
    ["$0.01 / 1K → cost 50; 50 tok/s → speed 80; quality 70", { costUsd: 0.01, totalTokens: 1000, outputTokens: 100, latencyMs: 2000, qualityScore: 70 }, 65],
    ["unpriced: cost left out, weights renormalized", { costUsd: null, totalTokens: 1000, outputTokens: 100, latencyMs: 2000, qualityScore: 70 }, 75],
    ["no latency, no cost: quality alone", { costUsd: null, totalTokens: null, outputTokens: null, latencyMs: null, qualityScore: 42 }, 42],
    ["nothing known", { costUsd: null, totalTokens: null, outputTokens: null, latencyMs: null, qualityScore: null }, null],
  ];
  it.each(cases)("%s", (_, input, expected) => expect(efficiencyScore(input).score).toBe(expected));

  it.each([[90, "excellent"], [85, "excellent"], [70, "good"], [50, "fair"], [49, "poor"], [null, null]] as const)("rating of %s is %s", (avg, rating) => expect(efficiencyRating(avg)).toBe(rating));
});
