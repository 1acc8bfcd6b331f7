/**
 * Queued (async) help requests: the API stores the question and answers 202; the ai_help_agent
 * worker cycle claims requests with FOR UPDATE SKIP LOCKED (several workers never answer the
 * same request) and answers them through the same pipeline. A claim older than CLAIM_TIMEOUT
 * (a worker died mid-answer) is claimed again; after MAX_ATTEMPTS the request fails.
 */
import type { Pool } from "pg";
import type { PrismaClient } from "../db/client";
import type { HelpRequestView } from "./contract";
import { HelpAnswer } from "./contract";
import { answerQuestion } from "./pipeline";
import type { LlmConfig } from "./model-client";
import { HelpNotFound, isUuid, openConversation } from "./store";

const CLAIM_TIMEOUT_SECONDS = 300;
const MAX_ATTEMPTS = 3;

export async function enqueueRequest(prisma: PrismaClient, owner: string, question: string, conversationId: string | undefined): Promise<{ requestId: string; status: "queued" }> {
  // Ownership of a given conversation is checked now, so the 404 reaches the caller, not the worker.
  const conv = conversationId ? await openConversation(prisma, owner, conversationId, question) : null;
  const r = await prisma.helpRequest.create({ data: { owner, question, conversationId: conv?.id ?? null } });
  return { requestId: r.id, status: "queued" };
}

export async function getRequest(prisma: PrismaClient, owner: string, id: string): Promise<HelpRequestView> {
  if (!isUuid(id)) throw new HelpNotFound("request");
  const r = await prisma.helpRequest.findFirst({ where: { id, owner } });
  if (!r) throw new HelpNotFound("request");
  if (r.status === "answered" && r.messageId) {
    const m = await prisma.helpMessage.findUnique({ where: { id: r.messageId }, select: { answer: true } });
    const parsed = HelpAnswer.safeParse(m?.answer);
    if (parsed.success) return { requestId: r.id, status: "answered", answer: parsed.data };
  }
  if (r.status === "failed") return { requestId: r.id, status: "failed", ...(r.error ? { error: r.error } : {}) };
  return { requestId: r.id, status: "queued" };
}

interface Claimed {
  id: string;
  owner: string;
  question: string;
  conversation_id: string | null;
  attempts: number;
}

async function claimRequests(pool: Pool, limit: number): Promise<Claimed[]> {
  const r = await pool.query<Claimed>(
    `UPDATE help_requests SET status = 'answering', claimed_at = now(), attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM help_requests
         WHERE status = 'queued' OR (status = 'answering' AND claimed_at < now() - make_interval(secs => $2))
         ORDER BY created_at
         FOR UPDATE SKIP LOCKED
         LIMIT $1)
      RETURNING id, owner, question, conversation_id, attempts`,
    [limit, CLAIM_TIMEOUT_SECONDS],
  );
  return r.rows;
}

/** Claims and answers up to `limit` queued requests; one failure never stops the others. */
export async function answerQueued(prisma: PrismaClient, pool: Pool, limit: number, llm?: LlmConfig | null): Promise<{ answered: number; failed: number }> {
  const claimed = await claimRequests(pool, limit);
  let answered = 0;
  let failed = 0;
  for (const c of claimed) {
    try {
      const conv = await openConversation(prisma, c.owner, c.conversation_id ?? undefined, c.question);
      const answer = await answerQuestion({ prisma, pool, question: c.question, conversationId: conv.id, requestId: c.id, llm });
      await prisma.helpRequest.update({ where: { id: c.id }, data: { status: "answered", messageId: answer.messageId, conversationId: conv.id, answeredAt: new Date(), error: null } });
      answered++;
    } catch (err) {
      const message = (err as Error).message.slice(0, 500);
      const final = c.attempts >= MAX_ATTEMPTS || err instanceof HelpNotFound;
      await prisma.helpRequest.update({ where: { id: c.id }, data: final ? { status: "failed", error: message, answeredAt: new Date() } : { status: "queued", error: message } });
      failed++;
    }
  }
  return { answered, failed };
}
