import { describe, expect, it } from "vitest";
import { applyEvent, foldSteps, type Turn } from "./stream";

const turn = (): Turn => ({ key: 1, question: "q", steps: [], draft: "", answer: null, error: null, status: "streaming" });

describe("the live step list", () => {
  it("turns executing/completed pairs into one row per tool call, keeping thinking notes in order", () => {
    let t = turn();
    t = applyEvent(t, { type: "agent_started", requestId: "r", conversationId: "c", question: "q" });
    t = applyEvent(t, { type: "agent_thinking", message: "Reading the question" });
    t = applyEvent(t, { type: "tool_executing", tool: "system_context", input: {} });
    t = applyEvent(t, { type: "tool_executing", tool: "search_docs", input: { q: "x" } });
    expect(t.steps.map((s) => [s.text, s.status])).toEqual([
      ["Reading the question", "done"],
      ["system_context", "running"],
      ["search_docs", "running"],
    ]);
    t = applyEvent(t, { type: "tool_completed", tool: "search_docs", durationMs: 12, ok: false, summary: "no match" });
    t = applyEvent(t, { type: "tool_completed", tool: "system_context", durationMs: 40, ok: true, summary: "8 agents" });
    expect(t.steps.slice(1)).toEqual([
      { kind: "tool", text: "system_context", status: "done", durationMs: 40, summary: "8 agents" },
      { kind: "tool", text: "search_docs", status: "failed", durationMs: 12, summary: "no match" },
    ]);
  });

  it("accumulates streamed text and ends in the answer or the error", () => {
    let t = applyEvent(turn(), { type: "answer_delta", text: "Hel" });
    t = applyEvent(t, { type: "answer_delta", text: "lo" });
    expect(t.draft).toBe("Hello");
    const failed = applyEvent(t, { type: "agent_error", message: "database down" });
    expect([failed.status, failed.error]).toEqual(["error", "database down"]);
  });

  it("replays stored steps the same way", () => {
    const steps = foldSteps([
      { type: "agent_thinking", message: "m" },
      { type: "tool_executing", tool: "lookup_agent" },
      { type: "tool_completed", tool: "lookup_agent", durationMs: 5, summary: "active" },
      { type: "tool_completed", tool: "search_docs", durationMs: 7, summary: "1 document" },
    ]);
    expect(steps.map((s) => `${s.text}:${s.status}:${s.durationMs ?? "-"}`)).toEqual(["m:done:-", "lookup_agent:done:5", "search_docs:done:7"]);
  });
});
