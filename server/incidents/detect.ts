/**
 * The self-healing agent's issue detectors, as pure functions over pre-aggregated
 * observations (server/incidents/observe.ts loads them with a few set-based queries). Each
 * detector answers for one subject: `present` (with the issue), `absent`, or `unknown` (not
 * enough data to say). Detection opens incidents for `present`; verification after a recovery
 * action runs the same detector over data since the action started and needs `absent`.
 *
 * Rules (defaults; every number is in DetectionConfig and configurable):
 * - agent failure: last heartbeat older than interval + grace (critical for expected agents,
 *   high otherwise), or a built-in agent's cycle running longer than the stuck threshold (hung).
 *   registered (never seen), paused, stopped and failed agents are not checked.
 * - high error rate: errors ÷ activity ≥ 20 % over the last 5 min with ≥ 5 samples, where
 *   activity = heartbeats + events + cycles and errors = error heartbeats + error/critical
 *   events + failed cycles. ≥ 50 % critical, ≥ 35 % high, else medium.
 * - performance degradation: median of a latency metric over the last 2 min (≥ 3 points) more
 *   than 1.5× its median over the 30 min before (≥ 5 points). ≥ 3× critical, ≥ 2× high.
 * - resource exhaustion: cpu_usage or memory_usage averaging ≥ 90 % over the newest 3 points
 *   (≥ 95 critical), or memory climbing ≥ 25 points within the window to ≥ 75 %.
 * - database issues: queries running longer than 5 s, connection-failure events, and the
 *   shared-state monitor's threshold breaches.
 * - state inconsistency: `recovering` with no open incident, a heartbeat clock the
 *   coordinator has not applied for two health checks, a lease that will not expire.
 * - LLM spikes: median of llm_cost / llm_cost_usd / llm_latency_ms over 5 min ≥ 2× its median
 *   over the hour before (≥ 5 points). ≥ 5× critical, ≥ 3× high.
 * The system-level detectors (leases, slow queries, Vigil's own outages) are in detect-system.ts.
 */
import { clockState, CLOCK_STATES } from "../agents/state";
import { issueSeverityRank, REQUEST_LATENCY_METRICS, type IssueSeverity, type AgentState } from "../vocabulary";
import type { DetectedIssue } from "./types";

export interface DetectionConfig {
  errorWindowSeconds: number;
  errorRateThreshold: number;
  minErrorSamples: number;
  recentSeconds: number;
  baselineSeconds: number;
  minBaselinePoints: number;
  minRecentPoints: number;
  degradationRatio: number;
  cpuThreshold: number;
  cpuCritical: number;
  memoryThreshold: number;
  memoryCritical: number;
  memoryClimbPoints: number;
  memoryClimbFloor: number;
  llmRecentSeconds: number;
  llmBaselineSeconds: number;
  llmRatio: number;
  slowQuerySeconds: number;
  stuckCycleSeconds: number;
  /** How long a stored state may contradict the data before it counts (two health checks). */
  inconsistencyGraceSeconds: number;
  /** A lease further in the future than this is not a lease any worker would have taken. */
  stuckLeaseSeconds: number;
}

export const DEFAULT_DETECTION: DetectionConfig = {
  errorWindowSeconds: 300,
  errorRateThreshold: 0.2,
  minErrorSamples: 5,
  recentSeconds: 120,
  baselineSeconds: 1800,
  minBaselinePoints: 5,
  minRecentPoints: 3,
  degradationRatio: 1.5,
  cpuThreshold: 90,
  cpuCritical: 95,
  memoryThreshold: 90,
  memoryCritical: 95,
  memoryClimbPoints: 25,
  memoryClimbFloor: 75,
  llmRecentSeconds: 300,
  llmBaselineSeconds: 3600,
  llmRatio: 2,
  slowQuerySeconds: 5,
  stuckCycleSeconds: 60,
  inconsistencyGraceSeconds: 65,
  stuckLeaseSeconds: 120,
};

export const LATENCY_METRIC_NAMES = [...REQUEST_LATENCY_METRICS, "request_latency_ms", "p95_latency_ms"] as const;
export const LLM_METRIC_NAMES = ["llm_cost", "llm_cost_usd", "llm_latency_ms"] as const;

/** Aggregates of one metric of one agent over the recent window and the baseline before it. */
export interface MetricWindow {
  recentCount: number;
  recentMedian: number | null;
  baselineCount: number;
  baselineMedian: number | null;
  /** Mean of the newest (up to) 3 points in the recent window. */
  last3Avg: number | null;
  /** Oldest and newest value in the recent window (for climbs). */
  first: number | null;
  latest: number | null;
}

