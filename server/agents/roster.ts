/** Vigil's built-in agents (docs/architecture.md). All are on the expected roster from the first start. */
export interface BuiltinAgentSpec {
  id: string;
  name: string;
  description: string;
  capabilities: string[];
  /** Seconds between the agent's cycles (and therefore its heartbeats). */
  cycleSeconds: number;
  heartbeatIntervalSeconds: number;
  graceSeconds: number;
  /** False for an agent that is declared but not built yet: shown honestly as "not yet running". */
  implemented: boolean;
}

export const BUILTIN_AGENTS: readonly BuiltinAgentSpec[] = [
  {
    id: "agent_coordinator",
    name: "Agent coordinator",
    description: "Registers the roster, runs every built-in agent, checks every agent's heartbeat every 30 s.",
    capabilities: ["coordination", "health-checks", "state-transitions"],
    cycleSeconds: 30,
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    implemented: true,
  },
  {
    id: "heartbeat_health_agent",
    name: "Heartbeat health agent",
    description: "Scores every agent's health 0–100 from heartbeats, performance, errors, resources and impact.",
    capabilities: ["health-scoring", "system-health", "trends"],
    cycleSeconds: 30,
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    implemented: true,
  },
  {
    id: "performance_monitor",
    name: "Performance monitor",
    description: "Anomaly detection (z-score), static thresholds, cost analysis and the executive report.",
    capabilities: ["anomaly-detection", "cost-analysis", "executive-report"],
    cycleSeconds: 5,
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    implemented: true,
  },
  {
    id: "self_healing_agent",
    name: "Self-healing agent",
    description: "Detects failures, plans and executes recovery, verifies and rolls back.",
    capabilities: ["issue-detection", "recovery", "rollback"],
    cycleSeconds: 15,
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    implemented: true,
  },
  {
    id: "enhanced_shared_state_monitor",
    name: "Shared state monitor",
    description: "Database connections, query performance, cache hit ratio, state consistency and sizes.",
    capabilities: ["database-monitoring", "consistency-checks"],
    cycleSeconds: 30,
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    implemented: true,
  },
  {
    id: "langsmith_bridge",
    name: "LangSmith bridge",
    description: "Processes ingested LLM runs: cost, efficiency, quality, daily rollups and the LLM report.",
    capabilities: ["llm-cost", "llm-quality", "llm-report"],
    cycleSeconds: 60,
    heartbeatIntervalSeconds: 60,
    graceSeconds: 60,
    implemented: true,
  },
  {
    id: "ai_help_agent",
    name: "AI help agent",
    description: "Answers queued help requests and grades recent answers.",
    capabilities: ["help", "knowledge-base", "answer-grading"],
    cycleSeconds: 30,
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    implemented: true,
  },
];

export const BUILTIN_AGENT_IDS = BUILTIN_AGENTS.map((a) => a.id);

export function builtinSpec(id: string): BuiltinAgentSpec | undefined {
  return BUILTIN_AGENTS.find((a) => a.id === id);
}
