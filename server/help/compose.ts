/**
 * Deterministic answer composer (pure): builds a specific answer from live data (the system
 * context and tool results) and retrieved runbook passages, per category. No canned paragraphs:
 * every sentence carries a number, a name or a passage that came from the inputs. `facts` lists
 * every figure the answer states, so the quality grader can check accuracy.
 */
import type { AgentDto } from "../agents/service";
import type { IncidentDto } from "../incidents/service";
import type { HelpCategory, HelpLink, HelpSource } from "./contract";
import type { SystemContext } from "./context";
import { bestPassages, knowledgeHref, type KnowledgeHit } from "./knowledge";
import type { AgentLookup, CostsResult, MetricsResult } from "./tools";
import { Draft } from "./draft";
import { joinMd, md, trustedMarkdown } from "./markdown";
import { agentSection, anomalySection, costSection, healthSection, incidentSection, performanceSection, rosterLine } from "./sections";

export interface ComposeInput {
  question: string;
  category: HelpCategory;
  context: SystemContext;
  /** Agents the question names (ids). */
  mentioned: string[];
  agents: AgentLookup[];
  incidents: IncidentDto[] | null;
  metrics: MetricsResult | null;
  costs: CostsResult | null;
  docs: KnowledgeHit[];
}

export interface Composed {
  answer: string;
  sources: HelpSource[];
  links: HelpLink[];
  confidence: number;
  /** Figures and names the answer states, all taken from the inputs. */
  facts: string[];
}

