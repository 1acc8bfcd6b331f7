/**
 * The help agent's pipeline: categorize → gather context → tools → compose (deterministic or
 * LLM) → assess quality → business value → persist. Each step is a pure function or a single
 * read; I/O is at the edges. Progress is reported as HelpEvents through `emit`, in the order
 * of the contract: agent_started, agent_thinking, tool_executing/tool_completed per tool,
 * (answer_delta in LLM mode), agent_completed — or agent_error.
 */
import { randomUUID } from "node:crypto";
import type { Pool } from "pg";
import type { PrismaClient } from "../db/client";
import { categorize, mentionedAgents, refineCategory, timeWindowHours } from "./categorize";
import { compose, type Composed } from "./compose";
import type { HelpAnswer, HelpCategory, HelpEvent } from "./contract";
import { gatherContext, type SystemContext } from "./context";
import { llmConfig, llmCompose, type LlmConfig } from "./model-client";
import { assessQuality } from "./quality";
import { recentTurns, saveFailedTurn, saveTurn, toSteps } from "./store";
import { runTool, summarize, type AgentLookup, type ToolDeps, type ToolResult } from "./tools";
import { businessValueOf, engineerRate } from "./value";

export interface AskOptions {
  prisma: PrismaClient;
  pool: Pool;
  question: string;
  /** An existing conversation already checked to belong to the asker (store.openConversation). */
  conversationId: string;
  requestId?: string;
  emit?: (e: HelpEvent) => void;
  /** undefined: from the environment (LLM_BASE_URL…); null: deterministic. */
  llm?: LlmConfig | null;
  now?: Date;
  /** Evaluation only: facts the answer must contain, so the grade penalizes missing ones. */
  requiredFacts?: readonly string[];
}

export interface ToolCall {
  tool: string;
  input: Record<string, unknown>;
}

/** Which tools the deterministic pipeline calls for a question (pure). */
export function planTools(category: HelpCategory, question: string, mentioned: readonly string[]): ToolCall[] {
  const calls: ToolCall[] = mentioned.slice(0, 3).map((id) => ({ tool: "lookup_agent", input: { agentId: id } }));
  const hours = timeWindowHours(question);
  if (category === "troubleshooting" && !mentioned.length) calls.push({ tool: "list_incidents", input: { status: "all", hours: Math.max(hours, 24) } });
  if (category === "performance") calls.push({ tool: "get_metrics", input: mentioned.length === 1 ? { agentId: mentioned[0] } : {} });
  // The LLM report always covers today / 7 d / 30 d; the infrastructure window follows the
  // question only when it asks about infrastructure (else the stored 24 h report answers fast).
  const infraWindow = /infra|compute|cpu|memory|core|server|per hour|hourly/.test(question.toLowerCase());
  if (category === "cost") calls.push({ tool: "get_costs", input: { hours: infraWindow ? Math.min(Math.max(hours, 24), 24 * 30) : 24 } });
  calls.push({ tool: "search_docs", input: { query: question } });
  return calls;
}

/** Runs one tool with its executing/completed pair of events. */
export async function runToolWithEvents(deps: ToolDeps, call: ToolCall, emit: (e: HelpEvent) => void): Promise<ToolResult | null> {
  emit({ type: "tool_executing", tool: call.tool, input: call.input });
  const t0 = performance.now();
  try {
    const r = await runTool(deps, call.tool, call.input);
    emit({ type: "tool_completed", tool: call.tool, durationMs: Math.round(performance.now() - t0), ok: true, summary: summarize(r) });
    return r;
  } catch (err) {
    emit({ type: "tool_completed", tool: call.tool, durationMs: Math.round(performance.now() - t0), ok: false, summary: `failed: ${(err as Error).message.slice(0, 200)}` });
    return null;
  }
}

/** A follow-up without an agent name ("and what did Vigil do?") inherits the agents of the previous question. */
function inheritAgents(history: { role: string; content: string }[], ctx: SystemContext): string[] {
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (m.role !== "user") continue;
    const found = mentionedAgents(m.content, ctx.agents);
    if (found.length) return found;
  }
  return [];
}

function deterministicCompose(question: string, category: HelpCategory, context: SystemContext, mentioned: string[], results: readonly ToolResult[]): Composed {
  const agents: AgentLookup[] = [];
  let incidents = null;
  let metrics = null;
  let costs = null;
  let docs: Extract<ToolResult, { tool: "search_docs" }>["data"] = [];
  for (const r of results) {
    if (r.tool === "lookup_agent") agents.push(r.data);
    else if (r.tool === "list_incidents") incidents = r.data;
    else if (r.tool === "get_metrics") metrics = r.data;
    else if (r.tool === "get_costs") costs = r.data;
    else if (r.tool === "search_docs") docs = r.data;
  }
  return compose({ question, category, context, mentioned, agents, incidents, metrics, costs, docs });
}

