/**
 * The help agent's evaluation set: questions an operator asks about the seeded scenario
 * (scenario.ts) and the facts each answer must contain. `{key}` in a fact is replaced by the
 * scenario's computed figure (e.g. the system score, which the real scorer decides), and
 * `{score:<agent>}` by that agent's health score. Matching ignores case, "**" and thousands separators.
 */
import type { HelpCategory } from "../../server/help/contract";

export interface EvalQuestion {
  question: string;
  /** The category a correct categoriser assigns (checked too). */
  category: HelpCategory;
  facts: string[];
}

export const QUESTIONS: readonly EvalQuestion[] = [
  // status
  { question: "Why is the health score {systemScore}?", category: "status", facts: ["{systemScore}", "Agents reporting", "Health of reporting agents", "report-builder", "pdf-renderer", "backup-job"] },
  { question: "What is the overall system health right now?", category: "status", facts: ["{systemScore}", "fair", "{rosterExpected}"] },
  { question: "How many expected agents are active?", category: "status", facts: ["{rosterActive}", "{rosterExpected}", "active"] },
  { question: "Which expected agents are missing and why?", category: "status", facts: ["backup-job", "never registered", "report-builder", "unresponsive", "pdf-renderer", "failed"] },
  { question: "What is the status of email-sender?", category: "status", facts: ["email-sender", "late", "{score:email-sender}"] },
  { question: "Is report-builder healthy?", category: "status", facts: ["report-builder", "unresponsive", "{score:report-builder}"] },
  { question: "Why is crawler not counted in the system health?", category: "status", facts: ["crawler", "paused"] },
  { question: "What is the health of invoice-worker and why?", category: "status", facts: ["invoice-worker", "{score:invoice-worker}", "Performance", "response_time"] },
  { question: "Show me the roster status", category: "status", facts: ["{rosterExpected}", "backup-job", "crawler"] },
  { question: "What is support-bot's health score?", category: "status", facts: ["support-bot", "{score:support-bot}", "Resource efficiency"] },
  // troubleshooting
  { question: "Which agent failed last night and what did Vigil do?", category: "troubleshooting", facts: ["etl-nightly", "restart", "rolled back", "resolved", "Incident #{etlIncidentId}"] },
  { question: "What happened to pdf-renderer?", category: "troubleshooting", facts: ["pdf-renderer", "escalated", "3 rolled back", "restart"] },
  { question: "Why did the recovery of etl-nightly roll back?", category: "troubleshooting", facts: ["etl-nightly", "no acknowledgement within 60 s", "rolled back"] },
  { question: "Are there any open incidents?", category: "troubleshooting", facts: ["report-builder", "Incident #{reportIncidentId}", "executing"] },
  { question: "What is Vigil doing about report-builder being down?", category: "troubleshooting", facts: ["report-builder", "restart", "executing", "unresponsive"] },
  { question: "Why is pdf-renderer failing?", category: "troubleshooting", facts: ["pdf-renderer", "Out of memory", "escalated"] },
  { question: "Show me the recent errors", category: "troubleshooting", facts: ["SMTP 451", "pdf-renderer", "email-sender"] },
  { question: "What went wrong with email-sender?", category: "troubleshooting", facts: ["email-sender", "late", "SMTP"] },
  { question: "Which incidents were escalated?", category: "troubleshooting", facts: ["pdf-renderer", "escalated", "Incident #{pdfIncidentId}"] },
  // performance
  { question: "Any anomalies on invoice-worker?", category: "performance", facts: ["invoice-worker", "response_time", "2600", "critical"] },
  { question: "Which agent has the slowest response time?", category: "performance", facts: ["email-sender", "response_time"] },
  { question: "Which agents use the most CPU?", category: "performance", facts: ["support-bot", "cpu_usage"] },
  { question: "Is support-bot running out of memory?", category: "performance", facts: ["support-bot", "memory_usage", "88"] },
  { question: "Show me the anomalies from the last 24 hours", category: "performance", facts: ["invoice-worker", "support-bot", "critical"] },
  { question: "Why is invoice-worker slow?", category: "performance", facts: ["invoice-worker", "response_time", "180"] },
  // cost
  { question: "What did LLM calls cost this week and how do I cut it?", category: "cost", facts: ["{llm7d}", "claude-sonnet-4", "gpt-4o-mini", "caching"] },
  { question: "Which model costs the most?", category: "cost", facts: ["{topModel}", "gpt-4o"] },
  { question: "How much did we spend on LLMs today?", category: "cost", facts: ["{llmToday}", "today"] },
  { question: "How can I reduce our LLM spend?", category: "cost", facts: ["gpt-4o-mini", "prompt caching"] },
  { question: "What does our agent infrastructure cost per hour?", category: "cost", facts: ["Infrastructure", "core-h"] },
  // general (how-to, answered from the runbooks)
  { question: "What does the late state mean?", category: "general", facts: ["interval", "grace", "late"] },
  { question: "How do I instrument an agent with the SDK?", category: "general", facts: ["VigilClient", "heartbeat"] },
  { question: "How is an agent's health score calculated?", category: "general", facts: ["30 %", "25 %", "20 %", "15 %", "10 %"] },
  { question: "What recovery types are there?", category: "general", facts: ["unresponsive_agent", "high_errors", "resource_issue", "performance_problem", "database_issue", "generic"] },
  { question: "How does rollback of a recovery action work?", category: "general", facts: ["restore_load", "rolled_back"] },
  { question: "What are the knowledge base size limits?", category: "general", facts: ["200", "90 days"] },
  { question: "How are anomalies detected?", category: "general", facts: ["4.5", "median"] },
  { question: "How are LLM costs computed from tokens?", category: "general", facts: ["1 million tokens", "unpriced"] },
];
