import { describe, expect, it } from "vitest";
import { agentOfQuery, isStale, mergeChanges, refreshPlan, type LiveChanges } from "./live-refresh";

// tRPC query keys as @trpc/tanstack-react-query builds them: [path, { input, type }].
const key = (path: string, input?: unknown, type: "query" | "infinite" = "query") => [path.split("."), input === undefined ? { type } : { input, type }];

const QUERIES = {
  agentList: key("agents.list"),
  stateCounts: key("agents.stateCounts"),
  alphaDetail: key("agents.byId", { id: "alpha" }),
  alphaMetrics: key("agents.metrics", { id: "alpha", range: "1h" }),
  betaDetail: key("agents.byId", { id: "beta" }),
  fleetHealth: key("health.system"),
  alphaEvents: key("events.list", { agentId: "alpha", limit: 50 }),
  allEvents: key("events.list", { limit: 50 }),
  alphaIncidents: key("incidents.list", { agentId: "alpha", status: "all", limit: 10 }),
  incidentFeed: key("incidents.list", { status: "open", limit: 50 }, "infinite"),
  incidentById: key("incidents.byId", { id: "42" }),
  alphaRecovery: key("recovery.forAgent", { agentId: "alpha" }),
  llmReport: key("llm.report"),
  anomalyAround: key("anomalies.around", { id: "7", minutes: 10 }),
  dbLatest: key("dbmonitor.latest"),
  apiKeys: key("apiKeys.list"),
} as const;
type Name = keyof typeof QUERIES;

const batch = (topics: string[], agentIds: string[] = [], allAgents = false): LiveChanges => ({ topics, agentIds, allAgents });
const stale = (c: LiveChanges): Name[] => {
  const plan = refreshPlan(c);
  return (Object.keys(QUERIES) as Name[]).filter((n) => isStale(plan, QUERIES[n]));
};

describe("refreshPlan / isStale: which queries a live batch refreshes", () => {
  it.each<[string, LiveChanges, Name[]]>([
    ["heartbeat of alpha: its agent queries, agent lists, fleet health", batch(["heartbeat"], ["alpha"]), ["agentList", "stateCounts", "alphaDetail", "alphaMetrics", "fleetHealth"]],
    ["heartbeat of beta: not alpha's detail", batch(["heartbeat"], ["beta"]), ["agentList", "stateCounts", "betaDetail", "fleetHealth"]],
    ["metrics of alpha", batch(["metrics"], ["alpha"]), ["agentList", "stateCounts", "alphaDetail", "alphaMetrics"]],
    ["events of beta: the fleet feed, not alpha's events", batch(["events"], ["beta"]), ["allEvents"]],
    ["events of alpha", batch(["events"], ["alpha"]), ["alphaEvents", "allEvents"]],
    [
      "agent change of alpha: agents, health, incidents, recovery",
      batch(["agent"], ["alpha"]),
      ["agentList", "stateCounts", "alphaDetail", "alphaMetrics", "fleetHealth", "alphaIncidents", "incidentFeed", "incidentById", "alphaRecovery"],
    ],
    [
      "incidents of beta: lists and beta's queries",
      batch(["incidents"], ["beta"]),
      ["agentList", "stateCounts", "betaDetail", "incidentFeed", "incidentById"],
    ],
    ["health (no ids): every agent", batch(["health"], [], true), ["agentList", "stateCounts", "alphaDetail", "alphaMetrics", "betaDetail", "fleetHealth"]],
    ["too many agents to list", batch(["metrics"], [], true), ["agentList", "stateCounts", "alphaDetail", "alphaMetrics", "betaDetail"]],
    ["a batch naming no agent refreshes every query of its routers", batch(["events"]), ["alphaEvents", "allEvents"]],
    ["llm runs", batch(["llm"]), ["llmReport"]],
    ["anomalies of alpha (anomaly ids are not agent ids)", batch(["anomalies"], ["alpha"]), ["anomalyAround"]],
    ["dbmonitor", batch(["dbmonitor"]), ["dbLatest"]],
    ["status-only batch", batch([]), []],
    ["unknown topic", batch(["something-new"], ["alpha"]), []],
    ["resync: everything", batch(["resync"], [], true), Object.keys(QUERIES) as Name[]],
  ])("%s", (_name, changes, expected) => {
    expect(stale(changes)).toEqual(expected);
  });
});

describe("agentOfQuery", () => {
  it.each<[unknown[], string | null]>([
    [key("agents.byId", { id: "alpha" }), "alpha"],
    [key("agents.list"), null],
    [key("events.list", { agentId: "x" }), "x"],
    [key("events.list", { agentId: "" }), null],
    [key("incidents.byId", { id: "9" }), null],
    [["not-a-trpc-key"], null],
  ])("%j → %s", (k, expected) => {
    expect(agentOfQuery(k)).toBe(expected);
  });
});

describe("mergeChanges", () => {
  it("unions topics and agents and keeps allAgents", () => {
    const m = mergeChanges(batch(["heartbeat"], ["a"]), batch(["heartbeat", "events"], ["b", "a"]));
    expect(m).toEqual({ topics: ["heartbeat", "events"], agentIds: ["a", "b"], allAgents: false });
    expect(mergeChanges(m, batch(["health"], [], true)).allAgents).toBe(true);
  });
});
