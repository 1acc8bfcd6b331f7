/**
 * The help agent's tools. Each is a typed function with a zod input schema and an OpenAI
 * tool definition generated from the same description, so the deterministic pipeline and an
 * LLM (tool calling) use exactly the same code. Tools read the gathered SystemContext where it
 * already holds the answer (no second query) and the database for detail it does not.
 */
import { OPEN_INCIDENT_STATUSES } from "../vocabulary";
import type { Pool } from "pg";
import { z } from "zod";
import type { AgentDto } from "../agents/service";
import type { AnomalyDto } from "../anomalies/service";
import { computeCostAnalysis } from "../costs/service";
import type { CostAnalysis } from "../costs/analyze";
import type { PrismaClient } from "../db/client";
import type { IncidentDto } from "../incidents/service";
import { listIncidents } from "../incidents/service";
import { buildLlmReport, type LlmReport } from "../llm/report";
import type { AgentPerformance, SystemContext } from "./context";
import { toEventDto, type EventDto } from "../events/service";
import { searchKnowledge, type KnowledgeHit } from "./knowledge";

export interface ToolDeps {
  prisma: PrismaClient;
  pool: Pool;
  context: SystemContext;
}

export interface AgentLookup {
  found: boolean;
  query: string;
  agent: AgentDto | null;
  incidents: IncidentDto[];
  events: EventDto[];
  performance: AgentPerformance[];
  anomalies: AnomalyDto[];
  /** Close matches when the id was not found. */
  suggestions: string[];
}

export interface CostsResult {
  hours: number;
  llm: LlmReport;
  infra: CostAnalysis;
}

export interface MetricsResult {
  agentId: string | null;
  metric: string | null;
  performance: AgentPerformance[];
  anomalies: AnomalyDto[];
}

const toolInputs = {
  lookup_agent: z.object({ agentId: z.string().min(1).max(200).describe("Agent id (slug) or name") }),
  list_incidents: z.object({
    agentId: z.string().min(1).max(200).optional().describe("Only this agent's incidents"),
    status: z.enum(["open", "all"]).default("all").describe("open = not yet resolved/escalated"),
    hours: z.number().int().min(1).max(24 * 90).default(24 * 7).describe("Look-back window in hours"),
  }),
  get_metrics: z.object({
    agentId: z.string().min(1).max(200).optional(),
    metric: z.string().min(1).max(200).optional().describe("e.g. response_time, cpu_usage, memory_usage, error_rate"),
  }),
  get_costs: z.object({ hours: z.number().int().min(1).max(24 * 30).default(24).describe("Window for infrastructure costs in hours (LLM report always covers 30 days)") }),
  search_docs: z.object({ query: z.string().min(1).max(500).describe("Words to search the runbooks and operator documents for") }),
} as const;

export type ToolName = keyof typeof toolInputs;
const TOOL_NAMES = Object.keys(toolInputs) as ToolName[];

const DESCRIPTIONS: Record<ToolName, string> = {
  lookup_agent: "Look up one agent: state, health score with factor breakdown, recent incidents with recovery steps, events, metrics and anomalies.",
  list_incidents: "List incidents (self-healing) with their recovery actions, rollbacks and timeline.",
  get_metrics: "Recent metric averages (last hour) and anomalies (last 24 h) with z-scores and severity.",
  get_costs: "LLM spend (today / 7 d / 30 d, by model, savings recommendations) and infrastructure cost analysis with optimization opportunities.",
  search_docs: "Full-text search over Vigil's runbooks and the operators' knowledge documents.",
};

/** OpenAI-compatible tool definitions (JSON Schema from the zod inputs). */
export function openAiTools(): { type: "function"; function: { name: string; description: string; parameters: unknown } }[] {
  return TOOL_NAMES.map((name) => ({ type: "function", function: { name, description: DESCRIPTIONS[name], parameters: z.toJSONSchema(toolInputs[name], { io: "input" }) } }));
}

function findAgent(ctx: SystemContext, q: string): AgentDto | null {
  const s = q.trim().toLowerCase();
  return ctx.agents.find((a) => a.id.toLowerCase() === s) ?? ctx.agents.find((a) => a.name.toLowerCase() === s) ?? ctx.agents.find((a) => a.id.toLowerCase().includes(s) || s.includes(a.id.toLowerCase())) ?? null;
}

async function lookupAgent(d: ToolDeps, input: z.input<(typeof toolInputs)["lookup_agent"]>): Promise<AgentLookup> {
  const { agentId } = toolInputs.lookup_agent.parse(input);
  const agent = findAgent(d.context, agentId);
  if (!agent) {
    const words = agentId.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w.length > 2);
    const suggestions = d.context.agents.filter((a) => words.some((w) => a.id.includes(w))).map((a) => a.id).slice(0, 5);
    return { found: false, query: agentId, agent: null, incidents: [], events: [], performance: [], anomalies: [], suggestions };
  }
  const [incidents, events] = await Promise.all([
    listIncidents(d.prisma, { agentId: agent.id, limit: 5 }),
    d.prisma.event.findMany({ where: { agentId: agent.id }, orderBy: [{ timestamp: "desc" }, { id: "desc" }], take: 5 }),
  ]);
  return {
    found: true,
    query: agentId,
    agent,
    incidents: incidents.items,
    events: events.map(toEventDto),
    performance: d.context.performance.filter((p) => p.agentId === agent.id),
    anomalies: d.context.anomalies.filter((a) => a.agentId === agent.id),
    suggestions: [],
  };
}

