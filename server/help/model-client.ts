/**
 * OpenAI-compatible chat client for the help agent (LLM_BASE_URL, LLM_API_KEY, LLM_MODEL):
 * streaming /chat/completions over fetch (no SDK: the protocol is small and this keeps the
 * dependency list short), tool calling with the same tools as the deterministic pipeline, and
 * every call recorded as an LLM run through the native ingestion path (cost, /llm page).
 */
import { randomUUID } from "node:crypto";
import { nativeRunSchema, nativeToWrite } from "../llm/native";
import { storeRuns } from "../llm/store";
import type { HelpCategory, HelpEvent, HelpLink, HelpSource } from "./contract";
import type { Composed } from "./compose";
import { knowledgeHref } from "./knowledge";
import { openAiTools, type ToolDeps, type ToolResult } from "./tools";

export interface LlmConfig {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  /** Tool-calling rounds before the model must answer. */
  maxRounds: number;
  timeoutMs: number;
}

export function llmConfig(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const base = env.LLM_BASE_URL?.trim();
  if (!base) return null;
  return { baseUrl: base.replace(/\/+$/, ""), apiKey: env.LLM_API_KEY?.trim() || null, model: env.LLM_MODEL?.trim() || "gpt-4o-mini", maxRounds: 4, timeoutMs: 60_000 };
}

interface ToolCallMsg {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}
type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; tool_calls?: ToolCallMsg[] }
  | { role: "tool"; tool_call_id: string; content: string };

interface StreamResult {
  text: string;
  toolCalls: ToolCallMsg[];
  finishReason: string | null;
  usage: { prompt: number | null; completion: number | null };
}

/** Parses an OpenAI-style SSE stream ("data: {json}" lines, "data: [DONE]"), calling onText per content delta. */
export async function readChatStream(body: ReadableStream<Uint8Array>, onText: (t: string) => void): Promise<StreamResult> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const calls = new Map<number, ToolCallMsg>();
  const out: StreamResult = { text: "", toolCalls: [], finishReason: null, usage: { prompt: null, completion: null } };
  let buf = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl).trim();
      buf = buf.slice(nl + 1);
      if (!line.startsWith("data:")) continue;
      const data = line.slice(5).trim();
      if (data === "[DONE]") continue;
      let chunk: { choices?: { delta?: { content?: string | null; tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[] }; finish_reason?: string | null }[]; usage?: { prompt_tokens?: number; completion_tokens?: number } };
      try {
        chunk = JSON.parse(data);
      } catch {
        continue;
      }
      if (chunk.usage) out.usage = { prompt: chunk.usage.prompt_tokens ?? null, completion: chunk.usage.completion_tokens ?? null };
      for (const ch of chunk.choices ?? []) {
        const t = ch.delta?.content;
        if (t) {
          out.text += t;
          onText(t);
        }
        for (const tc of ch.delta?.tool_calls ?? []) {
          const i = tc.index ?? 0;
          const cur = calls.get(i) ?? { id: tc.id ?? `call_${i}`, type: "function" as const, function: { name: "", arguments: "" } };
          if (tc.id) cur.id = tc.id;
          if (tc.function?.name) cur.function.name += tc.function.name;
          if (tc.function?.arguments) cur.function.arguments += tc.function.arguments;
          calls.set(i, cur);
        }
        if (ch.finish_reason) out.finishReason = ch.finish_reason;
      }
    }
  }
  out.toolCalls = [...calls.values()];
  return out;
}

async function recordRun(deps: ToolDeps, cfg: LlmConfig, traceId: string, started: Date, r: StreamResult | null, error: string | null): Promise<void> {
  const ended = new Date();
  const run = nativeRunSchema.parse({
    id: randomUUID(),
    traceId,
    name: "vigil-help-agent",
    runType: "llm",
    project: "vigil-help",
    model: cfg.model,
    provider: "openai-compatible",
    startTime: started.toISOString(),
    endTime: ended.toISOString(),
    ...(r?.usage.prompt !== null && r?.usage.prompt !== undefined ? { inputTokens: r.usage.prompt } : {}),
    ...(r?.usage.completion !== null && r?.usage.completion !== undefined ? { outputTokens: r.usage.completion } : {}),
    ...(r?.finishReason ? { finishReason: r.finishReason } : {}),
    ...(error ? { error } : {}),
  });
  await storeRuns(deps.prisma, deps.pool, [nativeToWrite(run, ended)]);
}

const SYSTEM_PROMPT = `You are Vigil's help agent. Vigil is a control plane for background agents (heartbeats, health scores, self-healing incidents with rollback, anomalies, LLM costs).
Answer the operator's question specifically: name agents, give the numbers, and link dashboard pages as markdown links with internal paths (/agents/<id>, /incidents/<id>, /performance, /llm, /events, /).
Use the tools to look things up; never invent figures. Keep it short: a few paragraphs or "- " bullets, **bold** for key figures.`;

