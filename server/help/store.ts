/**
 * Persistence of help conversations, messages and feedback. Every function takes the owner
 * ("user:<id>" for the dashboard, "key:<api key id>" for the public API) and filters by it, so
 * isolation is enforced here, once, and never depends on a caller remembering a WHERE clause:
 * another owner's conversation simply does not exist (NotFound).
 */
import type { Prisma, PrismaClient } from "../db/client";
import type { ConversationDetail, ConversationSummary, HelpAnswer, HelpEvent, HelpFeedbackRating, HelpStep } from "./contract";
import { HelpAnswer as HelpAnswerSchema, HelpStep as HelpStepSchema } from "./contract";

export class HelpNotFound extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = "HelpNotFound";
  }
}

export const userOwner = (userId: string) => `user:${userId}`;
export const keyOwner = (keyId: string) => `key:${keyId}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/** A title from the first question: one line, at most 80 characters. */
export function titleFrom(question: string): string {
  const line = question.replace(/\s+/g, " ").trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}

/** The owner's conversation (or NotFound), or a new one titled after the question. */
export async function openConversation(prisma: PrismaClient, owner: string, conversationId: string | undefined, question: string): Promise<{ id: string; created: boolean }> {
  if (conversationId) {
    if (!isUuid(conversationId)) throw new HelpNotFound("conversation");
    const c = await prisma.helpConversation.findFirst({ where: { id: conversationId, owner }, select: { id: true } });
    if (!c) throw new HelpNotFound("conversation");
    return { id: c.id, created: false };
  }
  const c = await prisma.helpConversation.create({ data: { owner, title: titleFrom(question) }, select: { id: true } });
  return { id: c.id, created: true };
}

/** The last few turns, oldest first: lets a follow-up ("and what did Vigil do?") inherit its subject. */
export async function recentTurns(prisma: PrismaClient, conversationId: string, limit = 6): Promise<{ role: string; content: string }[]> {
  const rows = await prisma.helpMessage.findMany({
    where: { conversationId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { role: true, content: true },
  });
  return rows.reverse();
}

/** The persisted subset of the events the UI replays as "steps". */
export function toSteps(events: readonly HelpEvent[]): HelpStep[] {
  const steps: HelpStep[] = [];
  for (const e of events) {
    if (e.type === "agent_thinking") steps.push({ type: e.type, message: e.message });
    else if (e.type === "tool_executing") steps.push({ type: e.type, tool: e.tool });
    else if (e.type === "tool_completed") steps.push({ type: e.type, tool: e.tool, durationMs: e.durationMs, summary: e.summary });
    else if (e.type === "agent_error") steps.push({ type: e.type, message: e.message });
  }
  return steps;
}

/** Question and answer stored in one transaction: a conversation never holds half a turn. */
export async function saveTurn(
  prisma: PrismaClient,
  t: { conversationId: string; question: string; messageId: string; answer: Omit<HelpAnswer, "messageId" | "conversationId">; steps: HelpStep[]; askedAt: Date },
): Promise<HelpAnswer> {
  const full: HelpAnswer = { ...t.answer, messageId: t.messageId, conversationId: t.conversationId };
  const answeredAt = new Date(Math.max(Date.now(), t.askedAt.getTime() + 1));
  await prisma.$transaction([
    prisma.helpMessage.create({ data: { conversationId: t.conversationId, role: "user", content: t.question, createdAt: t.askedAt } }),
    prisma.helpMessage.create({
      data: {
        id: t.messageId,
        conversationId: t.conversationId,
        role: "assistant",
        content: full.answer,
        answer: full as unknown as Prisma.InputJsonValue,
        steps: t.steps as unknown as Prisma.InputJsonValue,
        category: full.category,
        createdAt: answeredAt,
      },
    }),
    prisma.helpConversation.update({ where: { id: t.conversationId }, data: { updatedAt: answeredAt } }),
  ]);
  return full;
}

/**
 * A turn that failed (e.g. the LLM endpoint was down): the question and the error are kept, so
 * the conversation still shows what was asked after a reload (assistant message without answer).
 */
export async function saveFailedTurn(prisma: PrismaClient, t: { conversationId: string; question: string; error: string; steps: HelpStep[]; askedAt: Date }): Promise<void> {
  const at = new Date(Math.max(Date.now(), t.askedAt.getTime() + 1));
  await prisma.$transaction([
    prisma.helpMessage.create({ data: { conversationId: t.conversationId, role: "user", content: t.question, createdAt: t.askedAt } }),
    prisma.helpMessage.create({ data: { conversationId: t.conversationId, role: "assistant", content: t.error, steps: t.steps as unknown as Prisma.InputJsonValue, createdAt: at } }),
    prisma.helpConversation.update({ where: { id: t.conversationId }, data: { updatedAt: at } }),
  ]);
}

export async function listConversations(prisma: PrismaClient, owner: string, limit = 100): Promise<ConversationSummary[]> {
  const rows = await prisma.helpConversation.findMany({
    where: { owner },
    orderBy: { updatedAt: "desc" },
    take: limit,
    select: { id: true, title: true, updatedAt: true, _count: { select: { messages: true } } },
  });
  return rows.map((r) => ({ id: r.id, title: r.title, updatedAt: r.updatedAt.toISOString(), messageCount: r._count.messages }));
}

function parseAnswer(v: unknown): HelpAnswer | null {
  const p = HelpAnswerSchema.safeParse(v);
  return p.success ? p.data : null;
}

function parseSteps(v: unknown): HelpStep[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((s) => {
    const p = HelpStepSchema.safeParse(s);
    return p.success ? [p.data] : [];
  });
}

export async function getConversation(prisma: PrismaClient, owner: string, id: string): Promise<ConversationDetail> {
  if (!isUuid(id)) throw new HelpNotFound("conversation");
  const c = await prisma.helpConversation.findFirst({
    where: { id, owner },
    include: { messages: { orderBy: { createdAt: "asc" } } },
  });
  if (!c) throw new HelpNotFound("conversation");
  return {
    id: c.id,
    title: c.title,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    messages: c.messages.map((m) => ({
      id: m.id,
      role: m.role === "assistant" ? "assistant" : "user",
      content: m.content,
      createdAt: m.createdAt.toISOString(),
      answer: m.role === "assistant" ? parseAnswer(m.answer) : null,
      steps: parseSteps(m.steps),
      feedback: m.feedback === "up" || m.feedback === "down" ? m.feedback : null,
    })),
  };
}

export async function setFeedback(prisma: PrismaClient, owner: string, messageId: string, rating: HelpFeedbackRating, comment: string | null): Promise<void> {
  if (!isUuid(messageId)) throw new HelpNotFound("message");
  const n = await prisma.helpMessage.updateMany({
    where: { id: messageId, role: "assistant", conversation: { owner } },
    data: { feedback: rating, feedbackComment: comment, feedbackAt: new Date() },
  });
  if (n.count === 0) throw new HelpNotFound("message");
}

export async function deleteConversation(prisma: PrismaClient, owner: string, id: string): Promise<void> {
  if (!isUuid(id)) throw new HelpNotFound("conversation");
  const n = await prisma.helpConversation.deleteMany({ where: { id, owner } });
  if (n.count === 0) throw new HelpNotFound("conversation");
}
