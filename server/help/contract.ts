/**
 * The help agent's wire contract, shared by the backend (server/help, the HTTP routes, the tRPC
 * router) and the chat UI (app/help). Every shape the browser or an API client sees is defined
 * here once, as a zod schema with its inferred type, so both sides validate the same thing.
 */
import { z } from "zod";
import { GRADES } from "../vocabulary";

export const HelpCategory = z.enum(["troubleshooting", "status", "performance", "cost", "general"]);
export type HelpCategory = z.infer<typeof HelpCategory>;

/** Where a fact in the answer came from. href: a dashboard path, or /help/knowledge/<id> for documents/runbooks. */
export const HelpSource = z.object({
  kind: z.enum(["runbook", "document", "live"]),
  title: z.string(),
  href: z.string().optional(),
  excerpt: z.string().optional(),
});
export type HelpSource = z.infer<typeof HelpSource>;

/** An internal dashboard link: /agents/<id>, /incidents/<id>, /llm, /performance, /events, … */
export const HelpLink = z.object({ label: z.string(), href: z.string() });
export type HelpLink = z.infer<typeof HelpLink>;

const HelpGrade = z.enum(GRADES);
export type HelpGrade = z.infer<typeof HelpGrade>;

/**
 * Quality assessment of one answer. All sub-scores are 0–100.
 * predictedSatisfaction is on a 0–5 scale (like a five-star rating), one decimal.
 */
export const HelpQuality = z.object({
  score: z.number().min(0).max(100),
  grade: HelpGrade,
  relevance: z.number().min(0).max(100),
  completeness: z.number().min(0).max(100),
  accuracy: z.number().min(0).max(100),
  timeliness: z.number().min(0).max(100),
  predictedSatisfaction: z.number().min(0).max(5),
  recommendations: z.array(z.string()),
});
export type HelpQuality = z.infer<typeof HelpQuality>;

const HelpMode = z.enum(["deterministic", "llm"]);
export type HelpMode = z.infer<typeof HelpMode>;

export const HelpAnswer = z.object({
  messageId: z.string(),
  conversationId: z.string(),
  /** Plain text with simple markdown: paragraphs, "- " bullets, **bold**, [label](/path) links. */
  answer: z.string(),
  category: HelpCategory,
  confidence: z.number().min(0).max(1),
  sources: z.array(HelpSource),
  links: z.array(HelpLink),
  quality: HelpQuality,
  /** usd is a decimal string (money is exact). */
  businessValue: z.object({ minutesSaved: z.number(), usd: z.string() }),
  durationMs: z.number(),
  mode: HelpMode,
});
export type HelpAnswer = z.infer<typeof HelpAnswer>;

export const HelpEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("agent_started"), requestId: z.string(), conversationId: z.string(), question: z.string() }),
  z.object({ type: z.literal("agent_thinking"), message: z.string(), category: HelpCategory.optional() }),
  z.object({ type: z.literal("tool_executing"), tool: z.string(), input: z.record(z.string(), z.unknown()) }),
  z.object({ type: z.literal("tool_completed"), tool: z.string(), durationMs: z.number(), ok: z.boolean(), summary: z.string() }),
  /** LLM mode only: streamed tokens of the answer. */
  z.object({ type: z.literal("answer_delta"), text: z.string() }),
  HelpAnswer.extend({ type: z.literal("agent_completed") }),
  z.object({ type: z.literal("agent_error"), message: z.string() }),
]);
export type HelpEvent = z.infer<typeof HelpEvent>;

/** SSE wire format: `event: <type>\ndata: <JSON of the whole event incl. type>\n\n`. */
export function sseFrame(event: HelpEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export const MAX_QUESTION_CHARS = 2000;

/** Body of POST /api/v1/help/ask. */
export const AskRequest = z.object({
  question: z.string().trim().min(1, "question must not be empty").max(MAX_QUESTION_CHARS, `question must be at most ${MAX_QUESTION_CHARS} characters`),
  conversationId: z.string().min(1).max(100).optional(),
  async: z.boolean().optional(),
});
export type AskRequest = z.infer<typeof AskRequest>;

/** Body of POST /api/help/chat (dashboard session). */
export const ChatRequest = AskRequest.omit({ async: true });
export type ChatRequest = z.infer<typeof ChatRequest>;

/** JSON reply of POST /api/v1/help/ask without an event-stream Accept header. */
const AskJsonResponse = HelpAnswer.extend({ steps: z.array(HelpEvent) });
export type AskJsonResponse = z.infer<typeof AskJsonResponse>;

const HelpRequestStatus = z.enum(["queued", "answered", "failed"]);
export type HelpRequestStatus = z.infer<typeof HelpRequestStatus>;

/** 202 reply of an async ask. */
const AskQueuedResponse = z.object({ requestId: z.string(), status: z.literal("queued") });
export type AskQueuedResponse = z.infer<typeof AskQueuedResponse>;

/** GET /api/v1/help/requests/{id}. */
export const HelpRequestView = z.object({
  requestId: z.string(),
  status: HelpRequestStatus,
  answer: HelpAnswer.optional(),
  error: z.string().optional(),
});
export type HelpRequestView = z.infer<typeof HelpRequestView>;

// ---- tRPC shapes (help router) -------------------------------------------------------------

export const ConversationSummary = z.object({ id: z.string(), title: z.string(), updatedAt: z.string(), messageCount: z.number() });
export type ConversationSummary = z.infer<typeof ConversationSummary>;

/** A persisted step: the subset of a HelpEvent the UI replays in the message's "steps" panel. */
export const HelpStep = z.object({
  type: z.string(),
  tool: z.string().optional(),
  durationMs: z.number().optional(),
  summary: z.string().optional(),
  message: z.string().optional(),
});
export type HelpStep = z.infer<typeof HelpStep>;

export const HelpFeedbackRating = z.enum(["up", "down"]);
export type HelpFeedbackRating = z.infer<typeof HelpFeedbackRating>;

const ConversationMessage = z.object({
  id: z.string(),
  role: z.enum(["user", "assistant"]),
  content: z.string(),
  createdAt: z.string(),
  answer: HelpAnswer.nullable(),
  steps: z.array(HelpStep),
  feedback: HelpFeedbackRating.nullable(),
});
export type ConversationMessage = z.infer<typeof ConversationMessage>;

export const ConversationDetail = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  messages: z.array(ConversationMessage),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

const KnowledgeSourceKind = z.enum(["builtin", "operator"]);
export type KnowledgeSourceKind = z.infer<typeof KnowledgeSourceKind>;

export const KnowledgeDocSummary = z.object({
  id: z.string(),
  title: z.string(),
  source: KnowledgeSourceKind,
  slug: z.string(),
  bytes: z.number(),
  updatedAt: z.string(),
});
export type KnowledgeDocSummary = z.infer<typeof KnowledgeDocSummary>;

export const KnowledgeDoc = KnowledgeDocSummary.omit({ bytes: true }).extend({ body: z.string() });
export type KnowledgeDoc = z.infer<typeof KnowledgeDoc>;

export const MAX_DOC_TITLE_CHARS = 200;
export const KnowledgeDocInput = z.object({
  title: z.string().trim().min(1, "title must not be empty").max(MAX_DOC_TITLE_CHARS),
  body: z.string().min(1, "body must not be empty"),
});
export type KnowledgeDocInput = z.infer<typeof KnowledgeDocInput>;