export async function answerQuestion(o: AskOptions): Promise<HelpAnswer> {
  const t0 = performance.now();
  const askedAt = o.now ?? new Date();
  const events: HelpEvent[] = [];
  const emit = (e: HelpEvent) => {
    events.push(e);
    o.emit?.(e);
  };
  const requestId = o.requestId ?? randomUUID();
  emit({ type: "agent_started", requestId, conversationId: o.conversationId, question: o.question });
  try {
    const cat = categorize(o.question);
    emit({ type: "agent_thinking", message: `Reading the question: ${cat.category} (keyword certainty ${Math.round(cat.certainty * 100)} %). Gathering live system state.`, category: cat.category });
    emit({ type: "tool_executing", tool: "system_context", input: {} });
    const tc = performance.now();
    const [context, history, rate] = await Promise.all([gatherContext(o.prisma, o.pool, askedAt), recentTurns(o.prisma, o.conversationId), engineerRate(o.prisma)]);
    emit({
      type: "tool_completed",
      tool: "system_context",
      durationMs: Math.round(performance.now() - tc),
      ok: true,
      summary: `${context.agents.length} agents, health ${context.health.score}, ${context.incidents.filter((i) => i.open).length} open incident(s), ${context.anomalies.length} anomalies in 24 h`,
    });
    let mentioned = mentionedAgents(o.question, context.agents);
    if (!mentioned.length && history.length && /\b(it|its|that agent|this agent|what did vigil do|and)\b/i.test(o.question)) mentioned = inheritAgents(history, context);
    // A lone unknown agent-looking id ("why is foo_bar failing?") is looked up so the answer can say it does not exist.
    const unknownId = mentioned.length ? null : /\b([a-z][a-z0-9]*(?:[_-][a-z0-9]+)+)\b/.exec(o.question.toLowerCase())?.[1] ?? null;
    const category = refineCategory(cat.category, o.question, mentioned);
    if (category !== cat.category) emit({ type: "agent_thinking", message: `A how-to question about no particular agent: answering from the runbooks first (${category}).`, category });
    const calls = planTools(category, o.question, unknownId && category !== "general" && /agent/i.test(o.question) ? [unknownId] : mentioned);
    const deps: ToolDeps = { prisma: o.prisma, pool: o.pool, context };
    const llm = o.llm === undefined ? llmConfig() : o.llm;
    let composed: Composed;
    let mode: HelpAnswer["mode"] = "deterministic";
    if (llm) {
      const r = await llmCompose({ config: llm, deps, question: o.question, category: category, history, emit, runToolWithEvents, conversationId: o.conversationId });
      composed = r;
      mode = "llm";
    } else {
      const results: ToolResult[] = [];
      for (const call of calls) {
        const r = await runToolWithEvents(deps, call, emit);
        if (r) results.push(r);
      }
      emit({ type: "agent_thinking", message: `Composing the answer from ${results.length} tool result(s) and the live context.`, category: category });
      composed = deterministicCompose(o.question, category, context, mentioned, results);
    }
    const durationMs = Math.round(performance.now() - t0);
    const quality = assessQuality({
      question: o.question,
      category: category,
      answer: composed.answer,
      facts: composed.facts,
      sources: composed.sources.length,
      links: composed.links.length,
      confidence: composed.confidence,
      durationMs,
      dataAgeSeconds: 0,
      mentionedAgents: mentioned,
      requiredFacts: o.requiredFacts,
    });
    const partial = {
      answer: composed.answer,
      category: category,
      confidence: composed.confidence,
      sources: composed.sources,
      links: composed.links,
      quality,
      businessValue: businessValueOf(category, composed.confidence, rate),
      durationMs,
      mode,
    };
    const full = await saveTurn(o.prisma, { conversationId: o.conversationId, question: o.question, messageId: randomUUID(), answer: partial, steps: toSteps(events), askedAt });
    emit({ type: "agent_completed", ...full });
    return full;
  } catch (err) {
    const message = `The help agent could not answer: ${(err as Error).message.slice(0, 300)}`;
    emit({ type: "agent_error", message });
    await saveFailedTurn(o.prisma, { conversationId: o.conversationId, question: o.question, error: message, steps: toSteps(events), askedAt }).catch(() => {});
    throw err;
  }
}
