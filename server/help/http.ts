/**
 * HTTP side of the help agent shared by POST /api/v1/help/ask (API key) and POST
 * /api/help/chat (dashboard session): the SSE stream of HelpEvents and the JSON reply with its
 * steps. Bodies are validated by the route helper (server/http/route.ts).
 */
import type { Pool } from "pg";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { consumeOr429 } from "../http/rate-limit";
import type { PrismaClient } from "../db/client";
import { issue, json } from "../http/errors";
import type { HelpEvent } from "./contract";
import { sseFrame } from "./contract";
import { answerQuestion } from "./pipeline";
import { HelpNotFound, openConversation } from "./store";

export function notFound(what: string): Response {
  return json({ error: `${what} not found`, issues: [issue(what === "conversation" ? "conversationId" : "id", `no such ${what}`)] }, 404);
}

/** The owner's conversation, or a 404 Response (never another owner's conversation). */
export async function conversationFor(prisma: PrismaClient, owner: string, conversationId: string | undefined, question: string): Promise<string | Response> {
  try {
    return (await openConversation(prisma, owner, conversationId, question)).id;
  } catch (err) {
    if (err instanceof HelpNotFound) return notFound("conversation");
    throw err;
  }
}

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" };

/** Answers while streaming each HelpEvent as it happens (the first one is sent before any query). */
export function sseAnswer(prisma: PrismaClient, pool: Pool, question: string, conversationId: string): Response {
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (e: HelpEvent) => {
        if (!open) return;
        try {
          controller.enqueue(enc.encode(sseFrame(e)));
        } catch {
          open = false; // client went away: keep answering so the turn is still persisted
        }
      };
      try {
        await answerQuestion({ prisma, pool, question, conversationId, emit: send });
      } catch (err) {
        // agent_error was already emitted by the pipeline; log for operators (no request data).
        console.error("[help] answer failed:", (err as Error).message);
      } finally {
        if (open) {
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        }
      }
    },
  });
  return new Response(stream, { status: 200, headers: SSE_HEADERS });
}

export async function jsonAnswer(prisma: PrismaClient, pool: Pool, question: string, conversationId: string): Promise<Response> {
  const steps: HelpEvent[] = [];
  try {
    const answer = await answerQuestion({ prisma, pool, question, conversationId, emit: (e) => steps.push(e) });
    return json({ ...answer, steps });
  } catch (err) {
    const failed = steps.find((s) => s.type === "agent_error");
    // An LLM endpoint that fails is an upstream problem (502); anything else is ours (handled as 500).
    if (failed && /LLM endpoint/.test((err as Error).message)) return json({ error: failed.message, issues: [], steps }, 502);
    throw err;
  }
}

export function wantsEventStream(req: Request): boolean {
  return (req.headers.get("accept") ?? "").toLowerCase().includes("text/event-stream");
}

/**
 * Per-user limit on the dashboard chat (the public ask endpoint has the per-key limit): each
 * question runs a dozen queries, so one stuck script or key-repeat must not load the database.
 * In memory and per web process, like the per-key limit.
 */
const CHAT_QUESTIONS_PER_MINUTE = 30;
const chatLimiter = new RateLimiterMemory({ points: CHAT_QUESTIONS_PER_MINUTE, duration: 60 });

export async function enforceChatRateLimit(userId: string): Promise<void> {
  await consumeOr429(chatLimiter, userId, (retry) => `too many questions: at most ${CHAT_QUESTIONS_PER_MINUTE} per minute; retry in ${retry} s`);
}
