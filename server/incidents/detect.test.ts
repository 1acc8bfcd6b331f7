import { describe, expect, it } from "vitest";
import {
  DEFAULT_DETECTION as cfg,
  detectAgentFailure,
  detectAgentIssues,
  detectHighErrorRate,
  detectLlmSpike,
  detectPerformanceDegradation,
  detectResourceExhaustion,
  detectStateInconsistency,
  type AgentObservation,
  type MetricWindow,
} from "./detect";
import { detectSlowQueries, detectStuckLeases } from "./detect-system";

const now = new Date("2026-11-22T12:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

function agent(over: Partial<AgentObservation> = {}): AgentObservation {
  return {
    id: "a1",
    name: "Agent one",
    kind: "external",
    expected: false,
    state: "active",
    stateChangedAt: ago(3600),
    heartbeatIntervalSeconds: 30,
    graceSeconds: 30,
    lastHeartbeatAt: ago(5),
    implemented: true,
    activity: { total: 0, errors: 0 },
    runningCycleSeconds: null,
    metrics: {},
    connectionFailures: 0,
    hasOpenIncident: false,
    ...over,
  };
}

function win(over: Partial<MetricWindow>): MetricWindow {
  return { recentCount: 5, recentMedian: 100, baselineCount: 30, baselineMedian: 100, last3Avg: 100, first: 100, latest: 100, ...over };
}

describe("agent failure", () => {
  it.each([
    { name: "fresh heartbeat", a: agent(), status: "absent" },
    { name: "late but within grace", a: agent({ lastHeartbeatAt: ago(50) }), status: "absent" },
    { name: "past interval + grace", a: agent({ lastHeartbeatAt: ago(61) }), status: "present", severity: "high" },
    { name: "expected agent past grace is critical", a: agent({ lastHeartbeatAt: ago(61), expected: true }), status: "present", severity: "critical" },
    { name: "paused agents are never checked", a: agent({ lastHeartbeatAt: ago(999), state: "paused" }), status: "absent" },
    { name: "stopped", a: agent({ lastHeartbeatAt: ago(999), state: "stopped" }), status: "absent" },
    { name: "already failed", a: agent({ lastHeartbeatAt: ago(999), state: "failed" }), status: "absent" },
    { name: "never seen", a: agent({ lastHeartbeatAt: null, state: "registered" }), status: "absent" },
    { name: "built-in not implemented", a: agent({ lastHeartbeatAt: ago(999), implemented: false }), status: "absent" },
    { name: "hung cycle", a: agent({ kind: "builtin", runningCycleSeconds: 61 }), status: "present", severity: "high", subtype: "hung" },
    { name: "long but not hung", a: agent({ kind: "builtin", runningCycleSeconds: 59 }), status: "absent" },
  ])("$name → $status", ({ a, status, severity, subtype }) => {
    const v = detectAgentFailure(a, now, cfg);
    expect(v.status).toBe(status);
    if (v.status === "present") {
      expect(v.issue.severity).toBe(severity);
      expect(v.issue.subtype).toBe(subtype);
    }
  });

  it("verification needs a heartbeat after the action started (a built-in agent: a finished cycle)", () => {
    const a = agent({ lastHeartbeatAt: ago(10) });
    expect(detectAgentFailure(a, now, cfg, ago(20)).status).toBe("absent");
    expect(detectAgentFailure(a, now, cfg, ago(5)).status).toBe("unknown");
    const b = agent({ kind: "builtin", lastHeartbeatAt: ago(1), lastCycleEndedAt: ago(30), runningCycleSeconds: 2 });
    expect(detectAgentFailure(b, now, cfg, ago(20)).status).toBe("unknown");
    expect(detectAgentFailure({ ...b, lastCycleEndedAt: ago(3) }, now, cfg, ago(20)).status).toBe("absent");
  });
});

describe("high error rate", () => {
  it.each([
    { total: 0, errors: 0, status: "unknown" },
    { total: 4, errors: 4, status: "unknown" }, // fewer than 5 samples
    { total: 3, errors: 0, status: "absent" }, // few samples but clean: healthy enough for verification
    { total: 10, errors: 1, status: "absent" },
    { total: 10, errors: 2, status: "present", severity: "medium" }, // exactly 20 %
    { total: 20, errors: 7, status: "present", severity: "high" }, // 35 %
    { total: 10, errors: 5, status: "present", severity: "critical" }, // 50 %
  ])("$errors of $total → $status $severity", ({ total, errors, status, severity }) => {
    const v = detectHighErrorRate(agent({ activity: { total, errors } }), cfg);
    expect(v.status).toBe(status);
    if (v.status === "present") expect(v.issue.severity).toBe(severity);
  });
});

describe("performance degradation (> 50 % slower than baseline)", () => {
  it.each([
    { recent: 149, status: "absent" },
    { recent: 151, status: "present", severity: "medium" },
    { recent: 200, status: "present", severity: "high" },
    { recent: 300, status: "present", severity: "critical" },
  ])("median $recent vs baseline 100 → $status", ({ recent, status, severity }) => {
    const v = detectPerformanceDegradation(agent({ metrics: { response_time: win({ recentMedian: recent }) } }), cfg);
    expect(v.status).toBe(status);
    if (v.status === "present") {
      expect(v.issue.severity).toBe(severity);
      expect(v.issue.evidence.metric).toBe("response_time");
    }
  });

  it("needs ≥ 3 recent and ≥ 5 baseline points", () => {
    expect(detectPerformanceDegradation(agent({ metrics: { latency_ms: win({ recentMedian: 500, recentCount: 2 }) } }), cfg).status).toBe("unknown");
    expect(detectPerformanceDegradation(agent({ metrics: { latency_ms: win({ recentMedian: 500, baselineCount: 4 }) } }), cfg).status).toBe("unknown");
  });
});

describe("resource exhaustion", () => {
  it.each([
    { name: "cpu 89", metrics: { cpu_usage: win({ last3Avg: 89 }) }, status: "absent" },
    { name: "cpu 90", metrics: { cpu_usage: win({ last3Avg: 90 }) }, status: "present", severity: "high" },
    { name: "cpu 97", metrics: { cpu_usage: win({ last3Avg: 97 }) }, status: "present", severity: "critical" },
    { name: "memory 96", metrics: { memory_usage: win({ last3Avg: 96 }) }, status: "present", severity: "critical" },
    { name: "memory climbing 50 → 80", metrics: { memory_usage: win({ last3Avg: 78, first: 50, latest: 80 }) }, status: "present", severity: "high" },
    { name: "memory climbing but low", metrics: { memory_usage: win({ last3Avg: 60, first: 30, latest: 60 }) }, status: "absent" },
    { name: "no resource metrics", metrics: {}, status: "unknown" },
  ] as { name: string; metrics: Record<string, MetricWindow>; status: string; severity?: string }[])("$name → $status", ({ metrics, status, severity }) => {
    const v = detectResourceExhaustion(agent({ metrics }), cfg);
    expect(v.status).toBe(status);
    if (v.status === "present") expect(v.issue.severity).toBe(severity);
  });
});

describe("LLM cost / latency spikes", () => {
  it.each([
    { metric: "llm_cost", recent: 0.019, status: "absent" },
    { metric: "llm_cost", recent: 0.02, status: "present", severity: "medium", subtype: "cost" },
    { metric: "llm_cost_usd", recent: 0.04, status: "present", severity: "high", subtype: "cost" },
    { metric: "llm_latency_ms", recent: 0.05, status: "present", severity: "critical", subtype: "latency" },
  ])("$metric at $recent vs 0.01 → $status", ({ metric, recent, status, severity, subtype }) => {
    const v = detectLlmSpike(agent({ metrics: { [metric]: win({ recentMedian: recent, baselineMedian: 0.01 }) } }), cfg);
    expect(v.status).toBe(status);
    if (v.status === "present") expect([v.issue.severity, v.issue.subtype]).toEqual([severity, subtype]);
  });
});

describe("state inconsistency", () => {
  it.each([
    { name: "recovering with an open incident", a: agent({ state: "recovering", stateChangedAt: ago(600), hasOpenIncident: true }), status: "absent" },
    { name: "recovering without any incident", a: agent({ state: "recovering", stateChangedAt: ago(600) }), status: "present", subtype: "orphan_recovering" },
    { name: "recovering, just now", a: agent({ state: "recovering", stateChangedAt: ago(10) }), status: "absent" },
    { name: "active, silent past grace for long", a: agent({ state: "active", lastHeartbeatAt: ago(200) }), status: "present", subtype: "clock" },
    { name: "active, just crossed into unresponsive", a: agent({ state: "active", lastHeartbeatAt: ago(70) }), status: "absent" },
    { name: "consistent", a: agent(), status: "absent" },
  ])("$name → $status", ({ a, status, subtype }) => {
    const v = detectStateInconsistency(a, now, cfg, 30);
    expect(v.status).toBe(status);
    if (v.status === "present") expect(v.issue.subtype).toBe(subtype);
  });

  it("leases that will not expire", () => {
    const issues = detectStuckLeases(
      [
        { agentId: "heartbeat_health_agent", workerId: "w-dead", secondsLeft: 3600 },
        { agentId: "agent_coordinator", workerId: "w1", secondsLeft: 19 },
      ],
      cfg,
    );
    expect(issues.map((i) => [i.agentId, i.subtype])).toEqual([["heartbeat_health_agent", "stuck_lease"]]);
  });
});

describe("database issues", () => {
  it("slow queries", () => {
    expect(detectSlowQueries([{ pid: 1, seconds: 4, query: "select" }], cfg)).toEqual([]);
    const [i] = detectSlowQueries([{ pid: 1, seconds: 6, query: "select pg_sleep(60)" }, { pid: 2, seconds: 70, query: "vacuum" }], cfg);
    expect(i).toMatchObject({ type: "database_issue", agentId: null, subtype: "slow_queries", severity: "critical", evidence: { count: 2, longestSeconds: 70 } });
  });
});

describe("detectAgentIssues", () => {
  it("reports only the failure for a dead agent (its other figures are stale)", () => {
    const a = agent({ lastHeartbeatAt: ago(500), activity: { total: 10, errors: 9 }, metrics: { cpu_usage: win({ last3Avg: 99 }) } });
    expect(detectAgentIssues(a, now, cfg, 30).map((i) => i.type)).toEqual(["agent_failure"]);
  });

  it("reports several live issues of one agent", () => {
    const a = agent({ activity: { total: 10, errors: 9 }, metrics: { cpu_usage: win({ last3Avg: 99 }) }, connectionFailures: 2 });
    expect(detectAgentIssues(a, now, cfg, 30).map((i) => i.type).sort()).toEqual(["database_issue", "high_error_rate", "resource_exhaustion"]);
  });
});
