/**
 * Which cached queries a live batch makes stale. Pure so it can be table-tested; live.tsx applies
 * the result to the React Query cache.
 *
 * A batch says which kinds of data changed (topics) and for which agents. Each topic refreshes
 * the queries of one or more tRPC routers. Within those routers, a query about one agent (its
 * input names the agent) refetches only when that agent is in the batch, or when the batch
 * names no agent; every other query of those routers (lists, counts, fleet charts) refetches.
 */

/** The coalesced change notice the server streams (server/live/listener.ts, LiveBatch). */
export interface LiveChanges {
  topics: readonly string[];
  agentIds: readonly string[];
  allAgents: boolean;
}

type LiveRouter = "agents" | "health" | "events" | "llm" | "incidents" | "recovery" | "anomalies" | "dbmonitor";

/** What a batch refreshes: `"everything"` after a resync, else routers and the agents concerned. */
export type RefreshPlan = "everything" | { routers: ReadonlySet<LiveRouter>; agentIds: ReadonlySet<string> | null };

const ROUTERS_OF_TOPIC: Record<string, readonly LiveRouter[]> = {
  heartbeat: ["agents", "health"],
  agent: ["agents", "health", "incidents", "recovery"],
  health: ["agents", "health"],
  metrics: ["agents"],
  events: ["events"],
  llm: ["llm"],
  // Recovery moves agents between recovering / active / failed.
  incidents: ["incidents", "recovery", "agents"],
  anomalies: ["anomalies"],
  dbmonitor: ["dbmonitor"],
};

export function refreshPlan(changes: LiveChanges): RefreshPlan {
  if (changes.topics.includes("resync")) return "everything";
  const routers = new Set<LiveRouter>();
  for (const topic of changes.topics) for (const r of ROUTERS_OF_TOPIC[topic] ?? []) routers.add(r);
  const agentIds = changes.allAgents || changes.agentIds.length === 0 ? null : new Set(changes.agentIds);
  return { routers, agentIds };
}

/** Merges batches that arrive while a refresh is pending into one. */
export function mergeChanges(a: LiveChanges, b: LiveChanges): LiveChanges {
  return {
    topics: [...new Set([...a.topics, ...b.topics])],
    agentIds: [...new Set([...a.agentIds, ...b.agentIds])],
    allAgents: a.allAgents || b.allAgents,
  };
}

/**
 * The agent a query is about, from its tRPC query key (`[["router", "procedure"], { input, type }]`):
 * `id` in the agents router, `agentId` elsewhere. null: not about one agent.
 */
export function agentOfQuery(queryKey: readonly unknown[]): string | null {
  const [path, meta] = queryKey;
  if (!Array.isArray(path)) return null;
  const input = (meta as { input?: unknown } | undefined)?.input;
  if (!input || typeof input !== "object") return null;
  const field = path[0] === "agents" ? "id" : "agentId";
  const value = (input as Record<string, unknown>)[field];
  return typeof value === "string" && value !== "" ? value : null;
}

export function isStale(plan: RefreshPlan, queryKey: readonly unknown[]): boolean {
  if (plan === "everything") return true;
  const path = queryKey[0];
  if (!Array.isArray(path) || !plan.routers.has(path[0] as LiveRouter)) return false;
  if (plan.agentIds === null) return true;
  const agent = agentOfQuery(queryKey);
  return agent === null || plan.agentIds.has(agent);
}
