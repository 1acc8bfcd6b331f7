import { HelpEvent } from "@/server/help/contract";
import { SseParser } from "./sse";
import type { HelpAnswer } from "./types";

/** One row of the live step list (a thinking note, or one tool call from executing to completed). */
export interface Step {
  kind: "thinking" | "tool";
  text: string;
  status: "running" | "done" | "failed";
  durationMs?: number;
  summary?: string;
}

/** One question and its (streaming, finished or failed) answer, held in the page until persisted. */
export interface Turn {
  key: number;
  question: string;
  steps: Step[];
  /** Streamed answer text (LLM mode) before the final answer arrives. */
  draft: string;
  answer: HelpAnswer | null;
  error: string | null;
  status: "streaming" | "done" | "error";
}

/** A step as stored with an assistant message (help.conversation) or as a live event. */
interface StepLike {
  type: string;
  tool?: string;
  durationMs?: number;
  summary?: string;
  message?: string;
  ok?: boolean;
}

function addStep(steps: Step[], e: StepLike): Step[] {
  if (e.type === "agent_thinking" && e.message) return [...steps, { kind: "thinking", text: e.message, status: "done" }];
  if (e.type === "tool_executing" && e.tool) return [...steps, { kind: "tool", text: e.tool, status: "running" }];
  if (e.type === "tool_completed" && e.tool) {
    const done: Step = { kind: "tool", text: e.tool, status: e.ok === false ? "failed" : "done", durationMs: e.durationMs, summary: e.summary };
    // The matching call is the latest still-running one of that tool.
    const at = steps.findLastIndex((s) => s.kind === "tool" && s.text === e.tool && s.status === "running");
    return at === -1 ? [...steps, done] : steps.map((s, i) => (i === at ? done : s));
  }
  return steps;
}

export function foldSteps(events: StepLike[]): Step[] {
  return events.reduce(addStep, [] as Step[]);
}

export function applyEvent(turn: Turn, e: HelpEvent): Turn {
  switch (e.type) {
    case "answer_delta":
      return { ...turn, draft: turn.draft + e.text };
    case "agent_completed": {
      const { type: _type, ...answer } = e;
      return { ...turn, answer, status: "done", steps: turn.steps.map((s) => (s.status === "running" ? { ...s, status: "done" } : s)) };
    }
    case "agent_error":
      return { ...turn, error: e.message, status: "error" };
    case "agent_started":
      return turn;
    default:
      return { ...turn, steps: addStep(turn.steps, e) };
  }
}

/** A non-2xx reply of the chat endpoint, with the status for the caller to tell 404/401 apart. */
export class ChatHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Validated against the contract; a malformed frame is skipped (a missing final event is reported by the caller). */
function toEvent(data: string): HelpEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  const r = HelpEvent.safeParse(parsed);
  return r.success ? r.data : null;
}

async function errorMessage(res: Response): Promise<string> {
  const body = (await res.json().catch(() => null)) as { error?: unknown; message?: unknown } | null;
  const m = body?.error && typeof body.error === "object" ? (body.error as { message?: unknown }).message : (body?.message ?? body?.error);
  if (typeof m === "string" && m) return m;
  if (res.status === 404) return "Conversation not found";
  if (res.status === 429) return "Too many questions at once: wait a moment and try again.";
  if (res.status === 503) return "The database is unavailable: try again in a moment.";
  return `The help agent could not answer (HTTP ${res.status}).`;
}

/**
 * Asks the help agent through the dashboard's chat endpoint and calls `onEvent` for every SSE
 * event as it arrives. Resolves when the stream ends; throws ChatHttpError for a non-2xx reply.
 */
export async function streamChat(opts: { question: string; conversationId?: string; signal: AbortSignal; onEvent: (e: HelpEvent) => void }): Promise<void> {
  const res = await fetch("/api/help/chat", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify({ question: opts.question, ...(opts.conversationId ? { conversationId: opts.conversationId } : {}) }),
    signal: opts.signal,
  });
  if (!res.ok || !res.body) throw new ChatHttpError(res.status, await errorMessage(res));
  const reader = res.body.getReader();
  const parser = new SseParser();
  const emit = (frames: { data: string }[]) => {
    for (const f of frames) {
      const e = toEvent(f.data);
      if (e) opts.onEvent(e);
    }
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    emit(parser.push(value));
  }
  emit(parser.finish());
}