async function listIncidentsTool(d: ToolDeps, input: z.input<(typeof toolInputs)["list_incidents"]>): Promise<IncidentDto[]> {
  const q = toolInputs.list_incidents.parse(input);
  const agent = q.agentId ? findAgent(d.context, q.agentId) : null;
  const since = new Date(d.context.now.getTime() - q.hours * 3_600_000).toISOString();
  const r = await listIncidents(d.prisma, {
    agentId: agent?.id ?? q.agentId,
    statuses: q.status === "open" ? [...OPEN_INCIDENT_STATUSES] : undefined,
    limit: 20,
  });
  return r.items.filter((i) => i.open || i.detectedAt >= since);
}

async function getMetrics(d: ToolDeps, input: z.input<(typeof toolInputs)["get_metrics"]>): Promise<MetricsResult> {
  const q = toolInputs.get_metrics.parse(input);
  const agent = q.agentId ? findAgent(d.context, q.agentId) : null;
  const agentId = agent?.id ?? q.agentId ?? null;
  const metric = q.metric ?? null;
  const match = (a: string, m: string) => (!agentId || a === agentId) && (!metric || m === metric || m.startsWith(metric));
  return {
    agentId,
    metric,
    performance: d.context.performance.filter((p) => match(p.agentId, p.metric)),
    anomalies: d.context.anomalies.filter((a) => match(a.agentId, a.metric)),
  };
}

async function getCosts(d: ToolDeps, input: z.input<(typeof toolInputs)["get_costs"]>): Promise<CostsResult> {
  const q = toolInputs.get_costs.parse(input);
  const [llm, infra] = await Promise.all([buildLlmReport(d.prisma, d.pool, d.context.now), infraCosts(d, q.hours)]);
  return { hours: q.hours, llm, infra };
}

/** How old the performance monitor's stored 24 h cost report may be to answer from it. */
const STORED_REPORT_MAX_AGE_MS = 15 * 60_000;

/**
 * The infrastructure analysis scans every heartbeat and metric of the window (over a second on a
 * 1,000-agent fleet), so the 24 h window is answered from the report the performance monitor
 * stores every 10 minutes when a recent one exists; other windows are computed live.
 */
async function infraCosts(d: ToolDeps, hours: number): Promise<CostAnalysis> {
  if (hours === 24) {
    const stored = await d.prisma.costReport.findFirst({
      where: { periodHours: 24, generatedAt: { gte: new Date(d.context.now.getTime() - STORED_REPORT_MAX_AGE_MS), lte: d.context.now } },
      orderBy: { generatedAt: "desc" },
      select: { report: true },
    });
    if (stored) return stored.report as unknown as CostAnalysis;
  }
  return computeCostAnalysis(d.prisma, hours, d.context.now);
}

async function searchDocs(d: ToolDeps, input: z.input<(typeof toolInputs)["search_docs"]>): Promise<KnowledgeHit[]> {
  const q = toolInputs.search_docs.parse(input);
  return searchKnowledge(d.pool, q.query, 4);
}

export type ToolResult =
  | { tool: "lookup_agent"; data: AgentLookup }
  | { tool: "list_incidents"; data: IncidentDto[] }
  | { tool: "get_metrics"; data: MetricsResult }
  | { tool: "get_costs"; data: CostsResult }
  | { tool: "search_docs"; data: KnowledgeHit[] };

/** Runs a tool by name with untrusted input (from an LLM): validated by its zod schema. */
export async function runTool(d: ToolDeps, name: string, input: unknown): Promise<ToolResult> {
  switch (name) {
    case "lookup_agent":
      return { tool: name, data: await lookupAgent(d, toolInputs.lookup_agent.parse(input)) };
    case "list_incidents":
      return { tool: name, data: await listIncidentsTool(d, toolInputs.list_incidents.parse(input)) };
    case "get_metrics":
      return { tool: name, data: await getMetrics(d, toolInputs.get_metrics.parse(input)) };
    case "get_costs":
      return { tool: name, data: await getCosts(d, toolInputs.get_costs.parse(input)) };
    case "search_docs":
      return { tool: name, data: await searchDocs(d, toolInputs.search_docs.parse(input)) };
    default:
      throw new Error(`unknown tool ${name}: use one of ${TOOL_NAMES.join(", ")}`);
  }
}

/** One line for the tool_completed event and the LLM's tool message header. */
export function summarize(r: ToolResult): string {
  switch (r.tool) {
    case "lookup_agent":
      return r.data.agent
        ? `${r.data.agent.id}: ${r.data.agent.state}, health ${r.data.agent.healthScore === null ? "not scored" : Math.round(r.data.agent.healthScore)}, ${r.data.incidents.length} incident(s)`
        : `no agent matches "${r.data.query}"`;
    case "list_incidents":
      return `${r.data.length} incident(s), ${r.data.filter((i) => i.open).length} open`;
    case "get_metrics":
      return `${r.data.performance.length} metric series, ${r.data.anomalies.length} anomalies`;
    case "get_costs":
      return `LLM $${r.data.llm.spend.last7d} in 7 d over ${r.data.llm.byModel.length} model(s), ${r.data.llm.recommendations.length} recommendation(s)`;
    case "search_docs":
      return r.data.length ? `${r.data.length} document(s): ${r.data.map((h) => h.title).join("; ")}` : "no matching documents";
  }
}