export interface AgentObservation {
  id: string;
  name: string;
  kind: "builtin" | "external";
  expected: boolean;
  state: AgentState;
  stateChangedAt: Date;
  heartbeatIntervalSeconds: number;
  graceSeconds: number;
  /** Newest heartbeat (the agents column or the heartbeats table, whichever is newer). */
  lastHeartbeatAt: Date | null;
  /** Built-in agents not implemented yet never run: nothing to detect. */
  implemented: boolean;
  /** Activity inside the error window (or since the action for verification). */
  activity: { total: number; errors: number };
  /** Seconds the agent's current cycle has been running (built-in agents), null when none. */
  runningCycleSeconds: number | null;
  /** When the newest finished cycle ended (built-in agents). */
  lastCycleEndedAt?: Date | null;
  metrics: Record<string, MetricWindow>;
  /** Connection-failure events this agent reported inside the error window. */
  connectionFailures: number;
  /** An open incident for this agent exists (a `recovering` state is then legitimate). */
  hasOpenIncident: boolean;
}

export type Verdict = { status: "present"; issue: DetectedIssue } | { status: "absent" } | { status: "unknown"; why: string };

const present = (issue: DetectedIssue): Verdict => ({ status: "present", issue });
const absent: Verdict = { status: "absent" };
const unknown = (why: string): Verdict => ({ status: "unknown", why });

const SKIPPED_STATES: readonly AgentState[] = ["registered", "paused", "stopped", "failed"];

