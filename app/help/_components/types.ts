// TEMPORARY: local copy of the help contract until server/help/contract.ts lands on this branch.
export type HelpCategory = "troubleshooting" | "status" | "performance" | "cost" | "general";
export interface HelpSource { kind: "runbook" | "document" | "live"; title: string; href?: string; excerpt?: string }
export interface HelpLink { label: string; href: string }
export interface HelpQuality {
  score: number;
  grade: "A" | "B" | "C" | "D" | "F";
  relevance: number;
  completeness: number;
  accuracy: number;
  timeliness: number;
  predictedSatisfaction: number;
  recommendations: string[];
}
export interface HelpAnswer {
  messageId: string;
  conversationId: string;
  answer: string;
  category: HelpCategory;
  confidence: number;
  sources: HelpSource[];
  links: HelpLink[];
  quality: HelpQuality;
  businessValue: { minutesSaved: number; usd: string };
  durationMs: number;
  mode: "deterministic" | "llm";
}
export type HelpEvent =
  | { type: "agent_started"; requestId: string; conversationId: string; question: string }
  | { type: "agent_thinking"; message: string; category?: HelpCategory }
  | { type: "tool_executing"; tool: string; input: Record<string, unknown> }
  | { type: "tool_completed"; tool: string; durationMs: number; ok: boolean; summary: string }
  | { type: "answer_delta"; text: string }
  | ({ type: "agent_completed" } & HelpAnswer)
  | { type: "agent_error"; message: string };
