/** Table-driven tests of the help agent's pure steps: categorizer, grader, value, passages, planning, stream parsing. */
import { describe, expect, it } from "vitest";
import { categorize, isHowTo, mentionedAgents, refineCategory, timeWindowHours } from "./categorize";
import { usdOrZero } from "../llm/money";
import { sseFrame } from "./contract";
import { bestPassages, blocksOf, searchQuery } from "./knowledge";
import { parseRunbook } from "./runbooks";
import { readChatStream } from "./model-client";
import { planTools } from "./pipeline";
import { gradeFor } from "../llm/quality";
import { assessQuality, containsFact, statedNumbers, type QualityInput } from "./quality";
import { titleFrom, toSteps } from "./store";
import { businessValueOf, MANUAL_MINUTES } from "./value";

describe("categorize", () => {
  it.each([
    ["Why is the health score 72?", "status"],
    ["Which agent failed last night and what did Vigil do?", "troubleshooting"],
    ["What did LLM calls cost this week and how do I cut it?", "cost"],
    ["Any anomalies on invoice-worker?", "performance"],
    ["Why is invoice-worker slow?", "performance"],
    ["What happened to pdf-renderer?", "troubleshooting"],
    ["Show me the roster status", "status"],
    ["Which model costs the most?", "cost"],
    ["hello there", "general"],
  ] as const)("%s → %s", (q, c) => expect(categorize(q).category).toBe(c));

  it.each([
    ["What does the late state mean?", [], "status", "general"],
    ["How are anomalies detected?", [], "performance", "general"],
    ["What is the status of email-sender?", ["email-sender"], "status", "status"],
    ["How can I reduce our LLM spend?", [], "cost", "cost"],
    ["What is the overall system health right now?", [], "status", "status"],
  ] as const)("refine %s", (q, mentioned, from, to) => expect(refineCategory(from, q, mentioned)).toBe(to));

  it("finds mentioned agents by id, spaced id or name, longest first", () => {
    const agents = [{ id: "invoice-worker", name: "Invoice worker" }, { id: "invoice", name: "Inv" }, { id: "etl_nightly", name: "Nightly ETL" }];
    expect(mentionedAgents("is invoice-worker ok?", agents)).toEqual(["invoice-worker"]);
    expect(mentionedAgents("what about etl nightly and the Nightly ETL", agents)).toEqual(["etl_nightly"]);
    expect(mentionedAgents("nothing here", agents)).toEqual([]);
  });

  it.each([["this week", 168], ["last night", 24], ["right now", 1], ["this month", 720]] as const)("window for %s", (q, h) => expect(timeWindowHours(q)).toBe(h));
  it("how-to detection", () => {
    expect(isHowTo("How do I instrument an agent?")).toBe(true);
    expect(isHowTo("Why is the health score 72?")).toBe(false);
  });
});

describe("quality grader", () => {
  it.each([[100, "A"], [90, "A"], [89, "B"], [80, "B"], [79, "C"], [70, "C"], [69, "D"], [60, "D"], [59, "F"], [0, "F"]] as const)("%i → %s", (s, g) => expect(gradeFor(s)).toBe(g));

  const base: QualityInput = {
    question: "Why is the health score 73?",
    category: "status",
    answer: "System health is **73/100 (fair)** = 79 % reporting × 92 average. Counted as 0: report-builder (unresponsive). See [Overview](/).",
    facts: ["73", "79", "92", "report-builder"],
    sources: 2,
    links: 1,
    confidence: 0.9,
    durationMs: 40,
    dataAgeSeconds: 0,
    mentionedAgents: [],
  };
  it("scores a specific, sourced, fast answer highly", () => {
    const q = assessQuality(base);
    expect(q.score).toBeGreaterThanOrEqual(85);
    expect(q.accuracy).toBeGreaterThanOrEqual(95);
    expect(q.predictedSatisfaction).toBeGreaterThan(4);
  });
  it("penalizes missing required facts, unbacked numbers, no links, slowness", () => {
    const good = assessQuality({ ...base, requiredFacts: ["73", "report-builder"] }).score;
    const missing = assessQuality({ ...base, requiredFacts: ["73", "report-builder", "pdf-renderer", "backup-job"] });
    expect(missing.completeness).toBe(50);
    expect(missing.score).toBeLessThan(good - 10);
    expect(missing.recommendations.join(" ")).toMatch(/pdf-renderer, backup-job/);
    expect(assessQuality({ ...base, facts: [] }).accuracy).toBeLessThan(60);
    expect(assessQuality({ ...base, links: 0 }).completeness).toBeLessThan(100);
    expect(assessQuality({ ...base, durationMs: 5000 }).timeliness).toBeLessThan(70);
    expect(assessQuality({ ...base, question: "What about email-sender?", mentionedAgents: ["email-sender"] }).relevance).toBeLessThan(assessQuality(base).relevance);
  });
  it.each([
    ["Cost **$1,234.5** today", "$1234.5", true],
    ["report-Builder down", "report-builder", true],
    ["nothing", "x", false],
  ] as const)("containsFact(%s, %s)", (a, f, r) => expect(containsFact(a, f)).toBe(r));
  it("stated numbers skip dates, times and link paths", () => {
    expect(statedNumbers("At 2026-11-22 10:51 UTC score 73, see [Incident #3](/incidents/3) and 12.5 %")).toEqual(["73", "3", "12.5"]);
  });
});