export function isWatched(a: AgentObservation): boolean {
  return a.implemented && !SKIPPED_STATES.includes(a.state);
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

export function detectAgentFailure(a: AgentObservation, now: Date, cfg: DetectionConfig, since?: Date): Verdict {
  if (!isWatched(a)) return absent;
  if (a.runningCycleSeconds !== null && a.runningCycleSeconds > cfg.stuckCycleSeconds) {
    return present({
      type: "agent_failure",
      agentId: a.id,
      severity: "high",
      subtype: "hung",
      title: `${a.name} is hung: its cycle has run for ${Math.round(a.runningCycleSeconds)} s`,
      evidence: { runningCycleSeconds: Math.round(a.runningCycleSeconds), stuckAfterSeconds: cfg.stuckCycleSeconds },
    });
  }
  if (!a.lastHeartbeatAt) return unknown("no heartbeat yet");
  const age = (now.getTime() - a.lastHeartbeatAt.getTime()) / 1000;
  const limit = a.heartbeatIntervalSeconds + a.graceSeconds;
  if (age > limit) {
    return present({
      type: "agent_failure",
      agentId: a.id,
      severity: a.expected ? "critical" : "high",
      title: `${a.name}: no heartbeat for ${Math.round(age)} s (interval ${a.heartbeatIntervalSeconds} s + grace ${a.graceSeconds} s)`,
      evidence: { secondsSinceHeartbeat: Math.round(age), intervalSeconds: a.heartbeatIntervalSeconds, graceSeconds: a.graceSeconds },
    });
  }
  // Verification: the agent must have spoken since the recovery action started — a built-in
  // agent by finishing a cycle (its keepalive heartbeats would not prove the loop runs).
  if (since && a.lastHeartbeatAt < since) return unknown("no heartbeat since the action started");
  if (since && a.kind === "builtin" && (!a.lastCycleEndedAt || a.lastCycleEndedAt < since)) return unknown("no finished cycle since the restart");
  return absent;
}

function errorRateIssueSeverity(rate: number): IssueSeverity {
  return rate >= 0.5 ? "critical" : rate >= 0.35 ? "high" : "medium";
}

export function detectHighErrorRate(a: AgentObservation, cfg: DetectionConfig): Verdict {
  if (!isWatched(a)) return absent;
  const { total, errors } = a.activity;
  if (total < cfg.minErrorSamples) return errors > 0 ? unknown(`${total} samples (< ${cfg.minErrorSamples})`) : total > 0 ? absent : unknown("no activity");
  const rate = errors / total;
  if (rate < cfg.errorRateThreshold) return absent;
  return present({
    type: "high_error_rate",
    agentId: a.id,
    severity: errorRateIssueSeverity(rate),
    title: `${a.name}: ${Math.round(rate * 100)} % errors (${errors} of ${total})`,
    evidence: { errors, samples: total, errorRate: round(rate, 3), threshold: cfg.errorRateThreshold },
  });
}

function ratioIssueSeverity(ratio: number, high: number, critical: number): IssueSeverity {
  return ratio >= critical ? "critical" : ratio >= high ? "high" : "medium";
}

/** Recent median vs baseline median; null when either side lacks points. */
function ratioOf(w: MetricWindow | undefined, cfg: DetectionConfig): { ratio: number; recent: number; baseline: number } | null {
  if (!w || w.recentCount < cfg.minRecentPoints || w.baselineCount < cfg.minBaselinePoints) return null;
  if (w.recentMedian === null || w.baselineMedian === null) return null;
  // A baseline of ~0 would make any value an infinite ratio: floor it at a small positive value.
  const base = Math.max(Math.abs(w.baselineMedian), 1e-9);
  return { ratio: w.recentMedian / base, recent: w.recentMedian, baseline: w.baselineMedian };
}

/**
 * The metric among `names` whose recent/baseline ratio is the highest of those `exceeds`
 * accepts; `anyData` tells "nothing wrong" from "nothing to judge by".
 */
function worstRatio(a: AgentObservation, names: readonly string[], cfg: DetectionConfig, exceeds: (ratio: number) => boolean) {
  let worst: { name: string; ratio: number; recent: number; baseline: number } | null = null;
  let anyData = false;
  for (const name of names) {
    const r = ratioOf(a.metrics[name], cfg);
    if (!r) continue;
    anyData = true;
    if (exceeds(r.ratio) && (!worst || r.ratio > worst.ratio)) worst = { name, ...r };
  }
  return { worst, anyData };
}

export function detectPerformanceDegradation(a: AgentObservation, cfg: DetectionConfig): Verdict {
  if (!isWatched(a)) return absent;
  const { worst, anyData } = worstRatio(a, LATENCY_METRIC_NAMES, cfg, (ratio) => ratio > cfg.degradationRatio);
  if (!worst) return anyData ? absent : unknown("no latency metric with enough points");
  return present({
    type: "performance_degradation",
    agentId: a.id,
    severity: ratioIssueSeverity(worst.ratio, 2, 3),
    title: `${a.name}: ${worst.name} ${round(worst.ratio, 1)}× slower than its baseline`,
    evidence: { metric: worst.name, ratio: round(worst.ratio), recentMedian: round(worst.recent), baselineMedian: round(worst.baseline), threshold: cfg.degradationRatio },
  });
}

export function detectResourceExhaustion(a: AgentObservation, cfg: DetectionConfig): Verdict {
  if (!isWatched(a)) return absent;
  const cpu = a.metrics.cpu_usage;
  const mem = a.metrics.memory_usage;
  if ((!cpu || cpu.recentCount === 0) && (!mem || mem.recentCount === 0)) return unknown("no cpu_usage / memory_usage in the window");
  const found: DetectedIssue[] = [];
  const check = (name: "cpu_usage" | "memory_usage", w: MetricWindow | undefined, warn: number, crit: number) => {
    if (!w || w.recentCount < Math.min(3, cfg.minRecentPoints) || w.last3Avg === null) return;
    if (w.last3Avg >= warn) {
      found.push({
        type: "resource_exhaustion",
        agentId: a.id,
        severity: w.last3Avg >= crit ? "critical" : "high",
        title: `${a.name}: ${name} at ${Math.round(w.last3Avg)} %`,
        evidence: { metric: name, value: round(w.last3Avg, 1), threshold: warn, critical: crit },
      });
    }
  };
  check("cpu_usage", cpu, cfg.cpuThreshold, cfg.cpuCritical);
  check("memory_usage", mem, cfg.memoryThreshold, cfg.memoryCritical);
  if (!found.some((f) => f.evidence.metric === "memory_usage") && mem && mem.first !== null && mem.latest !== null && mem.recentCount >= cfg.minRecentPoints) {
    const climb = mem.latest - mem.first;
    if (climb >= cfg.memoryClimbPoints && mem.latest >= cfg.memoryClimbFloor) {
      found.push({
        type: "resource_exhaustion",
        agentId: a.id,
        severity: "high",
        title: `${a.name}: memory climbing (${Math.round(mem.first)} % → ${Math.round(mem.latest)} %)`,
        evidence: { metric: "memory_usage", from: round(mem.first, 1), to: round(mem.latest, 1), climbThreshold: cfg.memoryClimbPoints },
      });
    }
  }
  if (!found.length) return absent;
  found.sort((x, y) => issueSeverityRank(y.severity) - issueSeverityRank(x.severity));
  return present(found[0]!);
}

export function detectLlmSpike(a: AgentObservation, cfg: DetectionConfig): Verdict {
  if (!isWatched(a)) return absent;
  const { worst, anyData } = worstRatio(a, LLM_METRIC_NAMES, cfg, (ratio) => ratio >= cfg.llmRatio);
  if (!worst) return anyData ? absent : unknown("no LLM cost/latency metric with enough points");
  const what = worst.name.includes("latency") ? "latency" : "cost";
  return present({
    type: "llm_spike",
    agentId: a.id,
    severity: ratioIssueSeverity(worst.ratio, 3, 5),
    subtype: what,
    title: `${a.name}: LLM ${what} ${round(worst.ratio, 1)}× its baseline`,
    evidence: { metric: worst.name, ratio: round(worst.ratio), recentMedian: round(worst.recent, 6), baselineMedian: round(worst.baseline, 6), threshold: cfg.llmRatio },
  });
}

function detectAgentDatabaseIssue(a: AgentObservation): Verdict {
  if (!isWatched(a)) return absent;
  if (a.connectionFailures === 0) return absent;
  return present({
    type: "database_issue",
    agentId: a.id,
    severity: "high",
    subtype: "connection",
    title: `${a.name} reported ${a.connectionFailures} database connection failure${a.connectionFailures === 1 ? "" : "s"}`,
    evidence: { connectionFailures: a.connectionFailures },
  });
}

export function detectStateInconsistency(a: AgentObservation, now: Date, cfg: DetectionConfig, healthCheckSeconds: number): Verdict {
  if (!a.implemented) return absent;
  const since = (d: Date) => (now.getTime() - d.getTime()) / 1000;
  if (a.state === "recovering" && !a.hasOpenIncident && since(a.stateChangedAt) > cfg.inconsistencyGraceSeconds) {
    return present({
      type: "state_inconsistency",
      agentId: a.id,
      severity: "medium",
      subtype: "orphan_recovering",
      title: `${a.name} has been 'recovering' for ${Math.round(since(a.stateChangedAt))} s with no recovery in progress`,
      evidence: { state: a.state, secondsInState: Math.round(since(a.stateChangedAt)) },
    });
  }
  if (CLOCK_STATES.includes(a.state) && a.lastHeartbeatAt) {
    const clock = clockState(a.state, a.lastHeartbeatAt, a.heartbeatIntervalSeconds, a.graceSeconds, now);
    if (clock !== a.state) {
      // When the clock crossed into its current state: the coordinator had this long to apply it.
      const age = since(a.lastHeartbeatAt);
      const crossedAgo = clock === "unresponsive" ? age - a.heartbeatIntervalSeconds - a.graceSeconds : clock === "late" ? age - a.heartbeatIntervalSeconds : since(a.stateChangedAt);
      if (crossedAgo > 2 * healthCheckSeconds + 5) {
        return present({
          type: "state_inconsistency",
          agentId: a.id,
          severity: "medium",
          subtype: "clock",
          title: `${a.name} is stored as '${a.state}' but its heartbeats say '${clock}'`,
          evidence: { stored: a.state, fromData: clock, secondsSinceHeartbeat: Math.round(age) },
        });
      }
    }
  }
  return absent;
}

/** All agent-scoped verdicts that are `present`, for detection. */
export function detectAgentIssues(a: AgentObservation, now: Date, cfg: DetectionConfig, healthCheckSeconds: number): DetectedIssue[] {
  const verdicts = [
    detectAgentFailure(a, now, cfg),
    detectHighErrorRate(a, cfg),
    detectPerformanceDegradation(a, cfg),
    detectResourceExhaustion(a, cfg),
    detectAgentDatabaseIssue(a),
    detectStateInconsistency(a, now, cfg, healthCheckSeconds),
    detectLlmSpike(a, cfg),
  ];
  const issues = verdicts.flatMap((v) => (v.status === "present" ? [v.issue] : []));
  // A dead or hung agent's other numbers are stale, and its stored state is the coordinator's
  // business (or this incident's): report only the failure.
  return issues.some((i) => i.type === "agent_failure") ? issues.filter((i) => i.type === "agent_failure") : issues;
}

/** Re-runs the detector of one issue type for verification (data since the action started). */
export function verdictFor(type: string, subtype: string | null, a: AgentObservation, now: Date, cfg: DetectionConfig, healthCheckSeconds: number, since?: Date): Verdict {
  switch (type) {
    case "agent_failure":
      return detectAgentFailure(a, now, cfg, since);
    case "high_error_rate":
      return detectHighErrorRate(a, cfg);
    case "performance_degradation":
      return detectPerformanceDegradation(a, cfg);
    case "resource_exhaustion":
      return detectResourceExhaustion(a, cfg);
    case "database_issue":
      return detectAgentDatabaseIssue(a);
    case "state_inconsistency":
      return subtype === "stuck_lease" ? unknown("checked from leases") : detectStateInconsistency(a, now, cfg, healthCheckSeconds);
    case "llm_spike":
      return detectLlmSpike(a, cfg);
    default:
      return detectAgentFailure(a, now, cfg, since);
  }
}