export interface LlmComposeInput {
  config: LlmConfig;
  deps: ToolDeps;
  question: string;
  category: HelpCategory;
  history: { role: string; content: string }[];
  conversationId: string;
  emit: (e: HelpEvent) => void;
  runToolWithEvents: (deps: ToolDeps, call: { tool: string; input: Record<string, unknown> }, emit: (e: HelpEvent) => void) => Promise<ToolResult | null>;
}

function contextBrief(d: ToolDeps): string {
  const c = d.context;
  return `Live context (${c.now.toISOString()}): system health ${c.health.score}/100 (${c.health.status}). ${c.health.explanation} Agents: ${c.agents.map((a) => `${a.id}=${a.state}${a.healthScore === null ? "" : `/${Math.round(a.healthScore)}`}`).join(", ")}. Open incidents: ${c.incidents.filter((i) => i.open).length}. Anomalies 24h: ${c.anomalies.length}. LLM spend 7d $${c.llm.last7d}.`;
}

/** Facts for the grader: every number and id in the tool outputs the model saw. */
function factsFrom(text: string): string[] {
  return [...new Set(text.match(/[A-Za-z0-9_.-]+/g) ?? [])].slice(0, 5000);
}

export async function llmCompose(i: LlmComposeInput): Promise<Composed> {
  const cfg = i.config;
  const messages: ChatMessage[] = [
    { role: "system", content: `${SYSTEM_PROMPT}\n\n${contextBrief(i.deps)}` },
    ...i.history.filter((h) => h.role === "user" || h.role === "assistant").map((h) => ({ role: h.role as "user", content: h.content })),
    { role: "user", content: i.question },
  ];
  const tools = openAiTools();
  const seen: string[] = [contextBrief(i.deps)];
  const sources: HelpSource[] = [{ kind: "live", title: "System health", href: "/", excerpt: `${i.deps.context.health.score}/100` }];
  let text = "";
  for (let round = 0; round <= cfg.maxRounds; round++) {
    const started = new Date();
    const last = round === cfg.maxRounds;
    let res: Response;
    let result: StreamResult | null = null;
    try {
      res = await fetch(`${cfg.baseUrl}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream", ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}) },
        body: JSON.stringify({ model: cfg.model, messages, stream: true, stream_options: { include_usage: true }, ...(last ? {} : { tools, tool_choice: "auto" }) }),
        signal: AbortSignal.timeout(cfg.timeoutMs),
      });
      if (!res.ok || !res.body) throw new Error(`LLM endpoint answered ${res.status} ${(await res.text().catch(() => "")).slice(0, 200)}`);
      result = await readChatStream(res.body, (t) => i.emit({ type: "answer_delta", text: t }));
    } catch (err) {
      const message = (err as Error).message.startsWith("LLM endpoint") ? (err as Error).message : `LLM endpoint ${cfg.baseUrl} failed: ${(err as Error).message}`;
      await recordRun(i.deps, cfg, i.conversationId, started, null, message).catch(() => {});
      throw new Error(message);
    }
    await recordRun(i.deps, cfg, i.conversationId, started, result, null);
    text += result.text;
    if (!result.toolCalls.length) break;
    messages.push({ role: "assistant", content: result.text || null, tool_calls: result.toolCalls });
    for (const call of result.toolCalls) {
      let input: Record<string, unknown> = {};
      try {
        const parsed: unknown = JSON.parse(call.function.arguments || "{}");
        if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) input = parsed as Record<string, unknown>;
      } catch {
        // Malformed arguments from the model: the tool's zod schema reports what is missing.
      }
      const r = await i.runToolWithEvents(i.deps, { tool: call.function.name, input }, i.emit);
      const content = r ? JSON.stringify(r.data).slice(0, 12_000) : `tool ${call.function.name} failed: check the arguments against its schema`;
      seen.push(content);
      if (r?.tool === "search_docs") for (const h of r.data) sources.push({ kind: h.source === "builtin" ? "runbook" : "document", title: h.title, href: knowledgeHref(h.id), excerpt: h.excerpt });
      messages.push({ role: "tool", tool_call_id: call.id, content });
    }
  }
  const links: HelpLink[] = [];
  for (const m of text.matchAll(/\[([^\]]+)\]\((\/[^)\s]*)\)/g)) if (!links.some((l) => l.href === m[2])) links.push({ label: m[1]!, href: m[2]! });
  return { answer: text.trim(), sources, links, confidence: seen.length > 1 ? 0.8 : 0.6, facts: factsFrom(seen.join(" ")) };
}