describe("business value", () => {
  it.each([
    ["troubleshooting", 1, 120_000_000, { minutesSaved: 15, usd: "30.00" }],
    ["status", 0.9, 120_000_000, { minutesSaved: 4.5, usd: "9.00" }],
    ["general", 0.5, 100_000_000, { minutesSaved: 1.5, usd: "2.50" }],
    ["cost", 0, 120_000_000, { minutesSaved: 0, usd: "0.00" }],
  ] as const)("%s at confidence %d", (c, conf, rate, out) => expect(businessValueOf(c, conf, rate)).toEqual(out));
  it("documents a manual time per category", () => expect(Object.keys(MANUAL_MINUTES).sort()).toEqual(["cost", "general", "performance", "status", "troubleshooting"]));
});

describe("knowledge helpers", () => {
  it("parses a runbook's title and body", () => {
    expect(parseRunbook("x/agent-states.md", "# Agent states\n\nBody here.")).toEqual({ slug: "runbook/agent-states", title: "Agent states", body: "Body here." });
  });
  it("turns a question into an OR query of its words", () => expect(searchQuery("Why is the score 72?!")).toBe("why or is or the or score or 72"));
  it("keeps a block ending in ':' with its list, under its heading", () => {
    expect(blocksOf("## Types\n\nThere are three:\n\n- a\n- b\n\nOther.")).toEqual([{ heading: "Types", text: "There are three:\n- a\n- b" }, { heading: "Types", text: "Other." }]);
  });
  it("picks the passages that match the question, in document order", () => {
    const body = "Intro about nothing.\n\nRollback: reduce_load sends restore_load.\n\nBackoff doubles to 5 minutes.\n\nLimits: 200 documents.";
    expect(bestPassages(body, "How does rollback work?", 1)).toEqual(["Rollback: reduce_load sends restore_load."]);
    expect(bestPassages(body, "rollback and backoff", 2)).toEqual(["Rollback: reduce_load sends restore_load.", "Backoff doubles to 5 minutes."]);
    expect(bestPassages(body, "unrelated words", 2)).toEqual([]);
  });
});

describe("pipeline planning, wire format and stream parsing", () => {
  it.each([
    ["status", [], ["search_docs"]],
    ["troubleshooting", [], ["list_incidents", "search_docs"]],
    ["troubleshooting", ["a", "b"], ["lookup_agent", "lookup_agent", "search_docs"]],
    ["performance", ["a"], ["lookup_agent", "get_metrics", "search_docs"]],
    ["cost", [], ["get_costs", "search_docs"]],
  ] as const)("plans tools for %s %j", (c, m, tools) => expect(planTools(c, "q", m).map((t) => t.tool)).toEqual(tools));

  it.each([
    ["What did LLM calls cost this week and how do I cut it?", 24],
    ["What did our infrastructure cost this week?", 168],
    ["What does CPU cost per hour this month?", 720],
    ["How much did we spend today?", 24],
  ] as const)("cost window for %j: %i h of infrastructure", (q, hours) => {
    expect(planTools("cost", q, []).find((t) => t.tool === "get_costs")?.input).toEqual({ hours });
  });

  it("frames SSE events with the type as the event name", () => {
    expect(sseFrame({ type: "agent_thinking", message: "hi" })).toBe('event: agent_thinking\ndata: {"type":"agent_thinking","message":"hi"}\n\n');
  });

  it("reads an OpenAI-style stream: content deltas, tool-call fragments, usage, split across chunk boundaries", async () => {
    const text = [
      `data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n`,
      `data: {"choices":[{"delta":{"content":"lo"}}]}\n\ndata: {"choices":[{"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"get_costs","arguments":"{\\"ho"}}]}}]}\n\n`,
      `data: {"choices":[{"delta":{"tool_calls":[{"index":0,"function":{"arguments":"urs\\":24}"}}]},"finish_reason":"tool_calls"}]}\n\ndata: {"choices":[],"usage":{"prompt_tokens":10,"completion_tokens":3}}\n\ndata: [DONE]\n\n`,
    ].join("");
    const bytes = new TextEncoder().encode(text);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 7) c.enqueue(bytes.slice(i, i + 7)); // split mid-line and mid-UTF-8
        c.close();
      },
    });
    const deltas: string[] = [];
    const r = await readChatStream(stream, (t) => deltas.push(t));
    expect(deltas).toEqual(["Hel", "lo"]);
    expect(r).toMatchObject({ text: "Hello", finishReason: "tool_calls", usage: { prompt: 10, completion: 3 } });
    expect(r.toolCalls).toEqual([{ id: "c1", type: "function", function: { name: "get_costs", arguments: '{"hours":24}' } }]);
  });

  it("persists only the replayable subset of events as steps", () => {
    expect(
      toSteps([
        { type: "agent_started", requestId: "r", conversationId: "c", question: "q" },
        { type: "agent_thinking", message: "m" },
        { type: "tool_executing", tool: "t", input: {} },
        { type: "tool_completed", tool: "t", durationMs: 3, ok: true, summary: "s" },
        { type: "answer_delta", text: "x" },
      ]),
    ).toEqual([{ type: "agent_thinking", message: "m" }, { type: "tool_executing", tool: "t" }, { type: "tool_completed", tool: "t", durationMs: 3, summary: "s" }]);
  });

  it.each([["short", "short"], ["  many   spaces\n here ", "many spaces here"], ["x".repeat(100), `${"x".repeat(77)}…`]] as const)("title from %s", (q, t) => expect(titleFrom(q)).toBe(t));
  it.each([["12.340000000000", "12.34"], ["0.000000", "0"], [null, "0"], ["5", "5"]] as const)("usdOrZero(%s)", (v, out) => expect(usdOrZero(v)).toBe(out));
});