/** Agents the troubleshooting answer is about: named ones, else those in trouble or with incidents in the window. */
function troubledAgents(ctx: SystemContext, incidents: readonly IncidentDto[]): AgentDto[] {
  const bad = new Set(["failed", "unresponsive", "recovering", "late"]);
  const withIncidents = new Set(incidents.map((i) => i.agentId).filter((x): x is string => !!x));
  const rank = (a: AgentDto) => (a.state === "failed" ? 0 : a.state === "unresponsive" ? 1 : a.state === "recovering" ? 2 : withIncidents.has(a.id) ? 3 : 4);
  return ctx.agents.filter((a) => bad.has(a.state) || withIncidents.has(a.id)).sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

function docSection(d: Draft, docs: readonly KnowledgeHit[], max: number, question: string, lead = "From the runbooks", passages = 1): void {
  // A second document only when it ranks close to the first (else it is noise).
  const used = docs.slice(0, max).filter((h, n) => n === 0 || h.rank >= 0.6 * docs[0]!.rank);
  for (const h of docs) {
    if (!d.sources.some((s) => s.title === h.title)) d.sources.push({ kind: h.source === "builtin" ? "runbook" : "document", title: h.title, href: knowledgeHref(h.id), excerpt: h.excerpt });
  }
  if (!used.length) return;
  d.para(md`${lead}:`);
  for (const [n, h] of used.entries()) {
    const best = bestPassages(h.body, question, n === 0 ? passages : 1, n === 0 ? 1200 : 500);
    const text = best.length ? best : [h.excerpt];
    d.para(md`From ${d.link(h.title, knowledgeHref(h.id))}:\n\n${trustedMarkdown(text.join("\n\n"))}`);
  }
}

function composeStatus(d: Draft, i: ComposeInput): void {
  const named = i.agents.filter((a) => a.found && a.agent);
  if (named.length) {
    for (const a of named) agentSection(d, a, i.context);
    if (!/agent|roster|health of the/.test(i.question.toLowerCase()) || named.length === 0) return;
  }
  healthSection(d, i.context);
  rosterLine(d, i.context);
  docSection(d, i.docs, 1, i.question, "How the score is computed");
}

function composeTroubleshooting(d: Draft, i: ComposeInput): void {
  const incidents = i.incidents ?? i.context.incidents;
  const named = i.agents.filter((a) => a.found && a.agent);
  if (named.length) {
    for (const a of named) {
      agentSection(d, a, i.context);
      incidentSection(d, a.incidents, 3);
    }
  } else {
    const troubled = troubledAgents(i.context, incidents);
    if (!troubled.length && !incidents.length) {
      d.para(md`Nothing has failed recently: all ${i.context.agents.length} agents are healthy or idle and there are no incidents in the last 7 days. System health is **${i.context.health.score}/100 (${i.context.health.status})**.`);
      d.fact(i.context.agents.length, i.context.health.score);
    } else {
      const names = troubled.slice(0, 5).map((a) => md`**${a.id}** (${a.state})`);
      if (names.length) d.para(md`Agents in trouble or with incidents: ${joinMd(names, ", ")}.`);
      for (const a of troubled.slice(0, 5)) d.fact(a.id, a.state);
      incidentSection(d, incidents, 4);
    }
  }
  const errors = i.context.events.filter((e) => e.severity === "error" || e.severity === "critical").slice(0, 3);
  if (errors.length) {
    d.para(md`Recent errors:`);
    d.bullets(errors.map((e) => md`${e.timestamp.slice(0, 16).replace("T", " ")} UTC ${e.agentId ? md`**${e.agentId}** ` : ""}${e.type}: ${e.message}`));
    d.link("Events", "/events");
  }
  const anomalies = i.context.anomalies.filter((a) => !named.length || named.some((n) => n.agent?.id === a.agentId));
  if (anomalies.length) anomalySection(d, anomalies, 3);
  docSection(d, i.docs, 1, i.question, "What to do next");
}

function composePerformance(d: Draft, i: ComposeInput): void {
  const named = i.agents.filter((a) => a.found && a.agent);
  for (const a of named) agentSection(d, a, i.context);
  const m = i.metrics;
  anomalySection(d, m ? m.anomalies : i.context.anomalies);
  performanceSection(d, m ? m.performance : i.context.performance);
  docSection(d, i.docs, 1, i.question);
}

function composeCost(d: Draft, i: ComposeInput): void {
  if (i.costs) costSection(d, i.costs, i.question);
  else {
    d.para(md`LLM spend: **$${i.context.llm.today}** today, **$${i.context.llm.last7d}** in the last 7 days, **$${i.context.llm.last30d}** in 30 days.`);
    d.fact(i.context.llm.today, i.context.llm.last7d, i.context.llm.last30d);
  }
  docSection(d, i.docs, 1, i.question, "How costs are computed");
}

function composeGeneral(d: Draft, i: ComposeInput): void {
  if (i.docs.length) docSection(d, i.docs, 2, i.question, "Here is what Vigil's knowledge base says", 3);
  else d.para(md`I found no runbook or document matching that question. Try naming an agent, an incident, a metric or "cost".`);
  const named = i.agents.filter((a) => a.found && a.agent);
  for (const a of named) agentSection(d, a, i.context);
  d.para(md`Right now: system health **${i.context.health.score}/100 (${i.context.health.status})**, ${i.context.health.roster.active} of ${i.context.health.roster.expected} expected agents active, ${i.context.incidents.filter((x) => x.open).length} open incident(s).`);
  d.fact(i.context.health.score, i.context.health.roster.active, i.context.health.roster.expected);
  d.link("Overview", "/");
}

/** Confidence 0–1: how much live data and documentation backs the answer. */
function confidenceFor(i: ComposeInput, d: Draft): number {
  let c = 0.45;
  if (d.facts.length >= 3) c += 0.2;
  else if (d.facts.length) c += 0.1;
  if (i.docs.length) c += Math.min(0.15, i.docs[0]!.rank * 0.5 + 0.05);
  if (i.category !== "general") c += 0.1;
  if (i.mentioned.length && i.agents.every((a) => a.found)) c += 0.05;
  if (i.agents.some((a) => !a.found)) c -= 0.2;
  return Math.round(Math.max(0.1, Math.min(0.95, c)) * 100) / 100;
}

const COMPOSERS: Record<HelpCategory, (d: Draft, i: ComposeInput) => void> = {
  status: composeStatus,
  troubleshooting: composeTroubleshooting,
  performance: composePerformance,
  cost: composeCost,
  general: composeGeneral,
};

export function compose(input: ComposeInput): Composed {
  const d = new Draft();
  for (const miss of input.agents.filter((a) => !a.found)) {
    const suggestions = joinMd(miss.suggestions.map((s) => md`**${s}**`), ", ");
    d.para(md`There is no agent called "${miss.query}".${miss.suggestions.length ? md` Did you mean ${suggestions}?` : ""} See ${d.link("Agents", "/agents")}.`);
  }
  COMPOSERS[input.category](d, input);
  d.live("System health", "/", `${input.context.health.score}/100 at ${input.context.health.computedAt}`);
  return { answer: d.parts.join("\n\n"), sources: d.sources, links: d.links, confidence: confidenceFor(input, d), facts: d.facts };
}
